# Exercise 6.8: multiplies da_prev by a sigmoid's derivative a_prev * (1 - a_prev), mixing in the next step.
def dense_backward(a_prev, w, dz):
    dw = a_prev.T @ dz
    db = dz.sum(axis=0)
    da_prev = (dz @ w.T) * a_prev * (1 - a_prev)
    return dw, db, da_prev
