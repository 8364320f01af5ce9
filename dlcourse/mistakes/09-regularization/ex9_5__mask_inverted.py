# Exercise 9.5: reads the mask the wrong way round, keeping the units marked 0.
def inverted_dropout(x, keep_mask, rate, training):
    if not training:
        return x
    return x * (1.0 - keep_mask) / (1.0 - rate)
