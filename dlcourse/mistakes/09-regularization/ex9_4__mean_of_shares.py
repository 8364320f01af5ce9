# Exercise 9.4: averages the share of each array, so a small array weighs as much as a big one.
def share_near_zero(weights, threshold):
    return float(np.mean([np.mean(np.abs(np.asarray(w)) < threshold) for w in weights]))
