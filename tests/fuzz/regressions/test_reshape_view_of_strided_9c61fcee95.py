"""Fuzzer regression (value), found by `make fuzz SEED=26341` (program 3041), shrunk.
Open (found in the sixth session's last run; the copy rule dates from the third session):
NumPy's `_attempt_nocopy_reshape` gives a view for any strides it can express; ferrojit
copied every non-C-contiguous array. Fixed in the tenth session: the runtime computes
NumPy's strides (`reshape_strides`) and the reshape is a view when they exist, a copy
otherwise (crates/llvm/src/views.rs, `reshape_strided`).

result: element (0,): 1.0 (0x1.0000000000000p+0) != CPython's 0.0 (0x0.0p+0)
args: [{'values': [1, 1, 0.75], 'shape': [3, 1], 'dtype': 'float32', 'layout': 'strided'}]
"""

from ..harness import check_regression

SOURCE = """\
def f(a0):
    v16 = a0.reshape(-1)
    a0[0 % a0.shape[0], 0 % a0.shape[1]] = 0
    return v16
"""

INPUTS = [
    [{'values': [1, 1, 0.75], 'shape': [3, 1], 'dtype': 'float32', 'layout': 'strided'}],
]

OPTIONS = {}


def test_reshape_view_of_strided_9c61fcee95():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
