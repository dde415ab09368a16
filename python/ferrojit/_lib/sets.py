"""Python's ``set`` for compiled code, written in Python on CPython's set table
(set_table.py: ``Objects/setobject.c`` step for step).

The compiler builds sets (``{a, b}``, ``set()``, ``set(it)`` as an empty set then
``update``) and lowers every operation to a function registered here (``builtins.set.add``,
``builtins.set.__or__``...). Lookups of items of another type go through dicts.py's
``_find_key`` (lossless: ``2.0 in {2}``), which finds a set's slot in set_table.py.

Every operation walks and fills tables in CPython 3.11's order, so iteration, ``print``,
``list(s)``, ``sum`` of floats and ``pop`` agree with CPython: ``a | b`` copies ``a`` then
merges ``b``; ``a & b`` walks the smaller set (``b`` on a tie); ``a - b`` copies ``a`` and
discards ``b``'s items when ``a`` is over four times larger, else walks ``a``; ``a ^ b``
copies ``b`` then walks ``a``; removals that leave over a quarter of dummies resize.

Items of two types: ``|`` and ``^`` (and ``union``...) make a set of the wider type
(bool < int < float < complex: ints and floats make floats, as lists do); ``&`` and ``-``
keep the left operand's items; ``|=`` and ``^=`` need the right operand's items to fit the
left set's type. (CPython keeps the objects themselves: ``{1.0} & {1, 2}`` holds 1.0.)

Results and error messages follow CPython 3.11: ``remove`` of a missing item raises
``KeyError("\\x00repr:" + repr(item))`` (``KeyError(item)`` at the Python boundary),
``pop`` of an empty set ``KeyError('pop from an empty set')``.
"""

from .. import types
from ..extending import library, overload
from .dicts import (_compatible, _contains, _empty_dict, _find_key, _floatlike, _intlike,
                    _is_dict, _is_set, _is_table, _keys as _dict_keys, _new_like,
                    _store_key, _unknown)
from .set_table import (_add_h, _clear, _copy, _hash, _keys, _len, _merge, _pop, _ready, _resize,
                        _same, _shrink, _take)


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
    k = _store_key(s[1], x)
    _add_h(s, k, _hash(k))


def _discard(s, x):
    # remove x (of any type) if there; whether it was
    j = _find_key(s, x)
    if j < 0:
        return False
    s[3][j] = -1  # a dummy
    s[4][0] -= 1
    return True


def _discard_none(s, x):
    _discard(s, x)


def _remove(s, x):
    if not _discard(s, x):
        raise KeyError(f"\x00repr:{x!r}")


def _update_nothing(s, it):
    # update from something without items (an empty set, dict or list of no type)
    pass


def _update_iter(s, it):
    for x in it:
        _add(s, x)


def _update_dict(s, d):
    # set_update_internal of a dict: one resize for its keys first, then each added
    n = len(d)
    if n == 0:
        return
    ks = _dict_keys(d)
    if not _ready(s):
        _add(s, ks[0])
    meta = s[4]
    if (meta[1] + n) * 5 >= (len(s[3]) - 1) * 3:
        _resize(s, (meta[0] + n) * 2)
    for k in ks:
        _add(s, k)


def _filter(a, b, keep):
    # the set of the items of a (in a's order) that are in b (`keep`) or not in b
    r = _new_like(a[1])
    for x in _keys(a):
        if _contains(b, x) == keep:
            r.append(x)
    return _of(r)


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


def _difference_update(s, o):
    # set_difference_update_internal of a set o
    if _same(s, o):
        _clear(s)
        return
    if (_len(o) >> 3) > _len(s):
        for x in _keys(_intersection(s, o)):
            _discard(s, x)
    else:
        for x in _keys(o):
            _discard(s, x)
    if _ready(s):
        _shrink(s)


def _symmetric_update(s, o):
    # set_symmetric_difference_update of a set o
    if _same(s, o):
        _clear(s)
        return
    for x in _keys(o):
        if not _discard(s, x):
            _add(s, x)


# --- set operations on two sets (an implementation per pair of item types) ----------
# The plain versions run as they are in Python; compiled, the overloads below choose.

def _union(a, b):
    c = _copy(a)
    _merge(c, b)  # (b's items converted to a's type)
    return c


def _intersection(a, b):
    # the smaller set walked (b on a tie), its items looked up in the other (a's type)
    r = _new_like(a[1])
    if _len(b) <= _len(a):
        for x in _keys(b):
            if _contains(a, x):
                r.append(_store_key(r, x))
    else:
        for x in _keys(a):
            if _contains(b, x):
                r.append(x)
    return _of(r)


def _difference(a, b):
    if (_len(a) >> 2) > _len(b):
        c = _copy(a)
        _difference_update(c, b)
        return c
    return _filter(a, b, False)


def _symmetric_difference(a, b):
    # a's type the wider: b's items in a set of a's type, then a walked
    c = _empty_like(a, b)
    _merge(c, b)
    _symmetric_update(c, a)
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
    return _of(_new_like(a[1]))


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
    wider = _wider(A, B)
    if wider == 0:
        return _union  # (b's items converted)
    if wider == 1:
        def union_right(a, b):
            # a copied into a set of b's type, then b merged
            c = _empty_like(b, a)
            _merge(c, a)
            _merge(c, b)
            return c
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
            c = _copy(b)
            _symmetric_update(c, a)  # (a's items converted)
            return c
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
    return _equal


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
    return _discard_none


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
    return _remove  # (KeyError(x) when x is missing)


@library("builtins.set.pop")
def _set_pop(s):
    if not _is_set(s):
        return None
    return _pop


@library("builtins.set.clear")
def _set_clear(s):
    if not _is_set(s):
        return None
    return _clear


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
            return _update_nothing
        A = _items_type(s)
        if A is None:
            _untyped_store("update")
        if _wider(A, B) == 0:
            return _merge  # (set_merge: the hashes of `it` reused)
        return None
    if _is_dict(it):
        if _empty_dict(it):
            return _update_nothing
        if _items_type(s) is None:
            _untyped_store("update")
        return _update_dict
    item = _iterable_item(it)
    if item is None:
        return None
    if item == "unknown":
        return _update_nothing
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
                return function(a, _of(_dict_keys(b)))  # (its keys)
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
        # CPython: the intersection's table takes the place of a's
        _take(a, _intersection(a, b))
    return iand


@library("builtins.set.__isub__")
def _set_isub(a, b):
    if not (_is_set(a) and _is_set(b)):
        return None
    if _empty_dict(a) or _empty_dict(b):
        def isub_nothing(a, b):
            pass
        return isub_nothing

    return _difference_update


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

    return _symmetric_update
