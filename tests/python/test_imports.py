"""Imports inside a compiled function's body (crates/frontend/src/imports.rs), against
CPython: modules, submodules, `as` names, `from ... import`, and the errors for what
is not supported."""

import numpy as np
import pytest

import ferrojit
from conftest import check, jitted, pure
from ferrojit.errors import TypingError


def import_math(x):
    import math
    return math.sqrt(x) + math.pi


def import_as(a):
    import numpy as xp
    return float(xp.sum(xp.sqrt(a)))


def from_import(x):
    from math import floor, hypot as h
    return floor(x) + h(x, 2.0)


def submodule(a):
    import numpy.linalg
    return float(numpy.linalg.norm(a))


def from_numpy(n):
    from numpy import zeros, linalg
    z = zeros(n)
    z[0] = 3.0
    return float(linalg.norm(z))


def import_in_a_branch(x):
    if x > 0:
        import math
        return math.log(x)
    return -1.0


@pytest.mark.parametrize("x", [0.0, 1.0, 2.5, 100.0])
def test_imports_in_the_body(x):
    check(import_math, x)
    check(from_import, x)
    check(import_in_a_branch, x)
    check(import_in_a_branch, -x)


@pytest.mark.parametrize("n", [1, 3, 10])
def test_numpy_imports_in_the_body(n):
    a = np.arange(float(n))
    assert jitted(import_as)(a) == pure(import_as)(a)
    assert jitted(submodule)(a) == pure(submodule)(a)
    assert jitted(from_numpy)(n) == pure(from_numpy)(n)


def missing_module(x):
    import no_such_module_here
    return x


def missing_name(x):
    from math import no_such_function
    return x


def relative(x):
    from . import conftest
    return x


def imported_and_assigned(x):
    import math
    math = 3
    return x + math


@pytest.mark.parametrize("fn,message", [
    (missing_module, "no module named `no_such_module_here`"),
    (missing_name, "cannot import name `no_such_function` from `math`"),
    (relative, "relative imports are not supported"),
    (imported_and_assigned, "`math` is imported here and also assigned"),
])
def test_import_errors_name_the_line(fn, message):
    with pytest.raises(TypingError) as e:
        ferrojit.njit(fn)(1.0)
    text = str(e.value)
    assert message in text and "test_imports.py:" in text
