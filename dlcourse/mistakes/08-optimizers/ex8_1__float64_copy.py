# Exercise 8.1: copies the inputs with dtype=float to avoid changing them, which makes everything float64.
def momentum_step(params, grad, velocity, lr, momentum):
    params = np.array(params, dtype=float)
    velocity = np.array(velocity, dtype=float)
    velocity = momentum * velocity - lr * grad
    return params + velocity, velocity
