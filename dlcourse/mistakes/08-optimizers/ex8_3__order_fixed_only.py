# Exercise 8.3: fixes the order (the step uses the new average) but still averages the gradient, not its square.
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    new_mean_square = rho * mean_square + (1 - rho) * grad
    step = lr * grad / np.sqrt(new_mean_square + epsilon)
    return params - step, new_mean_square
