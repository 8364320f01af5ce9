# Exercise 10.3: sizes the matrix by the largest class that occurs (bincount without minlength), not n_classes.
def confusion_matrix(labels, predicted, n_classes):
    n = int(max(np.max(labels), np.max(predicted))) + 1
    return np.bincount(np.asarray(labels) * n + np.asarray(predicted)).reshape(n, n)
