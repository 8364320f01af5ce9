# Exercise 8.1: moves the parameters by the old velocity instead of the new one.
def momentum_step(params, grad, velocity, lr, momentum):
    new_velocity = momentum * velocity - lr * grad
    return params + velocity, new_velocity
