# Exercise 6.8: computes da_prev with w where the sum over the units needs w transposed.
def dense_backward(a_prev, w, dz):
    dw = a_prev.T @ dz
    db = dz.sum(axis=0)
    da_prev = dz @ w
    return dw, db, da_prev
