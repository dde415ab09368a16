"""Black–Scholes option prices as NumPy ufuncs, with `@vectorize` (issue 21: Numba's
decorators).

A Numba program as its users write it: the price of one European call is a scalar
function of math.log/sqrt/erf/exp; `@vectorize` with its signature turns it into a
ufunc over arrays, once with `target="cpu"` and once with `target="parallel"` (the
broadcast loop split over the thread pool, `numba.get_num_threads()` threads). The put
is a lazy `@vectorize` (no signature: compiled for the argument types on the first call).
What comes back is a real `numpy.ufunc`, so NumPy's broadcasting (a grid of spots x
strikes) and `out=` work as with `np.add`.

Checks: the call prices of 1e6 options against the same formula as a NumPy expression
(scipy.special.erf; within 1e-12 of the largest price: the math functions come from
different libraries) and against plain Python on the first 1000 (bit for bit); the
parallel target's prices identical to the cpu target's; put-call parity
C - P = S - K exp(-rT) within 1e-9; the spot x strike grid equal to the prices computed
one row at a time.

    python examples/black_scholes_vectorize.py
"""

import math
import sys
import time

import numpy as np
from scipy.special import erf

import ferrojit as numba

SIG = ["float64(float64, float64, float64, float64, float64)"]


def call_price(S, K, T, r, sigma):
    sqrt_t = math.sqrt(T)
    d1 = (math.log(S / K) + (r + 0.5 * sigma * sigma) * T) / (sigma * sqrt_t)
    d2 = d1 - sigma * sqrt_t
    cdf1 = 0.5 * (1.0 + math.erf(d1 / math.sqrt(2.0)))
    cdf2 = 0.5 * (1.0 + math.erf(d2 / math.sqrt(2.0)))
    return S * cdf1 - K * math.exp(-r * T) * cdf2


bs_call = numba.vectorize(SIG)(call_price)
bs_call_parallel = numba.vectorize(SIG, target="parallel")(call_price)


@numba.vectorize
def bs_put(S, K, T, r, sigma):
    sqrt_t = math.sqrt(T)
    d1 = (math.log(S / K) + (r + 0.5 * sigma * sigma) * T) / (sigma * sqrt_t)
    d2 = d1 - sigma * sqrt_t
    cdf1 = 0.5 * (1.0 + math.erf(-d1 / math.sqrt(2.0)))
    cdf2 = 0.5 * (1.0 + math.erf(-d2 / math.sqrt(2.0)))
    return K * math.exp(-r * T) * cdf2 - S * cdf1


def call_price_numpy(S, K, T, r, sigma):
    sqrt_t = np.sqrt(T)
    d1 = (np.log(S / K) + (r + 0.5 * sigma * sigma) * T) / (sigma * sqrt_t)
    d2 = d1 - sigma * sqrt_t
    cdf1 = 0.5 * (1.0 + erf(d1 / np.sqrt(2.0)))
    cdf2 = 0.5 * (1.0 + erf(d2 / np.sqrt(2.0)))
    return S * cdf1 - K * np.exp(-r * T) * cdf2


def best_ms(f, repeat=5):
    f()
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        t = (time.perf_counter() - t0) * 1e3
        best = t if best is None else min(best, t)
    return best


def main():
    ok = True
    rng = np.random.default_rng(2024)
    n = 1_000_000
    S = rng.uniform(5.0, 30.0, n)     # spot
    K = rng.uniform(1.0, 100.0, n)    # strike
    T = rng.uniform(0.25, 10.0, n)    # years to expiry
    V = rng.uniform(0.1, 0.5, n)      # volatility
    r = 0.02                          # risk-free rate: a Python float, broadcast

    calls = bs_call(S, K, T, r, V)
    expected = call_price_numpy(S, K, T, r, V)
    scale = float(np.max(np.abs(expected)))
    err = float(np.max(np.abs(calls - expected))) / scale
    plain = np.array([call_price(*args) for args in zip(S[:1000], K[:1000], T[:1000],
                                                        [r] * 1000, V[:1000])])
    same_python = np.array_equal(calls[:1000], plain)
    parallel = bs_call_parallel(S, K, T, r, V)
    same_parallel = np.array_equal(parallel, calls)
    close = err <= 1e-12
    ok &= close and same_python and same_parallel
    print(f"  bs_call is a {type(bs_call).__module__}.{type(bs_call).__name__} (isinstance of "
          f"np.ufunc: {isinstance(bs_call, np.ufunc)}; Numba's DUFunc is not), "
          f"loops {bs_call.types}")
    print(f"  {n:.0e} call prices: max difference from NumPy/SciPy {err:.1e} of the largest "
          f"price: {'OK' if close else 'MISMATCH'}; first 1000 identical to plain Python: "
          f"{'OK' if same_python else 'MISMATCH'}; parallel target identical: "
          f"{'OK' if same_parallel else 'MISMATCH'}")
    t_np = best_ms(lambda: call_price_numpy(S, K, T, r, V))
    t_cpu = best_ms(lambda: bs_call(S, K, T, r, V))
    t_par = best_ms(lambda: bs_call_parallel(S, K, T, r, V))
    print(f"    NumPy expression {t_np:.1f} ms, target='cpu' {t_cpu:.1f} ms, target='parallel' "
          f"{t_par:.1f} ms on {numba.get_num_threads()} threads ({t_cpu / t_par:.2f}x cpu)")

    # Put-call parity: C - P = S - K exp(-rT).
    puts = bs_put(S, K, T, r, V)
    parity = float(np.max(np.abs(calls - puts - (S - K * np.exp(-r * T)))))
    holds = parity < 1e-9
    ok &= holds
    print(f"  puts (lazy @vectorize, loops compiled on call: {bs_put.types}): put-call parity "
          f"within {parity:.1e}: {'OK' if holds else 'MISMATCH'}")

    # An option chain: 50 spots x 40 strikes by broadcasting, into a preallocated array.
    spots = np.linspace(80.0, 120.0, 50)[:, None]
    strikes = np.linspace(70.0, 130.0, 40)[None, :]
    grid = np.empty((50, 40))
    bs_call(spots, strikes, 0.5, r, 0.25, out=grid)
    rows = np.array([bs_call(np.full(40, s), strikes[0], 0.5, r, 0.25) for s in spots[:, 0]])
    same_grid = np.array_equal(grid, rows)
    monotone = bool(np.all(np.diff(grid, axis=0) > 0) and np.all(np.diff(grid, axis=1) < 0))
    ok &= same_grid and monotone
    print(f"  option chain 50 spots x 40 strikes (broadcast, out=): equal to row by row: "
          f"{'OK' if same_grid else 'MISMATCH'}; rising with the spot, falling with the strike: "
          f"{'OK' if monotone else 'MISMATCH'}; at the money {grid[25, 19]:.4f}")
    return ok


if __name__ == "__main__":
    ok = main()
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
