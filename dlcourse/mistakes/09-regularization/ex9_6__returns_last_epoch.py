# Exercise 9.6: returns the epoch where training stopped as the best one, instead of the last improvement.
def early_stopping(val_losses, patience, min_delta=0.0):
    best_loss, wait = None, 0
    for epoch, loss in enumerate(val_losses):
        if best_loss is None or loss < best_loss - min_delta:
            best_loss, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, epoch
    return len(val_losses) - 1, len(val_losses) - 1
