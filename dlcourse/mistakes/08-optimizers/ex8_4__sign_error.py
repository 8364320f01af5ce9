# Exercise 8.4: adds the step instead of subtracting it, so the parameters climb.
def adam_step(params, grad, m, v, t, lr, beta_1, beta_2, epsilon):
    new_m = beta_1 * m + (1 - beta_1) * grad
    new_v = beta_2 * v + (1 - beta_2) * grad ** 2
    m_hat = new_m / (1 - beta_1 ** t)
    v_hat = new_v / (1 - beta_2 ** t)
    return params + lr * m_hat / (np.sqrt(v_hat) + epsilon), new_m, new_v
