# Exercise 8.5: starts m and v from zero again at every step, so nothing is averaged.
def adam_path(grad_fn, start, n_steps, lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    params = start
    path = [start]
    for t in range(1, n_steps + 1):
        m, v = np.zeros_like(start), np.zeros_like(start)
        grad = grad_fn(params)
        m = beta_1 * m + (1 - beta_1) * grad
        v = beta_2 * v + (1 - beta_2) * grad ** 2
        params = params - lr * (m / (1 - beta_1 ** t)) / (np.sqrt(v / (1 - beta_2 ** t)) + epsilon)
        path.append(params)
    return np.array(path, dtype=np.float32)
