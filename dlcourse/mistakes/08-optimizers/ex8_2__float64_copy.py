# Exercise 8.2: copies the accumulator with dtype=float, which makes both results float64.
def adagrad_step(params, grad, accumulator, lr, epsilon):
    new_accumulator = np.array(accumulator, dtype=float) + grad ** 2
    return params - lr * grad / np.sqrt(new_accumulator + epsilon), new_accumulator
