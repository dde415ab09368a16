"""Plain-Python kernels shared by the ferrojit test-suite.

Every kernel here is an ordinary ``def`` (no decorator) so that the tests can
run the *same source* twice: once under CPython (the oracle) and once through
``ferrojit.njit``.  ferrojit reads the source with ``inspect.getsource``, so
these must live in a real file.

The only decorated functions are the *jitted callees* (``fib_rec``, ``jdiv``,
...): a kernel that calls another function must see a jitted dispatcher in its
globals so that ferrojit can call it natively.  The CPython oracle in
``conftest.pure`` swaps every such dispatcher for a plain-Python copy of its
``py_func``.

Only scalars are used: int (int64), float (float64) and bool.
"""

import math
import math as m
from math import sqrt

import ferrojit

# ---------------------------------------------------------------------------
# Globals read by kernels (frozen by ferrojit at compile time)
# ---------------------------------------------------------------------------
SCALE = 3
OFFSET = 0.5
BIG = 10**12
FLAG = True
NEG_ZERO = -0.0
# Only ``test_global_is_frozen_at_compile_time`` reads and rebinds this one.
FROZEN = 7
# Only the (unsupported) ``has_global_stmt`` kernel writes this one.
SCRATCH = 0


# ---------------------------------------------------------------------------
# Literals
# ---------------------------------------------------------------------------
def const_int():
    return 42


def const_neg_int():
    return -17


def const_float():
    return 2.5


def const_true():
    return True


def const_false():
    return False


def const_neg_zero():
    return -0.0


def const_int_forms():
    return 0x1F + 0o17 + 0b101 + 1_000


def const_float_forms():
    return 1e3 + 2.5e-3 + .5 + 1. + 1_0.0_1


def const_int64_max():
    return 9223372036854775807


def const_float_overflow_literal():
    return 1e309


def const_tiny_float():
    return 5e-324


def docstring_only_body(x):
    """A docstring is an expression statement that must be ignored."""
    return x


def only_docstring(x):
    """Nothing but a docstring: returns None."""


def many_args(a, b, c, d, e, f, g, h):
    return a - b + c * d - e // (f * f + 1) + g * 2 - h


def retype_param(x):
    x = x + 0.5
    return x


def shadow_global(x):
    SCALE = 10
    return x * SCALE


# ---------------------------------------------------------------------------
# Arithmetic
# ---------------------------------------------------------------------------
def identity(x):
    return x


def add(x, y):
    return x + y


def sub(x, y):
    return x - y


def mul(x, y):
    return x * y


def truediv(x, y):
    return x / y


def floordiv(x, y):
    return x // y


def mod(x, y):
    return x % y


def power(x, y):
    return x ** y


def neg(x):
    return -x


def pos(x):
    return +x


def invert(x):
    return ~x


def not_(x):
    return not x


def double_neg(x):
    return - -x


def mul_add(a, b, c):
    return a * b + c


def mul_sub_accumulate(a, b, n):
    acc = 0.0
    for i in range(n):
        acc = acc * a - b
    return acc


def precedence(a, b, c):
    return a + b * c - a % 7 * -b ** 2 // (c * c + 1)


def precedence_float(a, b, c):
    return a + b * c - a / 7.0 * -b ** 2 / (c * c + 1.0)


def power_right_assoc(a):
    return 2 ** a ** 2


def neg_power(a):
    return -a ** 2


def int_arith_mix(a, b):
    return (a + b, a - b, a * b, a // 7, a % 7, -a, +b, ~a)


def float_arith_mix(a, b):
    return (a + b, a - b, a * b, a / 4.0, a // 4.0, a % 4.0, -a, +b)


def divmod_pair(a, b):
    return (a // b, a % b)


def aug_int(a, b):
    x = a
    x += b
    x -= 3
    x *= 2
    x //= 5
    x %= 1000
    x **= 2
    return x


def aug_float(a, b):
    x = a
    x += b
    x -= 1.5
    x *= 2.0
    x /= 3.0
    x //= 0.25
    x %= 7.0
    x **= 2
    return x


def aug_mixed(a, f):
    x = a
    x += f
    x *= a
    return x


def bool_plus_int(b, i):
    return b + i


def bool_times_bool(a, b):
    return a * b


def unify_branches(flag):
    x = 1
    if flag:
        x = 2.5
    return x


def unify_loop(n):
    x = 0
    for i in range(n):
        x += 0.5
    return x


def unify_return(flag):
    if flag:
        return 1
    return 2.5


# ---------------------------------------------------------------------------
# Comparisons and boolean logic
# ---------------------------------------------------------------------------
def cmp_all(a, b):
    return (a < b, a <= b, a == b, a != b, a > b, a >= b)


def in_window(x):
    return 0.8 < x < 1.2


def chained3(a, b, c):
    return a < b <= c


def chained4(a, b, c, d):
    return a == b != c < d


def chained_desc(a, b, c):
    return a >= b > c


def ratio_window(y1, x1, y2, x2, q):
    return 0.8 < (y2 - y1) / (x2 - x1) / q < 1.2


def and_(a, b):
    return a and b


def or_(a, b):
    return a or b


def and_or(a, b, c):
    return a and b or c


def not_and(a, b):
    return not (a and b)


def not_eq(a, b):
    return not a == b


def bool_combo(a, b, c):
    return (a > 0 and b > 0) or (not c < 0 and a != b)


def truthy_int(x):
    if x:
        return 1
    return 0


def truthy_float(x):
    if x:
        return 1
    return 0


def ternary(c, a, b):
    return a if c else b


def ternary_sign(x):
    return -1 if x < 0 else (0 if x == 0 else 1)


def ternary_in_expr(x, y):
    return (x if x > y else y) * 2 + (1 if x == y else 0)


# --- short-circuit: the right-hand side calls a jitted function that raises
@ferrojit.njit
def jdiv(a, b):
    return a // b


def sc_and_guard(a, b):
    return b != 0 and jdiv(a, b) > 2


def sc_or_guard(a, b):
    return b == 0 or jdiv(a, b) > 2


def sc_and_value(a, b):
    return b and jdiv(a, b)


def sc_or_value(a, b):
    return (b == 0) or (jdiv(a, b) == 0)


def sc_chain_guard(a, b):
    return 0 < b < jdiv(a, b)


def sc_ternary_guard(a, b):
    return jdiv(a, b) if b != 0 else -1


def sc_if_guard(a, b):
    if b != 0 and jdiv(a, b) > 1:
        return 1
    elif b == 0 or jdiv(a, b) < -1:
        return 2
    return 0


def sc_while_guard(a, b):
    n = 0
    while b != 0 and jdiv(a, b) > n:
        n += 1
    return n


def sc_nested(a, b, c):
    return (c == 0 or (b != 0 and jdiv(a, b) > c)) and not (b == 0 and jdiv(a, b) > 0)


# --- evaluation order: the first operand raises ValueError (sqrt of a
# negative), the second ZeroDivisionError; Python evaluates left to right.
def order_binop(x, d):
    return math.sqrt(x) + 1.0 // d


def order_compare(x, d):
    return math.sqrt(x) < 1.0 // d


def order_chain(x, d):
    return math.sqrt(x) < 1.0 // d < 2.0


def order_chain_long(x, d):
    return 0.0 <= math.sqrt(x) < 1.0 // d < 2.0


def order_call_args(x, d):
    return min(math.sqrt(x), 1.0 // d)


def order_tuple(x, d):
    return (math.sqrt(x), 1.0 // d)


def order_jitted_call_args(x, d):
    return jaxpy(math.sqrt(x), 1.0 // d)


def order_jitted_call_keywords(x, d):
    return jaxpy(x=1.0 // d, a=math.sqrt(x))


def order_ternary_condition(x, d):
    return (1.0 // d) if math.sqrt(x) > 0.0 else 0.0


# ---------------------------------------------------------------------------
# Control flow
# ---------------------------------------------------------------------------
def sign(x):
    if x > 0:
        return 1
    elif x < 0:
        return -1
    else:
        return 0


def classify(x):
    if x < -100:
        r = 0
    elif x < 0:
        r = 1
    elif x == 0:
        r = 2
    elif x < 100:
        r = 3
    else:
        r = 4
    return r


def nested_if(a, b):
    if a > 0:
        if b > 0:
            r = 1
        else:
            r = 2
    else:
        if b > 0:
            r = 3
        elif b == 0:
            r = 4
        else:
            r = 5
    return r


def collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def gcd(a, b):
    while b:
        a, b = b, a % b
    return a


def sum_range1(n):
    s = 0
    for i in range(n):
        s += i
    return s


def sum_range2(a, b):
    s = 0
    for i in range(a, b):
        s += i
    return s


def sum_range3(a, b, c):
    s = 0
    for i in range(a, b, c):
        s = (s * 31 + i) % 1000003
    return s


def count_range3(a, b, c):
    n = 0
    for _ in range(a, b, c):
        n += 1
    return n


def last_loop_value(a, b, c):
    i = -999
    for i in range(a, b, c):
        pass
    return i


def last_loop_value_break(n, stop):
    i = -1
    for i in range(n):
        if i == stop:
            break
    return i


def loop_var_reassigned(n):
    total = 0
    for i in range(n):
        total += i
        i = 100
        total += i
    return total


def range_args_evaluated_once(n):
    count = 0
    for i in range(n):
        n = n - 1
        count += 1
    return count, n


def same_loop_variable_nested(n):
    total = 0
    for i in range(n):
        for i in range(2):
            total += i
    return total, i


def while_in_for_break(n):
    found = 0
    for i in range(n):
        j = 0
        while True:
            j += 1
            if j > i:
                break
            if (i * j) % 7 == 3:
                found += 1
                break
        if found > 5:
            return i, j, found
    return -1, -1, found


def break_continue(n):
    total = 0
    for i in range(n):
        if i % 3 == 0:
            continue
        if i > 50:
            break
        total += i * i
    return total


def nested_break_continue(n):
    count = 0
    for i in range(n):
        for j in range(n):
            if j > i:
                break
            if (i + j) % 2:
                continue
            count += 1
    return count


def first_multiple(n, k):
    for i in range(1, n):
        if i % k == 0:
            return i
    return -1


def return_in_nested_loop(n):
    for i in range(n):
        for j in range(i):
            if i * j > 50:
                return (i, j)
    return (-1, -1)


def while_true_break(n):
    i = 0
    while True:
        i += 1
        if i * i > n:
            break
    return i


def while_continue(n):
    i = 0
    s = 0
    while i < n:
        i += 1
        if i % 2 == 0:
            continue
        s += i
    return s


def while_return(n):
    i = 0
    while i < n:
        if i * i >= n:
            return i
        i += 1
    return -1


def while_false():
    x = 1
    while False:
        x = 2
    return x


def pass_everywhere(x):
    if x > 0:
        pass
    else:
        x = -x
    for i in range(3):
        pass
    while x > 1000:
        x = x // 2
        pass
    return x


def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def count_primes(n):
    count = 0
    for k in range(2, n):
        prime = True
        for d in range(2, k):
            if d * d > k:
                break
            if k % d == 0:
                prime = False
                break
        if prime:
            count += 1
    return count


def harmonic(n):
    s = 0.0
    for k in range(1, n + 1):
        s += 1.0 / k
    return s


def newton_sqrt(x):
    if x == 0.0:
        return 0.0
    g = x
    for _ in range(200):
        nxt = 0.5 * (g + x / g)
        if nxt == g:
            break
        g = nxt
    return g


def countdown(n):
    out = 0
    for i in range(n, 0, -1):
        out = out * 3 + i
        if out > 1000000:
            out = out % 1000
    return out


def triangle_loops(n):
    s = 0
    for i in range(n):
        for j in range(i, n, 2):
            for k in range(j, -1, -3):
                s += i - j + k
    return s


# The seed article's example (shared/seeds/001).
def fib(n):
    a, b = 1, 1
    for i in range(n):
        a, b = a+b, a

    return a


# ---------------------------------------------------------------------------
# math module and builtins
# ---------------------------------------------------------------------------
def m_sqrt(x):
    return math.sqrt(x)


def m_exp(x):
    return math.exp(x)


def m_log(x):
    return math.log(x)


def m_log2(x):
    return math.log2(x)


def m_log10(x):
    return math.log10(x)


def m_log1p(x):
    return math.log1p(x)


def m_expm1(x):
    return math.expm1(x)


def m_sin(x):
    return math.sin(x)


def m_cos(x):
    return math.cos(x)


def m_tan(x):
    return math.tan(x)


def m_asin(x):
    return math.asin(x)


def m_acos(x):
    return math.acos(x)


def m_atan(x):
    return math.atan(x)


def m_sinh(x):
    return math.sinh(x)


def m_cosh(x):
    return math.cosh(x)


def m_tanh(x):
    return math.tanh(x)


def m_floor(x):
    return math.floor(x)


def m_ceil(x):
    return math.ceil(x)


def m_trunc(x):
    return math.trunc(x)


def m_fabs(x):
    return math.fabs(x)


def m_isnan(x):
    return math.isnan(x)


def m_isinf(x):
    return math.isinf(x)


def m_isfinite(x):
    return math.isfinite(x)


def m_atan2(y, x):
    return math.atan2(y, x)


def m_hypot(x, y):
    return math.hypot(x, y)


def m_pow(x, y):
    return math.pow(x, y)


def m_copysign(x, y):
    return math.copysign(x, y)


def m_constants():
    return (math.pi, math.e, math.inf, -math.inf, math.nan, math.tau)


def m_pi_times(x):
    return math.pi * x


def m_alias_sqrt(x):
    return m.sqrt(x) + m.pi


def m_from_import_sqrt(x):
    return sqrt(x)


def m_floor_plus_one(x):
    return math.floor(x) + 1


def m_isnan_branch(x):
    if math.isnan(x):
        return -1.0
    return x


def distance(x1, y1, x2, y2):
    return math.sqrt((x2 - x1) ** 2 + (y2 - y1) ** 2)


def logistic(x):
    return 1.0 / (1.0 + math.exp(-x))


def b_abs(x):
    return abs(x)


def b_min2(a, b):
    return min(a, b)


def b_min3(a, b, c):
    return min(a, b, c)


def b_max2(a, b):
    return max(a, b)


def b_max3(a, b, c):
    return max(a, b, c)


def b_max4(a, b, c, d):
    return max(a, b, c, d)


def b_min_max_of_tuple(a, b, c):
    t = (a, b, c)
    return min(t), max(t)


def b_int(x):
    return int(x)


def b_float(x):
    return float(x)


def b_bool(x):
    return bool(x)


def b_round(x):
    return round(x)


def b_clamp(x, lo, hi):
    return min(max(x, lo), hi)


def tuple_len3(a, b, c):
    t = (a, b, c)
    return len(t)


def tuple_len_nested(x):
    return len(((x, x), x, (x, (x, x))))


# ---------------------------------------------------------------------------
# Tuples
# ---------------------------------------------------------------------------
def swap(a, b):
    a, b = b, a
    return a, b


def fib_pair(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = a + b, a
    return a, b


def return_nested(a, b):
    return ((a, b), (a + b, (a * b, a - b)))


def return_mixed(i, f):
    return (i, f, i > f, i * 2, f / 2.0)


def single_tuple(x):
    return (x,)


def unpack_tuple_var(a, b, c):
    t = (a, b, c)
    x, y, z = t
    return z, y, x


def nested_unpack(a, b, c):
    (x, y), z = (a, b), c
    return x + y * z


def rotate3(a, b, c):
    a, b, c = b, c, a
    return (a, b, c)


def multi_target(a):
    x = y = a + 1
    return x, y


def tuple_in_loop(n):
    lo, hi = 0, n
    steps = 0
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (mid + 1, hi) if mid * mid < n else (lo, mid)
        steps += 1
    return lo, steps


# ---------------------------------------------------------------------------
# Globals, jitted callees, recursion, defaults and keywords
# ---------------------------------------------------------------------------
def use_globals(x):
    return x * SCALE + OFFSET


def use_global_flag(x):
    return x if FLAG else -x


def use_big_global(x):
    return x + BIG


def use_neg_zero_global():
    return NEG_ZERO


def use_frozen(x):
    return x * FROZEN


@ferrojit.njit
def fib_rec(n):
    if n < 2:
        return n
    return fib_rec(n - 1) + fib_rec(n - 2)


def fact_plain(n):
    """Calls itself by its plain (undecorated) name."""
    if n <= 1:
        return 1
    return n * fact_plain(n - 1)


@ferrojit.njit
def jrunaway(n):
    if n < 0:
        return 0  # never taken for n >= 0: recursion without end
    return jrunaway(n + 1) + 1


def call_fib_rec(n):
    return fib_rec(n) + 1


@ferrojit.njit
def jfact(n):
    if n <= 1:
        return 1
    return n * jfact(n - 1)


@ferrojit.njit
def jsquare(x):
    return x * x


@ferrojit.njit
def jsum_squares(a, b):
    return jsquare(a) + jsquare(b)


def call_chain(a, b):
    return jsum_squares(a, b) - jsquare(a - b)


def call_two_specialisations(i, f):
    return (jsquare(i), jsquare(f))


@ferrojit.njit
def jdivmod(a, b):
    return a // b, a % b


def call_tuple_callee(a, b):
    q, r = jdivmod(a, b)
    return q * b + r == a, q, r


def call_raising_callee(a, b):
    return jdiv(a, b) + 1


@ferrojit.njit
def jclamp(x, lo=0, hi=10):
    return min(max(x, lo), hi)


def call_defaults(x):
    return (jclamp(x), jclamp(x, 5), jclamp(x, hi=3), jclamp(hi=7, x=x, lo=-7),
            jclamp(x, -1, hi=1))


@ferrojit.njit
def jaxpy(a, x, y=1.0):
    return a * x + y


def call_kwargs(a, x):
    return (jaxpy(a, x), jaxpy(a, x, 2.5), jaxpy(a, x, y=-1.0),
            jaxpy(x=x, y=0.5, a=a))


@ferrojit.njit
def jsum_to(n, acc=0):
    if n == 0:
        return acc
    return jsum_to(acc=acc + n, n=n - 1)


def call_recursive_with_keywords(n):
    return jsum_to(n)


@ferrojit.njit
def jplus(a, b=1.0):
    return a + b


def call_default_of_other_type(x):
    return jplus(x), jplus(x, 2), jplus(b=x, a=x)


def with_defaults(x, y=2, z=0.5):
    return x * y + z


def all_defaults(a=1, b=2.5, c=True):
    if c:
        return a * b
    return b - a


@ferrojit.njit
def jnoop_int(x):
    return x


def call_in_loop(n):
    s = 0
    for i in range(n):
        s += jsquare(i) - jnoop_int(i)
    return s


# ---------------------------------------------------------------------------
# Dispatcher tests
# ---------------------------------------------------------------------------
def documented(x):
    """Return x plus one (this docstring must survive jit)."""
    return x + 1


def scale_by(x, k):
    return x * k


def is_positive(x):
    return x > 0


def do_nothing(x):
    pass


def bare_return(x):
    if x > 0:
        return
    return


def accumulate(n):
    acc = 0.0
    for i in range(n):
        acc += i * 0.5
    return acc


# ---------------------------------------------------------------------------
# Programs outside the subset (test_errors.py)
# ---------------------------------------------------------------------------
class MyInt(object):
  def __init__(self, n):
    self.int = n


# The seed article's example (shared/seeds/001), verbatim.
def fib_obj(n):
    a, b = MyInt(1), MyInt(1)
    for i in range(n.int):
        a.int, b.int = a.int+b.int, a.int

    return a.int


def attr_of_int(n):
    y = n + 1
    return n.int + y


@ferrojit.njit
def jbad_callee(n):
    return n.int  # <- offending


def call_bad_callee(n):
    return jbad_callee(n) + 1  # <- call site


def uses_unknown_name(x):
    y = x + 1
    return y * undefined_name_xyz  # noqa: F821  <- offending


def add_named(alpha, beta):
    return alpha + beta


def has_class(x):
    class Local:  # <- offending
        pass
    return x


def has_with(x):
    with open("/dev/null") as fh:  # <- offending
        pass
    return x


def is_generator(n):
    for i in range(n):
        yield i  # <- offending


def has_try(x):
    try:
        x = x + 1
    except ValueError as e:
        x = e  # <- offending (an int variable given the exception's text)
    return x


def has_global_stmt(x):
    global SCRATCH  # <- offending
    SCRATCH = x
    return x


def type_mismatch_tuple_add(x):
    t = (x, x)
    return t + 1  # <- offending


# ---------------------------------------------------------------------------
# Threads (test_threads.py)
# ---------------------------------------------------------------------------
def spin(n):
    acc = 0
    for i in range(n):
        acc = (acc * 31 + i) % 1000003
    return acc


@ferrojit.njit
def jcube(x):
    return x * x * x


def call_jcube(x):
    return jcube(x) + 1


def _message_of(n):
    print("message of", n)
    return n


def assert_with_values(x, n):
    # `assert test, message` with messages built from values (test_raise_messages); the
    # message is evaluated only when the test fails (`_message_of` prints)
    assert n >= 0, _message_of(n)
    assert x < 10, f"x={x:.2f} too big (n={n})"
    assert n != 3, "n is %d" % n
    assert n != 4, str(x) + " and " + repr(n)
    assert n != 5, 5
    return x
