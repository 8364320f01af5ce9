# Exercise 8.6: rounds step / decay_steps to the nearest whole number instead of down.
def exponential_decay(step, initial_lr, decay_steps, decay_rate, staircase=False):
    exponent = step / decay_steps
    if staircase:
        exponent = np.round(exponent)
    return (initial_lr * decay_rate ** exponent).astype(np.float32)
