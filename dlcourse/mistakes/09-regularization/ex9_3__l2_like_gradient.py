# Exercise 9.3: a gradient proportional to the weight, as for L2, instead of factor * sign(w).
def l1_penalty_and_gradient(w, factor):
    penalty = factor * tf.reduce_sum(tf.abs(w))
    return penalty, factor * w
