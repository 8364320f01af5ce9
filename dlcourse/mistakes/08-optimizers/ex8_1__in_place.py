# Exercise 8.1: updates the caller's velocity and parameter arrays in place.
def momentum_step(params, grad, velocity, lr, momentum):
    velocity *= momentum
    velocity -= lr * grad
    params += velocity
    return params, velocity
