# Exercise 2.5: n / 2 turns the int32 n into float64, which a graph loop does not allow.
def collatz_steps(n):
    steps = tf.constant(0)
    while n != 1:
        if n % 2 == 0:
            n = n / 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps
