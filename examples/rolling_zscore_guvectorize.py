"""Moving averages and rolling z-scores of many price series, with `@guvectorize`
(issue 21: Numba's decorators).

A Numba program as its users write it: a kernel over one series (`(n),()->(n)`: a 1-D
series and a scalar window in, a series out, written in place) becomes a generalized
NumPy ufunc, and NumPy runs it over every row of a 2-D array (the loop dimensions), or
over any stack of series, with broadcasting. `move_mean` is Numba's documented example
(the window passed as a 1-element array, `intp[:]`); `rolling_zscore` takes the window
as a number (`int64`) and keeps running sums of x and x^2, once with `target="cpu"` and
once with `target="parallel"` (the rows split over the thread pool).

Checks, on 500 geometric random-walk price series of 2000 days: the moving mean against
NumPy's cumulative sums and `sliding_window_view(...).mean(-1)` (within 1e-9 relative:
running sums add in another order); the z-scores against `sliding_window_view` means and
`.std(-1)` (within 1e-6: the variance from running sums of x and x^2, E[x^2] - E[x]^2,
loses digits to cancellation), NaN exactly where the window is not yet full; the parallel
target identical to the cpu target; a 3-D stack of series giving the same rows.

    python examples/rolling_zscore_guvectorize.py
"""

import math
import sys
import time

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

import ferrojit as numba


@numba.guvectorize(["void(float64[:], intp[:], float64[:])"], "(n),()->(n)")
def move_mean(a, window_arr, out):
    window_width = window_arr[0]
    asum = 0.0
    count = 0
    for i in range(window_width):
        asum += a[i]
        count += 1
        out[i] = asum / count
    for i in range(window_width, len(a)):
        asum += a[i] - a[i - window_width]
        out[i] = asum / count


def zscore_kernel(x, window, out):
    s = 0.0
    s2 = 0.0
    for i in range(x.shape[0]):
        s += x[i]
        s2 += x[i] * x[i]
        if i >= window:
            old = x[i - window]
            s -= old
            s2 -= old * old
        if i < window - 1:
            out[i] = np.nan
        else:
            mean = s / window
            var = s2 / window - mean * mean
            out[i] = (x[i] - mean) / math.sqrt(var) if var > 0.0 else np.nan


SIG = ["void(float64[:], int64, float64[:])"]
rolling_zscore = numba.guvectorize(SIG, "(n),()->(n)")(zscore_kernel)
rolling_zscore_parallel = numba.guvectorize(SIG, "(n),()->(n)", target="parallel")(zscore_kernel)


def zscore_numpy(prices, window):
    win = sliding_window_view(prices, window, axis=-1)
    out = np.full(prices.shape, np.nan)
    out[..., window - 1:] = (prices[..., window - 1:] - win.mean(-1)) / win.std(-1)
    return out


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
    rng = np.random.default_rng(7)
    n_series, n_days, window = 500, 2000, 20
    # geometric random walks from 100, 1% daily volatility
    prices = 100.0 * np.exp(np.cumsum(0.01 * rng.standard_normal((n_series, n_days)), axis=1))

    # Numba's moving mean, window 5 (the first entries average what is there so far).
    means = move_mean(prices, 5)
    counts = np.minimum(np.arange(1, n_days + 1), 5)
    expected = np.cumsum(prices, axis=1)
    expected[:, 5:] -= expected[:, :-5].copy()
    expected /= counts
    full = sliding_window_view(prices, 5, axis=1).mean(-1)
    close = np.allclose(means, expected, rtol=1e-9, atol=0) and \
        np.allclose(means[:, 4:], full, rtol=1e-9, atol=0)
    ok &= close
    print(f"  move_mean (Numba's example, window 5) over {n_series} series x {n_days} days: "
          f"{means.shape} {means.dtype}; equal to NumPy's within 1e-9: "
          f"{'OK' if close else 'MISMATCH'}")

    z = rolling_zscore(prices, window)
    ref = zscore_numpy(prices, window)
    nan_ok = np.array_equal(np.isnan(z), np.isnan(ref)) and np.isnan(z[:, :window - 1]).all()
    err = float(np.nanmax(np.abs(z - ref)))
    close = nan_ok and err < 1e-6
    zp = rolling_zscore_parallel(prices, window)
    same_parallel = np.array_equal(z, zp, equal_nan=True)
    # A 3-D stack (2 markets x 250 series): NumPy loops over both leading dimensions.
    z3 = rolling_zscore(prices.reshape(2, n_series // 2, n_days), window)
    same_3d = np.array_equal(z3.reshape(n_series, n_days), z, equal_nan=True)
    ok &= close and same_parallel and same_3d
    print(f"  rolling z-score, window {window}: max |difference| from NumPy's "
          f"sliding_window_view {err:.1e}, NaN where the window is not full: "
          f"{'OK' if close else 'MISMATCH'}; parallel target identical: "
          f"{'OK' if same_parallel else 'MISMATCH'}; 3-D stack of series identical: "
          f"{'OK' if same_3d else 'MISMATCH'}")
    big = np.abs(z[:, -1]) > 2
    print(f"    {int(big.sum())} of {n_series} series end more than 2 standard deviations "
          f"from their {window}-day mean")

    t_np = best_ms(lambda: zscore_numpy(prices, window))
    t_cpu = best_ms(lambda: rolling_zscore(prices, window))
    t_par = best_ms(lambda: rolling_zscore_parallel(prices, window))
    print(f"    NumPy sliding windows {t_np:.1f} ms, target='cpu' {t_cpu:.2f} ms "
          f"({t_np / t_cpu:.0f}x NumPy), target='parallel' {t_par:.2f} ms on "
          f"{numba.get_num_threads()} threads")
    return ok


if __name__ == "__main__":
    ok = main()
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
