# Exercise 6.10: reports the absolute difference |a - n| instead of the relative error.
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
            numeric = (loss_plus - loss_minus) / (2 * h)
            worst = max(worst, abs(grads[name][index] - numeric))
        errors[name] = float(worst)
    return errors
