"""The heat equation on a plate, with `@stencil` (issue 21: Numba's decorators).

A Numba program as its users write it: one explicit time step of the 2-D heat equation
u_t = D (u_xx + u_yy) is a `@stencil` kernel with relative indices and a scalar argument
(alpha = D dt / dx^2), and an `@njit` function applies it `steps` times. The stencil
leaves its one-cell border at 0 (its `cval`): the plate's edges held at temperature 0
(Dirichlet boundary), with no extra code. The same function with `parallel=True` runs
each step's rows on the thread pool and gives the same bits.

Checks: (1) a hot square in the middle of a 400x400 plate after 400 steps, against the
same steps written with NumPy slices (bit for bit: the neighbours are added in the same
order); (2) physics: a single sine mode sin(pi i / (N-1)) sin(2 pi j / (M-1)) is an
eigenvector of the discrete Laplacian with zero edges, so each step multiplies it by
g = 1 - 4 alpha (sin^2(pi / (2 (N-1))) + sin^2(2 pi / (2 (M-1)))): after n steps it must
be g^n times the initial plate.

    python examples/heat_stencil.py
"""

import math
import sys
import time

import numpy as np

import ferrojit as numba


@numba.stencil
def heat_step(u, alpha):
    return u[0, 0] + alpha * (u[-1, 0] + u[1, 0] + u[0, -1] + u[0, 1] - 4.0 * u[0, 0])


@numba.njit
def diffuse(u, alpha, steps):
    for _ in range(steps):
        u = heat_step(u, alpha)
    return u


#: The same function with `parallel=True`: each step's rows run on the thread pool.
diffuse_parallel = numba.njit(parallel=True)(diffuse.py_func)


def diffuse_numpy(u, alpha, steps):
    """The same steps with NumPy slices (a new plate per step, edges 0)."""
    for _ in range(steps):
        v = np.zeros_like(u)
        c = u[1:-1, 1:-1]
        v[1:-1, 1:-1] = c + alpha * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:]
                                     - 4.0 * c)
        u = v
    return u


def main():
    ok = True
    alpha = 0.2  # explicit scheme: stable for alpha <= 0.25
    n, steps = 400, 400

    plate = np.zeros((n, n))
    plate[n // 2 - 40:n // 2 + 40, n // 2 - 40:n // 2 + 40] = 100.0  # a hot square

    t0 = time.perf_counter()
    expected = diffuse_numpy(plate, alpha, steps)
    t_numpy = time.perf_counter() - t0
    t0 = time.perf_counter()
    got = diffuse(plate, alpha, steps)
    t_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    got = diffuse(plate, alpha, steps)
    t_jit = time.perf_counter() - t0

    same = got.dtype == expected.dtype and np.array_equal(got, expected)
    edges = not (got[0].any() or got[-1].any() or got[:, 0].any() or got[:, -1].any())
    ok &= same and edges
    print(f"  hot square on a {n}x{n} plate, {steps} steps: NumPy slices {t_numpy * 1e3:.0f} ms, "
          f"ferrojit first call {t_first * 1e3:.0f} ms (compile included), then "
          f"{t_jit * 1e3:.0f} ms ({t_numpy / t_jit:.1f}x NumPy)")
    print(f"    centre {got[n // 2, n // 2]:.3f} degrees, heat left {got.sum() / plate.sum():.1%}; "
          f"identical to NumPy's: {'OK' if same else 'MISMATCH'}; edges held at 0: "
          f"{'OK' if edges else 'MISMATCH'}")

    # parallel=True: the same bits, the rows of each step on the pool.
    diffuse_parallel(plate, alpha, 1)
    t0 = time.perf_counter()
    par = diffuse_parallel(plate, alpha, steps)
    t_par = time.perf_counter() - t0
    same_par = np.array_equal(par, got)
    ok &= same_par
    print(f"    parallel=True on {numba.get_num_threads()} threads: {t_par * 1e3:.0f} ms "
          f"({t_jit / t_par:.2f}x the serial function); identical: {'OK' if same_par else 'MISMATCH'}")

    # A sine mode decays by the factor g per step.
    rows, cols, steps2 = 101, 81, 250
    i = np.arange(rows)[:, None]
    j = np.arange(cols)[None, :]
    mode = np.sin(math.pi * i / (rows - 1)) * np.sin(2 * math.pi * j / (cols - 1))
    g = 1 - 4 * alpha * (math.sin(math.pi / (2 * (rows - 1))) ** 2
                         + math.sin(2 * math.pi / (2 * (cols - 1))) ** 2)
    got = diffuse(mode, alpha, steps2)
    exact = g ** steps2 * mode
    err = float(np.max(np.abs(got - exact)) / np.max(np.abs(exact)))
    decays = err < 1e-9
    ok &= decays
    print(f"  sine mode on {rows}x{cols}, {steps2} steps: amplitude {np.max(np.abs(got)):.6f}, "
          f"expected g^n = {g ** steps2:.6f}; max error {err:.1e} of the amplitude: "
          f"{'OK' if decays else 'MISMATCH'}")
    return ok


if __name__ == "__main__":
    ok = main()
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
