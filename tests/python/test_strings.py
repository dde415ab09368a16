"""Strings known when compiling (crates/frontend/src/strings.rs): literals and `str`
arguments (one specialisation per value), comparisons, `in`, `+`, `*`, `len`, indexing,
slicing and the common methods, folded while compiling, so a mode string picks a branch;
strings returned to Python and shown in prints and messages. Against CPython."""

import numpy as np
import pytest

import ferrojit
from conftest import check, jitted
from ferrojit.errors import TypingError


def by_mode(x, mode):
    if mode == "square":
        return x * x
    elif mode in ("neg", "negative"):
        return -x
    elif mode.startswith("half"):
        return x / 2
    return x


def string_ops(s):
    t = s.upper() + "-" + s.lower() * 2
    return t, len(s), s[0], s[-1], s[1:3], s[::-1], s.strip(), s.replace("a", "o"), "b" in s, s.find("b"), s.count("a")


def split_join(s):
    parts = s.split(",")
    return len(parts), "|".join(parts), parts[0]


def compare(a, b):
    return a == b, a != b, a < b, a >= b, a == 1, bool(a)


def message(x, unit):
    if x < 0:
        raise ValueError(f"negative {unit}: {x}")
    print("value", x, unit)
    return unit


def array_mode(a, how):
    if how == "sum":
        return a.sum()
    return a.max()


@pytest.mark.parametrize("mode", ["square", "neg", "negative", "half-way", "other", ""])
def test_modes(mode):
    for x in (3.0, -1.5):
        check(by_mode, x, mode)


@pytest.mark.parametrize("s", ["abcab", "  banana ", "xy", "a"])
def test_operations(s):
    check(string_ops, s)


@pytest.mark.parametrize("s", ["a,b,c", "one", ",x,"])
def test_split_join(s):
    check(split_join, s)


@pytest.mark.parametrize("a,b", [("a", "b"), ("b", "a"), ("x", "x"), ("", "z")])
def test_compare(a, b):
    check(compare, a, b)


def test_messages_and_print(capsys):
    check(message, 2.5, "m")
    capsys.readouterr()
    jitted(message)(1.0, "kg")
    assert capsys.readouterr().out == "value 1.0 kg\n"
    exc = check(message, -1.0, "s")
    assert str(exc) == "negative s: -1.0"


def test_each_string_is_a_specialisation_with_one_branch():
    f = ferrojit.njit(array_mode)
    a = np.arange(5.0)
    assert f(a, "sum") == 10.0 and f(a, "max") == 4.0 and f(a, "sum") == 10.0
    assert len(f.signatures) == 2


def concat_known_with_nul(n, s):
    t = str(n) + s + "\x00z"
    return t, len(t), t[-2:], hash(s) == hash(s[:])


@pytest.mark.parametrize("s", ["\x00a", "ab\x00cd", "a\x00", "\x00", "\x02\x9cX\x00&lBp\x98\xbc\x03\x12"])
def test_strings_with_nul_characters_keep_their_text(s):
    # (a string constant went through a C string in the generated code, which cut it at
    # the first NUL: found by test_hash's hypothesis test)
    check(concat_known_with_nul, 7, s)


def known_string_index(flag, k):
    s = "abc"
    if flag:
        return s[5] + "!"
    return s[k % 3] + s[-3]


@pytest.mark.parametrize("flag", [False, True])
def test_known_string_indexed_out_of_range_raises_when_it_runs(flag):
    """A constant string indexed out of range raises IndexError when (and only if) the
    line runs, as in CPython, not when compiling."""
    check(known_string_index, flag, 4)
