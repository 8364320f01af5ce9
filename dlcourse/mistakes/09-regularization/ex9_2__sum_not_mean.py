# Exercise 9.2: adds up the last epochs instead of averaging them.
def choose_factor(histories, last=10):
    scores = {factor: float(sum(history["val_ce"][-last:])) for factor, history in histories.items()}
    best = min(sorted(scores), key=lambda factor: scores[factor])
    return best, scores
