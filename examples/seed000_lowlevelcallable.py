"""Seed 000, "SciPy's new LowLevelCallable is a game-changer" and "Prettier
LowLevelCallables with Numba JIT and decorators": fast callbacks for SciPy.

The seed erodes a 2048x2048 random image (each pixel becomes the minimum of its cross
neighbourhood) with `ndi.generic_filter`, whose Python callback makes it unusable (27 s),
and shows two ways to hand it a compiled C callback instead:

1. a plain `@cfunc` with SciPy's C signature, `nbmin`, written with pointers
   (`result[0] = ...`) and `carray`;
2. the `jit_filter_function` decorator, which jits a plain `fmin(values)` and wraps it
   in such a cfunc;

and promises a package that makes this easy for every SciPy callback API. This script
runs both as the seed writes them, with ferrojit's names in place of Numba's, plus the
easy way, `ferrojit.scipy.generic_filter` (3), checks all three against
`ndi.grey_erosion`, and shows the timings. Then it integrates sin(50 x) exp(-x) over
[0, 20] with `integrate.quad`, with a Python integrand and with
`ferrojit.scipy.integrand` (a = 50 passed through SciPy's `args` and through
user_data), and checks the integrals against the exact value.

    python examples/seed000_lowlevelcallable.py
"""

import math
import sys
import time

import numpy as np
from scipy import LowLevelCallable, integrate
from scipy import ndimage as ndi

import ferrojit
import ferrojit.scipy
from ferrojit import carray, cfunc
from ferrojit.types import CPointer, float64, intc, intp, voidptr

SIZE = 2048
PY_SIZE = 256  # the Python callback runs on a crop: on the whole image it takes ~30 s

footprint = np.array([[0, 1, 0],
                      [1, 1, 1],
                      [0, 1, 0]], dtype=bool)


# 1. The seed's first article: a cfunc with pointers.
@cfunc(intc(CPointer(float64), intp,
            CPointer(float64), voidptr))
def nbmin(values_ptr, len_values, result, data):
    values = carray(values_ptr, (len_values,), dtype=float64)
    result[0] = np.inf
    for v in values:
        if v < result[0]:
            result[0] = v
    return 1


# 2. The seed's second article: a decorator around a jitted filter function.
def jit_filter_function(filter_function):
    jitted_function = ferrojit.jit(filter_function, nopython=True)

    @cfunc(intc(CPointer(float64), intp, CPointer(float64), voidptr))
    def wrapped(values_ptr, len_values, result, data):
        values = carray(values_ptr, (len_values,), dtype=float64)
        result[0] = jitted_function(values)
        return 1
    return LowLevelCallable(wrapped.ctypes)


def fmin(values):
    result = np.inf
    for v in values:
        if v < result:
            result = v
    return result


fmin_seed = jit_filter_function(fmin)

# 3. The easy way: the decorator the seed's `llc` package promised.
fmin_easy = ferrojit.scipy.generic_filter(fmin)


# quad: sin(a x) exp(-x), with a from SciPy's args (xx[1]) or from user_data
def damped(x, a):
    return math.sin(a * x) * math.exp(-x)


damped_fj = ferrojit.scipy.integrand(damped)


def best_ms(f, repeat=5):
    """Best of `repeat` calls, in ms (as the seed's %timeit reports "best of")."""
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        f()
        t = (time.perf_counter_ns() - t0) / 1e6
        best = t if best is None else min(best, t)
    return best


def fmt_ms(ms):
    if ms >= 1000:
        return f"{ms / 1000:.1f} s"
    return f"{ms * 1000:.0f} us" if ms < 1 else f"{ms:.1f} ms"


def main():
    ok = True
    image = np.random.default_rng(0).random((SIZE, SIZE))

    expected = ndi.grey_erosion(image, footprint=footprint)
    t_ref = best_ms(lambda: ndi.grey_erosion(image, footprint=footprint))
    print(f"  erosion of a {SIZE}x{SIZE} image, cross footprint:")
    print(f"    ndi.grey_erosion (SciPy's C code):               {fmt_ms(t_ref)}")

    crop = image[:PY_SIZE, :PY_SIZE].copy()
    t0 = time.perf_counter_ns()
    got_py = ndi.generic_filter(crop, fmin, footprint=footprint)
    t_py = (time.perf_counter_ns() - t0) / 1e6 * (image.size / crop.size)
    same = np.array_equal(got_py, ndi.grey_erosion(crop, footprint=footprint))
    ok &= same
    print(f"    generic_filter, Python fmin (est. from {PY_SIZE}x{PY_SIZE}): "
          f"{fmt_ms(t_py)}  {'OK' if same else 'MISMATCH'}")

    for label, callback in [("1. @cfunc nbmin (pointers)", LowLevelCallable(nbmin.ctypes)),
                            ("2. jit_filter_function(fmin)", fmin_seed),
                            ("3. ferrojit.scipy.generic_filter", fmin_easy)]:
        got = ndi.generic_filter(image, callback, footprint=footprint)
        same = got.dtype == expected.dtype and np.array_equal(got, expected)
        ok &= same
        t = best_ms(lambda: ndi.generic_filter(image, callback, footprint=footprint))
        print(f"    generic_filter, {label:<33} {fmt_ms(t)} = {t / t_ref:.2f}x grey_erosion, "
              f"{t_py / t:.0f}x the Python callback; equal to grey_erosion: "
              f"{'OK' if same else 'MISMATCH'}")
    print(f"    (nbmin is `{nbmin.native_name}` at {nbmin.address:#x}; "
          f"fmin_easy.signature = {fmin_easy.signature!r})")

    a, lo, hi = 50.0, 0.0, 20.0
    exact = a / (a * a + 1) * (1 - math.exp(-hi))  # integral of sin(a x) e^-x on [0, hi]
    print(f"  integrate.quad of sin({a:g} x) exp(-x) over [{lo:g}, {hi:g}] (exact {exact:.15g}):")
    rows = [("Python integrand, args=(a,)", damped, (a,)),
            ("ferrojit.scipy.integrand, args=(a,)", damped_fj, (a,)),
            ("ferrojit.scipy.integrand.with_params(a)", damped_fj.with_params(a), ())]
    t_ref = reference = None
    for label, f, args in rows:
        value, err = integrate.quad(f, lo, hi, args=args, limit=200)
        reference = value if reference is None else reference
        # within quad's own error estimate of the exact value, and the same as the
        # Python integrand's result to 1e-13 (compiled sin/exp may differ in the last bit)
        same = abs(value - exact) <= err and abs(value - reference) <= 1e-13 * abs(reference)
        ok &= same
        t = best_ms(lambda: integrate.quad(f, lo, hi, args=args, limit=200), repeat=50)
        t_ref = t_ref or t
        print(f"    {label:<42} {value:.15g}  {fmt_ms(t):>7} "
              f"({t_ref / t:.1f}x the Python integrand)  {'OK' if same else 'MISMATCH'}")

    # with_params builds a new LowLevelCallable around the same compiled code
    other = damped_fj.with_params(20.0)
    same_code = other.cfunc is damped_fj.with_params(a).cfunc
    value, err = integrate.quad(other, lo, hi, limit=200)
    exact20 = 20.0 / 401.0 * (1 - math.exp(-hi))
    good = same_code and abs(value - exact20) <= err
    ok &= good
    print(f"    a = 20 through user_data, no recompilation (same cfunc: {same_code}): "
          f"{value:.15g}  {'OK' if good else 'MISMATCH'}")
    return ok


if __name__ == "__main__":
    ok = main()
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
