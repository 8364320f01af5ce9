# Exercise 7.5: makes a new generator with the same seed every epoch, so every epoch has the same order.
def shuffled_batches(n_samples, batch_size, epochs, seed):
    plan = []
    for _ in range(epochs):
        order = np.random.default_rng(seed).permutation(n_samples)
        plan.append([order[s:s + batch_size] for s in range(0, n_samples, batch_size)])
    return plan
