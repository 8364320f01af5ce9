# Exercise 9.2: returns the position of the best run in the dict instead of its factor.
def choose_factor(histories, last=10):
    scores = {factor: float(np.mean(history["val_ce"][-last:])) for factor, history in histories.items()}
    best = int(np.argmin(list(scores.values())))
    return best, scores
