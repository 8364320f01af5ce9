# Exercise 8.6: integer division makes every schedule a staircase.
def exponential_decay(step, initial_lr, decay_steps, decay_rate, staircase=False):
    return (initial_lr * decay_rate ** (step // decay_steps)).astype(np.float32)
