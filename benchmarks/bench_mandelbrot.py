#!/usr/bin/env python3
"""Mandelbrot escape counts with Python complex numbers (item `mandelbrot`), in one run:
ferrojit and Numba on the same source, next to a vectorised NumPy version.

    .venv/bin/python benchmarks/bench_mandelbrot.py [--quick] [--json PATH]

The kernel is written as a Numba user writes it: `mandel(c, max_iter)` iterates
`z = z * z + c` from `z = 0j` on a Python complex and returns the iteration at which
|z| > 2, or max_iter; `mandel_grid(xs, ys, max_iter, out)` calls it for every point
`complex(xs[j], ys[i])` of a 400x300 grid over [-2, 1] x [-1.2, 1.2] (200x150 with
--quick), max_iter 200 (100 with --quick), into an int64 2-D array. Rows:

    grid, |z|^2 > 4     the escape test `z.real * z.real + z.imag * z.imag > 4.0`
    grid, abs(z) > 2    the same with `abs(z) > 2.0` (a hypot per iteration)
    complex128 array    `mandel` over the elements of c = xs[None, :] + 1j * ys[:, None],
                        a complex128 2-D array argument (the |z|^2 test)

Columns: NumPy (the classic masked update over the complex grid: every iteration
updates the points still inside, `z[alive] = z[alive]**2 + c[alive]`, written with the
real and imaginary parts; see `mandel_numpy`), Numba (`numba.njit` on `mandel`, then on
the grid function calling it by name, in a private copy of this module), ferrojit (the
same with `ferrojit.njit`). Medians of 7 samples (5 with --quick), one call per sample,
implementations sampled in rounds. Every implementation's escape counts are compared
with the others' of the same escape test and with plain CPython's on every 10th row; a
difference is printed as MISMATCH (exit status 1). A JIT that is missing or fails to
compile is reported in its column (ERROR, n/a) and the rest runs. Nothing asserts on a
time.
"""

import argparse
import hashlib
import importlib.util
import json
import platform
import statistics
import sys
import time
import traceback

import numpy as np

X_RANGE = (-2.0, 1.0)
Y_RANGE = (-1.2, 1.2)


# --- the kernels (plain Python; each JIT decorates them in its own copy of this module) ---

def mandel(c, max_iter):
    z = 0j
    for n in range(max_iter):
        z = z * z + c
        if z.real * z.real + z.imag * z.imag > 4.0:
            return n
    return max_iter


def mandel_abs(c, max_iter):
    z = 0j
    for n in range(max_iter):
        z = z * z + c
        if abs(z) > 2.0:
            return n
    return max_iter


def mandel_grid(xs, ys, max_iter, out):
    for i in range(ys.shape[0]):
        for j in range(xs.shape[0]):
            out[i, j] = mandel(complex(xs[j], ys[i]), max_iter)


def mandel_grid_abs(xs, ys, max_iter, out):
    for i in range(ys.shape[0]):
        for j in range(xs.shape[0]):
            out[i, j] = mandel_abs(complex(xs[j], ys[i]), max_iter)


def mandel_carray(c, max_iter, out):
    for i in range(c.shape[0]):
        for j in range(c.shape[1]):
            out[i, j] = mandel(c[i, j], max_iter)


# --- the NumPy reference ---------------------------------------------------------------

def mandel_numpy(c, max_iter, test="sq"):
    """The classic masked update over a complex grid: the points still inside take one
    more step per iteration; those that escape get the iteration's number.

    `z * z + c` is written with the parts, `(zr*zr - zi*zi + cr) + (zr*zi + zi*zr + ci)j`,
    which is how CPython (and both JITs) compute it: NumPy's own complex multiply may
    round differently in the last bit (NumPy 2.4's SIMD loop does for about 29% of
    random operands on an AVX-512 machine), which the iteration could magnify into other
    escape counts near the set's boundary (a note counts them for NumPy's own
    `z * z + c`). The abs test uses np.hypot, libm's hypot as CPython's abs(complex)
    (np.abs differs from it in the last bit)."""
    out = np.full(c.shape, max_iter, dtype=np.int64)
    z = np.zeros_like(c)
    alive = np.ones(c.shape, dtype=bool)
    cr, ci = c.real, c.imag
    for n in range(max_iter):
        zr, zi = z.real[alive], z.imag[alive]
        z.real[alive] = zr * zr - zi * zi + cr[alive]
        z.imag[alive] = zr * zi + zi * zr + ci[alive]
        zr, zi = z.real, z.imag
        if test == "sq":
            esc = alive & (zr * zr + zi * zi > 4.0)
        else:
            esc = alive & (np.hypot(zr, zi) > 2.0)
        out[esc] = n
        alive &= ~esc
        if not alive.any():
            break
    return out


def mandel_numpy_native(c, max_iter):
    """The same with NumPy's own `z[alive] * z[alive] + c[alive]` (for a note only)."""
    out = np.full(c.shape, max_iter, dtype=np.int64)
    z = np.zeros_like(c)
    alive = np.ones(c.shape, dtype=bool)
    for n in range(max_iter):
        z[alive] = z[alive] * z[alive] + c[alive]
        esc = alive & (z.real * z.real + z.imag * z.imag > 4.0)
        out[esc] = n
        alive &= ~esc
        if not alive.any():
            break
    return out


# --- the driver ----------------------------------------------------------------------------

def cpu_model():
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def fresh_copy(tag):
    """A private copy of this module (this file executed again), so that a JIT can
    rebind `mandel` to its decorated version and the grid functions call that one by
    name, as in a Numba program; backed by this file, so ferrojit finds the source."""
    spec = importlib.util.spec_from_file_location(f"bench_mandelbrot_{tag}", __file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def jit_kernels(njit, tag):
    """{variant: callable(inputs) -> escape counts} compiled with ``njit``."""
    m = fresh_copy(tag)
    m.mandel = njit(m.mandel)
    m.mandel_abs = njit(m.mandel_abs)
    grid, grid_abs, carray = njit(m.mandel_grid), njit(m.mandel_grid_abs), njit(m.mandel_carray)

    def run_grid(inp, out):
        grid(inp["xs"], inp["ys"], inp["max_iter"], out)
        return out

    def run_grid_abs(inp, out):
        grid_abs(inp["xs"], inp["ys"], inp["max_iter"], out)
        return out

    def run_carray(inp, out):
        carray(inp["c"], inp["max_iter"], out)
        return out

    return {"grid": run_grid, "grid_abs": run_grid_abs, "carray": run_carray}


VARIANTS = [  # key, label, escape test
    ("grid", "grid, |z|^2 > 4", "sq"),
    ("grid_abs", "grid, abs(z) > 2", "abs"),
    ("carray", "complex128 array, |z|^2 > 4", "sq"),
]


def inputs(width, height, max_iter):
    xs = np.linspace(*X_RANGE, width)
    ys = np.linspace(*Y_RANGE, height)
    c = xs[None, :] + 1j * ys[:, None]
    return {"xs": xs, "ys": ys, "c": c, "max_iter": max_iter}


def digest(a):
    return f"{a.dtype}{list(a.shape)} sum {int(a.sum())} sha1:" + \
        hashlib.sha1(np.ascontiguousarray(a).tobytes()).hexdigest()[:12]


def error_text(exc):
    lines = [ln for ln in str(exc).strip().splitlines() if ln.strip()]
    more = f" (+{len(lines) - 1} lines)" if len(lines) > 1 else ""
    return f"{type(exc).__name__}: {lines[0] if lines else ''}{more}"


def fmt_ms(ns):
    return "-" if ns is None else f"{ns / 1e6:.3g} ms" if ns < 1e11 else f"{ns / 1e9:.3g} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    opts = ap.parse_args()
    samples = 5 if opts.quick else 7
    width, height, max_iter = (200, 150, 100) if opts.quick else (400, 300, 200)
    inp = inputs(width, height, max_iter)
    errors, notes, mismatches = {}, [], []

    # Implementations: (variant, implementation) -> a no-argument callable.
    calls = {}
    for key, _, test in VARIANTS:
        calls[(key, "numpy")] = (lambda test=test: mandel_numpy(inp["c"], max_iter, test))
    versions = {}
    for name in ("numba", "ferrojit"):
        try:
            mod = __import__(name)
            versions[name] = getattr(mod, "__version__", "?")
        except Exception as exc:  # ImportError, or a broken extension
            for key, _, _ in VARIANTS:
                errors[(key, name)] = f"not installed or not importable ({error_text(exc)})"
            continue
        try:
            ks = jit_kernels(mod.njit, name)
        except Exception as exc:
            for key, _, _ in VARIANTS:
                errors[(key, name)] = error_text(exc)
            continue
        for key, _, _ in VARIANTS:
            out = np.zeros((height, width), dtype=np.int64)
            calls[(key, name)] = (lambda f=ks[key], out=out: f(inp, out))

    # First call of each (compile + warm-up, untimed): its escape counts.
    counts = {}
    for k, run in list(calls.items()):
        try:
            counts[k] = np.array(run(), copy=True)
        except Exception as exc:
            errors[k] = error_text(exc)
            if not any(i == k[1] for (_, i) in errors if (_, i) != k):
                # the first failure of this implementation: where (the error's own text)
                notes.append(f"{k[1]} failed on {k[0]}:\n" + "\n".join(
                    "    " + ln for ln in traceback.format_exc().rstrip().splitlines()[-8:]))
            del calls[k]

    # Plain CPython on every 10th row, as the ground truth.
    rows = np.arange(0, height, 10)
    t0 = time.perf_counter()
    cpython = {"sq": np.array([[mandel(complex(x, inp["ys"][i]), max_iter) for x in inp["xs"]]
                               for i in rows], dtype=np.int64),
               "abs": np.array([[mandel_abs(complex(x, inp["ys"][i]), max_iter)
                                 for x in inp["xs"]] for i in rows], dtype=np.int64)}
    cpython_s = time.perf_counter() - t0
    for key, label, test in VARIANTS:
        for (vk, impl), got in counts.items():
            if vk != key:
                continue
            bad = got[rows] != cpython[test]
            if bad.any():
                i, j = np.argwhere(bad)[0]
                mismatches.append(
                    f"{label}: {impl} differs from CPython at {int(bad.sum())} of "
                    f"{bad.size} checked points (first: row {int(rows[i])}, column {int(j)}:"
                    f" {int(got[rows[i], j])} vs {int(cpython[test][i, j])})")
        same = {impl: got for (vk, impl), got in counts.items() if vk == key}
        if "numpy" in same:
            for impl, got in same.items():
                if impl != "numpy" and not np.array_equal(got, same["numpy"]):
                    mismatches.append(f"{label}: {impl} differs from NumPy at "
                                      f"{int((got != same['numpy']).sum())} points")
    notes.append(f"plain CPython on every 10th row ({len(rows)} rows, both escape tests, "
                 f"the check only): {cpython_s:.2f} s")
    if ("grid", "numpy") in counts and ("grid_abs", "numpy") in counts:
        d = int((counts[("grid", "numpy")] != counts[("grid_abs", "numpy")]).sum())
        notes.append(f"the two escape tests (|z|^2 > 4 and hypot > 2) give different counts"
                     f" at {d} of {width * height} points (rounding at the boundary |z| = 2)")
    try:
        native = mandel_numpy_native(inp["c"], max_iter)
        if ("grid", "numpy") in counts:
            d = int((native != counts[("grid", "numpy")]).sum())
            notes.append(f"NumPy with its own complex `z * z + c` (not timed) gives different "
                         f"escape counts at {d} of {width * height} points")
    except Exception as exc:  # (a note only)
        notes.append(f"NumPy's own complex `z * z + c`: {error_text(exc)}")

    # Timing: one call per sample, implementations in rounds.
    times = {k: [] for k in calls}
    for _ in range(samples):
        for k, run in calls.items():
            t0 = time.perf_counter_ns()
            run()
            times[k].append(time.perf_counter_ns() - t0)
    med = {k: statistics.median(v) for k, v in times.items() if v}

    print(f"Mandelbrot escape counts, {width}x{height} grid over [-2, 1] x [-1.2, 1.2], "
          f"max_iter {max_iter}, int64 counts; median of {samples}, one call per sample; "
          f"CPU: {cpu_model()}")
    print(f"Numba {versions.get('numba', 'n/a')}, ferrojit {versions.get('ferrojit', 'n/a')}, "
          f"NumPy {np.__version__}")
    headers = ("variant", "NumPy", "Numba", "ferrojit", "fj/Numba", "fj/NumPy")
    table = []

    def cell(k):
        if k in med:
            return fmt_ms(med[k])
        e = errors.get(k)
        return "n/a" if e and "not installed" in e else ("ERROR" if e else "-")

    def ratio(a, b):
        return f"{med[a] / med[b]:.2f}x" if a in med and b in med and med[b] else "-"

    for key, label, _ in VARIANTS:
        table.append((label, cell((key, "numpy")), cell((key, "numba")), cell((key, "ferrojit")),
                      ratio((key, "ferrojit"), (key, "numba")),
                      ratio((key, "ferrojit"), (key, "numpy"))))
    widths = [max(len(str(r[i])) for r in [headers, *table]) for i in range(len(headers))]
    for r in [headers, ["-" * w for w in widths], *table]:
        print(str(r[0]).ljust(widths[0]) + "  " +
              "  ".join(str(c).rjust(w) for c, w in zip(r[1:], widths[1:])))
    checked = sorted({impl for (_, impl) in counts})
    if not mismatches:
        print(f"escape counts: identical for {', '.join(checked)} and plain CPython "
              f"(every 10th row), per escape test; grid: {digest(counts[('grid', checked[0])])}"
              if counts else "escape counts: no implementation ran")
    for m in mismatches:
        print("MISMATCH " + m)
    by_error = {}
    for (key, impl), e in errors.items():
        by_error.setdefault((impl, e), []).append(key)
    for (impl, e), keys in by_error.items():
        print(f"{impl} error in {', '.join(keys)}: {e}")
    for n in notes:
        print(n)

    if opts.json:
        with open(opts.json, "w") as fh:
            json.dump({"cpu": cpu_model(), "width": width, "height": height,
                       "max_iter": max_iter, "samples": samples, "versions": versions,
                       "median_ns": {f"{k}/{i}": v for (k, i), v in med.items()},
                       "samples_ns": {f"{k}/{i}": v for (k, i), v in times.items()},
                       "counts": {f"{k}/{i}": digest(v) for (k, i), v in counts.items()},
                       "errors": {f"{k}/{i}": v for (k, i), v in errors.items()},
                       "mismatches": mismatches, "notes": notes}, fh, indent=1)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
