# Exercise 8.2: divides by the accumulator itself, forgetting the square root.
def adagrad_step(params, grad, accumulator, lr, epsilon):
    new_accumulator = accumulator + grad ** 2
    return params - lr * grad / (new_accumulator + epsilon), new_accumulator
