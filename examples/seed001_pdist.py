"""Seed 001, "What is it really good for?": pairwise distances, as NumPy and as loops.

The seed compares `pdist_numpy` (broadcasting: `np.sqrt(((xs[:,None,:] - xs)**2).sum(-1))`)
with `pdist_python`, a naive triple loop that is "terrible" in plain Python and
"tremendously powerful" once jitted. This script compiles the loop version with
ferrojit, times it against plain Python and NumPy on the seed's input
(`np.random.randn(5, 100)`: 5 points in 100 dimensions) and on 1000 points in 3-D,
and checks the distances.

One departure from the seed's text: it writes `dtype=np.float`, an alias NumPy removed
in 1.24 (`np.float64` is what it meant). The seed's other form, `jit(pdist_numpy)`,
needs array expressions (slicing, broadcasting, `np.sqrt` on arrays): the script tries
it and, where ferrojit does not compile those yet, prints the compile error instead.

    python examples/seed001_pdist.py
"""

import sys
import time

import numpy as np

from ferrojit import jit


def pdist_numpy(xs):
    return np.sqrt(((xs[:,None,:] - xs)**2).sum(-1))


def pdist_python(xs):
    n, p = xs.shape
    D = np.empty((n, n), dtype=np.float64)
    for i in range(n):
        for j in range(n):
            s = 0.0
            for k in range(p):
                tmp = xs[i,k] - xs[j,k]
                s += tmp * tmp
            D[i, j] = s**0.5
    return D


def best_ms(f, arg, repeat=7):
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        f(arg)
        t = (time.perf_counter_ns() - t0) / 1e6
        best = t if best is None else min(best, t)
    return best


def fmt_ms(ms):
    return f"{ms * 1000:.1f} us" if ms < 1 else f"{ms:.1f} ms"


def max_ulps(a, b):
    """Largest difference between a and b in units of the last place of b."""
    return float(np.max(np.abs(a - b) / np.spacing(np.abs(b) + 1e-300)))


def main():
    ok = True
    pdist_python_j = jit(pdist_python)
    compiled = hasattr(pdist_python_j, "py_func")
    rng = np.random.default_rng(0)

    for xs, repeat_py in ((rng.standard_normal((5, 100)), 7),
                          (rng.standard_normal((1000, 3)), 1)):  # plain Python: ~1 s per call
        shape = "x".join(map(str, xs.shape))
        t_py = best_ms(pdist_python, xs, repeat_py)
        expected = pdist_python(xs)
        compiles = compiled and not pdist_python_j.signatures
        t0 = time.perf_counter_ns()
        D = pdist_python_j(xs)
        t_first = (time.perf_counter_ns() - t0) / 1e6
        t_jit = best_ms(pdist_python_j, xs)
        t_np = best_ms(pdist_numpy, xs)
        why = ("compile included" if compiles else
               "same argument types: nothing to compile" if compiled else "not compiled")
        print(f"  pdist_python({shape}): plain Python {fmt_ms(t_py)}; ferrojit first call "
              f"{fmt_ms(t_first)} ({why}), then {fmt_ms(t_jit)} = {t_py / t_jit:.0f}x plain Python; "
              f"pdist_numpy {fmt_ms(t_np)}")

        # Plain Python computes s**0.5 on a NumPy float64 with libm's pow(); compiled code
        # computes it as sqrt(s) (as Numba does), the exactly rounded square root. The two
        # may differ in the last bit, so the check against plain Python allows one ulp.
        # Against np.sqrt of the same sums, added in the same order, compiled code must be
        # exact (plain Python, with FERROJIT_DISABLE_JIT=1, need not).
        ulps = max_ulps(D, expected)
        sums = np.zeros_like(D)
        for k in range(xs.shape[1]):
            d = xs[:, None, k] - xs[None, :, k]
            sums += d * d
        exact = np.array_equal(D, np.sqrt(sums)) or not compiled
        close = ulps <= 1 and D.shape == expected.shape and D.dtype == np.float64
        ok &= close and exact
        print(f"    {D.dtype} {D.shape}: within {ulps:.0f} ulp of plain Python"
              f"{', equal to np.sqrt of the same sums' if compiled else ''}: "
              f"{'OK' if close and exact else 'MISMATCH'}; "
              f"max |pdist_numpy - D| = {np.max(np.abs(pdist_numpy(xs) - D)):.1e}")

    if compiled:
        print(f"  pdist_python_j.signatures = {pdist_python_j.signatures}")
        # The seed's other form, jit(pdist_numpy), needs array expressions (slicing with
        # None, broadcasting arithmetic, an axis sum, np.sqrt on an array).
        pdist_numpy_j = jit(pdist_numpy)
        try:
            t0 = time.perf_counter_ns()
            D2 = pdist_numpy_j(xs)
            t_first = (time.perf_counter_ns() - t0) / 1e6
        except TypeError as exc:  # ferrojit.errors.TypingError: not compiled yet
            head = str(exc).splitlines()[0]
            print(f"  jit(pdist_numpy) is not compiled yet: {type(exc).__name__}: {head}")
        else:
            # NumPy sums the axis pairwise, compiled code in order: a few ulps apart.
            close = D2.shape == D.shape and np.allclose(D2, pdist_numpy(xs), rtol=1e-12)
            ok &= close
            print(f"  jit(pdist_numpy)({'x'.join(map(str, xs.shape))}): first call "
                  f"{fmt_ms(t_first)} (compile included), then "
                  f"{fmt_ms(best_ms(pdist_numpy_j, xs))}; pdist_numpy "
                  f"{fmt_ms(best_ms(pdist_numpy, xs))}; same distances as NumPy "
                  f"(to 1e-12): {'OK' if close else 'MISMATCH'}")
    else:
        print("  (FERROJIT_DISABLE_JIT is set: jit() returned the plain Python function)")
    return ok


if __name__ == "__main__":
    ok = main()
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
