# Exercise 9.6: numbers the epochs from 1, while Keras's callbacks count from 0.
def early_stopping(val_losses, patience, min_delta=0.0):
    best_loss, best_epoch, wait = None, 1, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if best_loss is None or loss < best_loss - min_delta:
            best_loss, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(val_losses), best_epoch
