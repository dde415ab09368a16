"""Fuzzer regression (value), found by `make fuzz SEED=31337` (program 69168), shrunk by hand.

result[0]: -0.9475130119885861 (-0x1.e5206cee0d059p-1) != CPython's -0.947513011988587 (-0x1.e5206cee0d061p-1)
(`math.hypot` called glibc's hypot, an ulp away from CPython's correctly rounded
`vector_norm` for (pi/4, 2.25); `math.tan` near its pole made it 8 ulp.)
"""

from ..harness import check_regression

SOURCE = """\
import math

def f(x0):
    return math.tan(math.hypot(math.atan2(x0, x0), x0)), math.hypot(0.7853981633974483, x0), math.hypot(x0, 5e-324)
"""

INPUTS = [
    [2.25],
    [-2.75],
    [1e-310],
]

OPTIONS = {}


def test_value_31337a69168():
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
