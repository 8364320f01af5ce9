# Exercise 9.5: drops units in training but does not divide the kept ones by 1 - rate.
def inverted_dropout(x, keep_mask, rate, training):
    if not training:
        return x
    return x * keep_mask
