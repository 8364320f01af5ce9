# Exercise 8.6: dividing integer steps gives float64, and the result is never converted to float32.
def exponential_decay(step, initial_lr, decay_steps, decay_rate, staircase=False):
    exponent = step / decay_steps
    if staircase:
        exponent = np.floor(exponent)
    return initial_lr * decay_rate ** exponent
