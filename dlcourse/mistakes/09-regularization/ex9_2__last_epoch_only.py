# Exercise 9.2: ignores `last` and scores each run by its final epoch alone.
def choose_factor(histories, last=10):
    scores = {factor: float(history["val_ce"][-1]) for factor, history in histories.items()}
    best = min(sorted(scores), key=lambda factor: scores[factor])
    return best, scores
