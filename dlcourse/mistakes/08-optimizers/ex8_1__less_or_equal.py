# Exercise 8.1: stops when the loss is at most tol, so a loss exactly equal to tol counts as below it.
def steps_to_tolerance(grad_fn, loss_fn, start, lr, momentum, tol=1e-3, max_steps=500):
    params = start
    velocity = np.zeros_like(start)
    if loss_fn(params) <= tol:
        return 0
    for k in range(1, max_steps + 1):
        velocity = momentum * velocity - lr * grad_fn(params)
        params = params + velocity
        if loss_fn(params) <= tol:
            return k
    return None
