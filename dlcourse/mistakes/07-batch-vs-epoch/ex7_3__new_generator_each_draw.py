# Exercise 7.3: makes a new generator with the same seed for every draw, so every batch is the same.
def gradient_noise(sample_gradients, batch_size, n_draws, seed):
    n = len(sample_gradients)
    means = [np.mean(sample_gradients[np.random.default_rng(seed).choice(n, size=batch_size, replace=False)])
             for _ in range(n_draws)]
    return float(np.std(means))
