# Exercise 9.6: stops correctly, but names the lowest loss seen as the best epoch, not the last improvement.
def early_stopping(val_losses, patience, min_delta=0.0):
    best_loss, wait, stop = None, 0, len(val_losses) - 1
    for epoch, loss in enumerate(val_losses):
        if best_loss is None or loss < best_loss - min_delta:
            best_loss, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                stop = epoch
                break
    return stop, int(np.argmin(val_losses[:stop + 1]))
