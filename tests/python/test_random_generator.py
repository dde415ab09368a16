"""`np.random.Generator` arguments in compiled code (python/ferrojit/_lib/random_generator.py):
compiled `random`, `uniform` and `integers` draw from the caller's generator itself. Each
test runs the same calls on two generators seeded alike, one in compiled code and one in
NumPy, and compares the values bit for bit and the two generators' states afterwards (the
next draws in Python), over every bit generator NumPy ships."""

import numpy as np
import pytest

import ferrojit

BIT_GENERATORS = [np.random.PCG64, np.random.PCG64DXSM, np.random.MT19937, np.random.Philox, np.random.SFC64]


def twins(bg, seed=12345):
    return np.random.Generator(bg(seed)), np.random.Generator(bg(seed))


def same_after(fn, *args, bg=np.random.PCG64):
    a, b = twins(bg)
    expected = fn(a, *args)
    got = ferrojit.njit(fn)(b, *args)
    pairs = zip(got, expected) if isinstance(expected, tuple) else [(got, expected)]
    for x, y in pairs:
        np.testing.assert_array_equal(np.asarray(x), np.asarray(y))
        assert np.asarray(x).dtype == np.asarray(y).dtype
    # the generators went on alike: the next draws (doubles and 32-bit words) agree
    assert np.array_equal(a.random(7), b.random(7))
    assert np.array_equal(a.integers(0, 1000, 7), b.integers(0, 1000, 7))
    return got


def random_scalar(g):
    return g.random()


def random_sizes(g, n):
    return g.random(n), g.random(size=(2, 3)), g.random(size=n)


def uniform_calls(g, lo, hi):
    return g.uniform(), g.uniform(lo, hi), g.uniform(lo, hi, 5), g.uniform(low=lo, high=hi, size=(2, 2))


def integers_calls(g, lo, hi):
    return g.integers(hi), g.integers(lo, hi), g.integers(lo, hi, 9), g.integers(lo, hi, size=(3, 2), endpoint=True)


@pytest.mark.parametrize("bg", BIT_GENERATORS)
def test_random(bg):
    assert same_after(random_scalar, bg=bg) == twins(bg)[0].random()
    same_after(random_sizes, 5, bg=bg)
    same_after(random_sizes, 0, bg=bg)


@pytest.mark.parametrize("bg", BIT_GENERATORS)
@pytest.mark.parametrize("lo,hi", [(0.0, 1.0), (-3.5, 2.0), (1.0, 1.0), (5, 7), (-1e300, 1e300)])
def test_uniform(bg, lo, hi):
    same_after(uniform_calls, lo, hi, bg=bg)


@pytest.mark.parametrize("bg", BIT_GENERATORS)
@pytest.mark.parametrize("lo,hi", [
    (0, 5), (-7, 3), (0, 1), (1, 2**32), (0, 2**32 - 1), (-2**31, 2**31), (0, 2**33 + 17),
    (-2**62, 2**62), (-2**63, 2**63 - 1), (10**17, 10**18),
])
def test_integers(bg, lo, hi):
    same_after(integers_calls, lo, hi, bg=bg)


def integers_error(g, lo, hi, endpoint):
    return g.integers(lo, hi, endpoint=endpoint)


def integers_one_bound_error(g, hi):
    return g.integers(hi)


def uniform_error(g, lo, hi):
    return g.uniform(lo, hi)


@pytest.mark.parametrize("fn,args", [
    (integers_error, (5, 5, False)), (integers_error, (5, 3, False)), (integers_error, (5, 3, True)),
    (integers_one_bound_error, (0,)), (integers_one_bound_error, (-3,)),
    (uniform_error, (1.0, 0.0)), (uniform_error, (0.0, np.inf)), (uniform_error, (np.nan, 1.0)),
])
def test_errors_are_numpys(fn, args):
    g = np.random.default_rng(1)
    with pytest.raises(Exception) as want:
        fn(g, *args)
    with pytest.raises(type(want.value)) as got:
        ferrojit.njit(fn)(np.random.default_rng(1), *args)
    assert str(got.value) == str(want.value)


def test_one_compilation_serves_every_generator_of_a_kind():
    f = ferrojit.njit(random_scalar)
    for seed in range(4):
        f(np.random.default_rng(seed))
    assert len(f.signatures) == 1


def not_yet(g):
    return g.normal()


def test_other_methods_say_so():
    with pytest.raises(ferrojit.errors.TypingError, match=r"`np\.random\.Generator\.normal\(\)` is not supported in compiled code yet"):
        ferrojit.njit(not_yet)(np.random.default_rng(1))


def shuffled(g, a):
    g.shuffle(a)
    return a


def permutations(g, n, a):
    return g.permutation(n), g.permutation(a)


@pytest.mark.parametrize("bg", BIT_GENERATORS)
@pytest.mark.parametrize("n", [0, 1, 2, 10, 1000])
def test_shuffle_and_permutation(bg, n):
    a, b = twins(bg)
    x, y = np.arange(n, dtype=np.float64), np.arange(n, dtype=np.float64)
    shuffled(a, x)
    ferrojit.njit(shuffled)(b, y)
    assert np.array_equal(x, y)  # the array shuffled in place, as NumPy's
    want = permutations(a, n, np.arange(n) * 3)
    got = ferrojit.njit(permutations)(b, n, np.arange(n) * 3)
    for w, h in zip(want, got):
        assert np.array_equal(w, h) and w.dtype == h.dtype
    assert a.random() == b.random()


def choices(g, n, a):
    return g.choice(n), g.choice(n, 4), g.choice(n, (2, 3)), g.choice(a), g.choice(a, 5)


def empty_draws(g, n):
    # (NumPy checks the bounds only when it draws)
    return g.choice(n, 0), g.integers(5, 0, size=0), g.integers(0, 0, size=(2, 0))


@pytest.mark.parametrize("bg", BIT_GENERATORS)
@pytest.mark.parametrize("n", [1, 7, 2**33])
def test_choice(bg, n):
    same_after(choices, n, np.arange(6) * 1.5, bg=bg)
    same_after(empty_draws, 0, bg=bg)


def choice_error(g, a):
    return g.choice(a)


@pytest.mark.parametrize("a", [0, -1, np.zeros(0)])
def test_choice_errors_are_numpys(a):
    with pytest.raises(ValueError) as want:
        choice_error(np.random.default_rng(1), a)
    with pytest.raises(ValueError) as got:
        ferrojit.njit(choice_error)(np.random.default_rng(1), a)
    assert str(got.value) == str(want.value)


def test_looking_for_generators_does_not_import_numpy(tmp_path):
    # (the dispatcher's check for Generator arguments must not import NumPy for
    # programs that never do)
    import subprocess
    import sys
    script = tmp_path / "scalar_only.py"
    script.write_text(
        "import sys, ferrojit\n"
        "@ferrojit.njit\n"
        "def f(s, n):\n"
        "    return len(s) + n\n"
        "assert f('abc', 2) == 5\n"
        "print('numpy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
