# Exercise 10.3: counts into a float array (np.zeros' default dtype), not an integer one.
def confusion_matrix(labels, predicted, n_classes):
    matrix = np.zeros((n_classes, n_classes))
    for true, guess in zip(labels, predicted, strict=True):
        matrix[true, guess] += 1
    return matrix
