# Exercise 6.9: starts the backward pass from y - a2 instead of a2 - y, so every gradient has the wrong sign.
def network_gradients(params, x, y):
    n = len(x)
    a1 = 1.0 / (1.0 + np.exp(-(x @ params["w1"] + params["b1"])))
    a2 = 1.0 / (1.0 + np.exp(-(a1 @ params["w2"] + params["b2"])))
    dz2 = (y.reshape(-1, 1) - a2) / n
    dz1 = (dz2 @ params["w2"].T) * a1 * (1 - a1)
    return {"w1": x.T @ dz1, "b1": dz1.sum(axis=0), "w2": a1.T @ dz2, "b2": dz2.sum(axis=0)}
