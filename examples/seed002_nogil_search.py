"""Seed 002, "Numba to the rescue!": a 4-deep window search, compiled with nogil=True
and run on several threads at once.

The seed scans every window (y1, x1, y2, x2) of a feature map, keeps only windows whose
aspect ratio is close to the query's (`0.8 < ratio / query_ratio < 1.2`), scores each
one from an integral image, and keeps the best. With `@jit(nopython=True, nogil=True)`
the search releases the GIL, so a ThreadPoolExecutor runs searches on several cores.

Arrays arrive in ferrojit's next slice, so here the "integral image" is a closed-form
scalar function: the integral of sin(0.3*y) * cos(0.2*x), which math gives exactly.
Everything else -- the loop nest, the chained comparison, a jitted helper called from a
jitted function, the best position kept as a tuple -- is the seed's algorithm.

    python examples/seed002_nogil_search.py
"""

import math
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from ferrojit import jit

QUERIES = (0.5, 0.8, 1.0, 1.25, 1.5, 2.0)  # query aspect ratios: one search each
TARGET = 0.2  # the mean "feature" value we look for
CHECK_SIZE = 24  # grid checked against plain Python (which is slow)
THREAD_SIZE = 90  # grid for the threading demo: 4 nested loops, ~16M windows per search


def integral(y, x):
    """Integral of sin(0.3*t) * cos(0.2*s) over [0, y] x [0, x]."""
    return (1.0 - math.cos(0.3 * y)) / 0.3 * math.sin(0.2 * x) / 0.2


def window_score(y1, x1, y2, x2):
    total = integral(y2, x2) + integral(y1, x1) - integral(y1, x2) - integral(y2, x1)
    mean = total / ((y2 - y1) * (x2 - x1))
    return abs(mean - TARGET)


def search(size, query_ratio):
    best_score = math.inf
    best_position = (0, 0, 0, 0)
    evaluated = 0
    for y2 in range(size):
        for x2 in range(size):
            for y1 in range(y2):
                for x1 in range(x2):
                    # Only evaluate windows with a similar ratio
                    if 0.8 < (y2 - y1) / (x2 - x1) / query_ratio < 1.2:
                        evaluated += 1
                        score = window_score(y1, x1, y2, x2)
                        if score < best_score:
                            best_score = score
                            best_position = (y1, x1, y2, x2)
    y1, x1, y2, x2 = best_position
    return best_score, evaluated, y1, x1, y2, x2


def compile_with_ferrojit():
    """What the seed's decorators do: `@jit(nopython=True, nogil=True)` on each function.

    Written as a step of its own so that this one file times both the plain-Python
    functions (before) and the compiled ones (after). Nothing compiles yet: `search`
    compiles on its first call, and freezes the globals it uses at that moment --
    `window_score` and `integral` are then the jitted versions, called natively.
    """
    global integral, window_score, search
    integral = jit(nopython=True, nogil=True)(integral)
    window_score = jit(nopython=True, nogil=True)(window_score)
    search = jit(nopython=True, nogil=True)(search)


def search_all_serial(size):
    return [search(size, q) for q in QUERIES]


def search_all_threads(size, workers):
    with ThreadPoolExecutor(max_workers=workers) as e:
        return list(e.map(lambda q: search(size, q), QUERIES))


def main():
    ok = True

    # 1. Plain Python on a small grid: the reference results and time.
    t0 = time.perf_counter()
    expected = search_all_serial(CHECK_SIZE)
    t_py = time.perf_counter() - t0

    # 2. The same functions compiled: the first call compiles all three.
    compile_with_ferrojit()
    compiled = hasattr(search, "py_func")  # False when FERROJIT_DISABLE_JIT=1
    t0 = time.perf_counter()
    first = search(CHECK_SIZE, QUERIES[0])
    t_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    got = search_all_serial(CHECK_SIZE)
    t_jit = time.perf_counter() - t0
    print(f"  {len(QUERIES)} searches on a {CHECK_SIZE}x{CHECK_SIZE} grid: plain Python "
          f"{t_py * 1e3:.0f} ms; ferrojit first call {t_first * 1e3:.1f} ms (compile included), "
          f"then {t_jit * 1e3:.2f} ms for all {len(QUERIES)} = {t_py / t_jit:.0f}x plain Python")
    ok &= first == expected[0]
    for q, e, g in zip(QUERIES, expected, got):
        if e != g:
            print(f"  MISMATCH for query ratio {q}: CPython {e}, ferrojit {g}")
            ok = False
    q, (score, evaluated, *pos) = QUERIES[2], expected[2]
    print(f"  e.g. query ratio {q}: best window {tuple(pos)}, score {score:.3e}, "
          f"{evaluated} windows evaluated")

    # 3. The seed's point: with nogil=True, threads run compiled searches in parallel.
    size = THREAD_SIZE if compiled else CHECK_SIZE  # plain Python would take minutes
    workers = 2
    t0 = time.perf_counter()
    serial = search_all_serial(size)
    t_serial = time.perf_counter() - t0
    t0 = time.perf_counter()
    threaded = search_all_threads(size, workers)
    t_threads = time.perf_counter() - t0
    print(f"  {len(QUERIES)} searches on a {size}x{size} grid: serial "
          f"{t_serial * 1e3:.0f} ms, ThreadPoolExecutor(max_workers={workers}) "
          f"{t_threads * 1e3:.0f} ms = {t_serial / t_threads:.2f}x on {os.cpu_count()} CPUs")
    if threaded != serial:
        print("  MISMATCH: threaded results differ from serial ones")
        ok = False
    return ok


if __name__ == "__main__":
    ok = main()
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
