# Exercise 8.3: keeps AdaGrad's growing sum instead of a moving average.
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    new_mean_square = mean_square + grad ** 2
    return params - lr * grad / np.sqrt(new_mean_square + epsilon), new_mean_square
