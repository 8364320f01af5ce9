# Exercise 1.5: starts at row batch_index instead of batch_index * batch_size.
def get_batch(x, batch_index, batch_size):
    return x[batch_index:batch_index + batch_size]
