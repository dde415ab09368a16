"""Seed 001, "Just-in-time compiling": the Fibonacci example, compiled two ways.

The seed article takes a plain Python `fib`, makes a compiled copy with `fibj = jit(fib)`,
then shows the same thing as a decorator, and reports "a roughly ten-fold speedup".
This script does both with ferrojit, times plain Python against the first call (compile
included) and later calls, and checks every result against CPython.

    python examples/seed001_fib.py
"""

import sys
import time

from ferrojit import jit

N = 90  # fib(90) = 7540113804746346429 still fits in a 64-bit integer


def fib(n):
    a, b = 1, 1
    for i in range(n):
        a, b = a+b, a

    return a


# The seed's second form: the decorator. Same body, compiled on its first call.
@jit
def fib_decorated(n):
    a, b = 1, 1
    for i in range(n):
        a, b = a+b, a

    return a


def per_call_ns(f, arg, min_seconds=0.2):
    """Median ns per call over 5 samples of a loop that runs for about min_seconds/5."""
    number = 1
    while True:
        t0 = time.perf_counter_ns()
        for _ in range(number):
            f(arg)
        elapsed = time.perf_counter_ns() - t0
        if elapsed > min_seconds * 1e9 / 5:
            break
        number *= 4
    samples = []
    for _ in range(5):
        t0 = time.perf_counter_ns()
        for _ in range(number):
            f(arg)
        samples.append((time.perf_counter_ns() - t0) / number)
    return sorted(samples)[2]


def first_call_ms(f, arg):
    t0 = time.perf_counter_ns()
    result = f(arg)
    return (time.perf_counter_ns() - t0) / 1e6, result


def fmt_ns(ns):
    return f"{ns / 1000:.2f} us" if ns >= 1000 else f"{ns:.0f} ns"


def wrap_int64(v):
    """What a 64-bit machine integer holds after Python's exact result overflows."""
    return (v + 2**63) % 2**64 - 2**63


def main():
    ok = True
    fibj = jit(fib)  # the seed's first form
    compiled = hasattr(fibj, "py_func")  # False when FERROJIT_DISABLE_JIT=1

    t_py = per_call_ns(fib, N)
    print(f"  plain Python fib({N}):          {fmt_ns(t_py)} per call")
    for name, f in (("fibj = jit(fib)", fibj), ("@jit fib_decorated", fib_decorated)):
        first_ms, result = first_call_ms(f, N)
        t_jit = per_call_ns(f, N)
        print(f"  {name + ':':<31} first call {first_ms:.1f} ms (compile included), "
              f"then {fmt_ns(t_jit)} per call = {t_py / t_jit:.0f}x plain Python")

    # Results must agree with CPython wherever CPython's answer fits in 64 bits.
    for n in (0, 1, 2, 3, 10, 50, 89, 90):
        for name, f in (("fibj", fibj), ("fib_decorated", fib_decorated)):
            if f(n) != fib(n):
                print(f"  MISMATCH: {name}({n}) = {f(n)}, CPython says {fib(n)}")
                ok = False

    # Documented difference: ferrojit integers are 64-bit and wrap around on overflow
    # (as in Numba), where Python's integers grow. fib(100) does not fit.
    exact = fib(100)
    expected = wrap_int64(exact) if compiled else exact
    got = fibj(100)
    status = "OK" if got == expected else "MISMATCH"
    ok &= got == expected
    why = "64-bit wraparound, as documented" if compiled else "not compiled: Python ints"
    print(f"  fib(100): CPython {exact}, ferrojit {got} ({why}): {status}")

    if compiled:
        print(f"  fibj.signatures = {fibj.signatures}; fibj.py_func is fib: {fibj.py_func is fib}")
        ok &= fibj.py_func is fib
    else:
        print("  (FERROJIT_DISABLE_JIT is set: jit() returned the plain Python function)")
    return ok


if __name__ == "__main__":
    ok = main()
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
