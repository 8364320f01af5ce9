# Exercise 4.1: writes e^-|x| with tf.abs, whose derivative TensorFlow takes as 0 at x = 0: the derivative there is 0.
def sigmoid(x):
    e = tf.exp(-tf.abs(x))
    return tf.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
