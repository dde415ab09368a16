"""NumPy scalars in compiled code follow NumPy 2's promotion (NEP 50, issue 22).

`np.int64(3)`, `np.float64(2.5)` and `np.bool_(True)` arguments, array elements, whole
reductions and NumPy functions of scalars are "strong": they take part in the result
type as their dtype does. Python ints, floats and bools (literals, `int()`, `len()`,
`math` functions, loop counters) are "weak". CPython running NumPy is the oracle.
"""

import math
import warnings

import numpy as np
import pytest

import ferrojit
from conftest import check, check_eq

DTYPES = ["?", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8"]
SCALARS = [
    ("py-int", 3), ("py-float", 2.5), ("py-bool", True),
    ("np.int64", np.int64(3)), ("np.float64", np.float64(2.5)), ("np.bool_", np.True_),
    ("np.int8", np.int8(3)), ("np.uint16", np.uint16(3)), ("np.float32", np.float32(2.5)),
]


def add(a, s):
    return a + s


def mul_first(a, b):
    return a * b[0]


def numpy_result(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            return fn(*args), None
        except Exception as e:  # noqa: BLE001 - the oracle's exception is compared
            return None, e


def assert_like_numpy(fn, *args):
    expected, exc = numpy_result(fn, *args)
    f = ferrojit.njit(fn)
    if exc is not None:
        with pytest.raises(type(exc)) as got:
            f(*args)
        assert str(got.value) == str(exc)
        return
    got = f(*args)
    if isinstance(expected, np.generic):
        # compiled code returns Python numbers: NumPy's value, as a Python number
        assert type(got) is type(expected.item()), (fn.__name__, args)
        np.testing.assert_array_equal(np.asarray(got, expected.dtype), expected)
        return
    assert np.asarray(got).dtype == np.asarray(expected).dtype, (fn.__name__, args)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind,s", SCALARS, ids=[k for k, _ in SCALARS])
def test_array_and_scalar_argument(dtype, kind, s):
    a = (np.arange(6) % 3).astype(dtype)
    assert_like_numpy(add, a, s)


@pytest.mark.parametrize("da", DTYPES)
@pytest.mark.parametrize("db", ["i1", "u1", "i8", "f4", "f8", "?"])
def test_array_elements_are_numpy_scalars(da, db):
    a = (np.arange(6) % 3).astype(da)
    b = np.array([2, 1], dtype=db)
    assert_like_numpy(mul_first, a, b)


def test_numpy_scalars_get_their_own_specialisation():
    f = ferrojit.njit(add)
    a = np.arange(3, dtype=np.uint8)
    assert f(a, 7).dtype == np.uint8
    assert f(a, np.int64(7)).dtype == np.int64
    assert f(a, 7.0).dtype == np.float64
    assert f(a, np.float64(7.0)).dtype == np.float64
    f32 = np.arange(3, dtype=np.float32)
    assert f(f32, 7.0).dtype == np.float32
    assert f(f32, np.float64(7.0)).dtype == np.float64
    assert len(f.signatures) == 6


def python_int_of(a, s):
    return a + int(s)


def python_float_of(a, s):
    return a + float(s)


def len_plus(a):
    return a + len(a)


@pytest.mark.parametrize("fn,s", [(python_int_of, np.int64(3)), (python_float_of, np.float64(2.5)), (python_int_of, np.int8(3))])
def test_int_and_float_make_python_scalars(fn, s):
    assert_like_numpy(fn, np.arange(3, dtype=np.uint8), s)
    assert_like_numpy(fn, np.arange(3, dtype=np.float32), s)


def test_len_is_a_python_int():
    assert_like_numpy(len_plus, np.arange(3, dtype=np.int16))


def scalar_sum(x, y):
    return x + y


def scalar_then_array(s, b):
    return 0 + s - b


@pytest.mark.parametrize("x,y", [
    (np.int8(100), np.int8(100)), (np.int8(100), 27), (np.uint8(200), np.int8(-1)),
    (np.int16(3), np.float32(0.5)), (np.int32(3), np.float32(0.5)), (np.float32(1.1), 1.0),
    (np.int64(2**62), np.uint64(2**63)), (np.uint8(255), True),
])
def test_scalar_arithmetic_as_numpy(x, y):
    expected, _ = numpy_result(scalar_sum, x, y)
    got = ferrojit.njit(scalar_sum)(x, y)
    # compiled code returns Python numbers; the value is NumPy's (wrapped, rounded)
    assert got == expected.item() and type(got) is type(expected.item())


@pytest.mark.parametrize("s", [np.int8(0), np.float32(1), np.int64(2), np.bool_(True)])
def test_scalar_expression_then_array(s):
    # issue 22: `0 + np.int8(0) - bool_array` was int64 (NumPy: int8)
    b = np.array([True, False, True])
    assert_like_numpy(scalar_then_array, s, b)


def add_literal(a):
    return a + 300


def sub_negative(a):
    return a - (-1)


def times(a, n):
    return a * n


@pytest.mark.parametrize("fn,args", [
    (add_literal, (np.arange(3, dtype=np.uint8),)),
    (add_literal, (np.arange(3, dtype=np.int16),)),
    (sub_negative, (np.arange(3, dtype=np.uint16),)),
    (times, (np.arange(3, dtype=np.int8), 200)),
    (times, (np.arange(3, dtype=np.int8), -129)),
    (times, (np.arange(3, dtype=np.int8), 127)),
    (times, (np.arange(3, dtype=np.uint64), -1)),
    (times, (np.arange(3, dtype=np.uint64), 2**62)),
    (add_literal, (np.int8(3),)),
])
def test_python_int_out_of_the_arrays_range(fn, args):
    # NumPy: OverflowError: Python integer 300 out of bounds for uint8
    assert_like_numpy(fn, *args)


def divide(a, i, x):
    return a[i] / x


def divide_python_float(a, i, x):
    return float(a[i]) / x


def floor_divide_element(a, i, n):
    return a[i] // n


@pytest.mark.parametrize("fn,args", [
    (divide, (np.arange(3.0), 1, 0.0)),
    (divide, (np.arange(3.0), 0, 0.0)),
    (divide, (np.arange(3, dtype=np.float32), 2, -0.0)),
    (floor_divide_element, (np.arange(3, dtype=np.int16), 2, 0)),
    (divide_python_float, (np.arange(3.0), 1, 0.0)),
])
def test_numpy_scalars_divide_as_numpy(fn, args):
    # NumPy scalars follow NumPy's error rules (inf, nan, 0; CPython's NumPy also warns);
    # Python numbers CPython's (ZeroDivisionError).
    assert_like_numpy(fn, *args)


def accumulate(a):
    t = 0
    for v in a:
        t += v
    return t


def test_accumulating_small_ints_as_cpython():
    # `t = 0; t += v` makes t a NumPy uint8 in CPython after the first step, so the sum
    # wraps at 256 (NumPy warns); compiled code computes each sum in uint8 too. (Numba
    # accumulates in int64: write `t += int(v)` for a Python int total.)
    a = np.arange(200, dtype=np.uint8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = accumulate(a)
    assert ferrojit.njit(accumulate)(a) == expected == 188
    assert ferrojit.njit(accumulate_ints)(a) == accumulate_ints(a) == 19900


def accumulate_ints(a):
    t = 0
    for v in a:
        t += int(v)
    return t


def accumulate_float32(a):
    t = 0.5
    for v in a:
        t += v
    return t


def test_accumulating_float32_as_cpython():
    a = (np.arange(1000, dtype=np.float32) / 7).astype(np.float32)
    assert ferrojit.njit(accumulate_float32)(a) == float(accumulate_float32(a))


def equals_huge(a):
    return a == 2**40


def less_than(a, n):
    return a < n


def maximum_300(a):
    return np.maximum(a, 300)


def fmin_n(a, n):
    return np.fmin(a, n)


def fmod_300(a):
    return np.fmod(a, 300)


@pytest.mark.parametrize("fn,args", [
    (equals_huge, (np.arange(3, dtype=np.int8),)),
    (equals_huge, (np.arange(3, dtype=np.uint32),)),
    (less_than, (np.arange(3, dtype=np.uint8), -1)),
    (less_than, (np.arange(3, dtype=np.int16), 70000)),
    (less_than, (np.arange(3, dtype=np.uint8), 2)),
    (maximum_300, (np.arange(3, dtype=np.int8),)),
    (fmin_n, (np.arange(3, dtype=np.uint8), -5)),
    (fmin_n, (np.arange(3, dtype=np.uint8), 5)),
    (fmod_300, (np.arange(3, dtype=np.int8),)),
])
def test_python_int_out_of_range_in_comparisons_and_ufuncs(fn, args):
    # comparisons use the exact values; ufuncs raise as the operators do
    assert_like_numpy(fn, *args)


# ---- NumPy scalars passed to helpers stay NumPy scalars (their rules follow them) --------


def _inverse(x):
    return 1.0 / x


def _add_small(x):
    return x + 300


def inverse_of_element(a, i):
    return float(_inverse(a[i]))  # (NumPy scalars come back as Python numbers)


def add_to_element(a, i):
    return int(_add_small(a[i]))


@pytest.mark.parametrize("i", [0, 1])
def test_numpy_scalar_arguments_keep_numpys_rules_in_the_callee(i):
    # CPython: np.float64(0.0) -> 1.0 / x is inf (a RuntimeWarning), not ZeroDivisionError;
    # np.int8 + 300 is an OverflowError in NumPy 2 (the Python int does not fit int8).
    with np.errstate(all="ignore"):
        check(inverse_of_element, np.array([0.0, 4.0]), i)
        check(add_to_element, np.array([1, 2], np.int8), i)


def abs_of_element_over(a, b):
    # abs() of a NumPy scalar is a NumPy scalar: NumPy's division rules (inf, no
    # ZeroDivisionError) apply to it, as in CPython (fuzz seed 7391)
    return abs(a[0]) / b


def test_abs_keeps_a_numpy_scalar():
    a = np.array([-2.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_eq(abs_of_element_over, a, 0.0)
        check_eq(abs_of_element_over, a, 4.0)


def divide_by_membership(x, t):
    v = np.floor(x)
    return 0 / (v in t), 1.0 / (v not in t), (v in t) + 1


@pytest.mark.parametrize("x,t", [(1.0, (100,)), (100.0, (100,)), (100.0, (3, 100.0)), (2.0, (2.0,))])
def test_in_gives_a_python_bool_even_of_numpy_scalars(x, t):
    """`x in t` is a Python bool although the items' `==` gives NumPy bools: `0 / (v
    in t)` raises ZeroDivisionError when nothing matches (fuzzer, seed 111111 #495)."""
    check(divide_by_membership, x, t)


def _ufunc_through_a_parameter_mod(g, n):
    v = g(n)
    return v % 0


def _ufunc_through_a_parameter_pow(g, n):
    v = g(n)
    return v ** -2


@pytest.mark.parametrize("n", [0, 3, -2, 2.5, -0.0])
def test_ufunc_passed_as_a_function_value_keeps_numpy_scalars(n):
    # `g(n)` with g = np.negative is a NumPy scalar, as `np.negative(n)` is: NumPy's
    # rules for `% 0` (0 or nan, a warning) and for negative powers of ints.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_like_numpy(_ufunc_through_a_parameter_mod, np.negative, n)
        assert_like_numpy(_ufunc_through_a_parameter_pow, np.negative, n)


def _numpy_or_python_by_path(x, flag):
    v = np.negative(x)  # a NumPy scalar...
    if flag:
        v = x           # ...or, on this path, a Python float
    return v % 0.0


def test_a_name_bound_to_a_numpy_scalar_on_one_path_keeps_numpy_rules_there():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_like_numpy(_numpy_or_python_by_path, 2.5, True)
        assert_like_numpy(_numpy_or_python_by_path, 2.5, False)


def _numpy_by_augmented_assignment(x):
    v = 100         # a Python int...
    v %= np.sqrt(x)  # ...then, in place, a NumPy float (nan for x = 0: NumPy's rule)
    v %= 0          # NumPy: nan % 0 is nan; compiled code keeps one set of rules for v
    return v


def test_a_name_made_a_numpy_scalar_in_place_keeps_numpy_rules():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_like_numpy(_numpy_by_augmented_assignment, 0.0)


# A name that holds a NumPy scalar on some paths and a Python number on others has a
# hidden flag (crate::function's `numpy_flags`): `/`, `//`, `%` and `**` take the rules
# of the value it holds when running, as CPython does.

def _accumulated_float(a, d):
    s = 0.0          # a Python float until the loop adds an element
    for x in a:
        s += x
    return s / d, s // d, s % d


def _accumulated_int(a, d):
    s = 0
    for x in a:
        s = s + x
    return s // d, s % d


def _chosen_by_a_conditional_expression(x, flag):
    v = np.float64(x) if flag else x
    w = v * 2.0      # (the flag carries through arithmetic)
    return w % 0.0, w / 0.0


def _rebound_in_a_loop(a, d):
    out = 0.0
    for i in range(a.shape[0]):
        if a[i] > 0:
            out = a[i]
        else:
            out = 1.5
        out = out / d
    return out


@pytest.mark.parametrize("a", [np.arange(3.0), np.zeros(0), np.array([-1.5, 2.0])])
@pytest.mark.parametrize("d", [0.0, 2.0, -0.0])
def test_a_name_numpy_on_some_paths_takes_the_rules_of_its_value(a, d):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_like_numpy(_accumulated_float, a, d)
        assert_like_numpy(_accumulated_int, a.astype(np.int64), int(d))
        assert_like_numpy(_rebound_in_a_loop, a, d)


@pytest.mark.parametrize("x", [2.5, 0.0, -1.0])
@pytest.mark.parametrize("flag", [True, False])
def test_the_flag_follows_a_conditional_expression(x, flag):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_like_numpy(_chosen_by_a_conditional_expression, x, flag)


def _max_of_mixed(a):
    return max(a[0], 3.0) / 0.0


def _min_of_three(a):
    return min(a[0], 3.0, a[1]) % 0.0


def _max_kept(a):
    m = max(2.0, a[0])
    return m // 0.0


@pytest.mark.parametrize("a", [[1.0, 5.0], [4.0, 2.0], [3.0, 3.0], [np.nan, 1.0], [2.0, -1.0]])
def test_min_max_of_numpy_and_python_numbers_is_the_winners(a):
    # CPython's max returns the item that wins (the first of equal ones): a Python
    # float or a NumPy scalar, with its rules for `/ 0.0`.
    a = np.array(a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fn in (_max_of_mixed, _min_of_three, _max_kept):
            assert_like_numpy(fn, a)


def _abs_of_product(a, x):
    return abs(a[0] * math.acos(x))


def _abs_of_ufunc(a, g, x):
    return abs(g(1.0, math.acos(x)))


def _abs_of_read(a, j):
    return abs(a[1 // j])


@pytest.mark.parametrize("fn, args", [
    (_abs_of_product, (2.0,)), (_abs_of_product, (0.5,)),
    (_abs_of_ufunc, (np.multiply, 2.0)), (_abs_of_ufunc, (np.multiply, -0.5)),
    (_abs_of_read, (0,)), (_abs_of_read, (1,)),
])
def test_abs_of_a_numpy_scalar_evaluates_its_operand_by_python_rules(fn, args):
    """abs() of a NumPy scalar follows NumPy's rules, its operand its own: `math.acos(2.0)`
    in it raises the domain error and `1 // 0` ZeroDivisionError (the fuzzer, seed 1801:
    the operand was evaluated by NumPy's rules, giving nan and 0)."""
    assert_like_numpy(fn, np.array([-1.5, 2.5]), *args)


def _bool_sub(a, b):
    return a - b


def _bool_sub_on_one_path(a, c):
    if c:
        return (a > 0) - (a < 1)
    return a > 0


def _bool_sub_elements(a):
    return a[0] - a[1]


def _bool_sub_operand_raises(a, i):
    return (a > 0) - a[i % 0]


@pytest.mark.parametrize("fn, args", [
    (_bool_sub, (np.array([True, False]), np.array([False, False]))),
    (_bool_sub_on_one_path, (np.arange(3.0), True)), (_bool_sub_on_one_path, (np.arange(3.0), False)),
    (_bool_sub_elements, (np.array([True, False]),)),
    (_bool_sub_operand_raises, (np.array([True, False]), 1)),
])
def test_boolean_subtract_raises_numpys_type_error_when_it_runs(fn, args):
    """NumPy's `bool - bool` TypeError is raised where the subtraction runs, after its
    operands (it was a compile error, so a function with one on an untaken path did not
    compile)."""
    assert_like_numpy(fn, *args)
