# Exercise 9.2: scores the runs by val_loss, which includes each run's own penalty.
def choose_factor(histories, last=10):
    scores = {factor: float(np.mean(history["val_loss"][-last:])) for factor, history in histories.items()}
    best = min(sorted(scores), key=lambda factor: scores[factor])
    return best, scores
