"""np.random's legacy functions in compiled code (python/ferrojit/_lib/random_legacy.py):
after `np.random.seed(s)` in compiled code, every draw is NumPy's `RandomState` stream bit
for bit. Each test runs the same kernel through ferrojit and as plain Python (where
`np.random` is NumPy's global RandomState) and compares the results exactly: values to
the bit, dtypes, shapes and Python types of scalars."""

import numpy as np
import pytest

import ferrojit

SEEDS = [0, 1, 12345, 2**32 - 1]


def same(x, y):
    """x and y are the same value: the same type, dtype and shape, equal to the bit."""
    if isinstance(y, tuple):
        assert isinstance(x, tuple) and len(x) == len(y)
        for i, (a, b) in enumerate(zip(x, y)):
            try:
                same(a, b)
            except AssertionError as e:
                raise AssertionError(f"item {i}: {e}") from None
        return
    if isinstance(y, np.ndarray):
        assert isinstance(x, np.ndarray), (type(x), x, y)
        assert x.dtype == y.dtype and x.shape == y.shape, (x.dtype, x.shape, y.dtype, y.shape)
        if y.dtype == np.float64:
            assert np.array_equal(x.view(np.int64), y.view(np.int64)), (x, y)
        else:
            assert np.array_equal(x, y), (x, y)
        return
    if y is None:
        assert x is None, x
        return
    # NumPy's scalar results: Python float / int (randint, choice), or NumPy scalars
    # (choice of an array's item), which compiled code returns as Python numbers
    if isinstance(y, (float, np.floating)):
        assert isinstance(x, float), (type(x), x, y)
        assert np.float64(x).view(np.int64) == np.float64(y).view(np.int64), (x, y)
    else:
        assert isinstance(x, int) and not isinstance(x, bool), (type(x), x, y)
        assert x == y, (x, y)


_COMPILED = {}


def jitted(kernel):
    """One dispatcher per kernel (each specialisation compiled once for the file)."""
    if kernel not in _COMPILED:
        _COMPILED[kernel] = ferrojit.njit(kernel)
    return _COMPILED[kernel]


def check(kernel, *args):
    compiled = jitted(kernel)
    for s in SEEDS:
        same(compiled(s, *args), kernel(s, *args))


# --- the generator, uniform doubles, normals, exponentials --------------------------------

def uniform_kernel(s, n):
    np.random.seed(s)
    return (np.random.random(), np.random.random(0), np.random.random(1), np.random.random(n),
            np.random.random((2, 3)), np.random.random_sample(n), np.random.sample(2), np.random.ranf(),
            np.random.rand(), np.random.rand(n), np.random.rand(2, 3),
            np.random.uniform(), np.random.uniform(-3.0, 7.5), np.random.uniform(2, 1, n),
            np.random.uniform(high=3, size=(2, 2)), np.random.random(1000))


def test_uniform():
    check(uniform_kernel, 5)
    check(uniform_kernel, 0)


def normal_kernel(s, n):
    np.random.seed(s)
    # draws one value of a polar pair at a time: the cached second value carries over
    # between calls and between scalar and array forms
    return (np.random.standard_normal(), np.random.standard_normal(n), np.random.standard_normal(0),
            np.random.randn(), np.random.randn(n), np.random.randn(2, 3), np.random.normal(),
            np.random.normal(1.5, 2.0), np.random.normal(-1, 3, n), np.random.normal(loc=2.0, scale=0.5, size=(3, 1)),
            np.random.normal(0.0, 0.0, 1), np.random.standard_normal(1001))


def test_normal():
    check(normal_kernel, 7)
    check(normal_kernel, 1)


def exponential_kernel(s, n):
    np.random.seed(s)
    return (np.random.standard_exponential(), np.random.standard_exponential(n), np.random.exponential(),
            np.random.exponential(2.5), np.random.exponential(0.5, n), np.random.exponential(size=(2, 2)),
            np.random.exponential(3, 0), np.random.standard_exponential(1000))


def test_exponential():
    check(exponential_kernel, 6)


def test_seed_and_regeneration_boundaries():
    # 624 words per regeneration: draws that straddle it, and seeds of every size
    def kernel(s):
        np.random.seed(s)
        a = np.random.random(311)
        b = np.random.random()  # words 622 and 623
        c = np.random.random(2)  # after the regeneration
        return a, b, c, np.random.randint(0, 10, 1250)
    check(kernel)

    def seeds(s):
        np.random.seed(True)
        a = np.random.random()
        np.random.seed(np.int32(s & 0x7FFFFFFF))
        return a, np.random.random(3)
    check(seeds)


# --- integers -------------------------------------------------------------------------------

def randint_kernel(s, n):
    np.random.seed(s)
    return (np.random.randint(10), np.random.randint(-5, 5), np.random.randint(-5, 5, n), np.random.randint(7, size=(2, 3)),
            np.random.randint(3, 4, n), np.random.randint(0, 2, n), np.random.randint(0, 2**31, n),
            np.random.randint(0, 2**32 - 1, n), np.random.randint(0, 2**32, n), np.random.randint(0, 2**32 + 1, n),
            np.random.randint(-(2**40), 3 * 2**40 + 7, n), np.random.randint(-9223372036854775807 - 1, 9223372036854775807, n),
            np.random.randint(-(2**62), 2**62), np.random.randint(5, 2, 0), np.random.randint(1, size=0),
            np.random.randint(low=2, high=9), np.random.randint(100, size=1), np.random.randint(0, 1000, 1000))


def test_randint():
    check(randint_kernel, 9)
    check(randint_kernel, 1)


# --- shuffle, permutation, choice -------------------------------------------------------------

def shuffle_kernel(s, n):
    np.random.seed(s)
    a = np.arange(n)
    np.random.shuffle(a)
    b = np.arange(n * 1.0)[::2]  # a view: the base is shuffled in place
    np.random.shuffle(b)
    c = np.arange(12.0).reshape(4, 3)
    np.random.shuffle(c)
    d = np.arange(24).reshape(2, 3, 4)
    np.random.shuffle(d)
    e = np.zeros(0)
    np.random.shuffle(e)
    f = np.zeros((3, 0))  # no elements: no draws (its permutation draws)
    np.random.shuffle(f)
    return a, b, c, d, e, f, np.random.random()


def test_shuffle():
    check(shuffle_kernel, 10)
    check(shuffle_kernel, 1)


def permutation_kernel(s, n):
    np.random.seed(s)
    x = np.arange(n) * 1.5
    y = np.arange(12).reshape(4, 3)
    return (np.random.permutation(n), np.random.permutation(0), np.random.permutation(1), np.random.permutation(-2),
            np.random.permutation(x), x, np.random.permutation(y), np.random.permutation(y[:, 1]), np.random.permutation(700),
            np.random.permutation(np.zeros((3, 0))), np.random.random())


def test_permutation():
    check(permutation_kernel, 10)


def choice_kernel(s, n):
    np.random.seed(s)
    a = np.arange(n) * 1.5
    b = np.arange(n, dtype=np.int32)
    return (np.random.choice(n), np.random.choice(a), np.random.choice(b), np.random.choice(n, 4), np.random.choice(a, (2, 3)),
            np.random.choice(n, 0), np.random.choice(0, 0), np.random.choice(n, 1), np.random.choice(b, 5),
            np.random.choice(n, 4, False), np.random.choice(a, 3, replace=False), np.random.choice(n, replace=False),
            np.random.choice(a, (2, 2), False), np.random.choice(n, n, False), np.random.choice(n, size=300))


def test_choice():
    check(choice_kernel, 10)
    check(choice_kernel, 5)


def choice_p_kernel(s, p, p32):
    np.random.seed(s)
    n = p.shape[0]
    a = np.arange(n) * 1.5
    return (np.random.choice(n, p=p), np.random.choice(a, p=p), np.random.choice(n, 7, p=p), np.random.choice(a, (2, 3), True, p),
            np.random.choice(n, replace=False, p=p), np.random.choice(n, 5, False, p), np.random.choice(a, (2, 2), False, p32),
            np.random.choice(n, 0, False, p), np.random.choice(n, 3, p=p32), np.random.choice(n, 400, p=p))


def test_choice_with_probabilities():
    rng = np.random.default_rng(5)
    compiled = jitted(choice_p_kernel)
    for s in range(6):
        p = rng.random(10)
        p[rng.integers(0, 10, 3)] = 0
        p /= p.sum()
        p32 = p.astype(np.float32)
        same(compiled(s, p, p32), choice_p_kernel(s, p, p32))


# --- other distributions ----------------------------------------------------------------------
# Each kernel: the scalar form and sizes 0, 1, many and a tuple, for the parameters given.

def gamma_kernel(s, a, b):
    np.random.seed(s)
    return (np.random.standard_gamma(a), np.random.standard_gamma(a, 0), np.random.standard_gamma(a, 1),
            np.random.standard_gamma(a, 300), np.random.gamma(a, b, (2, 3)), np.random.gamma(a), np.random.gamma(a, b, 300))


@pytest.mark.parametrize("a, b", [(0.5, 2.0), (1.0, 1.0), (0.0, 1.0), (3.7, 0.5), (0.05, 1.0), (100.0, 3.0)])
def test_gamma(a, b):
    check(gamma_kernel, a, b)


def beta_kernel(s, a, b):
    np.random.seed(s)
    return np.random.beta(a, b), np.random.beta(a, b, 0), np.random.beta(a, b, 1), np.random.beta(a, b, 300), np.random.beta(a, b, (2, 3))


@pytest.mark.parametrize("a, b", [(0.5, 0.5), (2.0, 3.0), (0.3, 5.0), (1e-3, 1e-3), (0.9, 0.2)])
def test_beta(a, b):
    check(beta_kernel, a, b)


def chisquare_kernel(s, df, dfden, nonc):
    np.random.seed(s)
    return (np.random.chisquare(df), np.random.chisquare(df, 300), np.random.chisquare(df, (2, 2)), np.random.f(df, dfden),
            np.random.f(df, dfden, 300), np.random.standard_t(df), np.random.standard_t(df, 300),
            np.random.noncentral_chisquare(df, nonc), np.random.noncentral_chisquare(df, nonc, 300),
            np.random.noncentral_f(df, dfden, nonc), np.random.noncentral_f(df, dfden, nonc, 300), np.random.chisquare(df, 0))


@pytest.mark.parametrize("df, dfden, nonc", [(1.0, 2.0, 0.0), (3.5, 0.5, 2.0), (0.5, 5.0, 1.0), (0.7, 3.0, 30.0)])
def test_chisquare_f_t(df, dfden, nonc):
    check(chisquare_kernel, df, dfden, nonc)


def loc_scale_kernel(s, loc, scale):
    np.random.seed(s)
    return (np.random.laplace(loc, scale), np.random.laplace(loc, scale, 300), np.random.gumbel(loc, scale),
            np.random.gumbel(loc, scale, 300), np.random.logistic(loc, scale), np.random.logistic(loc, scale, (2, 3)),
            np.random.lognormal(loc, scale), np.random.lognormal(loc, scale, 300), np.random.laplace(), np.random.gumbel(size=1),
            np.random.logistic(size=0), np.random.lognormal(sigma=scale, size=2), np.random.standard_cauchy(),
            np.random.standard_cauchy(300), np.random.wald(loc + 5.0, scale), np.random.wald(loc + 5.0, scale, 300),
            np.random.vonmises(loc, scale), np.random.vonmises(loc, scale, 300))


@pytest.mark.parametrize("loc, scale", [(0.0, 1.0), (2.0, 0.5), (-1.0, 3.0)])
def test_loc_scale(loc, scale):
    check(loc_scale_kernel, loc, scale)


def shape_kernel(s, a):
    np.random.seed(s)
    return (np.random.pareto(a), np.random.pareto(a, 300), np.random.weibull(a), np.random.weibull(a, (2, 3)),
            np.random.power(a), np.random.power(a, 300), np.random.rayleigh(a), np.random.rayleigh(a, 300),
            np.random.rayleigh(size=1), np.random.weibull(0.0, 3), np.random.power(a, 0))


@pytest.mark.parametrize("a", [1.0, 0.5, 3.0, 0.1])
def test_pareto_weibull_power_rayleigh(a):
    check(shape_kernel, a)


def triangular_vonmises_kernel(s, left, mode, right, kappa):
    np.random.seed(s)
    return (np.random.triangular(left, mode, right), np.random.triangular(left, mode, right, 300),
            np.random.triangular(left, mode, right, (2, 2)), np.random.vonmises(1.0, kappa, 300), np.random.vonmises(-2.0, kappa))


@pytest.mark.parametrize("left, mode, right, kappa", [(0.0, 0.5, 1.0, 1e-9), (-1.0, -1.0, 2.0, 1e-6), (0.0, 2.0, 2.0, 50.0), (1.0, 2.0, 3.0, 2e6)])
def test_triangular_vonmises(left, mode, right, kappa):
    check(triangular_vonmises_kernel, left, mode, right, kappa)


def counts_kernel(s, lam, p, n):
    np.random.seed(s)
    return (np.random.poisson(lam), np.random.poisson(lam, 0), np.random.poisson(lam, 1), np.random.poisson(lam, 300),
            np.random.poisson(size=(2, 2)), np.random.geometric(p), np.random.geometric(p, 300),
            np.random.negative_binomial(n + 0.5, p), np.random.negative_binomial(n + 0.5, p, 300),
            np.random.binomial(n, p), np.random.binomial(n, p, 300), np.random.binomial(n, 1.0 - p, 300), np.random.binomial(n, p, (2, 3)))


@pytest.mark.parametrize("lam, p, n", [(0.0, 0.5, 0), (0.5, 0.1, 10), (9.99, 0.9, 100), (10.0, 0.3333, 40), (57.3, 0.01, 1000),
                                       (1e6, 0.3, 1000000), (3.0, 1.0, 61)])
def test_poisson_geometric_binomial(lam, p, n):
    check(counts_kernel, lam, p, n)


def series_kernel(s, p, a):
    np.random.seed(s)
    return (np.random.logseries(p), np.random.logseries(p, 300), np.random.logseries(p, (2, 2)), np.random.zipf(a),
            np.random.zipf(a, 300), np.random.zipf(a, 0))


@pytest.mark.parametrize("p, a", [(0.5, 2.0), (0.0, 1.5), (0.999, 5.0), (0.1, 1.01)])
def test_logseries_zipf(p, a):
    check(series_kernel, p, a)


def hypergeometric_kernel(s, good, bad, sample):
    np.random.seed(s)
    return (np.random.hypergeometric(good, bad, sample), np.random.hypergeometric(good, bad, sample, 0),
            np.random.hypergeometric(good, bad, sample, 300), np.random.hypergeometric(good, bad, sample, (2, 3)))


@pytest.mark.parametrize("good, bad, sample", [(5, 5, 3), (10, 20, 10), (100, 200, 50), (200, 100, 280), (1000, 10, 500), (0, 5, 2), (50, 60, 11)])
def test_hypergeometric(good, bad, sample):
    check(hypergeometric_kernel, good, bad, sample)


def vector_kernel(s, alpha, n, pvals):
    np.random.seed(s)
    return (np.random.dirichlet(alpha), np.random.dirichlet(alpha, 5), np.random.dirichlet(alpha, (2, 3)),
            np.random.multinomial(n, pvals), np.random.multinomial(n, pvals, 4), np.random.multinomial(n, pvals, (2, 2)),
            np.random.dirichlet(alpha, 0))


@pytest.mark.parametrize("alpha, n, pvals", [
    (np.array([0.5, 1.0, 2.0]), 10, np.array([0.2, 0.3, 0.5])),
    (np.array([1.0]), 0, np.array([0.5, 0.5])),
    (np.array([0.1, 0.1]), 100, np.array([0.0, 0.6, 0.4])),
    (np.array([3.0, 0.2, 7.0, 1.0]), 1000, np.array([0.1, 0.1, 0.1, 0.7])),
])
def test_dirichlet_multinomial(alpha, n, pvals):
    check(vector_kernel, alpha, n, pvals)


# --- errors: NumPy's types and messages -------------------------------------------------------

def _e_randint0():
    return np.random.randint(0)


def _e_randint_bounds():
    return np.random.randint(5, 5, 3)


def _e_normal_scale():
    return np.random.normal(0.0, -1.0)


def _e_normal_negative_zero():
    return np.random.normal(0.0, -0.0, 2)


def _e_exponential_scale():
    return np.random.exponential(-1.0, 3)


def _e_uniform_range():
    return np.random.uniform(-1e308, 1e308)


def _e_choice_zero():
    return np.random.choice(0)


def _e_choice_empty():
    return np.random.choice(np.zeros(0), 2)


def _e_choice_too_many():
    return np.random.choice(3, 5, False)


def _e_choice_2d():
    return np.random.choice(np.zeros((2, 2)))


def _e_choice_p_sum():
    return np.random.choice(3, 2, True, np.array([0.5, 0.6, 0.0]))


def _e_choice_p_negative():
    return np.random.choice(3, 2, True, np.array([0.5, 0.6, -0.1]))


def _e_choice_p_fewer():
    return np.random.choice(3, 3, False, np.array([0.5, 0.5, 0.0]))


def _e_seed():
    np.random.seed(-1)


def _e_seed_big():
    np.random.seed(2**32)


def _e_size():
    return np.random.random(-1)


def _e_gamma():
    return np.random.gamma(-1.0)


def _e_beta():
    return np.random.beta(0.0, 1.0)


def _e_chisquare():
    return np.random.chisquare(0.0, 2)


def _e_wald():
    return np.random.wald(1.0, 0.0)


def _e_poisson():
    return np.random.poisson(-1.0)


def _e_poisson_large():
    return np.random.poisson(1e19)


def _e_geometric():
    return np.random.geometric(0.0)


def _e_binomial_n():
    return np.random.binomial(-1, 0.5)


def _e_binomial_p():
    return np.random.binomial(3, 1.5)


def _e_triangular():
    return np.random.triangular(1.0, 0.0, 2.0)


def _e_triangular_equal():
    return np.random.triangular(1.0, 1.0, 1.0)


def _e_logseries():
    return np.random.logseries(1.0)


def _e_zipf():
    return np.random.zipf(1.0)


def _e_hypergeometric():
    return np.random.hypergeometric(1, 1, 3)


def _e_multinomial():
    return np.random.multinomial(3, np.array([0.7, 0.6, 0.1]))


@pytest.mark.parametrize("kernel", [v for k, v in sorted(globals().items()) if k.startswith("_e_")], ids=lambda f: f.__name__[3:])
def test_errors(kernel):
    with pytest.raises(Exception) as expected:
        kernel()
    with pytest.raises(expected.type) as got:
        ferrojit.njit(kernel)()
    assert str(got.value) == str(expected.value)


# --- the state --------------------------------------------------------------------------------

@ferrojit.njit
def _seed(s):
    np.random.seed(s)


@ferrojit.njit
def _draw():
    return np.random.random()


def test_state_is_shared_by_compiled_functions_and_separate_from_numpys():
    _seed(5)
    np.random.seed(42)
    x = _draw()
    y = _draw()
    expected = np.random.RandomState(5).random_sample(2)
    assert (x, y) == tuple(expected)
    # NumPy's own state was not touched by the compiled draws
    assert np.random.random() == np.random.RandomState(42).random_sample()
    # and compiled code does not see NumPy's seeding
    np.random.seed(5)
    assert _draw() == np.random.RandomState(5).random_sample(3)[2]


def test_unseeded_draws():
    # seeded from the OS's entropy when the library is loaded: values in range
    @ferrojit.njit
    def draws():
        return np.random.random(100), np.random.randint(3, 7, 100), np.random.standard_normal(10)
    u, i, g = draws()
    assert ((u >= 0) & (u < 1)).all() and ((i >= 3) & (i < 7)).all() and np.isfinite(g).all()
