"""Seed 003: softmax with np.exp on arrays, with the seed's signatures and options."""

import time

import numpy as np

from ferrojit import jit


@jit("f8(f8[:])", cache=False, nopython=True, nogil=True, parallel=True)
def esum(z):
    return np.sum(np.exp(z))


@jit("f8[:](f8[:])", cache=False, nopython=True, nogil=True, parallel=True)
def softmax_optimized(z):
    num = np.exp(z)
    s = num / esum(z)
    return s


def main():
    np.random.seed(0)
    z = np.random.uniform(0, 10, 10 ** 7)
    def best_of_3(f):
        # Warm, and the best of three: a single call of either can stall for 100+ ms
        # when the kernel compacts memory for the huge pages of a new 80 MB array.
        f(z)
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            out = f(z)
            times.append(time.perf_counter() - t0)
        return out, min(times)

    expected, numpy_time = best_of_3(lambda z: np.exp(z) / np.sum(np.exp(z)))
    got, steady = best_of_3(softmax_optimized)
    ok = np.allclose(got, expected, rtol=1e-12, atol=0)
    print(f"  softmax of 1e7 values: NumPy {numpy_time * 1e3:.1f} ms, ferrojit {steady * 1e3:.1f} ms "
          f"(exp runs as SIMD libmvec calls); max rel. difference {np.max(np.abs(got / expected - 1)):.1e}")
    return ok


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
