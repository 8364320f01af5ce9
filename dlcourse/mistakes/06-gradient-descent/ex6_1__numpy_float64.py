# Exercise 6.1: computes in NumPy float64 and returns a NumPy number, not a float32 tensor.
def ssr(intercept, slope, x, y):
    residuals = np.asarray(y, np.float64) - (float(intercept) + float(slope) * np.asarray(x, np.float64))
    return np.sum(residuals ** 2)
