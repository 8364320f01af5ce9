# Exercise 3.6: no keras.Input, so the model is never built: Keras knows neither its input size nor its weights.
def build_sequential(n_inputs, hidden_units):
    layers = [keras.layers.Dense(units, activation="relu") for units in hidden_units]
    layers.append(keras.layers.Dense(1, activation="sigmoid"))
    return keras.Sequential(layers)
