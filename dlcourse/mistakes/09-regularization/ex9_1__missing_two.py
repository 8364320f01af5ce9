# Exercise 9.1: differentiates factor * w^2 as factor * w, the 1/2 convention's gradient; Keras's penalty has no 1/2.
def l2_gradient_step(w, data_gradient, factor, learning_rate):
    return (1.0 - learning_rate * factor) * w - learning_rate * data_gradient
