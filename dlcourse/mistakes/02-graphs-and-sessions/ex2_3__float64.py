# Exercise 2.3: a float64 signature, which refuses the float32 vectors it should take.
def vector_function(python_fn):
    return tf.function(python_fn, input_signature=[tf.TensorSpec(shape=(None,), dtype=tf.float64)])
