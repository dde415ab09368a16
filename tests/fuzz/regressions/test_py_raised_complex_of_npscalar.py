"""Fuzzer regression (py-raised), found by `python -m tests.fuzz --seed 9001` (program 52; FERROJIT_FUZZ_FORCE=complex), shrunk by hand.

`complex(x)` of a NumPy scalar (`complex(np.max(c))`, `complex(a[0])` of a complex
array, `complex(np.sign(z))`, `complex(a.real[0])` of a float one) is a Python complex
in CPython, with CPython's rules: `/ 0.0` raises ZeroDivisionError('complex division
by zero'). Compiled code keeps NumPy's rules for it (inf/nan). `complex(x, 0.5)` of a
NumPy float is right. (The fuzzer's program: `complex(complex((a2 + 1j *
a1).min())) / (x1 // x0)` with `x1 // x0 == 0.0`.) gen.py: CX_OF_NP.

CPython raised ZeroDivisionError: complex division by zero but ferrojit returned (inf+infj)

Fixed in the tenth session: `complex(x)` of a NumPy scalar is a Python complex (crates/frontend/src/complex.rs).
"""

from ..harness import check_regression

SOURCE = """\\
import numpy as np

def f(a0, a1):
    return complex(np.max(a0 + 1j * a1)) / 0.0
"""

INPUTS = [
    [{'values': [1.0, 0.0], 'shape': [2], 'dtype': 'float64', 'layout': 'C'}, {'values': [2.0, 3.0], 'shape': [2], 'dtype': 'float64', 'layout': 'C'}],
]

OPTIONS = {}


def test_py_raised_complex_of_npscalar():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
