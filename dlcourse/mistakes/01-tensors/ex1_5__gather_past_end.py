# Exercise 1.5: gathers exact indices, which fails on a last, partial batch.
def get_batch(x, batch_index, batch_size):
    start = batch_index * batch_size
    return tf.gather(x, tf.range(start, start + batch_size))
