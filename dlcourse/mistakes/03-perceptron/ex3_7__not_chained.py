# Exercise 3.7: calls every layer on the inputs instead of on the previous layer's output.
def build_functional(n_inputs, hidden_units):
    inputs = keras.Input(shape=(n_inputs,))
    x = inputs
    for units in hidden_units:
        x = keras.layers.Dense(units, activation="relu")(inputs)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)
