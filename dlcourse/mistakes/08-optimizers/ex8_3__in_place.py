# Exercise 8.3: updates the caller's mean_square array in place.
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    mean_square *= rho
    mean_square += (1 - rho) * grad ** 2
    step = lr * grad / np.sqrt(mean_square + epsilon)
    return params - step, mean_square
