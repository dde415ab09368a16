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


class List(list):
    """``numba.typed.List``: a list; ``List.empty_list(item_type)`` for an empty one that
    compiled code can take (its item type is known)."""

    __slots__ = ("_item_type",)

    def __init__(self, iterable=()):
        super().__init__(iterable)
        self._item_type = None

    @staticmethod
    def empty_list(item_type, allocated=0):
        """An empty list of ``item_type`` items (``allocated`` is accepted as Numba's)."""
        _item_type_name(item_type)
        out = List()
        out._item_type = item_type
        return out

    def __repr__(self):
        item = self._item_type if self._item_type is not None else (
            type(self[0]).__name__ if self else "undefined")
        return f"ListType[{item}]({list.__repr__(self)})"


class Dict(dict):
    """``numba.typed.Dict``: a dict, with Numba's ``Dict.empty(key_type, value_type)``."""

    @staticmethod
    def empty(key_type, value_type, n_keys=0):
        _item_type_name(key_type)
        _item_type_name(value_type)
        return Dict()


__all__ = ["List", "Dict"]
