# Exercise 10.4: believes that evaluate resets the weights.
def answer_10_4():
    return "c"
