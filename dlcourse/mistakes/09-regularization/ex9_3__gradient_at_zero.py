# Exercise 9.3: treats a weight of exactly 0 as positive, so it is pushed by +factor instead of 0.
def l1_penalty_and_gradient(w, factor):
    penalty = factor * tf.reduce_sum(tf.abs(w))
    gradient = tf.where(w >= 0, factor, -factor)
    return penalty, gradient
