# Exercise 8.6: ignores the staircase argument.
def exponential_decay(step, initial_lr, decay_steps, decay_rate, staircase=False):
    return (initial_lr * decay_rate ** (step / decay_steps)).astype(np.float32)
