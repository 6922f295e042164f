"""Counts in words: "1 page", "2 pages", "1 walk-in", whatever the noun."""
from __future__ import annotations

__all__ = ["plural", "singular"]


def singular(noun: str) -> str:
    """The singular of an English plural ``noun`` (its last word): "label sheets" -> "label sheet"."""
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith(("sses", "xes", "ches", "shes")):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") else noun


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun`` (given in the plural) agreeing: ``plural(1, "pages")`` -> ``"1 page"``."""
    return f"{count} {singular(noun) if count == 1 else noun}"
