# Exercise 9.4: counts weights equal to the threshold too (<= instead of <).
def share_near_zero(weights, threshold):
    flat = np.concatenate([np.abs(np.asarray(w)).ravel() for w in weights])
    return float(np.mean(flat <= threshold))
