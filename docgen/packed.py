"""Sequences held packed: a long list of records as one block of bytes, each record unpacked when read.

A loaded project's recipients stay in memory for the whole build, and a mailing's
worker processes are forked from it. As objects, 10,000 recipients take about
15 MB, and every worker that reads one writes to the pages holding it (if only
to count a reference), so the pages are copied. Packed, each recipient is its
pickle deflated against a dictionary of the first few, about 65 bytes: the
10,000 take under 1 MB, reading one writes to no shared page, and the memory of
a build hardly grows with the mailing.
"""
from __future__ import annotations

import itertools
import pickle
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar, overload

__all__ = ["PackedSequence", "Picked"]

T = TypeVar("T")

_DICTIONARY_ITEMS = 64  # records whose pickles make the shared dictionary
_DICTIONARY_SIZE = 32 * 1024  # zlib's largest


class PackedSequence(Sequence[T]):
    """An immutable sequence of picklable records, stored deflated; each read unpickles a new copy."""

    def __init__(self, items: Iterable[T] = ()):
        """Pack ``items``, read one at a time: a generator's records are never all held as objects."""
        pickles = (pickle.dumps(item, pickle.HIGHEST_PROTOCOL) for item in items)
        first = list(itertools.islice(pickles, _DICTIONARY_ITEMS))
        self._dictionary = b"".join(first)[-_DICTIONARY_SIZE:]
        data, self._ends = bytearray(), array("Q")
        for pickled in itertools.chain(first, pickles):
            data += self._deflate(pickled)
            self._ends.append(len(data))
        self._data = bytes(data)

    def _deflate(self, data: bytes) -> bytes:
        packer = zlib.compressobj(6, zdict=self._dictionary) if self._dictionary else zlib.compressobj(6)
        return packer.compress(data) + packer.flush()

    def _unpack(self, index: int) -> T:
        start = self._ends[index - 1] if index else 0
        unpacker = zlib.decompressobj(zdict=self._dictionary) if self._dictionary else zlib.decompressobj()
        return pickle.loads(unpacker.decompress(self._data[start:self._ends[index]]))

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._unpack(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("PackedSequence index out of range")
        return self._unpack(index)

    def __iter__(self) -> Iterator[T]:
        return map(self._unpack, range(len(self)))

    def __repr__(self) -> str:
        return f"PackedSequence({len(self)} items, {len(self._data)} bytes)"


class Picked(Sequence[T]):
    """The items of ``base`` at ``indices``, in that order, read from ``base`` when asked for."""

    def __init__(self, base: Sequence[T], indices: Iterable[int]):
        self._base, self._indices = base, array("q", indices)

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._base[i] for i in self._indices[index]]
        return self._base[self._indices[index]]

    def __iter__(self) -> Iterator[T]:
        return (self._base[i] for i in self._indices)

