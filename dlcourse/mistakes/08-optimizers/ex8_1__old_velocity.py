# Exercise 8.1: moves the parameters by the velocity of the step before, then updates the velocity.
def steps_to_tolerance(grad_fn, loss_fn, start, lr, momentum, tol=1e-3, max_steps=500):
    params, velocity = start, np.zeros_like(start)
    if loss_fn(params) < tol:
        return 0
    for k in range(1, max_steps + 1):
        params = params + velocity
        velocity = momentum * velocity - lr * grad_fn(params)
        if loss_fn(params) < tol:
            return k
    return None
