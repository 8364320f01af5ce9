# Exercise 8.3: updates the caller's moving average in place.
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    mean_square *= rho
    mean_square += (1 - rho) * grad ** 2
    return params - lr * grad / np.sqrt(mean_square + epsilon), mean_square
