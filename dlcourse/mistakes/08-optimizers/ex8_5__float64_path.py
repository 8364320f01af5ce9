# Exercise 8.5: fills a path made with np.zeros((n, d)), which is float64.
def adam_path(grad_fn, start, n_steps, lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    path = np.zeros((n_steps + 1, len(start)))
    path[0] = start
    params, m, v = start, np.zeros_like(start), np.zeros_like(start)
    for t in range(1, n_steps + 1):
        grad = grad_fn(params)
        m = beta_1 * m + (1 - beta_1) * grad
        v = beta_2 * v + (1 - beta_2) * grad ** 2
        params = params - lr * (m / (1 - beta_1 ** t)) / (np.sqrt(v / (1 - beta_2 ** t)) + epsilon)
        path[t] = params
    return path
