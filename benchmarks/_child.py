"""One cold measurement in a fresh interpreter; run.py starts this script many times.

    python benchmarks/_child.py import MODULE
        time `import MODULE` (nothing else imported first)
    python benchmarks/_child.py firstcall ferrojit|numba
        time decorating + the first call of kernels.fib (compile included), then the
        first call of a second function in the same, now warm, process
    python benchmarks/_child.py firstcall_array ferrojit|numba addarr|pdist [SIZE]
        build the kernel's inputs (NumPy imported, untimed), then time decorating +
        the first call of kernels.addarr (float64, SIZE elements, default 1e6) or of
        kernels.pdist_python (SIZE x 3, default 1000), compile included
    python benchmarks/_child.py firstcall_array ferrojit|numba pdist_numpy|integral_search|softmax [SIZE]
        the same for the array-expression seeds, decorated as the seeds decorate them
        (the JIT's `jit`, see kernels.seed_*): jit(pdist_numpy) on SIZE x 3 (default
        1000); seed 002's two functions on a (512, 18, 16) feature map; seed 003's esum
        and softmax_optimized (signatures given: they compile when decorated) on SIZE
        values (default 1e7). The module copy the seeds' functions are decorated in
        (kernels.fresh_copy) is made before the clock starts

Prints one JSON object on stdout. Errors go to stderr with a non-zero exit status.
"""

import json
import sys
import time


def measure_import(module):
    t0 = time.perf_counter_ns()
    __import__(module)
    t1 = time.perf_counter_ns()
    return {
        "ns": t1 - t0,
        "numpy_loaded": "numpy" in sys.modules,
        "llvmlite_loaded": "llvmlite" in sys.modules,
        "modules_loaded": len(sys.modules),
    }


def measure_first_call(which):
    import kernels  # the script's directory is sys.path[0]

    if which == "ferrojit":
        from ferrojit import njit
    elif which == "numba":
        from numba import njit
    else:
        raise SystemExit(f"unknown JIT {which!r}")

    t0 = time.perf_counter_ns()
    fib = njit(kernels.fib)
    t1 = time.perf_counter_ns()
    result = fib(10)
    t2 = time.perf_counter_ns()

    # A second, different function: the JIT's one-time start-up is paid by now.
    second = njit(kernels.hypot_sum)
    second(10)
    t3 = time.perf_counter_ns()

    # A call that compiles nothing, for scale.
    t4 = time.perf_counter_ns()
    fib(10)
    t5 = time.perf_counter_ns()
    return {
        "decorate_ns": t1 - t0,
        "first_call_ns": t2 - t0,
        "warm_compile_ns": t3 - t2,
        "second_call_ns": t5 - t4,
        "result": result,
    }


def measure_first_array_call(which, kernel, size=None):
    import numpy as np  # noqa: F401  (imported before the clock starts, as a user would)

    import kernels

    if which == "ferrojit":
        from ferrojit import jit, njit
    elif which == "numba":
        from numba import jit, njit
    else:
        raise SystemExit(f"unknown JIT {which!r}")
    summary = kernels.digest
    if kernel == "addarr":
        fn, args = kernels.addarr, kernels.addarr_inputs(size or 10**6, np.float64)
        decorate = lambda: njit(fn)  # noqa: E731
    elif kernel == "pdist":
        fn, args = kernels.pdist_python, kernels.pdist_input(size or 1000)
        decorate = lambda: njit(fn)  # noqa: E731
    elif kernel == "pdist_numpy":
        args = kernels.pdist_input(size or 1000)
        decorate = lambda: kernels.seed_pdist_numpy(jit)  # noqa: E731
    elif kernel == "integral_search":
        args = kernels.integral_search_inputs()
        module = kernels.fresh_copy("integral_search")
        decorate = lambda: kernels.seed_integral_search(jit, module)  # noqa: E731
        summary = lambda ret: list(ret[1])  # noqa: E731  (the best window)
    elif kernel == "softmax":
        args = kernels.softmax_input(size or 10**7)
        module = kernels.fresh_copy("softmax")
        decorate = lambda: kernels.seed_softmax(jit, module)  # noqa: E731
        expected = kernels.softmax_numpy(*args)
        summary = lambda ret: kernels.close_to(ret, expected, 1e-12, "NumPy")  # noqa: E731
    else:
        raise SystemExit(f"unknown kernel {kernel!r}")

    t0 = time.perf_counter_ns()
    f = decorate()
    t1 = time.perf_counter_ns()
    result = f(*args)
    t2 = time.perf_counter_ns()
    f(*args)
    t3 = time.perf_counter_ns()
    return {
        "decorate_ns": t1 - t0,
        "first_call_ns": t2 - t0,
        "second_call_ns": t3 - t2,
        "result": summary(result),
    }


def main(argv):
    if len(argv) == 3 and argv[1] == "import":
        out = measure_import(argv[2])
    elif len(argv) == 3 and argv[1] == "firstcall":
        out = measure_first_call(argv[2])
    elif len(argv) in (4, 5) and argv[1] == "firstcall_array":
        out = measure_first_array_call(argv[2], argv[3], int(argv[4]) if len(argv) == 5 else None)
    else:
        raise SystemExit(__doc__)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv)
