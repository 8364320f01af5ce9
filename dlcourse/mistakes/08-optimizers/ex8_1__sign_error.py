# Exercise 8.1: adds lr * grad to the velocity, so every step goes uphill.
def momentum_step(params, grad, velocity, lr, momentum):
    new_velocity = momentum * velocity + lr * grad
    return params + new_velocity, new_velocity
