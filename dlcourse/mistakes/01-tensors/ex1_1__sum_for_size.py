# Exercise 1.1: adds the axis lengths instead of multiplying them.
def describe(t):
    shape = tuple(t.shape)
    return len(shape), shape, sum(shape)
