"""The backend-neutral document model between templates and writers, and its text dump.

A :class:`Document` is plain data: a :class:`PageSetup`, metadata and a list of
blocks. Blocks hold inlines (:class:`Run`, :class:`LineBreak`,
:class:`PageNumber`). Every length is in points; font sizes are in points;
colours are ``#rrggbb``. Writers walk the blocks with a :class:`Visitor`, whose
dispatch is by class name (``visit_paragraph``) and which raises on a block it
does not know, so a new block type (say a chart) is one dataclass plus one
``visit_`` method per writer. ``dump(document)`` is the stable, indented text
form used by golden tests and ``docgen preview --model``.

This module is the model's one name for its users (``from docgen import document as d``):
the nodes are defined in :mod:`docgen.nodes`, the table grid in :mod:`docgen.grid`,
walking, visiting and dumping in :mod:`docgen.tree`.
"""
from __future__ import annotations

from docgen import grid, nodes, tree
from docgen.grid import *  # noqa: F403 - this module is the model's one name: it re-exports the three
from docgen.nodes import *  # noqa: F403
from docgen.tree import *  # noqa: F403

__all__ = [*nodes.__all__, *grid.__all__, *tree.__all__]
