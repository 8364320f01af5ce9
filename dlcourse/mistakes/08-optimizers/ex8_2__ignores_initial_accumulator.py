# Exercise 8.2: starts the accumulator at 0 whatever initial_accumulator says.
def adagrad_steps(grad, n_steps, lr, initial_accumulator=0.1, epsilon=1e-7):
    k = np.arange(1, n_steps + 1, dtype=np.float32).reshape(-1, 1)
    return (-lr * grad / np.sqrt(k * grad ** 2 + epsilon)).astype(np.float32)
