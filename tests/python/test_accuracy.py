"""ferrojit's accuracy contract (docs/accuracy.md), checked against mpmath.

Every math function that compiled code can call is evaluated by ferrojit on
1,000 deterministic inputs (seeded random values over the function's domain,
values near the edges of the domain and of the float range, and the special
values +-0, subnormals, +-inf, nan) in three settings:

* scalar code: ``math.f(x)`` in a jitted function (glibc's libm);
* float64 arrays: ``np.f(a)`` in a jitted function (glibc's libmvec SIMD
  variants through LLVM's loop vectoriser, scalar libm for the loop's tail);
* float32 arrays: the same on float32 arrays.

Each result is compared with the exact value computed by mpmath at 160 bits
and rounded (correctly, by this module: half to even, with subnormals) to the
result type; the distance in units in the last place (ferrojit's result is
the n-th representable value away from the correctly rounded one) must not
exceed the bound that docs/accuracy.md promises.  The bounds are read from that page's table, so
the page and this test cannot disagree.  Special values are held to C99
Annex F: NaN where the result is undefined, the exact infinities and the
sign of zero.  In scalar code, inputs for which CPython's ``math`` raises must
raise the same exception (type and message).  On a CPU with AVX-512 the
float64 cases run once more in a subprocess with 8-lane vectors forced, so
that libmvec's AVX-512 variants are checked as well as the AVX2 ones.  The reference is never NumPy's or CPython's own
output (which varies with the CPU and the C library), except for the
exactly rounded operations (+ - * /, sqrt, fmod, integer arithmetic,
comparisons), where any correct result is the same bits and they are
compared bit for bit with CPython and NumPy.

``python tests/python/test_accuracy.py [N]`` measures the maximum error of
every function on N inputs per setting (default 20000) and prints the
figures docs/accuracy.md reports.
"""

import itertools
import linecache
import math
import os
import re
import struct
import sys
import zlib
from fractions import Fraction

import mpmath
import numpy as np
import pytest

import ferrojit
from conftest import cpu_flags

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(HERE, "..", "..", "docs", "accuracy.md")

#: inputs per function and setting in the test (the measurement run uses more)
N_INPUTS = 1000 * max(1, int(os.environ.get("FERROJIT_TEST_SCALE", "1")))

#: working precision of the reference values (bits)
MP_PREC = 160

F64, F32 = np.dtype(np.float64), np.dtype(np.float32)
nan, inf = math.nan, math.inf


# ---------------------------------------------------------------------------
# The contract: docs/accuracy.md's table
# ---------------------------------------------------------------------------
def parse_contract(text):
    """{math name: (scalar, float64 array, float32 array)} from the table under
    the heading "## The table": rows whose first cell starts with `math.name`
    (`math.log(x, b)` is "log_base"), then one cell per setting: a bound in ulp,
    "exact" (0) or "—" (the function has no form in that setting)."""
    section = text.split("## The table", 1)[1]
    rows = {}
    for line in section.splitlines():
        line = line.strip()
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        m = re.match(r"`math\.(\w+)(\(x, b\))?`", cells[0])
        if not m:
            continue
        key = "log_base" if m.group(2) else m.group(1)

        def bound(cell):
            cell = cell.replace("*", "").strip()
            if cell in ("—", "-", ""):
                return None
            if cell.startswith("exact"):
                return 0
            return int(cell.split()[0])

        rows[key] = tuple(bound(c) for c in cells[1:4])
    return rows


with open(DOC, encoding="utf-8") as _f:
    CONTRACT = parse_contract(_f.read())


# ---------------------------------------------------------------------------
# Correct rounding and ulp distances
# ---------------------------------------------------------------------------
_FMT = {F64: (53, -1074, 1024), F32: (24, -149, 128)}  # precision, min quantum, emax


def round_exact(v, dt):
    """The mpmath real (or Fraction) ``v`` rounded to nearest-even in ``dt``,
    returned as a Python float (exactly representable in ``dt``)."""
    p, qmin, emax = _FMT[dt]
    if isinstance(v, Fraction):
        if v == 0:
            return 0.0
        sign = v < 0
        num, den = abs(v.numerator), v.denominator
        a = Fraction(num, den)
        top = num.bit_length() - den.bit_length()
        if a < Fraction(2) ** top:
            top -= 1  # now 2**top <= |v| < 2**(top+1)
        q = max(top - (p - 1), qmin)
        r = round(a / Fraction(2) ** q)  # half to even
    else:
        if mpmath.isnan(v):
            return nan
        if mpmath.isinf(v):
            return -inf if v < 0 else inf
        sign, man, exp, bc = v._mpf_
        if man == 0:
            return 0.0
        top = exp + bc - 1  # 2**top <= |v| < 2**(top+1)
        if top < qmin - 1:  # less than half the smallest subnormal
            return -0.0 if sign else 0.0
        if top >= emax:
            return -inf if sign else inf
        q = max(top - (p - 1), qmin)
        if exp >= q:
            r = man << (exp - q)
        else:
            shift = q - exp
            r = man >> shift
            rem = man - (r << shift)
            half = 1 << (shift - 1)
            if rem > half or (rem == half and r & 1):
                r += 1
    # r * 2**q, r < 2**(p+1)
    if r.bit_length() + q > emax:
        out = inf
    else:
        out = math.ldexp(float(r), q)
    return -out if sign else out


def _ordered(x, dt):
    """An integer that orders the floats of ``dt`` (-0.0 and 0.0 coincide)."""
    if dt == F64:
        (i,) = struct.unpack("<q", struct.pack("<d", x))
        return i if i >= 0 else -(i & 0x7FFF_FFFF_FFFF_FFFF)
    (i,) = struct.unpack("<i", struct.pack("<f", x))
    return i if i >= 0 else -(i & 0x7FFF_FFFF)


#: the distance of a NaN where a number was expected, or the converse
NAN_MISMATCH = 10**9
#: the distance of a zero with the wrong sign where the exact result is +-0
SIGN_MISMATCH = 10**8


def ulp_distance(got, exp, dt):
    """How many steps between neighbouring values of ``dt`` lead from the
    correctly rounded ``exp`` to ``got`` (0: correctly rounded, 1: a neighbour)."""
    if math.isnan(exp) or math.isnan(got):
        return 0 if math.isnan(exp) and math.isnan(got) else NAN_MISMATCH
    if got == 0 and exp == 0:
        return 0 if math.copysign(1, got) == math.copysign(1, exp) else SIGN_MISMATCH
    return abs(_ordered(got, dt) - _ordered(exp, dt))


# ---------------------------------------------------------------------------
# Reference values (mpmath, C99 Annex F for the special cases)
# ---------------------------------------------------------------------------
def _mp(x):
    return mpmath.mpf(x)


def _real(v):
    """mpmath's result as a real, NaN for a non-real one (outside the domain)."""
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            return mpmath.mpf("nan")
        return v.real
    return v


def _lgamma(x):
    if mpmath.isinf(x):
        return mpmath.mpf("inf")
    if x <= 0 and x == int(x):
        return mpmath.mpf("inf")
    if x > 0:
        return mpmath.loggamma(x)
    return mpmath.re(mpmath.loggamma(x))  # log|gamma(x)|


def _gamma(x):
    if mpmath.isinf(x):
        return mpmath.mpf("inf") if x > 0 else mpmath.mpf("nan")
    if x == int(x) and x <= 0:
        return mpmath.mpf("nan")
    return mpmath.gamma(x)


def _log2(x):
    if x > 0:
        m, e = math.frexp(x)  # exact powers of two stay exact
        if m == 0.5:
            return mpmath.mpf(e - 1)
    return mpmath.log(x, 2)


def _pow(x, y):
    """(|x|**y, whether the result is negative) for finite nonzero x and finite
    y (special cases elsewhere); None for a negative x and a non-integer y."""
    neg = False
    if x < 0:
        if y != int(y):
            return None
        neg = int(y) % 2 == 1
        x = -x
    if y == int(y) and abs(y) < 4096:
        return Fraction(x) ** int(y), neg
    # far outside the float range: avoid huge mpmath exponents
    t = y * math.log2(x)
    if t > 1200:
        return mpmath.mpf("inf"), neg
    if t < -1200:
        return mpmath.mpf(0), neg
    return mpmath.power(_mp(x), _mp(y)), neg


#: odd functions: f(-0.0) is -0.0 (and f(+-tiny) keeps the sign)
ODD = {"sin", "tan", "asin", "atan", "sinh", "tanh", "asinh", "atanh", "expm1",
       "log1p", "erf", "sqrt", "degrees", "radians", "cbrt"}


def _isodd_int(y):
    return math.isfinite(y) and y == int(y) and abs(y) < 2**53 and int(y) % 2 == 1


def _pow_special(x, y):
    """C99 F.9.4.4 for pow with a zero, infinite or NaN argument; None otherwise."""
    if y == 0:
        return 1.0
    if x == 1.0:
        return 1.0
    if math.isnan(x) or math.isnan(y):
        return nan
    if x == 0:
        if y < 0:
            return math.copysign(inf, x) if _isodd_int(y) else inf
        return x if _isodd_int(y) else 0.0
    if math.isinf(y):
        if x == -1:
            return 1.0
        if (abs(x) < 1) == (y < 0):
            return inf
        return 0.0
    if math.isinf(x):
        if x > 0:
            return inf if y > 0 else 0.0
        if y < 0:
            return -0.0 if _isodd_int(y) else 0.0
        return -inf if _isodd_int(y) else inf
    return None


def _atan2_special(y, x):
    """atan2 with a zero or infinite argument (C99 F.9.1.4); None otherwise."""
    pi = mpmath.pi
    if math.isnan(y) or math.isnan(x):
        return nan, None
    s = -1 if math.copysign(1, y) < 0 else 1
    if y == 0:
        left = x < 0 or (x == 0 and math.copysign(1, x) < 0)
        return (math.copysign(0.0, y), None) if not left else (None, s * pi)
    if math.isinf(y):
        if math.isinf(x):
            return None, s * (pi / 4 if x > 0 else 3 * pi / 4)
        return None, s * pi / 2
    if x == 0:
        return None, s * pi / 2
    if math.isinf(x):
        return (math.copysign(0.0, y), None) if x > 0 else (None, s * pi)
    return None


MPFUNC = {
    "sqrt": mpmath.sqrt, "exp": mpmath.exp, "expm1": mpmath.expm1,
    "exp2": lambda x: mpmath.power(2, x),
    "cbrt": lambda x: mpmath.cbrt(x) if x >= 0 else -mpmath.cbrt(-x),
    "log": mpmath.log, "log2": _log2, "log10": mpmath.log10, "log1p": mpmath.log1p,
    "sin": mpmath.sin, "cos": mpmath.cos, "tan": mpmath.tan,
    "asin": mpmath.asin, "acos": mpmath.acos, "atan": mpmath.atan,
    "sinh": mpmath.sinh, "cosh": mpmath.cosh, "tanh": mpmath.tanh,
    "asinh": mpmath.asinh, "acosh": mpmath.acosh, "atanh": mpmath.atanh,
    "erf": mpmath.erf, "erfc": mpmath.erfc, "gamma": _gamma, "lgamma": _lgamma,
    "degrees": lambda x: x * 180 / mpmath.pi, "radians": lambda x: x * mpmath.pi / 180,
    "hypot": mpmath.hypot,
}


def reference(name, args, dt):
    """The correctly rounded value of ``name(*args)`` in ``dt``: a float
    (NaN where the result is undefined)."""
    if name == "pow":
        x, y = args
        s = _pow_special(x, y)
        if s is not None:
            return s
        with mpmath.workprec(MP_PREC):
            r = _pow(x, y)
            if r is None:
                return nan
            v = round_exact(r[0], dt)
            return -v if r[1] else v  # -0.0 for an odd power of a negative base
    if name == "atan2":
        y, x = args
        s = _atan2_special(y, x)
        with mpmath.workprec(MP_PREC):
            if s is None:
                return round_exact(mpmath.atan2(_mp(y), _mp(x)), dt)
            fixed, value = s
            return fixed if value is None else round_exact(value, dt)
    if name == "hypot":
        x, y = args
        if math.isinf(x) or math.isinf(y):
            return inf
        if math.isnan(x) or math.isnan(y):
            return nan
    if name == "log_base":
        # log(x) / log(b), as CPython defines it (a zero keeps the quotient's sign)
        x, b = args
        if math.isnan(x) or math.isnan(b) or x < 0 or b < 0 or b == 1:
            return nan
        with mpmath.workprec(MP_PREC):
            lx, lb = mpmath.log(_mp(x)), mpmath.log(_mp(b))
            if mpmath.isinf(lx) and mpmath.isinf(lb):
                return nan
            r = round_exact(lx / lb, dt)
            if r == 0:
                r = math.copysign(0.0, -1 if (lx < 0) != (lb < 0) else 1)
            return r
    if len(args) == 1:
        x = args[0]
        if math.isnan(x):
            return nan
        if x == 0 and name in ODD:
            return x  # +-0 -> +-0
        if name in ("erf", "erfc") and abs(x) > 40:  # mpmath's series overflow there
            if name == "erf":
                return math.copysign(1.0, x)
            return 0.0 if x > 0 else 2.0
    with mpmath.workprec(MP_PREC):
        try:
            v = _real(MPFUNC[name](*[_mp(a) for a in args]))
        except (ValueError, ZeroDivisionError):
            return nan
        if name == "gamma" and x == 0:
            return math.copysign(inf, x)
        r = round_exact(v, dt)
    if r == 0 and len(args) == 1 and name in ODD:
        r = math.copysign(0.0, args[0])  # an odd function's tiny result keeps x's sign
    return r


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------
def _info(dt):
    fi = np.finfo(dt)
    return float(fi.max), float(fi.smallest_normal), float(fi.smallest_subnormal)


def specials(dt):
    big, tiny, sub = _info(dt)
    vals = [0.0, -0.0, inf, -inf, nan, sub, -sub, tiny, -tiny, tiny - sub, big, -big,
            1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0]
    return [float(dt.type(v)) for v in vals]


def _logmag(rng, n, lo, hi, signs=(1, -1)):
    """Magnitudes 2**u for u uniform in [lo, hi], with random signs."""
    mag = np.exp2(rng.uniform(lo, hi, n))
    return mag * rng.choice(signs, n)


def _near(rng, n, points, dt, spread=64):
    """Values a few ulp (up to ``spread``) and a few relative 1e-6 from ``points``."""
    pts = rng.choice(np.asarray(points, dtype=np.float64), n)
    k = rng.integers(-spread, spread + 1, n)
    one = np.spacing(np.abs(pts.astype(dt))).astype(np.float64)
    out = pts + k * one
    rel = rng.random(n) < 0.3
    out[rel] = pts[rel] * (1 + rng.uniform(-1e-6, 1e-6, rel.sum()))
    return out


def _emin_emax(dt):
    fi = np.finfo(dt)
    return -fi.nmant + fi.minexp, fi.maxexp  # -1074, 1024 for float64


def domain_inputs(name, rng, n, dt):
    """``n`` inputs (one array, or two for binary functions) over the domain
    of ``name`` for type ``dt``, as float64 arrays of values exact in ``dt``."""
    big, tiny, sub = _info(dt)
    lo, hi = _emin_emax(dt)
    m = n // 4
    ln_big = math.log(big)
    ln_sub = math.log(sub)
    U = rng.uniform

    def mix(*parts):
        parts = [np.asarray(p, dtype=np.float64) for p in parts]
        out = np.concatenate(parts)
        if out.size < n:
            out = np.concatenate([out, rng.choice(out, n - out.size)])
        return out[rng.permutation(out.size)][:n]

    full = _logmag(rng, m, lo, hi)  # any magnitude
    if name in ("exp", "expm1"):
        return mix(U(ln_sub - 2, ln_big + 2, 2 * m), U(-1, 1, m), _logmag(rng, m, lo, 3),
                   _near(rng, m, [ln_big, ln_sub, -math.log(2), 0.5], dt))
    if name == "exp2":
        big, sub = ln_big / math.log(2), ln_sub / math.log(2)
        return mix(U(sub - 2, big + 2, 2 * m), U(-1, 1, m), _logmag(rng, m, lo, 3),
                   _near(rng, m, [big, sub, -1.0, 0.5, 1.0], dt))
    if name == "cbrt":
        return mix(full, U(-10, 10, 2 * m), _near(rng, m, [1.0, -1.0, 8.0, 27.0], dt))
    if name in ("sinh", "cosh"):
        lim = ln_big + math.log(2)
        return mix(U(-lim - 2, lim + 2, 2 * m), _logmag(rng, m, lo, 3),
                   _near(rng, m, [lim, -lim, 1.0], dt))
    if name in ("tanh", "erf"):
        return mix(U(-20, 20, 2 * m), _logmag(rng, m, lo, 6), _near(rng, m, [0.55, 1.0, -6.0], dt))
    if name == "erfc":
        return mix(U(-6, 28, 2 * m), _logmag(rng, m, lo, 5), _near(rng, m, [26.5, 0.5, -1.0], dt))
    if name in ("log", "log2", "log10"):
        return mix(_logmag(rng, 2 * m, lo, hi, (1,)), U(0, 10, m),
                   _near(rng, m, [1.0, 2.0, 10.0, 0.5, tiny], dt, 1024))
    if name == "log1p":
        return mix(_logmag(rng, m, lo, hi, (1,)), _logmag(rng, m, lo, 0, (1, -1)),
                   U(-1, 10, m), _near(rng, m, [-1.0, 0.0, 1.0], dt))
    if name == "sqrt":
        return mix(_logmag(rng, 3 * m, lo, hi, (1,)), U(0, 100, m))
    if name in ("sin", "cos", "tan"):
        halfpis = [k * math.pi / 2 for k in range(-8, 9)] + [1e22, 355.0, 103993 / 2]
        return mix(U(-10, 10, m), U(-1e6, 1e6, m // 2), full[: m // 2],
                   _logmag(rng, m // 2, lo, 4), _near(rng, m - m // 2, halfpis, dt, 4))
    if name in ("asin", "acos", "atanh"):
        return mix(U(-1, 1, 2 * m), _logmag(rng, m, lo, 0),
                   _near(rng, m, [1.0, -1.0, 0.5, -0.5], dt, 16))
    if name == "acosh":
        return mix(U(1, 10, m), _logmag(rng, 2 * m, 0, hi, (1,)),
                   _near(rng, m, [1.0, 1.0, 2.0], dt, 1024))
    if name in ("atan", "asinh"):
        return mix(full, U(-10, 10, 2 * m), _near(rng, m, [1.0, -1.0, 0.5], dt))
    if name in ("degrees", "radians"):
        return mix(full, full * 0.5, U(-1000, 1000, 2 * m))
    if name == "gamma":
        # beyond ~171.6 (float64) the result overflows
        top = 171.7 if dt == F64 else 35.1
        neg = -U(0, top, m)
        neg = neg[neg != np.round(neg)]
        return mix(U(0, top, 2 * m), neg, _logmag(rng, m, lo, 4),
                   _near(rng, m, [top, 1.0, 2.0, 0.5, -0.5, -1.5], dt, 256))
    if name == "lgamma":
        # zeros at 1, 2 and near -2.457, -2.747, -3.143, ...
        zeros = [1.0, 2.0, -2.457024738220800, -2.747682646727412, -3.143580888349980,
                 -3.955294284858598]
        neg = -U(0, 30, m)
        neg = neg[neg != np.round(neg)]
        return mix(U(0, 50, m), full[: m // 2] * 0 + _logmag(rng, m // 2, lo, hi, (1,)),
                   neg, _near(rng, m, zeros, dt, 1024))
    # binary functions: return two arrays
    if name in ("atan2", "hypot"):
        def side():
            return mix(_logmag(rng, 2 * m, lo, hi), U(-10, 10, 2 * m))
        return side(), side()
    if name == "pow":
        k = 2 * m
        x = _logmag(rng, k, lo, hi, (1,))
        t = U(-1.1, 1.1, k) * (hi + 10)  # log2 of the result
        y = t / np.log2(x)
        x2 = U(0, 10, m)
        y2 = U(-30, 30, m)
        x3 = -_logmag(rng, m, -20, 20, (1,))  # negative bases, integer exponents
        y3 = np.round(U(-50, 50, m))
        xs = np.concatenate([x, x2, x3])
        ys = np.concatenate([y, y2, y3])
        p = rng.permutation(xs.size)[:n]
        return xs[p], ys[p]
    if name == "log_base":
        return _logmag(rng, n, lo, hi, (1,)), _logmag(rng, n, -8, 8, (1,))
    raise KeyError(name)


def inputs(name, dt, n=None, seed=0):
    """The test inputs of ``name`` for type ``dt``: the specials first, then
    seeded random values; one tuple of float64 arrays (values exact in ``dt``)."""
    n = N_INPUTS if n is None else n
    rng = np.random.default_rng([zlib.crc32(name.encode()), dt.itemsize, seed])
    arity = 2 if name in BINARY else 1
    sp = specials(dt)
    with np.errstate(all="ignore"):
        r = domain_inputs(name, rng, n, dt)
        if arity == 1:
            xs = np.concatenate([np.array(sp), r]).astype(dt).astype(np.float64)
            return (xs,)
        a = np.array([p for p in itertools.product(sp, sp)])
        xs = np.concatenate([a[:, 0], r[0]]).astype(dt).astype(np.float64)
        ys = np.concatenate([a[:, 1], r[1]]).astype(dt).astype(np.float64)
        return xs, ys


# ---------------------------------------------------------------------------
# The functions and their compiled kernels
# ---------------------------------------------------------------------------
UNARY = ["sqrt", "exp", "exp2", "expm1", "cbrt", "log", "log2", "log10", "log1p", "sin", "cos", "tan",
         "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
         "erf", "erfc", "gamma", "lgamma", "degrees", "radians"]
BINARY = ["atan2", "hypot", "pow", "log_base"]

#: math name -> NumPy ufunc name (None: no ufunc in compiled code)
NUMPY_NAME = {
    "asin": "arcsin", "acos": "arccos", "atan": "arctan", "asinh": "arcsinh",
    "acosh": "arccosh", "atanh": "arctanh", "atan2": "arctan2", "pow": "power",
    "erf": None, "erfc": None, "gamma": None, "lgamma": None, "log_base": None,
}

_counter = itertools.count()


def _compile(src, name):
    """A plain function from source text, registered with linecache so that
    ferrojit (which reads sources as inspect does) finds it."""
    filename = f"<ferrojit-accuracy-{next(_counter)}>"
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    ns = {"math": math, "np": np}
    exec(compile(src, filename, "exec"), ns)
    return ns[name]


_KERNELS = {}


def kernel(name, setting):
    """The jitted kernel of ``name`` in ``setting`` ("scalar" or "array")."""
    key = (name, setting)
    if key not in _KERNELS:
        if setting == "scalar":
            if name == "log_base":
                src = "def k(x, b):\n    return math.log(x, b)\n"
            elif name == "pow":
                src = "def k(x, y):\n    return math.pow(x, y)\n"
            elif name in BINARY:
                src = f"def k(x, y):\n    return math.{name}(x, y)\n"
            else:
                src = f"def k(x):\n    return math.{name}(x)\n"
        else:
            np_name = NUMPY_NAME.get(name, name)
            if np_name in BINARY or name in BINARY:
                src = f"def k(a, b):\n    return np.{np_name}(a, b)\n"
            else:
                src = f"def k(a):\n    return np.{np_name}(a)\n"
        _KERNELS[key] = ferrojit.njit(_compile(src, "k"))
    return _KERNELS[key]


def cpython(name):
    if name == "log_base":
        return math.log
    return getattr(math, name)


def has_array(name):
    return NUMPY_NAME.get(name, name) is not None


#: the array length the inputs are padded to: a multiple of every vector
#: width and unroll factor, so that every input goes through the SIMD loop
_PAD = 64


def run_array(name, args, dt):
    """ferrojit's results of the array kernel on ``args`` (float64 arrays) in
    type ``dt``: the inputs padded to a multiple of 64 elements (so that each one
    goes through the vectorised loop), the results of the original inputs."""
    n = args[0].size
    padded = -(-n // _PAD) * _PAD
    arrs = []
    for a in args:
        full = np.resize(a, padded).astype(dt)
        arrs.append(full)
    out = kernel(name, "array")(*arrs)
    assert out.dtype == dt, (name, out.dtype, dt)
    return out[:n].astype(np.float64)


def run_scalar(name, args):
    """[(result or exception, CPython's exception or None)] per input."""
    k = kernel(name, "scalar")
    py = cpython(name)
    res = []
    for xs in zip(*[a.tolist() for a in args]):
        try:
            py(*xs)
            pexc = None
        except (ValueError, OverflowError, ZeroDivisionError) as e:
            pexc = e
        try:
            got = k(*xs)
        except (ValueError, OverflowError, ZeroDivisionError) as e:
            got = e
        res.append((xs, got, pexc))
    return res


def measure(name, setting, n=None, seed=0):
    """(max ulp, worst input, got, expected, exception mismatches, count) of
    ``name`` in ``setting`` ("scalar", "float64", "float32")."""
    dt = F32 if setting == "float32" else F64
    args = inputs(name, dt, n, seed)
    worst = (-1, None, None, None)
    errors = []
    count = 0
    if setting == "scalar":
        for xs, got, pexc in run_scalar(name, args):
            if pexc is not None or isinstance(got, Exception):
                if pexc is None or type(got) is not type(pexc) or str(got) != str(pexc):
                    errors.append((xs, got, pexc))
                continue
            exp = reference(name, xs, dt)
            d = ulp_distance(float(got), exp, dt)
            count += 1
            if d > worst[0]:
                worst = (d, xs, float(got), exp)
    else:
        got = run_array(name, args, dt)
        for i, xs in enumerate(zip(*[a.tolist() for a in args])):
            exp = reference(name, xs, dt)
            d = ulp_distance(float(got[i]), exp, dt)
            count += 1
            if d > worst[0]:
                worst = (d, xs, float(got[i]), exp)
    return worst + (errors, count)


def _describe(name, worst):
    d, xs, got, exp = worst[:4]
    args = ", ".join(repr(x) for x in xs)
    what = {NAN_MISMATCH: "NaN mismatch", SIGN_MISMATCH: "wrong sign of zero"}.get(d, f"{d} ulp")
    return f"{name}({args}) = {got!r} ({got.hex()}), exact {exp!r} ({exp.hex()}): {what}"


# ---------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------
FUNCS = UNARY + BINARY
SETTINGS = ["scalar", "float64", "float32"]


def test_contract_lists_every_function():
    """docs/accuracy.md's table has a row for every function tested here, with a
    bound wherever compiled code has the function."""
    for name in FUNCS:
        assert name in CONTRACT, f"docs/accuracy.md has no row for `{name}`"
        s, a64, a32 = CONTRACT[name]
        assert s is not None, name
        assert (a64 is not None) == has_array(name), name
        assert (a32 is not None) == has_array(name), name


CASES = [(name, setting) for name in FUNCS for setting in SETTINGS
         if setting == "scalar" or has_array(name)]


@pytest.mark.parametrize("name,setting", CASES, ids=[f"{n}-{s}" for n, s in CASES])
def test_accuracy(name, setting):
    bound = CONTRACT[name][SETTINGS.index(setting)]
    d, xs, got, exp, errors, count = measure(name, setting)
    if errors:
        xs, got, pexc = errors[0]
        pytest.fail(f"{name}{xs}: CPython raised {type(pexc).__name__}({pexc}), ferrojit "
                    f"{'raised ' + type(got).__name__ if isinstance(got, Exception) else 'returned'}"
                    f"({got})", pytrace=False)
    assert count > N_INPUTS // 2
    if d > bound:
        pytest.fail(f"{setting}: " + _describe(name, (d, xs, got, exp)) +
                    f" (docs/accuracy.md promises {bound})", pytrace=False)




@pytest.mark.skipif(bool(os.environ.get("FERROJIT_LLVM_OPTIONS")),
                    reason="FERROJIT_LLVM_OPTIONS is already set (this is the subprocess)")
@pytest.mark.skipif("avx512f" not in cpu_flags(),
                    reason="no AVX-512 on this CPU")
@pytest.mark.skipif(os.environ.get("FERROJIT_CPU", "host") not in ("host", "native", "",
                                                                  "x86-64-v4"),
                    reason="FERROJIT_CPU names a target without AVX-512")
def test_float64_arrays_with_avx512_variants():
    """On this CPU float64 loops use 4-lane (AVX2) vectors, so the 8-lane AVX-512
    variants of libmvec only ever compute float32 arrays (whose rounding to
    float32 hides their error): run the float64 cases again with 8-lane vectors
    forced, which calls ``_ZGVeN8v_*``."""
    import subprocess
    env = dict(os.environ, FERROJIT_LLVM_OPTIONS="-force-vector-width=8")
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        __file__, "-k", "test_accuracy and float64"],
                       cwd=HERE, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]


# ---------------------------------------------------------------------------
# Exactly rounded operations: bit for bit
# ---------------------------------------------------------------------------
def _bits(x):
    return struct.pack("<d", x) if not math.isnan(x) else b"nan"


SCALAR_OPS = {
    "add": "x + y", "sub": "x - y", "mul": "x * y", "div": "x / y",
    "floordiv": "x // y", "mod": "x % y", "fmod": "math.fmod(x, y)",
    "sqrt": "math.sqrt(abs(x))", "fabs": "math.fabs(x)",
    "copysign": "math.copysign(x, y)",
    "cmp": "(x < y, x <= y, x == y, x != y, x > y, x >= y)",
}


def _exact_operands(dt, n, seed):
    rng = np.random.default_rng([seed, dt.itemsize])
    lo, hi = _emin_emax(dt)
    sp = specials(dt)
    grid = np.array(list(itertools.product(sp, sp)))
    with np.errstate(all="ignore"):
        x = np.concatenate([grid[:, 0], _logmag(rng, n, lo, hi), rng.uniform(-8, 8, n)])
        y = np.concatenate([grid[:, 1], _logmag(rng, n, lo, hi), rng.uniform(-8, 8, n)])
        # near-ties for addition and division
        y[-n // 4:] = x[-n // 4:] * (1 + rng.integers(-3, 4, n // 4) * 2.0 ** -52)
    return x.astype(dt).astype(np.float64), y.astype(dt).astype(np.float64)


@pytest.mark.parametrize("op", sorted(SCALAR_OPS))
def test_scalar_exact_operations_are_bit_exact(op):
    src = f"def k(x, y):\n    return {SCALAR_OPS[op]}\n"
    py = _compile(src, "k")
    jf = ferrojit.njit(_compile(src, "k"))
    xs, ys = _exact_operands(F64, 200, 1)
    for x, y in zip(xs.tolist(), ys.tolist()):
        try:
            exp, pexc = py(x, y), None
        except (ZeroDivisionError, ValueError, OverflowError) as e:
            exp, pexc = None, e
        try:
            got = jf(x, y)
        except (ZeroDivisionError, ValueError, OverflowError) as e:
            assert pexc is not None and isinstance(e, type(pexc)), (op, x, y, e, pexc)
            continue
        assert pexc is None, (op, x, y, got, pexc)
        if isinstance(exp, tuple):
            assert got == exp, (op, x, y, got, exp)
        else:
            assert _bits(got) == _bits(exp), f"{op}({x!r}, {y!r}): {got!r} != {exp!r}"


@pytest.mark.parametrize("op", ["+", "-", "*", "//", "%", "&", "|", "^", "<<", ">>", "min",
                                "max", "abs", "neg", "cmp"])
def test_scalar_integer_operations_are_exact(op):
    if op in ("min", "max"):
        body = f"{op}(x, y)"
    elif op == "abs":
        body = "abs(x) + abs(y)"
    elif op == "neg":
        body = "-x - y"
    elif op == "cmp":
        body = "(x < y, x <= y, x == y, x != y, x > y, x >= y)"
    elif op in ("<<", ">>"):
        body = f"x {op} (y % 63)"
    else:
        body = f"x {op} y"
    src = f"def k(x, y):\n    return {body}\n"
    py = _compile(src, "k")
    jf = ferrojit.njit(_compile(src, "k"))
    rng = np.random.default_rng([2, len(op)])
    lim = 2**31 if op in ("*", "<<") else 2**61
    vals = [int(v) for v in rng.integers(-lim, lim, 300)] + [0, 1, -1, 7, -7]
    for x, y in zip(vals, reversed(vals)):
        if op == "<<" and abs(x) >= 2**31:
            continue
        try:
            exp = py(x, y)
        except ZeroDivisionError:
            with pytest.raises(ZeroDivisionError):
                jf(x, y)
            continue
        if isinstance(exp, int) and not -2**63 <= exp < 2**63:
            continue
        assert jf(x, y) == exp, (op, x, y)


ARRAY_OPS = {
    "add": "a + b", "sub": "a - b", "mul": "a * b", "div": "a / b",
    "sqrt": "np.sqrt(np.abs(a))", "fabs": "np.fabs(a)", "abs": "np.abs(a)",
    "neg": "-a", "square": "np.square(a)", "copysign": "np.copysign(a, b)",
    "fmod": "np.fmod(a, b)", "floor": "np.floor(a)", "ceil": "np.ceil(a)",
    "trunc": "np.trunc(a)", "minimum": "np.minimum(a, b)", "maximum": "np.maximum(a, b)",
    "fmin": "np.fmin(a, b)", "fmax": "np.fmax(a, b)",
    "cmp": "(a < b) ^ (a == b)",
    # one multiplication by the constant rounded to the array's type, as NumPy does
    "degrees": "np.degrees(a)", "radians": "np.radians(a)",
    # NumPy's fast paths: a ** 2 is a * a, a ** 0.5 is sqrt(a)
    "square_pow": "a ** 2.0", "sqrt_pow": "np.abs(a) ** 0.5",
}


@pytest.mark.parametrize("dt", [F64, F32], ids=str)
@pytest.mark.parametrize("op", sorted(ARRAY_OPS))
def test_array_exact_operations_are_bit_exact(op, dt):
    """Operations that IEEE 754 rounds exactly give NumPy's bits on every CPU."""
    src = f"def k(a, b):\n    return {ARRAY_OPS[op]}\n"
    py = _compile(src, "k")
    jf = ferrojit.njit(_compile(src, "k"))
    x, y = _exact_operands(dt, 400, 3)
    a, b = x.astype(dt), y.astype(dt)
    with np.errstate(all="ignore"):
        exp = py(a, b)
    got = jf(a, b)
    assert got.dtype == exp.dtype
    same = (got == exp) | (np.isnan(got) & np.isnan(exp))
    same &= (np.signbit(got) == np.signbit(exp)) | np.isnan(exp)
    if not same.all():
        i = int(np.argmin(same))
        pytest.fail(f"{op} on {dt}: ({a[i]!r}, {b[i]!r}) -> {got[i]!r}, NumPy {exp[i]!r}",
                    pytrace=False)


# ---------------------------------------------------------------------------
# The measurement behind docs/accuracy.md
# ---------------------------------------------------------------------------
def main(n):
    print(f"# {n} inputs per function and setting; glibc, CPU and flags below")
    print(f"# numpy {np.__version__}, mpmath {mpmath.__version__}, "
          f"FERROJIT_CPU={os.environ.get('FERROJIT_CPU', '(host)')}")
    for name in FUNCS:
        cells = []
        notes = []
        for setting in SETTINGS:
            if setting != "scalar" and not has_array(name):
                cells.append("—")
                continue
            w = measure(name, setting, n, seed=1)
            cells.append(str(w[0]))
            notes.append(f"  {setting}: " + _describe(name, w[:4]))
            if w[4]:
                notes.append(f"  {setting}: exception mismatch {w[4][:3]}")
        print(f"{name:10s} " + " / ".join(cells), flush=True)
        for line in notes:
            print(line)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
