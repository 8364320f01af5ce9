# Exercise 8.3: divides by the mean square itself, forgetting the square root.
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    new_mean_square = rho * mean_square + (1 - rho) * grad ** 2
    return params - lr * grad / (new_mean_square + epsilon), new_mean_square
