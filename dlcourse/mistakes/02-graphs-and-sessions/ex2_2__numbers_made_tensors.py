# Exercise 2.2: turns the Python numbers into tensors first, so their traces are not counted.
def count_traces(python_fn, inputs):
    graph_fn = tf.function(python_fn)
    for x in inputs:
        graph_fn(tf.convert_to_tensor(x))
    return graph_fn.experimental_get_tracing_count()
