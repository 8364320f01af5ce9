# Exercise 3.6: the output unit has no activation, so its output is not a probability between 0 and 1.
def build_sequential(n_inputs, hidden_units):
    layers = [keras.Input(shape=(n_inputs,))]
    layers += [keras.layers.Dense(units, activation="relu") for units in hidden_units]
    layers.append(keras.layers.Dense(1))
    return keras.Sequential(layers)
