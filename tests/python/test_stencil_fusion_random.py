"""Random element-wise expressions around a `@stencil` call, fused in `@jit` code
(crates/frontend/src/fusion.rs), against CPython: the same function run by the
interpreter, where the stencil returns its whole array (tested cell by cell in
test_stencil.py) and NumPy evaluates the expression. Hypothesis draws the expression
(arithmetic over two arrays, a float, an int and constants, with the stencil call at one
leaf), the dtypes and the shape; values, dtype, NaN and inf positions must agree
exactly, and whether the expression was fused must be what its operands allow.
"""

import itertools
import linecache
import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import ferrojit
from ferrojit import njit, stencil


@stencil
def lap(a):
    return 0.25 * (a[0, 1] + a[1, 0] + a[0, -1] + a[-1, 0]) - a[0, 0]


@stencil(cval=1)
def grad(a):
    return a[1, 0] - a[0, 0]


STENCILS = {"lap": lap, "grad": grad}
_counter = itertools.count()

OPS = ["+", "-", "*", "/", "//", "%", "**"]
LEAVES = ["u", "v", "s", "k", "2", "0.5", "-1.5"]


@st.composite
def expressions(draw, depth=3):
    """An expression with exactly one stencil call (`lap(u)`, `grad(v)`...)."""
    call = f"{draw(st.sampled_from(sorted(STENCILS)))}({draw(st.sampled_from(['u', 'v']))})"

    def tree(d, with_call):
        if d == 0 or draw(st.integers(0, 3)) == 0:
            return call if with_call else draw(st.sampled_from(LEAVES))
        op = draw(st.sampled_from(OPS))
        if op == "**":
            # (small constant powers: a power of an array by an array overflows at once;
            # exact ones only: NumPy's array `x ** 3` of float32 differs from its scalar
            # one within the ulp bound of docs/accuracy.md, and the fused cells compute
            # NumPy's scalar power, as ferrojit's array expressions do)
            # `** 0.5` of a base without arrays is a Python float's power: negative, CPython
            # gives a complex number, compiled code a ValueError (docs/supported.md)
            left = tree(d - 1, with_call)
            arrays = with_call or "u" in left or "v" in left
            return f"({left} ** {draw(st.sampled_from(['2', '0.5'])) if arrays else '2'})"
        left_call = with_call and draw(st.booleans())
        a, b = tree(d - 1, left_call), tree(d - 1, with_call and not left_call)
        if draw(st.integers(0, 5)) == 0:
            return f"(-{a} {op} {b})"
        return f"({a} {op} {b})"

    return tree(depth, True)


def make(expr, assign):
    body = f"    r = {expr}\n    return r\n" if assign else f"    return {expr}\n"
    source = f"def kernel(u, v, s, k):\n{body}"
    filename = f"<stencil fusion test #{next(_counter)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    ns = dict(STENCILS)
    exec(compile(source, filename, "exec"), ns)
    return ns["kernel"]


def outcome(f, *args):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return np.asarray(f(*args)), None
        except (ZeroDivisionError, OverflowError, ValueError, TypeError) as e:
            return None, type(e)


@settings(max_examples=150, deadline=None)
@given(expr=expressions(),
       dtypes=st.tuples(st.sampled_from(["float64", "float32", "int64", "int32"]),
                        st.sampled_from(["float64", "float32", "int64"])),
       shape=st.tuples(st.integers(1, 6), st.integers(1, 7)),
       assign=st.booleans(), seed=st.integers(0, 2**16))
def test_random_expressions_around_a_stencil(expr, dtypes, shape, assign, seed):
    rng = np.random.default_rng(seed)
    u = (rng.standard_normal(shape) * 4).astype(dtypes[0])
    v = (rng.standard_normal(shape) * 4).astype(dtypes[1])
    s, k = float(rng.standard_normal()), int(rng.integers(-3, 4))
    f = make(expr, assign)
    want, want_exc = outcome(f, u, v, s, k)
    compiled = njit(f)
    got, got_exc = outcome(compiled, u, v, s, k)
    assert got_exc == want_exc, (expr, want_exc, got_exc)
    if want_exc is None:
        assert got.dtype == want.dtype, (expr, got.dtype, want.dtype)
        np.testing.assert_array_equal(got, want, err_msg=expr)
        if expr not in {f"{n}({a})" for n in STENCILS for a in "uv"}:  # (a bare call: not fused)
            ir = compiled.inspect_typed_ir()
            assert "_fuse_expr" in "\n".join(ir.values()), expr
