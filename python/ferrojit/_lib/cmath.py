"""`cmath` functions written in Python (see ``ferrojit._lib``), following CPython's
``Modules/cmathmodule.c`` (3.11) case by case, so that results, special values and errors
agree with CPython's. The other `cmath` functions are the compiler's (a port of the same
file in ``crates/runtime/src/cmath.rs``)."""

import cmath
import math

from .. import types
from ..extending import library


def _is_number(t):
    return isinstance(t, (types.Number, types.Boolean))


@library("cmath.polar")
def _polar(z):
    if not _is_number(z):
        return None

    def polar(z):
        z = complex(z)
        # CPython: hypot's overflow is OverflowError('math range error') here (abs()
        # says 'absolute value too large'); half of z cannot overflow.
        if math.isfinite(z.real) and math.isfinite(z.imag) and abs(z * 0.5) > 8.98846567431158e307:
            raise OverflowError("math range error")
        return abs(z), cmath.phase(z)
    return polar


@library("cmath.rect")
def _rect(r, phi):
    if isinstance(r, types.Complex) or isinstance(phi, types.Complex) or not (_is_number(r) and _is_number(phi)):
        return None  # CPython: TypeError (must be real number, not complex)

    def rect(r, phi):
        r = float(r)
        phi = float(phi)
        if math.isfinite(r) and math.isfinite(phi):
            if phi == 0.0:
                return complex(r, r * phi)
            return complex(r * math.cos(phi), r * math.sin(phi))
        # CPython's special values (rect_special_values and the branches around it).
        if math.isinf(phi):
            if r != 0.0 and not math.isnan(r):
                raise ValueError("math domain error")
            if r == 0.0:
                return complex(0.0, 0.0)
            return complex(math.nan, math.nan)
        if math.isnan(phi):
            if math.isinf(r):
                return complex(math.inf, math.nan)
            if r == 0.0:
                return complex(0.0, 0.0)
            return complex(math.nan, math.nan)
        if math.isnan(r):
            if phi == 0.0:
                return complex(math.nan, 0.0)
            return complex(math.nan, math.nan)
        # r infinite, phi finite
        if phi == 0.0:
            return complex(r, math.copysign(0.0, r) * math.copysign(1.0, phi))
        if r > 0:
            return complex(math.copysign(math.inf, math.cos(phi)), math.copysign(math.inf, math.sin(phi)))
        return complex(-math.copysign(math.inf, math.cos(phi)), -math.copysign(math.inf, math.sin(phi)))
    return rect
