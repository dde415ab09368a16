"""Run by test_streaming.py in a subprocess with FERROJIT_STREAM_BYTES set low, so the
streaming-store copy of each output loop runs on small arrays. Compares each kernel,
compiled, against the same kernel run by CPython; prints one line per failure and
"checked N" at the end."""

import sys

import numpy as np

import ferrojit


def addarr(x, y):
    r = np.zeros_like(x)
    for i in range(x.size):
        r[i] = x[i] + y[i]
    return r


def scaled(x, y):
    r = np.empty(len(x))
    for i in range(len(x)):
        r[i] = 2.5 * x[i] - y[i] / 3.0
    return r


def expr(x, y):
    return np.sqrt(x) * 0.5 + y


def expr2d(a, b):
    return a * 3 + b


def raises_midway(x):
    r = np.zeros_like(x)
    for i in range(x.size):
        if x[i] > 100:
            raise ValueError("too big")
        r[i] = x[i] * 2
    return r


def main():
    rng = np.random.default_rng(12345)
    failures = 0
    checked = 0

    jitted = {}

    def compare(name, kernel, *args):
        nonlocal failures, checked
        expected = kernel(*args)
        got = jitted.setdefault(kernel, ferrojit.njit(kernel))(*args)
        checked += 1
        if got.dtype != expected.dtype or got.shape != expected.shape or not np.array_equal(got, expected, equal_nan=True):
            failures += 1
            print(f"MISMATCH {name} {[getattr(a, 'shape', a) for a in args]}: {got!r} != {expected!r}")

    for dtype in ("float64", "float32", "int64", "int32", "uint8", "int16"):
        for n in list(range(0, 70)) + [127, 128, 129, 1000, 4099]:
            x = (rng.random(n) * 100).astype(dtype)
            y = (rng.random(n) * 100).astype(dtype)
            compare("addarr", addarr, x, y)
    for n in list(range(0, 40)) + [513, 2048]:
        x = rng.random(n)
        y = rng.random(n)
        compare("scaled", scaled, x, y)
        compare("expr", expr, x, y)
        # a strided input still writes a contiguous new output
        compare("expr-strided", expr, rng.random(2 * n)[::2], y)
    for shape in [(0, 3), (1, 1), (3, 5), (17, 33), (64, 64)]:
        a = rng.random(shape)
        compare("expr2d", expr2d, a, rng.random(shape))
        compare("expr2d-broadcast", expr2d, a, rng.random(shape[1:]))
        compare("expr2d-F", expr2d, np.asfortranarray(a), np.asfortranarray(rng.random(shape)))

    # An exception part-way through the streaming loop: same exception, nothing leaked.
    f = ferrojit.njit(raises_midway)
    x = np.arange(200.0)
    f(np.arange(10.0))
    before = ferrojit._native.live_allocations()
    for _ in range(100):
        try:
            f(x)
        except ValueError as e:
            assert str(e) == "too big", e
        else:
            failures += 1
            print("MISSING EXCEPTION raises_midway")
    if ferrojit._native.live_allocations() != before:
        failures += 1
        print(f"LEAK {ferrojit._native.live_allocations() - before} allocations")
    g = ferrojit.njit(addarr)
    g(np.arange(4.0), np.arange(4.0))
    asm = g.inspect_asm(g.signatures[0])
    print("streaming stores:", "yes" if "vmovnt" in asm else "no")
    print(f"checked {checked}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
