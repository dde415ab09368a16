"""Shared helpers for the ferrojit test-suite.

The oracle is CPython: ``check(kernel, *args)`` runs the kernel as plain Python
and through ``ferrojit.njit`` and asserts that both agree:

* if CPython raises, ferrojit raises an exception of the same type;
* otherwise both return equal values of the same Python type (int, float,
  bool, None, tuples compared element-wise and recursively);
* floats are compared bit for bit (NaN equals NaN whatever its payload, 0.0
  and -0.0 are different), except when ``ulps`` is given (libm-dependent
  functions such as ``math.sin``), where that many units in the last place
  are allowed.

One dispatcher is kept per kernel (``jitted``), so every specialisation is
compiled once for the whole session.

Test modules import the helpers with ``from conftest import ...``.
"""

import math
import os
import struct
import types as pytypes

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

os.environ.setdefault("FERROJIT_STRICT_INFER", "1")  # an inference miss fails the test (crates/frontend/src/infer.rs)

import ferrojit

settings.register_profile(
    "ferrojit",
    deadline=None,
    max_examples=100 * max(1, int(os.environ.get("FERROJIT_TEST_SCALE", "1"))),
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
    # CI runs the same examples every time (a red CI is then a real regression, and
    # the failing example is reproducible); local runs keep exploring new inputs.
    derandomize=bool(os.environ.get("CI")),
)
# Compilation happens on a test's first example, and CI machines are noisy: no deadline.
settings.load_profile("ferrojit")

#: Multiplies every test's number of examples: FERROJIT_TEST_SCALE=20 pytest ...
#: for a long bug-hunting run (the default keeps the suite well under a minute).
EXAMPLES_SCALE = max(1, int(os.environ.get("FERROJIT_TEST_SCALE", "1")))


def cpu_flags():
    """The CPU's feature flags from /proc/cpuinfo (`avx2`, `avx512f`, `fma`, ...)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def examples(n):
    """``@settings(max_examples=n)``, scaled by FERROJIT_TEST_SCALE."""
    return settings(max_examples=n * EXAMPLES_SCALE)

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------
#: any int64 except INT64_MIN (so that negation and abs cannot overflow)
int64s = st.integers(INT64_MIN + 1, INT64_MAX)
#: sums and differences of two of these cannot overflow
ints_addsub = st.integers(-(2**61), 2**61)
#: products of two of these cannot overflow
ints_mul = st.integers(-(2**31), 2**31)
#: exactly representable as float64 (int/float mixing and true division)
ints_exact = st.integers(-(2**53), 2**53)
ints_small = st.integers(-1000, 1000)
#: every float64, NaN and infinities included
floats_all = st.floats(allow_nan=True, allow_infinity=True)
floats_finite = st.floats(allow_nan=False, allow_infinity=False)
floats_moderate = st.floats(-1e6, 1e6)
bools = st.booleans()


# ---------------------------------------------------------------------------
# Dispatchers and the pure-Python oracle
# ---------------------------------------------------------------------------
_JITTED = {}
_PURE = {}
_PURE_GLOBALS = {}


def is_dispatcher(obj):
    return (callable(obj) and hasattr(obj, "py_func")
            and not isinstance(obj, pytypes.FunctionType))


def jitted(fn):
    """The session-wide ``ferrojit.njit`` dispatcher for kernel ``fn``."""
    if is_dispatcher(fn):
        return fn
    disp = _JITTED.get(fn)
    if disp is None:
        disp = _JITTED[fn] = ferrojit.njit(fn)
    return disp


def _pure_globals(gdict):
    g = _PURE_GLOBALS.get(id(gdict))
    if g is None:
        g = _PURE_GLOBALS[id(gdict)] = dict(gdict)
        for name, value in list(g.items()):
            if is_dispatcher(value):
                g[name] = pure(value.py_func)
    return g


def pure(fn):
    """A plain-Python copy of kernel ``fn`` in which every jitted dispatcher it
    can reach through its globals is replaced by a plain-Python copy of its
    ``py_func``: the oracle never executes ferrojit-compiled code."""
    if is_dispatcher(fn):
        fn = fn.py_func
    clone = _PURE.get(fn)
    if clone is None:
        g = _pure_globals(fn.__globals__)
        clone = pytypes.FunctionType(fn.__code__, g, fn.__name__,
                                     fn.__defaults__, fn.__closure__)
        clone.__kwdefaults__ = fn.__kwdefaults__
        _PURE[fn] = clone
        # A recursive dispatcher referenced by name must resolve to the clone.
        if fn.__name__ in g and is_dispatcher(g[fn.__name__]):
            g[fn.__name__] = clone
    return clone


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------
def _fmt(v):
    if isinstance(v, float):
        return f"{v!r} ({v.hex()})"
    if isinstance(v, complex):
        return f"{v!r} ({v.real.hex()}, {v.imag.hex()}j)"
    if isinstance(v, tuple):
        return "(" + ", ".join(_fmt(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    return repr(v)


def same_float(got, exp, ulps=0):
    if math.isnan(got) or math.isnan(exp):
        return math.isnan(got) and math.isnan(exp)
    if ulps == 0 or got == exp or math.isinf(got) or math.isinf(exp):
        return struct.pack("<d", got) == struct.pack("<d", exp)
    return abs(got - exp) <= ulps * math.ulp(exp)


def _diff(got, exp, ulps, path="result"):
    """None if equal, else a description of the first difference."""
    if type(got) is not type(exp):
        return (f"{path}: type {type(got).__name__} != CPython's "
                f"{type(exp).__name__} ({_fmt(got)} vs {_fmt(exp)})")
    if isinstance(exp, tuple):
        if len(got) != len(exp):
            return f"{path}: tuple length {len(got)} != {len(exp)}"
        for i, (g, e) in enumerate(zip(got, exp)):
            d = _diff(g, e, ulps, f"{path}[{i}]")
            if d:
                return d
        return None
    if isinstance(exp, float):
        if not same_float(got, exp, ulps):
            tol = "" if ulps == 0 else f" (more than {ulps} ulp apart)"
            return f"{path}: {_fmt(got)} != CPython's {_fmt(exp)}{tol}"
        return None
    if isinstance(exp, complex):
        # .real and .imag each compared as floats are
        for part in ("real", "imag"):
            if not same_float(getattr(got, part), getattr(exp, part), ulps):
                tol = "" if ulps == 0 else f" (.{part} more than {ulps} ulp apart)"
                return f"{path}: {_fmt(got)} != CPython's {_fmt(exp)}{tol}"
        return None
    if got != exp:
        return f"{path}: {_fmt(got)} != CPython's {_fmt(exp)}"
    return None


def assert_same(got, exp, ulps=0, what=""):
    d = _diff(got, exp, ulps)
    if d:
        pytest.fail(f"{what}{d}", pytrace=False)


def _call_desc(fn, args, kwargs):
    parts = [_fmt(a) for a in args] + [f"{k}={_fmt(v)}" for k, v in kwargs.items()]
    name = getattr(fn, "__name__", repr(fn))
    return f"{name}({', '.join(parts)})"


def run_both(fn, *args, **kwargs):
    """Run ``fn`` under CPython and under ferrojit.

    Returns ``(expected, py_exc, got, jit_exc)``."""
    py = pure(fn)
    jf = jitted(fn)
    expected = got = py_exc = jit_exc = None
    try:
        expected = py(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - the oracle may raise anything
        py_exc = e
    try:
        got = jf(*args, **kwargs)
    except Exception as e:  # noqa: BLE001
        jit_exc = e
    return expected, py_exc, got, jit_exc


def check(fn, *args, ulps=0, **kwargs):
    """Differential test of one call; returns ferrojit's result."""
    expected, py_exc, got, jit_exc = run_both(fn, *args, **kwargs)
    call = _call_desc(fn, args, kwargs)
    if py_exc is not None:
        if jit_exc is None:
            pytest.fail(f"{call}: CPython raised {type(py_exc).__name__}({py_exc}) "
                        f"but ferrojit returned {_fmt(got)}", pytrace=False)
        if not isinstance(jit_exc, type(py_exc)):
            raise AssertionError(
                f"{call}: CPython raised {type(py_exc).__name__}({py_exc}) but "
                f"ferrojit raised {type(jit_exc).__name__}: {jit_exc}") from jit_exc
        return jit_exc
    if jit_exc is not None:
        raise AssertionError(
            f"{call}: CPython returned {_fmt(expected)} but ferrojit raised "
            f"{type(jit_exc).__name__}: {jit_exc}") from jit_exc
    assert_same(got, expected, ulps, what=f"{call}: ")
    return got


def run_exact_exceptions(fn, *args):
    """Run ``fn`` under CPython and ferrojit. If CPython raises, ferrojit must raise an
    exception of the same type with the same message: returns ``(None, None, exc,
    call)`` with ferrojit's exception. Otherwise ferrojit must return: ``(expected, got,
    None, call)``, for the caller's own comparison of the values."""
    expected, py_exc, got, jit_exc = run_both(fn, *args)
    call = _call_desc(fn, args, {})
    if py_exc is not None:
        if jit_exc is None:
            pytest.fail(f"{call}: CPython raised {type(py_exc).__name__}({py_exc}) "
                        f"but ferrojit returned {_fmt(got)}", pytrace=False)
        if type(jit_exc) is not type(py_exc) or str(jit_exc) != str(py_exc):
            pytest.fail(f"{call}: CPython raised {type(py_exc).__name__}({py_exc}) but "
                        f"ferrojit raised {type(jit_exc).__name__}({jit_exc})", pytrace=False)
        return None, None, jit_exc, call
    if jit_exc is not None:
        raise AssertionError(f"{call}: CPython returned {_fmt(expected)} but ferrojit "
                             f"raised {type(jit_exc).__name__}: {jit_exc}") from jit_exc
    return expected, got, None, call


def check_eq(fn, *args, **kwargs):
    """Like ``check`` but compares with ``==`` only (NaN == NaN), for the
    documented int/float unification difference.  Returns (got, expected)."""
    expected, py_exc, got, jit_exc = run_both(fn, *args, **kwargs)
    call = _call_desc(fn, args, kwargs)
    if py_exc is not None or jit_exc is not None:
        raise AssertionError(f"{call}: CPython -> {py_exc!r}, ferrojit -> {jit_exc!r}") \
            from (jit_exc or py_exc)

    def eq(g, e):
        if isinstance(g, tuple) or isinstance(e, tuple):
            return (isinstance(g, tuple) and isinstance(e, tuple) and len(g) == len(e)
                    and all(eq(a, b) for a, b in zip(g, e)))
        if isinstance(g, float) and isinstance(e, float) and math.isnan(g) and math.isnan(e):
            return True
        if isinstance(g, complex) or isinstance(e, complex):
            return (isinstance(g, complex) and isinstance(e, complex)
                    and eq(g.real, e.real) and eq(g.imag, e.imag))
        return g == e

    assert eq(got, expected), f"{call}: ferrojit {_fmt(got)} != CPython {_fmt(expected)}"
    return got, expected


def cpython_raises(fn, *args, **kwargs):
    try:
        pure(fn)(*args, **kwargs)
    except Exception:  # noqa: BLE001
        return True
    return False
