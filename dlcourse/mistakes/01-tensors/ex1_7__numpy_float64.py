# Exercise 1.7: NumPy division gives float64, and the tensor keeps it.
def pixels_to_float32(pixels):
    return tf.convert_to_tensor(pixels / 255)
