# Exercise 7.2: adds the left-overs as x[-left:], which is the whole data set when nothing is left over.
def epoch_batches(x, y, batch_size):
    batches = [(x[start:start + batch_size], y[start:start + batch_size])
               for start in range(0, len(x) - batch_size + 1, batch_size)]
    left = len(x) % batch_size
    batches.append((x[-left:], y[-left:]))
    return batches
