# Exercise 8.2: puts the steps in columns, shape (d, n_steps), instead of one row per step.
def adagrad_steps(grad, n_steps, lr, initial_accumulator=0.1, epsilon=1e-7):
    k = np.arange(1, n_steps + 1, dtype=np.float32)
    return (-lr * grad[:, None] / np.sqrt(initial_accumulator + k * grad[:, None] ** 2 + epsilon)).astype(np.float32)
