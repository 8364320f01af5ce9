# Exercise 2.2: predicts by a rule that forgets that each new Python value traces anew (it keys numbers by type only).
def count_traces(python_fn, inputs):
    seen = set()
    for x in inputs:
        if tf.is_tensor(x):
            seen.add(("tensor", x.dtype, tuple(x.shape)))
        else:
            seen.add(("python", type(x)))
    return len(seen)
