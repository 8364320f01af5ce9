# Exercise 6.10: reports the mean relative error over a parameter's entries instead of the largest.
def gradient_check(loss_fn, params, grads, h=1e-5):
    errors = {}
    for name, value in params.items():
        found = []
        for index in np.ndindex(value.shape):
            original = value[index]
            value[index] = original + h
            loss_plus = loss_fn(params)
            value[index] = original - h
            loss_minus = loss_fn(params)
            value[index] = original
            numeric = (loss_plus - loss_minus) / (2 * h)
            analytic = grads[name][index]
            scale = max(abs(analytic), abs(numeric))
            found.append(abs(analytic - numeric) / scale if scale > 0 else 0.0)
        errors[name] = float(np.mean(found))
    return errors
