# Exercise 2.4: passes the list of TensorSpecs as one argument instead of one spec per argument.
def op_counts(python_fn, input_signature):
    concrete = tf.function(python_fn).get_concrete_function(input_signature)
    counts = {}
    for op in concrete.graph.get_operations():
        counts[op.type] = counts.get(op.type, 0) + 1
    return counts
