# Exercise 8.2: numbers the steps from 0, so step k divides by the accumulator of step k - 1.
def adagrad_steps(grad, n_steps, lr, initial_accumulator=0.1, epsilon=1e-7):
    k = np.arange(n_steps, dtype=np.float32).reshape(-1, 1)
    return (-lr * grad / np.sqrt(initial_accumulator + k * grad ** 2 + epsilon)).astype(np.float32)
