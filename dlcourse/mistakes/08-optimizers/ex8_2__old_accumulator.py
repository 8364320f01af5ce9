# Exercise 8.2: divides by the accumulator from before this step's gradient was added.
def adagrad_step(params, grad, accumulator, lr, epsilon):
    new_params = params - lr * grad / np.sqrt(accumulator + epsilon)
    return new_params, accumulator + grad ** 2
