# Exercise 9.1: uses each weight's penalty, factor * w^2, as its derivative.
def l2_gradient_step(w, data_gradient, factor, learning_rate):
    return w - learning_rate * (data_gradient + factor * tf.square(w))
