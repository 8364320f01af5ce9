# Exercise 9.2: forgets the factor.
def l2_gradient(w, factor):
    return 2.0 * w
