# Exercise 7.5: ignores the seed, so two runs with the same seed differ.
def shuffled_batches(n_samples, batch_size, epochs, seed):
    rng = np.random.default_rng()
    plan = []
    for _ in range(epochs):
        order = rng.permutation(n_samples)
        plan.append([order[s:s + batch_size] for s in range(0, n_samples, batch_size)])
    return plan
