# Exercise 9.1: shrinks the weights by 2 * factor, forgetting that the learning rate multiplies the penalty's gradient.
def l2_gradient_step(w, data_gradient, factor, learning_rate):
    return (1.0 - 2.0 * factor) * w - learning_rate * data_gradient
