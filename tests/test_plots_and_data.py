"""helpers.plots draws on the Axes it is given and changes no global state; helpers.data is stable."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import data, plots  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_show_matrix_writes_every_value_and_outlines_the_highlight():
    _, ax = plt.subplots()
    assert plots.show_matrix(np.arange(6).reshape(2, 3), ax=ax, highlight=(slice(None), 1)) is ax
    assert [t.get_text() for t in ax.texts] == ["0", "1", "2", "3", "4", "5"]
    assert len(ax.patches) == 2  # column 1 has two cells
    assert ax.get_title() == "shape (2, 3)"


def test_show_matrix_refuses_rank_3_with_a_clear_message():
    with pytest.raises(ValueError, match="rank 0, 1 or 2"):
        plots.show_matrix(np.zeros((2, 2, 2)))


def test_show_broadcast_washes_out_only_the_repeated_copies():
    axes = plots.show_broadcast(np.ones((2, 3)), np.arange(3), np.ones((2, 3)) + np.arange(3))
    a, b, result = axes
    assert len(a.patches) == 0 and len(result.patches) == 0
    assert len(b.patches) == 3  # the second row of b is repeated
    assert b.get_title() == "b: shape (3,)"


def test_plot_history_solid_training_dashed_validation():
    ax = plots.plot_history({"loss": [3, 2, 1], "val_loss": [3.5, 2.5, 2.0]})
    styles = [line.get_linestyle() for line in ax.get_lines()]
    assert styles == ["-", "--"]
    with pytest.raises(KeyError, match="No 'accuracy' in the history"):
        plots.plot_history({"loss": [1]}, metrics=("accuracy",))


def test_plots_change_no_global_settings():
    before = dict(matplotlib.rcParams)
    plots.show_matrix([[1, 2]])
    plots.plot_history({"loss": [1, 2]})
    assert dict(matplotlib.rcParams) == before


def test_palette_is_okabe_ito():
    assert plots.PALETTE[:3] == ["#0072B2", "#E69F00", "#009E73"]


def test_data_sets_match_the_seeds():
    x, y = data.ssr_points()
    assert x.dtype == np.float32 and x.tolist() == pytest.approx([0.5, 2.3, 2.9])
    assert y.tolist() == pytest.approx([1.4, 1.9, 3.2])
    features, labels = data.insurance()
    assert features.shape == (13, 2) and labels.shape == (13,)
    assert features[0].tolist() == [22, 1] and labels.sum() == 7


def test_tiny_images_are_reproducible_uint8():
    images = data.tiny_images()
    assert images.shape == (4, 6, 6, 3) and images.dtype == np.uint8
    np.testing.assert_array_equal(images, data.tiny_images())
    assert not np.array_equal(images[0], images[1])


def test_real_data_ships_with_the_course_and_splits_reproducibly():
    x_train, y_train, x_val, y_val = data.digits()
    assert x_train.shape == (1258, 64) and x_val.shape == (539, 64)
    assert x_train.dtype == np.float32 and y_train.dtype == np.int32
    assert 0.0 <= x_train.min() and x_train.max() <= 1.0 and set(np.unique(y_val)) == set(range(10))
    np.testing.assert_array_equal(data.digits()[0], x_train)
    assert not np.array_equal(data.digits(seed=1)[0], x_train)

    x_train, y_train, x_val, y_val = data.breast_cancer(validation_fraction=0.2)
    assert x_train.shape == (455, 30) and x_val.shape == (114, 30)
    assert set(np.unique(y_train)) == {0, 1}
    with pytest.raises(ValueError, match="between 0 and 1"):
        data.breast_cancer(validation_fraction=1.5)


def test_digits_splits_are_disjoint_reproducible_and_cover_every_image():
    x_train, y_train, x_val, y_val, x_test, y_test = data.digits_splits()
    assert (len(x_train), len(x_val), len(x_test)) == (1079, 359, 359)
    assert x_train.shape[1:] == (64,) and x_test.dtype == np.float32 and y_val.dtype == np.int32
    assert 0.0 <= x_train.min() and x_test.max() <= 1.0
    for y in (y_train, y_val, y_test):
        assert set(np.unique(y)) == set(range(10))
    # The three parts together are the whole data set, each image exactly once (compared as sorted rows).
    everything = np.concatenate([np.column_stack([x, y]) for x, y in
                                 [(x_train, y_train), (x_val, y_val), (x_test, y_test)]])
    from sklearn.datasets import load_digits

    bunch = load_digits()
    original = np.column_stack([bunch.data / 16.0, bunch.target]).astype(np.float32)
    def rows_sorted(table):
        return table[np.lexsort(table.T[::-1])]

    np.testing.assert_array_equal(rows_sorted(everything), rows_sorted(original))
    again = data.digits_splits()
    for first, second in zip((x_train, y_train, x_val, y_val, x_test, y_test), again, strict=True):
        np.testing.assert_array_equal(first, second)
    other = data.digits_splits(seed=1)
    assert not np.array_equal(other[4], x_test)
    x_train, _, x_val, _, x_test, _ = data.digits_splits(validation_fraction=0.1, test_fraction=0.3)
    assert (len(x_train), len(x_val), len(x_test)) == (1078, 180, 539)
    with pytest.raises(ValueError, match="between 0 and 1"):
        data.digits_splits(test_fraction=0.0)
    with pytest.raises(ValueError, match="must be below 1"):
        data.digits_splits(validation_fraction=0.5, test_fraction=0.5)
