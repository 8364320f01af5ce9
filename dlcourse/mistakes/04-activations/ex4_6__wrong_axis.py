# Exercise 4.6: normalises each column (axis 0) instead of each row (the last axis).
def softmax(logits):
    e = tf.exp(logits - tf.reduce_max(logits, axis=0, keepdims=True))
    return e / tf.reduce_sum(e, axis=0, keepdims=True)
