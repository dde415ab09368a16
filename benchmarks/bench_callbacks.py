#!/usr/bin/env python3
"""SciPy LowLevelCallable callbacks (seed 000): ferrojit vs Numba, in one run.

    .venv/bin/python benchmarks/bench_callbacks.py [--quick] [--json PATH]

filter  ndi.generic_filter on a 2048x2048 random image with the seed's cross footprint,
        the callback written the seed's three ways:
          - the plain @cfunc `nbmin` (pointers, result[0] updated in the loop),
          - the seed's `jit_filter_function` decorator (a @jit fmin called from a @cfunc),
          - ferrojit.scipy.generic_filter (ferrojit only: the decorator of this project),
        each compiled by Numba and by ferrojit, next to ndi.grey_erosion (SciPy's C code,
        the reference), generic_filter with a C callback (benchmarks/filter_min.c,
        gcc -O3: the floor any callback can reach) and with a plain Python fmin (timed on a
        256x256 image and scaled by the pixel count: on the full image it takes minutes).
quad    integrate.quad of sin(50 x) exp(-x) over [0, 20] (limit=200): a Python integrand
        (the reference), a cfunc double(double) from Numba and from ferrojit, and
        ferrojit.scipy.integrand as f(x), as f(x, a) with args=(50.0,) (SciPy's
        double(int, double *) form), and as f(x, a) with a = 50.0 read from user_data
        (integrand(f, params=(50.0,)), the form .with_params(...) returns).

Every figure is a median (7 samples; 3 with --quick) taken with time.perf_counter_ns.
Implementations are sampled in rounds, one sample of each per round, so a slow moment on
the machine hits all of them alike. Fast calls (quad) are timed in loops of at least
50 ms and reported per call. "compile" is the decoration time (jit + cfunc compile),
measured after each compiler has compiled an unrelated cfunc, so one-time start-up costs
are left out. Results are checked: every filter result must equal grey_erosion exactly,
every integral must match the Python integrand's to 1e-13 (relative). Nothing asserts
on a timing.
"""

import argparse
import itertools
import json
import math
import os
import platform
import statistics
import sys
import time
import traceback

import numpy as np
from scipy import LowLevelCallable, integrate
from scipy import ndimage as ndi

CROSS = np.array([[0, 1, 0],
                  [1, 1, 1],
                  [0, 1, 0]], dtype=bool)
QUAD_RANGE = (0.0, 20.0)
QUAD_LIMIT = 200


class Settings:
    def __init__(self, quick):
        self.quick = quick
        self.size = 1024 if quick else 2048
        self.python_size = 128 if quick else 256
        self.repeats = 3 if quick else 7
        self.min_sample_ns = 20e6 if quick else 50e6


# --------------------------------------------------------------------------- kernels
# The seed's code, written once against a module that provides cfunc, carray, jit and
# types (numba or ferrojit).


def make_nbmin(mod):
    T = mod.types

    @mod.cfunc(T.intc(T.CPointer(T.float64), T.intp, T.CPointer(T.float64), T.voidptr))
    def nbmin(values_ptr, len_values, result, data):
        values = mod.carray(values_ptr, (len_values,), dtype=T.float64)
        result[0] = np.inf
        for v in values:
            if v < result[0]:
                result[0] = v
        return 1

    return LowLevelCallable(nbmin.ctypes)


def make_jit_filter_function(mod):
    T = mod.types

    def jit_filter_function(filter_function):
        jitted_function = mod.jit(filter_function, nopython=True)

        @mod.cfunc(T.intc(T.CPointer(T.float64), T.intp, T.CPointer(T.float64), T.voidptr))
        def wrapped(values_ptr, len_values, result, data):
            values = mod.carray(values_ptr, (len_values,), dtype=T.float64)
            result[0] = jitted_function(values)
            return 1
        return LowLevelCallable(wrapped.ctypes)

    return jit_filter_function


def fmin(values):
    result = np.inf
    for v in values:
        if v < result:
            result = v
    return result


def make_seed_fmin(mod):
    return make_jit_filter_function(mod)(fmin)


def make_easy_fmin(mod):
    import ferrojit.scipy
    return ferrojit.scipy.generic_filter(fmin)


def damped_py(x):
    return math.sin(50.0 * x) * math.exp(-x)


def damped_a(x, a):
    return math.sin(a * x) * math.exp(-x)


def make_quad_cfunc(mod):
    @mod.cfunc("float64(float64)")
    def damped(x):
        return math.sin(50.0 * x) * math.exp(-x)

    return LowLevelCallable(damped.ctypes)


def make_integrand_x(mod):
    import ferrojit.scipy
    return ferrojit.scipy.integrand(damped_py)


def make_integrand_args(mod):
    import ferrojit.scipy
    return ferrojit.scipy.integrand(damped_a)


def make_integrand_user_data(mod):
    import ferrojit.scipy
    return ferrojit.scipy.integrand(damped_a, params=(50.0,))  # the user_data form only


# --------------------------------------------------------------------------- timing


def median(xs):
    return statistics.median(xs) if xs else None


def time_once(run):
    t0 = time.perf_counter_ns()
    result = run()
    return time.perf_counter_ns() - t0, result


def loop_number(run, s):
    """Calls of run() per sample so a sample lasts >= s.min_sample_ns (warms up too)."""
    number = 1
    while True:
        t0 = time.perf_counter_ns()
        for _ in itertools.repeat(None, number):
            run()
        t = time.perf_counter_ns() - t0
        if t >= s.min_sample_ns or number >= 1 << 20:
            return number
        number *= 2 if t * 8 > s.min_sample_ns else 8


def time_loop(run, number):
    t0 = time.perf_counter_ns()
    for _ in itertools.repeat(None, number):
        run()
    return (time.perf_counter_ns() - t0) / number


class Impl:
    """One implementation in a group: how to build it, how to run it."""

    def __init__(self, group, row, column, build, run, module=None):
        self.group, self.row, self.column = group, row, column
        self.build, self.run, self.module = build, run, module
        self.obj = None
        self.compile_ns = None
        self.samples = []
        self.result = None
        self.error = None
        self.number = None

    def prepare(self):
        try:
            t0 = time.perf_counter_ns()
            self.obj = self.build()
            self.compile_ns = time.perf_counter_ns() - t0
        except Exception as exc:  # noqa: BLE001 - reported in the table
            self.error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0]}"
            self.trace = traceback.format_exc()

    @property
    def median(self):
        return median(self.samples)


def sample_rounds(impls, s, fast):
    live = [im for im in impls if im.error is None]
    for im in live:  # warm up, keep the result, size the loops
        try:
            im.result = im.run(im.obj)
            if fast:
                im.number = loop_number(lambda im=im: im.run(im.obj), s)
        except Exception as exc:  # noqa: BLE001
            im.error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0]}"
            im.trace = traceback.format_exc()
    live = [im for im in live if im.error is None]
    for _ in range(s.repeats):
        for im in live:
            if fast:
                im.samples.append(time_loop(lambda im=im: im.run(im.obj), im.number))
            else:
                im.samples.append(time_once(lambda im=im: im.run(im.obj))[0])


# --------------------------------------------------------------------------- items


def build_c_filter_min():
    """benchmarks/filter_min.c as a LowLevelCallable (gcc -O3 -march=native)."""
    import ctypes
    import shutil
    import subprocess
    import tempfile
    cc = shutil.which("gcc")
    if cc is None:
        raise RuntimeError("gcc not found on PATH")
    tmp = tempfile.mkdtemp(prefix="ferrojit-bench-")
    so = os.path.join(tmp, "filter_min.so")
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "filter_min.c")
    subprocess.run([cc, "-O3", "-march=native", "-shared", "-fPIC", "-o", so, src], check=True)
    fn = ctypes.CDLL(so).filter_min
    fn.restype = ctypes.c_int
    fn.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_ssize_t,
                   ctypes.POINTER(ctypes.c_double), ctypes.c_void_p]
    return LowLevelCallable(fn)


def bench_filter(mods, s):
    image = np.random.default_rng(0).random((s.size, s.size))
    small = image[:s.python_size, :s.python_size].copy()
    scale = image.size / small.size

    def gf(cb):
        return ndi.generic_filter(image, cb, footprint=CROSS)

    impls = [Impl("filter", "grey_erosion (SciPy's C code)", "ref", lambda: None,
                  lambda _: ndi.grey_erosion(image, footprint=CROSS)),
             Impl("filter", "C callback, gcc -O3 (the floor)", "ref", build_c_filter_min, gf)]
    rows = [("plain @cfunc nbmin (seed)", make_nbmin, ("numba", "ferrojit")),
            ("jit_filter_function(fmin) (seed)", make_seed_fmin, ("numba", "ferrojit")),
            ("ferrojit.scipy.generic_filter(fmin)", make_easy_fmin, ("ferrojit",))]
    for label, maker, names in rows:
        for name in names:
            mod = mods.get(name)
            impl = Impl("filter", label, name, lambda maker=maker, mod=mod: maker(mod), gf,
                        module=mod)
            if mod is None:
                impl.error = f"{name} not installed"
            impls.append(impl)
    for im in impls:
        if im.error is None:
            im.prepare()
    sample_rounds(impls, s, fast=False)

    # plain Python callback: a smaller image, scaled by the pixel count
    py = Impl("filter", f"Python fmin callback ({s.python_size}x{s.python_size}, "
                        f"x{scale:.0f} pixels)", "ref", lambda: None,
              lambda _: ndi.generic_filter(small, fmin, footprint=CROSS))
    t, res = time_once(lambda: py.run(None))
    py.samples = [t * scale]
    py.result = res
    py.check = np.array_equal(res, ndi.grey_erosion(small, footprint=CROSS))

    expected = impls[0].result
    for im in impls[1:]:
        if im.result is not None:
            im.check = np.array_equal(im.result, expected)
    return impls, py


def bench_quad(mods, s):
    a, b = QUAD_RANGE

    def quad(f, **kw):
        return integrate.quad(f, a, b, limit=QUAD_LIMIT, **kw)

    impls = [Impl("quad", "Python integrand", "ref", lambda: damped_py, lambda f: quad(f))]
    rows = [("cfunc double(double)", make_quad_cfunc, ("numba", "ferrojit"), {}),
            ("ferrojit.scipy.integrand: f(x)", make_integrand_x, ("ferrojit",), {}),
            ("integrand f(x, a), args=(50.0,)", make_integrand_args, ("ferrojit",),
             {"args": (50.0,)}),
            ("integrand f(x, a), params=(50.0,)", make_integrand_user_data, ("ferrojit",),
             {})]
    for label, maker, names, kw in rows:
        for name in names:
            mod = mods.get(name)
            impl = Impl("quad", label, name, lambda maker=maker, mod=mod: maker(mod),
                        lambda f, kw=kw: quad(f, **kw), module=mod)
            if mod is None:
                impl.error = f"{name} not installed"
            impls.append(impl)
    for im in impls:
        if im.error is None:
            im.prepare()
    sample_rounds(impls, s, fast=True)
    expected = impls[0].result[0]
    for im in impls[1:]:
        if im.result is not None:
            im.check = abs(im.result[0] - expected) <= 1e-13 * abs(expected)
    return impls


# --------------------------------------------------------------------------- report


def fmt_ns(ns):
    if ns is None:
        return "-"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if abs(ns) >= scale:
            v = ns / scale
            return f"{v:.3g} {unit}" if v < 100 else f"{v:.0f} {unit}"
    return f"{ns:.3g} ns" if abs(ns) < 100 else f"{ns:.0f} ns"


def cell(im):
    if im is None:
        return "-"
    if im.error is not None:
        return "n/a" if "not installed" in im.error else "ERROR"
    return fmt_ns(im.median)


def print_table(title, impls, ref, extra_refs=()):
    print(f"\n{title}")
    headers = ("item", "Numba", "ferrojit", "fj/Numba", "fj/ref", "Numba/ref",
               "compile Numba", "compile fj", "result")
    by_row = {}
    for im in impls:
        if im.column != "ref":
            by_row.setdefault(im.row, {})[im.column] = im
    table = []
    for r in [ref, *extra_refs]:
        table.append((r.row, "-", "-", "-", "-", "-", "-", "-",
                      f"ref {fmt_ns(r.median)}" if r is ref else
                      f"{fmt_ns(r.median)} = {r.median / ref.median:.{2 if r.median < 10 * ref.median else 0}f}x ref"
                      + ("" if getattr(r, "check", True) else ", MISMATCH")))
    for label, cols in by_row.items():
        nb, fj = cols.get("numba"), cols.get("ferrojit")

        def ratio(x, y):
            if x is None or y is None or x.median is None or not y.median:
                return "-"
            return f"{x.median / y.median:.2f}x"

        checks = [im for im in (nb, fj) if im is not None and im.error is None]
        ok = all(getattr(im, "check", False) for im in checks)
        table.append((
            label, cell(nb), cell(fj), ratio(fj, nb), ratio(fj, ref), ratio(nb, ref),
            fmt_ns(nb.compile_ns) if nb is not None and nb.error is None else "-",
            fmt_ns(fj.compile_ns) if fj is not None and fj.error is None else "-",
            ("same" if ok else "MISMATCH") if checks else "-",
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


def warm_up(mods):
    """Compile one unrelated cfunc with each compiler so start-up costs (Numba's first
    compile initialises LLVM and its type system) stay out of the compile column."""
    for mod in mods.values():
        @mod.cfunc("float64(float64)")
        def warm(x):
            return x + 1.0
        assert warm.ctypes(1.0) == 2.0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1024x1024 image, 3 repeats")
    ap.add_argument("--json", default=None, help="also write the raw samples here")
    args = ap.parse_args(argv)
    s = Settings(args.quick)

    mods = {}
    for name in ("numba", "ferrojit"):
        try:
            mods[name] = __import__(name)
        except Exception as exc:  # noqa: BLE001
            print(f"note: {name} not importable ({type(exc).__name__}: {exc})")
    warm_up(mods)
    versions = {name: getattr(m, "__version__", "?") for name, m in mods.items()}
    import scipy
    print(f"ferrojit {versions.get('ferrojit', 'n/a')}  |  Numba {versions.get('numba', 'n/a')}"
          f"  |  SciPy {scipy.__version__}  |  NumPy {np.__version__}  |  CPython "
          f"{platform.python_version()}  |  {os.cpu_count()} CPUs, {platform.machine()}")
    print("medians; fj/Numba = ferrojit time / Numba time (lower is better); fj/ref and "
          "Numba/ref = time / the reference's time; compile = decoration time")

    t0 = time.perf_counter()
    print(f"running filter ({s.size}x{s.size}) ...", flush=True)
    filt, py_filter = bench_filter(mods, s)
    print("running quad ...", flush=True)
    quads = bench_quad(mods, s)

    print_table(f"ndi.generic_filter, {s.size}x{s.size} float64, cross footprint "
                "(ref: ndi.grey_erosion)", filt, filt[0], [filt[1], py_filter])
    print_table(f"integrate.quad of sin(50x)*exp(-x) over [{QUAD_RANGE[0]:g}, "
                f"{QUAD_RANGE[1]:g}], limit={QUAD_LIMIT} (ref: Python integrand)",
                quads, quads[0])
    failed = [im for im in filt + quads if im.error is not None
              and "not installed" not in im.error]
    for im in failed:
        print(f"\nERROR in {im.group} / {im.row} / {im.column}:\n{getattr(im, 'trace', im.error)}")
    bad = [im for im in filt + quads + [py_filter] if im.error is None
           and im.column != "ref" and not getattr(im, "check", True)]
    if not py_filter.check:
        bad.append(py_filter)
    for im in bad:
        print(f"MISMATCH: {im.group} / {im.row} / {im.column}")
    print(f"\ndone in {time.perf_counter() - t0:.0f} s")

    if args.json:
        out = {"settings": vars(s), "versions": versions, "items": []}
        for im in filt + quads + [py_filter]:
            out["items"].append({"group": im.group, "row": im.row, "column": im.column,
                                 "median_ns": im.median, "samples_ns": im.samples,
                                 "compile_ns": im.compile_ns, "error": im.error,
                                 "check": getattr(im, "check", None)})
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=1)
    return 1 if failed or bad else 0


if __name__ == "__main__":
    sys.exit(main())
