# Exercise 6.10: nudges every entry of a parameter at once, which measures a directional derivative, not each entry's.
def gradient_check(loss_fn, params, grads, h=1e-5):
    errors = {}
    for name, value in params.items():
        original = value.copy()
        params[name] = original + h
        loss_plus = loss_fn(params)
        params[name] = original - h
        loss_minus = loss_fn(params)
        params[name] = value
        numeric = (loss_plus - loss_minus) / (2 * h)
        analytic = grads[name]
        scale = np.maximum(np.abs(analytic), np.abs(numeric))
        ratio = np.where(scale > 0, np.abs(analytic - numeric) / np.where(scale > 0, scale, 1.0), 0.0)
        errors[name] = float(np.max(ratio))
    return errors
