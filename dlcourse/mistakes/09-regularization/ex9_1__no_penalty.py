# Exercise 9.1: takes the plain gradient descent step and leaves the penalty out.
def l2_gradient_step(w, data_gradient, factor, learning_rate):
    return w - learning_rate * data_gradient
