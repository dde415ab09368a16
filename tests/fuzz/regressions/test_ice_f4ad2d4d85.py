"""Fuzzer regression (ice), found by `make fuzz SEED=7` (program 369), shrunk.

InternalCompilerError: type inference missed a type that lowering `f` found: v13: optional(int64)
"""


from ..harness import check_regression

SOURCE = """\
def f():
    best9 = None
    r12 = 0
    v13 = r12 if r12 else best9

    def fn28(p29):
        pass
    return None
"""

INPUTS = [
    [],
]

OPTIONS = {}


def test_ice_f4ad2d4d85():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=4, subprocess=False)
