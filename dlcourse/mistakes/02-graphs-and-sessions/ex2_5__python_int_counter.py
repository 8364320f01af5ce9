# Exercise 2.5: the counter starts as the Python int 0, so an eager call returns a Python int, not a tensor.
def collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps
