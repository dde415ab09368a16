"""Python's ``set`` for compiled code, written in Python on the hash table of dicts.py.

A set of items K is, in compiled code, the table of a dict whose values are all True,
with its own marker: ``s = ("\\x00set", keys: list[K], vals: list[bool], hashes:
list[int64], table: list[int64])`` (see the docstring of dicts.py: insertion order, a
set not indexed yet when ``table`` is empty, deleted entries, hashing and lookups of
items of another type). The compiler builds sets (``{a, b}``, ``set()``, ``set(it)`` as
an empty set then ``update``) and lowers every operation to a function registered here
(``builtins.set.add``, ``builtins.set.__or__``...).

Every read of the representation goes through the helpers of dicts.py (the compiler lets
only that file read a set as the tuple it is); the functions here combine them:

- ``add`` stores the item with the value True, ``discard``/``remove`` delete it, ``pop``
  removes the last item in insertion order (CPython's order is its table's; the result
  is one of the items either way), iteration (``keys``) is the insertion order.
- Membership (``x in s``) is dicts.py's lookup: no allocation.
- New sets (``a | b``, ``copy``...) are copies of a table (``_copy``, its hashes reused)
  or new item lists wrapped as sets not indexed yet (``_of``: indexed on first use).
- Items of two types: ``|`` and ``^`` (and ``union``...) make a set of the wider type
  (bool < int < float < complex: ints and floats make floats, as lists do); ``&`` and
  ``-`` keep the left operand's items; ``|=`` and ``^=`` need the right operand's items
  to fit the left set's type. Lookups across types are lossless (``2.0 in {2}``).

Results and error messages follow CPython 3.11: ``remove`` of a missing item raises
``KeyError("\\x00repr:" + repr(item))`` (``KeyError(item)`` at the Python boundary),
``pop`` of an empty set ``KeyError('pop from an empty set')``.
"""

from .. import types
from ..extending import library, overload
from .dicts import (_compatible, _contains, _copy, _delitem, _empty_dict, _eq, _eq_same,
                    _find_key, _floatlike, _intlike, _is_dict, _is_set, _is_table, _keys,
                    _len, _new_like, _pop_default, _popitem, _reset, _setitem, _store_key,
                    _unknown, _update, _update_same)


# --- types --------------------------------------------------------------------------

def _items_type(s):
    # K of a set whose items have a type, else None (`set()` that nothing typed: empty)
    if _empty_dict(s):
        return None
    return s.types[1].dtype


def _untyped_store(name):
    # A store into a set whose items have no type yet (`set()`): the compiler types such
    # a set by its later stores before it calls the library.
    raise TypeError(f"set.{name}: the set's items have no type here (an empty `set()` "
                    "that nothing typed): it cannot take an item")


def _rank(t):
    # (order, bits, signed) of a number type: bool < ints < floats < complex
    if isinstance(t, types.Boolean):
        return 0, 1, True
    if _intlike(t):
        return 1, t.bitwidth or 64, bool(t.signed) if t.signed is not None else True
    if _floatlike(t):
        return 2, t.bitwidth or 64, True
    return 3, t.bitwidth or 128, True


def _wider(a, b):
    """0 when a set of both a's and b's items has a's type, 1 when b's, None when no
    type holds both (ints and floats: floats, as lists do)."""
    if a == b:
        return 0
    numbers = (types.Boolean, types.Integer, types.Float, types.Complex)
    if isinstance(a, numbers) and isinstance(b, numbers):
        ra, rb = _rank(a), _rank(b)
        if ra[0] != rb[0]:
            return 0 if ra[0] > rb[0] else 1
        if ra[0] == 1 and ra[2] != rb[2]:
            return None  # signed and unsigned ints
        return 0 if ra[1] >= rb[1] else 1
    if isinstance(a, types.UnicodeType) and isinstance(b, types.UnicodeType):
        return 0
    return None


def _iterable_item(t):
    """The item type of an iterable `set.update` and the others take (a list, a tuple, a
    str, a 1-D array), "unknown" for an empty list of no type, else None."""
    if isinstance(t, types.List):
        return "unknown" if _unknown(t) else t.dtype
    if isinstance(t, types.UnicodeType):
        return t
    if isinstance(t, types.Array):
        return t.dtype if t.ndim == 1 else None
    if isinstance(t, types.BaseTuple) and not _is_table(t):
        if len(t.types) == 0:
            return "unknown"
        item = t.types[0]
        for x in t.types[1:]:
            if x != item:
                if _wider(item, x) is None:
                    return None
                if _wider(item, x) == 1:
                    item = x
        return item
    return None


# --- helpers (plain Python, compiled when the implementations call them) ------------

def _bools():
    # a new empty list of bools (the append never runs, but it types r)
    r = []
    if len(r) < 0:
        r.append(True)
    return r


def _ints():
    # a new empty list of int64
    r = []
    if len(r) < 0:
        r.append(0)
    return r


def _of(keys):
    """The set of the items of the new list `keys` (not indexed yet: a repeated item is
    dropped when it is)."""
    vals = _bools()
    for _ in range(len(keys)):
        vals.append(True)
    return ("\x00set", keys, vals, _ints(), _ints())


def _from_iter(it):
    # the set of the items of an iterable (a list, a tuple, a str, a 1-D array)
    keys = []
    for x in it:
        keys.append(x)
    return _of(keys)


def _add(s, x):
    _setitem(s, x, True)


def _discard(s, x):
    _pop_default(s, x, False)


def _pop(s):
    if _len(s) == 0:
        raise KeyError("pop from an empty set")
    k, _ = _popitem(s)
    return k


def _update_iter(s, it):
    for x in it:
        _setitem(s, x, True)


def _filter(a, b, keep):
    # the set of the items of a that are in b (`keep`) or not in b (a new set)
    ka = _keys(a)
    w = 0
    for i in range(len(ka)):
        x = ka[i]
        if _contains(b, x) == keep:
            ka[w] = x
            w += 1
    while len(ka) > w:
        ka.pop()
    return _of(ka)


def _both(a, b):
    """The items of a then those of b, as items of b's type (a new list: b's type is the
    wider one)."""
    ka = _keys(a)
    kb = _keys(b)
    r = _new_like(kb)
    for x in ka:
        r.append(_store_key(r, x))
    for x in kb:
        r.append(x)
    return r


def _subset(a, b):
    # every item of a is in b
    if _len(a) > _len(b):
        return False
    for x in _keys(a):
        if not _contains(b, x):
            return False
    return True


def _disjoint(a, b):
    # no item of a is in b (walking the smaller set)
    if _len(a) <= _len(b):
        for x in _keys(a):
            if _contains(b, x):
                return False
    else:
        for x in _keys(b):
            if _contains(a, x):
                return False
    return True


# --- set operations on two sets (an implementation per pair of item types) ----------
# The plain versions run as they are in Python; compiled, the overloads below choose.

def _union(a, b):
    c = _copy(a)
    _update(c, b)
    return c


def _intersection(a, b):
    return _filter(a, b, True)


def _difference(a, b):
    return _filter(a, b, False)


def _symmetric_difference(a, b):
    c = _filter(a, b, False)
    for x in _keys(b):
        if not _contains(a, x):
            _add(c, x)
    return c


def _equal(a, b):
    return _len(a) == _len(b) and _subset(a, b)


def _pair(a, b):
    """(K of a, K of b) of two sets, None for a set of no type (empty)."""
    return _items_type(a), _items_type(b)


def _copy_first(a, b):
    return _copy(a)


def _copy_second(a, b):
    return _copy(b)


def _no_items(a, b):
    return ("\x00set", [], _bools(), _ints(), _ints())


def _empty_like(a, b):
    # a new empty set of a's type
    ka = _keys(a)
    ka.clear()
    return _of(ka)


def _copy_of(a, b, first):
    # the implementation that copies a (`first`) or b, either of them possibly untyped
    if _items_type(a if first else b) is None:
        return _no_items
    return _copy_first if first else _copy_second


@overload(_union)
def _union_typing(a, b):
    A, B = _pair(a, b)
    if B is None:
        return _copy_of(a, b, True)
    if A is None:
        return _copy_of(a, b, False)
    if A == B:
        def union_same(a, b):
            c = _copy(a)
            _update_same(c, b)  # (b's hashes reused)
            return c
        return union_same
    wider = _wider(A, B)
    if wider == 0:
        return _union  # (b's items converted)
    if wider == 1:
        def union_right(a, b):
            return _of(_both(a, b))
        return union_right
    return None


@overload(_intersection)
def _intersection_typing(a, b):
    A, B = _pair(a, b)
    if A is None:
        return _no_items
    if B is None:
        return _empty_like
    if A == B:
        def intersection_same(a, b):
            # (the smaller set walked, its items looked up in the other)
            if _len(a) <= _len(b):
                return _filter(a, b, True)
            return _filter(b, a, True)
        return intersection_same
    if not _compatible(A, B):
        return _empty_like
    return _intersection  # (a's items, of a's type)


@overload(_difference)
def _difference_typing(a, b):
    A, B = _pair(a, b)
    if A is None or B is None or not _compatible(A, B):
        return _copy_of(a, b, True)

    return _difference


@overload(_symmetric_difference)
def _symmetric_difference_typing(a, b):
    A, B = _pair(a, b)
    if B is None:
        return _copy_of(a, b, True)
    if A is None:
        return _copy_of(a, b, False)
    wider = _wider(A, B)
    if wider == 0:
        return _symmetric_difference
    if wider == 1:
        def symmetric_difference_right(a, b):
            c = _filter(b, a, False)
            ka = _keys(a)
            r = _new_like(_keys(c))
            for x in ka:
                if not _contains(b, x):
                    r.append(_store_key(r, x))
            for x in _keys(c):
                r.append(x)
            return _of(r)
        return symmetric_difference_right
    return None


@overload(_subset)
def _subset_typing(a, b):
    A, B = _pair(a, b)
    if A is None:
        def empty_subset(a, b):
            return True
        return empty_subset
    if B is None:
        def subset_of_empty(a, b):
            return _len(a) == 0
        return subset_of_empty

    return _subset


@overload(_disjoint)
def _disjoint_typing(a, b):
    A, B = _pair(a, b)
    if A is None or B is None:
        def disjoint_empty(a, b):
            return True
        return disjoint_empty

    return _disjoint


@overload(_equal)
def _equal_typing(a, b):
    A, B = _pair(a, b)
    if A is None or B is None:
        empty_a = A is None
        empty_b = B is None

        def equal_empty(a, b):
            n = 0
            if not empty_a:
                n += _len(a)
            if not empty_b:
                n += _len(b)
            return n == 0
        return equal_empty
    if A == B:
        return _eq_same  # (dicts.py's: values all True; hashes reused)
    return _eq


# --- the registered functions -------------------------------------------------------

def _copy_typing(s):
    if _empty_dict(s):
        def copy_untyped(s):
            return ("\x00set", [], _bools(), _ints(), _ints())
        return copy_untyped
    return _copy


# A set looked up in a set is a frozenset to CPython (`{1} in s` is False, not a
# TypeError; `s.remove({1})` raises KeyError({1})): compiled sets hold no frozensets, so
# it is never there.


@library("builtins.set.__contains__")
def _set_contains(s, x):
    if not _is_set(s):
        return None
    if _is_set(x):
        def contains_set(s, x):
            return False
        return contains_set
    return _contains  # (dicts.py's lookup: no allocation)


@library("builtins.set.__len__")
def _set_len(s):
    if not _is_set(s):
        return None
    if _empty_dict(s):
        def len_empty(s):
            return 0
        return len_empty
    return _len


@library("builtins.set.keys")
def _set_keys(s):
    # the items in insertion order, a new list (what `for x in s` walks)
    if not _is_set(s):
        return None
    if _empty_dict(s):
        def keys_empty(s):
            return []
        return keys_empty
    return _keys


@library("builtins.set.add")
def _set_add(s, x):
    if not _is_set(s):
        return None
    if _empty_dict(s):
        _untyped_store("add")
    return _add


@library("builtins.set.discard")
def _set_discard(s, x):
    if not _is_set(s):
        return None
    if _is_set(x):
        def discard_set(s, x):
            pass
        return discard_set
    if _empty_dict(s):
        def discard_empty(s, x):
            _find_key(s, x)  # (raises TypeError for an unhashable item)
        return discard_empty
    return _discard


@library("builtins.set.remove")
def _set_remove(s, x):
    if not _is_set(s):
        return None
    if _is_set(x):
        def remove_set(s, x):
            raise KeyError(f"\x00repr:{x!r}")
        return remove_set
    if _empty_dict(s):
        def remove_empty(s, x):
            if _find_key(s, x) < 0:
                raise KeyError(f"\x00repr:{x!r}")
        return remove_empty
    return _delitem  # (KeyError(x) when x is missing)


@library("builtins.set.pop")
def _set_pop(s):
    if not _is_set(s):
        return None
    return _pop


@library("builtins.set.clear")
def _set_clear(s):
    if not _is_set(s):
        return None
    return _reset


@library("builtins.set.copy")
def _set_copy(s):
    if not _is_set(s):
        return None
    return _copy_typing(s)


@library("builtins.set.update")
def _set_update(s, *others):
    if not _is_set(s):
        return None
    if len(others) == 0:
        def update_nothing(s):
            pass
        return update_nothing
    if len(others) != 1:
        return None
    it = others[0]
    if _is_set(it):
        B = _items_type(it)
        if B is None:
            def update_from_empty(s, it):
                pass
            return update_from_empty
        A = _items_type(s)
        if A is None:
            _untyped_store("update")
        if A == B:
            return _update_same  # (the hashes of `it` reused)
        if _wider(A, B) == 0:
            return _update
        return None
    item = _iterable_item(it)
    if item is None:
        return None
    if item == "unknown":
        def update_from_nothing(s, it):
            pass
        return update_from_nothing
    if _items_type(s) is None:
        _untyped_store("update")
    return _update_iter


def _binary(name, function):
    """Register `set.<name>(a, b)` (a method: b a set or another iterable) as `function`
    of two sets."""
    @library("builtins.set." + name)
    def typing(a, *others):
        if not _is_set(a):
            return None
        if len(others) == 0 and function in (_union, _intersection, _difference,
                                             _symmetric_difference):
            return _copy_typing(a)
        if len(others) != 1:
            return None
        b = others[0]
        if _is_set(b):
            def on_set(a, b):
                return function(a, b)
            return on_set
        if _is_dict(b):
            if _empty_dict(b):
                def on_empty_dict(a, b):
                    return function(a, ("\x00set", [], _bools(), _ints(), _ints()))
                return on_empty_dict

            def on_dict(a, b):
                return function(a, _of(_keys(b)))  # (its keys)
            return on_dict
        item = _iterable_item(b)
        if item is None:
            return None
        if item == "unknown":
            def on_nothing(a, b):
                return function(a, ("\x00set", [], _bools(), _ints(), _ints()))
            return on_nothing

        def on_iterable(a, b):
            return function(a, _from_iter(b))
        return on_iterable
    return typing


_set_union = _binary("union", _union)
_set_intersection = _binary("intersection", _intersection)
_set_difference = _binary("difference", _difference)
_set_symmetric_difference = _binary("symmetric_difference", _symmetric_difference)
_set_issubset = _binary("issubset", _subset)
_set_isdisjoint = _binary("isdisjoint", _disjoint)


def _superset(a, b):
    return _subset(b, a)


_set_issuperset = _binary("issuperset", _superset)


def _operator(name, function):
    """Register the operator `set.<name>(a, b)` of two sets as `function`."""
    @library("builtins.set." + name)
    def typing(a, b):
        if not (_is_set(a) and _is_set(b)):
            return None

        def impl(a, b):
            return function(a, b)
        return impl
    return typing


def _proper_subset(a, b):
    return _len(a) < _len(b) and _subset(a, b)


def _proper_superset(a, b):
    return _len(a) > _len(b) and _subset(b, a)


_set_or = _operator("__or__", _union)
_set_and = _operator("__and__", _intersection)
_set_sub = _operator("__sub__", _difference)
_set_xor = _operator("__xor__", _symmetric_difference)
_set_eq = _operator("__eq__", _equal)
_set_le = _operator("__le__", _subset)
_set_ge = _operator("__ge__", _superset)
_set_lt = _operator("__lt__", _proper_subset)
_set_gt = _operator("__gt__", _proper_superset)


@library("builtins.set.__ne__")
def _set_ne(a, b):
    if not (_is_set(a) and _is_set(b)):
        return None

    def ne(a, b):
        return not _equal(a, b)
    return ne


# --- in place: `a |= b`... (a updated; other names for it see the change) -----------

@library("builtins.set.__ior__")
def _set_ior(a, b):
    if not (_is_set(a) and _is_set(b)):
        return None
    return _set_update(a, b)


@library("builtins.set.__iand__")
def _set_iand(a, b):
    if not (_is_set(a) and _is_set(b)):
        return None
    if _empty_dict(a):
        def iand_empty(a, b):
            pass
        return iand_empty

    def iand(a, b):
        for x in _keys(a):  # (a copy: a changes)
            if not _contains(b, x):
                _discard(a, x)
    return iand


@library("builtins.set.__isub__")
def _set_isub(a, b):
    if not (_is_set(a) and _is_set(b)):
        return None
    if _empty_dict(a) or _empty_dict(b):
        def isub_nothing(a, b):
            pass
        return isub_nothing

    def isub(a, b):
        if _len(b) == 0:
            return
        for x in _keys(b):  # (a copy: b may be a)
            _discard(a, x)
    return isub


@library("builtins.set.__ixor__")
def _set_ixor(a, b):
    if not (_is_set(a) and _is_set(b)):
        return None
    A, B = _pair(a, b)
    if B is None:
        def ixor_nothing(a, b):
            pass
        return ixor_nothing
    if A is None:
        _untyped_store("__ixor__")
    if _wider(A, B) != 0:
        return None

    def ixor(a, b):
        for x in _keys(b):  # (a copy: b may be a)
            if _contains(a, x):
                _discard(a, x)
            else:
                _add(a, x)
    return ixor
