# Exercise 2.4: traces for the first TensorSpec only, which fails for functions of several arguments.
def op_counts(python_fn, input_signature):
    concrete = tf.function(python_fn).get_concrete_function(input_signature[0])
    counts = {}
    for op in concrete.graph.get_operations():
        counts[op.type] = counts.get(op.type, 0) + 1
    return counts
