#!/usr/bin/env python3
"""What bounds checking (on by default, issue 23) costs, in one run: every array kernel
of `make bench` compiled by ferrojit with its checks (the default), by ferrojit with
`boundscheck=False`, and by Numba (whose default is unchecked).

    .venv/bin/python benchmarks/bench_boundscheck.py [--quick] [--json PATH]

Kernels: the seeds' loops (addarr float64 and uint8, pdist_python, build_graph, the
integral-image search, pdist_numpy and softmax), the Mandelbrot grid (bench_mandelbrot),
the @stencil Laplacian and the @guvectorize moving mean (bench_decorators), the plain
@cfunc filter of seed 000 (bench_callbacks; through scipy.ndimage.generic_filter), the
helper-and-lambda kernel (bench_helpers), and a random gather `s += a[idx[k]]` (the one
kind of loop whose indices nothing can prove in range). The unchecked variants are
compiled with FERROJIT_BOUNDSCHECK=0 set while they compile (the variable overrides
the keyword, and reaches the kernels that have no keyword: stencils, gufuncs, callees).

Medians of 10 samples (6 with --quick), each sample a loop of calls lasting about
50 ms; ferrojit's two variants are sampled in rounds (alternating which goes first) so
drift hits them alike, Numba's samples are taken after them (its parallel=True worker
threads spin for a while after a call and would slow whatever runs next). Results of
the variants are compared (bit for bit). "cost" = checked / unchecked time per round (so
that drift cancels), the geometric mean of each two rounds (one in each order, so that
the order's effect cancels), the median of those; the summary gives the geometric mean
over kernels. Kernels whose two variants compile to identical LLVM IR (every check proven away)
are marked "same code". Nothing asserts on a time.
"""

import argparse
import importlib.util
import json
import math
import os
import statistics
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import kernels  # noqa: E402
from bench_library import cpu_model  # noqa: E402


def gather(a, idx):
    s = 0.0
    for k in range(idx.shape[0]):
        s += a[idx[k]]
    return s


def load(name, tag):
    """A private copy of benchmarks/<name>.py (kernels that call each other by global
    name then call the copies compiled alongside them)."""
    spec = importlib.util.spec_from_file_location(f"{name}_{tag}", os.path.join(HERE, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def builders(jit_mod, tag, quick):
    """{kernel: (label, no-argument builder returning callable() -> result)}."""
    np_ = np
    rng = np_.random.default_rng(23)
    n = 250_000 if quick else 1_000_000
    kern = load("kernels", tag)
    kern.numpy()
    dec = load("bench_decorators", tag)
    man = load("bench_mandelbrot", tag)
    hel = load("bench_helpers", tag)
    njit = jit_mod.njit

    x64 = kernels.addarr_inputs(n, np_.float64)
    xu8 = kernels.addarr_inputs(n, np_.uint8)
    pd = kernels.pdist_input(500 if quick else 1000, 3)
    skel = kernels.random_skeleton(256 if quick else 512)
    bg = kernels.build_graph_inputs(skel)
    isearch = kernels.integral_search_inputs((128, 18, 16) if quick else (512, 18, 16))
    sm = kernels.softmax_input(n)
    pdn = kernels.pdist_input(200 if quick else 400, 3)
    w, h = (200, 150) if quick else (400, 300)
    mi = man.inputs(w, h, 200)
    image = rng.random((1000, 1000) if quick else (2000, 2000))
    rows = rng.standard_normal((250 if quick else 1000, 1000))
    ga = rng.random(n)
    gi = rng.integers(0, n, n)
    hx = rng.uniform(-2, 2, n)

    def calling(f, args, result=None):
        """A no-argument runner of dispatcher ``f`` (kept as ``.dispatcher``, to compare
        the code of the variants)."""
        run = (lambda: result(f(*args))) if result else (lambda: f(*args))
        run.dispatcher = f
        return run

    def seeds():
        return {
            "addarr_f64": ("addarr float64", lambda: calling(njit(kern.addarr), x64)),
            "addarr_u8": ("addarr uint8", lambda: calling(njit(kern.addarr), xu8)),
            "pdist": ("pdist_python", lambda: calling(njit(kern.pdist_python), pd)),
            "build_graph": ("build_graph", lambda: calling(njit(kern.build_graph), bg,
                                                           lambda _: (bg[2].copy(), bg[3].copy()))),
            "integral": ("integral search (seed 002)",
                         lambda: calling(kern.seed_integral_search(jit_mod.jit, kern), isearch)),
            "pdist_numpy": ("pdist_numpy", lambda: calling(kern.seed_pdist_numpy(jit_mod.jit), pdn)),
            "softmax": ("softmax (seed 003)", lambda: calling(kern.seed_softmax(jit_mod.jit, kern), sm)),
        }

    def mandel():
        grid = njit(man.mandel_grid)
        man.mandel = njit(man.mandel)
        out = np_.zeros((mi["ys"].shape[0], mi["xs"].shape[0]), np_.int64)
        return calling(grid, (mi["xs"], mi["ys"], mi["max_iter"], out), lambda _: out.copy())

    def stencil():
        dec.laplace5 = jit_mod.stencil(dec.laplace5)
        return calling(njit(dec.apply_laplace5), (image,))

    def gufunc():
        f = jit_mod.guvectorize([dec.MOVE_MEAN_SIG], "(n),()->(n)")(dec.move_mean)
        return lambda: f(rows, dec.WINDOW)

    def cfunc_filter():
        from scipy import ndimage
        cb = load("bench_callbacks", tag)
        callback = cb.make_nbmin(jit_mod)
        small = image[:512, :512]
        return lambda: ndimage.generic_filter(small, callback, footprint=cb.CROSS)

    def helpers():
        if jit_mod.__name__ == "numba":
            f = hel.numba_version(jit_mod)
        else:
            f = njit(hel.with_helpers)
        return calling(f, (hx,))

    def gath():
        return calling(njit(gather), (ga, gi))

    out = seeds()
    out.update({
        "mandelbrot": ("Mandelbrot grid (complex)", mandel),
        "stencil": ("@stencil 5-point", stencil),
        "gufunc": ("@guvectorize move_mean", gufunc),
        "cfunc": ("@cfunc filter (seed 000)", cfunc_filter),
        "helpers": ("helper + lambda in a loop", helpers),
        "gather": ("gather s += a[idx[k]]", gath),
    })
    return out


def build_all(jit_mod, tag, quick, env=None):
    """Compile (and call once: compilation happens there) every kernel, with ``env``
    set in os.environ meanwhile."""
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        built = {}
        for key, (label, build) in builders(jit_mod, tag, quick).items():
            try:
                run = build()
                result = run()
                built[key] = (label, run, result, None)
            except Exception as exc:  # a kernel a JIT cannot compile: reported, not fatal
                built[key] = (label, None, None, f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
        return built
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def same(a, b):
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def close(a, b):
    """Numba's results may differ from ferrojit's in the last bits (other libm, other
    order of additions): within 1e-12 relative."""
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    try:
        return bool(np.allclose(a, b, rtol=1e-12, atol=0, equal_nan=True))
    except TypeError:
        return a == b


def code_of(run):
    """The optimised LLVM IR of a runner's dispatcher (ferrojit's), or None."""
    d = getattr(run, "dispatcher", None)
    try:
        return "\n".join(d.inspect_llvm().values()) if d is not None and hasattr(d, "inspect_llvm") else None
    except Exception:
        return None


def calibrate(run, target_s=0.05):
    """Calls per sample: enough for ~50 ms (from the fastest of 3 timed calls; a single
    first call of a kernel that allocates megabytes pays page faults the later ones do
    not, and samples of a few calls then mostly measure the allocator)."""
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return max(1, int(target_s / max(min(times), 1e-7)))


def sample(run, number):
    t0 = time.perf_counter_ns()
    for _ in range(number):
        run()
    return (time.perf_counter_ns() - t0) / number


def fmt(ns):
    if ns is None:
        return "-"
    if ns >= 1e6:
        return f"{ns / 1e6:.3g} ms"
    return f"{ns / 1e3:.3g} µs"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json")
    opts = ap.parse_args()
    repeats = 6 if opts.quick else 10  # (even: rounds go in pairs, one in each order)

    import ferrojit
    variants = {
        "checked": build_all(ferrojit, "fj_on", opts.quick),
        "unchecked": build_all(ferrojit, "fj_off", opts.quick, {"FERROJIT_BOUNDSCHECK": "0"}),
    }
    numba_error = None
    try:
        import numba
        variants["numba"] = build_all(numba, "nb", opts.quick)
    except Exception as exc:
        numba_error = f"{type(exc).__name__}: {exc}"

    keys = list(variants["checked"])
    results = {}
    mismatches = []
    for key in keys:
        label = variants["checked"][key][0]
        runs = {v: variants[v][key][1] for v in variants if variants[v][key][1] is not None}
        errors = {v: variants[v][key][3] for v in variants if variants[v][key][3]}
        on, off = variants["checked"][key][2], variants["unchecked"][key][2]
        if "checked" in runs and "unchecked" in runs and not same(on, off):
            mismatches.append(f"{key}: checked and unchecked results differ")
        if "numba" in runs and "checked" in runs and not close(on, variants["numba"][key][2]):
            mismatches.append(f"{key}: Numba's result differs from ferrojit's")
        numbers = {v: calibrate(r) for v, r in runs.items()}
        samples = {v: [] for v in runs}
        # ferrojit's two variants in rounds, in alternating order; Numba after them (its
        # parallel=True workers keep spinning for a while after a call, which would slow
        # down whatever runs next)
        pair = [v for v in ("checked", "unchecked") if v in runs]
        for k in range(repeats):
            for v in (pair if k % 2 == 0 else pair[::-1]):
                samples[v].append(sample(runs[v], numbers[v]))
        for v in runs:
            if v not in pair:
                samples[v] = [sample(runs[v], numbers[v]) for _ in range(repeats)]
        med = {v: statistics.median(s) for v, s in samples.items()}
        # the cost: per round the ratio of the two variants (sampled back to back, so
        # drift on a shared machine cancels); the geometric mean of each two rounds
        # (one in each order: whichever runs second in a round inherits the first's
        # memory state, which can move a kernel that allocates 8 MB by +-40%); their median
        cost = None
        if "checked" in samples and "unchecked" in samples:
            r = [a / b for a, b in zip(samples["checked"], samples["unchecked"])]
            cost = statistics.median(math.sqrt(r[k] * r[k + 1]) for k in range(0, len(r) - 1, 2))
        on_code = code_of(runs.get("checked"))
        identical = on_code is not None and on_code == code_of(runs.get("unchecked"))
        results[key] = {"label": label, "median_ns": med, "samples_ns": samples, "errors": errors,
                        "cost": cost, "same_code": identical}

    print(f"Bounds checks on by default: ferrojit checked (the default) vs boundscheck=False vs "
          f"Numba (unchecked, its default); medians of {repeats}; CPU: {cpu_model()}")
    print(f"ferrojit {ferrojit.__version__}" + (f", Numba {numba.__version__}" if numba_error is None else
                                                f"; Numba not run ({numba_error})"))
    head = f"{'kernel':<28} {'checked':>9} {'unchecked':>9} {'Numba':>9} {'cost':>7} {'vs Numba':>8}"
    print(head)
    print("-" * len(head))
    costs = []
    for key, r in results.items():
        m = r["median_ns"]
        on, off, nb = m.get("checked"), m.get("unchecked"), m.get("numba")
        cost = r["cost"]
        vs = on / nb if on and nb else None
        if cost:
            costs.append(cost)
        r["vs_numba"] = vs
        print(f"{r['label']:<28} {fmt(on):>9} {fmt(off):>9} {fmt(nb):>9} "
              f"{(f'{cost:.3f}x' if cost else '-'):>7} {(f'{vs:.2f}x' if vs else '-'):>8}"
              + ("  (same code)" if r["same_code"] else "")
              + (f"  ({'; '.join(f'{v}: {e}' for v, e in r['errors'].items())})" if r["errors"] else ""))
    geo = math.exp(sum(math.log(c) for c in costs) / len(costs)) if costs else None
    # the same with kernels whose two variants are identical code counted as 1.0
    code_costs = [1.0 if r["same_code"] else r["cost"] for r in results.values() if r["cost"]]
    geo_code = math.exp(sum(math.log(c) for c in code_costs) / len(code_costs)) if code_costs else None
    worst = max(((k, r) for k, r in results.items() if not r["same_code"]), key=lambda kv: kv[1]["cost"] or 0)
    print("cost = median over pairs of rounds of checked/unchecked time; \"same code\": both variants compiled to "
          "identical LLVM IR (no check left), so their difference is the machine's noise")
    print(f"geometric mean cost of the checks: {geo:.3f}x as measured over {len(costs)} kernels, "
          f"{geo_code:.3f}x with the same-code kernels at 1.00x; largest where the code differs: "
          f"{worst[1]['label']} {worst[1]['cost']:.3f}x (target: geo-mean <= 1.02x, none above 1.05x "
          f"but gathers, those <= 1.10x)")
    for m in mismatches:
        print("MISMATCH:", m)
    if opts.json:
        with open(opts.json, "w") as fh:
            json.dump({"cpu": cpu_model(), "repeats": repeats, "geo_mean_cost": geo,
                       "geo_mean_cost_same_code_as_1": geo_code, "kernels": results,
                       "mismatches": mismatches}, fh, indent=1, default=str)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
