# Exercise 7.3: ignores the seed, so the measurement changes from one call to the next.
def gradient_noise(sample_gradients, batch_size, n_draws, seed):
    rng = np.random.default_rng()
    n = len(sample_gradients)
    means = [np.mean(sample_gradients[rng.choice(n, size=batch_size, replace=False)]) for _ in range(n_draws)]
    return float(np.std(means))
