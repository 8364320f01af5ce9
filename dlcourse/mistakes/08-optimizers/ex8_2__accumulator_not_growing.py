# Exercise 8.2: divides every step by the accumulator after one step, as if G never grew.
def adagrad_steps(grad, n_steps, lr, initial_accumulator=0.1, epsilon=1e-7):
    step = -lr * grad / np.sqrt(initial_accumulator + grad ** 2 + epsilon)
    return np.tile(step, (n_steps, 1)).astype(np.float32)
