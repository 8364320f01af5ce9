# Exercise 6.10: divides by max(|a|, |n|) even when both are 0, so an unused parameter gets nan.
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
            with np.errstate(invalid="ignore", divide="ignore"):
                found.append(np.abs(analytic - numeric) / np.maximum(np.abs(analytic), np.abs(numeric)))
        errors[name] = float(np.max(found))
    return errors
