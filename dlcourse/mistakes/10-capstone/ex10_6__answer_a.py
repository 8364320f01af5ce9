# Exercise 10.6: believes Keras raises an error for a softmax with from_logits=True.
def answer_10_6():
    return "a"
