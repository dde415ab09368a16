"""Vector math and fastmath (issue 17).

* The loops that compute NumPy's transcendental functions call libmvec's vector
  variants (read off ``inspect_asm()``): float64 ``_ZGVeN8v_exp`` / ``_ZGVdN4v_exp``,
  float32 ``_ZGVeN16v_expf`` / ``_ZGVdN8v_expf``, in array expressions and in plain
  ``for`` loops alike; seed 003's softmax calls a vector exp.
* float32 arrays compute in float32, with NumPy's result dtypes; values within the
  documented ulp bound of the exact result are test_accuracy's business, here the
  results are compared with NumPy's (both a few ulp from the exact value).
* ``fastmath``: True or a set of Numba's flag names; each flag does what it says and
  nothing more (``contract`` forms FMAs, ``reassoc`` lets a float sum vectorise), the
  default stays IEEE-exact; bad values raise as Numba does.
"""

import ctypes
import math
import re

import numpy as np
import pytest

import ferrojit
from conftest import cpu_flags
from ferrojit import njit




def _has_libmvec():
    try:
        ctypes.CDLL("libmvec.so.1")
        return True
    except OSError:
        return False


FLAGS = cpu_flags()
needs_vector_math = pytest.mark.skipif(
    "avx2" not in FLAGS or not _has_libmvec(),
    reason="libmvec's variants need AVX2 and glibc's libmvec")


def vector_calls(dispatcher):
    """The libmvec functions the compiled code calls (``movabsq $_ZGV..., %reg``)."""
    asm = "\n".join(dispatcher.inspect_asm().values())
    return set(re.findall(r"\$(_ZGV[de]N\d+v+_\w+)", asm))


def np_exp(a):
    return np.exp(a)


def np_log(a):
    return np.log(a)


def np_sin(a):
    return np.sin(a)


def np_cos(a):
    return np.cos(a)


def np_tanh(a):
    return np.tanh(a)


def np_cbrt(a):
    return np.cbrt(a)


def np_exp2(a):
    return np.exp2(a)


def np_arctan2(a, b):
    return np.arctan2(a, b)


def loop_math_exp(a, out):
    for i in range(a.shape[0]):
        out[i] = math.exp(a[i])


def loop_exp(a, out):
    for i in range(a.shape[0]):
        out[i] = np.exp(a[i])


def softmax_any(z):
    num = np.exp(z)
    return num / np.sum(np.exp(z))


UNARY = {"exp": np_exp, "log": np_log, "sin": np_sin, "cos": np_cos, "tanh": np_tanh,
         "cbrt": np_cbrt, "exp2": np_exp2}


def _input(name, dtype, n=1000, seed=0):
    rng = np.random.default_rng(seed)
    lo, hi = {"log": (0.001, 1e3), "exp": (-80, 80), "exp2": (-120, 120),
              "tanh": (-12, 12)}.get(name, (-50, 50))
    return rng.uniform(lo, hi, n).astype(dtype)


@needs_vector_math
@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_array_function_calls_vector_variant(name, dtype):
    f = njit(UNARY[name])
    a = _input(name, dtype)
    f(a)
    suffix = "f" if dtype == "float32" else ""
    lanes = {("float64", "d"): 4, ("float64", "e"): 8, ("float32", "d"): 8, ("float32", "e"): 16}
    # float64 tanh is computed from expm1, and log from log2 with AVX-512 (faster;
    # docs/accuracy.md)
    via = {("float64", "tanh"): ["expm1"], ("float64", "log"): ["log", "log2"]}.get((dtype, name), [name])
    expected = {f"_ZGV{isa}N{lanes[dtype, isa]}v_{f}{suffix}" for isa in "de" for f in via}
    calls = vector_calls(f)
    if (dtype, name) == ("float32", "tanh") and "fma" in FLAGS:
        # written out in float32 arithmetic (no call): the loop divides 8 or 16 lanes at once
        asm = "\n".join(f.inspect_asm().values())
        assert not calls, calls
        assert re.search(r"vdivps\s+%[yz]mm", asm), "float32 tanh loop is not vectorised"
        return
    assert calls & expected, (calls, expected)
    # float32 code never calls a float64 variant (no widening to double)
    if dtype == "float32":
        assert not any(c.endswith(f"_{name}") for c in calls), calls


def float32_ulps(got, x):
    """Distance of float32 results from float64 tanh (1e-16 accurate), in float32 ulp."""
    exact = np.tanh(x.astype(np.float64))
    _, e = np.frexp(np.maximum(np.abs(exact.astype(np.float32)), np.float32(2.0 ** -126)))
    return np.abs(got.astype(np.float64) - exact) / np.ldexp(1.0, e.astype(np.int64) - 24)


def test_float32_tanh_over_every_2048th_float():
    """float32 tanh (its own float32 code where the CPU has FMA, libmvec's otherwise)
    against float64 tanh on every 2048th float32, both signs, zeros, subnormals,
    infinities and NaN included: within 2.5 ulp (measured on every float32: 2.498), the
    sign of zero kept, NaN for NaN, +-1 at +-inf."""
    bits = np.arange(0, 1 << 32, 2048, dtype=np.uint64).astype(np.uint32)
    x = np.concatenate([bits.view(np.float32), np.array([0.0, -0.0, np.inf, -np.inf, np.nan,
                       1e-45, -1e-45, 9.1, 9.100001, -9.0109, 0.75, -4.5050907], dtype=np.float32)])
    got = njit(np_tanh)(x)
    assert got.dtype == np.float32
    nan = np.isnan(x)
    assert np.array_equal(np.isnan(got), nan)
    bound = 2.5 if "fma" in FLAGS else 4.0
    ulps = float32_ulps(got[~nan], x[~nan])
    assert ulps.max() <= bound, (ulps.max(), x[~nan][ulps.argmax()])
    assert np.array_equal(np.signbit(got[~nan]), np.signbit(x[~nan]))
    assert set(got[x == np.inf].tolist()) == {1.0} and set(got[x == -np.inf].tolist()) == {-1.0}
    # the scalar form computes the same values as the array loop
    one = njit(np_tanh)
    sample = np.flatnonzero(~nan)[::4096]
    assert [np.float32(one(v)) for v in x[sample]] == got[sample].tolist()


WIDTH_SCRIPT = """
import re, numpy as np, ferrojit
def k(a):
    return np.exp(a)
def plain(a):
    return a * 2.0 + 1.0
k, plain = ferrojit.njit(k), ferrojit.njit(plain)
a = np.linspace(-5.0, 5.0, 1000)
assert np.allclose(k(a), np.exp(a), rtol=1e-14) and np.array_equal(plain(a), a * 2.0 + 1.0)
calls = lambda f: sorted(set(re.findall(r"\\$(_ZGV[de]N\\d+v+_\\w+)", "\\n".join(f.inspect_asm().values()))))
print(calls(k), "zmm" in "\\n".join(plain.inspect_asm().values()))
"""


@pytest.mark.skipif("avx512f" not in FLAGS or not _has_libmvec(), reason="needs AVX-512 and libmvec")
@pytest.mark.parametrize("width, expected", [(None, "['_ZGVeN8v_exp'] False"),
                                             ("256", "['_ZGVdN4v_exp'] False"),
                                             ("512", "['_ZGVeN8v_exp'] True")])
def test_vector_math_takes_512_bit_vectors_under_intel_tuning(width, expected, tmp_path):
    """x86-64-v4's tuning (that of Intel's AVX-512 CPUs) prefers 256-bit vectors; a
    module with vector math asks for 512 (np.exp: 2x faster), others keep LLVM's
    choice, and FERROJIT_PREFER_VECTOR_WIDTH decides when set."""
    import os
    import subprocess
    import sys
    script = tmp_path / "width.py"
    script.write_text(WIDTH_SCRIPT)
    env = {k: v for k, v in os.environ.items() if k != "FERROJIT_PREFER_VECTOR_WIDTH"}
    env["FERROJIT_CPU"] = "x86-64-v4"
    env["FERROJIT_CACHE_DIR"] = str(tmp_path)
    if width:
        env["FERROJIT_PREFER_VECTOR_WIDTH"] = width
    r = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == expected


@needs_vector_math
def test_binary_float32_calls_float32_variant():
    f = njit(np_arctan2)
    a = _input("x", "float32")
    f(a, a[::-1].copy())
    assert vector_calls(f) & {"_ZGVdN8vv_atan2f", "_ZGVeN16vv_atan2f"}


@needs_vector_math
def test_plain_loop_calls_vector_exp():
    f = njit(loop_exp)
    a = _input("exp", "float64")
    out = np.empty_like(a)
    f(a, out)
    assert vector_calls(f) & {"_ZGVdN4v_exp", "_ZGVeN8v_exp"}
    np.testing.assert_allclose(out, np.exp(a), rtol=1e-14)


@needs_vector_math
def test_math_exp_in_a_loop_vectorises_only_with_afn():
    """`math.exp` keeps CPython's bits (scalar libm) unless fastmath allows approximate
    functions; with `afn` and NumPy's error model the loop calls the vector exp."""
    a = _input("exp", "float64")
    out, want = np.empty_like(a), np.array([math.exp(x) for x in a])
    plain = njit(loop_math_exp)
    plain(a, out)
    np.testing.assert_array_equal(out, want)
    assert not vector_calls(plain)
    for opts in [dict(fastmath={"afn"}, error_model="numpy"), dict(fastmath=True, error_model="numpy")]:
        f = njit(**opts)(loop_math_exp)
        f(a, out)
        assert vector_calls(f) & {"_ZGVdN4v_exp", "_ZGVeN8v_exp"}, opts
        np.testing.assert_allclose(out, want, rtol=1e-15 * 4)
    # with Python's error model the checks stay: overflow still raises
    checked = njit(fastmath={"afn"})(loop_math_exp)
    with pytest.raises(OverflowError, match="math range error"):
        checked(np.array([1.0, 1000.0]), np.empty(2))


@needs_vector_math
def test_seed_softmax_calls_vector_exp():
    import importlib.util
    import os
    path = os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks", "kernels.py")
    spec = importlib.util.spec_from_file_location("kernels_vecmath_test", path)
    kernels = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kernels)
    f = kernels.seed_softmax(ferrojit.jit, kernels.fresh_copy("softmax_vecmath_test"))
    (z,) = kernels.softmax_input(1000)
    np.testing.assert_allclose(f(z), kernels.softmax_numpy(z), rtol=1e-13)
    assert vector_calls(f) & {"_ZGVdN4v_exp", "_ZGVeN8v_exp"}


def ulp_apart(a, b):
    """Distance in ulp of float32 arrays (sign-magnitude bits on one integer line)."""
    ia = a.view(np.int32).astype(np.int64)
    ib = b.view(np.int32).astype(np.int64)
    ia = np.where(ia < 0, -(ia & 0x7FFFFFFF), ia)
    ib = np.where(ib < 0, -(ib & 0x7FFFFFFF), ib)
    return np.abs(ia - ib)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_float32_results_match_numpy(name):
    """float32 in, float32 out, each value within a few ulp of NumPy's (ferrojit and
    NumPy are each within their bound of the exact value: 4 + 3); specials alike."""
    f = njit(UNARY[name])
    a = _input(name, "float32", 4099, seed=1)  # not a multiple of a vector: a tail too
    a[:6] = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0]
    got = f(a)
    with np.errstate(all="ignore"):
        ref = UNARY[name](a)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(np.isnan(got), np.isnan(ref))
    ok = ~np.isnan(ref)
    assert ulp_apart(got[ok], ref[ok]).max() <= 7


@pytest.mark.parametrize("dtype,result", [("uint16", "float32"), ("int16", "float32"),
                                          ("int32", "float64"), ("int64", "float64"),
                                          ("float32", "float32"), ("float64", "float64")])
def test_result_dtype_follows_numpy(dtype, result):
    a = (np.arange(50) % 7).astype(dtype)
    got = njit(np_exp)(a)
    assert got.dtype == np.exp(a).dtype == np.dtype(result)
    np.testing.assert_allclose(got, np.exp(a), rtol=4e-7 if result == "float32" else 1e-15)


@pytest.mark.parametrize("dtype", ["int8", "uint8", "bool"])
def test_float16_results_are_float32(dtype):
    """NumPy gives float16 here; ferrojit has no float16 and gives float32
    (docs/supported.md), the values NumPy's float16 rounds."""
    a = (np.arange(50) % 7).astype(dtype)
    got = njit(np_exp)(a)
    assert np.exp(a).dtype == np.float16 and got.dtype == np.float32
    np.testing.assert_array_equal(got.astype(np.float16), np.exp(a))


def test_scalar_cbrt_and_exp2_follow_cpython():
    import math

    @njit
    def k(x):
        return math.cbrt(x), math.exp2(x)

    for x in [0.0, -0.0, 1.0, -8.0, 27.0, 1e-300, -3.5, 1023.5, -1074.0, -1080.0]:
        got = k(x)
        exp = (math.cbrt(x), math.exp2(x))
        assert got[0] == pytest.approx(exp[0], rel=1e-15) and got[1] == pytest.approx(exp[1], rel=1e-15)
        assert math.copysign(1, got[0]) == math.copysign(1, exp[0])
    with pytest.raises(OverflowError, match="math range error"):
        k(1024.0)
    with pytest.raises(OverflowError, match="math range error"):
        math.exp2(1024.0)


# ---------------------------------------------------------------------------
# fastmath
# ---------------------------------------------------------------------------
def mul_add(a, b, c):
    out = np.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = a[i] * b[i] + c[i]
    return out


def fsum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def asm_of(f):
    return "\n".join(f.inspect_asm().values())


def llvm_of(f):
    return "\n".join(f.inspect_llvm().values())


def _fma_inputs():
    a = np.full(64, 1.0 + 2.0**-30)
    b = np.full(64, 1.0 - 2.0**-30)
    c = np.full(64, -1.0)
    return a, b, c


@pytest.mark.skipif("fma" not in FLAGS, reason="no FMA on this CPU")
@pytest.mark.parametrize("fastmath", [True, {"contract"}, {"fast"}, ["contract", "nsz"]])
def test_contract_forms_fma(fastmath):
    f = njit(fastmath=fastmath)(mul_add)
    a, b, c = _fma_inputs()
    got = f(a, b, c)
    assert re.search(r"vfn?madd", asm_of(f))
    # the fused result: a*b+c rounded once (-2**-60), not twice (0.0)
    assert got[0] == -(2.0**-60)


@pytest.mark.parametrize("fastmath", [False, None, set(), {"nnan", "ninf", "nsz"}, {"reassoc"}])
def test_no_contract_no_fma(fastmath):
    f = njit(fastmath=fastmath)(mul_add)
    a, b, c = _fma_inputs()
    got = f(a, b, c)
    assert not re.search(r"vfn?madd", asm_of(f))
    np.testing.assert_array_equal(got, a * b + c)
    assert got[0] == 0.0


def _cancelling(n=4096):
    rng = np.random.default_rng(3)
    a = rng.standard_normal(n) * 1e16
    a[1::2] = -a[::2] + rng.standard_normal(n // 2)
    return a


def _python_sum(a):
    s = 0.0
    for x in a.tolist():
        s += x
    return s


@pytest.mark.parametrize("fastmath", [False, {"nnan", "ninf", "nsz", "arcp", "contract", "afn"}])
def test_sum_keeps_python_order_without_reassoc(fastmath):
    f = njit(fastmath=fastmath)(fsum)
    a = _cancelling()
    assert f(a) == _python_sum(a)
    assert "<4 x double>" not in llvm_of(f) and "<8 x double>" not in llvm_of(f)


@pytest.mark.parametrize("fastmath", [True, {"reassoc"}])
def test_reassoc_vectorises_a_float_sum(fastmath):
    f = njit(fastmath=fastmath)(fsum)
    a = np.random.default_rng(4).random(10_000)
    assert f(a) == pytest.approx(_python_sum(a), rel=1e-12)
    ir = llvm_of(f)
    assert "<4 x double>" in ir or "<8 x double>" in ir or "<2 x double>" in ir


def test_fastmath_flags_reach_the_instructions():
    f = njit(fastmath={"nnan", "arcp"})(mul_add)
    f(*_fma_inputs())
    ir = llvm_of(f)
    assert re.search(r"fmul nnan arcp double", ir), ir[:2000]
    assert not re.search(r"fmul[a-z ]*\b(reassoc|contract|fast)\b", ir)


@pytest.mark.parametrize("bad,exc,msg", [
    ({"nnan", "bogus"}, ValueError, "unrecognized fastmath flag.*bogus"),
    ({"fastest"}, ValueError, "fastest"),
    (3, TypeError, "fastmath must be a bool or a set"),
    ("fast", TypeError, "fastmath must be a bool or a set"),
])
def test_bad_fastmath_values_raise(bad, exc, msg):
    with pytest.raises(exc, match=msg):
        njit(fastmath=bad)(fsum)


def test_cfunc_and_vectorize_take_flag_sets():
    from ferrojit import cfunc, vectorize

    c = cfunc("float64(float64, float64, float64)", fastmath={"contract"})(lambda_free_mul_add)
    fused = c.ctypes(1.0 + 2.0**-30, 1.0 - 2.0**-30, -1.0)
    assert fused == (-(2.0**-60) if "fma" in FLAGS else 0.0)
    v = vectorize(["float64(float64, float64, float64)"], fastmath={"nsz"})(lambda_free_mul_add)
    np.testing.assert_array_equal(v(np.ones(3), np.ones(3), np.ones(3)), np.full(3, 2.0))


def lambda_free_mul_add(a, b, c):
    return a * b + c
