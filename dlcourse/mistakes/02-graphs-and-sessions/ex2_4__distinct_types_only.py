# Exercise 2.4: records which op types occur, but counts each type once.
def op_counts(python_fn, input_signature):
    concrete = tf.function(python_fn).get_concrete_function(*input_signature)
    return {op.type: 1 for op in concrete.graph.get_operations()}
