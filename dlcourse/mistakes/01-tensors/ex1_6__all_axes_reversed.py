# Exercise 1.6: tf.transpose without perm reverses every axis, whatever the layouts.
def change_layout(t, source, target):
    return tf.transpose(t)
