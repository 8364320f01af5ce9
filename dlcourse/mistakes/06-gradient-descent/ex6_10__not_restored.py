# Exercise 6.10: leaves each nudged entry at its value minus h instead of putting the old value back.
def gradient_check(loss_fn, params, grads, h=1e-5):
    errors = {}
    for name, value in params.items():
        worst = 0.0
        for index in np.ndindex(value.shape):
            value[index] += h
            loss_plus = loss_fn(params)
            value[index] -= 2 * h
            loss_minus = loss_fn(params)
            numeric = (loss_plus - loss_minus) / (2 * h)
            analytic = grads[name][index]
            scale = max(abs(analytic), abs(numeric))
            if scale > 0:
                worst = max(worst, abs(analytic - numeric) / scale)
        errors[name] = float(worst)
    return errors
