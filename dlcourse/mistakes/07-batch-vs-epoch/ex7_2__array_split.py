# Exercise 7.2: np.array_split into the right number of pieces makes batches of uneven sizes (4, 3, 3).
def epoch_batches(x, y, batch_size):
    n_batches = math.ceil(len(x) / batch_size)
    return list(zip(np.array_split(x, n_batches), np.array_split(y, n_batches), strict=True))
