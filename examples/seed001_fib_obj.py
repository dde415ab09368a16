"""Seed 001, "How does Numba work?": where a JIT cannot help.

The seed rewrites `fib` around a custom class `MyInt` and shows that jitting it makes
it *slower*: Numba cannot infer types for arbitrary Python objects and falls back to its
object mode. ferrojit compiles only the typed numeric subset, so by default the same
function is refused at its first call with an error that names the place in the source.
With `nopython=False` (Numba's old default) it instead runs the function in the Python
interpreter and says so with a PerformanceWarning: correct, and no faster. This script
shows both, and checks that neither gives a wrong answer.

    python examples/seed001_fib_obj.py
"""

import os
import sys
import time
import warnings

from ferrojit import jit


class MyInt(object):
    def __init__(self, n):
        self.int = n


def fib_obj(n):
    a, b = MyInt(1), MyInt(1)
    for i in range(n.int):
        a.int, b.int = a.int+b.int, a.int

    return a.int


def main():
    ok = True
    expected = fib_obj(MyInt(10))
    fib_obj_j = jit(fib_obj)
    if not hasattr(fib_obj_j, "py_func"):
        print("  (FERROJIT_DISABLE_JIT is set: nothing is compiled, plain Python runs)")
        return fib_obj_j(MyInt(10)) == expected

    # 1. The default, nopython mode: a compile error at the first call.
    try:
        got = fib_obj_j(MyInt(10))
    except Exception as exc:  # what we expect in this slice: a compile-time refusal
        message = str(exc).strip()
        print(f"  jit(fib_obj)(MyInt(10)) raised {type(exc).__module__}.{type(exc).__name__}:")
        for line in message.splitlines() or ["(empty message)"]:
            print(f"    | {line}")
        if os.path.basename(__file__) not in message:
            print("  note: the message does not name this file and line")
        ok &= bool(message)
    else:
        # If a later ferrojit can compile this, it must be right.
        print(f"  jit(fib_obj)(MyInt(10)) = {got} (CPython: {expected})")
        ok &= got == expected

    # 2. nopython=False: fall back to the interpreter, with a warning.
    fib_obj_o = jit(nopython=False)(fib_obj)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = fib_obj_o(MyInt(10))
    except Exception as exc:
        print(f"  jit(nopython=False)(fib_obj) raised {type(exc).__name__}: "
              f"{str(exc).splitlines()[0]}")
        return False
    kinds = sorted({w.category.__name__ for w in caught}) or ["no warning"]
    t_py = best_of(lambda: fib_obj(MyInt(90)))
    t_obj = best_of(lambda: fib_obj_o(MyInt(90)))
    print(f"  jit(nopython=False)(fib_obj)(MyInt(10)) = {got} (CPython: {expected}), "
          f"with {', '.join(kinds)}; fib_obj(MyInt(90)): plain {t_py * 1e6:.1f} us, "
          f"object mode {t_obj * 1e6:.1f} us")
    ok &= got == expected
    return ok


def best_of(f, repeats=200):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


if __name__ == "__main__":
    ok = main()
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
