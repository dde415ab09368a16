"""Numba's ``numba.typed`` containers, for programs written for Numba.

``List`` is a Python ``list`` that remembers its item type when made empty
(``List.empty_list(types.float64)``): compiled code takes it like any list (its items are
copied in for the call and written back after it, see docs/supported.md#lists), and in
compiled code ``List()``, ``List(iterable)`` and ``List.empty_list(item_type)`` make
lists. ``Dict`` is a Python ``dict`` with Numba's constructor ``Dict.empty(key_type,
value_type)``; compiled code does not take dicts yet (a clear TypeError).
"""

from . import types as _types


def _item_type_name(t):
    if isinstance(t, _types.Type):
        return str(t)
    raise TypeError(f"the item type must be a ferrojit.types object (types.float64), not {t!r}")


def _type_of(value):
    """The item type Numba infers for a value put into a typed List (None: not known)."""
    import numpy as np
    if isinstance(value, (bool, np.bool_)):
        return _types.boolean
    if isinstance(value, int):
        return _types.int64
    if isinstance(value, float):
        return _types.float64
    if isinstance(value, complex):
        return _types.complex128
    if isinstance(value, str):
        return _types.unicode_type
    if isinstance(value, np.generic):
        try:
            return _types.Type(value.dtype.name)
        except Exception:  # noqa: BLE001 - a dtype without a ferrojit type
            return None
    return None


class List(list):
    """``numba.typed.List``: a list that keeps its item type once known, as Numba's
    (``List.empty_list(item_type)``, or the type of the first item put in), so that it can
    be emptied and still be passed to compiled code."""

    __slots__ = ("_item_type",)

    def __init__(self, iterable=()):
        super().__init__(iterable)
        self._item_type = None
        if self:
            self._item_type = _type_of(self[0])

    def _learn(self, value):
        if self._item_type is None:
            self._item_type = _type_of(value)

    def append(self, value):
        self._learn(value)
        super().append(value)

    def insert(self, index, value):
        self._learn(value)
        super().insert(index, value)

    def extend(self, values):
        values = list(values)
        if values:
            self._learn(values[0])
        super().extend(values)

    def __setitem__(self, index, value):
        if not isinstance(index, slice):
            self._learn(value)
        super().__setitem__(index, value)

    def __str__(self):
        # (Numba's: each item by `format`, so nested typed lists print as lists)
        return "[" + ", ".join(f"{x}" for x in self) + "]"

    @staticmethod
    def empty_list(item_type, allocated=0):
        """An empty list of ``item_type`` items (``allocated`` is accepted as Numba's)."""
        _item_type_name(item_type)
        out = List()
        out._item_type = item_type
        return out

    def __repr__(self):
        item = self._item_type if self._item_type is not None else "undefined"
        return f"ListType[{item}]({self})"


class Dict(dict):
    """``numba.typed.Dict``: a dict, with Numba's ``Dict.empty(key_type, value_type)``."""

    @staticmethod
    def empty(key_type, value_type, n_keys=0):
        _item_type_name(key_type)
        _item_type_name(value_type)
        d = Dict()
        # (what compiled code types it by while it is empty)
        d._key_type, d._value_type = key_type, value_type
        return d


__all__ = ["List", "Dict"]
