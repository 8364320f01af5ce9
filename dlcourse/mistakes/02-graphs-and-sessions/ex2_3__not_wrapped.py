# Exercise 2.3: returns the Python function itself, which is never traced into a graph.
def vector_function(python_fn):
    return python_fn
