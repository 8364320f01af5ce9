# Exercise 9.2: factor * w is the gradient of factor/2 * sum(w^2); Keras's penalty has no 1/2, so the 2 stays.
def l2_gradient(w, factor):
    return factor * w
