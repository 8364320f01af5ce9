# Exercise 1.6: tf.transpose without perm reverses every axis.
def to_channels_first(images):
    return tf.transpose(images)
