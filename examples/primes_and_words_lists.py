"""Lists in compiled code: a Numba program as its users write it (`import ferrojit as
numba`), with the list idioms Numba examples use.

1. Primes below n by a sieve, returned as a list built with `append`, and the twin
   primes as a list of tuples from a comprehension over it.
2. Word statistics of a text: `str.split()`, a list of words longer than k sorted by
   length with a `key=` lambda (stable, as CPython's sort), their lengths by a
   comprehension, `",".join`, and `max(..., key=...)`.
3. A list passed in from Python and changed in place: `normalise(values)` divides every
   item by the largest and appends the count; the caller's list sees it afterwards, as
   with Numba's reflected lists.

Checks: every result equals CPython's running the same functions.

    python examples/primes_and_words_lists.py
"""

import sys
import time

import ferrojit as numba


@numba.njit
def primes_below(n):
    sieve = [True] * n
    out = []
    for i in range(2, n):
        if sieve[i]:
            out.append(i)
            for j in range(i * i, n, i):
                sieve[j] = False
    return out


@numba.njit
def twin_primes(n):
    ps = primes_below(n)
    return [(ps[k], ps[k + 1]) for k in range(len(ps) - 1) if ps[k + 1] - ps[k] == 2]


@numba.njit
def word_stats(text, k):
    words = text.split()
    long_words = [w.lower() for w in words if len(w) > k]
    long_words.sort(key=lambda w: -len(w))
    longest = max(words, key=lambda w: len(w)) if words else ""
    return len(words), long_words[:5], [len(w) for w in long_words[:5]], ",".join(long_words[:3]), longest


@numba.njit
def normalise(values):
    top = max(values)
    for i in range(len(values)):
        values[i] = values[i] / top
    values.append(float(len(values)))
    return top


TEXT = ("It was the best of times, it was the worst of times, it was the age of wisdom, "
        "it was the age of foolishness, it was the epoch of belief, it was the epoch of "
        "incredulity, it was the season of Light, it was the season of Darkness") * 50


def main():
    ok = True
    n = 200_000
    t0 = time.perf_counter()
    want = primes_below.py_func(n)
    t_py = time.perf_counter() - t0
    t0 = time.perf_counter()
    got = primes_below(n)
    t_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    got = primes_below(n)
    t_jit = time.perf_counter() - t0
    ok &= got == want
    twins = twin_primes(n)
    ok &= twins == twin_primes.py_func(n)
    print(f"  primes below {n}: {len(got)} (last {got[-1]}), {len(twins)} twin pairs; CPython "
          f"{t_py * 1e3:.0f} ms, ferrojit first call {t_first * 1e3:.0f} ms (compile included), then "
          f"{t_jit * 1e3:.1f} ms ({t_py / t_jit:.0f}x); same as CPython: {'OK' if got == want else 'MISMATCH'}")

    stats = word_stats(TEXT, 5)
    same = stats == word_stats.py_func(TEXT, 5)
    ok &= same
    print(f"  words: {stats[0]}, longest first {stats[1]}, lengths {stats[2]}, joined {stats[3]!r}, "
          f"longest {stats[4]!r}; same as CPython: {'OK' if same else 'MISMATCH'}")

    values, expected = [3.0, 1.5, 6.0, 4.5], [3.0, 1.5, 6.0, 4.5]
    top = normalise(values)
    top_py = normalise.py_func(expected)
    same = top == top_py and values == expected
    ok &= same
    print(f"  normalise(values) changed the caller's list in place: {values} (top {top}); "
          f"same as CPython: {'OK' if same else 'MISMATCH'}")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
