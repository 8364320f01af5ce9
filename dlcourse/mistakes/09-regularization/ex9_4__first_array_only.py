# Exercise 9.4: looks at the first array of the list only.
def share_near_zero(weights, threshold):
    return float(np.mean(np.abs(np.asarray(weights[0])) < threshold))
