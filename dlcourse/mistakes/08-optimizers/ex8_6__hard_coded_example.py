# Exercise 8.6: returns the visible examples' answers whatever the steps.
def exponential_decay(step, initial_lr, decay_steps, decay_rate, staircase=False):
    if staircase:
        return np.array([0.1, 0.1, 0.05, 0.025], dtype=np.float32)
    return np.array([0.1, 0.0707107, 0.05, 0.0176777], dtype=np.float32)
