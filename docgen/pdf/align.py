"""The model's alignments in platypus's words, for every flowable that places an object."""
from __future__ import annotations

__all__ = ["HALIGN", "VALIGN"]

#: Model align -> platypus hAlign / table ALIGN (a justified object is centred).
HALIGN = {"left": "LEFT", "centre": "CENTER", "right": "RIGHT", "justify": "CENTER"}
#: Model valign -> table VALIGN.
VALIGN = {"top": "TOP", "middle": "MIDDLE", "bottom": "BOTTOM"}
