# Exercise 8.3: squares the gradient but still divides by the old average, from before this step.
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    step = lr * grad / np.sqrt(mean_square + epsilon)
    new_mean_square = rho * mean_square + (1 - rho) * grad ** 2
    return params - step, new_mean_square
