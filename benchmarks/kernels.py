"""Plain-Python kernels shared by the benchmark driver and its child processes.

Nothing here is decorated: ``run.py`` (and ``_child.py``) apply ``ferrojit.njit`` and
``numba.njit`` to the same function objects, so every JIT compiles exactly the same
source and CPython runs it as written.

The scalar kernels stay inside ferrojit's first slice (scalars, loops, ``math``); the
array kernels (``addarr``, ``pdist_python``, ``build_graph``) are the seed articles' code
on NumPy arrays: element indexing and stores, ``shape``/``size``/``len``, creation
functions and a whole-array ``np.max``. Below the kernels are the input builders and the
result digest that ``run.py`` and ``_child.py`` share, so every process builds the same
arrays from the same seeds.

NumPy is imported lazily, by the first input builder that runs (``numpy()``): the
scalar first-call measurement imports this module and must not find NumPy already
loaded, since a user's scalar script would not have it either. The array kernels read
the global ``np``, which is the NumPy module by the time they compile (their inputs are
built first).
"""

import hashlib
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
