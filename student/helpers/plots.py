"""Figures the notebooks share.

Every drawing function takes an optional ``ax`` and returns the Axes it drew on, so a
notebook can place figures side by side. Nothing here changes global settings; the
course style (``STYLE``) is applied once by ``setup()``.

A notebook ends each figure cell with ``show(alt)`` instead of ``plt.show()``: the figure
is displayed with ``alt`` as its text alternative, which screen readers read out in
JupyterLab, in nbgrader's feedback and in any HTML export.
"""

import base64
import html
import io

import numpy as np
from cycler import cycler

# Okabe & Ito's palette: told apart by readers with any common colour-vision deficiency.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
PALETTE = [COLORS[name] for name in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]

STYLE = {
    "figure.figsize": (6.0, 3.6),
    "figure.dpi": 80,  # keeps stored outputs small; zoom in the browser for more
    "savefig.dpi": 80,
    "font.size": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=PALETTE),
    "image.cmap": "viridis",
}


#: The shortest text alternative ``show`` accepts: a few words cannot describe a figure.
MIN_ALT_WORDS = 8


def show(alt: str, fig=None):
    """Display a figure with a text alternative, and close it.

    JupyterLab ignores the ``alt`` that nbformat allows in an image's metadata (see
    jupyter/enhancement-proposals#120), so the figure is sent as an HTML ``<img>`` that carries
    it, with the same text as the plain-text version of the output.

    Args:
        alt: what the figure shows, in words, for someone who cannot see it: what is drawn and what
            it tells the reader (at least ``MIN_ALT_WORDS`` words).
        fig: the matplotlib Figure. Defaults to the current figure.

    Returns:
        None.

    Example:
        >>> import matplotlib.pyplot as plt
        >>> _ = plt.plot([0, 1, 4, 9])
        >>> show("A line rising ever faster from 0 to 9: the squares of 0, 1, 2 and 3.")  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    words = len(alt.split()) if isinstance(alt, str) else 0
    if words < MIN_ALT_WORDS:
        raise ValueError(f"show() needs a text alternative of at least {MIN_ALT_WORDS} words that says what the "
                         f"figure shows; got {alt!r}.")
    fig = plt.gcf() if fig is None else fig
    buffer = io.BytesIO()
    # As the inline backend saves figures, so a figure looks the same either way.
    fig.savefig(buffer, format="png", bbox_inches="tight", facecolor="white")
    plt.close(fig)
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    text = " ".join(alt.split())
    display({"text/html": f'<img src="data:image/png;base64,{png}" alt="{html.escape(text)}">',
             "text/plain": f"[figure] {text}"}, raw=True)


def _axes(ax, figsize=None):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def show_matrix(values, ax=None, title=None, highlight=None, faded=None, fmt="{:g}", cmap="Blues"):
    """Draw a 1-D or 2-D array as a grid of cells with each value written in its cell.

    Args:
        values: array-like (a NumPy array or a tensor) of rank 0, 1 or 2. A rank-1 array is drawn as one row.
        ax: the matplotlib Axes to draw on. Defaults to a new figure.
        title: text above the grid. Defaults to the array's shape.
        highlight: cells to outline, as a boolean array of the same shape, or an index
            such as ``(slice(0, 2), 1)``. Defaults to none.
        faded: cells to draw washed out with grey numbers (for example copies that broadcasting
            repeats), as a boolean array of the same shape. Defaults to none.
        fmt: format for each value. Defaults to ``"{:g}"``.
        cmap: colour map for the cell shading. Defaults to ``"Blues"``.

    Returns:
        The matplotlib Axes.

    Example:
        >>> ax = show_matrix([[1, 2, 3], [4, 5, 6]], highlight=(slice(None), 1))
    """
    grid = np.asarray(values)
    if grid.ndim > 2:
        raise ValueError(f"show_matrix draws arrays of rank 0, 1 or 2; this one has shape {grid.shape}.")
    grid2d = np.atleast_2d(grid)
    ax = _axes(ax, figsize=(0.6 * grid2d.shape[1] + 0.6, 0.5 * grid2d.shape[0] + 0.7))
    numeric = grid2d.astype(float)
    ax.imshow(numeric, cmap=cmap, vmin=min(numeric.min(), 0), vmax=max(numeric.max(), 1) * 1.6, aspect="equal")
    washed = np.zeros(grid2d.shape, dtype=bool) if faded is None else np.atleast_2d(np.asarray(faded, dtype=bool))
    for (row, col), value in np.ndenumerate(grid2d):
        if washed[row, col]:
            ax.add_patch(_cell(row, col, facecolor="white", alpha=0.65, edgecolor="none"))
        ax.text(col, row, fmt.format(value), ha="center", va="center", fontsize=9,
                color="0.45" if washed[row, col] else "black", style="italic" if washed[row, col] else "normal")
    if highlight is not None:
        mask = np.zeros(grid.shape, dtype=bool)
        mask[highlight] = True
        for row, col in zip(*np.nonzero(np.atleast_2d(mask)), strict=True):
            ax.add_patch(_cell(row, col, fill=False, edgecolor=COLORS["vermillion"], linewidth=2.5))
    ax.set_xticks(range(grid2d.shape[1]))
    ax.set_yticks(range(grid2d.shape[0]))
    ax.tick_params(length=0, labelsize=8)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title if title is not None else f"shape {grid.shape}", fontsize=10)
    return ax


def _cell(row, col, **style):
    """A patch covering one cell of an imshow grid."""
    from matplotlib.patches import Rectangle

    return Rectangle((col - 0.5, row - 0.5), 1, 1, **style)


def show_broadcast(a, b, result, op="+", axes=None):
    """Draw ``a op b = result`` as three grids; the copies broadcasting repeats are washed out.

    Args:
        a, b: the operands, array-like of rank 0 to 2.
        result: ``a op b``, array-like of rank 0 to 2.
        op: the operator to write between the grids. Defaults to ``"+"``.
        axes: three Axes to draw on. Defaults to a new figure with three panels.

    Returns:
        The three matplotlib Axes.
    """
    import matplotlib.pyplot as plt

    a, b, result = (np.asarray(v) for v in (a, b, result))
    if axes is None:
        width = sum(np.atleast_2d(v).shape[1] for v in (a, b, result))
        _, axes = plt.subplots(1, 3, figsize=(0.55 * width + 2.5, 0.5 * np.atleast_2d(result).shape[0] + 1.2))
    for ax, value, name in zip(axes, (a, b, result), ("a", "b", f"a {op} b"), strict=True):
        show_matrix(np.broadcast_to(value, result.shape), ax=ax, title=f"{name}: shape {value.shape}",
                    faded=_repeated_copies(value, result.shape))
    for ax, symbol in zip(axes[:2], (op, "="), strict=True):
        ax.annotate(symbol, xy=(1.0, 0.5), xycoords="axes fraction", xytext=(8, 0), textcoords="offset points",
                    fontsize=16, va="center")
    return axes


def _repeated_copies(value, shape):
    """True over the cells of ``value`` broadcast to ``shape`` that repeat a value stored elsewhere."""
    index = np.broadcast_to(np.arange(np.size(value)).reshape(np.shape(value)), shape).ravel()
    stored = np.zeros(index.size, dtype=bool)
    stored[np.unique(index, return_index=True)[1]] = True
    return ~stored.reshape(shape)


def plot_history(history, metrics=("loss",), ax=None, title=None):
    """Plot learning curves: training solid, validation dashed, one colour per metric.

    Args:
        history: a Keras ``History`` (what ``model.fit`` returns) or a dict such as
            ``{"loss": [...], "val_loss": [...]}``.
        metrics: names of the metrics to draw. Defaults to ``("loss",)``.
        ax: the matplotlib Axes to draw on. Defaults to a new figure.
        title: text above the plot. Defaults to none.

    Returns:
        The matplotlib Axes.
    """
    logs = getattr(history, "history", history)
    ax = _axes(ax)
    # zip stops at the shorter: more metrics than colours would leave the extra ones out.
    for color, metric in zip(PALETTE, metrics, strict=False):
        if metric not in logs:
            raise KeyError(f"No '{metric}' in the history; it has {sorted(logs)}.")
        epochs = np.arange(1, len(logs[metric]) + 1)
        ax.plot(epochs, logs[metric], color=color, label=f"training {metric}")
        if f"val_{metric}" in logs:
            ax.plot(epochs, logs[f"val_{metric}"], color=color, linestyle="--", label=f"validation {metric}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(", ".join(metrics))
    ax.legend()
    if title:
        ax.set_title(title)
    return ax
