# Exercise 9.2: puts the gradient descent step's minus sign into the gradient.
def l2_gradient(w, factor):
    return -2.0 * factor * w
