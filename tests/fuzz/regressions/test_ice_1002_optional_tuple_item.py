"""Fuzzer regression (ice), `python -m tests.fuzz --seed 1002` (program 469), shrunk,
found in the tenth session just after tuples with optional items could themselves be
optional: `(x0, r6)` (r6 an optional int) converted to `optional((float64,
optional(int64)))` was rejected by the IR verifier ("cast from (float64, int64) to
optional(...)"), which knew only a value into an optional of exactly its type; casts
are now checked recursively (items of tuples, payloads of optionals), as the backend
converts them.
"""

from ..harness import check_regression

SOURCE = """\\
def f(x0, k):
    r6 = None
    if 0:
        r6 = 9223372036854775807
    r13 = None
    if r6:
        r13 = (x0, r6)
    v14 = (x0, 0) if None else r13
    r = None
    if k > 0:
        r = (x0, k)
    w = (x0, None) if k > 5 else r
    return r6, v14, w
"""

INPUTS = [
    [0.0, 0],
    [1.5, 3],
    [-2.0, 7],
]

OPTIONS = {}


def test_ice_1002_optional_tuple_item(monkeypatch):
    monkeypatch.setenv("FERROJIT_STRICT_INFER", "1")
    check_regression(SOURCE, INPUTS, OPTIONS, ulps=0, subprocess=False)
