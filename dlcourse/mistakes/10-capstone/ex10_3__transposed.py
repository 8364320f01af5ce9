# Exercise 10.3: rows are the predicted classes and columns the true ones (the matrix transposed).
def confusion_matrix(labels, predicted, n_classes):
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    for true, guess in zip(labels, predicted, strict=True):
        matrix[guess, true] += 1
    return matrix
