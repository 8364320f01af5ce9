# Exercise 7.3: returns the variance of the batch gradients instead of their standard deviation.
def gradient_noise(sample_gradients, batch_size, n_draws, seed):
    rng = np.random.default_rng(seed)
    n = len(sample_gradients)
    means = [np.mean(sample_gradients[rng.choice(n, size=batch_size, replace=False)]) for _ in range(n_draws)]
    return float(np.var(means))
