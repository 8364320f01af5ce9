# Exercise 8.1: starts the velocity from zero at every step, so momentum never builds up.
def steps_to_tolerance(grad_fn, loss_fn, start, lr, momentum, tol=1e-3, max_steps=500):
    params = start
    if loss_fn(params) < tol:
        return 0
    for k in range(1, max_steps + 1):
        velocity = np.zeros_like(start)
        velocity = momentum * velocity - lr * grad_fn(params)
        params = params + velocity
        if loss_fn(params) < tol:
            return k
    return None
