"""Every notebook can be read without seeing its pictures or telling colours apart, and says what it needs.

- Markdown images (parsed as markdown, not by a regular expression) point at a file and have alt text.
- Figures are shown with ``plots.show(alt)``: stored as an HTML ``<img>`` with alt text, never a bare PNG.
- Colours come from the course's colour-blind-safe palette (Okabe & Ito) or greys; colour maps are ones that stay
  readable with any common colour-vision deficiency.
- The first cell gives the time, the prerequisites and what the notebook runs on; the last ones check your work.
"""

import html
import re

import nbformat
import pytest
from conftest import ASSIGNMENTS, ROOT
from markdown_it import MarkdownIt

from helpers import plots

SOLUTIONS = [a.source(nb) for a in ASSIGNMENTS for nb in a.notebooks]
RELEASED = [a.released(nb) for a in ASSIGNMENTS for nb in a.notebooks]
NOTEBOOKS = SOLUTIONS + RELEASED
#: Perceptually uniform maps (viridis, cividis) and single-hue ramps: readable with any colour-vision deficiency.
SAFE_COLORMAPS = {"viridis", "cividis", "Blues", "Reds", "Greys", "gray", "gray_r", "Greys_r", "binary", "Oranges"}
#: Colours a cell may name itself: the palette's cycle ("C0" ...), greys ("0.6"), black and white.
SAFE_COLOR = re.compile(r"C\d|0?\.\d+|k|black|white|none")


def ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def markdown_images(source: str):
    """(alt, src) of every image in a markdown cell, as a markdown renderer sees them."""
    for token in MarkdownIt("commonmark").parse(source):
        for child in token.children or ():
            if child.type == "image":
                yield child.content, child.attrGet("src")
    for tag in re.findall(r"<img\b[^>]*>", source):
        alt = re.search(r'\balt="([^"]*)"', tag)
        src = re.search(r'\bsrc="([^"]*)"', tag)
        yield (alt.group(1) if alt else ""), (src.group(1) if src else "")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_markdown_images_exist_and_have_alt_text(path):
    nb = nbformat.read(path, as_version=4)
    found = 0
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for alt, src in markdown_images(cell.source):
            found += 1
            assert len(alt.split()) >= 5, f"{path.name}: image {src} needs alt text that describes it, got {alt!r}"
            assert (path.parent / src).resolve().is_file(), f"{path.name}: image {src} does not exist"
    assert found == len(re.findall(r"!\[|<img\b", "".join(c.source for c in nb.cells if c.cell_type == "markdown")))


def test_the_markdown_image_parser_sees_brackets_in_alt_text():
    source = "![Two stacked grids, t[0] in front and t[1] behind it](../../img/tensor-ranks.png)"
    assert list(markdown_images(source)) == [("Two stacked grids, t[0] in front and t[1] behind it",
                                              "../../img/tensor-ranks.png")]


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_every_figure_is_shown_with_alt_text(path):
    nb = nbformat.read(path, as_version=4)
    figures = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"{path.name}, cell {index}"
        assert "plt.show(" not in cell.source, f"{where}: show figures with plots.show(alt), not plt.show()"
        for output in cell.outputs:
            data = output.get("data", {})
            assert "image/png" not in data, f"{where}: a figure without alt text (use plots.show(alt))"
            for tag in re.findall(r"<img\b[^>]*>", data.get("text/html", "")):
                figures += 1
                alt = html.unescape(re.search(r'\balt="([^"]*)"', tag).group(1))
                assert len(alt.split()) >= plots.MIN_ALT_WORDS, f"{where}: alt text too short: {alt!r}"
                assert data["text/plain"] == f"[figure] {alt}", f"{where}: the plain-text version should be the alt"
    assert figures == sum(c.source.count("plots.show(") for c in nb.cells if c.cell_type == "code") > 0


@pytest.mark.parametrize("path", SOLUTIONS, ids=ids(SOLUTIONS))
def test_figures_use_colour_blind_safe_colours(path):
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    for name in re.findall(r"cmap=[\"'](\w+)[\"']", code):
        assert name in SAFE_COLORMAPS, f"{path.name}: colour map {name!r} is hard to read with colour blindness"
    for value in re.findall(r"\bcolors?=f?[\"']([^\"']+)[\"']", code):
        value = re.sub(r"\{[^}]*\}", "0", value)  # f"C{i}"
        assert SAFE_COLOR.fullmatch(value), f"{path.name}: colour {value!r} is not from the course palette"


def test_the_course_style_cycles_through_the_okabe_ito_palette():
    assert [c.lower() for c in plots.STYLE["axes.prop_cycle"].by_key()["color"]] == [c.lower() for c in plots.PALETTE]
    assert plots.STYLE["image.cmap"] in SAFE_COLORMAPS
    # Okabe & Ito (2008), "Color Universal Design": the eight colours, in their order.
    assert set(plots.COLORS.values()) == {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7",
                                          "#F0E442", "#000000"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_first_cell_says_how_long_it_takes_and_what_it_needs(path):
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    for field in ("**Time:**", "**You need:**", "**Runs on:**"):
        assert f"- {field}" in first.source, f"{path.name}: the first cell should say {field}"
    assert re.search(r"\*\*Time:\*\* about \d+ minutes", first.source), f"{path.name}: give the time in minutes"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_last_cells_let_the_student_check_their_work(path):
    nb = nbformat.read(path, as_version=4)
    heading, check = nb.cells[-2:]
    assert heading.cell_type == "markdown" and heading.source.startswith("## Check your work")
    assert f"make check NB={path.relative_to(ROOT).as_posix().replace('solutions/', 'notebooks/')}" in heading.source
    assert check.cell_type == "code"
    assert check.source == "from helpers.check_my_work import check_my_work\n\ncheck_my_work()"
    # Grading and check_my_work skip it (illustration); nbval need not run it (tests/test_check_my_work.py does).
    assert set(check.metadata.get("tags", [])) == {"illustration", "nbval-skip"}
