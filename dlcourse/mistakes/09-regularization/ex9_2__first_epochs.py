# Exercise 9.2: averages the first `last` epochs instead of the last ones.
def choose_factor(histories, last=10):
    scores = {factor: float(np.mean(history["val_ce"][:last])) for factor, history in histories.items()}
    best = min(sorted(scores), key=lambda factor: scores[factor])
    return best, scores
