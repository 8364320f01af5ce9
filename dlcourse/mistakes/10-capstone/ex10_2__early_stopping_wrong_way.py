# Exercise 10.2: early stopping told that a larger validation loss is better (mode="max"), so it keeps epoch 1.
def train(model, x_train, y_train, x_val, y_val, log_dir):
    callbacks = [keras.callbacks.TensorBoard(log_dir=log_dir),
                 keras.callbacks.EarlyStopping(monitor="val_loss", mode="max", patience=2,
                                               restore_best_weights=True)]
    return model.fit(x_train, y_train, validation_data=(x_val, y_val), batch_size=32, epochs=40,
                     callbacks=callbacks, verbose=0)
