# Exercise 9.1: adds the penalty's gradient instead of subtracting it, so the weights grow.
def l2_gradient_step(w, data_gradient, factor, learning_rate):
    return w - learning_rate * data_gradient + 2.0 * learning_rate * factor * w
