# Exercise 9.1: shrinks the data's step along with the weights: (1 - 2 * lr * factor) * (w - lr * data_gradient).
def l2_gradient_step(w, data_gradient, factor, learning_rate):
    return (1.0 - 2.0 * learning_rate * factor) * (w - learning_rate * data_gradient)
