# Exercise 9.6: stops when the count exceeds patience instead of reaching it: one epoch late.
def early_stopping(val_losses, patience, min_delta=0.0):
    best_loss, best_epoch, wait = None, 0, 0
    for epoch, loss in enumerate(val_losses):
        if best_loss is None or loss < best_loss - min_delta:
            best_loss, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait > patience:
                return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
