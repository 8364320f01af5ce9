# Exercise 8.1: returns max_steps, not None, when the loss never gets below tol.
def steps_to_tolerance(grad_fn, loss_fn, start, lr, momentum, tol=1e-3, max_steps=500):
    params, velocity = start, np.zeros_like(start)
    if loss_fn(params) < tol:
        return 0
    for k in range(1, max_steps + 1):
        velocity = momentum * velocity - lr * grad_fn(params)
        params = params + velocity
        if loss_fn(params) < tol:
            return k
    return max_steps
