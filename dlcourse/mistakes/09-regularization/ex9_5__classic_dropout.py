# Exercise 9.5: the original, non-inverted dropout: no scaling in training, multiplied by 1 - rate at inference.
def inverted_dropout(x, keep_mask, rate, training):
    if not training:
        return x * (1.0 - rate)
    return x * keep_mask
