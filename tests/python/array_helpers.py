"""Helpers for the NumPy-array part of the ferrojit test-suite.

``check_arrays(kernel, *args)`` is the array counterpart of ``conftest.check``:
CPython (the oracle) and ``ferrojit.njit`` each run the kernel on their own
*layout-preserving* copies of the arguments, then the helper compares

* the results: arrays must have the same dtype, shape and values (NaN equals
  NaN, 0.0 and -0.0 differ); numpy scalars returned by CPython are compared
  with the plain Python scalars ferrojit returns (np.float32(1.5) == 1.5 as a
  ``float``, np.int8(3) == 3 as an ``int``, np.True_ == True as a ``bool``);
* the in-place effects on every argument array, including the bytes *between*
  the elements of a strided view (compiled code must never write there);
* which returned arrays share memory with which argument;
* exceptions: same type (and, on request, the same message).

The copies keep the exact strides of the originals (negative strides and gaps
included), so a kernel is compiled for the same layout the test asked for.
"""

import ctypes
import math
import warnings

import numpy as np
import pytest
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ferrojit
from conftest import EXAMPLES_SCALE, jitted, pure

try:  # NumPy >= 2
    from numpy.lib.array_utils import byte_bounds
except ImportError:  # pragma: no cover - NumPy 1.x
    byte_bounds = np.byte_bounds

#: every dtype ferrojit accepts in an array argument
DTYPES = [np.dtype(t) for t in (
    "bool", "int8", "int16", "int32", "int64",
    "uint8", "uint16", "uint32", "uint64", "float32", "float64")]
INT_DTYPES = [d for d in DTYPES if d.kind in "iu"]
FLOAT_DTYPES = [d for d in DTYPES if d.kind == "f"]
DTYPE_IDS = [d.name for d in DTYPES]

#: layouts every element-wise test is run with (see ``with_layout``)
LAYOUTS = ["C", "F", "strided", "reversed", "transposed"]


# ---------------------------------------------------------------------------
# Dispatchers
# ---------------------------------------------------------------------------
_OPT_JITTED = {}


def jit(fn, **options):
    """The session-wide dispatcher for ``fn`` compiled with ``options``
    (plain ``njit`` dispatchers are shared with ``conftest.jitted``)."""
    if not options:
        return jitted(fn)
    key = (fn, tuple(sorted(options.items())))
    disp = _OPT_JITTED.get(key)
    if disp is None:
        disp = _OPT_JITTED[key] = ferrojit.njit(fn, **options)
    return disp


def live():
    """The number of live runtime allocations of ferrojit."""
    return ferrojit._native.live_allocations()


# ---------------------------------------------------------------------------
# Building arrays of a given layout
# ---------------------------------------------------------------------------
def sentinel(dtype):
    """A value written between the elements of strided views: reading it by
    mistake gives a visibly wrong result."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return True
    if dtype.kind == "f":
        return -777.25
    return 77


def embed(values, steps, perm=None):
    """A view with the values of ``values`` whose axis ``k`` advances by
    ``steps[k]`` elements of a larger buffer (negative: reversed), the buffer's
    axes being stored in the order ``perm`` (outermost first).  The elements in
    between hold ``sentinel(dtype)``."""
    values = np.asarray(values)
    nd = values.ndim
    perm = list(range(nd)) if perm is None else list(perm)
    base_shape = [max(1, abs(s) * n + 1) for s, n in zip(steps, values.shape)]
    # store axis perm[0] outermost
    buf = np.full([base_shape[p] for p in perm], sentinel(values.dtype), dtype=values.dtype)
    base = np.transpose(buf, np.argsort(perm))
    index = []
    for s, n in zip(steps, values.shape):
        if s > 0:
            index.append(slice(1, 1 + s * n, s) if n else slice(0, 0))
        else:
            index.append(slice(abs(s) * n - 1, None, s) if n else slice(0, 0))
            # start at the last used element, walk backwards
    view = base[tuple(index)]
    assert view.shape == values.shape, (view.shape, values.shape)
    view[...] = values
    return view


def with_layout(values, layout):
    """``values`` (any array) laid out as:

    * ``"C"`` / ``"F"``: contiguous in C / Fortran order;
    * ``"strided"``: every axis with a step of 2 (the last one with 3), as
      ``a[::2]`` / ``a[:, ::3]``;
    * ``"reversed"``: every axis with a negative step, as ``a[::-1]``;
    * ``"transposed"``: a transposed C array (``c.T``; for 3-D the axes are
      stored in the order 1, 2, 0), non-contiguous in both senses for ndim 3.
    """
    values = np.asarray(values)
    nd = values.ndim
    if nd == 0:
        return values.copy()  # (np.ascontiguousarray would make it 1-d)
    if layout == "C":
        return np.ascontiguousarray(values)
    if layout == "F":
        return np.asfortranarray(values)
    if layout == "strided":
        return embed(values, [2] * (nd - 1) + [3] if nd else [])
    if layout == "reversed":
        return embed(values, [-1] * nd)
    if layout == "transposed":
        if nd < 2:
            return embed(values, [-2] * nd)
        perm = list(range(nd))[::-1] if nd == 2 else [1, 2, 0] + list(range(3, nd))
        return embed(values, [1] * nd, perm)
    raise ValueError(layout)


def ramp(shape, dtype, start=1):
    """Deterministic, distinct-ish values of ``dtype`` (small, so that any
    arithmetic on them is exact in every dtype)."""
    dtype = np.dtype(dtype)
    n = int(np.prod(shape, dtype=np.int64))
    v = np.arange(start, start + n)
    if dtype.kind == "b":
        v = (v % 3) != 0
    elif dtype.kind == "u":
        v = v % 50
    elif dtype.kind == "i":
        v = (v % 41) - 17
    else:
        v = (v % 37) * 0.25 - 3.5
    return v.astype(dtype).reshape(shape)


# ---------------------------------------------------------------------------
# Layout-preserving copies
# ---------------------------------------------------------------------------
class Clone:
    """A deep copy of an ndarray with exactly the same shape and strides, in a
    fresh buffer that also covers the gaps of the original view."""

    def __init__(self, a):
        self.orig_flags_writeable = a.flags.writeable
        if a.size == 0:
            self.buf = np.zeros(max(1, a.itemsize), np.uint8)
            self.offset = 0
            self.view = np.ndarray(a.shape, a.dtype, buffer=self.buf, offset=0,
                                   strides=a.strides)
            self.mask = np.zeros(self.buf.size, bool)
        else:
            lo, hi = byte_bounds(a)
            n = hi - lo
            # 64-byte alignment, as NumPy's own allocations
            raw = np.zeros(n + 64, np.uint8)
            shift = (-raw.ctypes.data) % 64
            self.buf = raw[shift:shift + n]
            ctypes.memmove(self.buf.ctypes.data, lo, n)
            self.offset = a.ctypes.data - lo
            self.view = np.ndarray(a.shape, a.dtype, buffer=self.buf,
                                   offset=self.offset, strides=a.strides)
            # which bytes of the buffer belong to elements of the view
            m = np.zeros(n, np.uint8)
            mview = np.lib.stride_tricks.as_strided(
                m[self.offset:], shape=a.shape + (a.itemsize,),
                strides=a.strides + (1,), writeable=True)
            mview[...] = 1
            self.mask = m.astype(bool)
        if not a.flags.writeable:
            self.view.flags.writeable = False

    def gaps(self):
        """The bytes of the buffer outside the elements of the view."""
        return self.buf[~self.mask].copy()


def clone_args(args):
    """(cloned args, list of (position, Clone))."""
    out, clones = [], []
    for i, a in enumerate(args):
        if isinstance(a, np.ndarray):
            c = Clone(a)
            clones.append((i, c))
            out.append(c.view)
        elif isinstance(a, tuple) and any(isinstance(x, np.ndarray) for x in a):
            items = []
            for x in a:
                if isinstance(x, np.ndarray):
                    c = Clone(x)
                    clones.append((i, c))
                    items.append(c.view)
                else:
                    items.append(x)
            out.append(tuple(items))
        else:
            out.append(a)
    return out, clones


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------
def normalize(v):
    """numpy scalars as the Python scalars ferrojit returns."""
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, tuple):
        return tuple(normalize(x) for x in v)
    return v


def _float_diff(g, e, rtol, atol, ulps, signed_zeros):
    if math.isnan(g) or math.isnan(e):
        return not (math.isnan(g) and math.isnan(e))
    if g == e:
        if signed_zeros and g == 0 and math.copysign(1, g) != math.copysign(1, e):
            return True
        return False
    if math.isinf(g) or math.isinf(e):
        return True
    tol = atol + rtol * abs(e) + ulps * math.ulp(e)
    return abs(g - e) > tol


def array_diff(got, exp, rtol=0.0, atol=0.0, ulps=0, signed_zeros=True, values=True):
    """None if the arrays agree, else a description of the first difference."""
    if not isinstance(got, np.ndarray):
        return f"expected an ndarray, got {type(got).__name__}: {got!r}"
    if got.dtype != exp.dtype:
        return f"dtype {got.dtype} != CPython's {exp.dtype}"
    if got.shape != exp.shape:
        return f"shape {got.shape} != CPython's {exp.shape}"
    if not values or exp.size == 0:
        return None
    if exp.dtype.kind != "f":
        if not np.array_equal(got, exp):
            bad = np.argwhere(got != exp)[0]
            idx = tuple(int(i) for i in bad)
            return (f"element {idx}: {got[idx]!r} != CPython's {exp[idx]!r}\n"
                    f"ferrojit: {got!r}\nCPython:  {exp!r}")
        return None
    g64 = got.astype(np.float64)
    e64 = exp.astype(np.float64)
    nan_g, nan_e = np.isnan(g64), np.isnan(e64)
    bad = nan_g != nan_e
    both = ~(nan_g | nan_e)
    with np.errstate(all="ignore"):
        if ulps and got.dtype == np.float32:
            spacing = np.spacing(np.abs(exp)).astype(np.float64)
        else:
            spacing = np.spacing(np.abs(e64))
        tol = atol + rtol * np.abs(e64) + ulps * spacing
        close = (g64 == e64) | (np.abs(g64 - e64) <= tol)
        close &= ~(np.isinf(g64) | np.isinf(e64)) | (g64 == e64)
    bad |= both & ~close
    if signed_zeros:
        bad |= both & (g64 == 0) & (e64 == 0) & (np.signbit(g64) != np.signbit(e64))
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        return (f"element {idx}: {got[idx]!r} != CPython's {exp[idx]!r}\n"
                f"ferrojit: {got!r}\nCPython:  {exp!r}")
    return None


def value_diff(got, exp, path="result", rtol=0.0, atol=0.0, ulps=0,
               signed_zeros=True, values=True):
    if isinstance(exp, np.ndarray):
        d = array_diff(got, exp, rtol, atol, ulps, signed_zeros, values)
        return f"{path}: {d}" if d else None
    exp = normalize(exp)
    if isinstance(exp, tuple):
        if not isinstance(got, tuple) or len(got) != len(exp):
            return f"{path}: {got!r} != CPython's {exp!r}"
        def item(t, i):   # a tuple of tolerances gives one per item
            return t[i] if isinstance(t, tuple) else t
        for i, (g, e) in enumerate(zip(got, exp)):
            d = value_diff(g, e, f"{path}[{i}]", item(rtol, i), item(atol, i), item(ulps, i),
                           signed_zeros, values)
            if d:
                return d
        return None
    if type(got) is not type(exp):
        return (f"{path}: type {type(got).__name__} != CPython's {type(exp).__name__} "
                f"({got!r} vs {exp!r})")
    if not values:
        return None
    if isinstance(exp, float):
        if _float_diff(got, exp, rtol, atol, ulps, signed_zeros):
            return f"{path}: {got!r} ({got.hex()}) != CPython's {exp!r} ({exp.hex()})"
        return None
    if got != exp:
        return f"{path}: {got!r} != CPython's {exp!r}"
    return None


def _arrays_in(v):
    if isinstance(v, np.ndarray):
        return [v]
    if isinstance(v, tuple):
        return [a for x in v for a in _arrays_in(x)]
    return []


def describe(a):
    if isinstance(a, np.ndarray):
        return (f"array(dtype={a.dtype}, shape={a.shape}, strides={a.strides}, "
                f"writeable={a.flags.writeable}, values={a.tolist()!r})")
    if isinstance(a, tuple):
        return "(" + ", ".join(describe(x) for x in a) + ")"
    return repr(a)


def call_desc(fn, args, kwargs=None):
    parts = [describe(a) for a in args]
    parts += [f"{k}={describe(v)}" for k, v in (kwargs or {}).items()]
    return f"{getattr(fn, '__name__', fn)}({', '.join(parts)})"


def public_exception_type(exc):
    """The exception's class, or for NumPy's private subclasses (such as
    ``_ArrayMemoryError``) the first builtin class they derive from."""
    for cls in type(exc).__mro__:
        if not cls.__module__.startswith("numpy"):
            return cls
    return type(exc)


def run_oracle(fn, args, kwargs):
    py = pure(fn)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return py(*args, **kwargs), None
        except Exception as e:  # noqa: BLE001 - the oracle may raise anything
            return None, e


def check_arrays(fn, *args, rtol=0.0, atol=0.0, ulps=0, signed_zeros=True,
                 match_message=False, values=True, jit_options=None, **kwargs):
    """Differential test of one call of ``fn`` on array arguments (see the
    module docstring).  Returns ferrojit's result (or the exception it raised
    when CPython raised too)."""
    jf = jit(fn, **(jit_options or {}))
    call = call_desc(fn, args, kwargs)
    py_args, py_clones = clone_args(args)
    jit_args, jit_clones = clone_args(args)
    expected, py_exc = run_oracle(fn, py_args, kwargs)
    try:
        got, jit_exc = jf(*jit_args, **kwargs), None
    except Exception as e:  # noqa: BLE001
        got, jit_exc = None, e
    if py_exc is not None:
        if jit_exc is None:
            pytest.fail(f"{call}: CPython raised {type(py_exc).__name__}({py_exc}) "
                        f"but ferrojit returned {describe(got)}", pytrace=False)
        if not isinstance(jit_exc, public_exception_type(py_exc)):
            raise AssertionError(
                f"{call}: CPython raised {type(py_exc).__name__}({py_exc}) but ferrojit "
                f"raised {type(jit_exc).__name__}: {jit_exc}") from jit_exc
        if match_message and str(jit_exc) != str(py_exc):
            pytest.fail(f"{call}: ferrojit's message {str(jit_exc)!r} != CPython's "
                        f"{str(py_exc)!r}", pytrace=False)
    elif jit_exc is not None:
        raise AssertionError(f"{call}: CPython returned {describe(expected)} but ferrojit "
                             f"raised {type(jit_exc).__name__}: {jit_exc}") from jit_exc
    else:
        d = value_diff(got, expected, "result", rtol, atol, ulps, signed_zeros, values)
        if d:
            pytest.fail(f"{call}:\n{d}", pytrace=False)
    # in-place effects on the arguments, gaps of strided views included
    for (pos, pc), (_, jc) in zip(py_clones, jit_clones):
        d = array_diff(jc.view, pc.view, signed_zeros=signed_zeros)
        if d:
            pytest.fail(f"{call}: argument {pos} after the call: {d}", pytrace=False)
        if not np.array_equal(jc.gaps(), pc.gaps()):
            pytest.fail(f"{call}: argument {pos}: compiled code wrote between the "
                        f"elements of a strided view", pytrace=False)
    if py_exc is None and jit_exc is None:
        # aliasing: a returned array shares memory with an argument in both or neither
        exp_arrays, got_arrays = _arrays_in(expected), _arrays_in(got)
        if len(exp_arrays) == len(got_arrays):
            for k, (e, g) in enumerate(zip(exp_arrays, got_arrays)):
                for (pos, pc), (_, jc) in zip(py_clones, jit_clones):
                    es = np.shares_memory(e, pc.view) if e.size and pc.view.size else False
                    gs = np.shares_memory(g, jc.view) if g.size and jc.view.size else False
                    if es != gs:
                        pytest.fail(f"{call}: returned array #{k} shares memory with argument "
                                    f"{pos}: CPython {es}, ferrojit {gs}", pytrace=False)
    return jit_exc if jit_exc is not None else got


def float_sum_tol(a):
    """An absolute tolerance for the float sum of the whole of ``a``: 2 n eps
    sum(|a|).  Any summation order (ferrojit's vectorised partial sums,
    documented in docs/supported.md) is within (n - 1) u sum(|a|) of the exact
    sum (u = eps / 2, Higham's bound for recursive summation, which holds for
    every order), and so is NumPy's pairwise sum: the two are within twice
    that, less than n eps sum(|a|); the factor 2 is slack for the rounding of
    the final conversion.  Infinite when partial sums may overflow (the order
    then decides between inf and a finite value); NaN and +-inf elements are
    exact in any order."""
    return float(np.max(sum_tol(a), initial=0.0))


def _reduced_slices(a, axis):
    """``a`` as float64 (exact for every supported dtype but 64-bit integers
    beyond 2**53, which only matter for integer results, compared exactly),
    the axis reduced, and the length n of each reduced slice."""
    x = np.asarray(a).astype(np.float64)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    return x, axis, x.shape[axis]


def _eps_of_result(a):
    """eps of the float type a reduction of ``a`` computes in (float32 for
    float32 data, float64 otherwise)."""
    dt = np.asarray(a).dtype
    return float(np.finfo(dt if dt == np.float32 else np.float64).eps)


def sum_tol(a, axis=None):
    """Per reduced slice (an array of the result's shape; a float for a whole
    reduction), the absolute tolerance between two float sums of ``a`` along
    ``axis`` computed in different orders: 2 n eps sum(|x|) of *that slice* (see
    ``float_sum_tol``), not a bound that uses the whole array's magnitude."""
    x, ax, n = _reduced_slices(a, axis)
    eps = _eps_of_result(a)
    with np.errstate(all="ignore"):
        finite = np.where(np.isfinite(x), np.abs(x), 0.0)
        s = np.sum(finite, axis=ax)
        big = 1e30 if np.asarray(a).dtype == np.float32 else 1e300
        tol = np.where(s < big, 2 * max(n, 1) * eps * s, np.inf)
    return float(tol) if np.ndim(tol) == 0 else tol


def reduction_tol(op, a, axis=None, exact_data=False):
    """``check_arrays`` keyword arguments for reduction ``op`` (a name of
    ``REDUCTIONS``) of ``a`` along ``axis`` (None: the whole array), derived per
    reduced slice from what is exact and from the rounding-error bounds:

    * exact (0 tolerance): min, max, argmin, argmax, any, all, and integer and
      bool sums and products (they wrap as NumPy's do);
    * float sums: ``sum_tol`` (2 n eps sum(|x|) of the slice); exact when
      ``exact_data`` says every partial sum is exact (small multiples of 1/4,
      ``elements(..., exact=True)`` and ``ramp``);
    * means: the sum's bound / n, plus 1 ulp for the division;
    * float products: 2 n eps |product| of the slice, plus 1 ulp;
    * var: both sides compute the mean (error dm <= the mean's bound) and then
      sum (x - mean)**2: n dm**2 / n from the mean (its first-order term
      cancels, sum(x - mean) = 0) plus (n + 3) u var from the differences,
      squares and the sum, for each of the two sides (2 (n + 3) eps var in all,
      u = eps / 2, with a factor 2 of slack);
    * std: sqrt of the var bound's effect, min(dv / (2 std), sqrt(dv)), plus 1
      ulp for the square root.

    Signed zeros are not compared for the inexact ones (a sum of +-0.0 in
    another order)."""
    dt = np.asarray(a).dtype
    exact = {"signed_zeros": False}
    if op in ("min", "max", "argmin", "argmax", "any", "all"):
        return exact
    if op in ("sum", "prod") and dt.kind != "f" or op == "sum" and exact_data:
        return exact
    x, ax, n = _reduced_slices(a, axis)
    eps = _eps_of_result(a)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")   # (means of empty slices)
        if op == "sum":
            return {"atol": sum_tol(a, axis), "signed_zeros": False}
        # (+ eps |value|: the final rounding, 1 ulp of the result's own type)
        if op == "prod":
            p = np.abs(np.prod(x, axis=ax))
            tol = np.where(np.isfinite(p), (2 * max(n, 1) + 1) * eps * p, np.inf)
            return {"atol": _scalar_or_array(tol), "signed_zeros": False}
        dm = np.asarray(0.0 if exact_data else sum_tol(a, axis)) / max(n, 1)
        m = np.mean(x, axis=ax, keepdims=True)
        if op == "mean":
            tol = dm + eps * np.abs(np.squeeze(m, axis=ax))
            return {"atol": _scalar_or_array(tol), "signed_zeros": False}
        var = np.mean((x - m) ** 2, axis=ax)
        dv = 2 * ((n + 3) * eps * var + 2 * dm * dm) + eps * var
        if op == "var":
            return {"atol": _scalar_or_array(dv), "signed_zeros": False}
        if op == "std":
            std = np.sqrt(var)
            ds = np.where(std > 0, np.minimum(dv / (2 * std), np.sqrt(dv)), np.sqrt(dv))
            return {"atol": _scalar_or_array(ds + eps * std), "signed_zeros": False}
    raise ValueError(op)


def _scalar_or_array(t):
    t = np.where(np.isnan(t), np.inf, t)
    return float(t) if np.ndim(t) == 0 else t


def reductions_tol(ops, a, axis=None, exact_data=False):
    """``reduction_tol`` for a kernel returning a tuple of reductions ``ops``:
    per-item tolerances (``value_diff`` takes tuples of them)."""
    tols = [reduction_tol(op, a, axis, exact_data) for op in ops]
    return {"atol": tuple(t.get("atol", 0.0) for t in tols),
            "signed_zeros": all(t.get("signed_zeros", True) for t in tols)}


# ---------------------------------------------------------------------------
# Hypothesis strategies
# ---------------------------------------------------------------------------
def elements(dtype, exact=False):
    """Element values for ``dtype``.

    ``exact=True``: small values on which sums, differences and small products
    are exact in every dtype (including float32 and int8), so that CPython's
    NumPy-scalar arithmetic and compiled arithmetic agree whatever their
    promotion rules.  ``exact="pow2"``: 0 and +-2**k for k in -1..1, whose
    products of a few dozen factors are exact too."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return st.booleans()
    if exact == "pow2":
        if dtype.kind == "u":
            return st.sampled_from([0, 1, 2])
        if dtype.kind == "i":
            return st.sampled_from([-2, -1, 0, 1, 2])
        return st.sampled_from([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0])
    if exact:
        if dtype.kind == "u":
            return st.integers(0, 6)
        if dtype.kind == "i":
            return st.integers(-6, 6)
        return st.integers(-24, 24).map(lambda i: i / 4)
    return hnp.from_dtype(dtype)


@st.composite
def arrays(draw, dtype=None, min_dims=0, max_dims=3, max_side=5, exact=False,
           layouts=True, min_side=0, shape=None):
    """An array of any supported ``dtype`` (drawn if None), 0..3 dims, any
    layout: random positive or negative steps per axis and a random order of the
    axes in memory."""
    if dtype is None:
        dtype = draw(st.sampled_from(DTYPES))
    dtype = np.dtype(dtype)
    if shape is None:
        shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims,
                                      min_side=min_side, max_side=max_side))
    values = draw(hnp.arrays(dtype, shape, elements=elements(dtype, exact)))
    if not layouts or values.ndim == 0:
        return values
    kind = draw(st.sampled_from(["C", "F", "random"]))
    if kind != "random":
        return with_layout(values, kind)
    steps = [draw(st.sampled_from([1, 2, 3, -1, -2])) for _ in shape]
    perm = draw(st.permutations(range(values.ndim)))
    return embed(values, steps, perm)


def hsettings(n):
    """Hypothesis settings for the array tests: ``n`` examples (scaled by
    FERROJIT_TEST_SCALE), no deadline (the first example compiles)."""
    from hypothesis import HealthCheck, settings
    return settings(max_examples=n * EXAMPLES_SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# ---------------------------------------------------------------------------
# Skeletons for the skan ``build_graph`` seed
# ---------------------------------------------------------------------------
#: a 5x7 skeleton (7x9 once padded, matching the module-level ``steps``):
#: a Y-shaped junction, a diagonal branch and an isolated short segment
SKAN_SKELETON = np.array([
    [0, 1, 0, 0, 0, 1, 0],
    [0, 0, 1, 0, 1, 0, 0],
    [0, 0, 0, 1, 0, 0, 0],
    [0, 0, 0, 1, 0, 0, 1],
    [1, 1, 1, 0, 0, 1, 1],
], dtype=bool)


def neighbour_steps(width):
    """build_graph's raveled 8-neighbour offsets for a padded image ``width``
    columns wide ([1, 9, -1, -9, -10, 8, -8, 10] for width 9)."""
    w = width
    return np.array([1, w, -1, -w, -w - 1, w - 1, -w + 1, w + 1])


def skeleton_inputs(skel):
    """(labeled_pixels, steps_to_neighbours, row, col) for build_graph, as skan
    builds them: the bool skeleton padded by 1, labels 1..nnz on its nonzero
    pixels raveled as int32, and int32 row/col arrays as long as the sum of
    the degrees."""
    image = np.pad(np.asarray(skel, dtype=bool), 1)
    labels = np.zeros(image.shape, dtype=np.int32)
    labels[image] = np.arange(1, int(image.sum()) + 1, dtype=np.int32)
    labeled_pixels = labels.ravel()
    degree_sum = 0
    h, w = image.shape
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr == 0 and dc == 0:
                continue
            shifted = np.zeros_like(image)
            shifted[max(0, -dr):h - max(0, dr), max(0, -dc):w - max(0, dc)] = \
                image[max(0, dr):h - max(0, -dr), max(0, dc):w - max(0, -dc)]
            degree_sum += int(np.sum(image & shifted))
    row = np.zeros(degree_sum, dtype=np.int32)
    col = np.zeros(degree_sum, dtype=np.int32)
    return labeled_pixels, neighbour_steps(w), row, col


def random_skeleton(rng, shape=(64, 64), lines=6):
    """Thin random polylines on a grid (1-pixel wide, 8-connected), as a
    skeletonised image of a few crossing fibres looks."""
    h, w = shape
    img = np.zeros(shape, dtype=bool)
    for _ in range(lines):
        pts = rng.integers(0, [h, w], size=(rng.integers(2, 4), 2))
        for (r0, c0), (r1, c1) in zip(pts[:-1], pts[1:]):
            n = int(max(abs(r1 - r0), abs(c1 - c0))) + 1
            rr = np.rint(np.linspace(r0, r1, n)).astype(int)
            cc = np.rint(np.linspace(c0, c1, n)).astype(int)
            img[rr, cc] = True
    return img


_GRAPH_FNS = {}


def build_graph_for_width(width):
    """``array_kernels.build_graph`` itself for padded width 9 (its module
    global ``steps``), else the same code with ``steps`` bound to the offsets
    of ``width`` (a function of its own, compiled once per width)."""
    import types as pytypes
    import array_kernels as K
    if width == 9:
        return K.build_graph
    fn = _GRAPH_FNS.get(width)
    if fn is None:
        g = dict(vars(K))
        g["steps"] = neighbour_steps(width)
        src = K.build_graph
        fn = pytypes.FunctionType(src.__code__, g, src.__name__, src.__defaults__)
        _GRAPH_FNS[width] = fn
    return fn


# ---------------------------------------------------------------------------
# A CPU-independent oracle for the transcendental functions
# ---------------------------------------------------------------------------
#: NumPy picks different sin/cos/exp/... code on different CPUs (AVX-512 or not), so
#: comparing with NumPy's exact bits tests the CPU (issue 12: 5 ulp from NumPy on an
#: AVX-512 machine).  The values of these functions are compared instead with CPython's
#: math module applied per element (glibc's libm: within 1 ulp of the correctly
#: rounded result, on every CPU), within MATH_ULPS: ferrojit's array math is within 4
#: ulp of the correctly rounded result (docs/accuracy.md), plus the oracle's own 1 ulp.
#: The result dtype, shape, exceptions and in-place effects are still NumPy's.
MATH_ULPS = 4 + 1
_MATH_FUNCS = {
    "exp": math.exp, "expm1": math.expm1, "log": math.log, "log2": math.log2,
    "log10": math.log10, "log1p": math.log1p, "sin": math.sin, "cos": math.cos,
    "tan": math.tan, "arcsin": math.asin, "arccos": math.acos, "arctan": math.atan,
    "sinh": math.sinh, "cosh": math.cosh, "tanh": math.tanh, "arcsinh": math.asinh,
    "arccosh": math.acosh, "arctanh": math.atanh, "arctan2": math.atan2,
    "hypot": math.hypot, "power": math.pow,
}


def _math_ufunc(name):
    """``np.<name>`` computed with ``math`` per element: NumPy's result dtype, the
    inputs cast to that dtype first (as NumPy's loop does), then the exact float64
    values through libm, rounded once to the result dtype.  Where libm raises (a
    domain error, an overflow) NumPy's value is a special one (nan, +-inf) and is
    taken from NumPy itself."""
    npfn, mfn = getattr(np, name), _MATH_FUNCS[name]

    def ufunc(*args):
        ref = npfn(*args)
        dt = np.asarray(ref).dtype
        if dt.kind != "f":
            return ref   # (integer powers: exact, NumPy's)
        ins = np.broadcast_arrays(*[np.asarray(a).astype(dt).astype(np.float64) for a in args])
        refs = np.broadcast_to(np.asarray(ref, np.float64), ins[0].shape)
        out = np.empty(ins[0].shape, np.float64)
        for idx in np.ndindex(out.shape):
            try:
                out[idx] = mfn(*[float(x[idx]) for x in ins])
            except (ValueError, OverflowError):
                out[idx] = refs[idx]
        out = out.astype(dt)
        return dt.type(out[()]) if np.ndim(ref) == 0 and not isinstance(ref, np.ndarray) \
            else out
    return ufunc


class _MathNumpy:
    """``numpy`` with the transcendental ufuncs replaced by ``_math_ufunc``."""

    def __getattr__(self, name):
        if name in _MATH_FUNCS:
            return _math_ufunc(name)
        return getattr(np, name)


_MATH_NP = _MathNumpy()


def math_oracle(kernel, *args):
    """(result, exception) of the plain kernel run with ``_MathNumpy`` as ``np``
    (``a ** b``: ``np.power``)."""
    import types as pytypes
    fn = pure(kernel)
    if kernel.__name__ == "power":
        clone = _MATH_NP.power
    else:
        g = dict(fn.__globals__)
        g["np"] = _MATH_NP
        clone = pytypes.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__,
                                     fn.__closure__)
    return run_oracle(clone, [a.copy() if isinstance(a, np.ndarray) else a for a in args], {})


def _math_diff(got, exp, ulps, atol, path="result"):
    if isinstance(exp, tuple):
        for i, (g, e) in enumerate(zip(got, exp)):
            d = _math_diff(g, e, ulps, atol, f"{path}[{i}]")
            if d:
                return d
        return None
    if isinstance(exp, np.ndarray):
        d = array_diff(got, exp, ulps=ulps, atol=atol)
        return f"{path}: {d}" if d else None
    if isinstance(exp, (float, np.floating)):
        # the spacing of the result's own type (a float32 result comes back as a float)
        spacing = float(np.spacing(np.abs(np.asarray(exp)))) if np.isfinite(exp) else 0.0
        return value_diff(got, exp, path, atol=atol + ulps * spacing)
    return value_diff(got, exp, path)


def check_math(kernel, *args, atol=0.0, check_fn=None):
    """``check_arrays`` (or ``check_fn``) for kernels of transcendental
    functions: everything NumPy's but the values, which are compared with
    ``math_oracle`` within MATH_ULPS (plus ``atol``, for compound expressions
    whose error bound is stated where used)."""
    got = (check_fn or check_arrays)(kernel, *args, values=False)
    if isinstance(got, Exception):
        return got
    expected, exc = math_oracle(kernel, *args)
    assert exc is None, exc
    d = _math_diff(got, expected, MATH_ULPS, atol)
    if d:
        pytest.fail(f"{call_desc(kernel, args)}, against CPython's math: {d}", pytrace=False)
    return got


# ---------------------------------------------------------------------------
# Known compiler bugs: one predicate per bug, decided from NumPy's behaviour
# ---------------------------------------------------------------------------
# Each predicate takes a kernel and its arguments and says whether that call is
# affected by the bug.  Tests pin the affected cases with ONE strict xfail per bug
# (test_promotion_grid.py applies them cell by cell; ``check_known`` example by
# example in hypothesis tests): when a fix lands, delete the predicate from
# KNOWN_BUGS and the cases it covered must pass.
#: Fixed since the list was made (6 Dec): np.int64/np.float64/np.bool_ scalars typed
#: weak; out-of-range Python ints wrapping in arithmetic, comparisons and
#: minimum/maximum/fmin/fmax/fmod (now OverflowError, or exact comparisons);
#: 0 + np.int8(0) following Numba's scalar rules, and NumPy types lost after two scalar
#: operations; arctan2/hypot/copysign of int8 with uint16 giving float64; np.floor_divide /
#: np.mod / np.divide of two scalars by zero raising ZeroDivisionError; uint64 ** 2**32
#: and more; np.fmod of a signed int and a uint64 losing -0.0. None is left: a new
#: predicate goes here with the bug it pins.
KNOWN_BUGS = []


def known_bug(kernel, args):
    """The first predicate of KNOWN_BUGS that covers ``kernel(*args)``, or None."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        for pred in KNOWN_BUGS:
            if pred(kernel, list(args)):
                return pred
    return None


def known_bug_reason(pred):
    return f"known bug {pred.__name__}: {' '.join(pred.__doc__.split())}"


def check_known(check_fn, kernel, *args, **kwargs):
    """``check_fn(kernel, *args, **kwargs)`` unless a known bug covers the call;
    then the check must fail (a strict expected failure, example by example, for
    hypothesis tests): when the bug is fixed this fails, and its predicate is to
    be removed from KNOWN_BUGS."""
    bug = known_bug(kernel, args)
    if bug is None:
        return check_fn(kernel, *args, **kwargs)
    try:
        check_fn(kernel, *args, **kwargs)
    except (AssertionError, pytest.fail.Exception):
        return None
    pytest.fail(f"{call_desc(kernel, args)} passes although {bug.__name__} covers it: the "
                f"bug is fixed, remove its predicate from array_helpers.KNOWN_BUGS "
                f"(XPASS(strict))", pytrace=False)


def known_bug_params(cases, call_of, id_of):
    """``pytest.param`` objects for ``cases`` (tuples of test arguments), each
    marked as a strict xfail when a predicate of KNOWN_BUGS covers it:
    ``call_of(*case)`` gives the (kernel, args) the test will run."""
    out = []
    for case in cases:
        kernel, args = call_of(*case)
        bug = known_bug(kernel, args)
        marks = [pytest.mark.xfail(strict=True, reason=known_bug_reason(bug))] if bug else []
        out.append(pytest.param(*case, marks=marks, id=id_of(*case)))
    return out
