# Exercise 9.4: returns how many weights are near zero instead of their share.
def share_near_zero(weights, threshold):
    return float(sum(np.sum(np.abs(np.asarray(w)) < threshold) for w in weights))
