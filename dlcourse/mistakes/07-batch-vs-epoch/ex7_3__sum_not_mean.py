# Exercise 7.3: takes a batch's gradient as the sum of its samples' gradients, not their mean.
def gradient_noise(sample_gradients, batch_size, n_draws, seed):
    rng = np.random.default_rng(seed)
    n = len(sample_gradients)
    sums = [np.sum(sample_gradients[rng.choice(n, size=batch_size, replace=False)]) for _ in range(n_draws)]
    return float(np.std(sums))
