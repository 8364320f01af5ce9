# Exercise 10.2: compiles the model anew with a learning rate far too large (Adam at 1.0).
def train(model, x_train, y_train, x_val, y_val, log_dir):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1.0), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    callbacks = [keras.callbacks.TensorBoard(log_dir=log_dir),
                 keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)]
    return model.fit(x_train, y_train, validation_data=(x_val, y_val), batch_size=32, epochs=40,
                     callbacks=callbacks, verbose=0)
