# Exercise 2.1: bakes the inputs into the graph as constants instead of feeding placeholders.
def session_dense(x, W, b):
    graph = tf.Graph()
    with graph.as_default():
        out = tf.matmul(tf.constant(x), tf.constant(W)) + tf.constant(b)
    with tf.compat.v1.Session(graph=graph) as sess:
        value = sess.run(out)
    return value, graph
