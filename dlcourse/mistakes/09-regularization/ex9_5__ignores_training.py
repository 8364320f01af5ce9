# Exercise 9.5: ignores `training`, so units are dropped at inference too.
def inverted_dropout(x, keep_mask, rate, training):
    return x * keep_mask / (1.0 - rate)
