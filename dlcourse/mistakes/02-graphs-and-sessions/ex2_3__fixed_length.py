# Exercise 2.3: a fixed length in the signature's shape, so vectors of other lengths are refused.
def vector_function(python_fn):
    return tf.function(python_fn, input_signature=[tf.TensorSpec(shape=(2,), dtype=tf.float32)])
