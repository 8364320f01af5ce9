# Exercise 2.4: counts op names (unique within a graph) instead of op types.
def op_counts(python_fn, input_signature):
    concrete = tf.function(python_fn).get_concrete_function(*input_signature)
    counts = {}
    for op in concrete.graph.get_operations():
        counts[op.name] = counts.get(op.name, 0) + 1
    return counts
