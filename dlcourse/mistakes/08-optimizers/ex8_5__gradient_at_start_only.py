# Exercise 8.5: evaluates the gradient once, at the start, and reuses it at every step.
def adam_path(grad_fn, start, n_steps, lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    params, m, v = start, np.zeros_like(start), np.zeros_like(start)
    grad = grad_fn(start)
    path = [start]
    for t in range(1, n_steps + 1):
        m = beta_1 * m + (1 - beta_1) * grad
        v = beta_2 * v + (1 - beta_2) * grad ** 2
        params = params - lr * (m / (1 - beta_1 ** t)) / (np.sqrt(v / (1 - beta_2 ** t)) + epsilon)
        path.append(params)
    return np.array(path, dtype=np.float32)
