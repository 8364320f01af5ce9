# Exercise 10.6: believes from_logits matters only for binary problems.
def answer_10_6():
    return "b"
