# Exercise 8.4: returns the bias-corrected averages as the state, so the next step corrects them twice.
def adam_step(params, grad, m, v, t, lr, beta_1, beta_2, epsilon):
    m_hat = (beta_1 * m + (1 - beta_1) * grad) / (1 - beta_1 ** t)
    v_hat = (beta_2 * v + (1 - beta_2) * grad ** 2) / (1 - beta_2 ** t)
    return params - lr * m_hat / (np.sqrt(v_hat) + epsilon), m_hat, v_hat
