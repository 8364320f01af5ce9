"""The course's small data sets. Everything here is made in code or typed in from the seeds:
nothing is downloaded, so every notebook runs offline.
"""

import numpy as np

#: The three points of the worked gradient-descent example: (weight, height) pairs.
SSR_POINTS = ((0.5, 1.4), (2.3, 1.9), (2.9, 3.2))

#: The insurance table from the seed slides: age, whether the person can afford insurance, whether they bought it.
INSURANCE_COLUMNS = ("age", "affordability", "have_insurance")
INSURANCE_ROWS = (
    (22, 1, 0), (25, 0, 0), (47, 1, 1), (52, 0, 0), (46, 1, 1), (56, 1, 1), (55, 0, 0),
    (60, 0, 1), (62, 1, 1), (61, 1, 1), (18, 1, 0), (28, 1, 0), (27, 0, 1),
)


def ssr_points():
    """The worked example's points as two float32 arrays.

    Returns:
        (x, y): two NumPy arrays of shape (3,), dtype float32.

    Example:
        >>> x, y = ssr_points()
        >>> x.shape, x.dtype
        ((3,), dtype('float32'))
    """
    x, y = np.array(SSR_POINTS, dtype=np.float32).T
    return x, y


def insurance():
    """The insurance table as features and labels.

    Returns:
        (features, labels): features of shape (13, 2), columns age and affordability, dtype float32;
        labels of shape (13,), 1 where the person bought insurance, dtype float32.
    """
    table = np.array(INSURANCE_ROWS, dtype=np.float32)
    return table[:, :2], table[:, 2]


def tiny_images(n=4, height=6, width=6, channels=3, seed=0):
    """A batch of small synthetic colour images with recognisable content, as uint8 pixels.

    Image ``i`` is a bright diagonal stripe on a dark background, shifted by ``i`` pixels,
    and tinted by channel (red strongest), so transposes and reshapes are easy to check by eye.

    Args:
        n: number of images. Defaults to 4.
        height, width: image size in pixels. Default to 6.
        channels: colour channels, last axis. Defaults to 3.
        seed: seed for the background noise. Defaults to 0.

    Returns:
        A NumPy array of shape (n, height, width, channels), dtype uint8, values 0..255.
    """
    rng = np.random.default_rng(seed)
    rows = np.arange(height)[:, None]
    cols = np.arange(width)[None, :]
    images = np.empty((n, height, width, channels), dtype=np.uint8)
    for i in range(n):
        stripe = ((cols - rows - i) % width == 0).astype(np.float64)
        for c in range(channels):
            brightness = 255 * (1.0 - c / (channels + 1))
            noise = rng.integers(0, 40, size=(height, width))
            images[i, :, :, c] = np.clip(stripe * brightness + noise, 0, 255).astype(np.uint8)
    return images


def digits(seed=0, validation_fraction=0.3):
    """Handwritten digits, 8 x 8 pixels: real data that ships inside scikit-learn (nothing is downloaded).

    1,797 images from 43 writers (the UCI "optical recognition of handwritten digits" set), shuffled
    with ``seed`` and split into training and validation parts. Pixels are scaled from 0..16 to 0..1.

    Args:
        seed: seed for the shuffle. Defaults to 0.
        validation_fraction: share of the images held out for validation. Defaults to 0.3.

    Returns:
        (x_train, y_train, x_val, y_val): images flattened to float32 arrays of shape (n, 64),
        labels int32 arrays of shape (n,) with values 0..9.
    """
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return _split(bunch.data / 16.0, bunch.target, seed, validation_fraction)


def digits_splits(seed=0, validation_fraction=0.2, test_fraction=0.2):
    """The handwritten digits of ``digits``, in three disjoint parts: training, validation and test.

    The 1,797 images are shuffled with ``seed``; the first ``test_fraction`` of them become the test set, the
    next ``validation_fraction`` the validation set, and the rest the training set. Every image lands in exactly
    one part, and the same seed always gives the same parts. Pixels are scaled from 0..16 to 0..1.

    Args:
        seed: seed for the shuffle. Defaults to 0.
        validation_fraction: share of all the images held out for validation. Defaults to 0.2.
        test_fraction: share of all the images held out for the final test. Defaults to 0.2.

    Returns:
        (x_train, y_train, x_val, y_val, x_test, y_test): images flattened to float32 arrays of shape (n, 64),
        labels int32 arrays of shape (n,) with values 0..9. With the defaults: 1,079 training, 359 validation
        and 359 test images.

    Example:
        >>> x_train, y_train, x_val, y_val, x_test, y_test = digits_splits()
        >>> x_train.shape, x_val.shape, x_test.shape
        ((1079, 64), (359, 64), (359, 64))
    """
    from sklearn.datasets import load_digits

    for name, share in (("validation_fraction", validation_fraction), ("test_fraction", test_fraction)):
        if not 0.0 < share < 1.0:
            raise ValueError(f"{name} must be between 0 and 1, not {share}.")
    if validation_fraction + test_fraction >= 1.0:
        raise ValueError(f"validation_fraction + test_fraction must be below 1, so that images are left to train "
                         f"on; got {validation_fraction} + {test_fraction}.")
    bunch = load_digits()
    order = np.random.default_rng(seed).permutation(len(bunch.target))
    n_test = int(round(test_fraction * len(order)))
    n_val = int(round(validation_fraction * len(order)))
    test, val, train = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    x = np.asarray(bunch.data / 16.0, dtype=np.float32)
    y = np.asarray(bunch.target, dtype=np.int32)
    return x[train], y[train], x[val], y[val], x[test], y[test]


def breast_cancer(seed=0, validation_fraction=0.3):
    """Breast-cancer diagnosis from 30 measurements of cell nuclei: real data shipped with scikit-learn.

    569 tumours (the Wisconsin diagnostic set), label 1 for benign and 0 for malignant, shuffled with
    ``seed`` and split. Features are left in their raw units, which differ widely: standardise them
    with statistics of the training part only.

    Args:
        seed: seed for the shuffle. Defaults to 0.
        validation_fraction: share of the examples held out for validation. Defaults to 0.3.

    Returns:
        (x_train, y_train, x_val, y_val): features float32 arrays of shape (n, 30), labels int32 of shape (n,).
    """
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer()
    return _split(bunch.data, bunch.target, seed, validation_fraction)


def _split(features, labels, seed, validation_fraction):
    if not 0.0 < validation_fraction < 1.0:
        raise ValueError(f"validation_fraction must be between 0 and 1, not {validation_fraction}.")
    order = np.random.default_rng(seed).permutation(len(labels))
    n_val = int(round(validation_fraction * len(labels)))
    val, train = order[:n_val], order[n_val:]
    x = np.asarray(features, dtype=np.float32)
    y = np.asarray(labels, dtype=np.int32)
    return x[train], y[train], x[val], y[val]
