# Exercise 2.2: makes a new tf.function for every input, so every call traces.
def count_traces(python_fn, inputs):
    traces = 0
    for x in inputs:
        graph_fn = tf.function(python_fn)
        graph_fn(x)
        traces += graph_fn.experimental_get_tracing_count()
    return traces
