# Exercise 8.1: adds lr * grad to the velocity, so it climbs the loss instead of descending it.
def steps_to_tolerance(grad_fn, loss_fn, start, lr, momentum, tol=1e-3, max_steps=500):
    params, velocity = start, np.zeros_like(start)
    if loss_fn(params) < tol:
        return 0
    for k in range(1, max_steps + 1):
        velocity = momentum * velocity + lr * grad_fn(params)
        params = params + velocity
        if loss_fn(params) < tol:
            return k
    return None
