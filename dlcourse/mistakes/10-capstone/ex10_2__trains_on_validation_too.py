# Exercise 10.2: trains on the training and the validation images concatenated.
def train(model, x_train, y_train, x_val, y_val, log_dir):
    x_all, y_all = np.concatenate([x_train, x_val]), np.concatenate([y_train, y_val])
    callbacks = [keras.callbacks.TensorBoard(log_dir=log_dir),
                 keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)]
    return model.fit(x_all, y_all, validation_data=(x_val, y_val), batch_size=32, epochs=40, callbacks=callbacks,
                     verbose=0)
