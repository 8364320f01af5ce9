# Exercise 8.1: counts the steps from 0, so every count is one too few.
def steps_to_tolerance(grad_fn, loss_fn, start, lr, momentum, tol=1e-3, max_steps=500):
    params, velocity = start, np.zeros_like(start)
    if loss_fn(params) < tol:
        return 0
    for k in range(max_steps):
        velocity = momentum * velocity - lr * grad_fn(params)
        params = params + velocity
        if loss_fn(params) < tol:
            return k
    return None
