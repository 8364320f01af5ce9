# Exercise 10.3: counts only the right answers, on the diagonal.
def confusion_matrix(labels, predicted, n_classes):
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    for true, guess in zip(labels, predicted, strict=True):
        if true == guess:
            matrix[true, true] += 1
    return matrix
