"""The dict library (python/ferrojit/_lib/dicts.py) on its own representation, before the
compiler's dict syntax: a dict is the 5-tuple ``("\\x00dict", keys, vals, hashes, table)``
built here from typed lists, and the library's helpers and registered implementations
(``builtins.dict.*``) are called through small wrappers, compiled and as plain Python.
CPython's dict is the oracle: after every operation the live items (in insertion order),
the length, the results and the exceptions must agree. Dicts start empty or not indexed
(keys and values in order, with duplicate keys, as literals and dicts from Python are)."""

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ferrojit
from ferrojit import typed, types
from ferrojit.errors import TypingError
from ferrojit._lib import dicts
from ferrojit.extending import overload

MARKER = "\x00dict"


def make(kt, vt, pairs=()):
    """A dict of `kt` keys and `vt` values, not indexed, holding `pairs` in order."""
    keys = typed.List.empty_list(kt)
    vals = typed.List.empty_list(vt)
    for k, v in pairs:
        keys.append(k)
        vals.append(v)
    return (MARKER, keys, vals, typed.List.empty_list(types.int64), typed.List.empty_list(types.int64))


def live_items(d):
    """The entries of the representation, read directly (not by the library)."""
    _, keys, vals, hashes, table = d
    if len(table) == 0:
        return list(dict(zip(keys, vals)).items())
    return [(keys[i], vals[i]) for i in range(len(keys)) if hashes[i] != -1]


def check_invariants(d):
    _, keys, vals, hashes, table = d
    assert len(keys) == len(vals)
    if len(table) == 0:
        assert len(hashes) == 0
        return
    assert len(hashes) == len(keys)
    size = len(table) - 1
    assert size >= 8 and size & (size - 1) == 0
    live = [i for i in range(len(keys)) if hashes[i] != -1]
    assert table[0] == len(live)
    slots = list(table[1:])
    assert 3 * len(keys) < 2 * size
    # every live entry has exactly one slot, on its hash's probe sequence before any
    # empty slot; its hash is its key's
    assert sorted(s for s in slots if s >= 0) == live
    mask = size - 1
    for i in live:
        assert hashes[i] == dicts._key_hash(keys[i]) and hashes[i] != -1
        j, perturb = hashes[i] & mask, hashes[i] & (2**64 - 1)
        for _ in range(size + 16):
            if slots[j] == i:
                break
            assert slots[j] != -1
            perturb >>= 5
            j = (j * 5 + perturb + 1) & mask
        else:
            raise AssertionError(f"entry {i} is not on its probe sequence")
    assert any(s == -1 for s in slots)


# --- the registered implementations, reachable through stand-ins ----------------------

def _stub(typing):
    def stand_in(*args):
        raise AssertionError("compiled only")
    overload(stand_in)(typing)
    return stand_in


d_getitem = _stub(dicts._dict_getitem)
d_setitem = _stub(dicts._dict_setitem)
d_delitem = _stub(dicts._dict_delitem)
d_contains = _stub(dicts._dict_contains)
d_len = _stub(dicts._dict_len)
d_get = _stub(dicts._dict_get)
d_setdefault = _stub(dicts._dict_setdefault)
d_pop = _stub(dicts._dict_pop)
d_popitem = _stub(dicts._dict_popitem)
d_clear = _stub(dicts._dict_clear)
d_copy = _stub(dicts._dict_copy)
d_update = _stub(dicts._dict_update)
d_keys = _stub(dicts._dict_keys)
d_values = _stub(dicts._dict_values)
d_items = _stub(dicts._dict_items)
d_eq = _stub(dicts._dict_eq)
d_ne = _stub(dicts._dict_ne)


# --- wrappers: the plain helpers (compiled, or run by CPython as they are) -------------

def op_set(d, k, v):
    dicts._setitem(d, k, v)


def op_getitem(d, k):
    return dicts._getitem(d, k)


def op_get(d, k):
    return dicts._get(d, k, None)


def op_get_default(d, k, default):
    return dicts._get(d, k, default)


def op_del(d, k):
    dicts._delitem(d, k)


def op_pop(d, k):
    return dicts._pop(d, k)


def op_pop_default(d, k, default):
    return dicts._pop_default(d, k, default)


def op_setdefault(d, k, v):
    return dicts._setdefault(d, k, v)


def op_popitem(d):
    return dicts._popitem(d)


def op_clear(d):
    dicts._clear(d)


def op_contains(d, k):
    return dicts._contains(d, k)


def op_len(d):
    return dicts._len(d)


def op_items(d):
    return dicts._items(d)


def op_keys(d):
    return dicts._keys(d)


def op_values(d):
    return dicts._values(d)


def op_copy(d, k, v):
    # the copy has lists of its own: setting and deleting in it leaves d alone
    c = dicts._copy(d)
    dicts._setitem(c, k, v)
    e = dicts._eq(c, d)
    if dicts._len(c) > 1:
        dicts._popitem(c)
    return dicts._items(c), dicts._len(c), e


def op_eq(d, e):
    return dicts._eq(d, e)


def op_update(d, e):
    dicts._update(d, e)


WRAPPERS = [op_set, op_getitem, op_get, op_get_default, op_del, op_pop, op_pop_default,
            op_setdefault, op_popitem, op_clear, op_contains, op_len, op_items, op_keys,
            op_values, op_copy, op_eq, op_update]
PY = {f.__name__: f for f in WRAPPERS}
_DISPATCHERS = {}


def compiled(name, d):
    """The compiled wrapper, one dispatcher per dict type: a dispatcher takes a list of
    ints for a specialisation compiled for a list of floats (and writes floats back)."""
    key = (name, str(d[1]._item_type), str(d[2]._item_type))
    f = _DISPATCHERS.get(key)
    if f is None:
        f = _DISPATCHERS[key] = ferrojit.njit(PY[name])
    return f


class _Jit:
    def __getitem__(self, name):
        return lambda d, *args: compiled(name, d)(d, *args)


JIT = _Jit()


def _first_arg(e):
    """An exception's first argument, a compiled KeyError's key as the library raises it
    (the Python boundary turns `KeyError("\\x00repr:" + repr(key))` into `KeyError(key)`;
    plain Python keeps the library's text)."""
    a = e.args[0] if e.args else None
    if isinstance(e, KeyError) and not (isinstance(a, str) and (a.startswith("\x00repr:") or a == "popitem(): dictionary is empty")):
        return "\x00repr:" + repr(a)
    return a


def call(mode, name, *args):
    """(result, None) or (None, exception type and its first argument)."""
    f = JIT[name] if mode == "jit" else PY[name]
    try:
        return f(*args), None
    except TypingError:
        raise
    except (KeyError, TypeError) as e:
        return None, (type(e), _first_arg(e))


def reference(ref, name, *args):
    try:
        if name == "op_set":
            ref[args[0]] = args[1]
            return None, None
        if name == "op_getitem":
            return ref[args[0]], None
        if name == "op_get":
            return ref.get(args[0]), None
        if name == "op_get_default":
            return ref.get(args[0], args[1]), None
        if name == "op_del":
            del ref[args[0]]
            return None, None
        if name == "op_pop":
            return ref.pop(args[0]), None
        if name == "op_pop_default":
            return ref.pop(args[0], args[1]), None
        if name == "op_setdefault":
            return ref.setdefault(args[0], args[1]), None
        if name == "op_popitem":
            return ref.popitem(), None
        if name == "op_clear":
            ref.clear()
            return None, None
        if name == "op_contains":
            return args[0] in ref, None
        if name == "op_len":
            return len(ref), None
        if name == "op_items":
            return list(ref.items()), None
        if name == "op_keys":
            return list(ref.keys()), None
        if name == "op_values":
            return list(ref.values()), None
        if name == "op_copy":
            c = dict(ref)
            c[args[0]] = args[1]
            e = c == ref
            if len(c) > 1:
                c.popitem()
            return (list(c.items()), len(c), e), None
        if name == "op_update":
            ref.update(dict(args[0]))
            return None, None
        if name == "op_eq":
            return ref == dict(args[0]), None
    except KeyError as e:
        k = e.args[0]
        if name == "op_popitem":
            return None, (KeyError, k)
        return None, (KeyError, "\x00repr:" + repr(k))
    raise AssertionError(name)


def same(a, b):
    # equal, and floats of the same sign (-0.0 is a key distinct in print, equal in dicts)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b and type(a) is type(b) or (isinstance(a, float) and isinstance(b, float) and a == b)


def run_ops(mode, kt, vt, start, ops):
    """Apply `ops` to a dict of the representation (starting not indexed with the pairs
    `start`) and to a CPython dict, comparing after each step."""
    d = make(kt, vt, start)
    ref = dict(start)
    for name, args in ops:
        if name == "op_eq_reordered":
            # the same items in another order (and not indexed)
            name, args = "op_eq", (list(ref.items())[::-1],)
        want = reference(ref, name, *args)
        if name in ("op_update", "op_eq"):
            args = (make(kt, vt, args[0]),)
        got = call(mode, name, d, *args)
        assert same(got[0], want[0]) and got[1] == want[1], (name, args, got, want)
        assert same(live_items(d), list(ref.items())), (name, args, live_items(d), list(ref.items()))
        check_invariants(d)
        got_len = call(mode, "op_len", d)[0]
        assert got_len == len(ref)
    assert same(call(mode, "op_items", d)[0], list(ref.items()))
    assert same(call(mode, "op_keys", d)[0], list(ref.keys()))
    assert same(call(mode, "op_values", d)[0], list(ref.values()))


def ops_strategy(keys, values):
    k = keys
    v = values
    one = st.one_of(
        st.tuples(st.just("op_set"), st.tuples(k, v)),
        st.tuples(st.just("op_set"), st.tuples(k, v)),
        st.tuples(st.just("op_set"), st.tuples(k, v)),
        st.tuples(st.just("op_getitem"), st.tuples(k)),
        st.tuples(st.just("op_get"), st.tuples(k)),
        st.tuples(st.just("op_get_default"), st.tuples(k, v)),
        st.tuples(st.just("op_del"), st.tuples(k)),
        st.tuples(st.just("op_del"), st.tuples(k)),
        st.tuples(st.just("op_pop"), st.tuples(k)),
        st.tuples(st.just("op_pop_default"), st.tuples(k, v)),
        st.tuples(st.just("op_setdefault"), st.tuples(k, v)),
        st.tuples(st.just("op_popitem"), st.just(())),
        st.tuples(st.just("op_contains"), st.tuples(k)),
        st.tuples(st.just("op_len"), st.just(())),
        st.tuples(st.just("op_items"), st.just(())),
        st.tuples(st.just("op_copy"), st.tuples(k, v)),
        st.tuples(st.just("op_update"), st.tuples(st.lists(st.tuples(k, v), max_size=6))),
        st.tuples(st.just("op_eq"), st.tuples(st.lists(st.tuples(k, v), max_size=4))),
        st.tuples(st.just("op_eq_reordered"), st.just(())),
        st.just(("op_clear", ())),
    )
    return st.lists(one, max_size=60)


SMALL_INTS = st.integers(-3, 12)
BIG_INTS = st.one_of(st.integers(-2**63, 2**63 - 1),
                     st.sampled_from([-1, -2, 2**62, -2**62, 2**63 - 1, -2**63, 8, 16, 1 << 40]))
INT_VALUES = st.integers(-1000, 1000)
FLOAT_KEYS = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.0, 2.5, -2.5, 1e20, -1e300, float("inf"), float("-inf"),
                              2.0**62, 2.0**63, 0.1, 3.0, 7.0, 8.0, 16.0, 1e-300])
FLOAT_VALUES = st.floats(-1e6, 1e6, allow_nan=False)
TUPLE_KEYS = st.tuples(st.integers(-2, 3), st.integers(-2, 3))


def starts(keys, values):
    return st.lists(st.tuples(keys, values), max_size=12)


EXAMPLES = 25 * int(os.environ.get("FERROJIT_TEST_SCALE", "1"))  # (conftest's scale)


@pytest.mark.parametrize("mode", ["jit", "py"])
@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data())
def test_int_keys_small(mode, data):
    start = data.draw(starts(SMALL_INTS, FLOAT_VALUES))
    ops = data.draw(ops_strategy(SMALL_INTS, FLOAT_VALUES))
    run_ops(mode, types.int64, types.float64, start, ops)


@pytest.mark.parametrize("mode", ["jit", "py"])
@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data())
def test_int_keys_large(mode, data):
    keys = st.one_of(SMALL_INTS, BIG_INTS)
    start = data.draw(starts(keys, FLOAT_VALUES))
    ops = data.draw(ops_strategy(keys, FLOAT_VALUES))
    run_ops(mode, types.int64, types.float64, start, ops)


@pytest.mark.parametrize("mode", ["jit", "py"])
@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data())
def test_float_keys(mode, data):
    start = data.draw(starts(FLOAT_KEYS, INT_VALUES))
    ops = data.draw(ops_strategy(FLOAT_KEYS, INT_VALUES))
    run_ops(mode, types.float64, types.int64, start, ops)


TUPLE_TYPE = types.Type("(int64, int64)")
STR_KEYS = st.sampled_from(["", "a", "b", "ab", "ba", "x" * 20, "é", "-1"])


@pytest.mark.parametrize("mode", ["jit", "py"])
@settings(max_examples=max(1, EXAMPLES // 3), deadline=None)
@given(data=st.data())
def test_str_keys(mode, data):
    start = data.draw(starts(STR_KEYS, INT_VALUES))
    ops = data.draw(ops_strategy(STR_KEYS, INT_VALUES))
    run_ops(mode, types.unicode_type, types.int64, start, ops)


@pytest.mark.parametrize("mode", ["jit", "py"])
@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data())
def test_tuple_keys(mode, data):
    start = data.draw(starts(TUPLE_KEYS, INT_VALUES))
    ops = data.draw(ops_strategy(TUPLE_KEYS, INT_VALUES))
    run_ops(mode, TUPLE_TYPE, types.int64, start, ops)


# --- the registered implementations -----------------------------------------------------

def impl_basic(d):
    d_setitem(d, 5, 1.5)
    d_setitem(d, 7, 2.5)
    d_setitem(d, 5, 3.5)
    a = d_getitem(d, 5)
    b = d_get(d, 6)
    c = d_get(d, 7, -1.0)
    e = d_contains(d, 7)
    f = d_contains(d, 6)
    n = d_len(d)
    return a, b, c, e, f, n


def impl_mutate(d):
    x = d_setdefault(d, 1, 10.0)
    y = d_setdefault(d, 1, 20.0)
    p = d_pop(d, 2)
    q = d_pop(d, 99, -5.0)
    d_delitem(d, 3)
    r = d_popitem(d)
    return x, y, p, q, r, d_keys(d), d_values(d), d_items(d)


def impl_copy(d):
    c = d_copy(d)
    d_setitem(c, 100, 1.0)
    d_delitem(c, 100)
    return d_items(c), d_eq(c, d), d_ne(c, d), d_len(c)


def impl_update(d, e):
    d_update(d, e)
    return d_items(d)


def impl_eq(d, e):
    return d_eq(d, e), d_ne(d, e)


def impl_clear(d):
    d_clear(d)
    return d_len(d)


def impl_getitem(d, k):
    return d_getitem(d, k)


def impl_delitem(d, k):
    d_delitem(d, k)


def impl_pop(d, k):
    return d_pop(d, k)


def impl_popitem(d):
    return d_popitem(d)


def impl_lookups(d, k):
    # every lookup, for a key that may have another type than the dict's
    return d_contains(d, k), d_get(d, k), d_pop(d, k, None) is not None


def _sig(x):
    if isinstance(x, typed.List):
        return ("list", str(x._item_type))
    if isinstance(x, tuple):
        return tuple(_sig(y) for y in x)
    return type(x).__name__


def jit(f, *args):
    """f compiled, by a dispatcher of its own for these argument types (see `compiled`);
    (KeyError or TypeError, its argument) when it raises one."""
    key = (f, _sig(args))
    g = _DISPATCHERS.get(key)
    if g is None:
        g = _DISPATCHERS[key] = ferrojit.njit(f)
    try:
        return g(*args)
    except TypingError:
        raise
    except (KeyError, TypeError) as e:
        return type(e), _first_arg(e)


def test_impl_basic():
    d = make(types.int64, types.float64, [(5, 0.5), (9, 9.0)])
    assert jit(impl_basic, d) == (3.5, None, 2.5, True, False, 3)
    assert live_items(d) == [(5, 3.5), (9, 9.0), (7, 2.5)]
    check_invariants(d)


def test_impl_mutate():
    pairs = [(2, 2.0), (3, 3.0), (4, 4.0), (2, 22.0), (5, 5.0)]
    d = make(types.int64, types.float64, pairs)
    ref = dict(pairs)
    want = (ref.setdefault(1, 10.0), ref.setdefault(1, 20.0), ref.pop(2), ref.pop(99, -5.0),
            ref.__delitem__(3), ref.popitem(), list(ref.keys()), list(ref.values()), list(ref.items()))
    want = want[:4] + want[5:]
    assert jit(impl_mutate, d) == want
    assert live_items(d) == list(ref.items())
    check_invariants(d)


@pytest.mark.parametrize("deleted", [False, True])
def test_impl_copy(deleted):
    d = make(types.int64, types.float64, [(i, float(i)) for i in range(10)] + [(3, 33.0)])
    if deleted:
        JIT["op_del"](d, 4)
        JIT["op_del"](d, 0)
    ref = dict(live_items(d))
    items, eq, ne, n = jit(impl_copy, d)
    assert items == list(ref.items()) and eq and not ne and n == len(ref)
    assert live_items(d) == list(ref.items())  # d itself untouched


def test_impl_copy_not_indexed():
    d = make(types.int64, types.float64, [(1, 1.0), (1, 2.0)])
    assert jit(impl_copy, d) == ([(1, 2.0)], True, False, 1)


def test_impl_update():
    d = make(types.int64, types.float64, [(1, 1.0), (2, 2.0), (1, 11.0)])
    e = make(types.int64, types.float64, [(3, 3.0), (2, 20.0), (3, 30.0), (4, 4.0)])
    ref = dict([(1, 1.0), (2, 2.0), (1, 11.0)])
    ref.update(dict([(3, 3.0), (2, 20.0), (3, 30.0), (4, 4.0)]))
    assert jit(impl_update, d, e) == list(ref.items())
    # keys of another type (converted), and the dict itself
    f = make(types.float64, types.float64, [(1.0, 5.0), (7.0, 7.0)])
    ref.update({1.0: 5.0, 7.0: 7.0})
    assert jit(impl_update, d, f) == list(ref.items())
    assert [type(k) for k, _ in live_items(d)] == [int] * len(ref)
    assert jit(impl_update, d, d) == list(ref.items())


def test_impl_eq():
    a = make(types.int64, types.float64, [(1, 1.0), (2, 2.0)])
    b = make(types.int64, types.float64, [(2, 2.0), (1, 1.0)])
    c = make(types.int64, types.float64, [(2, 2.0), (1, 1.5)])
    e = make(types.int64, types.float64, [(2, 2.0), (3, 1.0)])
    f = make(types.float64, types.float64, [(2.0, 2.0), (1.0, 1.0)])
    g = make(types.int64, types.float64, [(2, 2.0), (1, 1.0), (1, 1.0), (5, 5.0)])
    assert jit(impl_eq, a, b) == (True, False)
    assert jit(impl_eq, a, c) == (False, True)
    assert jit(impl_eq, a, e) == (False, True)
    assert jit(impl_eq, a, f) == (True, False)
    assert jit(impl_eq, a, g) == (False, True)
    assert jit(impl_eq, make(types.int64, types.float64), make(types.int64, types.float64)) == (True, False)


def test_impl_clear():
    d = make(types.int64, types.float64, [(1, 1.0), (2, 2.0)])
    assert jit(impl_clear, d) == 0
    assert [len(l) for l in d[1:]] == [0, 0, 0, 0]
    assert JIT["op_items"](d) == [] and JIT["op_len"](d) == 0


def test_key_errors():
    d = make(types.int64, types.float64, [(1, 1.0)])
    assert jit(impl_getitem, d, 2) == (KeyError, "\x00repr:2")
    assert jit(impl_getitem, d, 2.5) == (KeyError, "\x00repr:2.5")
    assert jit(impl_getitem, d, "a") == (KeyError, "\x00repr:'a'")
    assert jit(impl_delitem, d, 3) == (KeyError, "\x00repr:3")
    assert jit(impl_pop, d, (1, 2)) == (KeyError, "\x00repr:(1, 2)")
    assert jit(impl_popitem, d) == (1, 1.0)
    assert jit(impl_popitem, d) == (KeyError, "popitem(): dictionary is empty")
    s = make(types.unicode_type, types.int64, [("x'y", 1)])
    assert jit(impl_getitem, s, "z") == (KeyError, "\x00repr:'z'")
    assert jit(impl_getitem, s, "x'y") == 1
    # the same messages as plain Python
    with pytest.raises(KeyError) as e:
        op_getitem(make(types.int64, types.float64), 2.5)
    assert e.value.args[0] == "\x00repr:2.5"
    with pytest.raises(KeyError) as e:
        op_popitem(make(types.int64, types.float64))
    assert e.value.args[0] == "popitem(): dictionary is empty"


def test_unhashable_key():
    d = make(types.int64, types.float64, [(1, 1.0)])
    lst = typed.List([1])
    assert jit(impl_getitem, d, lst) == (TypeError, "unhashable type: 'list'")
    with pytest.raises(TypeError, match="unhashable type: 'list'"):
        op_contains(d, [1])


LOOKUPS = [
    # (key type, pairs, lookup keys)
    (types.int64, [(2, 1.0), (-1, 2.0), (2**62, 3.0), (2**63 - 1, 4.0), (-2**63, 5.0), (0, 6.0)],
     [2, 2.0, 2.5, True, False, -1.0, 2.0**62, 2.0**63, -2.0**63, 1e300, float("inf"), float("nan"),
      complex(2, 0), complex(2, 1), "2", (2,), -0.0, 3]),
    (types.float64,
     [(2.0, 1.0), (2.5, 2.0), (2.0**62, 3.0), (2.0**53, 4.0), (-0.0, 5.0), (1e300, 6.0), (float("inf"), 7.0)],
     [2, 2.5, True, 2**62, 2**53, 2**53 + 1, 0, -0.0, 0.0, 2**63 - 1, complex(2.5, 0), complex(2.5, 1), "x",
      float("inf"), 1e300, (2.0,)]),
    (types.boolean, [(True, 1.0)], [1, 1.0, True, 0, False, 2, complex(1, 0), "True"]),
    (types.complex128, [(complex(2, 0), 1.0), (complex(1, 1), 2.0)], [2, 2.0, complex(1, 1), 1, 2**53 + 1, "c"]),
    (types.unicode_type, [("a", 1.0), ("", 2.0), ("bb", 3.0)], ["a", "", "b", "bb", 1, 2.5, ("a",)]),
    (TUPLE_TYPE, [((1, 2), 1.0), ((-1, -2), 2.0)], [(1, 2), (1.0, 2.0), (1, 2, 3), (1,), (-1, -2), (2, 1), 1, "a"]),
]


@pytest.mark.parametrize("case", range(len(LOOKUPS)))
def test_lookup_other_types(case):
    kt, pairs, lookups = LOOKUPS[case]
    for k in lookups:
        ref = dict(pairs)
        want = (k in ref, ref.get(k), ref.pop(k, None) is not None)
        d = make(kt, types.float64, pairs)
        assert jit(impl_lookups, d, k) == want, (kt, k)
        assert sorted(map(repr, live_items(d))) == sorted(map(repr, ref.items())), (kt, k)
        d = make(kt, types.float64, pairs)
        assert (op_contains(d, k), op_get(d, k)) == want[:2], (kt, k)


def test_store_other_types():
    d = make(types.float64, types.float64, [(1.5, 1.0)])
    JIT["op_set"](d, 2, 2.0)
    JIT["op_set"](d, True, 3.0)
    assert live_items(d) == [(1.5, 1.0), (2.0, 2.0), (1.0, 3.0)]
    assert all(type(k) is float for k, _ in live_items(d))
    assert jit(op_set, d, 2**53 + 1, 1.0)[0] is TypeError  # (no float is that key)
    assert live_items(d) == [(1.5, 1.0), (2.0, 2.0), (1.0, 3.0)]
    d = make(types.int64, types.float64, [(1, 1.0)])
    JIT["op_set"](d, 1.0, 5.0)
    JIT["op_set"](d, 3.0, 3.0)
    JIT["op_set"](d, True, 7.0)
    assert live_items(d) == [(1, 7.0), (3, 3.0)]
    assert all(type(k) is int for k, _ in live_items(d))
    assert jit(op_set, d, 2.5, 1.0)[0] is TypeError
    assert live_items(d) == [(1, 7.0), (3, 3.0)]
    d = make(types.int64, types.float64, [(1, 1.0)])
    assert op_setdefault(d, 2.0, 4.0) == 4.0 and live_items(d) == [(1, 1.0), (2, 4.0)]


def test_float_zero_and_hash_minus_one():
    d = make(types.float64, types.int64, [(0.0, 1), (-0.0, 2), (-1.0, 3), (-2.0, 4)])
    assert jit(impl_lookups, d, -1) == (True, 3, True)
    assert live_items(d) == [(0.0, 2), (-2.0, 4)]
    d = make(types.int64, types.int64, [(-1, 1), (-2, 2)])
    assert JIT["op_items"](d) == [(-1, 1), (-2, 2)]
    assert JIT["op_contains"](d, -1) and JIT["op_contains"](d, -2) and not JIT["op_contains"](d, -3)
    assert all(h != -1 for h in d[3])


# Compiled code below reads no `d[i]` itself: once the compiler knows dicts, a tuple of
# this shape is a dict (`d[1]` the value of key 1) outside dicts.py.

def no_ints():
    return [i for i in range(0)]


def empty_unknown():
    # `{}` in compiled code: lists whose items have no type yet
    return (MARKER, [], [], no_ints(), no_ints())


def empty_ints():
    return (MARKER, no_ints(), no_ints(), no_ints(), no_ints())


def unknown_lookups():
    d = empty_unknown()
    return d_contains(d, 1), d_get(d, 2.5), d_get(d, "a", 3), d_pop(d, 1, 2.0), d_len(d)


def unknown_views():
    d = empty_unknown()
    e = d_copy(d)
    d_clear(e)
    return len(d_items(e)), len(d_keys(d)), len(d_values(d)), d_len(e)


def unknown_getitem(k):
    d = empty_unknown()
    return d_getitem(d, k)


def unknown_delitem(k):
    d = empty_unknown()
    d_delitem(d, k)


def unknown_pop(k):
    d = empty_unknown()
    return d_pop(d, k)


def unknown_popitem():
    d = empty_unknown()
    return d_popitem(d)


def unknown_eq(e):
    d = empty_unknown()
    return d_eq(d, e), d_ne(e, d), d_eq(d, d)


def test_empty_dict_of_unknown_types():
    assert jit(unknown_lookups) == (False, None, 3, 2.0, 0)
    assert jit(unknown_views) == (0, 0, 0, 0)
    assert jit(unknown_getitem, 3) == (KeyError, "\x00repr:3")
    assert jit(unknown_getitem, "k") == (KeyError, "\x00repr:'k'")
    assert jit(unknown_delitem, 3) == (KeyError, "\x00repr:3")
    assert jit(unknown_pop, 3.5) == (KeyError, "\x00repr:3.5")
    assert jit(unknown_popitem) == (KeyError, "popitem(): dictionary is empty")
    assert jit(unknown_eq, make(types.int64, types.float64)) == (True, False, True)
    assert jit(unknown_eq, make(types.int64, types.float64, [(1, 1.0)])) == (False, True, True)


def untyped_store():
    d = empty_unknown()
    d_setitem(d, 1, 2.0)


def untyped_setdefault():
    d = empty_unknown()
    return d_setdefault(d, 1, 2.0)


def test_store_into_untyped_dict_is_refused():
    for f in (untyped_store, untyped_setdefault):
        with pytest.raises(TypingError, match="no type here"):
            ferrojit.njit(f)()


def literal_like():
    # what the compiler makes of `{1: 'a', 2: 'b', 1: 'c'}`: a dict not indexed yet
    d = (MARKER, [1, 2, 1], ["a", "b", "c"], no_ints(), no_ints())
    e = d_copy(d)
    d_setitem(e, 5, "x")
    f = (MARKER, [2, 1], ["b", "c"], no_ints(), no_ints())
    return d_items(d), d_len(d), d_items(e), d_eq(d, e), d_eq(d, f), d_popitem(e), d_get(e, 2.0)


def test_literal_like():
    ref = {1: "a", 2: "b", 1: "c"}  # noqa: F601
    assert jit(literal_like) == (list(ref.items()), 2, [(1, "c"), (2, "b"), (5, "x")], False, True,
                                 (5, "x"), "b")


# --- growth, deletion, popitem ---------------------------------------------------------

def churn(n, rounds):
    # a sliding window of n keys over 0, 1, 2, ...: deletions, compaction, growth
    d = empty_ints()
    total = 0
    for i in range(rounds):
        dicts._setitem(d, i, i * 2)
        if i >= n:
            total += dicts._pop(d, i - n)
    entries, slots = dicts._sizes(d)
    return total, dicts._len(d), slots, entries


def test_sliding_window():
    total, n, size, entries = ferrojit.njit(churn)(100, 100000)
    assert total == sum(2 * i for i in range(100000 - 100)) and n == 100
    assert size <= 1024 and entries <= 2 * size // 3


def stack_of_new_keys(rounds):
    # a dict used as a stack of new keys: popitem leaves dummies no entry counts
    d = empty_ints()
    for i in range(50):
        dicts._setitem(d, -i - 1, i)
    s = 0
    for i in range(rounds):
        dicts._setitem(d, i * 7919, i)
        k, v = dicts._popitem(d)
        s += v
        if dicts._contains(d, i * 7919 + 1):
            s -= 1
    return s, dicts._len(d), dicts._sizes(d)[1]


def test_popitem_stack():
    s, n, size = ferrojit.njit(stack_of_new_keys)(200000)
    assert s == sum(range(200000)) and n == 50 and size <= 512
    assert stack_of_new_keys(3000)[:2] == (sum(range(3000)), 50)


def drain(n):
    d = empty_ints()
    for i in range(n):
        dicts._setitem(d, i, i)
    s = 0
    while dicts._len(d) > 0:
        k, v = dicts._popitem(d)
        s += k
    return s, dicts._sizes(d)


def test_popitem_drain():
    # O(1) each: a million of them is quick
    assert ferrojit.njit(drain)(1000000) == (sum(range(1000000)), (0, 0))  # (not indexed)


def del_many(d, ks):
    for k in ks:
        dicts._delitem(d, k)


def set_many(d, ks, v):
    for k in ks:
        dicts._setitem(d, k, v)


def test_large_random_against_cpython():
    import random
    rng = random.Random(5)
    pairs = [(rng.randrange(-2**63, 2**63), float(i)) for i in range(3000)]
    pairs += pairs[:100]
    d = make(types.int64, types.float64, pairs)
    ref = dict(pairs)
    keys = list(ref)
    jit(del_many, d, typed.List(keys[::3]))
    for k in keys[::3]:
        del ref[k]
    assert live_items(d) == list(ref.items())
    check_invariants(d)
    jit(set_many, d, typed.List(keys[::7] + [5, 6, 7]), -1.0)
    for k in keys[::7] + [5, 6, 7]:
        ref[k] = -1.0
    assert live_items(d) == list(ref.items())
    check_invariants(d)
