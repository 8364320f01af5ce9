# Exercise 8.5: counts the steps from t = 0, so the first bias correction divides by zero.
def adam_path(grad_fn, start, n_steps, lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    params, m, v = start, np.zeros_like(start), np.zeros_like(start)
    path = [start]
    for t in range(n_steps):
        grad = grad_fn(params)
        m = beta_1 * m + (1 - beta_1) * grad
        v = beta_2 * v + (1 - beta_2) * grad ** 2
        params = params - lr * (m / (1 - beta_1 ** t)) / (np.sqrt(v / (1 - beta_2 ** t)) + epsilon)
        path.append(params)
    return np.array(path, dtype=np.float32)
