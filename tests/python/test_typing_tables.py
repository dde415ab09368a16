"""The typing tables (crates/frontend/src/tables.rs) hold what they promise: the
generated page docs/functions.md is current, and every entry compiles and agrees with
CPython/NumPy on a small input."""

import math
import os
import warnings

import numpy as np
import pytest

import ferrojit
from ferrojit._native import typing_tables

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLES = typing_tables()


def entries(ns):
    return sorted(name for n, name, _, _ in TABLES if n == ns)


def test_functions_page_is_current():
    from ferrojit._docs import page
    with open(os.path.join(ROOT, "docs", "functions.md")) as fh:
        committed = fh.read()
    assert committed == page(), "docs/functions.md is stale: run `.venv/bin/python -m ferrojit._docs > docs/functions.md`"


def compile_call(expr, params, body=None):
    """A jitted function `f(params): return expr` (or with `body`, a list of lines),
    defined in a real file (ferrojit compiles from source)."""
    import importlib.util
    import tempfile
    lines = body if body is not None else [f"return {expr}"]
    src = f"import cmath\nimport math\nimport numpy as np\n\ndef f({', '.join(params)}):\n" + "".join(f"    {ln}\n" for ln in lines)
    d = tempfile.mkdtemp(prefix="ferrojit-tables-")
    path = os.path.join(d, "kernel.py")
    with open(path, "w") as fh:
        fh.write(src)
    spec = importlib.util.spec_from_file_location("kernel", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.f, ferrojit.njit(mod.f)


def agree(expr, params, *args):
    py, jf = compile_call(expr, params)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        want = py(*args)
    got = jf(*args)
    if isinstance(want, np.ndarray):
        assert got.dtype == want.dtype and got.shape == want.shape, expr
        np.testing.assert_allclose(got, want, rtol=1e-13, equal_nan=True, err_msg=expr)
    elif isinstance(want, tuple):
        assert tuple(got) == tuple(want), expr
    else:
        assert got == pytest.approx(want, rel=1e-13, nan_ok=True), expr


X = np.array([0.25, 0.5, 0.75, 1.5])


@pytest.mark.parametrize("name", [n for n, _, _, note in
                                  ((r[1], r[0], r[2], r[3]) for r in TABLES if r[0] == "numpy")
                                  if note == "ufunc"])
def test_every_numpy_ufunc_compiles(name):
    params = next(r[2] for r in TABLES if r[0] == "numpy" and r[1] == name)
    # bitwise ufuncs take integers (and bools)
    x = (X * 4).astype(np.int64) if name.startswith("bitwise") else X
    if len(params) == 1:
        agree(f"np.{name}(a)", ["a"], x)
    else:
        agree(f"np.{name}(a, b)", ["a", "b"], x, x[::-1].copy())


NUMPY_CALLS = {
    "empty": ("np.empty(3).shape", []), "zeros": ("np.zeros(3)", []), "ones": ("np.ones((2, 2))", []),
    "full": ("np.full(3, 2.5)", []), "empty_like": ("np.empty_like(a).shape", ["a"]),
    "zeros_like": ("np.zeros_like(a)", ["a"]), "ones_like": ("np.ones_like(a)", ["a"]),
    "full_like": ("np.full_like(a, 7.0)", ["a"]), "arange": ("np.arange(1, 9, 2)", []),
    "reshape": ("np.reshape(a, (2, 2))", ["a"]), "ravel": ("np.ravel(a)", ["a"]),
    "sort": ("np.sort(a[::-1])", ["a"]), "dot": ("np.dot(a, a)", ["a"]), "matmul": ("np.matmul(a, a)", ["a"]),
    "copy": ("np.copy(a)", ["a"]), "where": ("np.where(a > 0.5, a, -a)", ["a"]),
    "cumsum": ("np.cumsum(a)", ["a"]), "cumprod": ("np.cumprod(a)", ["a"]),
}


@pytest.mark.parametrize("name", [n for n in entries("numpy")
                                  if next(r[3] for r in TABLES if r[0] == "numpy" and r[1] == n) != "ufunc"])
def test_every_numpy_function_compiles(name):
    expr, params = NUMPY_CALLS.get(name, (f"np.{name}(a)", ["a"]))
    agree(expr, params, *([X] if params else []))


@pytest.mark.parametrize("name", entries("math"))
def test_every_math_function_compiles(name):
    params = next(r[2] for r in TABLES if r[0] == "math" and r[1] == name)
    args = [1.5 if name == "acosh" else 0.5, 3 if name == "ldexp" else 0.25][:len(params)]
    agree(f"math.{name}({', '.join(params)})", params, *args)


@pytest.mark.parametrize("name", entries("cmath"))
def test_every_cmath_function_compiles(name):
    agree(f"cmath.{name}(z)", ["z"], 0.5 + 0.25j)


@pytest.mark.parametrize("name", entries("array methods"))
def test_every_array_method_compiles(name):
    calls = {"reshape": "a.reshape(2, 2)", "astype": "a.astype(np.int32)", "fill": "a.copy().fill(3.0)"}
    expr = calls.get(name, f"a.{name}()")
    if name == "fill":
        py, jf = compile_call("a.fill(3.0)", ["a"])
        b1, b2 = X.copy(), X.copy()
        py(b1)
        jf(b2)
        assert np.array_equal(b1, b2)
        return
    agree(expr, ["a"], X)


@pytest.mark.parametrize("name", entries("array attributes"))
def test_every_array_attribute_compiles(name):
    if name == "dtype":
        py, jf = compile_call("np.zeros(2, a.dtype)", ["a"])
        assert jf(X).dtype == py(X).dtype
        return
    agree(f"a.{name}", ["a"], X.reshape(2, 2))


def test_math_log_with_base():
    agree("math.log(x, 2.0)", ["x"], 8.0)
    assert math.isclose(compile_call("math.log(x, 10.0)", ["x"])[1](1000.0), 3.0)


# Every builtin of the table, with a body that uses it (a table entry without one fails).
BUILTIN_EXAMPLES = {
    "abs": (["return abs(x) + abs(n)"], 2.5, -3),
    "int": (["return int(x) + int(-x)"], 2.5, 1),
    "float": (["return float(n) / 3"], 2.5, 7),
    "bool": (["return bool(x), bool(n)"], 0.0, 3),
    "complex": (["return complex(x, n), complex(n) * 1j, abs(complex(x))"], 2.5, -3),
    "round": (["return round(x) + round(n), round(x * 1.01, 1), round(n * 37, -1)"], 2.5, 3),
    "len": (["return len((x, n, x))"], 1.0, 2),
    "min": (["return min(x, n, 0.5)"], 2.5, -1),
    "max": (["return max(x, n)"], 2.5, 3),
    "range": (["s = 0", "for i in range(n, 10, 2):", "    s += i", "return s"], 0.0, 3),
    "enumerate": (["s = 0", "for i, j in enumerate(range(n), start=2):", "    s += i * j", "return s"], 0.0, 4),
    "zip": (["s = 0.0", "for i, j in zip(range(n), range(5, 0, -1)):", "    s += i * j * x", "return s"], 1.5, 7),
    "reversed": (["s = 0", "for i in reversed(range(n)):", "    s = s * 10 + i", "return s"], 0.0, 5),
    "print": (["print('x', x, n, None, True, sep=',', end=';')", "return n"], 0.1, 3),
    "isinstance": (["return isinstance(x, float), isinstance(n, (float, int)), isinstance(n > 1, int)"], 2.5, 3),
}


@pytest.mark.parametrize("name", entries("builtins"))
def test_every_builtin_compiles(name, capsys):
    assert name in BUILTIN_EXAMPLES, f"builtin `{name}` has no example in BUILTIN_EXAMPLES"
    body, x, n = BUILTIN_EXAMPLES[name]
    py, jf = compile_call(None, ["x", "n"], body)
    want = py(x, n)
    printed = capsys.readouterr().out
    assert jf(x, n) == want
    assert capsys.readouterr().out == printed
