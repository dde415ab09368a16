"""Plain-Python kernels shared by the benchmark driver and its child processes.

Nothing here is decorated: ``run.py`` (and ``_child.py``) apply ``ferrojit.njit`` and
``numba.njit`` to the same function objects, so every JIT compiles exactly the same
source and CPython runs it as written.

The scalar kernels stay inside ferrojit's first slice (scalars, loops, ``math``); the
array kernels (``addarr``, ``pdist_python``, ``build_graph``) are the seed articles' code
on NumPy arrays: element indexing and stores, ``shape``/``size``/``len``, creation
functions and a whole-array ``np.max``. The array-expression kernels (``pdist_numpy``,
seed 002's integral-image search, seed 003's softmax) are whole-array NumPy code
(slicing, broadcasting, ufuncs, reductions), compiled the way the seeds compile them:
``jit(pdist_numpy)``, and for the other two the seeds' own decorators, with one
jitted function calling another through a global name (see ``fresh_copy``). Below the
kernels are the input builders and the result digest that ``run.py`` and ``_child.py``
share, so every process builds the same arrays from the same seeds.

NumPy is imported lazily, by the first input builder that runs (``numpy()``): the
scalar first-call measurement imports this module and must not find NumPy already
loaded, since a user's scalar script would not have it either. The array kernels read
the global ``np``, which is the NumPy module by the time they compile (their inputs are
built first).
"""

import hashlib
import importlib.util
import math

np = None  # the numpy module, once numpy() has run


def numpy():
    """Import NumPy (once) and bind it to this module's global ``np``."""
    global np
    if np is None:
        import numpy as _np

        np = _np
    return np


def fib(n):
    """Seed 001's iterative Fibonacci. fib(90) still fits in an int64."""
    a, b = 1, 1
    for i in range(n):
        a, b = a + b, a
    return a


def ident(x):
    """The cheapest possible function: measures the cost of one call."""
    return x


def sum_inv_squares(n):
    """sum 1/(i*i) for i in 1..n-1 (tends to pi**2/6): a float loop with a carried sum."""
    s = 0.0
    for i in range(1, n):
        s += 1.0 / (i * i)
    return s


def collatz_max_steps(n):
    """Longest Collatz trajectory for start values 1..n-1: integer ops, a while loop, branches."""
    best = 0
    for start in range(1, n):
        x = start
        steps = 0
        while x != 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            steps += 1
        if steps > best:
            best = steps
    return best


def integrate_pi(n):
    """Midpoint rule for the integral of 4/(1+x*x) over [0, 1] (= pi); the nogil workload."""
    h = 1.0 / n
    s = 0.0
    for i in range(n):
        x = (i + 0.5) * h
        s += 4.0 / (1.0 + x * x)
    return s * h


def hypot_sum(n):
    """A small math-module kernel, compiled only to time a second, warm compile."""
    s = 0.0
    for i in range(n):
        s += math.sqrt(i * i + 1.0)
    return s


# --------------------------------------------------------------------------- array kernels


def addarr(x, y):
    """Seed 000 (Juan Nunez-Iglesias, "Numba in the real world"): add two arrays one
    element at a time. NumPy's ``x + y`` is the reference."""
    result = np.zeros_like(x)
    for i in range(x.size):
        result[i] = x[i] + y[i]
    return result


def pdist_python(xs):
    """Seed 001: the naive pairwise-distance triple loop. The seed writes
    ``dtype=np.float``, an alias NumPy removed in 1.24; ``np.float64`` is what it meant."""
    n, p = xs.shape
    D = np.empty((n, n), dtype=np.float64)
    for i in range(n):
        for j in range(n):
            s = 0.0
            for k in range(p):
                tmp = xs[i, k] - xs[j, k]
                s += tmp * tmp
            D[i, j] = s**0.5
    return D


def build_graph(labeled_pixels, steps_to_neighbours, row, col):
    """Seed 000: skan's build_graph, filling the row/col arrays of a pixel-adjacency
    graph. The seed's inner loop reads the global ``steps`` (a slip: the argument is
    meant); here it reads the argument, as skan does, so one compiled function serves
    any image size."""
    start = np.max(steps_to_neighbours)
    end = len(labeled_pixels) - start
    elem = 0  # row/col index
    for k in range(start, end):
        i = labeled_pixels[k]
        if i != 0:
            for s in steps_to_neighbours:
                neighbour = k + s
                j = labeled_pixels[neighbour]
                if j != 0:
                    row[elem] = i
                    col[elem] = j
                    elem += 1


# --------------------------------------------------------------------------- array expressions


def pdist_numpy(xs):
    """Seed 001's NumPy version of pdist: broadcasting, a power, a reduction along the
    last axis and a ufunc. Timed jitted (``jit(pdist_numpy)``) and as plain NumPy."""
    return np.sqrt(((xs[:,None,:] - xs)**2).sum(-1))


def get_feature_from_integral_image(integral_image, y1, x1, y2, x2):
    """Seed 002, unchanged: the feature vector of one window of an integral image."""
    result = integral_image[:, y2, x2] + \
                integral_image[:, y1, x1] - \
                integral_image[:, y1, x2] - \
                integral_image[:, y2, x1]
    # Normalize the feature vector
    result /= np.sqrt(np.sum(result * result))
    return result


def search_one_integral_image(integral_image, query_descriptor, query_ratio):
    """Seed 002, unchanged: the window closest to a query descriptor, among windows with
    a similar aspect ratio. Calls ``get_feature_from_integral_image`` through its global
    name: in a copy made by ``seed_integral_search`` that name is the jitted function."""
    best_score = np.inf
    for y2 in range(integral_image.shape[1]):
        for x2 in range(integral_image.shape[2]):
            for y1 in range(y2):
                for x1 in range(x2):
                    # Only evaluate windows with a similar ratio
                    if 0.8 < (y2 - y1) / (x2 - x1) / query_ratio < 1.2:
                        tmp_descriptor = get_feature_from_integral_image(integral_image, y1, x1, y2, x2)
                        score_tmp = np.sqrt(
                            np.sum((tmp_descriptor - query_descriptor) * (tmp_descriptor - query_descriptor)))
                        if score_tmp < best_score:
                            best_score = score_tmp
                            best_position = (y1, x1, y2, x2)
    return best_score, best_position


def esum(z):
    """Seed 003: the softmax denominator."""
    return np.sum(np.exp(z))


def softmax_optimized(z):
    """Seed 003: softmax, calling ``esum`` through its global name (the jitted one in a
    copy made by ``seed_softmax``)."""
    num = np.exp(z)
    s = num / esum(z)
    return s


def softmax_numpy(z):
    """The NumPy reference for seed 003's softmax."""
    return np.exp(z) / np.sum(np.exp(z))


SEED_SOFTMAX_OPTIONS = dict(cache=False, nopython=True, nogil=True, parallel=True)


def fresh_copy(tag):
    """A new, private copy of this module (this file executed again as module
    ``kernels_<tag>``), with NumPy bound to its ``np``.

    Both JITs read a function's globals when they compile it, so a seed in which one
    decorated function calls another by name (seed 002, seed 003) needs the name to
    refer to *that JIT's* decorated function: the seeds rebind the module-level name
    with the decorator. Each JIT gets its own copy, so rebinding names in one leaves
    this module (the plain Python versions) and the other JIT's copy alone. The copy
    is a real module backed by this file, so ferrojit finds the functions' source.
    """
    spec = importlib.util.spec_from_file_location(f"kernels_{tag}", __file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.numpy()
    return module


def seed_pdist_numpy(jit):
    """Seed 001's ``jit(pdist_numpy)``; jit=None gives the plain NumPy function."""
    return pdist_numpy if jit is None else jit(pdist_numpy)


def seed_integral_search(jit, module=None):
    """Seed 002 as the seed compiles it: both functions decorated with
    ``jit(nopython=True, nogil=True)``, the search calling the *decorated* feature
    function. ``module`` is a ``fresh_copy`` to decorate in (made here if not given);
    jit=None gives the plain Python search."""
    if jit is None:
        return search_one_integral_image
    m = module or fresh_copy("integral_search")
    m.get_feature_from_integral_image = jit(nopython=True, nogil=True)(
        m.get_feature_from_integral_image)
    return jit(nopython=True, nogil=True)(m.search_one_integral_image)


def seed_softmax(jit, module=None, array="f8[:]"):
    """Seed 003 as the seed compiles it: ``esum`` with ``jit("f8(f8[:])", cache=False,
    nopython=True, nogil=True, parallel=True)``, ``softmax_optimized`` with the same
    options and ``"f8[:](f8[:])"``, calling the *decorated* ``esum``. Signatures given,
    so both compile at decoration. jit=None gives the plain functions (NumPy calls).
    ``array`` replaces the argument's type in both signatures (``"f8[::1]"``: C-contiguous
    instead of the seed's any-layout ``f8[:]``), for a comparison in a note."""
    if jit is None:
        return softmax_optimized
    m = module or fresh_copy("softmax")
    m.esum = jit(f"f8({array})", **SEED_SOFTMAX_OPTIONS)(m.esum)
    return jit(f"f8[:]({array})", **SEED_SOFTMAX_OPTIONS)(m.softmax_optimized)


# --------------------------------------------------------------------------- array inputs


def addarr_inputs(n, dtype):
    """The seed's inputs: rand(n) float64 pairs, or uint8 pairs in [0, 128) (no overflow)."""
    np = numpy()
    rng = np.random.default_rng(1)
    if np.dtype(dtype) == np.uint8:
        return (rng.integers(0, 128, size=n).astype(np.uint8),
                rng.integers(0, 128, size=n).astype(np.uint8))
    return rng.random(n).astype(dtype), rng.random(n).astype(dtype)


def pdist_input(n, p=3):
    np = numpy()
    return (np.random.default_rng(2).standard_normal((n, p)),)


def integral_search_inputs(shape=(512, 18, 16), seed=5):
    """(integral_image, query_descriptor, query_ratio) for seed 002's search: the
    integral image of a random feature map of the given shape (channels, rows, columns),
    built as the seed builds it, and a random unit-length query descriptor."""
    np = numpy()
    rng = np.random.default_rng(seed)
    f = rng.random(shape)
    result = np.zeros((f.shape[0], f.shape[1] + 1, f.shape[2] + 1))
    result[:, 1:, 1:] = np.cumsum(np.cumsum(f, axis=2), axis=1)
    query = rng.random(shape[0])
    query /= np.sqrt(np.sum(query * query))
    return result, query, 1.0


def softmax_input(n, seed=6):
    """Seed 003's input: n float64 values uniform in [0, 10)."""
    np = numpy()
    return (np.random.default_rng(seed).uniform(0, 10, n),)


def close_to(got, expected, rtol, what):
    """Compare float arrays with a relative tolerance; a short text that is the same
    for every implementation that passes (so results compare by equality)."""
    np = numpy()
    got = np.asarray(got)
    if got.shape != expected.shape or got.dtype != expected.dtype:
        return f"{got.dtype}{list(got.shape)}, {what} is {expected.dtype}{list(expected.shape)}"
    if np.allclose(got, expected, rtol=rtol, atol=0):
        return f"{got.dtype}{list(got.shape)} within rtol {rtol:g} of {what}"
    rel = float(np.max(np.abs(got - expected) / np.abs(expected)))
    return f"{got.dtype}{list(got.shape)} differs from {what}: max rel. difference {rel:.3g}"


def random_skeleton(size=512, n_lines=48, seed=3):
    """A skeletonize-like test image: one-pixel-wide, 8-connected random polylines on a
    size x size grid, crossing each other (so there are tips, paths and junctions),
    padded with a 1-pixel border of zeros as build_graph requires. Returns a bool array
    of shape (size + 2, size + 2)."""
    np = numpy()
    rng = np.random.default_rng(seed)
    img = np.zeros((size, size), dtype=bool)
    for _ in range(n_lines):
        r, c = rng.integers(0, size, size=2)
        for _ in range(rng.integers(2, 6)):  # a polyline of 2..5 segments
            r1, c1 = np.clip([r, c] + rng.integers(-size // 3, size // 3 + 1, size=2),
                             0, size - 1)
            n = max(abs(r1 - r), abs(c1 - c)) + 1
            img[np.rint(np.linspace(r, r1, n)).astype(np.intp),
                np.rint(np.linspace(c, c1, n)).astype(np.intp)] = True
            r, c = r1, c1
    return np.pad(img, pad_width=1, mode="constant")


def neighbour_steps(shape):
    """Seed 000's neighbour_steps: offsets of the 8 neighbours in the raveled image."""
    np = numpy()
    step_sizes = np.cumprod((1,) + shape[-1:0:-1])
    axis_steps = np.array([[-1, -1],
                           [-1, 1],
                           [1, -1],
                           [1, 1]])
    diag = axis_steps @ step_sizes
    return np.concatenate((step_sizes, -step_sizes, diag))


def degrees(skeleton):
    """Number of 8-neighbours of each skeleton pixel (the seed's ndi.convolve, in NumPy)."""
    np = numpy()
    s = skeleton.astype(np.int64)
    padded = np.pad(s, 1)
    h, w = s.shape
    total = sum(padded[1 + dr:1 + dr + h, 1 + dc:1 + dc + w]
                for dr in (-1, 0, 1) for dc in (-1, 0, 1) if dr or dc)
    return total * s


def build_graph_inputs(skeleton):
    """(labeled_pixels, steps, row, col) for build_graph, as in the seed: pixels
    numbered 1..nnz in C order in a raveled int32 image, int32 row/col arrays of length
    sum(degrees) (each edge is stored from both ends)."""
    np = numpy()
    labeled = np.ravel(skeleton.astype(np.int32))
    nnz = int(np.count_nonzero(labeled))
    labeled[np.nonzero(labeled)] = 1 + np.arange(nnz)
    n_edges = int(np.sum(degrees(skeleton)))
    row = np.zeros(n_edges, dtype=np.int32)  # type expected by scipy.sparse
    col = np.zeros(n_edges, dtype=np.int32)
    return labeled, neighbour_steps(skeleton.shape), row, col


def digest(*arrays):
    """A short, exact summary of array results (dtype, shape, SHA-1 of the bytes), so
    results of different implementations compare cheaply and print briefly."""
    np = numpy()
    h = hashlib.sha1()
    parts = []
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(a.tobytes())
        parts.append(f"{a.dtype}{list(a.shape)}")
    return f"{'+'.join(parts)} sha1:{h.hexdigest()[:12]}"
