"""Generators (`yield`) in compiled code, against CPython: a generator function of the same
module run by a `for` loop, a comprehension, `enumerate`, or `list/set/sorted/sum/
min/max/any/all`, inlined into the loop (crates/frontend/src/generators.rs). Compared:
results, exceptions (type and message), printed output (the generator's statements and
the loop's body interleave as in CPython) and arguments after the call."""

import contextlib
import io

import numpy as np
import pytest

import ferrojit
from conftest import jitted
from test_lists import same


# --- generators ------------------------------------------------------------------------

def squares(n):
    for i in range(n):
        yield i * i


def odd_squares(n):
    for i in range(n):
        if i % 2:
            yield i * i


def countdown(n, step=1):
    while n > 0:
        yield n
        n -= step


def pairs(a):
    for i in range(a.shape[0]):
        yield i, a[i]


def until_negative(xs):
    for x in xs:
        if x < 0:
            return
        yield x
    yield -1


def first_and_rest(n):
    yield 100
    yield from squares(n)
    yield from [7, 8]


def nested(n):
    for i in range(n):
        for j in range(i):
            if j == 2:
                break
            yield i * 10 + j


def chatty(n):
    for i in range(n):
        print("gen", i)
        yield i
    print("gen done")


def failing(n):
    for i in range(n):
        yield 10 // (2 - i)


# --- consumers ---------------------------------------------------------------------------

def loop_sum(n):
    s = 0
    for v in squares(n):
        s += v
    return s


def with_continue_break(n):
    out = []
    for v in odd_squares(n):
        if v == 9:
            continue
        if v > 50:
            break
        out.append(v)
    return out


def for_else(n, stop):
    out = []
    for v in countdown(n):
        if v == stop:
            break
        out.append(v)
    else:
        out.append(-99)
    return out


def keyword_and_default(n):
    return list(countdown(n)), list(countdown(n, 2)), list(countdown(step=3, n=n))


def unpacking(a):
    total = 0.0
    for i, x in pairs(a):
        total += i * x
    return total


def returns_early(xs):
    return list(until_negative(xs))


def yield_from(n):
    return [v for v in first_and_rest(n)]


def break_through_yield_from(n, stop):
    out = []
    for v in first_and_rest(n):
        if v == stop:
            break
        out.append(v)
    else:
        out.append(-1)
    return out


def builtins_of(n):
    return (sum(squares(n)), max(squares(n)), min(odd_squares(n + 2)), sorted(countdown(n)),
            any(v > 10 for v in squares(n)), all(squares(n)), len(set(nested(n))),
            [v + 1 for v in squares(n) if v % 2 == 0])


def enumerated(n):
    out = []
    for i, v in enumerate(squares(n)):
        out.append((i, v))
    for i, v in enumerate(countdown(n), 5):
        if i == 7:
            continue
        out.append((i, v))
    return out


def nested_loops(n):
    out = []
    for v in nested(n):
        for w in squares(2):
            out.append(v + w)
    return out


def interleaved(n):
    for v in chatty(n):
        print("body", v)
        if v == 1:
            break
    for v in chatty(2):
        print("body", v)
    return 0


def return_inside(n):
    for v in squares(n):
        if v > 5:
            return v
    return -1


def raises_inside(n):
    s = 0
    for v in failing(n):
        s += v
    return s


def twice(n):
    a = list(squares(n))
    b = list(squares(n + 1))
    return a, b


def mutates(xs):
    for v in squares(3):
        xs.append(v)
    return len(xs)


# --- the tests -----------------------------------------------------------------------------

@pytest.mark.parametrize("fn,args", [
    (loop_sum, (0,)), (loop_sum, (5,)),
    (with_continue_break, (20,)), (with_continue_break, (4,)),
    (for_else, (5, 3)), (for_else, (5, 9)), (for_else, (0, 1)),
    (keyword_and_default, (7,)),
    (returns_early, ([1, 2, -3, 4],)), (returns_early, ([1, 2],)),
    (yield_from, (4,)),
    (break_through_yield_from, (4, 4)), (break_through_yield_from, (4, 8)), (break_through_yield_from, (4, 99)),
    (builtins_of, (6,)),
    (enumerated, (4,)),
    (nested_loops, (5,)),
    (return_inside, (5,)), (return_inside, (2,)),
    (raises_inside, (2,)), (raises_inside, (4,)),
    (twice, (3,)),
    (mutates, ([1],)),
], ids=lambda v: getattr(v, "__name__", None))
def test_generators_in_loops(fn, args):
    same(fn, *args)


@pytest.mark.parametrize("a", [np.arange(5.0), np.array([1.5, -2.0]), np.zeros(0)])
def test_generator_over_an_array(a):
    assert jitted(unpacking)(a) == unpacking(a)


@pytest.mark.parametrize("n", [0, 1, 3])
def test_generator_and_loop_interleave_as_in_cpython(n):
    out = []
    for fn in (interleaved, jitted(interleaved)):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            fn(n)
        out.append(buf.getvalue())
    assert out[0] == out[1]
    assert "gen 0" in out[0] or n == 0


def test_a_jitted_generator_called_from_python_is_pythons():
    g = ferrojit.njit(squares)
    assert list(g(4)) == [0, 1, 4, 9]
    assert g.py_func is squares


def _as_value(n):
    it = squares(n)
    return it


def _yield_in_try(n):
    for v in _guarded(n):
        return v
    return 0


def _guarded(n):
    try:
        yield n
    except ValueError:
        pass


def _yield_value(n):
    for v in _echo(n):
        return v
    return 0


def _echo(n):
    x = yield n
    yield x


SCALE = 3


def scaled(n):
    for i in range(n):
        yield i * SCALE


def _shadows_a_global(n):
    SCALE = 100
    return [v + SCALE for v in scaled(n)]


@pytest.mark.parametrize("fn,message", [
    (_shadows_a_global, "the generator `scaled` reads the global `SCALE`, and this function has a variable `SCALE`"),
    (_as_value, "`squares` is a generator function: compiled code runs a generator"),
    (_yield_in_try, "`yield` inside `try` is not supported in compiled code yet"),
    (_yield_value, "`yield` used as a value is not supported in compiled code"),
])
def test_what_stays_unsupported_says_so(fn, message):
    with pytest.raises(ferrojit.errors.TypingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        jitted(fn)(2)


def stoppable(n):
    stop = n // 2  # (a local named like the inliner's flag: `$g1_stop` against `$g1$stop`)
    brk = "b"
    for i in range(n):
        if i == stop:
            return
        yield brk * i


def names_like_the_flags(n):
    out = []
    for s in stoppable(n):
        if len(s) > 5:
            break
        out.append(s)
    return out


@pytest.mark.parametrize("n", [0, 5, 20])
def test_generator_locals_named_like_the_inliners_flags(n):
    same(names_like_the_flags, n)


def naturals(start):
    i = start
    while True:
        yield i
        i += 1


def take_from_an_endless_generator(n):
    out = []
    for x in naturals(3):
        if x > n:
            break
        out.append(x)
    total = 0
    for i, x in enumerate(naturals(0)):
        if i >= 4:
            break
        total += x
    return out, total


@pytest.mark.parametrize("n", [0, 6])
def test_an_endless_generator_stops_with_the_loop(n):
    same(take_from_an_endless_generator, n)


# --- found by the generators fuzz family (tests/fuzz/gen.py "generators") --------------

def tap(i, v):
    print("tap", i)
    return v


def counted(p0, p1=3):
    for k in range(p0, p0 + p1):
        print("gen", k)
        yield k


def retyped(n):
    k = 1
    print(k)
    k = n * 0.5
    yield k


def deleted(n):
    k = n
    yield k
    del k
    yield 2
    yield k


def chained(n):
    if 0 < n + 1 < 5:
        yield n


def lifted_body(n):
    l = [i * 2 for i in range(n)]
    yield sum(l)
    f = lambda x: x + n
    yield f(1)
    yield sum(counted(n, 2))
    yield max([v * 3 for v in counted(1, n)], default=-1)


def mixed(n):
    yield 1
    yield n * 2.5
    yield "s"


def any_stops_at_the_deciding_item(n):
    return any(counted(n)), all(k < n + 1 for k in counted(n)), any(k > 100 for k in counted(n))


def keyword_arguments_in_call_order(n):
    s = 0
    for x in counted(p1=tap(1, 2), p0=tap(2, n)):
        s += x
    return s


def comprehension_arguments_in_order(n):
    return [x for x in counted(tap(0, n), sum(counted(tap(1, 1), 2)))]


def a_local_rebound_to_another_type(n):
    return [x for x in retyped(n)]


def a_deleted_local(n):
    return [x for x in deleted(n)]


def chained_comparisons_on_both_sides(n):
    a = [0.0, 1.0, 2.0]
    for x in chained(n):
        if 0 < x * 2 < 10:
            a[x % 3] += 1.0
    return a


def comprehensions_and_lambdas_in_the_generator(n):
    return list(lifted_body(n))


def the_target_typed_per_yield(n):
    out = []
    for x in mixed(n):
        print(x)
        out.append(str(x))
    return out


def comprehension_over_its_own_name(c):
    return [c * 10 for c in range(c)], [[c + k for k in range(c)] for c in range(c)]


def nested_comprehensions_in_order(n):
    return [(tap(0, x), [tap(1, y) for y in range(x)]) for x in range(n)]


def with_inner_function(n):
    def scale(v):
        return v * n
    yield scale(1)
    yield scale(2)


def inner_function_in_a_loop_of_the_generator(n):
    for k, tag in counted_pairs(n):
        def label(q):
            return q * 2
        scale = lambda q: q + k
        yield label(k) + scale(1)


def counted_pairs(n):
    yield n, "a"
    yield n + 1, "b"
    yield n + 2, "c"


def an_inner_function_in_a_loop_copied_per_yield(n):
    return list(inner_function_in_a_loop_of_the_generator(n))


def a_lambda_in_the_body_and_inner_functions_in_the_generator(n):
    out = []
    for x in mixed(n):
        show = lambda q: (q, x)
        out.append(str(show(1)))
    for a in with_inner_function(n):
        for b in with_inner_function(a):
            out.append(str((a, b)))
    return out


@pytest.mark.parametrize("fn", [
    any_stops_at_the_deciding_item, keyword_arguments_in_call_order,
    comprehension_arguments_in_order, a_local_rebound_to_another_type, a_deleted_local,
    chained_comparisons_on_both_sides, comprehensions_and_lambdas_in_the_generator,
    the_target_typed_per_yield, comprehension_over_its_own_name,
    nested_comprehensions_in_order, a_lambda_in_the_body_and_inner_functions_in_the_generator,
    an_inner_function_in_a_loop_copied_per_yield,
])
@pytest.mark.parametrize("n", [0, 3])
def test_fuzz_found_generator_cases(fn, n):
    printed = []
    for run in (fn, jitted(fn)):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            try:
                got = run(n)
            except Exception as e:  # compared below: type and message
                got = (type(e), str(e))
        printed.append((got, buf.getvalue()))
    assert printed[1] == printed[0]
    assert type(printed[1][0]) is type(printed[0][0])


def endless(n):
    yield sum(endless(n - 1))


def _runs_itself(n):
    return [x for x in endless(n)]


def test_a_generator_that_runs_itself_is_refused():
    with pytest.raises(ferrojit.errors.TypingError, match="nested too deep"):
        jitted(_runs_itself)(2)
