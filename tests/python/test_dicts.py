"""Python dicts in compiled code, against CPython.

Each kernel runs under CPython and compiled on its own deep copy of the arguments; the
results (dicts compared item by item, in insertion order, with exact types), the
exceptions (type and message: ``KeyError(3)`` carries the key itself) and the dict
arguments after the call (written back, as lists are) must agree.

Covered: displays (duplicate keys keep their first place and last value), ``{}`` typed by
later stores, ``dict()``, ``dict(d)``, ``typed.Dict.empty``, dict comprehensions (with
``if``, two ``for`` clauses), ``d[k]``, ``d[k] = v``, ``del d[k]``, ``in`` / ``not in``,
``len``, truth value, ``==`` / ``!=``, iteration over keys, ``keys()``, ``values()``,
``items()``, ``get``, ``setdefault``, ``pop``, ``popitem``, ``clear``, ``copy``,
``update``; keys of ints, floats, bools, strings and tuples; lookups by a number of
another type (``2.0`` in an int-keyed dict); aliasing (two names, a dict inside a list);
dicts passed from Python (``typed.Dict`` too) and returned; ``print`` of dicts; a
word-count kernel; and the compile-time errors for unhashable keys.

Documented difference (as Numba): a dict's values have one type, so ``{1: 1, 2: 2.5}``
holds floats; those cases compare with ``==`` and check the types apart.
"""

import contextlib
import io

import pytest

import ferrojit
from ferrojit import typed, types
from conftest import jitted
from test_lists import same


# --- displays and construction ---------------------------------------------------

def display_ints(a, b):
    return {1: a, 2: b, 3: a + b}


def display_duplicates(x):
    return {1: x, 2: x * 2, 1: x * 3}


def display_str_keys(x):
    return {"a": x, "b": x + 1}


def display_tuple_keys(x):
    return {(1, 2): x, (3, 4): -x}


def empty_then_store(n):
    d = {}
    for i in range(n):
        d[i * 7 % 5] = i * 0.5
    return d


def dict_call_empty(n):
    d = dict()
    for i in range(n):
        d[str(i)] = i
    return d


def dict_copy_call(x):
    d = {1: x, 2: x}
    e = dict(d)
    e[3] = x
    return d, e


def typed_empty(n):
    d = typed.Dict.empty(key_type=types.int64, value_type=types.float64)
    for i in range(n):
        d[i] = i / 2
    return dict(d)  # (a dict returned to Python is a plain dict)


def comprehension(n):
    return {i: i * i for i in range(n) if i % 3 != 1}


def comprehension_two_fors(n):
    return {(i, j): i * j for i in range(n) for j in range(i)}


def from_pairs(a, b):
    d = dict(zip(a, b))
    e = dict((x, x * x) for x in range(4) if x != 2)
    g = dict([(str(x), x) for x in range(3)])
    return d, e, g


def comprehension_key_first(n):
    out = [-100]
    d = {out.append(i) or i: out.append(-i) or i for i in range(n)}
    return d, out


# --- item access ------------------------------------------------------------------

def get_item(d, k):
    return d[k]


def set_item(d, k, v):
    d[k] = v
    return len(d)


def del_item(d, k):
    del d[k]
    return d


def contains(d, k):
    return k in d, k not in d


def length_and_truth(d):
    return len(d), bool(d), 1 if d else 0


def overwrite_keeps_order(x):
    d = {3: 1.0, 1: 2.0, 2: 3.0}
    d[1] = x
    del d[3]
    d[3] = -x
    return d


def lookup_other_number_types(d):
    return 2.0 in d, 2.5 in d, True in d, d.get(2.0, -1.0), d.get(2.5, -1.0)


def float_keys(x):
    d = {0.0: 1, 1.5: 2}
    d[-0.0] = 3
    d[x] = 4
    return d, 0 in d, d[1.5]


# --- methods ----------------------------------------------------------------------

def get_default(d, k):
    return d.get(k), d.get(k, 7.5)


def setdefault(d, k):
    a = d.setdefault(k, 1.0)
    b = d.setdefault(k, 2.0)
    return a, b, d


def pop(d, k):
    a = d.pop(k, -1.0)
    b = d.pop(k, -2.0)
    return a, b, d


def pop_missing(d, k):
    return d.pop(k)


def popitem(d):
    out = []
    while d:
        out.append(d.popitem())
    return out


def popitem_empty(n):
    d = {1: 1.0}
    for _ in range(n):
        d.popitem()
    return d


def clear_then_reuse(d):
    d.clear()
    d[10] = 1.0
    return d, len(d)


def copy_is_new(d):
    e = d.copy()
    e[100] = 0.0
    return len(d), len(e)


def update(d, x):
    d.update({1: x, 50: x})
    return d


def views(d):
    return list(d.keys()), list(d.values()), list(d.items()), d.keys(), d.values(), d.items()


def iterate(d):
    total = 0.0
    order = []
    for k in d:
        order.append(k)
        total += d[k]
    for k, v in d.items():
        total += k * v
    return order, total


def equality(n):
    a = {i: float(i) for i in range(n)}
    b = {}
    for i in range(n - 1, -1, -1):
        b[i] = float(i)
    c = dict(a)
    c[0] = -1.0
    return a == b, a != b, a == c, a != c, a == {}


# --- aliasing and nesting ---------------------------------------------------------

def alias(x):
    d = {1: x}
    e = d
    e[2] = x
    return d, e is not None


def fill(d, n):
    for i in range(n):
        d[i] = i * 1.5


def fill_through_callee(n):
    d = typed.Dict.empty(types.int64, types.float64)
    fill(d, n)
    return dict(d)


def dict_in_list(n):
    ds = [{0: 0}]
    for i in range(1, n):
        ds.append({i: i})
        ds[0][i] = -i
    return ds


def word_count(words):
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return counts


def histogram(xs, nbins):
    counts = {}
    for x in xs:
        b = int(x * nbins)
        if b in counts:
            counts[b] += 1
        else:
            counts[b] = 1
    return counts


def builtins_over_dicts(text):
    counts = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    top = sorted(counts, key=lambda w: -counts[w])[:3]
    ks = list(counts)
    n = 0
    for i, k in enumerate(counts):
        n += i * len(k)
    for k, v in zip(counts, counts.values()):
        n += v
    return counts, top, ks, n, sum({1: 2, 3: 4}), max(counts), min({2.5: 1}), any({0: 1}), all({1: 0})


def augmented_list_value_is_stored_back(n):
    # CPython reads d[1], pops it, extends the list and stores it back under 1
    d = {1: [1, 2], 2: [n]}
    d[1] += d.pop(1)
    d[2] += [n + 1]
    d[2] *= 2
    rows = [[0], [n]]
    rows[0] += rows.pop()
    return d, rows


def grouping(n, words):
    # lists as the values of an untyped dict, typed by what is appended to them (was "a
    # compiled list of ? cannot hold a int64 here"); `sep.join` of a dict and of a set
    acc = {}
    for i in range(n):
        acc.setdefault(i % 3, []).append(i)
    g = {}
    for w in words:
        g.setdefault(w[0], []).append(w)
    h = {}
    for i in range(n):
        if i % 2 not in h:
            h[i % 2] = []
        h[i % 2].append(i * 0.5)
    return acc, g, h, "-".join(g), ",".join({"x"})


def printed(d):
    print(d)
    print("d =", d, len(d))
    return str(d)


# --- the tests ----------------------------------------------------------------------

D = {3: 1.5, 1: 2.5, 7: -1.0, 100: 0.25}


@pytest.mark.parametrize("fn,args", [
    (display_ints, (1.5, 2.0)),
    (display_ints, (1, 2)),
    (display_duplicates, (4,)),
    (display_str_keys, (3,)),
    (display_tuple_keys, (2.5,)),
    (empty_then_store, (0,)), (empty_then_store, (1,)), (empty_then_store, (12,)),
    (dict_call_empty, (5,)),
    (dict_copy_call, (1.5,)),
    (typed_empty, (6,)),
    (comprehension, (10,)),
    (comprehension_two_fors, (5,)),
    (comprehension_key_first, (4,)),
    (from_pairs, ([1, 2, 3, 2], [0.5, 1.5, 2.5, 3.5])), (from_pairs, (["a"], [1])),
    (overwrite_keeps_order, (9.0,)),
    (float_keys, (2.0,)), (float_keys, (1.5,)),
    (equality, (6,)),
    (alias, (3.0,)),
    (fill_through_callee, (5,)),
    (dict_in_list, (4,)),
    (word_count, (["a", "b", "a", "c", "b", "a"],)),
    (histogram, ([0.1, 0.5, 0.55, 0.9, 0.12, 0.51], 10)),
    (popitem_empty, (1,)), (popitem_empty, (2,)),
    (augmented_list_value_is_stored_back, (3,)),
    (grouping, (7, ["ab", "ac", "b"])), (grouping, (0, ["z"])),
    (builtins_over_dicts, ("a b a c b a d",)), (builtins_over_dicts, ("z",)),
], ids=lambda v: getattr(v, "__name__", None))
def test_built_in_compiled_code(fn, args):
    same(fn, *args)


@pytest.mark.parametrize("k", [3, 1, 100, 5, -1])
@pytest.mark.parametrize("fn", [get_item, del_item, contains, get_default, setdefault, pop, pop_missing])
def test_methods_on_a_dict_passed_in(fn, k):
    same(fn, dict(D), k)


@pytest.mark.parametrize("fn", [length_and_truth, popitem, clear_then_reuse, copy_is_new, iterate])
@pytest.mark.parametrize("d", [dict(D), {5: 1.0}], ids=["four", "one"])
def test_whole_dict_operations(fn, d):
    same(fn, d)


def test_views_are_lists_in_compiled_code():
    # keys()/values()/items() are lists in compiled code (CPython: views); their items and
    # order are CPython's
    got = jitted(views)(dict(D))
    exp = views(dict(D))
    assert got[:3] == exp[:3]
    assert list(got[3]) == list(exp[3]) and list(got[4]) == list(exp[4]) and list(got[5]) == list(exp[5])


def test_set_item_reflects_into_the_callers_dict():
    same(set_item, dict(D), 3, 9.0)
    same(set_item, dict(D), 42, 9.0)
    same(update, dict(D), 4.0)
    d = dict(D)
    jitted(set_item)(d, 8, 1.0)
    assert list(d.items()) == list(D.items()) + [(8, 1.0)]


def test_number_lookups_across_types():
    same(lookup_other_number_types, {1: 1.0, 2: 2.0})
    same(lookup_other_number_types, {1.0: 1.0, 2.5: 2.0})


def test_key_error_carries_the_key():
    for key, d in [(5, dict(D)), ("x", {"a": 1}), ((1, 2), {(3, 4): 1.0}), (2.5, {1.0: 1})]:
        with pytest.raises(KeyError) as e:
            jitted(get_item)(d, key)
        assert e.value.args == (key,)
    with pytest.raises(KeyError) as e:
        jitted(popitem_empty)(2)
    assert e.value.args == ("popitem(): dictionary is empty",)


def test_values_of_mixed_numbers_are_floats():
    got = jitted(display_duplicates)(4)
    assert got == {1: 12, 2: 8}
    mixed = jitted(display_ints)(1, 2.5)
    assert mixed == {1: 1.0, 2: 2.5, 3: 3.5} and all(type(v) is float for v in mixed.values())


def test_typed_dict_passed_in_and_filled():
    d = typed.Dict.empty(key_type=types.int64, value_type=types.float64)
    jitted(fill)(d, 4)
    assert dict(d) == {0: 0.0, 1: 1.5, 2: 3.0, 3: 4.5}
    assert isinstance(d, typed.Dict)


def test_print_of_dicts():
    for d in [dict(D), {"a": (1, 2.0)}, {}]:
        if not d:
            d = typed.Dict.empty(types.int64, types.int64)
        out_py, out_jit = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out_py):
            exp = printed(dict(d))
        with contextlib.redirect_stdout(out_jit):
            got = jitted(printed)(d)
        assert out_jit.getvalue() == out_py.getvalue()
        assert got == exp


def test_many_operations_against_cpython():
    # grows through several table sizes, with deletions between
    def churn(n):
        d = {}
        for i in range(n):
            d[(i * 37) % 101] = i
            if i % 3 == 0:
                k = (i * 11) % 101
                if k in d:
                    del d[k]
        return d, len(d)

    for n in [0, 1, 10, 100, 1000]:
        assert jitted(churn)(n) == churn(n)
        assert list(jitted(churn)(n)[0].items()) == list(churn(n)[0].items())


def unhashable_key(x):
    d = {}
    d[[x]] = 1
    return d


def test_unhashable_keys_are_compile_errors():
    with pytest.raises(ferrojit.errors.TypingError, match="unhashable type: 'list'"):
        jitted(unhashable_key)(1)


def test_empty_dict_argument_is_refused_with_the_fix():
    with pytest.raises(ferrojit.errors.TypingError, match=r"typed.Dict.empty\(types.int64, types.float64\)"):
        jitted(get_item)({}, 1)


def move(d):
    # numba/numba examples/dict_usage.py: in-place operations on arrays held by a dict
    d["posx"] += d["velx"]
    d["posy"] += d["vely"]


def test_dict_of_arrays_from_python_is_updated_in_place():
    import numpy as np
    d = typed.Dict.empty(key_type=types.unicode_type, value_type=types.float64[:])
    d["posx"] = np.asarray([1, 0.5, 2], dtype="f8")
    d["posy"] = np.asarray([1.5, 3.5, 2], dtype="f8")
    d["velx"] = np.asarray([0.5, 0, 0.7], dtype="f8")
    d["vely"] = np.asarray([0.2, -0.2, 0.1], dtype="f8")
    posx = d["posx"]
    jitted(move)(d)
    assert d["posx"] is posx or np.shares_memory(d["posx"], posx)
    np.testing.assert_array_equal(posx, [1.5, 0.5, 2.7])
    np.testing.assert_array_equal(d["posy"], [1.7, 3.3, 2.1])


def caught_key_error(d, k):
    try:
        return d[k], ""
    except KeyError as e:
        return -1, str(e)


def untyped_get_default(n):
    acc = {}
    acc[1] = acc.get(1, True)
    words = {}
    for i in range(n):
        words[i % 2] = words.get(i % 2, "") + "ab"[i % 2]
    return acc, words


def test_key_error_caught_in_compiled_code_shows_the_key():
    same(caught_key_error, {1: 2}, 5)
    same(caught_key_error, {"a": 1}, "zz")
    same(caught_key_error, {(1, 2): 7}, (3, 4))


def test_get_on_an_untyped_dict_takes_the_defaults_type():
    # (the values were taken as int64: {1: 1} for CPython's {1: True})
    same(untyped_get_default, 5)
