# Exercise 6.8: returns (da_prev, db, dw) instead of (dw, db, da_prev).
def dense_backward(a_prev, w, dz):
    dw = a_prev.T @ dz
    db = dz.sum(axis=0)
    da_prev = dz @ w.T
    return da_prev, db, dw
