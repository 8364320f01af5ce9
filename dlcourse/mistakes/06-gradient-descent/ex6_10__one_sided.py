# Exercise 6.10: uses the one-sided difference (f(w + h) - f(w)) / h, whose error grows with h.
def gradient_check(loss_fn, params, grads, h=1e-5):
    base = loss_fn(params)
    errors = {}
    for name, value in params.items():
        worst = 0.0
        for index in np.ndindex(value.shape):
            original = value[index]
            value[index] = original + h
            numeric = (loss_fn(params) - base) / h
            value[index] = original
            analytic = grads[name][index]
            scale = max(abs(analytic), abs(numeric))
            if scale > 0:
                worst = max(worst, abs(analytic - numeric) / scale)
        errors[name] = float(worst)
    return errors
