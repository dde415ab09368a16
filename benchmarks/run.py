#!/usr/bin/env python3
"""ferrojit vs Numba vs CPython, side by side in one run (`make bench`).

    .venv/bin/python benchmarks/run.py [--quick] [--only ITEM[,ITEM...]] [--json PATH]

Items (see docs/benchmarks.md for what each one measures):
    import      `import ferrojit` vs `import numba`, each in a fresh interpreter
    firstcall   decorate + first call of fib (compile included), fresh interpreter
    firstcall_arrays
                the same for seed 000's addarr (1e6 float64) and seed 001's pdist_python
                (1000x3), each in its own fresh interpreter
    steady      fib(90), sum 1/(i*i) at n=1e7, Collatz at n=1e5: CPython, Numba, ferrojit
    arrays      addarr (1e6 float64 and uint8) next to NumPy's `a + b`, pdist_python
                (1000x3) next to the same loops in C (gcc -O3 -march=native
                -ffp-contract=off), skan's build_graph on a 512x512 skeleton:
                CPython, Numba, ferrojit
    overhead    ns per call of `def ident(x): return x`
    nogil       4 runs of a nogil=True kernel, serially vs on 2 threads
    firstcall_exprs
                first calls (compile included, each in a fresh interpreter) of the
                array-expression seeds below, decorated as the seeds decorate them
    array_exprs seed 001's pdist_numpy (1000x3) as jit(pdist_numpy) next to plain NumPy;
                seed 002's integral-image search on a (512, 18, 16) feature map (both
                functions under jit(nopython=True, nogil=True)) next to CPython and the
                same loops in C (gcc -O3 -march=native -ffp-contract=off); seed
                003's softmax (1e7 float64, its signatures and parallel=True) next to
                NumPy's np.exp(z) / np.sum(np.exp(z)): Numba, ferrojit
    helpers     benchmarks/bench_helpers.py (a plain helper and a lambda in a loop vs inline)
    mandelbrot  benchmarks/bench_mandelbrot.py (Mandelbrot escape counts with Python complex
                numbers: ferrojit and Numba on the same source, a vectorised NumPy version)
    decorators  benchmarks/bench_decorators.py (Numba's @stencil, @vectorize and @guvectorize:
                a 5-point stencil next to scipy.ndimage.convolve, a Black-Scholes ufunc
                with both targets next to a NumPy expression, a guvectorize moving mean,
                a ufunc call on 10 elements: ferrojit and Numba on the same source)
    lists       benchmarks/bench_lists.py (lists in compiled code: append and sum, a
                filtering comprehension, str.split, sort; against CPython, Numba, NumPy)
    dicts       benchmarks/bench_dicts.py (dicts in compiled code: int-key counting, membership
                tests, a str-key word count, inserts with deletions; against CPython, Numba)
    boundscheck benchmarks/bench_boundscheck.py (what bounds checks, on by default, cost:
                every array kernel above checked vs boundscheck=False vs Numba)
    vecmath     benchmarks/bench_vecmath.py (vector math: np.exp, log, sin, cos, tanh, ...
                of 1e6 float64 and float32 next to NumPy and Numba; seed 003's softmax
                at 1e6 and 1e7, float64 and float32)
    parallel    benchmarks/bench_parallel.py (parallel=True / prange: a reduction, a pdist,
                uneven rows, the cost of an empty region; ferrojit serial and parallel
                next to Numba's parallel=True)
    cache       benchmarks/bench_cache.py (cache=True in a fresh process: import + first
                calls of cached kernels over `import numpy`, ferrojit next to Numba)
    library     benchmarks/bench_library.py (NumPy functions written in Python and
                compiled by ferrojit, against the same work written by hand, NumPy, Numba)
    callbacks   benchmarks/bench_callbacks.py (SciPy LowLevelCallable callbacks: cfuncs
                in ndi.generic_filter and integrate.quad), run as a subprocess; its own
                table is printed after this one

Every figure is a median over repeats, timed with time.perf_counter_ns. Nothing here
asserts on a timing: the table shows ratios next to the project's targets, and the full
data goes to benchmarks/results.json. A JIT that is missing or fails on a kernel is
reported in its column, and the rest of the run goes on.
"""

import argparse
import ctypes
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import kernels  # noqa: E402  (needs the sys.path line above when run from elsewhere)

IMPLS = ("cpython", "numba", "ferrojit")
ITEMS = ("import", "firstcall", "firstcall_arrays", "firstcall_exprs", "steady", "arrays",
         "array_exprs", "overhead", "nogil", "callbacks", "library", "helpers", "mandelbrot",
         "decorators", "lists", "boundscheck", "vecmath", "parallel", "cache")

# The project's goals. Used only to print "met"/"missed" next to a ratio.
TARGET_IMPORT_NS = 50e6
TARGET_FIRST_CALL_NS = 30e6
TARGET_FIRST_ARRAY_CALL_NS = 50e6
TARGET_ADDARR_F64 = 1.0  # ferrojit time / NumPy's `a + b` time
TARGET_ADDARR_U8 = 1.2
TARGET_PDIST_VS_C = 1.05  # ferrojit time / the C loops' time
TARGET_FIRST_EXPR_CALL_NS = 100e6  # first call of an array-expression seed
TARGET_PDIST_NUMPY_NS = 3e6  # jit(pdist_numpy) on 1000x3
TARGET_INTEGRAL_SEARCH_NS = 4e6  # seed 002's search on a (512, 18, 16) feature map
TARGET_SOFTMAX_VS_NUMPY = 1.0  # ferrojit (one thread) / NumPy's exp(z) / sum(exp(z))
NOISE = 1.05  # ratios within 5% of a target count as "close" on this noisy machine


# --------------------------------------------------------------------------- settings


class Settings:
    def __init__(self, quick):
        self.quick = quick
        self.cold_runs = 3 if quick else 5  # fresh processes per cold measurement
        self.repeats = 3 if quick else 7  # samples per in-process measurement
        self.min_sample_ns = 20e6 if quick else 50e6  # one sample of a fast call loop
        self.cpython_budget_ns = 1.5e9 if quick else 4e9  # stop slow CPython runs early
        self.fib_n = 90
        self.sum_n = 10**6 if quick else 10**7
        self.collatz_n = 10**4 if quick else 10**5
        self.nogil_n = 5 * 10**6 if quick else 4 * 10**7
        self.nogil_tasks = 4
        self.nogil_workers = 2
        self.nogil_repeats = 3 if quick else 5
        self.addarr_n = 10**6
        self.pdist_n = 300 if quick else 1000
        self.pdist_p = 3
        self.skeleton_size = 512
        self.array_cpython_budget_ns = 1e9 if quick else 3e9
        # Array expressions. pdist_numpy and the search keep the seeds' sizes with
        # --quick too (they have no slow CPython run, and their targets are absolute).
        self.pdist_numpy_n = 1000
        self.feature_shape = (512, 18, 16)
        self.softmax_n = 10**6 if quick else 10**7
        self.expr_cold_runs = 2 if quick else 3  # Numba's cold start: seconds per process
        self.callbacks_timeout = 600


# --------------------------------------------------------------------------- results


class Cell:
    """One implementation's figure for one row: a median (ns, or a plain ratio for
    speed-up rows), its samples, the value the kernel returned, or an error."""

    def __init__(self, median=None, samples=None, result=None, error=None, extra=None):
        self.median = median
        self.samples = samples or []
        self.result = result
        self.error = error
        self.extra = extra or {}

    def to_json(self):
        out = {"median": self.median, "samples": self.samples}
        if self.result is not None:
            out["result"] = self.result
        if self.error is not None:
            out["error"] = self.error
        out.update(self.extra)
        return out


class Row:
    """kind: "time" (lower is better, ratio = ferrojit / Numba) or "speedup"."""

    def __init__(self, key, label, kind="time", target=None, check_results=True, ref=None):
        self.key = key
        self.label = label
        self.kind = kind
        self.target = target  # callable(row) -> (text, status) or None
        self.check_results = check_results
        self.ref = ref  # name of a reference implementation's cell ("NumPy", "C"), if any
        self.cells = {}

    def ref_ratio(self):
        """ferrojit time / the reference implementation's time (NumPy, C)."""
        fj, ref = self.cells.get("ferrojit"), self.cells.get(self.ref)
        if not self.ref or not fj or not ref or fj.median is None or not ref.median:
            return None
        return fj.median / ref.median

    def ratio(self):
        fj, nb = self.cells.get("ferrojit"), self.cells.get("numba")
        if not fj or not nb or fj.median is None or nb.median is None or nb.median == 0:
            return None
        return fj.median / nb.median

    def speedup_vs_cpython(self):
        fj, py = self.cells.get("ferrojit"), self.cells.get("cpython")
        if self.kind != "time" or not fj or not py or not fj.median or py.median is None:
            return None
        return py.median / fj.median

    def mismatch(self):
        """Return a description if the implementations returned different values."""
        if not self.check_results:
            return None
        results = {k: c.result for k, c in self.cells.items() if c.result is not None}
        if len(set(map(repr, results.values()))) > 1:
            return ", ".join(f"{k}={v!r}" for k, v in results.items())
        return None

    def to_json(self):
        return {
            "label": self.label,
            "kind": self.kind,
            "cells": {k: c.to_json() for k, c in self.cells.items()},
            "ferrojit_over_numba": self.ratio(),
            "cpython_over_ferrojit": self.speedup_vs_cpython(),
            "reference": self.ref,
            "ferrojit_over_reference": self.ref_ratio(),
            "target": self.target(self)[0] if self.target else None,
            "target_status": self.target(self)[1] if self.target else None,
            "mismatch": self.mismatch(),
        }


def absolute_target(limit_ns, text):
    def judge(row):
        fj = row.cells.get("ferrojit")
        if not fj or fj.median is None:
            return text, "n/a"
        return text, "met" if fj.median < limit_ns else "missed"

    return judge


def vs_numba_target(text):
    def judge(row):
        r = row.ratio()
        if r is None:
            return text, "n/a"
        if r <= 1.0:
            return text, "met"
        return text, "close" if r <= NOISE else "missed"

    return judge


def vs_reference_target(limit, text):
    """Judge ferrojit's time against the row's reference (NumPy, C): met when
    ferrojit / reference <= limit, close when within the noise of that."""
    def judge(row):
        r = row.ref_ratio()
        if r is None:
            return text, "n/a"
        if r <= limit:
            return text, "met"
        return text, "close" if r <= limit * NOISE else "missed"

    return judge


def error_text(exc):
    lines = [ln for ln in str(exc).strip().splitlines() if ln.strip()]
    head = lines[0] if lines else ""
    more = f" (+{len(lines) - 1} lines)" if len(lines) > 1 else ""
    return f"{type(exc).__name__}: {head}{more}"


# --------------------------------------------------------------------------- JITs


class Jit:
    """A compiler under test, imported into this process (both live side by side)."""

    def __init__(self, name):
        self.name = name
        self.module = None
        self.error = None
        self.version = None
        try:
            self.module = __import__(name)
            self.version = getattr(self.module, "__version__", "?")
        except Exception as exc:  # ImportError, or a broken extension
            self.error = f"{name} not installed or not importable ({error_text(exc)})"

    @property
    def ok(self):
        return self.module is not None

    def compile(self, fn, **options):
        njit = self.module.njit
        return njit(**options)(fn) if options else njit(fn)

    @property
    def jit(self):
        """The JIT's `jit` decorator, for kernels decorated as a seed decorates them."""
        return self.module.jit


class PythonImpl:
    """CPython itself, with the same interface as Jit."""

    name = "cpython"
    ok = True
    error = None
    version = platform.python_version()

    jit = None  # kernels.seed_*(None) give the plain functions

    def compile(self, fn, **options):
        return fn


# --------------------------------------------------------------------------- timing


def median(xs):
    return statistics.median(xs) if xs else None


def call_loop_ns(fn, arg, number):
    it = itertools.repeat(arg, number)
    t0 = time.perf_counter_ns()
    for x in it:
        fn(x)
    return time.perf_counter_ns() - t0


def empty_loop_ns(arg, number):
    it = itertools.repeat(arg, number)
    t0 = time.perf_counter_ns()
    for x in it:
        pass
    return time.perf_counter_ns() - t0


def per_call_samples(fn, arg, s):
    """ns per call of fn(arg): a call loop sized to >= s.min_sample_ns, repeated."""
    number = 1
    while True:  # calibration doubles as warm-up
        t = call_loop_ns(fn, arg, number)
        if t >= s.min_sample_ns or number >= 1 << 26:
            break
        number *= 2 if t * 8 > s.min_sample_ns else 8
    return [call_loop_ns(fn, arg, number) / number for _ in range(s.repeats)], number


def single_call_samples(fn, arg, repeats, budget_ns):
    """Time whole calls of a long-running fn(arg); stop early once budget_ns is spent."""
    samples, result = [], None
    start = time.perf_counter_ns()
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        result = fn(arg)
        samples.append(time.perf_counter_ns() - t0)
        if time.perf_counter_ns() - start > budget_ns:
            break
    return samples, result


def loop0_ns(run, number):
    """Time `number` calls of the no-argument callable run()."""
    it = itertools.repeat(None, number)
    t0 = time.perf_counter_ns()
    for _ in it:
        run()
    return time.perf_counter_ns() - t0


def calibrate0(run, s):
    """How many calls of run() make one sample of >= s.min_sample_ns (also warms up)."""
    number = 1
    while True:
        t = loop0_ns(run, number)
        if t >= s.min_sample_ns or number >= 1 << 26:
            return number
        number *= 2 if t * 8 > s.min_sample_ns else 8


def run_child(args, timeout=300):
    cmd = [sys.executable, os.path.join(HERE, "_child.py"), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=HERE)
    if proc.returncode != 0:
        tail = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()][-3:]
        raise RuntimeError(" | ".join(tail) or f"exit status {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- items


def bench_import(jits, s, rows, notes):
    row = Row("import", "import (fresh process)",
              target=absolute_target(TARGET_IMPORT_NS, "< 50 ms"), check_results=False)
    numpy_row = {"samples": [], "error": None}
    per_jit = {j.name: {"samples": [], "numpy": None, "error": j.error} for j in jits}
    # Rounds alternate the modules, so slow drift on the machine hits all of them alike.
    for _ in range(s.cold_runs):
        for j in jits:
            st = per_jit[j.name]
            if st["error"]:
                continue
            try:
                out = run_child(["import", j.name])
                st["samples"].append(out["ns"])
                st["numpy"] = out["numpy_loaded"]
            except Exception as exc:
                st["error"] = error_text(exc)
        if numpy_row["error"] is None:
            try:
                numpy_row["samples"].append(run_child(["import", "numpy"])["ns"])
            except Exception as exc:
                numpy_row["error"] = error_text(exc)
    for name, st in per_jit.items():
        row.cells[name] = Cell(median(st["samples"]), st["samples"], error=st["error"],
                               extra={"loads_numpy": st["numpy"]})
    rows.append(row)
    if numpy_row["samples"]:
        fj = per_jit.get("ferrojit", {})
        pulls = {True: "yes", False: "no", None: "?"}[fj.get("numpy")]
        notes.append(f"for scale: `import numpy` alone takes {fmt_ns(median(numpy_row['samples']))}"
                     f" in a fresh process; `import ferrojit` imports numpy: {pulls}")
    return {"numpy_import": numpy_row}


def bench_firstcall(jits, s, rows, notes):
    cold = Row("firstcall", "first call fib(10), compile incl. (fresh process)",
               target=absolute_target(TARGET_FIRST_CALL_NS, "< 30 ms"), check_results=True)
    warm = Row("warm_compile", "  first call of a 2nd function (warm process)",
               check_results=False)
    for j in jits:
        if not j.ok:
            cold.cells[j.name] = Cell(error=j.error)
            warm.cells[j.name] = Cell(error=j.error)
            continue
        firsts, warms, err, result = [], [], None, None
        for _ in range(s.cold_runs):
            try:
                out = run_child(["firstcall", j.name])
            except Exception as exc:
                err = error_text(exc)
                break
            firsts.append(out["first_call_ns"])
            warms.append(out["warm_compile_ns"])
            result = out["result"]
        cold.cells[j.name] = Cell(median(firsts), firsts, result=result, error=err)
        warm.cells[j.name] = Cell(median(warms), warms, error=err)
    cold.cells["cpython"] = Cell(result=kernels.fib(10))
    rows.extend([cold, warm])


def bench_firstcall_arrays(jits, s, rows, notes):
    """First calls of the array kernels, each kernel and JIT in its own fresh process."""
    specs = [
        ("addarr", f"first call addarr(float64 {fmt_n(s.addarr_n)}), fresh process", s.addarr_n),
        ("pdist", f"first call pdist_python({s.pdist_n}x{s.pdist_p}), fresh process",
         s.pdist_n),
    ]
    firstcall_rows(jits, specs, s.cold_runs, TARGET_FIRST_ARRAY_CALL_NS, "< 50 ms", rows, notes)


def bench_firstcall_exprs(jits, s, rows, notes):
    """First calls of the array-expression seeds, decorated as the seeds do (`jit`,
    seed 002's and 003's options and signatures), each in its own fresh process."""
    shape = "x".join(map(str, s.feature_shape))
    specs = [
        ("pdist_numpy", f"first call jit(pdist_numpy)({s.pdist_numpy_n}x3), fresh process",
         s.pdist_numpy_n),
        ("integral_search", f"first call integral search ({shape}), fresh process", None),
        ("softmax", f"first call softmax({fmt_n(s.softmax_n)}), fresh process", s.softmax_n),
    ]
    firstcall_rows(jits, specs, s.expr_cold_runs, TARGET_FIRST_EXPR_CALL_NS, "< 100 ms",
                   rows, notes)


def firstcall_rows(jits, specs, runs, limit_ns, target_text, rows, notes):
    """One row per (key, label, size) in specs: `_child.py firstcall_array JIT key
    [size]`, `runs` fresh processes per JIT and kernel."""
    state = {(j.name, key): {"first": [], "second": [], "result": None, "error": j.error}
             for j in jits for key, _, _ in specs}
    for _ in range(runs):  # rounds alternate JITs and kernels, as for `import`
        for key, _, size in specs:
            for j in jits:
                st = state[(j.name, key)]
                if st["error"]:
                    continue
                try:
                    out = run_child(["firstcall_array", j.name, key]
                                    + ([str(size)] if size is not None else []))
                except Exception as exc:
                    st["error"] = error_text(exc)
                    continue
                st["first"].append(out["first_call_ns"])
                st["second"].append(out["second_call_ns"])
                st["result"] = out["result"]
    for key, label, _ in specs:
        row = Row("firstcall_" + key, label, target=absolute_target(limit_ns, target_text))
        for j in jits:
            st = state[(j.name, key)]
            row.cells[j.name] = Cell(median(st["first"]), st["first"], result=st["result"],
                                     error=st["error"],
                                     extra={"second_call_ns": st["second"],
                                            "second_call_median_ns": median(st["second"])})
        rows.append(row)
        seconds = [f"{j.name} {fmt_ns(row.cells[j.name].extra['second_call_median_ns'])}"
                   for j in jits if row.cells[j.name].extra["second_call_median_ns"]]
        if seconds:
            notes.append(f"{key}: the second call in the same fresh process (no compile; "
                         f"first touch of new memory) takes " + ", ".join(seconds))


C_FLAGS = ["-O3", "-march=native", "-ffp-contract=off"]  # see benchmarks/pdist.c
# A second build of integral_search.c, timed as a note: what relaxing float semantics buys.
C_FAST_MATH_FLAGS = ["-O3", "-march=native", "-ffast-math"]


def compile_c(tmpdir, source, flags, what):
    """Compile benchmarks/<source>.c with gcc into a shared library in tmpdir and load it
    with ctypes; return (the library, the compile command as text). `what` names the
    row in the error raised when there is no gcc."""
    cc = shutil.which("gcc")
    if cc is None:
        raise RuntimeError(f"gcc not found on PATH: no C reference for {what}")
    so = os.path.join(tmpdir, f"{source}{len(os.listdir(tmpdir))}.so")
    cmd = [cc, *flags, "-shared", "-fPIC", "-o", so, os.path.join(HERE, f"{source}.c"), "-lm"]
    text = " ".join(["gcc", *flags, "-shared", "-fPIC", "-o", f"{source}.so", f"{source}.c",
                     "-lm"])
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{text} failed: {proc.stderr.strip()[-300:]}")
    return ctypes.CDLL(so), text


def build_c_pdist(tmpdir, flags=C_FLAGS):
    """Compile benchmarks/pdist.c into tmpdir; return (pdist(xs) -> D, the library, the
    compile command as text)."""
    import numpy as np

    lib, text = compile_c(tmpdir, "pdist", flags, "pdist")
    i64, ptr = ctypes.c_int64, ctypes.c_void_p
    lib.pdist.argtypes = [ptr, i64, i64, ptr]
    lib.pdist.restype = None
    lib.pdist_timed.argtypes = [ptr, i64, i64, i64, ptr]
    lib.pdist_timed.restype = ctypes.c_double

    def c_pdist(xs):
        # Called like the JITs are: a Python call that allocates the n x n result (with
        # NumPy's allocator) and returns it. xs is the C-contiguous float64 input.
        n, p = xs.shape
        D = np.empty((n, n), dtype=np.float64)
        lib.pdist(xs.ctypes.data, n, p, D.ctypes.data)
        return D

    return c_pdist, lib, text


def c_timed_inside(lib, xs, reps):
    """pdist_timed(): the C loops alone (into a buffer allocated once), timed with
    clock_gettime inside C; ns per repetition."""
    n, p = xs.shape
    ns = (ctypes.c_int64 * reps)()
    lib.pdist_timed(xs.ctypes.data, n, p, reps, ns)
    return list(ns)


def build_c_integral_search(tmpdir, flags=C_FLAGS):
    """Compile benchmarks/integral_search.c into tmpdir; return
    (search(integral_image, query_descriptor, query_ratio) -> (best score, (y1, x1, y2,
    x2)), the library, the compile command as text)."""
    import numpy as np

    lib, text = compile_c(tmpdir, "integral_search", flags, "the integral search")
    i64, ptr, f64 = ctypes.c_int64, ctypes.c_void_p, ctypes.c_double
    lib.integral_search.argtypes = [ptr, i64, i64, i64, ptr, f64, ptr]
    lib.integral_search.restype = f64
    lib.integral_search_timed.argtypes = [ptr, i64, i64, i64, ptr, f64, i64, ptr, ptr]
    lib.integral_search_timed.restype = f64

    def c_search(ii, q, ratio):
        # Called like the JITs are: one Python call, returning (score, window).
        check_search_inputs(ii, q)
        pos = np.empty(4, dtype=np.int64)
        best = lib.integral_search(ii.ctypes.data, *ii.shape, q.ctypes.data, float(ratio),
                                   pos.ctypes.data)
        if pos[0] < 0:  # the seed raises UnboundLocalError (best_position never set)
            raise ValueError("no window passes the ratio test" if best == float("inf")
                             else "out of memory")
        return best, tuple(int(v) for v in pos)

    return c_search, lib, text


def check_search_inputs(ii, q):
    """integral_search.c reads a C-contiguous float64 (C, Y, X) image and C query values."""
    import numpy as np

    if (ii.ndim != 3 or ii.dtype != np.float64 or not ii.flags.c_contiguous
            or q.shape != ii.shape[:1] or q.dtype != np.float64 or not q.flags.c_contiguous):
        raise TypeError("integral_search.c needs a C-contiguous float64 (C, Y, X) image "
                        "and a C-contiguous float64 query of length C")


def c_search_timed_inside(lib, ii, q, ratio, reps):
    """integral_search_timed(): the C search alone, timed with clock_gettime inside C;
    (ns per repetition, best score, window)."""
    import numpy as np

    check_search_inputs(ii, q)
    ns = (ctypes.c_int64 * reps)()
    pos = np.empty(4, dtype=np.int64)
    best = lib.integral_search_timed(ii.ctypes.data, *ii.shape, q.ctypes.data, float(ratio),
                                     reps, ns, pos.ctypes.data)
    return list(ns), best, tuple(int(v) for v in pos)


def addarr_scale(args, s):
    """What `a + b` and addarr are made of: allocating a zeroed result, and the adds
    into an existing array."""
    import numpy as np

    a, b = args
    out = np.empty_like(a)
    parts = [("np.zeros_like(a)", lambda: np.zeros_like(a)),
             ("np.empty_like(a)", lambda: np.empty_like(a)),
             ("np.add(a, b, out=existing)", lambda: np.add(a, b, out=out))]
    text = []
    for label, run in parts:
        number = calibrate0(run, s)
        text.append(f"{label} {fmt_ns(median([loop0_ns(run, number) / number for _ in range(s.repeats)]))}")
    return ", ".join(text)


def bench_arrays(impls, s, rows, notes):
    """Seed kernels on arrays: CPython, a reference (NumPy or C) where there is one,
    Numba, ferrojit. The compiled implementations and the reference are sampled in
    rounds (one sample of each per round), so drift on the machine hits them alike."""
    import numpy as np

    kernels.numpy()
    tmpdir = tempfile.mkdtemp(prefix="ferrojit-bench-")
    c_lib = None
    c_fma_lib = None
    try:
        c_pdist, c_lib, c_cmd = build_c_pdist(tmpdir)
        c_error = None
        # The same file with the flags alone (gcc then fuses multiply-adds): timed as a note.
        _, c_fma_lib, c_fma_cmd = build_c_pdist(tmpdir, [f for f in C_FLAGS
                                                         if f != "-ffp-contract=off"])
    except Exception as exc:
        if c_lib is None:
            c_pdist = None
            c_error = error_text(exc)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)  # the loaded library stays mapped

    n, pn, size = s.addarr_n, s.pdist_n, s.skeleton_size
    skeleton = kernels.random_skeleton(size)
    cases = [
        dict(key="addarr_f64", label=f"addarr float64, n={fmt_n(n)}", fn=kernels.addarr,
             inputs=lambda: kernels.addarr_inputs(n, np.float64),
             ref="NumPy", ref_fn=lambda a, b: a + b, scale=addarr_scale,
             target=vs_reference_target(TARGET_ADDARR_F64, "<= NumPy")),
        dict(key="addarr_u8", label=f"addarr uint8, n={fmt_n(n)}", fn=kernels.addarr,
             inputs=lambda: kernels.addarr_inputs(n, np.uint8),
             ref="NumPy", ref_fn=lambda a, b: a + b, scale=addarr_scale,
             target=vs_reference_target(TARGET_ADDARR_U8, f"<= {TARGET_ADDARR_U8}x NumPy")),
        dict(key="pdist", label=f"pdist_python {pn}x{s.pdist_p}", fn=kernels.pdist_python,
             inputs=lambda: kernels.pdist_input(pn, s.pdist_p),
             ref="C", ref_fn=c_pdist, ref_error=c_error,
             # CPython's s**0.5 on a NumPy float64 calls libm's pow(); both JITs (and
             # LLVM's rules) compute it as sqrt(s), the exactly rounded value. pow() is
             # off by one ulp now and then, so CPython is compared with a tolerance.
             cpython_exact=False,
             target=vs_reference_target(TARGET_PDIST_VS_C, f"<= {TARGET_PDIST_VS_C}x C")),
        dict(key="build_graph", label=f"build_graph, {size}x{size} skeleton",
             fn=kernels.build_graph, inputs=lambda: kernels.build_graph_inputs(skeleton),
             outputs=lambda args, ret: args[2:],  # fills row and col, returns None
             target=vs_numba_target("<= Numba")),
    ]
    extra = {"skeleton": {"shape": list(skeleton.shape), "pixels": int(skeleton.sum()),
                          "edges": int(kernels.degrees(skeleton).sum())}}
    if c_lib is not None:
        extra["c_compile"] = c_cmd
    else:
        notes.append(f"pdist: no C reference ({c_error})")

    run_array_cases(cases, impls, s, rows, notes)

    # pdist's C kernel alone, timed inside C (malloc + loops + free per repetition).
    if c_lib is not None:
        xs = kernels.pdist_input(pn, s.pdist_p)[0]
        reps = max(5, s.repeats)
        inner = c_timed_inside(c_lib, xs, reps)
        extra["c_pdist_timed_inside_c_ns"] = inner
        notes.append(f"pdist: C column = `{c_cmd}`, called through ctypes from Python "
                     f"with the result allocated by np.empty, as the JITs allocate theirs; "
                     f"the C loops alone, timed inside C (into a reused buffer): "
                     f"{fmt_ns(median(inner))}")
        if c_fma_lib is not None:
            fused = c_timed_inside(c_fma_lib, xs, reps)
            extra["c_pdist_fused_multiply_add_inside_c_ns"] = fused
            extra["c_compile_fused"] = c_fma_cmd
            notes.append(f"pdist: built without -ffp-contract=off, gcc fuses `s += tmp * tmp`"
                         f" into FMAs (results then differ in the last bit): "
                         f"{fmt_ns(median(fused))} inside C")
    notes.append(f"build_graph: {extra['skeleton']['pixels']} skeleton pixels, "
                 f"{extra['skeleton']['edges']} row/col entries, image "
                 f"{extra['skeleton']['shape'][0]}x{extra['skeleton']['shape'][1]} (padded)")
    return extra


def run_array_cases(cases, impls, s, rows, notes):
    """Run array cases (dicts, see bench_arrays and bench_array_exprs) and add one row
    each. Every implementation gets fresh inputs and is called once untimed (compile,
    warm-up, result); CPython then runs whole calls within its budget, and the
    compiled implementations and the reference are sampled in rounds.

    Keys: key, label, target, inputs() -> args; fn (compiled with impl.compile) or
    build(impl) -> callable (impl.jit is the JIT's `jit`, None for CPython); ref, ref_fn,
    ref_error: a reference implementation; outputs(args, ret) -> the arrays a call
    produces (default: its return value); result(out, args) -> what is compared between
    implementations (default: kernels.digest of the outputs); cpython=False leaves plain
    Python out; cpython_repeats; cpython_exact=False compares CPython within a tolerance;
    scale(args, s) and note(arrays) -> text for a note under the table."""
    import numpy as np

    for case in cases:
        ref = case.get("ref")
        row = Row(case["key"], case["label"], target=case["target"], ref=ref)
        outputs = case.get("outputs", lambda args, ret: (ret,))
        summary = case.get("result", lambda out, args: kernels.digest(*out))
        arrays = {}  # implementation -> its first call's output arrays (for diagnostics)
        runs = {}  # implementation -> a no-argument callable that runs it once
        candidates = [(impl.name, impl) for impl in impls
                      if impl.name != "cpython" or case.get("cpython", True)]
        if ref:  # sampled right after CPython, before the JITs
            candidates.insert(1 if candidates[0][0] == "cpython" else 0, (ref, None))
        for name, impl in candidates:
            if impl is not None and not impl.ok:
                row.cells[name] = Cell(error=impl.error)
                continue
            if impl is None and case.get("ref_error"):
                row.cells[name] = Cell(error=case["ref_error"])
                continue
            try:
                args = case["inputs"]()  # fresh inputs for each implementation
                f = (case["ref_fn"] if impl is None else
                     case["build"](impl) if "build" in case else impl.compile(case["fn"]))
                ret = f(*args)  # compile + warm up outside the timing
                out = [np.array(a, copy=True) for a in outputs(args, ret)]
                arrays[name] = out
                row.cells[name] = Cell(result=summary(out, args))
                runs[name] = (lambda f=f, args=args: f(*args))
            except Exception as exc:
                row.cells[name] = Cell(error=error_text(exc))
                notes.append(f"{name} failed on {case['key']}:\n" + indent(traceback.format_exc()))

        # CPython: whole calls, stopped early once its budget is spent.
        if "cpython" in runs:
            samples, _ = single_call_samples(lambda _: runs["cpython"](), None,
                                             case.get("cpython_repeats", s.repeats),
                                             s.array_cpython_budget_ns)
            row.cells["cpython"].median = median(samples)
            row.cells["cpython"].samples = samples
        # The rest: calibrated call loops, sampled round-robin.
        fast = [k for k in runs if k != "cpython"]
        numbers = {}
        for k in fast:
            try:
                numbers[k] = calibrate0(runs[k], s)
            except Exception as exc:
                row.cells[k].error = error_text(exc)
        samples = {k: [] for k in numbers}
        for _ in range(s.repeats):
            for k, number in numbers.items():
                samples[k].append(loop0_ns(runs[k], number) / number)
        for k, xs in samples.items():
            row.cells[k].median = median(xs)
            row.cells[k].samples = xs
            row.cells[k].extra["calls_per_sample"] = numbers[k]
        rows.append(row)

        if not case.get("cpython_exact", True) and "cpython" in arrays:
            other = ref if ref in arrays else "ferrojit"
            cell = row.cells["cpython"]
            cell.extra["result_not_compared"] = cell.result
            cell.result = None
            if other in arrays:
                d = float(np.max(np.abs(arrays["cpython"][0] - arrays[other][0])))
                ulps = float(np.max(np.abs(arrays["cpython"][0] - arrays[other][0])
                                    / np.spacing(np.abs(arrays[other][0]) + 1e-300)))
                notes.append(f"{case['key']}: CPython (libm pow for **0.5) vs {other} "
                             f"(sqrt): max |difference| {d:.3g} = {ulps:.0f} ulp; "
                             f"CPython is left out of the exact comparison")
        if case.get("scale"):
            notes.append(f"{case['key']}: for scale: " + case["scale"](case["inputs"](), s))
        if case.get("note") and arrays:
            notes.append(f"{case['key']}: " + case["note"](arrays))

        # Different digests: say by how much, against the reference (or CPython).
        if row.mismatch():
            base = ref if ref in arrays else "cpython"
            for k, out in arrays.items():
                if k == base or base not in arrays:
                    continue
                diffs = [float(np.max(np.abs(x.astype(np.float64) - y.astype(np.float64))))
                         if x.shape == y.shape else float("nan")
                         for x, y in zip(out, arrays[base])]
                if any(d != 0 for d in diffs):
                    notes.append(f"{case['key']}: {k} differs from {base}: max |difference| "
                                 + ", ".join(f"{d:.3g}" for d in diffs))


def bench_array_exprs(impls, s, rows, notes):
    """The array-expression seeds (whole-array NumPy code), compiled as the seeds
    compile them: seed 001's pdist_numpy next to plain NumPy, seed 002's integral-image
    search next to CPython and the same loops in C, seed 003's softmax next to NumPy's
    own expression."""
    import numpy as np

    kernels.numpy()
    jits = [impl for impl in impls if impl.name != "cpython"]
    pn, shape, sn = s.pdist_numpy_n, s.feature_shape, s.softmax_n

    # The search's C reference (benchmarks/integral_search.c), built once per run like
    # pdist.c, and a second build with -ffast-math, timed inside C for a note.
    tmpdir = tempfile.mkdtemp(prefix="ferrojit-bench-")
    c_search = c_lib = c_fast_lib = c_error = c_fast_error = None
    try:
        c_search, c_lib, c_cmd = build_c_integral_search(tmpdir)
        try:
            _, c_fast_lib, c_fast_cmd = build_c_integral_search(tmpdir, C_FAST_MATH_FLAGS)
        except Exception as exc:
            c_fast_error = error_text(exc)
    except Exception as exc:
        c_error = error_text(exc)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)  # the loaded libraries stay mapped
    extra = {}
    if c_lib is not None:
        extra["c_integral_search_compile"] = c_cmd
    else:
        notes.append(f"integral_search: no C reference ({c_error})")

    def build_search(impl):
        # seed 002 decorates both functions; the search must call the decorated feature
        # function, so each JIT decorates in its own copy of kernels.py
        if impl.jit is None:
            return kernels.seed_integral_search(None)
        return kernels.seed_integral_search(impl.jit, kernels.fresh_copy("search_" + impl.name))

    def build_softmax(impl):
        return kernels.seed_softmax(impl.jit, kernels.fresh_copy("softmax_" + impl.name))

    def search_note(arrays):
        scores = {k: float(out[0]) for k, out in arrays.items()}
        base = scores.get("cpython", next(iter(scores.values())))
        return ("best score " + ", ".join(f"{k} {v!r}" for k, v in scores.items())
                + f"; max |difference| {max(abs(v - base) for v in scores.values()):.3g}"
                " (the best windows are compared exactly, the scores within 1e-12 "
                "relative of plain Python's)")

    search_ref = {}

    def search_result(out, args):
        # The best window exactly, and the best score within 1e-12 (relative) of plain
        # Python's on the same inputs (computed once, about 50 ms).
        if "score" not in search_ref:
            search_ref["score"] = np.float64(kernels.search_one_integral_image(
                *kernels.integral_search_inputs(shape))[0])
        return (tuple(int(v) for v in out[1]),
                kernels.close_to(out[0], search_ref["score"], 1e-12, "CPython's score"))

    def softmax_scale(args, s):
        # For scale: NumPy's np.exp alone, and ferrojit with C-contiguous signatures
        # (f8[::1]) instead of the seed's any-layout f8[:].
        text = []
        runs = [("np.exp(z)", lambda: np.exp(args[0]))]
        fj = next((j for j in jits if j.name == "ferrojit" and j.ok), None)
        if fj is not None:
            try:
                f = kernels.seed_softmax(fj.jit, kernels.fresh_copy("softmax_c"), "f8[::1]")
                runs.append(("ferrojit with f8[::1] signatures (C-contiguous; the seed's "
                             "f8[:] is any layout)", lambda: f(args[0])))
            except Exception as exc:
                text.append(f"ferrojit with f8[::1] signatures: {error_text(exc)}")
        for label, run in runs:
            number = calibrate0(run, s)
            t = median([loop0_ns(run, number) / number for _ in range(s.repeats)])
            text.append(f"{label} {fmt_ns(t)}")
        return ", ".join(text)

    cases = [
        dict(key="pdist_numpy", label=f"jit(pdist_numpy) {pn}x3",
             fn=kernels.pdist_numpy, build=lambda impl: kernels.seed_pdist_numpy(impl.jit),
             inputs=lambda: kernels.pdist_input(pn, 3), cpython=False,
             ref="NumPy", ref_fn=kernels.pdist_numpy,
             target=absolute_target(TARGET_PDIST_NUMPY_NS, "<= 3 ms")),
        dict(key="integral_search", label="integral search, " + "x".join(map(str, shape)),
             build=build_search, inputs=lambda: kernels.integral_search_inputs(shape),
             cpython_repeats=1,  # about 50 ms in plain Python: one run is enough
             outputs=lambda args, ret: (np.float64(ret[0]), np.array(ret[1])),
             result=search_result, note=search_note,
             ref="C", ref_fn=c_search, ref_error=c_error,
             target=absolute_target(TARGET_INTEGRAL_SEARCH_NS, "<= 4 ms")),
        dict(key="softmax", label=f"softmax, n={fmt_n(sn)}",
             build=build_softmax, inputs=lambda: kernels.softmax_input(sn), cpython=False,
             ref="NumPy", ref_fn=kernels.softmax_numpy,
             # exp differs in the last bits between NumPy's SIMD code, libmvec (ferrojit)
             # and Numba's: compared to NumPy's result with a relative tolerance
             result=lambda out, args: kernels.close_to(out[0], kernels.softmax_numpy(*args),
                                                       1e-12, "NumPy"),
             scale=softmax_scale,
             target=vs_reference_target(TARGET_SOFTMAX_VS_NUMPY, "<= NumPy, 1 thread")),
    ]
    run_array_cases(cases, impls, s, rows, notes)

    # The search's C loops alone, timed inside C, with the strict flags and -ffast-math.
    if c_lib is not None:
        ii, q, ratio = kernels.integral_search_inputs(shape)
        reps = max(5, s.repeats)
        inner, score, pos = c_search_timed_inside(c_lib, ii, q, ratio, reps)
        extra["c_integral_search_timed_inside_c_ns"] = inner
        notes.append(f"integral_search: C column = `{c_cmd}` (benchmarks/integral_search.c:"
                     f" the seed's loops and NumPy's summation order; r allocated once per "
                     f"call, not per window as in the seed), called through ctypes from "
                     f"Python; the C search alone, timed inside C: {fmt_ns(median(inner))}")
        if c_fast_lib is not None:
            fast, fscore, fpos = c_search_timed_inside(c_fast_lib, ii, q, ratio, reps)
            extra["c_integral_search_fast_math_inside_c_ns"] = fast
            extra["c_integral_search_fast_math_compile"] = c_fast_cmd
            extra["c_integral_search_fast_math_result"] = [fscore, list(fpos)]
            same = ("the same best window" if fpos == pos
                    else f"best window {fpos}, not {pos}")
            notes.append(f"integral_search: built with `{c_fast_cmd}` (gcc may then reorder"
                         f" the sums and multiply by a reciprocal): {fmt_ns(median(fast))} "
                         f"inside C; {same}, score {fscore!r} (|difference| from the "
                         f"strict build {abs(fscore - score):.3g})")
        else:
            notes.append(f"integral_search: no -ffast-math build ({c_fast_error})")

    numba_mod = next((j.module for j in jits if j.name == "numba" and j.ok), None)
    threads = numba_mod.get_num_threads() if numba_mod is not None else "?"
    notes.append(f"softmax: the seed's parallel=True: Numba runs np.exp and np.sum on "
                 f"{threads} threads; ferrojit accepts the option and runs on one thread")
    return extra


def bench_callbacks(s, notes):
    return bench_script("callbacks", "bench_callbacks.py", s, notes)


def bench_library(s, notes):
    return bench_script("library", "bench_library.py", s, notes)


def bench_helpers(s, notes):
    return bench_script("helpers", "bench_helpers.py", s, notes)


def bench_mandelbrot(s, notes):
    return bench_script("mandelbrot", "bench_mandelbrot.py", s, notes)


def bench_decorators(s, notes):
    return bench_script("decorators", "bench_decorators.py", s, notes)


def bench_lists(s, notes):
    return bench_script("lists", "bench_lists.py", s, notes)


def bench_dicts(s, notes):
    return bench_script("dicts", "bench_dicts.py", s, notes)


def bench_boundscheck(s, notes):
    return bench_script("boundscheck", "bench_boundscheck.py", s, notes)


def bench_vecmath(s, notes):
    return bench_script("vecmath", "bench_vecmath.py", s, notes)


def bench_cache(s, notes):
    return bench_script("cache", "bench_cache.py", s, notes)


def bench_parallel(s, notes):
    return bench_script("parallel", "bench_parallel.py", s, notes)


def bench_script(item, script, s, notes):
    """benchmarks/<script> as a subprocess (its own settings, rounds and checks); its
    table is printed after run.py's, its raw data goes to results.json."""
    fd, path = tempfile.mkstemp(prefix=f"ferrojit-{item}-", suffix=".json")
    os.close(fd)
    cmd = [sys.executable, os.path.join(HERE, script), "--json", path]
    if s.quick:
        cmd.append("--quick")
    out = {"command": f"{script} --json PATH" + (" --quick" if s.quick else "")}
    try:
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=s.callbacks_timeout,
                              cwd=HERE)
        out["seconds"] = round(time.perf_counter() - t0, 1)
        out["returncode"] = proc.returncode
        out["stdout"] = proc.stdout
        if proc.returncode != 0:
            tail = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()][-3:]
            notes.append(f"{item}: {script} exited with status {proc.returncode}"
                         " (a failure or a MISMATCH: see its output)"
                         + (": " + " | ".join(tail) if tail else ""))
        try:
            with open(path) as fh:
                out["results"] = json.load(fh)
        except (OSError, ValueError):
            pass
    except Exception as exc:
        out["error"] = error_text(exc)
        notes.append(f"{item}: {script} did not run ({out['error']})")
    finally:
        os.unlink(path)
    return out


def bench_steady(impls, s, rows, notes):
    cases = [
        ("fib90", f"fib({s.fib_n}) iterative, per call", kernels.fib, s.fib_n, "per_call"),
        ("sum_inv_squares", f"sum 1/(i*i), n={fmt_n(s.sum_n)}", kernels.sum_inv_squares,
         s.sum_n, "single"),
        ("collatz", f"Collatz longest run, n={fmt_n(s.collatz_n)}", kernels.collatz_max_steps,
         s.collatz_n, "single"),
    ]
    for key, label, fn, arg, how in cases:
        row = Row(key, label, target=vs_numba_target("<= Numba"))
        for impl in impls:
            if not impl.ok:
                row.cells[impl.name] = Cell(error=impl.error)
                continue
            try:
                f = impl.compile(fn)
                result = f(arg)  # compile + warm up outside the timing
                if how == "per_call":
                    samples, number = per_call_samples(f, arg, s)
                    extra = {"calls_per_sample": number}
                else:
                    budget = s.cpython_budget_ns if impl.name == "cpython" else 10e9
                    samples, result = single_call_samples(f, arg, s.repeats, budget)
                    extra = {}
                row.cells[impl.name] = Cell(median(samples), samples, result=result, extra=extra)
            except Exception as exc:
                row.cells[impl.name] = Cell(error=error_text(exc))
                notes.append(f"{impl.name} failed on {key}:\n" + indent(traceback.format_exc()))
        rows.append(row)


def bench_overhead(impls, s, rows, notes):
    raw = Row("call_overhead", "call overhead ident(int), per call",
              target=vs_numba_target("<= Numba"))
    net = Row("call_overhead_net", "  minus the empty loop", check_results=False)
    number = 1 << 20
    loop = median([empty_loop_ns(7, number) / number for _ in range(s.repeats)])
    for impl in impls:
        if not impl.ok:
            raw.cells[impl.name] = Cell(error=impl.error)
            net.cells[impl.name] = Cell(error=impl.error)
            continue
        try:
            f = impl.compile(kernels.ident)
            result = f(7)
            samples, number = per_call_samples(f, 7, s)
            raw.cells[impl.name] = Cell(median(samples), samples, result=result,
                                        extra={"calls_per_sample": number})
            net_samples = [x - loop for x in samples]
            net.cells[impl.name] = Cell(median(net_samples), net_samples)
        except Exception as exc:
            raw.cells[impl.name] = Cell(error=error_text(exc))
            net.cells[impl.name] = Cell(error=error_text(exc))
    rows.extend([raw, net])
    notes.append(f"empty `for x in repeat(7, n)` loop: {fmt_ns(loop)} per iteration")
    return {"empty_loop_ns": loop}


def nogil_samples(f, s):
    n, tasks = s.nogil_n, s.nogil_tasks
    f(n)  # compile + warm up
    serial, threaded, results = [], [], set()
    with ThreadPoolExecutor(max_workers=s.nogil_workers) as pool:
        list(pool.map(lambda _: None, range(s.nogil_workers)))  # start the threads
        for _ in range(s.nogil_repeats):
            t0 = time.perf_counter_ns()
            rs = [f(n) for _ in range(tasks)]
            t1 = time.perf_counter_ns()
            rt = list(pool.map(f, [n] * tasks))
            t2 = time.perf_counter_ns()
            serial.append(t1 - t0)
            threaded.append(t2 - t1)
            results.update(map(repr, rs + rt))
    return serial, threaded, results


def bench_nogil(jits, s, rows, notes):
    for nogil in (True, False):
        row = Row("nogil" if nogil else "nogil_off",
                  f"nogil=True: {s.nogil_workers} threads vs serial" if nogil
                  else "  nogil=False (control)",
                  kind="speedup", check_results=False,
                  target=(lambda r: (f"ideal {s.nogil_workers}.0x", "info")) if nogil else None)
        for j in jits:
            if not j.ok:
                row.cells[j.name] = Cell(error=j.error)
                continue
            try:
                f = j.compile(kernels.integrate_pi, nogil=nogil)
                serial, threaded, results = nogil_samples(f, s)
                extra = {"serial_ns": serial, "threaded_ns": threaded,
                         "serial_median_ns": median(serial),
                         "threaded_median_ns": median(threaded)}
                if len(results) != 1:
                    extra["error"] = "threaded results differ from serial: " + ", ".join(results)
                    notes.append(f"MISMATCH {j.name} nogil={nogil}: {extra['error']}")
                row.cells[j.name] = Cell(median(serial) / median(threaded), extra=extra)
            except Exception as exc:
                row.cells[j.name] = Cell(error=error_text(exc))
                notes.append(f"{j.name} failed on nogil={nogil}:\n" + indent(traceback.format_exc()))
        rows.append(row)
        for j in jits:
            c = row.cells.get(j.name)
            if c and c.median is not None:
                notes.append(f"nogil={nogil} {j.name}: {s.nogil_tasks} x integrate_pi"
                             f"({fmt_n(s.nogil_n)}) serially {fmt_ns(c.extra['serial_median_ns'])},"
                             f" on {s.nogil_workers} threads {fmt_ns(c.extra['threaded_median_ns'])}")


# --------------------------------------------------------------------------- output


def fmt_ns(ns):
    if ns is None:
        return "-"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if abs(ns) >= scale:
            v = ns / scale
            return f"{v:.3g} {unit}" if v < 100 else f"{v:.0f} {unit}"
    return f"{ns:.3g} ns" if abs(ns) < 100 else f"{ns:.0f} ns"


def fmt_n(n):
    """10000000 -> 1e7, 40000000 -> 4e7, 90 -> 90."""
    if n < 1000:
        return str(n)
    exp = len(str(n)) - 1
    mant = n / 10**exp
    return f"{mant:g}e{exp}" if mant != 1 else f"1e{exp}"


def fmt_cell(row, cell):
    if cell is None:
        return "-"
    if cell.error is not None and cell.median is None:
        return "n/a" if "not installed" in cell.error else "ERROR"
    if row.kind == "speedup":
        return f"{cell.median:.2f}x"
    return fmt_ns(cell.median)


def indent(text, prefix="    "):
    return "\n".join(prefix + ln for ln in text.rstrip().splitlines())


def print_table(rows, meta):
    print()
    print(f"ferrojit {meta['ferrojit']}  |  Numba {meta['numba']}  |  CPython {meta['python']}"
          f"  |  {meta['cpus']} CPUs, {meta['machine']}")
    print("medians; fj/Numba = ferrojit time / Numba time (lower is better); fj/ref = "
          "ferrojit time / NumPy's or C's time; vs CPython = CPython time / ferrojit time")
    print()
    headers = ("item", "CPython", "NumPy/C", "Numba", "ferrojit", "fj/Numba", "fj/ref",
               "vs CPython", "target")
    table = []
    for row in rows:
        ratio = row.ratio() if row.kind == "time" else None
        ref_ratio = row.ref_ratio()
        fast = row.speedup_vs_cpython()
        tgt = ""
        if row.target:
            text, status = row.target(row)
            tgt = text if status == "info" else f"{text}: {status}"
        ref = row.cells.get(row.ref) if row.ref else None
        table.append((
            row.label,
            fmt_cell(row, row.cells.get("cpython")),
            f"{row.ref} {fmt_cell(row, ref)}" if ref else "-",
            fmt_cell(row, row.cells.get("numba")),
            fmt_cell(row, row.cells.get("ferrojit")),
            f"{ratio:.2f}x" if ratio is not None else "-",
            f"{ref_ratio:.2f}x" if ref_ratio is not None else "-",
            f"{fast:.0f}x" if fast is not None and fast >= 10 else
            (f"{fast:.2f}x" if fast is not None else "-"),
            tgt,
        ))
    widths = [max(len(str(r[i])) for r in [headers, *table]) for i in range(len(headers))]
    def line(cols):
        first = str(cols[0]).ljust(widths[0])
        mid = "  ".join(str(c).rjust(w) for c, w in zip(cols[1:-1], widths[1:-1]))
        return f"{first}  {mid}  {cols[-1]}".rstrip()
    print(line(headers))
    print(line(["-" * w for w in widths]))
    for r in table:
        print(line(r))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, few repeats (smoke run)")
    ap.add_argument("--only", default=",".join(ITEMS),
                    help=f"comma-separated subset of: {', '.join(ITEMS)}")
    ap.add_argument("--json", default=os.path.join(HERE, "results.json"),
                    help="where to write the machine-readable results")
    args = ap.parse_args(argv)
    only = [x.strip() for x in args.only.split(",") if x.strip()]
    unknown = sorted(set(only) - set(ITEMS))
    if unknown:
        ap.error(f"unknown item(s): {', '.join(unknown)}")
    s = Settings(args.quick)

    if os.environ.get("FERROJIT_DISABLE_JIT", "0") not in ("", "0"):
        print("WARNING: FERROJIT_DISABLE_JIT is set: the ferrojit column measures plain Python.")
    if os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0"):
        print("WARNING: NUMBA_DISABLE_JIT is set: the Numba column measures plain Python.")

    numba, ferrojit = Jit("numba"), Jit("ferrojit")
    jits = [numba, ferrojit]
    impls = [PythonImpl(), numba, ferrojit]
    for j in jits:
        if j.error:
            print(f"note: {j.error}")

    rows, notes, extra = [], [], {}
    steps = {
        "import": lambda: bench_import(jits, s, rows, notes),
        "firstcall": lambda: bench_firstcall(jits, s, rows, notes),
        "firstcall_arrays": lambda: bench_firstcall_arrays(jits, s, rows, notes),
        "steady": lambda: bench_steady(impls, s, rows, notes),
        "arrays": lambda: bench_arrays(impls, s, rows, notes),
        "overhead": lambda: bench_overhead(impls, s, rows, notes),
        "nogil": lambda: bench_nogil(jits, s, rows, notes),
        "firstcall_exprs": lambda: bench_firstcall_exprs(jits, s, rows, notes),
        "array_exprs": lambda: bench_array_exprs(impls, s, rows, notes),
        "callbacks": lambda: bench_callbacks(s, notes),
        "library": lambda: bench_library(s, notes),
        "helpers": lambda: bench_helpers(s, notes),
        "mandelbrot": lambda: bench_mandelbrot(s, notes),
        "decorators": lambda: bench_decorators(s, notes),
        "lists": lambda: bench_lists(s, notes),
        "dicts": lambda: bench_dicts(s, notes),
        "boundscheck": lambda: bench_boundscheck(s, notes),
        "vecmath": lambda: bench_vecmath(s, notes),
        "parallel": lambda: bench_parallel(s, notes),
        "cache": lambda: bench_cache(s, notes),
    }
    t_start = time.perf_counter()
    for item in ITEMS:
        if item not in only:
            continue
        print(f"running {item} ...", flush=True)
        out = steps[item]()
        if out:
            extra[item] = out

    meta = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "numba": numba.version or "not installed",
        "ferrojit": ferrojit.version or "not importable",
        "cpus": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}",
        "processor": platform.processor(),
        "quick": s.quick,
        "settings": vars(s),
        "seconds": round(time.perf_counter() - t_start, 1),
        "unix_time": int(time.time()),
    }
    print_table(rows, meta)

    mismatches = [(r, r.mismatch()) for r in rows if r.mismatch()]
    errors = [(r, k, c.error) for r in rows for k, c in r.cells.items()
              if c.error and "not installed" not in c.error]
    if mismatches or errors or notes:
        print()
    for r, text in mismatches:
        print(f"MISMATCH in {r.key}: {text}")
    for r, k, e in errors:
        print(f"{k} error in {r.key}: {e}")
    for n in notes:
        print(n)
    callbacks = extra.get("callbacks", {})
    if callbacks.get("stdout"):
        print(f"\nSciPy callbacks (benchmarks/bench_callbacks.py, {callbacks['seconds']} s):")
        print("\n".join(ln for ln in callbacks["stdout"].rstrip().splitlines()
                        if not ln.startswith("running ")))  # its progress lines
    # the subprocess items' own tables, each under its title
    for item, title in [("library", "Library written in Python"), ("helpers", "Helpers and lambdas"),
                        ("mandelbrot", "Mandelbrot with complex numbers"),
                        ("decorators", "@stencil, @vectorize, @guvectorize"), ("lists", "Lists"),
                        ("boundscheck", "Bounds checks"), ("vecmath", "Vector math"),
                        ("cache", "On-disk cache"), ("parallel", "Parallel loops")]:
        out = extra.get(item, {})
        if out.get("stdout"):
            script = out.get("command", "").split(" ")[0]
            print(f"\n{title} (benchmarks/{script}, {out['seconds']} s):")
            print(out["stdout"].rstrip())
    print(f"\n({meta['seconds']} s; full data in {os.path.relpath(args.json)})")

    data = {"meta": meta, "rows": {r.key: r.to_json() for r in rows}, "extra": extra,
            "targets": {"import_ns": TARGET_IMPORT_NS, "first_call_ns": TARGET_FIRST_CALL_NS,
                        "first_array_call_ns": TARGET_FIRST_ARRAY_CALL_NS,
                        "call_overhead": "<= numba", "kernels": "<= numba",
                        "addarr_float64_over_numpy": TARGET_ADDARR_F64,
                        "addarr_uint8_over_numpy": TARGET_ADDARR_U8,
                        "pdist_over_c": TARGET_PDIST_VS_C, "build_graph": "<= numba",
                        "first_array_expression_call_ns": TARGET_FIRST_EXPR_CALL_NS,
                        "pdist_numpy_ns": TARGET_PDIST_NUMPY_NS,
                        "integral_search_ns": TARGET_INTEGRAL_SEARCH_NS,
                        "softmax_over_numpy_one_thread": TARGET_SOFTMAX_VS_NUMPY},
            "notes": notes}
    with open(args.json, "w") as fh:
        json.dump(data, fh, indent=1, default=str)
        fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
