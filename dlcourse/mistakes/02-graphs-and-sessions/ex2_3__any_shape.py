# Exercise 2.3: shape=None leaves the rank open too, so scalars and matrices are accepted.
def vector_function(python_fn):
    return tf.function(python_fn, input_signature=[tf.TensorSpec(shape=None, dtype=tf.float32)])
