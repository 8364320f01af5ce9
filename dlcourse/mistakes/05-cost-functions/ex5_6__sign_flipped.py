# Exercise 5.6: uses y - a instead of a - y, so both gradients point the wrong way.
def sigmoid_neuron_gradients(x, y, w, b):
    a = tf.sigmoid(w * x + b)
    return tf.reduce_mean((y - a) * x), tf.reduce_mean(y - a)
