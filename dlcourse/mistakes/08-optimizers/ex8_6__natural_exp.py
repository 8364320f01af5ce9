# Exercise 8.6: uses exp(-decay_rate * t / T), a different formula from Keras's initial_lr * decay_rate ** (t / T).
def exponential_decay(step, initial_lr, decay_steps, decay_rate, staircase=False):
    exponent = step / decay_steps
    if staircase:
        exponent = np.floor(exponent)
    return (initial_lr * np.exp(-decay_rate * exponent)).astype(np.float32)
