# Exercise 8.4: updates the caller's m and v arrays in place.
def adam_step(params, grad, m, v, t, lr, beta_1, beta_2, epsilon):
    m *= beta_1
    m += (1 - beta_1) * grad
    v *= beta_2
    v += (1 - beta_2) * grad ** 2
    m_hat = m / (1 - beta_1 ** t)
    v_hat = v / (1 - beta_2 ** t)
    return params - lr * m_hat / (np.sqrt(v_hat) + epsilon), m, v
