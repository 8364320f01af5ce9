# Exercise 10.2: never measures the model on the validation set (no validation_data).
def train(model, x_train, y_train, x_val, y_val, log_dir):
    return model.fit(x_train, y_train, batch_size=32, epochs=20, verbose=0,
                     callbacks=[keras.callbacks.TensorBoard(log_dir=log_dir)])
