# Exercise 9.2: returns each weight's penalty, factor * w^2, instead of its derivative.
def l2_gradient(w, factor):
    return factor * tf.square(w)
