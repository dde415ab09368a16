#!/usr/bin/env python3
"""Numba's other decorators, `@stencil`, `@vectorize` and `@guvectorize` (item
`decorators`, issue 21), in one run: ferrojit and Numba on the same source, next to the
NumPy/SciPy way of doing the same work.

    .venv/bin/python benchmarks/bench_decorators.py [--quick] [--json PATH]

Rows (sizes with --quick in brackets):

    stencil 5-point         a `@stencil` kernel `0.25 * (a[0, 1] + a[1, 0] + a[0, -1] +
                            a[-1, 0])` on a 2000x2000 float64 array [1000x1000], called
                            from an `@njit` function (`return laplace5(a)`); reference
                            `scipy.ndimage.convolve(a, w, mode="constant")` with the 3x3
                            weights [[0, .25, 0], [.25, 0, .25], [0, .25, 0]]
    stencil 5-point, parallel the same stencil called from an `@njit(parallel=True)`
                            function (its rows on the thread pool, in both JITs)
    stencil + expression    `return a + 0.1 * laplace5(a)` in an `@njit` function, an
                            explicit time step (ferrojit fuses the stencil with the
                            expression: one pass, no temporary; Numba makes the stencil's
                            array, then the expression's); reference `a + 0.1 *
                            scipy.ndimage.convolve(...)`
    Black-Scholes, cpu      call prices as a `@vectorize(["float64(float64, float64,
                            float64, float64, float64)"], target="cpu")` ufunc of
                            math.log/sqrt/erf/exp on 1e6 options [2.5e5]; reference the
                            same formula as a NumPy expression (scipy.special.erf)
    Black-Scholes, parallel the same ufunc with target="parallel"
    guvectorize move_mean   Numba's documented moving mean, `@guvectorize(["void(
                            float64[:], intp[:], float64[:])"], "(n),()->(n)")`, window
                            5, over 1000 rows of 1000 float64 [250 rows]; reference the
                            NumPy cumulative-sum version
    ufunc call, 10 elements the time of one call of a vectorize'd `float64(float64,
                            float64)` ufunc `x + y` on two 10-element arrays (the result
                            allocated by the call), per call: the overhead of the call;
                            reference `np.add`

Each JIT decorates the kernels in its own copy of this module (the `@njit` caller calls
its JIT's stencil by name, as in a Numba program). Every ufunc and gufunc allocates its
result (as a caller writes `prices = bs(S, K, T, r, v)`). Medians of 7 samples (5 with
--quick), one call per sample (a loop of 2000 calls [500] for the per-call row),
implementations sampled in rounds (every other round in reverse order) after an untimed
first call (compile included; a note gives those times). Columns: the reference, Numba,
ferrojit, ferrojit / Numba, ferrojit / reference (a ratio <= 1.0 means ferrojit is as fast or faster). The threads
of the parallel target (`get_num_threads()` of each JIT) are printed, and each JIT's
parallel speed-up over its cpu target (and the parallel stencil's over the serial one)
in a note.

Checks (a difference is printed as MISMATCH and the script exits with status 1):
stencil results of both JITs bit-identical to each other and to NumPy slices adding the
four neighbours in the kernel's order, their one-cell border exactly 0 (Numba's cval);
SciPy's interior within 1e-14 relative (it adds in another order; its border is
computed with zero padding, so it is not compared). Black-Scholes: the cpu and parallel
targets of each JIT bit-identical, the JITs within 1e-12 of each other and of the NumPy
expression (relative to the largest price; the math functions come from different
libraries: glibc, SciPy's cephes, NumPy's SIMD loops). move_mean: the JITs
bit-identical, within 1e-9 of NumPy's. The 10-element ufunc: exactly x + y. A JIT that
is missing or fails is reported in its column (ERROR, n/a) and the rest runs. Nothing
asserts on a time.
"""

import argparse
import hashlib
import importlib.util
import json
import math
import platform
import statistics
import sys
import time
import traceback

import numpy as np

BS_SIG = "float64(float64, float64, float64, float64, float64)"
MOVE_MEAN_SIG = "void(float64[:], intp[:], float64[:])"
WINDOW = 5
RISKFREE = 0.02


# --- the kernels (plain Python; each JIT decorates them in its own copy of this module) ---

def laplace5(a):
    return 0.25 * (a[0, 1] + a[1, 0] + a[0, -1] + a[-1, 0])


def apply_laplace5(a):
    return laplace5(a)


def step_laplace5(a):
    return a + 0.1 * laplace5(a)


def black_scholes(S, K, T, r, sigma):
    sqrt_t = math.sqrt(T)
    d1 = (math.log(S / K) + (r + 0.5 * sigma * sigma) * T) / (sigma * sqrt_t)
    d2 = d1 - sigma * sqrt_t
    cdf1 = 0.5 * (1.0 + math.erf(d1 / math.sqrt(2.0)))
    cdf2 = 0.5 * (1.0 + math.erf(d2 / math.sqrt(2.0)))
    return S * cdf1 - K * math.exp(-r * T) * cdf2


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


def add(x, y):
    return x + y


# --- the references ------------------------------------------------------------------------

STENCIL_WEIGHTS = np.array([[0.0, 0.25, 0.0], [0.25, 0.0, 0.25], [0.0, 0.25, 0.0]])


def stencil_slices(a):
    """The kernel with NumPy slices, the neighbours added in the kernel's order (the
    exact check; not timed)."""
    out = np.zeros_like(a)
    out[1:-1, 1:-1] = 0.25 * (a[1:-1, 2:] + a[2:, 1:-1] + a[1:-1, :-2] + a[:-2, 1:-1])
    return out


def black_scholes_numpy(S, K, T, r, sigma):
    from scipy.special import erf
    sqrt_t = np.sqrt(T)
    d1 = (np.log(S / K) + (r + 0.5 * sigma * sigma) * T) / (sigma * sqrt_t)
    d2 = d1 - sigma * sqrt_t
    cdf1 = 0.5 * (1.0 + erf(d1 / np.sqrt(2.0)))
    cdf2 = 0.5 * (1.0 + erf(d2 / np.sqrt(2.0)))
    return S * cdf1 - K * np.exp(-r * T) * cdf2


def move_mean_numpy(a, w):
    """Moving mean along the last axis with a cumulative sum (the first w - 1 entries
    average what is there so far, as move_mean)."""
    c = np.cumsum(a, axis=-1)
    c[..., w:] -= c[..., :-w].copy()
    c /= np.minimum(np.arange(1, a.shape[-1] + 1), w)
    return c


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
    rebind `laplace5` to its stencil and `apply_laplace5` calls that one by name, as in
    a Numba program; backed by this file, so the decorators find the source."""
    spec = importlib.util.spec_from_file_location(f"bench_decorators_{tag}", __file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VARIANTS = [  # key, label, reference's name
    ("stencil", "stencil 5-point", "SciPy"),
    ("stencil_parallel", "stencil 5-point, parallel", "SciPy"),
    ("stencil_step", "stencil + expression", "SciPy"),
    ("bs_cpu", "Black-Scholes, cpu", "NumPy"),
    ("bs_parallel", "Black-Scholes, parallel", "NumPy"),
    ("gufunc", "guvectorize move_mean", "NumPy"),
    ("call10", "ufunc call, 10 elements", "NumPy"),
]
PER_CALL = {"call10"}


def builders(mod, tag):
    """{variant: a no-argument function that decorates the kernel with ``mod`` (its
    own module copy) and returns a callable(inputs) -> result}."""
    m = fresh_copy(tag)

    def stencil():
        m.laplace5 = mod.stencil(m.laplace5)
        f = mod.njit(m.apply_laplace5)
        return lambda inp: f(inp["image"])

    def stencil_parallel():
        mp = fresh_copy(tag + "_parallel")
        mp.laplace5 = mod.stencil(mp.laplace5)
        f = mod.njit(parallel=True)(mp.apply_laplace5)
        return lambda inp: f(inp["image"])

    def stencil_step():
        ms = fresh_copy(tag + "_step")
        ms.laplace5 = mod.stencil(ms.laplace5)
        f = mod.njit(ms.step_laplace5)
        return lambda inp: f(inp["image"])

    def bs(target):
        def build():
            f = mod.vectorize([BS_SIG], target=target)(m.black_scholes)
            return lambda inp: f(inp["S"], inp["K"], inp["T"], RISKFREE, inp["V"])
        return build

    def gufunc():
        f = mod.guvectorize([MOVE_MEAN_SIG], "(n),()->(n)")(m.move_mean)
        return lambda inp: f(inp["rows"], WINDOW)

    def call10():
        f = mod.vectorize(["float64(float64, float64)"])(m.add)
        return lambda inp: f(inp["x10"], inp["y10"])

    return {"stencil": stencil, "stencil_parallel": stencil_parallel, "stencil_step": stencil_step, "bs_cpu": bs("cpu"), "bs_parallel": bs("parallel"),
            "gufunc": gufunc, "call10": call10}


def references(scipy_error):
    from_scipy = {}
    if scipy_error is None:
        from scipy import ndimage

        from_scipy = {
            "stencil": lambda inp: ndimage.convolve(inp["image"], STENCIL_WEIGHTS, mode="constant"),
            "stencil_step": lambda inp: inp["image"] + 0.1 * ndimage.convolve(inp["image"], STENCIL_WEIGHTS,
                                                                              mode="constant"),
            "bs_cpu": lambda inp: black_scholes_numpy(inp["S"], inp["K"], inp["T"], RISKFREE,
                                                      inp["V"]),
        }
    return {**from_scipy,
            "gufunc": lambda inp: move_mean_numpy(inp["rows"], WINDOW),
            "call10": lambda inp: np.add(inp["x10"], inp["y10"])}


def inputs(quick):
    rng = np.random.default_rng(21)
    side = 1000 if quick else 2000
    n_opts = 250_000 if quick else 1_000_000
    n_rows = 250 if quick else 1000
    return {
        "image": rng.random((side, side)),
        # Numba's Black-Scholes example's ranges
        "S": rng.uniform(5.0, 30.0, n_opts),
        "K": rng.uniform(1.0, 100.0, n_opts),
        "T": rng.uniform(0.25, 10.0, n_opts),
        "V": rng.uniform(0.1, 0.5, n_opts),
        "rows": rng.standard_normal((n_rows, 1000)),
        "x10": rng.random(10),
        "y10": rng.random(10),
    }


def digest(a):
    return f"{a.dtype}{list(a.shape)} sha1:" + \
        hashlib.sha1(np.ascontiguousarray(a).tobytes()).hexdigest()[:12]


def error_text(exc):
    lines = [ln for ln in str(exc).strip().splitlines() if ln.strip()]
    more = f" (+{len(lines) - 1} lines)" if len(lines) > 1 else ""
    return f"{type(exc).__name__}: {lines[0] if lines else ''}{more}"


def fmt_ns(ns):
    if ns is None:
        return "-"
    if ns < 1e4:
        return f"{ns / 1e3:.3g} µs"
    if ns < 1e11:
        return f"{ns / 1e6:.3g} ms"
    return f"{ns / 1e9:.3g} s"


def max_rel(a, b, scale=None):
    """max |a - b| relative to `scale` (default: elementwise |b|)."""
    d = np.abs(a - b)
    if scale is None:
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(d == 0, 0.0, d / np.abs(b))
        return float(np.max(r))
    return float(np.max(d) / scale)


def check(results, mismatches, notes):
    """Compares every implementation's result (see the docstring)."""
    def get(key, impl):
        return results.get((key, impl))

    jits = ("numba", "ferrojit")
    # stencil (serial and parallel)
    ref = get("stencil", "slices")
    for key, impl in [(k, i) for k in ("stencil", "stencil_parallel") for i in jits]:
        got = get(key, impl)
        if got is None:
            continue
        if got.shape != ref.shape or got.dtype != ref.dtype:
            mismatches.append(f"{key}: {impl} returns {got.dtype}{got.shape}, expected "
                              f"{ref.dtype}{ref.shape}")
            continue
        border = np.ones(got.shape, bool)
        border[1:-1, 1:-1] = False
        if np.any(got[border] != 0.0):
            mismatches.append(f"{key}: {impl}'s border is not 0 at "
                              f"{int(np.count_nonzero(got[border]))} cells")
        bad = got[1:-1, 1:-1] != ref[1:-1, 1:-1]
        if bad.any():
            i, j = np.argwhere(bad)[0] + 1
            mismatches.append(f"{key}: {impl} differs from the NumPy slices at "
                              f"{int(bad.sum())} interior cells (first [{i}, {j}]: "
                              f"{got[i, j]!r} vs {ref[i, j]!r})")
    step = get("stencil_step", "slices")
    for impl in jits:
        got = get("stencil_step", impl)
        if got is not None and (got.dtype != step.dtype or got.shape != step.shape or not np.array_equal(got, step)):
            mismatches.append(f"stencil_step: {impl} differs from `a + 0.1 * <the NumPy slices>`")
    sp = get("stencil", "reference")
    if sp is not None:
        r = max_rel(sp[1:-1, 1:-1], ref[1:-1, 1:-1])
        if r > 1e-14:
            mismatches.append(f"stencil: scipy.ndimage.convolve's interior differs from the "
                              f"NumPy slices by {r:.1e} (relative)")
        notes.append(f"stencil: scipy.ndimage.convolve's interior within {r:.1e} (relative) of "
                     f"the kernel's order of additions; JITs compared bit for bit")

    # Black-Scholes
    for impl in jits:
        a, b = get("bs_cpu", impl), get("bs_parallel", impl)
        if a is not None and b is not None and not np.array_equal(a, b):
            mismatches.append(f"Black-Scholes: {impl}'s cpu and parallel targets differ at "
                              f"{int((a != b).sum())} options")
    bs = {impl: get("bs_cpu", impl) if get("bs_cpu", impl) is not None else get("bs_parallel", impl)
          for impl in jits}
    bs = {k: v for k, v in bs.items() if v is not None}
    bs_ref = get("bs_cpu", "reference")
    if bs_ref is not None:
        bs["NumPy"] = bs_ref
    if bs:
        scale = float(np.max(np.abs(next(iter(bs.values())))))
        names = list(bs)
        diffs = []
        for x in range(len(names)):
            for y in range(x + 1, len(names)):
                p, q = bs[names[x]], bs[names[y]]
                if p.shape != q.shape:
                    mismatches.append(f"Black-Scholes: {names[x]} {p.shape} vs "
                                      f"{names[y]} {q.shape}")
                    continue
                d = max_rel(p, q, scale)
                ndiff = int((p != q).sum())
                diffs.append(f"{names[x]} vs {names[y]}: {ndiff} differ, max {d:.1e}")
                if not d <= 1e-12:
                    mismatches.append(f"Black-Scholes: {names[x]} and {names[y]} differ by "
                                      f"{d:.1e} of the largest price")
        if diffs:
            notes.append("Black-Scholes prices (max |difference| / largest price): "
                         + "; ".join(diffs))

    # move_mean
    a, b = get("gufunc", "numba"), get("gufunc", "ferrojit")
    if a is not None and b is not None and not np.array_equal(a, b):
        mismatches.append(f"move_mean: numba and ferrojit differ at {int((a != b).sum())} entries "
                          f"(max {float(np.max(np.abs(a - b))):.1e})")
    mref = get("gufunc", "reference")
    for impl in jits:
        got = get("gufunc", impl)
        if got is None or mref is None:
            continue
        if got.shape != mref.shape or not np.allclose(got, mref, rtol=1e-9, atol=1e-12):
            mismatches.append(f"move_mean: {impl} is not within 1e-9 of NumPy's cumulative sums")

    # the 10-element call
    cref = get("call10", "exact")
    for impl in jits:
        got = get("call10", impl)
        if got is not None and not (got.dtype == cref.dtype and np.array_equal(got, cref)):
            mismatches.append(f"ufunc call: {impl} returns {got!r}, expected {cref!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    opts = ap.parse_args()
    samples = 5 if opts.quick else 7
    calls_per_sample = 500 if opts.quick else 2000
    inp = inputs(opts.quick)
    errors, notes, mismatches = {}, [], []
    try:
        import scipy
        scipy_error, scipy_version = None, scipy.__version__
    except Exception as exc:
        scipy_error, scipy_version = error_text(exc), "n/a"
        for key in ("stencil", "stencil_parallel", "stencil_step", "bs_cpu", "bs_parallel"):
            errors[(key, "reference")] = f"SciPy not installed or not importable ({scipy_error})"

    # Implementations: (variant, implementation) -> a no-argument callable.
    calls = {}
    for key, run in references(scipy_error).items():
        calls[(key, "reference")] = (lambda run=run: run(inp))
    versions, threads, first_ms = {}, {}, {}
    for name in ("numba", "ferrojit"):
        try:
            mod = __import__(name)
            versions[name] = getattr(mod, "__version__", "?")
            threads[name] = mod.get_num_threads()
            make = builders(mod, name)
        except Exception as exc:  # ImportError, or a broken extension
            for key, _, _ in VARIANTS:
                errors[(key, name)] = f"not installed or not importable ({error_text(exc)})"
            continue
        for key, _, _ in VARIANTS:
            try:
                t0 = time.perf_counter()
                f = make[key]()
                result = f(inp)  # the first call: compile + warm-up, untimed
                first_ms[(key, name)] = (time.perf_counter() - t0) * 1e3
            except Exception as exc:
                errors[(key, name)] = error_text(exc)
                if not any(i == name for (_, i) in errors if (_, i) != (key, name)):
                    # the first failure of this implementation: where (the error's own text)
                    notes.append(f"{name} failed on {key}:\n" + "\n".join(
                        "    " + ln for ln in traceback.format_exc().rstrip().splitlines()[-8:]))
                continue
            calls[(key, name)] = (lambda f=f: f(inp))

    # Results (the JITs' from their first call above, again: a second call must agree).
    results = {}
    for k, run in list(calls.items()):
        try:
            results[k] = np.array(run(), copy=True)
        except Exception as exc:
            errors[k] = error_text(exc)
            del calls[k]
    if ("bs_cpu", "reference") in calls:  # one reference for both targets
        calls[("bs_parallel", "reference")] = calls[("bs_cpu", "reference")]
    if ("stencil", "reference") in calls:
        calls[("stencil_parallel", "reference")] = calls[("stencil", "reference")]
    results[("stencil", "slices")] = stencil_slices(inp["image"])
    results[("stencil_step", "slices")] = inp["image"] + 0.1 * results[("stencil", "slices")]
    results[("call10", "exact")] = inp["x10"] + inp["y10"]
    check(results, mismatches, notes)

    # Timing: implementations in rounds, every other round in reverse order (so no
    # implementation always runs right after the same other one: a parallel call's
    # threads may still be spinning); one call per sample, or a loop of calls.
    times = {k: [] for k in calls}
    order = list(calls.items())
    for rnd in range(samples):
        for k, run in (order if rnd % 2 == 0 else order[::-1]):
            if k[0] in PER_CALL:
                t0 = time.perf_counter_ns()
                for _ in range(calls_per_sample):
                    run()
                times[k].append((time.perf_counter_ns() - t0) / calls_per_sample)
            else:
                t0 = time.perf_counter_ns()
                run()
                times[k].append(time.perf_counter_ns() - t0)
    med = {k: statistics.median(v) for k, v in times.items() if v}

    img = inp["image"].shape
    print(f"Numba's decorators: @stencil on {img[0]}x{img[1]} float64, @vectorize Black-Scholes "
          f"on {len(inp['S']):.2g} options, @guvectorize move_mean (window {WINDOW}) over "
          f"{inp['rows'].shape[0]} rows of {inp['rows'].shape[1]}, a ufunc call on 10 elements; "
          f"median of {samples}, one call per sample ({calls_per_sample} for the per-call row); "
          f"CPU: {cpu_model()}")
    print(f"Numba {versions.get('numba', 'n/a')}, ferrojit {versions.get('ferrojit', 'n/a')}, "
          f"NumPy {np.__version__}, SciPy {scipy_version}; threads of the parallel target: "
          + ", ".join(f"{k} {v}" for k, v in threads.items()))
    headers = ("variant", "reference", "Numba", "ferrojit", "fj/Numba", "fj/reference")
    table = []

    def cell(k):
        if k in med:
            return fmt_ns(med[k])
        e = errors.get(k)
        return "n/a" if e and "not installed" in e else ("ERROR" if e else "-")

    def ratio(a, b):
        return f"{med[a] / med[b]:.2f}x" if a in med and b in med and med[b] else "-"

    for key, label, ref_name in VARIANTS:
        ref_cell = cell((key, "reference"))
        table.append((label, f"{ref_name} {ref_cell}" if (key, "reference") in med else ref_cell,
                      cell((key, "numba")), cell((key, "ferrojit")),
                      ratio((key, "ferrojit"), (key, "numba")),
                      ratio((key, "ferrojit"), (key, "reference"))))
    widths = [max(len(str(r[i])) for r in [headers, *table]) for i in range(len(headers))]
    for r in [headers, ["-" * w for w in widths], *table]:
        print(str(r[0]).ljust(widths[0]) + "  " +
              "  ".join(str(c).rjust(w) for c, w in zip(r[1:], widths[1:])))
    print("(a ratio <= 1.00x: ferrojit as fast or faster; "
          "the per-call row is the time of one call)")
    checked = sorted({impl for (_, impl) in results if impl in ("numba", "ferrojit")})
    if not mismatches:
        print(f"results agree ({', '.join(checked) or 'no JIT ran'}): stencil bit-identical to "
              "the NumPy slices, Black-Scholes and move_mean within tolerance (see the notes)")
    for m in mismatches:
        print("MISMATCH " + m)
    for name in ("numba", "ferrojit"):
        a, b = med.get(("bs_cpu", name)), med.get(("bs_parallel", name))
        if a and b:
            notes.append(f"Black-Scholes: {name}'s parallel speed-up (cpu time / parallel "
                         f"time) {a / b:.2f}x on {threads.get(name, '?')} threads")
        a, b = med.get(("stencil", name)), med.get(("stencil_parallel", name))
        if a and b:
            notes.append(f"stencil: {name}'s parallel speed-up (serial time / parallel "
                         f"time) {a / b:.2f}x on {threads.get(name, '?')} threads")
    by_error = {}
    for (key, impl), e in errors.items():
        by_error.setdefault((impl, e), []).append(key)
    for (impl, e), keys in by_error.items():
        print(f"{impl} error in {', '.join(keys)}: {e}")
    for name in ("numba", "ferrojit"):
        firsts = [f"{key} {first_ms[(key, name)]:.0f} ms" for key, _, _ in VARIANTS
                  if (key, name) in first_ms]
        if firsts:
            notes.append(f"{name}: decoration + first call (compile included): "
                         + ", ".join(firsts))
    for n in notes:
        print(n)

    if opts.json:
        with open(opts.json, "w") as fh:
            json.dump({"cpu": cpu_model(), "quick": opts.quick, "samples": samples,
                       "calls_per_sample": calls_per_sample, "versions": versions,
                       "threads": threads,
                       "sizes": {"image": list(img), "options": len(inp["S"]),
                                 "rows": list(inp["rows"].shape), "window": WINDOW},
                       "median_ns": {f"{k}/{i}": v for (k, i), v in med.items()},
                       "samples_ns": {f"{k}/{i}": v for (k, i), v in times.items()},
                       "first_call_ms": {f"{k}/{i}": v for (k, i), v in first_ms.items()},
                       "results": {f"{k}/{i}": digest(v) for (k, i), v in results.items()},
                       "errors": {f"{k}/{i}": v for (k, i), v in errors.items()},
                       "mismatches": mismatches, "notes": notes}, fh, indent=1)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
