# Exercise 3.7: relu on the output unit as well, so the output is not a probability between 0 and 1.
def build_functional(n_inputs, hidden_units):
    inputs = keras.Input(shape=(n_inputs,))
    x = inputs
    for units in [*hidden_units, 1]:
        x = keras.layers.Dense(units, activation="relu")(x)
    return keras.Model(inputs, x)
