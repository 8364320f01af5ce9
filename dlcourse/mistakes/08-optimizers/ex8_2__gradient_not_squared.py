# Exercise 8.2: accumulates the gradient instead of its square.
def adagrad_step(params, grad, accumulator, lr, epsilon):
    new_accumulator = accumulator + grad
    return params - lr * grad / np.sqrt(new_accumulator + epsilon), new_accumulator
