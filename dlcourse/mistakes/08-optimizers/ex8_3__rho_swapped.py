# Exercise 8.3: swaps rho and 1 - rho while rewriting the average.
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    new_mean_square = (1 - rho) * mean_square + rho * grad ** 2
    step = lr * grad / np.sqrt(new_mean_square + epsilon)
    return params - step, new_mean_square
