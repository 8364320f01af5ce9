# Exercise 2.3: reduce_retracing=True still traces twice (once per shape, then a general one) and accepts any dtype.
def vector_function(python_fn):
    return tf.function(python_fn, reduce_retracing=True)
