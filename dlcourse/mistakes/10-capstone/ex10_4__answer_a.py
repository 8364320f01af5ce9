# Exercise 10.4: the test set is kept for the end because evaluating is slow.
def answer_10_4():
    return "a"
