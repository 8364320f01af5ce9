# Exercise 10.5: reads curves that drift apart as a learning rate too high.
def answer_10_5():
    return "b"
