# Exercise 2.5: converts n with .numpy(), which works eagerly but not while tf.function traces.
def collatz_steps(n):
    value = int(n.numpy())
    steps = 0
    while value != 1:
        value = value // 2 if value % 2 == 0 else 3 * value + 1
        steps += 1
    return tf.constant(steps)
