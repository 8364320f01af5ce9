# Exercise 8.4: steps with the raw averages m and v, without the bias correction.
def adam_step(params, grad, m, v, t, lr, beta_1, beta_2, epsilon):
    new_m = beta_1 * m + (1 - beta_1) * grad
    new_v = beta_2 * v + (1 - beta_2) * grad ** 2
    return params - lr * new_m / (np.sqrt(new_v) + epsilon), new_m, new_v
