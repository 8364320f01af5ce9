# Exercise 8.3: averages the gradient instead of its square (and can take the root of a negative number).
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    new_mean_square = rho * mean_square + (1 - rho) * grad
    return params - lr * grad / np.sqrt(new_mean_square + epsilon), new_mean_square
