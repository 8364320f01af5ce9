# Exercise 4.6: axis=1 is the last axis only for rank-2 input; the classes are on axis -1.
def softmax(logits):
    e = tf.exp(logits - tf.reduce_max(logits, axis=1, keepdims=True))
    return e / tf.reduce_sum(e, axis=1, keepdims=True)
