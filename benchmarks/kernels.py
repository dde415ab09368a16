"""Plain-Python kernels shared by the benchmark driver and its child processes.

Nothing here is decorated: ``run.py`` (and ``_child.py``) apply ``ferrojit.njit`` and
``numba.njit`` to the same function objects, so every JIT compiles exactly the same
source and CPython runs it as written.

All kernels stay inside ferrojit's first slice (scalars, loops, ``math``).
"""

import math


def fib(n):
    """Seed 001's iterative Fibonacci. fib(90) still fits in an int64."""
    a, b = 1, 1
    for i in range(n):
        a, b = a + b, a
    return a


def ident(x):
    """The cheapest possible function: measures the cost of one call."""
    return x


def sum_inv_squares(n):
    """sum 1/(i*i) for i in 1..n-1 (tends to pi**2/6): a float loop with a carried sum."""
    s = 0.0
    for i in range(1, n):
        s += 1.0 / (i * i)
    return s


def collatz_max_steps(n):
    """Longest Collatz trajectory for start values 1..n-1: integer ops, a while loop, branches."""
    best = 0
    for start in range(1, n):
        x = start
        steps = 0
        while x != 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            steps += 1
        if steps > best:
            best = steps
    return best


def integrate_pi(n):
    """Midpoint rule for the integral of 4/(1+x*x) over [0, 1] (= pi); the nogil workload."""
    h = 1.0 / n
    s = 0.0
    for i in range(n):
        x = (i + 0.5) * h
        s += 4.0 / (1.0 + x * x)
    return s * h


def hypot_sum(n):
    """A small math-module kernel, compiled only to time a second, warm compile."""
    s = 0.0
    for i in range(n):
        s += math.sqrt(i * i + 1.0)
    return s
