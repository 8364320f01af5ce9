# Exercise 2.2: counts calls, not traces.
def count_traces(python_fn, inputs):
    graph_fn = tf.function(python_fn)
    for x in inputs:
        graph_fn(x)
    return len(inputs)
