# Exercise 8.3: gives the weight rho to the new squared gradient and 1 - rho to the old average.
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    new_mean_square = (1 - rho) * mean_square + rho * grad ** 2
    return params - lr * grad / np.sqrt(new_mean_square + epsilon), new_mean_square
