# Exercise 9.5: divides the kept values by rate instead of by 1 - rate.
def inverted_dropout(x, keep_mask, rate, training):
    if not training:
        return x
    return x * keep_mask / rate
