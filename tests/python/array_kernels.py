"""Plain-Python kernels on NumPy arrays for the ferrojit test-suite.

Like ``kernels.py``: every kernel is an ordinary ``def`` so the same source runs
under CPython (the oracle) and through ``ferrojit.njit``; the few decorated
functions are jitted *callees* (``conftest.pure`` swaps them for plain-Python
copies in the oracle).

Kernels that return a scalar computed from elements are only run on "exact"
data (small values, see ``array_helpers.elements``): CPython computes with
NumPy scalars (NEP 50 promotion: int8 + int8 is int8, 0.0 + float32 is
float32) while compiled code follows Numba's rules, and both agree whenever no
intermediate result overflows or rounds.
"""

import numpy as np

import ferrojit

# ---------------------------------------------------------------------------
# Module-level arrays (frozen by ferrojit as read-only constants)
# ---------------------------------------------------------------------------
steps = np.array([1, 9, -1, -9, -10, 8, -8, 10])   # build_graph's neighbour steps
GLOBAL_F = np.array([1.5, np.pi, -2.0, np.e, 0.25])
GLOBAL_2D = np.arange(12).reshape(3, 4)
GLOBAL_U8 = np.array([250, 3, 7, 255], dtype=np.uint8)
GLOBAL_STRIDED = np.arange(20.0)[::-3]
GLOBAL_F_ORDER = np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3))
# Only ``test_global_array_rebinding_is_frozen`` rebinds this one.
FROZEN_ARR = np.array([1.0, 2.0, 3.0])


# ---------------------------------------------------------------------------
# Seed programs (unchanged)
# ---------------------------------------------------------------------------
def addarr(x, y):
    result = np.zeros_like(x)
    for i in range(x.size):
        result[i] = x[i] + y[i]
    return result


def pdist_python(xs):
    n, p = xs.shape
    D = np.empty((n, n), dtype=np.float64)
    for i in range(n):
        for j in range(n):
            s = 0.0
            for k in range(p):
                tmp = xs[i,k] - xs[j,k]
                s += tmp * tmp
            D[i, j] = s**0.5
    return D


def build_graph(labeled_pixels, steps_to_neighbours, row, col):
    start = np.max(steps_to_neighbours)
    end = len(labeled_pixels) - start
    elem = 0  # row/col index
    for k in range(start, end):
        i = labeled_pixels[k]
        if i != 0:
            for s in steps:
                neighbour = k + s
                j = labeled_pixels[neighbour]
                if j != 0:
                    row[elem] = i
                    col[elem] = j
                    elem += 1


# ---------------------------------------------------------------------------
# Element access
# ---------------------------------------------------------------------------
def get0(a):
    return a[()]


def get1(a, i):
    return a[i]


def get2(a, i, j):
    return a[i, j]


def get2_chained(a, i, j):
    return a[i][j]


def get3(a, i, j, k):
    return a[i, j, k]


def get3_chained(a, i, j, k):
    return a[i][j][k]


def get3_mixed(a, i, j, k):
    return a[i, j][k]


def get_last_first(a):
    return a[-1], a[0], a[-len(a)]


def set0(a, v):
    a[()] = v


def set1(a, i, v):
    a[i] = v


def set2(a, i, j, v):
    a[i, j] = v


def set2_chained(a, i, j, v):
    a[i][j] = v


def set3(a, i, j, k, v):
    a[i, j, k] = v


def set3_chained(a, i, j, k, v):
    a[i][j][k] = v


def row(a, i):
    return a[i]


def row_of_row(a, i, j):
    return a[i][j]


def row_write(a, i, j, v):
    r = a[i]
    r[j] = v
    return r


def row_shape(a, i):
    r = a[i]
    return r.shape, r.strides, r.size, r.ndim, len(r)


def index_types(a, i8, u8, i16, u16, i32, u32, i64, u64):
    return a[i8] + a[u8] + a[i16] + a[u16] + a[i32] + a[u32] + a[i64] + a[u64]


def gather(a, idx):
    out = np.empty(len(idx), a.dtype)
    for k in range(len(idx)):
        out[k] = a[idx[k]]
    return out


def scatter_add(out, idx, vals):
    for k in range(len(idx)):
        out[idx[k]] += vals[k]


def copy1(a):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = a[i]
    return out


def copy2(a):
    out = np.empty(a.shape, a.dtype)
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            out[i, j] = a[i, j]
    return out


def copy3(a):
    out = np.zeros_like(a)
    n0, n1, n2 = a.shape
    for i in range(n0):
        for j in range(n1):
            for k in range(n2):
                out[i, j, k] = a[i, j, k]
    return out


def copy2_negative_indices(a):
    out = np.zeros(a.shape, a.dtype)
    n, m = a.shape
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            out[-i, -j] = a[-i, -j]
    return out


def transpose2(a):
    out = np.empty((a.shape[1], a.shape[0]), dtype=a.dtype)
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            out[j, i] = a[i, j]
    return out


def convert1(src, dst):
    for i in range(len(src)):
        dst[i] = src[i]


def convert2(src, dst):
    for i in range(src.shape[0]):
        for j in range(src.shape[1]):
            dst[i, j] = src[i, j]


def scale_inplace1(a, f):
    for i in range(a.shape[0]):
        a[i] = a[i] * f


def add_inplace2(a, b):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] += b[i, j]


def shift_left1(a):
    # reads and writes the same array
    for i in range(len(a) - 1):
        a[i] = a[i + 1]


def swap_ends(a):
    t = a[0]
    a[0] = a[-1]
    a[-1] = t


def prefix_sum1(a):
    out = np.zeros(len(a))
    s = 0.0
    for i in range(len(a)):
        s += a[i]
        out[i] = s
    return out


def weighted_sum2(a, w):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j] * w[j]
    return s


def matmul(a, b):
    n, m = a.shape
    m2, p = b.shape
    out = np.zeros((n, p))
    for i in range(n):
        for j in range(p):
            s = 0.0
            for k in range(m):
                s += a[i, k] * b[k, j]
            out[i, j] = s
    return out


def store_values(a):
    # Python scalars of each kind stored into an array of any dtype
    a[0] = 1
    a[1] = 2.75
    a[2] = True
    a[3] = 0
    a[4] = -0.0


def store_truncates(a, x):
    a[0] = x
    a[1] = -x
    a[2] = x * 2.0


# ---------------------------------------------------------------------------
# Attributes and helpers
# ---------------------------------------------------------------------------
def attrs(a):
    return a.shape, a.size, a.ndim, a.strides, a.itemsize, a.nbytes


def length(a):
    return len(a)


def shape_unpack2(a):
    n, m = a.shape
    return n * 1000 + m


def copy_method(a):
    return a.copy()


def np_copy(a):
    return np.copy(a)


def copy_is_independent(a):
    b = a.copy()
    b[0] = b[1]
    c = np.copy(a)
    c[1] = c[0]
    return b, c


def fill(a, v):
    a.fill(v)


def fill_returned(a, v):
    a.fill(v)
    return a


def fill_row(a, i, v):
    a[i].fill(v)


def return_arg(a):
    return a


def return_arg_twice(a):
    return a, a


# ---------------------------------------------------------------------------
# Creation
# ---------------------------------------------------------------------------
def empty1(n):
    return np.empty(n)


def empty_tuple(n, m):
    return np.empty((n, m), dtype=np.int16)


def empty_like_dt(a):
    return np.empty_like(a)


def zeros_default(n):
    return np.zeros(n)


def zeros0():
    return np.zeros(())


def zeros_shape_arg(shape):
    return np.zeros(shape)


def zeros_2d(n, m):
    return np.zeros((n, m))


def zeros_3d_int(n, m, k):
    return np.zeros((n, m, k), np.int64)


def ones_default(n):
    return np.ones(n)


def ones_3d(n, m, k):
    return np.ones((n, m, k), dtype=np.float32)


def zeros_np_float64(n):
    return np.zeros(n, np.float64)


def zeros_np_uint8(n):
    return np.zeros(n, dtype=np.uint8)


def ones_np_int32(n):
    return np.ones(n, np.int32)


def ones_np_int8(n):
    return np.ones((n, 2), np.int8)


def ones_np_uint16(n):
    return np.ones(n, dtype=np.uint16)


def ones_np_uint32(n):
    return np.ones(n, dtype=np.uint32)


def ones_np_uint64(n):
    return np.ones(n, dtype=np.uint64)


def ones_np_int16(n):
    return np.ones(n, dtype=np.int16)


def ones_np_int64(n):
    return np.ones(n, dtype=np.int64)


def ones_np_float32(n):
    return np.ones(n, dtype=np.float32)


def ones_np_bool(n):
    return np.ones(n, dtype=np.bool_)


def zeros_builtin_float(n):
    return np.zeros(n, float)


def ones_builtin_int(n):
    return np.ones(n, dtype=int)


def ones_builtin_bool(n):
    return np.ones(n, bool)


def zeros_str_f8(n):
    return np.zeros(n, "f8")


def ones_str_f8_kw(n):
    return np.ones((n, 2), dtype="f8")


def zeros_from_dtype(a, n):
    return np.zeros(n, a.dtype)


def ones_from_dtype_kw(a, n):
    return np.ones((n, 2), dtype=a.dtype)


def zeros_like_shape(a):
    return np.zeros(a.shape, a.dtype)


def ones_like_shape_default(a):
    return np.ones(a.shape)


def zeros_len(a):
    return np.zeros(len(a), dtype=a.dtype)


def full_int(n, v):
    return np.full(n, v)


def full_tuple(n, m, v):
    return np.full((n, m), v)


def full_dtype(n, v):
    return np.full(n, v, np.float32)


def full_dtype_kw_int(n, v):
    return np.full((n, 2), v, dtype=np.int16)


def full_from_element(a):
    return np.full(3, a[0])


def full_nan(n):
    return np.full(n, np.nan)


def zeros_like(a):
    return np.zeros_like(a)


def ones_like(a):
    return np.ones_like(a)


def full_like(a, v):
    return np.full_like(a, v)


def zeros_like_dtype(a):
    return np.zeros_like(a, dtype=np.float32)


def ones_like_dtype_pos(a):
    return np.ones_like(a, np.int8)


def full_like_dtype(a, v):
    return np.full_like(a, v, dtype=np.float64)


def full_like_dtype_pos(a, v):
    return np.full_like(a, v, np.uint8)


def arange1(n):
    return np.arange(n)


def arange2(a, b):
    return np.arange(a, b)


def arange3(a, b, s):
    return np.arange(a, b, s)


def arange_dtype_kw(n):
    return np.arange(n, dtype=np.float32)


def arange_dtype_u8(a, b, s):
    return np.arange(a, b, s, dtype=np.uint8)


def arange_dtype_pos(a, b, s):
    return np.arange(a, b, s, np.int32)


def arange_sum(n):
    s = 0
    for v in np.arange(n):
        s += v
    return s


def created_in_loop(n):
    total = 0.0
    for i in range(n):
        a = np.full(4, i * 1.0)
        a[1] = 2.0
        total += a[0] + a[1] + a[3]
    return total


def create_every_dtype(n):
    return (np.zeros(n, np.bool_), np.ones(n, np.int8), np.full(n, 7, np.int16),
            np.arange(n, dtype=np.int32), np.ones(n, np.int64), np.full(n, 200, np.uint8),
            np.ones(n, np.uint16), np.arange(n, dtype=np.uint32), np.full(n, 3, np.uint64),
            np.full(n, 0.1, np.float32), np.arange(n, dtype=np.float64))


# ---------------------------------------------------------------------------
# Iteration
# ---------------------------------------------------------------------------
def iter_sum1(a):
    s = 0.0
    for v in a:
        s += v
    return s


def iter_count_positive(a):
    n = 0
    for v in a:
        if v > 0:
            n += 1
    return n


def iter_rows_sum(a):
    s = 0.0
    for r in a:
        for v in r:
            s += v
    return s


def iter_rows_3d(a):
    s = 0.0
    n = 0
    for plane in a:
        for r in plane:
            for v in r:
                s += v
                n += 1
    return s, n


def iter_rows_write(a, v):
    for r in a:
        r[0] = v


def iter_collect(a):
    out = np.empty(len(a), dtype=a.dtype)
    i = 0
    for v in a:
        out[i] = v
        i += 1
    return out


def iter_break(a, x):
    k = 0
    for v in a:
        if v == x:
            break
        k += 1
    return k


def iter_nested_same(a):
    n = 0
    for u in a:
        for v in a:
            if u < v:
                n += 1
    return n


def iter_global():
    s = 0.0
    for v in GLOBAL_F:
        s += v
    return s


def iter_row_len(a):
    t = 0
    for r in a:
        t += len(r) + r.size
    return t


# ---------------------------------------------------------------------------
# Reductions
# ---------------------------------------------------------------------------
def np_sum(a):
    return np.sum(a)


def np_prod(a):
    return np.prod(a)


def np_min(a):
    return np.min(a)


def np_max(a):
    return np.max(a)


def np_amin(a):
    return np.amin(a)


def np_amax(a):
    return np.amax(a)


def m_sum(a):
    return a.sum()


def m_prod(a):
    return a.prod()


def m_min(a):
    return a.min()


def m_max(a):
    return a.max()


def reduce_all(a):
    return np.sum(a), np.prod(a), np.min(a), np.max(a), a.sum(), a.prod(), a.min(), a.max()


def reduce_sum_prod(a):
    return a.sum(), np.prod(a)


def reduce_row(a, i):
    return a[i].sum(), np.max(a[i]), a[i].min()


def mean_by_hand(a):
    return a.sum() / a.size


def running_min(a):
    m = np.inf
    for v in a:
        if v < m:
            m = v
    return m


def normalize_by_max(a):
    out = np.empty(a.shape)
    mx = np.max(a)
    for i in range(len(a)):
        out[i] = a[i] / mx
    return out


# ---------------------------------------------------------------------------
# Globals and numpy constants
# ---------------------------------------------------------------------------
def np_constants():
    return np.pi, np.e, np.inf, -np.inf, np.nan


def global_get(i):
    return GLOBAL_F[i]


def global_2d_get(i, j):
    return GLOBAL_2D[i, j] + GLOBAL_2D[i][j]


def global_u8_sum():
    return GLOBAL_U8.sum(), GLOBAL_U8[3], np.max(GLOBAL_U8)


def global_attrs():
    return GLOBAL_2D.shape, GLOBAL_2D.size, GLOBAL_2D.strides, len(GLOBAL_F)


def global_np_functions():
    return (np.sum(GLOBAL_F), np.max(GLOBAL_F), np.min(GLOBAL_2D), np.prod(GLOBAL_2D[1]),
            np.max(GLOBAL_STRIDED), GLOBAL_STRIDED[1], GLOBAL_F_ORDER[1, 2],
            np.sum(GLOBAL_F_ORDER), len(GLOBAL_2D), np.zeros_like(GLOBAL_F_ORDER))


def global_method_reductions():
    return GLOBAL_F.sum(), GLOBAL_2D.max(), GLOBAL_STRIDED.min(), GLOBAL_F_ORDER.prod()


def global_np_copy():
    c = np.copy(GLOBAL_2D)
    c[0, 0] = 100
    return c


def global_copy():
    c = GLOBAL_F.copy()
    c[0] = 100.0
    return c


def global_return():
    return GLOBAL_F


def global_row():
    return GLOBAL_2D[1]


def global_sum():
    return np.sum(GLOBAL_F)


def global_scale(a):
    for i in range(len(a)):
        a[i] = a[i] * GLOBAL_F[i % len(GLOBAL_F)]


def frozen_arr_sum():
    return np.sum(FROZEN_ARR)


# ---------------------------------------------------------------------------
# Arrays through calls and tuples
# ---------------------------------------------------------------------------
@ferrojit.njit
def j_sum1(a):
    s = 0.0
    for i in range(len(a)):
        s += a[i]
    return s


@ferrojit.njit
def j_double1(a):
    out = np.empty_like(a)
    for i in range(len(a)):
        out[i] = a[i] * 2
    return out


@ferrojit.njit
def j_set_first(a, v):
    a[0] = v
    return a


@ferrojit.njit
def j_pair(a):
    return a, a.sum()


@ferrojit.njit
def j_make(n):
    return np.arange(n)


def call_sum(a):
    return j_sum1(a)


def call_double(a):
    b = j_double1(a)
    return j_double1(b)


def call_set_first(a, v):
    b = j_set_first(a, v)
    b[1] = v
    return b


def call_pair(a):
    arr, s = j_pair(a)
    return arr[0] + s


def call_make(n):
    a = j_make(n)
    b = j_make(n + 1)
    return a.sum() + b.sum()


def call_row(a, i):
    return j_sum1(a[i])


def tuple_of_arrays(a, b):
    t = (a, b)
    return t[0][0] + t[1][0]


def return_tuple(a, n):
    b = np.zeros(n)
    return a, b, a.sum()


def tuple_arg(t):
    a, b = t
    return a[0] * b[0], a.sum() + b.sum()


def tuple_arg_write(t, v):
    t[0][0] = v
    t[1][0] = v


def nested_tuple_return(n):
    return (np.arange(n), (np.ones(n), n))


def swap_tuple(a, b):
    a, b = b, a
    return a, b


def scalar_args(a, f32, i64, u8, b):
    a[0] = f32
    a[1] = i64
    a[2] = u8
    a[3] = b
    return f32 + 1, i64 * 2, u8 + 1, b


# ---------------------------------------------------------------------------
# Memory
# ---------------------------------------------------------------------------
def alloc_in_loop(n):
    t = 0.0
    for i in range(n):
        a = np.empty(8)
        a[0] = i
        b = np.zeros((2, 3), np.int32)
        b[1, 2] = 1
        t += a[0] + b[1, 2]
    return t


def alloc_grow(n):
    t = 0
    for i in range(n):
        a = np.ones(i % 64 + 1, np.uint8)
        t += a.sum()
    return t


def alloc_copies(a, n):
    t = 0.0
    for i in range(n):
        b = a.copy()
        c = np.copy(b)
        t += c[0]
    return t


def alloc_through_calls(a, n):
    t = 0.0
    for i in range(n):
        b = j_double1(a)
        c, s = j_pair(b)
        t += c[0] + s
    return t


def alloc_tuples(n):
    t = 0.0
    for i in range(n):
        p = (np.ones(3), np.zeros(2))
        q = (p, np.arange(4))
        t += q[0][0][1] + q[1][3]
    return t


def alloc_reassign(n):
    a = np.zeros(4)
    for i in range(n):
        a = np.full(4, i * 1.0)
    return a


def alloc_views(a, n):
    t = 0.0
    for i in range(n):
        b = a.copy()
        r = b[1]
        t += r[0]
    return t


def alloc_then_fail(n, bad):
    a = np.zeros(n)
    b = np.ones((n, 2))
    c = a.copy()
    return c[0] + b[0, 0] + 1 // bad


def alloc_then_fail_in_loop(n, bad_at):
    t = 0.0
    for i in range(n):
        a = np.ones(16)
        t += a[0] + 1.0 / (bad_at - i)
    return t


def alloc_then_fail_callee(n):
    a = np.ones(n)
    b = j_double1(a)
    return b[0] + np.max(np.zeros(0))


def temp_max_of_empty():
    return np.max(np.zeros(0))


def temp_index_error(a, i):
    return a.copy()[i]


def alloc_then_index_error(a, i):
    b = np.ones(8)
    c = a.copy()
    return b[0] + c[i]


def make_row(n):
    a = np.zeros((n, 3))
    a[1, 2] = 5.0
    return a[1]


def make_rows(n):
    a = np.ones((n, 2), np.int32)
    return a[0], a[n - 1], a.sum()


def return_row(a, i):
    return a[i]


def return_new_and_arg(a):
    return np.zeros(3), a


def make_big(n):
    return np.ones(n)


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------
def write_arg(a):
    a[0] = 1  # <- write
    return a[0]


def write_arg_row(a):
    r = a[0]
    r[0] = 1  # <- write row
    return r[0]


def fill_arg(a):
    a.fill(0)  # <- fill


def write_global():
    GLOBAL_F[0] = 5.0  # <- write global
    return GLOBAL_F[0]


def write_global_row():
    r = GLOBAL_2D[1]
    r[0] = 5  # <- write global row


def too_many_indices(a):
    return a[0, 0]  # <- too many


def too_many_indices_store(a):
    a[0, 0] = 1  # <- too many store


def float_index(a, x):
    return a[x]  # <- float index


def float_literal_index(a):
    return a[1.0]  # <- float literal


def dtype_as_value(a):
    return a.dtype  # <- dtype value


def read_sum(a):
    return a.sum()


def empty_shape(n):
    return np.empty(n)


def empty_shape_2d(n, m):
    return np.zeros((n, m), np.int32)


def full_negative(n):
    return np.full(n, 1.0)


def oob_read1(a, i):
    return a[i]


def oob_read2(a, i, j):
    return a[i, j]


def oob_write1(a, i, v):
    a[i] = v


def oob_chained(a, i, j):
    return a[i][j]


def oob_in_loop(a, n):
    s = 0.0
    for i in range(n):
        s += a[i]
    return s
