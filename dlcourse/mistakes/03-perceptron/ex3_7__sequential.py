# Exercise 3.7: builds the right network, but with keras.Sequential instead of the Functional API.
def build_functional(n_inputs, hidden_units):
    layers = [keras.Input(shape=(n_inputs,))]
    layers += [keras.layers.Dense(units, activation="relu") for units in hidden_units]
    layers.append(keras.layers.Dense(1, activation="sigmoid"))
    return keras.Sequential(layers)
