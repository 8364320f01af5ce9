# Exercise 9.4: compares the signed weights with the threshold, so every negative weight counts as near zero.
def share_near_zero(weights, threshold):
    flat = np.concatenate([np.asarray(w).ravel() for w in weights])
    return float(np.mean(flat < threshold))
