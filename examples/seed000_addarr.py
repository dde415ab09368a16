"""Seed 000, "Numba in the real world" (Part 1): adding two arrays in a Python loop.

The seed writes `addarr`, an element-by-element loop over two NumPy arrays, and times it
on 10**6 float64 values and on 10**6 uint8 values: plain Python, the JIT's first call
(compile included), the JIT's later calls, and NumPy's own `a + b`. This script does the
same with ferrojit (`jit(addarr)`, as the seed does with `numba.jit(addarr)`) and checks
every result against NumPy's `a + b` and against plain Python.

    python examples/seed000_addarr.py
"""

import sys
import time

import numpy as np

from ferrojit import jit

N = 10**6


def addarr(x, y):
    result = np.zeros_like(x)
    for i in range(x.size):
        result[i] = x[i] + y[i]
    return result


def best_ms(f, *args, repeat=7):
    """Best of `repeat` calls, in ms (as the seed's %timeit reports "best of")."""
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        f(*args)
        t = (time.perf_counter_ns() - t0) / 1e6
        best = t if best is None else min(best, t)
    return best


def fmt_ms(ms):
    return f"{ms * 1000:.0f} us" if ms < 1 else f"{ms:.1f} ms"


def main():
    ok = True
    addarr_j = jit(addarr)
    compiled = hasattr(addarr_j, "py_func")  # False when FERROJIT_DISABLE_JIT=1
    rng = np.random.default_rng(0)
    inputs = [
        ("float64", rng.random(N), rng.random(N)),
        # the seed's uint8 arrays: values below 128, so the sums fit in a uint8
        ("uint8", rng.integers(0, 128, size=N).astype(np.uint8),
         rng.integers(0, 128, size=N).astype(np.uint8)),
    ]
    for name, a, b in inputs:
        t0 = time.perf_counter_ns()
        expected_py = addarr(a, b)  # plain Python, once: it takes a while
        t_py = (time.perf_counter_ns() - t0) / 1e6
        t0 = time.perf_counter_ns()
        got = addarr_j(a, b)
        t_first = (time.perf_counter_ns() - t0) / 1e6
        t_jit = best_ms(addarr_j, a, b)
        t_np = best_ms(np.add, a, b)
        print(f"  addarr on 1e6 {name}: plain Python {fmt_ms(t_py)}; ferrojit first call "
              f"{fmt_ms(t_first)} (compile included), then {fmt_ms(t_jit)} = "
              f"{t_py / t_jit:.0f}x plain Python; NumPy a + b {fmt_ms(t_np)} "
              f"(ferrojit / NumPy = {t_jit / t_np:.2f})")

        expected = a + b
        same = (got.dtype == expected.dtype and got.shape == expected.shape
                and np.array_equal(got, expected) and np.array_equal(got, expected_py))
        ok &= same
        print(f"    result: {got.dtype}, shape {got.shape}, equal to NumPy's a + b and to "
              f"plain Python: {'OK' if same else 'MISMATCH'}")

    if compiled:
        # One specialisation per argument type, as in Numba: the dtype is part of the type.
        print(f"  addarr_j.signatures = {addarr_j.signatures}")
        # The returned array owns its memory (allocated by compiled code); NumPy frees it
        # when the last reference goes.
        print(f"  the returned array owns its memory: base is a "
              f"{type(got.base).__name__}, writeable={got.flags.writeable}")
    else:
        print("  (FERROJIT_DISABLE_JIT is set: jit() returned the plain Python function)")
    return ok


if __name__ == "__main__":
    ok = main()
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
