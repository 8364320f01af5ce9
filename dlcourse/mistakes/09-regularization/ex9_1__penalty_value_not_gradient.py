# Exercise 9.1: adds the penalty's value, factor * sum(w^2), to the gradient instead of its derivative.
def l2_gradient_step(w, data_gradient, factor, learning_rate):
    penalty = factor * tf.reduce_sum(tf.square(w))
    return w - learning_rate * (data_gradient + penalty)
