# Exercise 8.2: multiplies by the int64 step numbers of np.arange, which makes the result float64.
def adagrad_steps(grad, n_steps, lr, initial_accumulator=0.1, epsilon=1e-7):
    k = np.arange(1, n_steps + 1).reshape(-1, 1)
    return -lr * grad / np.sqrt(initial_accumulator + k * grad ** 2 + epsilon)
