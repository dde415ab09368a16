"""Fuzzer regression (exc-type), found by `make fuzz SEED=7` (program 976), shrunk.

CPython raised ValueError: zero-size array to reduction operation maximum which has no identity; ferrojit raised ZeroDivisionError: integer modulo by zero
args: [{'values': [], 'shape': [4, 0], 'dtype': 'uint16', 'layout': 'C'}]
"""

import pytest

from ..harness import check_regression

SOURCE = """\
import numpy as np

def f(a0):
    v = np.floor_divide(a0.max(axis=1), a0[:, 2 % a0.shape[1]])
    return 0
"""

INPUTS = [
    [{'values': [], 'shape': [4, 0], 'dtype': 'uint16', 'layout': 'C'}],
]

OPTIONS = {}


def test_exc_type_e788df52b9():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
