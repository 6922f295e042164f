"""Every block type x every writer: a one-block document is written, and an unknown block is an error."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from docgen import document as d
from docgen import writers
from docgen.errors import DocgenError
from docgen.folders import TEMPLATES_DIR

STAMP = dt.datetime(2018, 2, 27, 8, 0, tzinfo=dt.timezone.utc)
EMBLEM = TEMPLATES_DIR / "demo" / "emblem.png"


def _para(text: str = "ក ខ text") -> d.Paragraph:
    return d.Paragraph(inlines=(d.Run(text=text, bold=True), d.LineBreak(), d.PageNumber(kind="pages")))


def _sample(block_type: type) -> object:
    """A small instance of each block type, using its interesting fields."""
    image = d.Image(src="emblem.png", path=EMBLEM, width=30.0)
    samples = {
        d.Paragraph: _para(),
        d.Heading: d.Heading(inlines=(d.Run(text="ចំណងជើង"),), level=2),
        d.Table: d.Table(header_rows=1, rows=(
            d.Row(cells=(d.Cell(blocks=(_para("h"),), colspan=2, shade="#eeeeee"),)),
            d.Row(cells=(d.Cell(blocks=(image,)), d.Cell(blocks=(d.QRCode(data="x"),), valign="middle"))))),
        d.Image: image,
        d.QRCode: d.QRCode(data="https://example.org"),
        d.Signature: d.Signature(position=(_para("ប្រធាន"),), name=(_para("Name"),), image=image, seal=image),
        d.Spacer: d.Spacer(12.0),
        d.PageBreak: d.PageBreak(),
        d.Keep: d.Keep((_para(), d.Spacer(5.0))),
    }
    if block_type in samples:
        return samples[block_type]
    return _registered_sample(block_type)


def _registered_sample(block_type: type) -> object:
    """Blocks added later (say a chart) are built from their required fields with simple values."""
    if block_type.__name__ == "Chart":
        return block_type(kind="bar", title="ក", labels=("a", "b"), series=(d.Series("s", (1.0, 2.0), None),))
    raise AssertionError(f"add a sample for the new block type {block_type.__name__} to this test")


@pytest.mark.parametrize("fmt", sorted(writers.WRITERS))
@pytest.mark.parametrize("block_type", d.BLOCK_TYPES, ids=lambda t: t.__name__)
def test_every_writer_writes_every_block(block_type, fmt, tmp_path):
    options = writers.WriteOptions(timestamp=STAMP)  # fixed, so the only difference is the block
    doc = d.Document(lang="km", digits="khmer", blocks=(_sample(block_type),))
    path = writers.write(doc, tmp_path / f"one.{fmt}", options=options)
    empty = writers.write(d.Document(lang="km", digits="khmer"), tmp_path / f"empty.{fmt}", options=options)
    assert path.stat().st_size > 1000
    # an empty DOCX is already larger than 1000 bytes: a writer that skipped the block would still pass that
    assert path.read_bytes() != empty.read_bytes(), f"the {fmt} writer wrote nothing for a {block_type.__name__}"


@dataclass(frozen=True)
class Unknown:
    """A block no writer knows."""


@pytest.mark.parametrize("fmt", sorted(writers.WRITERS))
def test_an_unknown_block_is_an_error_and_leaves_no_file(fmt, tmp_path):
    with pytest.raises((TypeError, DocgenError), match="cannot handle a Unknown block"):
        writers.write(d.Document(blocks=(Unknown(),)), tmp_path / f"x.{fmt}")
    assert list(tmp_path.iterdir()) == []
