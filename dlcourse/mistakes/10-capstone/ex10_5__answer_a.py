# Exercise 10.5: reads curves that drift apart as underfitting.
def answer_10_5():
    return "a"
