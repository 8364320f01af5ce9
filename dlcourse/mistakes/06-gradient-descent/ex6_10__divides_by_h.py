# Exercise 6.10: divides the central difference by h instead of 2h, so every numerical derivative is twice too large.
def gradient_check(loss_fn, params, grads, h=1e-5):
    errors = {}
    for name, value in params.items():
        worst = 0.0
        for index in np.ndindex(value.shape):
            original = value[index]
            value[index] = original + h
            loss_plus = loss_fn(params)
            value[index] = original - h
            loss_minus = loss_fn(params)
            value[index] = original
            numeric = (loss_plus - loss_minus) / h
            analytic = grads[name][index]
            scale = max(abs(analytic), abs(numeric))
            if scale > 0:
                worst = max(worst, abs(analytic - numeric) / scale)
        errors[name] = float(worst)
    return errors
