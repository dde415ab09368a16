"""Seed 003, "Speeding up python programs with Numba": softmax, as a scalar loop.

The seed compiles its softmax kernels eagerly from a signature string,
`@jit("f8(f8[:])", cache=False, nopython=True, nogil=True, parallel=True)`, and compares
them with a pure-Python `softmax_python` that sums `math.exp(z[i])` in a loop.

Arrays arrive in ferrojit's next slice, so this version keeps the seed's loops but makes
its inputs on the fly: z_i in [0, 10) comes from a small linear congruential generator
(exact in 64-bit integers, so CPython and ferrojit see the same numbers). `esum` computes
the softmax denominator and `softmax_entropy` calls it, then makes a second pass for the
entropy of the softmax distribution. Signature strings compile both when the decorators
run, so even the first call is fast. (`parallel=True` is left out: these loops carry the
generator's state from one iteration to the next, so they are not `prange` loops.)

    python examples/seed003_softmax_scalar.py
"""

import math
import sys
import time

from ferrojit import jit

N = 200_000
SEED = 12345
MODULUS = 2147483648  # 2**31: state * MULTIPLIER stays far below 2**63
MULTIPLIER = 1103515245
INCREMENT = 12345


@jit("f8(i8)", nogil=True)
def uniform_0_10(state):
    """The value in [0, 10) that a generator state stands for."""
    return state / MODULUS * 10.0


@jit("f8(i8, i8)", cache=False, nopython=True, nogil=True)
def esum(n, seed):
    """The softmax denominator: the sum of exp(z_k) over the n generated values."""
    exp_sum = 0.0
    state = seed
    for i in range(n):
        state = (state * MULTIPLIER + INCREMENT) % MODULUS
        exp_sum += math.exp(uniform_0_10(state))
    return exp_sum


@jit("f8(i8, i8)", cache=False, nopython=True, nogil=True)
def softmax_entropy(n, seed):
    """Entropy -sum(p log p) of the softmax of the n generated values."""
    s = esum(n, seed)
    entropy = 0.0
    state = seed
    for i in range(n):
        state = (state * MULTIPLIER + INCREMENT) % MODULUS
        p = math.exp(uniform_0_10(state)) / s
        entropy -= p * math.log(p)
    return entropy


def softmax_python(n, seed):
    """The seed's pure-Python version: the same two passes, nothing compiled."""
    exp_sum = 0.0
    state = seed
    for i in range(n):
        state = (state * MULTIPLIER + INCREMENT) % MODULUS
        exp_sum += math.exp(state / MODULUS * 10.0)
    entropy = 0.0
    state = seed
    for i in range(n):
        state = (state * MULTIPLIER + INCREMENT) % MODULUS
        p = math.exp(state / MODULUS * 10.0) / exp_sum
        entropy -= p * math.log(p)
    return exp_sum, entropy


def main():
    ok = True
    t0 = time.perf_counter()
    expected_sum, expected = softmax_python(N, SEED)
    t_py = time.perf_counter() - t0
    t0 = time.perf_counter()
    got = softmax_entropy(N, SEED)  # compiled when the decorator ran: no compile here
    t_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(5):
        softmax_entropy(N, SEED)
    t_jit = (time.perf_counter() - t0) / 5
    print(f"  softmax entropy of {N} values: plain Python {t_py * 1e3:.0f} ms; ferrojit first "
          f"call {t_first * 1e3:.2f} ms (compiled eagerly from its signature), then "
          f"{t_jit * 1e3:.2f} ms = {t_py / t_jit:.0f}x plain Python")
    print(f"  entropy {got:.9f} (a uniform distribution would give {math.log(N):.9f}), "
          f"denominator {esum(N, SEED):.9g}")

    # Same loops, same order of operations, same libm: the floats should agree; allow a
    # few ulps in case a math function is evaluated differently.
    checks = (("entropy", expected, got),
              ("denominator", expected_sum, esum(N, SEED)),
              ("uniform_0_10", 10.0 * 12345 / MODULUS, uniform_0_10(12345)))
    for name, e, g in checks:
        if not math.isclose(e, g, rel_tol=1e-12):
            print(f"  MISMATCH in {name}: CPython {e!r}, ferrojit {g!r}")
            ok = False

    if hasattr(softmax_entropy, "signatures"):
        print(f"  softmax_entropy.signatures = {softmax_entropy.signatures}")
        llvm = softmax_entropy.inspect_llvm()
        asm = softmax_entropy.inspect_asm()
        llvm = "\n".join(llvm.values()) if isinstance(llvm, dict) else llvm
        asm = "\n".join(asm.values()) if isinstance(asm, dict) else asm
        print(f"  inspect_llvm(): {len(llvm.splitlines())} lines of LLVM IR; "
              f"inspect_asm(): {len(asm.splitlines())} lines of x86 assembly")
    return ok


if __name__ == "__main__":
    ok = main()
    print("OK" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)
