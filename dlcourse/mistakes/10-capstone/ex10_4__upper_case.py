# Exercise 10.4: the right letter, but upper case ("B"), not one of the letters asked for.
def answer_10_4():
    return "B"
