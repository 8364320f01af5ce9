# Exercise 9.2: slices the window one epoch too early, leaving out the final epoch.
def choose_factor(histories, last=10):
    scores = {factor: float(np.mean(history["val_ce"][-last - 1:-1])) for factor, history in histories.items()}
    best = min(sorted(scores), key=lambda factor: scores[factor])
    return best, scores
