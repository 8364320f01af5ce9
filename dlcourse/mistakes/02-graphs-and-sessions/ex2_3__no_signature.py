# Exercise 2.3: no input signature, so every new vector length is traced anew.
def vector_function(python_fn):
    return tf.function(python_fn)
