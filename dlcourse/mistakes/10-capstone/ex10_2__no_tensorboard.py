# Exercise 10.2: no TensorBoard callback, so nothing is logged in log_dir.
def train(model, x_train, y_train, x_val, y_val, log_dir):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    return model.fit(x_train, y_train, validation_data=(x_val, y_val), batch_size=32, epochs=40, callbacks=[stop],
                     verbose=0)
