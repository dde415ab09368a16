"""Python sets in compiled code, against CPython.

Each kernel runs under CPython and compiled on its own deep copy of the arguments; the
results (sets compared as sets, with exact item types), the exceptions (type and
message: ``KeyError(3)`` carries the item) and the set arguments after the call
(written back, as lists are) must agree.

Covered: displays, ``set()``, ``set(iterable)`` of lists, tuples, strings, arrays, dicts
and sets, set comprehensions, ``add``, ``discard``, ``remove``, ``pop``, ``clear``,
``copy``, ``update``, ``union``, ``intersection``, ``difference``,
``symmetric_difference``, ``issubset``, ``issuperset``, ``isdisjoint``, the operators
``| & - ^`` and their in-place forms (other names for the set see the change), ``==``,
``!=``, ``<``, ``<=``, ``>``, ``>=``, ``in``, ``len``, truth value, iteration in CPython's
order (its table's: ``list(s)`` after every operation, ``pop``, sums of floats, strings
hashed with the interpreter's key, ``print``),
sets passed in and returned, ``print`` of a set, and the compile errors of ``s[0]`` and
unhashable items. Also: sets of strings, tuples, floats, complex numbers and bools,
lookups of items of another type, the methods with a list, tuple, str or dict argument,
``update`` from a str, an array, a set and a dict, sets of no item type yet (``set()``)
as operands, in-place operators with the set itself, sets looked up in a set, ints with
floats (``|`` and ``^`` make floats, as lists do), and a large set's churn.
"""

import contextlib
import io

import numpy as np
import pytest

import ferrojit
from conftest import jitted
from test_lists import same


def display(x):
    return {1, 2, x, 2}


def empty_then_add(n):
    s = set()
    for i in range(n):
        s.add(i * 7 % 5)
    return s


def from_list(l):
    return set(l), len(set(l))


def from_string(t):
    return set(t)


def from_array(a):
    return set(a)


def from_dict(n):
    d = {i: -i for i in range(n)}
    return set(d)


def comprehension(n):
    return {i % 4 for i in range(n) if i != 2}


def methods(s, x):
    s.add(x)
    s.discard(1)
    s.discard(1000)
    t = s.copy()
    t.add(-5)
    return s, t, len(s), len(t), x in s, 1000 in s, 1000 not in s


def remove(s, x):
    s.remove(x)
    return s


def pop_all(s):
    out = []
    while s:
        out.append(s.pop())
    return sorted(out), len(s)


def pop_empty(n):
    s = {1}
    for _ in range(n):
        s.pop()
    return s


def operators(a, b):
    return a | b, a & b, a - b, b - a, a ^ b


def named_methods(a, b):
    return (a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference(b),
            a.issubset(b), a.issuperset(b), a.isdisjoint(b))


def comparisons(a, b):
    return a == b, a != b, a < b, a <= b, a > b, a >= b


def in_place(a, b):
    alias = a
    a |= b
    n1 = len(alias)
    a -= {1}
    n2 = len(alias)
    a &= {2, 3, 4, 5, 6}
    n3 = len(alias)
    a ^= {6, 7}
    return alias, n1, n2, n3


def update_from(s, l):
    s.update(l)
    s.update((100, 101))
    return s


def iterate_sum(s):
    total = 0
    for x in s:
        total += x
    return total


def sorted_items(s):
    return sorted(s)


def truth(s):
    return bool(s), 1 if s else 0, len(s)


def dedupe_count(a):
    seen = set()
    dups = 0
    for x in a:
        if x in seen:
            dups += 1
        else:
            seen.add(x)
    return dups, len(seen)


def printed(s):
    print(s)
    return len(s)


S = {1, 2, 3}
T = {3, 4}


@pytest.mark.parametrize("fn,args", [
    (display, (5,)), (display, (2,)),
    (empty_then_add, (0,)), (empty_then_add, (9,)),
    (from_list, ([3, 1, 3, 2],)),
    (from_string, ("hello",)),
    (from_dict, (4,)),
    (comprehension, (10,)),
    (pop_empty, (1,)), (pop_empty, (2,)),
    (dedupe_count, (np.array([1, 2, 1, 3, 2, 2]),)),
], ids=lambda v: getattr(v, "__name__", None))
def test_built_in_compiled_code(fn, args):
    same(fn, *args)


def test_from_array_gives_python_ints():
    got = jitted(from_array)(np.array([3, 1, 3]))
    assert got == {1, 3} and all(type(x) is int for x in got)


@pytest.mark.parametrize("x", [1, 2, 7])
def test_methods(x):
    same(methods, set(S), x)
    same(remove, set(S), x)


@pytest.mark.parametrize("a,b", [(S, T), (T, S), (S, S), (S, {1, 2, 3, 4}), ({7}, S)])
def test_operators_and_comparisons(a, b):
    same(operators, set(a), set(b))
    same(named_methods, set(a), set(b))
    same(comparisons, set(a), set(b))


def test_in_place_operators_mutate_the_set():
    same(in_place, set(S), set(T))
    s = set(S)
    jitted(update_from)(s, [9, 8])
    assert s == S | {8, 9, 100, 101}


@pytest.mark.parametrize("fn", [pop_all, iterate_sum, sorted_items, truth])
def test_whole_set(fn):
    same(fn, set(S))
    same(fn, {5})


def test_remove_missing_carries_the_item():
    with pytest.raises(KeyError) as e:
        jitted(remove)({1, 2}, 7)
    assert e.value.args == (7,)
    with pytest.raises(KeyError) as e:
        jitted(pop_empty)(2)
    assert e.value.args == ("pop from an empty set",)


def test_print_of_a_set():
    out_py, out_jit = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out_py):
        printed({3, 1, 2})
    with contextlib.redirect_stdout(out_jit):
        jitted(printed)({3, 1, 2})
    assert out_jit.getvalue() == out_py.getvalue()


def subscript(s):
    return s[0]


def unhashable(x):
    return {[x]}


def test_compile_errors():
    with pytest.raises(ferrojit.errors.TypingError, match="'set' object is not subscriptable"):
        jitted(subscript)({1})
    with pytest.raises(ferrojit.errors.TypingError, match="unhashable type: 'list'"):
        jitted(unhashable)(1)


# --- more: item types, iterable arguments, untyped empty sets, aliasing ----------------

def strings(t):
    s = set(t.split())
    s.add("zz")
    s.discard("a")
    return s, "b" in s, "q" in s, len(s), s | {"x"}, s & {"b", "x"}, s - {"b"}, s ^ {"b", "y"}


def tuples(n):
    s = {(i, i * 2) for i in range(n)}
    s.add((1, 2))
    return s, (1, 2) in s, (5, 5) in s, len(s), s - {(0, 0)}


def floats(n):
    s = {0.5 * i for i in range(n)}
    return s, 1 in s, 1.5 in s, 2 in s, -0.0 in s, 0.25 in s


def lookups_of_other_types(s):
    return "a" in s, 1.5 in s, 2.0 in s, 1j in s, 2 + 0j in s, True in s


def method_iterables(a):
    return (a.union([7, 8]), a.intersection((1, 2, 9)), a.difference([1]),
            a.symmetric_difference([1, 50]), a.issubset([1, 2, 3, 4, 5]), a.issuperset((1,)),
            a.isdisjoint([99]), a.union())


def method_dicts(a):
    d = {1: 2.5, 10: 3.5}
    return a.union(d), a.intersection(d), a.difference(d), a.issuperset(d), a.isdisjoint(d)


def update_str(s):
    s.update("xyz")
    return s


def update_array(s, arr):
    s.update(arr)
    return s


def update_set_and_dict(s):
    s.update({100, 200})
    s.update({1: 2.5, 300: 1.5})
    s.update()
    return s


def untyped_empty(n):
    s = set()
    t = {1, 2}
    return (s | t, t | s, s & t, t & s, t - s, s - t, s ^ t, s == t, s != t, s <= t, t >= s,
            s < t, len(s), bool(s), sorted(s))


def untyped_methods(n):
    t = {1, 2}
    return (t.union(set()), t.intersection(set()), t.difference(set()),
            t.symmetric_difference(set()), t.issubset(set()), t.issuperset(set()),
            t.isdisjoint(set()), set().issubset(t), set().copy(), t.union([]))


def self_in_place(a):
    b = set(a)
    c = set(a)
    a ^= a
    b -= b
    c &= c
    c |= c
    return a, b, c


def copy_is_new(a):
    b = a.copy()
    b.add(100)
    a.discard(1)
    return a, b


def set_lookups(s):
    # a set looked up in a set is a frozenset to CPython: never there
    s.discard({1})
    return {1} in s, {1} not in s, s


def remove_then_reuse(s):
    s.remove(1)
    s.add(1)
    s.remove(2)
    s.clear()
    s.add(7)
    return s, len(s), 7 in s, 1 in s


def churn(n):
    s = set()
    for i in range(n):
        s.add(i * 3)
    hits = 0
    for i in range(3 * n):
        if i in s:
            hits += 1
    for i in range(0, n, 2):
        s.discard(i * 3)
    total = 0
    for x in s:
        total += x
    while len(s) > n // 8:
        s.pop()
    return hits, total, len(s), len(s | {-1}), len(s & {-3}), s <= s | {-1}  # (pop: any item)


def sets_are_unhashable(n):
    # (in a set, a set is looked up as a frozenset: never there; in a dict, a TypeError)
    return {n} in {1, 2}, {n} in {1: 2}


def bools(a):
    s = {True, a}
    return s, True in s, 1 in s, 0 in s, 0.0 in s, len(s)


@pytest.mark.parametrize("fn,args", [
    (strings, ("a b c b a",)), (tuples, (4,)), (floats, (5,)),
    (lookups_of_other_types, ({1, 2},)), (lookups_of_other_types, ({1.5, 2.5},)),
    (method_iterables, ({1, 2, 3},)), (method_dicts, ({1, 2, 3},)),
    (update_str, ({"a"},)), (update_set_and_dict, ({1, 2},)),
    (untyped_empty, (0,)), (untyped_methods, (0,)),
    (self_in_place, ({1, 3},)), (copy_is_new, ({1, 2, 3},)), (set_lookups, ({1, 2},)),
    (remove_then_reuse, ({1, 2, 3},)), (churn, (2000,)), (bools, (False,)), (bools, (True,)),
    (sets_are_unhashable, (1,)),
], ids=lambda v: getattr(v, "__name__", None))
def test_more(fn, args):
    same(fn, *args)


def test_update_from_an_array():
    s = {1, 2}
    jitted(update_array)(s, np.array([3, 4, 4]))
    assert s == {1, 2, 3, 4} and all(type(x) is int for x in s)


def mixed(a, b):
    return a | b, b | a, a ^ b, a & b, a - b, b - a, a == b, a <= b, a.isdisjoint(b)


def test_ints_and_floats():
    # `|` and `^` of ints and floats make floats (as lists do: the documented
    # unification); `&` and `-` keep the left operand's items; comparisons are CPython's.
    a, b = {1, 2, 3}, {2.5, 1.0}
    got = jitted(mixed)(set(a), set(b))
    assert got == mixed(set(a), set(b))
    for s in got[:3]:
        assert all(type(x) is float for x in s)
    assert all(type(x) is int for x in got[3] | got[4])


def ior_floats(a):
    a |= {1.5}
    return a


def test_in_place_needs_the_left_items_type():
    with pytest.raises(ferrojit.errors.TypingError, match=r"`a` is a set\(int64\) passed in; it cannot hold these items"):
        jitted(ior_floats)({1})


def remove_a_set(s, x):
    s.remove(set(x))


def remove_an_empty_set(s):
    s.remove(set())


def test_remove_of_a_set_carries_the_set():
    # (CPython looks the set up as a frozenset, and raises KeyError with the set itself)
    with pytest.raises(KeyError) as e:
        jitted(remove_a_set)({1, 2}, [1, 2])
    assert e.value.args == ({1, 2},)
    with pytest.raises(KeyError) as e:
        jitted(remove_an_empty_set)({1, 2})
    assert e.value.args == (set(),)


def ior_into_untyped(n):
    a = set()
    a |= {1, n}
    b = set()
    b ^= {3}
    return a, b


def test_in_place_into_an_untyped_set():
    # `s |= t` types an untyped `set()` by t's items, as `s.update(t)` does
    same(ior_into_untyped, 2)


# --- CPython's order (set_table.py follows Objects/setobject.c) -------------------------
# Iteration, `list(s)`, `pop` and sums of floats walk the table: compared as lists here.

def order_of_operations(xs, ys, k):
    a = set()
    for x in xs:
        a.add(x)
    b = set(ys)
    c = {3, 1, 2, 100, 33, -1, 17}  # (a display of constants: CPython merges a frozenset)
    d = {xs[0], k}
    out = [list(a), list(b), list(c), list(d), list(a | b), list(b | a), list(a & b),
           list(b & a), list(a - b), list(b - a), list(a ^ b), list(b ^ a), list(a.copy()),
           list(set(a)), list({x * 3 for x in xs})]
    e = set(a)
    e |= b
    out.append(list(e))
    e &= {y for y in ys if y % 2 == 0}
    out.append(list(e))
    e = set(a)
    e -= b
    out.append(list(e))
    e = set(a)
    e ^= b
    out.append(list(e))
    for x in xs[:k]:
        a.discard(x)
    out.append(list(a))
    popped = []
    while len(b) > 2:
        popped.append(b.pop())
    out.append(popped)
    b.clear()
    b.add(k)
    b.add(k * 9)
    out.append(list(b))
    return out


def float_and_str_order(xs, words):
    f = set()
    for x in xs:
        f.add(x * 0.1)
    s = set(words)
    t = {w + "!" for w in words}
    return list(f), sum(f), list(s), list(s | t), list(t - s), sorted(s) == sorted(set(words))


def printed_order(xs):
    s = set(xs)
    print(s, {7, 5, 3}, set())
    return 0


@pytest.mark.parametrize("seed", range(12))
def test_iteration_order_is_cpythons(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    xs = [int(v) for v in rng.integers(-1000, 1000 if seed % 2 else 60, n)]
    ys = [int(v) for v in rng.integers(-50, 3000, int(rng.integers(1, 300)))]
    k = int(rng.integers(1, n + 1))
    assert jitted(order_of_operations)(xs, ys, k) == order_of_operations(xs, ys, k)
    words = ["w%d" % v for v in rng.integers(0, 90, 40)] + ["é", "€", "\U0001F600", ""]
    floats = [float(v) for v in rng.integers(-300, 300, n)]
    assert jitted(float_and_str_order)(floats, words) == float_and_str_order(floats, words)


def test_print_shows_cpythons_order():
    xs = [100, 33, 8, 1, 64, 16, -1]
    out = []
    for fn in (printed_order, jitted(printed_order)):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            fn(xs)
        out.append(buf.getvalue())
    assert out[0] == out[1]


# --- memory: every table, list and string made is freed ---------------------------------

def churn_sets_and_dicts(n, words):
    s = set()
    d = {}
    for i in range(n):
        s.add(i * 7 % 97)
        d[i % 13] = [i, i + 1]
        if i % 5 == 0:
            s.discard(i % 97)
            d.pop(i % 13, None)
    t = {w for w in words} | set(words[:2])
    u = (s & {1, 2, 3, 14}) ^ {5, 6}
    e = {k: len(v) for k, v in d.items()}
    total = 0
    for x in s - {0}:
        total += x
    while len(u) > 1:
        total += u.pop()
    return total, len(t), sorted(e.items()), list(t - {"a"})


def test_no_set_or_dict_outlives_its_use():
    import copy
    import gc
    args = (200, ["a", "bb", "a", "ccc"])
    same(churn_sets_and_dicts, *args)
    f = jitted(churn_sets_and_dicts)
    gc.collect()
    before = ferrojit._native.live_allocations()
    for _ in range(30):
        f(*copy.deepcopy(args))
    gc.collect()
    assert ferrojit._native.live_allocations() == before
