"""The promotion grid: NumPy's own answer (result dtype, values, or the
exception) for every operator and binary ufunc ferrojit supports in array code,
over every pair of array dtypes and every kind of scalar operand.

Each cell is one pytest item, ``<op>-<left>-<right>``:

* ``<op>``: ``+ - * / // % **``, the six comparisons, ``& | ^ << >>`` and the
  binary ufuncs of docs/supported.md (``np.add`` ... ``np.bitwise_xor``,
  ``np.minimum`` ... ``np.fmod``);
* operands: a 1-d array of each of the 11 dtypes (``i8[]``), or, on either
  side of such an array, a scalar of each kind: a Python int (four values: 3,
  -1, 300 and 2**40, the last three out of the range of some dtypes, where
  NumPy 2 raises OverflowError), a Python float and bool, a NumPy scalar of
  each dtype (``np.int8``), and a 0-d array of each dtype (``0d.int8``).

And every unary operator and ufunc (``-``, ``~``, ``np.sqrt`` ... ``np.isfinite``)
over every dtype (``test_unary_cell``), and ``0 + s - array`` for NumPy and Python
scalars ``s`` (``test_scalar_expression_then_array``: ``0 + np.int8(0) -
bool_array`` is int8).

The oracle is NumPy run by CPython on the plain (never compiled) kernel.  The
result dtype and shape must be NumPy's exactly, the values too, except for the
float results of ``**`` / ``np.power``, ``np.arctan2``, ``np.hypot`` and of the
transcendental unary functions: those are compared with CPython's ``math``
(``math.pow``, ``math.atan2``, ``math.sin``, ...) applied per element (glibc's libm, within 1 ulp of the correctly rounded
result, and independent of the CPU, unlike NumPy's own SIMD code) within 5 ulp
of the result dtype: ferrojit's array math is within 4 ulp of the correctly
rounded result (docs/accuracy.md), plus the oracle's own 1 ulp.

Where NumPy's result is float16 (e.g. ``np.arctan2`` of two int8 arrays),
ferrojit, which has no float16, gives float32 (documented): the expected result
is then NumPy's on the operands converted to float32.

Compiling is what costs (15-30 ms per operator and type combination on the
test machine; 28k binary cells, about 16 minutes in all), so by default the
binary grid is sampled (``_selected``, about 3100 cells, a minute): every dtype
pair for the core operators, every scalar kind with every array dtype on both
sides for ``+``, and the other (op, operand) combinations in rotation, so that
every op meets every dtype on each side and every scalar kind;
FERROJIT_TEST_SCALE > 1 (or FERROJIT_FULL_GRID=1) runs every cell.

Known compiler bugs are pinned cell by cell by ``array_helpers.KNOWN_BUGS``: a
predicate per bug, computed from NumPy's behaviour alone, applied as ONE strict
xfail per bug.  Remove an entry when its fix lands: the cells it covers then have
to pass (while the entry is there they have to fail).
"""

import math
import os
import warnings

import numpy as np
import pytest

import array_expr_kernels as K
from array_helpers import (
    DTYPES,
    array_diff,
    check_arrays,
    jit,
    known_bug,
    known_bug_reason,
    public_exception_type,
    run_oracle,
)
from conftest import EXAMPLES_SCALE

FULL = EXAMPLES_SCALE > 1 or os.environ.get("FERROJIT_FULL_GRID", "") not in ("", "0")

# ---------------------------------------------------------------------------
# Operators and ufuncs (the kernels are shared with test_array_exprs.py)
# ---------------------------------------------------------------------------
OPERATORS = {
    "+": K.add, "-": K.sub, "*": K.mul, "/": K.truediv, "//": K.floordiv, "%": K.mod,
    "**": K.power, "==": K.eq, "!=": K.ne, "<": K.lt, "<=": K.le, ">": K.gt, ">=": K.ge,
    "&": K.bit_and, "|": K.bit_or, "^": K.bit_xor, "<<": K.lshift, ">>": K.rshift,
}
UFUNCS = {
    "add": K.u_add, "subtract": K.u_subtract, "multiply": K.u_multiply, "divide": K.u_divide,
    "true_divide": K.u_true_divide, "floor_divide": K.u_floor_divide, "mod": K.u_mod,
    "remainder": K.u_remainder, "power": K.u_power, "bitwise_and": K.u_bitwise_and,
    "bitwise_or": K.u_bitwise_or, "bitwise_xor": K.u_bitwise_xor, "minimum": K.u_minimum,
    "maximum": K.u_maximum, "fmin": K.u_fmin, "fmax": K.u_fmax, "arctan2": K.u_arctan2,
    "hypot": K.u_hypot, "copysign": K.u_copysign, "fmod": K.u_fmod,
}
OPS = {**OPERATORS, **UFUNCS}
OP_NAMES = list(OPS)

#: float results compared with CPython's math per element (see the docstring)
MATH_ORACLE = {"**": math.pow, "power": math.pow, "arctan2": math.atan2, "hypot": math.hypot}
#: ferrojit's array math: 4 ulp from the correctly rounded result (docs/accuracy.md);
#: CPython's math (glibc libm): within 1 ulp of it
MATH_ULPS = 4 + 1


# ---------------------------------------------------------------------------
# Operands
# ---------------------------------------------------------------------------
def left_values(dtype):
    """The array on the left of the operator: extremes (wrap-around), zero,
    negative values for signed types, fractions for floats."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return np.array([True, False, True, True, False, True, False, True])
    if dtype.kind == "f":
        return np.array([-7.5, -1.0, -0.0, 0.0, 0.5, 2.0, 3.0, 1e4], dtype)
    info = np.iinfo(dtype)
    if dtype.kind == "u":
        return np.array([info.max, 0, 1, 2, 5, 7, 3, 100], dtype)
    return np.array([info.max, -7, -1, 0, 1, 2, 5, info.min], dtype)


def right_values(dtype):
    """The array on the right: small non-negative values (exponents and shift
    counts NumPy defines; zero divisors included)."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return np.array([True, False, True, False, True, True, False, False])
    if dtype.kind == "f":
        return np.array([0.0, 1.0, 2.0, 0.5, 3.0, 1.5, 2.5, -0.0], dtype)
    return np.array([0, 1, 2, 3, 5, 1, 2, 7], dtype)


class Operand:
    """One operand kind of the grid: ``make(side)`` builds a fresh value."""

    def __init__(self, name, make, kind, dtype=None, value=None):
        self.name, self.make, self.kind, self.dtype, self.value = name, make, kind, dtype, value

    def __repr__(self):
        return self.name


def array_operand(dtype):
    dtype = np.dtype(dtype)
    return Operand(f"{dtype.str[1:]}[]",
                   lambda side: (left_values if side == 0 else right_values)(dtype).copy(),
                   "array", dtype)


def _scalar_value(dtype):
    dtype = np.dtype(dtype)
    return True if dtype.kind == "b" else (2.5 if dtype.kind == "f" else 3)


SCALARS = (
    [Operand(f"py_int({v})", (lambda v: lambda side: v)(v), "py", value=v)
     for v in (3, -1, 300, 2**40)]
    + [Operand("py_float(2.5)", lambda side: 2.5, "py", value=2.5),
       Operand("py_bool(True)", lambda side: True, "py", value=True)]
    + [Operand(f"np.{d.name}", (lambda d: lambda side: d.type(_scalar_value(d)))(d), "np", d)
       for d in DTYPES]
    + [Operand(f"0d.{d.name}", (lambda d: lambda side: np.array(_scalar_value(d), d))(d), "0d", d)
       for d in DTYPES]
)
ARRAYS = [array_operand(d) for d in DTYPES]


# ---------------------------------------------------------------------------
# The oracle
# ---------------------------------------------------------------------------
def numpy_outcome(op, left, right):
    """NumPy's (result, exception) for the cell, on fresh operands."""
    return run_oracle(OPS[op], [left.make(0), right.make(1)], {})


def _math_oracle(op, a, b, dtype):
    fn = MATH_ORACLE[op]

    ref = np.asarray(run_oracle(OPS[op], [a, b], {})[0], np.float64)

    def one(x, y, r):
        try:
            return fn(float(x), float(y))
        except (ValueError, OverflowError):
            return float(r)   # (a special value: NumPy's nan or +-inf, exact on any CPU)
    # the inputs cast to the result dtype first, as NumPy's loop does
    x, y, r = np.broadcast_arrays(np.asarray(a).astype(dtype), np.asarray(b).astype(dtype), ref)
    out = np.array([one(p, q, s) for p, q, s in zip(x.ravel(), y.ravel(), r.ravel())],
                   np.float64)
    with np.errstate(all="ignore"):
        return out.reshape(x.shape).astype(dtype)


# ---------------------------------------------------------------------------
# Known compiler bugs: the predicates of array_helpers.KNOWN_BUGS, per cell
# ---------------------------------------------------------------------------
def cell_bug(op, left, right):
    return known_bug(OPS[op], [left.make(0), right.make(1)])


# ---------------------------------------------------------------------------
# The cells
# ---------------------------------------------------------------------------
def all_cells():
    for op in OP_NAMES:
        for a in ARRAYS:
            for b in ARRAYS:
                yield op, a, b
        for a in ARRAYS:
            for s in SCALARS:
                yield op, a, s
                yield op, s, a


#: every dtype pair with these in the default run (the others: a sixth of the pairs each)
CORE_ARRAY_OPS = {"+", "-", "/", "//", "**", "<", "&"}


def _selected(op, left, right):
    """The default sample (see the module docstring): every dtype pair for
    CORE_ARRAY_OPS, a sixth of them in rotation for the other ops (each op still
    meets every dtype on each side); ``+`` with every scalar kind, array dtype and
    side, and every other op with every scalar kind, the array dtype and the side
    in rotation."""
    if FULL:
        return True
    i = OP_NAMES.index(op)
    if left.kind == "array" and right.kind == "array":
        if op in CORE_ARRAY_OPS:
            return True
        da, db = DTYPES.index(left.dtype), DTYPES.index(right.dtype)
        return (da + 3 * db + i) % 6 == 0
    if op == "+":
        return True
    arr, sc = (left, right) if left.kind == "array" else (right, left)
    j = SCALARS.index(sc) if sc.kind != "py" or type(sc.value) is not int else 0
    side = 0 if left is arr else 1
    return (DTYPES.index(arr.dtype) + 5 * j + i) % 11 == 0 and side == (i + j) % 2


def cell_params():
    params = []
    for op, left, right in all_cells():
        if not _selected(op, left, right):
            continue
        bug = cell_bug(op, left, right)
        marks = [pytest.mark.xfail(strict=True, reason=known_bug_reason(bug))] if bug else []
        params.append(pytest.param(op, left, right, marks=marks,
                                   id=f"{op}-{left.name}-{right.name}"))
    return params


with warnings.catch_warnings(), np.errstate(all="ignore"):
    warnings.simplefilter("ignore")
    CELLS = cell_params()


@pytest.mark.parametrize("op,left,right", CELLS)
def test_cell(op, left, right):
    fn = OPS[op]
    expected, py_exc = numpy_outcome(op, left, right)
    a, b = left.make(0), right.make(1)
    call = f"{op}({left.name}={a!r}, {right.name}={b!r})"
    try:
        got, jit_exc = jit(fn)(a, b), None
    except Exception as e:  # noqa: BLE001
        got, jit_exc = None, e
    if py_exc is not None:
        if jit_exc is None:
            pytest.fail(f"{call}: NumPy raised {type(py_exc).__name__}({py_exc}) but ferrojit "
                        f"returned {got!r}", pytrace=False)
        if not isinstance(jit_exc, public_exception_type(py_exc)):
            pytest.fail(f"{call}: NumPy raised {type(py_exc).__name__}({py_exc}) but ferrojit "
                        f"raised {type(jit_exc).__name__}: {jit_exc}", pytrace=False)
        return
    if jit_exc is not None:
        raise AssertionError(f"{call}: NumPy returned {expected!r} but ferrojit raised "
                             f"{type(jit_exc).__name__}: {jit_exc}") from jit_exc
    ea, eb = a, b
    if expected.dtype == np.float16:
        # no float16 in ferrojit: float32, as NumPy computes on float32 operands
        ea, eb = [x.astype(np.float32) if isinstance(x, (np.ndarray, np.generic)) else x
                  for x in (a, b)]
        expected, _ = run_oracle(fn, [ea, eb], {})
    d = array_diff(got, expected, values=False)
    if d is None:
        if op in MATH_ORACLE and expected.dtype.kind == "f":
            d = array_diff(got, _math_oracle(op, ea, eb, expected.dtype), ulps=MATH_ULPS)
        else:
            d = array_diff(got, expected)
    if d:
        pytest.fail(f"{call}: {d}", pytrace=False)


# ---------------------------------------------------------------------------
# A scalar expression before the array: 0 + s - a
# ---------------------------------------------------------------------------
def chain_add_sub(s, a):
    return 0 + s - a


CHAIN_SCALARS = [d.type(_scalar_value(d)) for d in DTYPES] + [3, 2.5, True]
CHAIN_ARRAYS = [np.dtype(t) for t in ("bool", "int8", "uint8", "int16", "float32", "float64")]


def chain_params():
    out = []
    for s in CHAIN_SCALARS:
        for dt in CHAIN_ARRAYS:
            a = right_values(dt)
            bug = known_bug(chain_add_sub, [s, a])
            marks = [pytest.mark.xfail(strict=True, reason=known_bug_reason(bug))] if bug else []
            name = f"np.{type(s).__name__}" if isinstance(s, np.generic) else \
                f"py_{type(s).__name__}"
            out.append(pytest.param(s, dt, marks=marks, id=f"{name}-{dt.str[1:]}[]"))
    return out


with warnings.catch_warnings(), np.errstate(all="ignore"):
    warnings.simplefilter("ignore")
    CHAIN = chain_params()


@pytest.mark.parametrize("s,dtype", CHAIN)
def test_scalar_expression_then_array(s, dtype):
    """``0 + np.int8(0) - bool_array`` is int8 in NumPy 2 (the Python int is
    weak, the NumPy scalar keeps its type), ``0 + np.float32(1) - bool_array``
    float32."""
    check_arrays(chain_add_sub, s, right_values(dtype))


# ---------------------------------------------------------------------------
# Unary operators and ufuncs over every dtype
# ---------------------------------------------------------------------------
UNARY_OPS = {
    "neg": K.neg, "invert": K.invert, "sqrt": K.u_sqrt, "exp": K.u_exp, "expm1": K.u_expm1,
    "log": K.u_log, "log2": K.u_log2, "log10": K.u_log10, "log1p": K.u_log1p,
    "sin": K.u_sin, "cos": K.u_cos, "tan": K.u_tan, "arcsin": K.u_arcsin,
    "arccos": K.u_arccos, "arctan": K.u_arctan, "sinh": K.u_sinh, "cosh": K.u_cosh,
    "tanh": K.u_tanh, "arcsinh": K.u_arcsinh, "arccosh": K.u_arccosh, "arctanh": K.u_arctanh,
    "floor": K.u_floor, "ceil": K.u_ceil, "trunc": K.u_trunc, "fabs": K.u_fabs,
    "degrees": K.u_degrees, "rad2deg": K.u_rad2deg, "radians": K.u_radians,
    "deg2rad": K.u_deg2rad, "abs": K.u_abs, "absolute": K.u_absolute,
    "negative": K.u_negative, "positive": K.u_positive, "square": K.u_square,
    "sign": K.u_sign, "isnan": K.u_isnan, "isinf": K.u_isinf, "isfinite": K.u_isfinite,
}
UNARY_MATH = {
    "exp": math.exp, "expm1": math.expm1, "log": math.log, "log2": math.log2,
    "log10": math.log10, "log1p": math.log1p, "sin": math.sin, "cos": math.cos,
    "tan": math.tan, "arcsin": math.asin, "arccos": math.acos, "arctan": math.atan,
    "sinh": math.sinh, "cosh": math.cosh, "tanh": math.tanh, "arcsinh": math.asinh,
    "arccosh": math.acosh, "arctanh": math.atanh,
}


def unary_values(dtype):
    """left_values, and for floats also values inside every function's domain."""
    v = left_values(dtype)
    if np.dtype(dtype).kind == "f":
        v = np.concatenate([v, np.array([0.25, -0.75, 0.999, 1.5, 710.0, np.inf, -np.inf,
                                         np.nan], dtype)])
    return v


def unary_params():
    out = []
    for name, fn in UNARY_OPS.items():
        for d in DTYPES:
            bug = known_bug(fn, [unary_values(d)])
            marks = [pytest.mark.xfail(strict=True, reason=known_bug_reason(bug))] if bug else []
            out.append(pytest.param(name, d, marks=marks, id=f"{name}-{d.str[1:]}[]"))
    return out


with warnings.catch_warnings(), np.errstate(all="ignore"):
    warnings.simplefilter("ignore")
    UNARY_CELLS = unary_params()


@pytest.mark.parametrize("op,dtype", UNARY_CELLS)
def test_unary_cell(op, dtype):
    """NumPy's result dtype (float16 results: float32, as NumPy computes on a
    float32 input), NumPy's values for the exact functions, CPython's math per
    element within MATH_ULPS for the transcendental ones."""
    fn = UNARY_OPS[op]
    a = unary_values(dtype)
    expected, py_exc = run_oracle(fn, [a.copy()], {})
    try:
        got, jit_exc = jit(fn)(a.copy()), None
    except Exception as e:  # noqa: BLE001
        got, jit_exc = None, e
    call = f"{op}({a!r})"
    if py_exc is not None:
        if jit_exc is None or not isinstance(jit_exc, public_exception_type(py_exc)):
            pytest.fail(f"{call}: NumPy raised {type(py_exc).__name__}({py_exc}) but ferrojit "
                        f"gave {jit_exc!r} {got!r}", pytrace=False)
        return
    if jit_exc is not None:
        raise AssertionError(f"{call}: NumPy returned {expected!r} but ferrojit raised "
                             f"{type(jit_exc).__name__}: {jit_exc}") from jit_exc
    ea = a
    if expected.dtype == np.float16:
        ea = a.astype(np.float32)
        expected, _ = run_oracle(fn, [ea.copy()], {})
    d = array_diff(got, expected, values=False)
    if d is None:
        if op in UNARY_MATH:
            mfn = UNARY_MATH[op]
            x = ea.astype(expected.dtype).astype(np.float64)
            ref = expected.astype(np.float64)
            vals = []
            for xi, ri in zip(x, ref):
                try:
                    vals.append(mfn(float(xi)))
                except (ValueError, OverflowError):
                    vals.append(float(ri))   # nan / +-inf: NumPy's special value
            with np.errstate(all="ignore"):
                d = array_diff(got, np.array(vals).astype(expected.dtype), ulps=MATH_ULPS)
        else:
            d = array_diff(got, expected)
    if d:
        pytest.fail(f"{call}: {d}", pytrace=False)
