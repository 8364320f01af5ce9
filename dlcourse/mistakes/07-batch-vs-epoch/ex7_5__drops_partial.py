# Exercise 7.5: keeps only full batches, so the samples of the partial batch are left out of every epoch.
def shuffled_batches(n_samples, batch_size, epochs, seed):
    rng = np.random.default_rng(seed)
    plan = []
    for _ in range(epochs):
        order = rng.permutation(n_samples)
        plan.append([order[s:s + batch_size] for s in range(0, n_samples - batch_size + 1, batch_size)])
    return plan
