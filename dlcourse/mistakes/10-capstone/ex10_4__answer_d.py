# Exercise 10.4: believes the test labels are unknown until the end.
def answer_10_4():
    return "d"
