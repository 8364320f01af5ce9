# Exercise 8.1: checks the loss before each step only, so it never sees the loss after the last allowed step.
def steps_to_tolerance(grad_fn, loss_fn, start, lr, momentum, tol=1e-3, max_steps=500):
    params, velocity = start, np.zeros_like(start)
    for k in range(max_steps):
        if loss_fn(params) < tol:
            return k
        velocity = momentum * velocity - lr * grad_fn(params)
        params = params + velocity
    return None
