# Exercise 10.6: believes from_logits=True turns the outputs into logits.
def answer_10_6():
    return "d"
