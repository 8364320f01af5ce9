# Exercise 8.2: returns where the parameters are after each step (the running sum), not each step.
def adagrad_steps(grad, n_steps, lr, initial_accumulator=0.1, epsilon=1e-7):
    k = np.arange(1, n_steps + 1, dtype=np.float32).reshape(-1, 1)
    steps = -lr * grad / np.sqrt(initial_accumulator + k * grad ** 2 + epsilon)
    return np.cumsum(steps, axis=0).astype(np.float32)
