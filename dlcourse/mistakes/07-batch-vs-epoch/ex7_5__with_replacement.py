# Exercise 7.5: draws indices with replacement, so some samples appear twice in an epoch and others not at all.
def shuffled_batches(n_samples, batch_size, epochs, seed):
    rng = np.random.default_rng(seed)
    plan = []
    for _ in range(epochs):
        order = rng.integers(0, n_samples, size=n_samples)
        plan.append([order[s:s + batch_size] for s in range(0, n_samples, batch_size)])
    return plan
