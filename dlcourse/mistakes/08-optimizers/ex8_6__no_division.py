# Exercise 8.6: raises the decay rate to the step itself, not to step / decay_steps.
def exponential_decay(step, initial_lr, decay_steps, decay_rate, staircase=False):
    return (initial_lr * decay_rate ** np.asarray(step, dtype=np.float64)).astype(np.float32)
