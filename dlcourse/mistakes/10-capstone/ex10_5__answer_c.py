# Exercise 10.5: blames a mislabelled validation set.
def answer_10_5():
    return "c"
