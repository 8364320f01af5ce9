# Exercise 8.1: evaluates the gradient once, at the start, and reuses it at every step.
def steps_to_tolerance(grad_fn, loss_fn, start, lr, momentum, tol=1e-3, max_steps=500):
    params, velocity = start, np.zeros_like(start)
    grad = grad_fn(start)
    if loss_fn(params) < tol:
        return 0
    for k in range(1, max_steps + 1):
        velocity = momentum * velocity - lr * grad
        params = params + velocity
        if loss_fn(params) < tol:
            return k
    return None
