# Exercise 8.1: multiplies the gradient by the momentum instead of shrinking the old velocity.
def momentum_step(params, grad, velocity, lr, momentum):
    new_velocity = velocity - momentum * lr * grad
    return params + new_velocity, new_velocity
