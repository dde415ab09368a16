"""Count the instructions one compile takes, with callgrind (repeatable, unlike the clock).

    make compile-cost            # every kernel below
    python benchmarks/compile_cost.py KERNEL   # under valgrind: the kernel's first call

Only instructions inside `Dispatcher::compile_spec` (frontend, LLVM, machine code) are
counted (`--toggle-collect`), so interpreter start-up and imports do not blur them.
"""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

KERNELS = ["fib", "pdist_python", "build_graph", "pdist_numpy", "integral_search", "softmax"]


def run_kernel(name):
    import ferrojit
    import kernels as K

    if name == "fib":
        ferrojit.jit(K.fib)(10)
    elif name == "pdist_python":
        ferrojit.jit(K.pdist_python)(*K.pdist_input(20))
    elif name == "build_graph":
        skel = K.random_skeleton(64, 6)
        ferrojit.jit(K.build_graph)(*K.build_graph_inputs(skel))
    elif name == "pdist_numpy":
        K.seed_pdist_numpy(ferrojit.jit)(*K.pdist_input(20))
    elif name == "integral_search":
        K.seed_integral_search(ferrojit.jit)(*K.integral_search_inputs((32, 6, 5)))
    elif name == "softmax":
        K.seed_softmax(ferrojit.jit)(*K.softmax_input(100))  # compiled at decoration
    else:
        raise SystemExit(f"unknown kernel {name!r}; one of {', '.join(KERNELS)}")


def count(name):
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--toggle-collect=*compile_spec*",
         sys.executable, os.path.abspath(__file__), name],
        capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED="0"),
    )
    m = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
    if out.returncode != 0 or not m:
        raise SystemExit(f"{name}: valgrind failed:\n{out.stderr[-2000:]}")
    return int(m.group(1))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        run_kernel(sys.argv[1])
    else:
        for k in KERNELS:
            print(f"{k:16s} {count(k) / 1e6:8.1f}M instructions to compile", flush=True)
