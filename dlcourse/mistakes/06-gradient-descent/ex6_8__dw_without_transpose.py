# Exercise 6.8: multiplies a_prev by dz without transposing a_prev, adding over the wrong index.
def dense_backward(a_prev, w, dz):
    dw = a_prev @ dz
    db = dz.sum(axis=0)
    da_prev = dz @ w.T
    return dw, db, da_prev
