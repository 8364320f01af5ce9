# Exercise 5.6: keeps the factor sigmoid'(z) = a(1 - a): those are the quadratic cost's gradients.
def sigmoid_neuron_gradients(x, y, w, b):
    a = tf.sigmoid(w * x + b)
    dz = (a - y) * a * (1.0 - a)
    return tf.reduce_mean(dz * x), tf.reduce_mean(dz)
