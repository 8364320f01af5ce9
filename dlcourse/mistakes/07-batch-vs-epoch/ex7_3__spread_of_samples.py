# Exercise 7.3: measures the spread of the drawn samples' own gradients, not of the batch means.
def gradient_noise(sample_gradients, batch_size, n_draws, seed):
    rng = np.random.default_rng(seed)
    n = len(sample_gradients)
    drawn = [sample_gradients[rng.choice(n, size=batch_size, replace=False)] for _ in range(n_draws)]
    return float(np.std(np.concatenate(drawn)))
