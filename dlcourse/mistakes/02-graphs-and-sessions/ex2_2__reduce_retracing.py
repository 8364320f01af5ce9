# Exercise 2.2: uses reduce_retracing=True instead of the default settings, so new vector lengths stop retracing.
def count_traces(python_fn, inputs):
    graph_fn = tf.function(python_fn, reduce_retracing=True)
    for x in inputs:
        graph_fn(x)
    return graph_fn.experimental_get_tracing_count()
