# Exercise 9.5: divides by 1 - rate in inference too; only the mask depends on training.
def inverted_dropout(x, keep_mask, rate, training):
    out = x / (1.0 - rate)
    if training:
        out = out * keep_mask
    return out
