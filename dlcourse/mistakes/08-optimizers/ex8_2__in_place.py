# Exercise 8.2: adds the squared gradient to the caller's accumulator in place.
def adagrad_step(params, grad, accumulator, lr, epsilon):
    accumulator += grad ** 2
    return params - lr * grad / np.sqrt(accumulator + epsilon), accumulator
