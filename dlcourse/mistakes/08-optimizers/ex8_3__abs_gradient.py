# Exercise 8.3: stops the nan with abs(grad) instead of squaring the gradient.
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    new_mean_square = rho * mean_square + (1 - rho) * np.abs(grad)
    step = lr * grad / np.sqrt(new_mean_square + epsilon)
    return params - step, new_mean_square
