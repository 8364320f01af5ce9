# Exercise 10.2: trains for a single epoch, far too little.
def train(model, x_train, y_train, x_val, y_val, log_dir):
    return model.fit(x_train, y_train, validation_data=(x_val, y_val), batch_size=32, epochs=1, verbose=0,
                     callbacks=[keras.callbacks.TensorBoard(log_dir=log_dir)])
