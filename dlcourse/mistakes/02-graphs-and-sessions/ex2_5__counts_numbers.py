# Exercise 2.5: counts the numbers in the sequence (starting at 1) instead of the steps between them.
def collatz_steps(n):
    steps = tf.constant(1)
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps
