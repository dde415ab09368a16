"""Fuzzer regression (ice), found by `make fuzz SEED=5` (program 52), shrunk.

InternalCompilerError: type inference missed a type that lowering `f` found: return: (int64, none, int64)
"""


from ..harness import check_regression

SOURCE = """\
def h0(p0):
    pass

def f():
    r15 = h0(9007199254740992.0)
    return (7, r15, 100)
"""

INPUTS = [
    [],
]

OPTIONS = {}


def test_ice_c67b56d94d():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
