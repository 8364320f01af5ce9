# Exercise 8.5: writes Adam's default constants into the update, so beta_1, beta_2 and epsilon are ignored.
def adam_path(grad_fn, start, n_steps, lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    params = start
    m = np.zeros_like(start)
    v = np.zeros_like(start)
    path = [start]
    for t in range(1, n_steps + 1):
        grad = grad_fn(params)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        params = params - lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-7)
        path.append(params)
    return np.array(path, dtype=np.float32)
