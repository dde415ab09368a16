"""Strings computed at run time (`Type::Text`: crates/frontend/src/strings.rs,
crates/llvm/src/strings.rs, crates/runtime/src/strings.rs): `str()` of numbers, f-strings,
`%` and `.format` of values, concatenation in loops, comparisons, `in`, `len`, indexing,
slicing, iteration, the common methods; returned to Python, printed, passed to compiled
callees and shown in messages. Against CPython: values, exceptions with their messages,
printed text; and no string block outlives its last use."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ferrojit
from conftest import examples, run_exact_exceptions


def same(fn, *args):
    expected, got, exc, call = run_exact_exceptions(fn, *args)
    if exc is None:
        assert got == expected and type(got) is type(expected), call


def build(n):
    s = ""
    for i in range(n):
        s = s + str(i) + ","
    return s


def numbers_text(i, x):
    return str(i) + "|" + str(x) + "|" + str(i > 0) + "|" + str(-x)


def fstrings(i, x):
    return f"{i}:{x:.3f}:{x!r}:{i:>5d}:{x:e}:{i:x}", "%d/%s/%.2f" % (i, i, x), "{} and {}".format(i, x)


def compare(a, b):
    s, t = str(a), str(b)
    return s == t, s != t, s < t, s <= t, s > t, s >= t, s in t, t in s, len(s)


def index(a, i):
    s = str(a)
    return s[i]


def slices(a, i, j, k):
    s = "x" + str(a) + "yz"
    return s[i:j], s[i:], s[:j], s[i:j:k], s[::k]


def methods(a):
    s = "  Ab" + str(a) + "cD  "
    t = s.strip()
    return (t.upper(), t.lower(), s.lstrip(), s.rstrip(), t.strip("AD"), t.startswith("Ab"), t.endswith("D"),
            t.find("b"), t.count("1"), t.replace("1", "one"), t.replace("1", "", 1), t.isdigit(), str(a).isdigit(),
            t.isalpha(), t.isalnum(), t.islower(), t.isupper(), s.isspace())


def iterate(a):
    digits = 0
    out = ""
    for c in str(a):
        if c.isdigit():
            digits += 1
        out = c + out
    return digits, out


def truth_and_repeat(a, n):
    s = str(a)
    e = s[5:5]
    return bool(s), bool(e), "yes" if e else "no", s * n, n * "ab", (s + "-") * -1


def joined(a, b):
    return "-".join((str(a), "x", str(b))), "".join(("p", str(b)))


def changes_type(flag):
    s = "left" if flag else "right"
    return s + "!", len(s)


def words(n):
    total = 0
    for w in ("alpha", "be", "gamma"):
        total += len(w) * n
    return total


def helper(s, k):
    return s * k + "."


def calls_helper(a):
    return helper(str(a), 2)


def raises_with(a):
    s = "bad value " + str(a)
    if a > 2:
        raise ValueError(s)
    if a < -2:
        raise KeyError(f"{s}!")
    return s


def returns_tuple(a):
    return str(a), a, (str(a * 2), "k")


def test_build_in_a_loop():
    for n in (0, 1, 7, 30):
        same(build, n)


@pytest.mark.parametrize("i", [0, -1, 7, 2**63 - 1, -(2**63), 1234567])
@pytest.mark.parametrize("x", [0.0, -0.0, 1.5, 0.1, 1e16, 1e15, 123456789.125, 1e-4, 1e-5, 5e-324, 1.7976931348623157e308, math.inf, -math.inf, math.nan, 2.0 / 3.0])
def test_str_of_numbers_and_formats(i, x):
    same(numbers_text, i, x)
    same(fstrings, i, x)


@given(st.floats(allow_nan=True, allow_infinity=True), st.integers(-(2**63), 2**63 - 1))
@examples(200)
def test_str_of_any_float_is_cpythons_repr(x, i):
    same(numbers_text, i, x)


@pytest.mark.parametrize("a,b", [(1, 2), (12, 1), (5, 5), (-3, 3), (10, 100), (7, 17)])
def test_compare(a, b):
    same(compare, a, b)


@pytest.mark.parametrize("i", [0, 1, 3, -1, -4, 4, 5, 100, -100])
def test_index(i):
    same(index, 1234, i)


@pytest.mark.parametrize("i,j,k", [(0, 3, 1), (1, -1, 2), (-2, 100, 1), (5, 1, -1), (0, 0, 3), (3, 1, -2), (1, 4, 0), (-100, 100, -3)])
def test_slices(i, j, k):
    same(slices, 98765, i, j, k)


@pytest.mark.parametrize("a", [0, 1, 101, -7, 123])
def test_methods(a):
    same(methods, a)
    same(iterate, a)
    same(joined, a, a + 1)


@pytest.mark.parametrize("n", [-2, 0, 1, 3])
def test_truth_and_repeat(n):
    same(truth_and_repeat, 123, n)


def test_names_bound_to_different_strings_and_tuples_of_strings():
    same(changes_type, True)
    same(changes_type, False)
    same(words, 3)


def test_strings_cross_calls_and_returns():
    for a in (0, 3, -5, 41):
        same(calls_helper, a)
        same(returns_tuple, a)


@pytest.mark.parametrize("a", [-5, 0, 1, 3])
def test_messages(a):
    same(raises_with, a)


def test_print(capsys):
    def show(a, x):
        s = str(a) + "/" + str(x)
        print(s, f"[{a:03d}]", s[1:])
        return 0

    show(12, 0.5)
    expected = capsys.readouterr().out
    ferrojit.njit(show)(12, 0.5)
    assert capsys.readouterr().out == expected


def test_no_string_outlives_its_use():
    f = ferrojit.njit(build)
    g = ferrojit.njit(methods)
    f(3), g(5)
    before = ferrojit._native.live_allocations()
    for _ in range(20):
        f(50)
        g(123)
        ferrojit.njit(slices)(98765, 1, 4, 1)
    assert ferrojit._native.live_allocations() == before


def test_what_stays_unsupported_is_named():
    def splits(a):
        return str(a).split(",")  # (a list of strings: supported since lists are)

    assert ferrojit.njit(splits)(12) == ["12"]

    def adds_number(a):
        return str(a) + a

    with pytest.raises(ferrojit.errors.TypingError, match="can only concatenate str"):
        ferrojit.njit(adds_number)(1)


def word_score(w, bonus):
    score = 0
    for c in w:
        if c in "aeiou":
            score += 2
        else:
            score += 1
    return score + bonus * len(w)


def first_field(s):
    parts = s.split(",")  # a list, as in CPython
    return parts[0]


def test_many_string_values_share_one_specialisation():
    f = ferrojit.njit(word_score)
    words_ = ["w%d%s" % (i, "ae" * (i % 3)) for i in range(40)]
    for w in words_:
        assert f(w, 2) == word_score(w, 2)
    # a few values get their own specialisation, then one for run-time strings serves all
    assert len(f.signatures) <= 9
    assert any(str(t) == "str" for sig in f.signatures for t in sig)
    before = ferrojit._native.live_allocations()
    for w in words_:
        f(w, 1)
    assert ferrojit._native.live_allocations() == before


def format_with(template):
    return template.format(3, 4.5)  # a template must be known when compiling


def test_code_that_needs_the_value_keeps_one_specialisation_per_string():
    f = ferrojit.njit(format_with)
    values = ["{}", "{} {}", "a{}", "{1}{0}", "<{}>", "{:>4}", "{:.2f}", "{1:.1f}", "x{0}{0}", "[{}]", "{}{}", "{}"]
    for v in values:
        assert f(v) == format_with(v)
    assert len(f.signatures) == len(set(values))


def test_split_of_a_string_argument_is_a_list():
    f = ferrojit.njit(first_field)
    values = ["a,b", "cc,d", "e", "f,g,h", "i,", ",j", "kk", "l,m", "n,o", "p", "q,r", "a,b"]
    for v in values:
        assert f(v) == first_field(v)
    # after 8 values, one specialisation for run-time strings serves the rest
    assert len(f.signatures) <= 9


def test_a_long_string_argument_is_a_run_time_string_from_the_first_call():
    f = ferrojit.njit(first_field)
    text = ",".join(str(i) for i in range(1000))
    assert f(text) == "0"
    assert [str(t) for sig in f.signatures for t in sig] == ["str"]
