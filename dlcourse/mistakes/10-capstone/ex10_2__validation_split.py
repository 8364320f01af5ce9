# Exercise 10.2: validates on a validation_split of the training set instead of the validation set it is given.
def train(model, x_train, y_train, x_val, y_val, log_dir):
    callbacks = [keras.callbacks.TensorBoard(log_dir=log_dir),
                 keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)]
    return model.fit(x_train, y_train, validation_split=0.2, batch_size=32, epochs=40, callbacks=callbacks,
                     verbose=0)
