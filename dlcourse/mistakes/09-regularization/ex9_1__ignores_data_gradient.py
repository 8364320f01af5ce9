# Exercise 9.1: applies the decay only and forgets the data's gradient.
def l2_gradient_step(w, data_gradient, factor, learning_rate):
    return (1.0 - 2.0 * learning_rate * factor) * w
