"""Seed 001, "Using annotations": `numba --annotate-html fib.html fib.py`, with ferrojit.

The seed writes `fib.py` (a `fib_obj` that needs Python objects and a plain `fib`), runs
it under the annotator and reads the report: lines that run in the interpreter are red,
compiled lines show the types the compiler inferred. This script writes the seed's
`fib.py` (with `from ferrojit import jit`, and `fib_obj` allowed to fall back to the
interpreter with `nopython=False`, as the seed's Numba did), runs

    ferrojit --annotate-html fib.html fib.py

(as `python -m ferrojit --annotate-html ...`, which needs no installed script), and
checks the report: `fib` compiled with int64 types, `fib_obj` red at `n.int`.

    python examples/seed001_annotate.py [output directory]
"""

import os
import re
import subprocess
import sys
import tempfile

FIB_PY = '''from ferrojit import jit


class MyInt(object):
    def __init__(self, n):
        self.int = n

@jit(nopython=False)
def fib_obj(n):
    a, b = MyInt(1), MyInt(1)
    for i in range(n.int):
        a.int, b.int = a.int+b.int, a.int

    return a.int

@jit
def fib(n):
    a, b = 1, 1
    for i in range(n):
        a, b = a + b, a
    return a


if __name__ == "__main__":
    fib_obj(MyInt(10))
    fib(10)
'''


def main(out_dir=None):
    out_dir = out_dir or tempfile.mkdtemp(prefix="ferrojit-annotate-")
    os.makedirs(out_dir, exist_ok=True)
    script = os.path.join(out_dir, "fib.py")
    report = os.path.join(out_dir, "fib.html")
    with open(script, "w", encoding="utf-8") as f:
        f.write(FIB_PY)
    proc = subprocess.run([sys.executable, "-W", "ignore", "-m", "ferrojit", "--annotate-html", report, script],
                          capture_output=True, text=True, cwd=out_dir)
    if proc.returncode != 0:
        print(proc.stdout + proc.stderr)
        return False
    html = open(report, encoding="utf-8").read()
    sections = re.findall(r'<section class="function[^"]*"[^>]*data-name="(\w+)"[^>]*data-mode="(\w+)"', html)
    modes = dict(sections)
    fib_types = "data-name=\"a\" data-type=\"int64\"" in html
    culprit = re.search(r'data-line="(\d+)"[^>]*data-culprit="true"', html)
    print(f"  report: {report} ({len(html) // 1024} KB, self-contained)")
    print(f"  fib: {modes.get('fib')}, a: int64 shown: {fib_types}")
    print(f"  fib_obj: {modes.get('fib_obj')}, red from line {culprit.group(1) if culprit else '?'} (n.int)")
    return modes == {"fib_obj": "object", "fib": "nopython"} and fib_types and culprit is not None


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1] if len(sys.argv) > 1 else None) else 1)
