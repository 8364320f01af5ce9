"""Draw the course's static figures (the images notebooks show in markdown): `make images`.

Each function draws one image named after it; PNGs are written without timestamps, so
re-running with the pinned matplotlib leaves unchanged files unchanged.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyBboxPatch, Rectangle  # noqa: E402

from helpers.plots import COLORS  # noqa: E402

HERE = Path(__file__).parent
DPI = 100


def tensor_ranks():
    """Rank 0 to 3: a single number, a row of numbers, a grid, and a stack of grids."""
    fig, axes = plt.subplots(1, 4, figsize=(9, 2.6), gridspec_kw={"width_ratios": [1, 3, 3, 3.6]})
    shapes = [("rank 0: scalar", "shape ()"), ("rank 1: vector", "shape (3,)"),
              ("rank 2: matrix", "shape (2, 3)"), ("rank 3", "shape (2, 2, 3)")]
    def cell(ax, x, y, text, color=COLORS["sky"], z=1):
        ax.add_patch(Rectangle((x, y), 1, 1, facecolor=color, edgecolor="black", linewidth=1.2, zorder=z))
        ax.text(x + 0.5, y + 0.5, text, ha="center", va="center", fontsize=11, zorder=z + 1)
    cell(axes[0], 0, 1, "7")
    for j, v in enumerate((1, 2, 3)):
        cell(axes[1], j, 1, str(v))
    for i, row in enumerate(((1, 2, 3), (4, 5, 6))):
        for j, v in enumerate(row):
            cell(axes[2], j, 1 - i + 0.5, str(v))
    # Rank 3: two 2x3 matrices stacked; t[1] sits behind t[0].
    for i in range(2):
        for j in range(3):
            cell(axes[3], j + 0.6, 1.1 - i + 0.6, "", COLORS["orange"], z=1)
    for i, row in enumerate(((1, 2, 3), (4, 5, 6))):
        for j, v in enumerate(row):
            cell(axes[3], j, 1.1 - i, str(v), z=3)
    axes[3].text(3.7, 2.4, "t[1]", fontsize=10, va="center")
    axes[3].text(1.5, -0.1, "t[0]", fontsize=10, ha="center", va="top")
    for ax, (title, shape) in zip(axes, shapes, strict=True):
        ax.set_ylim(-0.6, 3.0)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(f"{title}\n{shape}", fontsize=11)
    axes[0].set_xlim(-0.3, 1.3)
    axes[1].set_xlim(-0.3, 3.3)
    axes[2].set_xlim(-0.3, 3.3)
    axes[3].set_xlim(-0.3, 4.4)
    return fig


def library_stack():
    """The layers between a Keras model and the silicon it runs on."""
    layers = [
        ("Hardware", "CPU: a few fast cores, one long instruction stream at a time\n"
                     "GPU / TPU: thousands of small cores, many matrix operations at once", COLORS["black"], "white"),
        ("Compute libraries", "BLAS, Intel oneDNN (CPU)  ·  NVIDIA CUDA and cuDNN (GPU)", COLORS["purple"], "black"),
        ("Frameworks: tensors, automatic gradients",
         "TensorFlow  ·  PyTorch  ·  JAX        retired: Theano, Caffe, CNTK, MXNet", COLORS["blue"], "white"),
        ("High-level API: layers and models", "Keras 3 (runs on TensorFlow, JAX or PyTorch)",
         COLORS["orange"], "black"),
        ("Your code", "model = keras.Sequential([...]);  model.fit(x, y)", COLORS["green"], "black"),
    ]
    fig, ax = plt.subplots(figsize=(8, 4.2))
    for i, (name, detail, color, ink) in enumerate(layers):
        ax.add_patch(FancyBboxPatch((0, i * 1.1), 10, 0.95, boxstyle="round,pad=0.02,rounding_size=0.15",
                                    facecolor=color, edgecolor="none"))
        two_lines = "\n" in detail
        ax.text(0.25, i * 1.1 + (0.75 if two_lines else 0.63), name, color=ink, fontsize=11, fontweight="bold",
                va="center")
        ax.text(0.25, i * 1.1 + (0.32 if two_lines else 0.27), detail, color=ink, fontsize=8 if two_lines else 9,
                va="center", linespacing=1.1)
    ax.annotate("", xy=(10.45, 0.1), xytext=(10.45, 5.3),
                arrowprops={"arrowstyle": "->", "color": COLORS["black"], "linewidth": 1.5})
    ax.text(10.6, 2.7, "each layer calls\nthe one below", fontsize=9, va="center", rotation=90)
    ax.set_xlim(-0.1, 11.2)
    ax.set_ylim(-0.1, 5.6)
    ax.axis("off")
    return fig


FIGURES = [tensor_ranks, library_stack]


def main():
    for draw in FIGURES:
        fig = draw()
        path = HERE / f"{draw.__name__.replace('_', '-')}.png"
        fig.savefig(path, dpi=DPI, bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)
        print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
