# Exercise 4.6: the row sums lose their axis without keepdims, so they no longer line up with the rows.
def softmax(logits):
    e = tf.exp(logits - tf.reduce_max(logits, axis=-1, keepdims=True))
    return e / tf.reduce_sum(e, axis=-1)
