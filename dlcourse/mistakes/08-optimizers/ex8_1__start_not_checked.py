# Exercise 8.1: never looks at the loss at the start, so a start already below tol counts 1, not 0.
def steps_to_tolerance(grad_fn, loss_fn, start, lr, momentum, tol=1e-3, max_steps=500):
    params, velocity = start, np.zeros_like(start)
    for k in range(1, max_steps + 1):
        velocity = momentum * velocity - lr * grad_fn(params)
        params = params + velocity
        if loss_fn(params) < tol:
            return k
    return None
