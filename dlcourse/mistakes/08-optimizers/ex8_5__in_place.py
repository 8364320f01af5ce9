# Exercise 8.5: steps the start array itself in place, changing the caller's start (and every row of the path).
def adam_path(grad_fn, start, n_steps, lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    params, m, v = start, np.zeros_like(start), np.zeros_like(start)
    path = [start.copy()]
    for t in range(1, n_steps + 1):
        grad = grad_fn(params)
        m = beta_1 * m + (1 - beta_1) * grad
        v = beta_2 * v + (1 - beta_2) * grad ** 2
        params -= lr * (m / (1 - beta_1 ** t)) / (np.sqrt(v / (1 - beta_2 ** t)) + epsilon)
        path.append(params.copy())
    return np.array(path, dtype=np.float32)
