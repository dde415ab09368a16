"""The jit/njit decorators and the dispatcher object: decorator forms,
options, specialisations, eager signatures, ferrojit.types, introspection
and FERROJIT_DISABLE_JIT."""

import dis
import inspect
import io
import os
import subprocess
import sys
import textwrap

import pytest

import ferrojit
import kernels as K
from ferrojit import types as T

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------
# Decorator forms
# ---------------------------------------------------------------------------
@ferrojit.jit
def deco_jit_bare(x, y):
    return x * y + 1


@ferrojit.jit()
def deco_jit_empty_call(x, y):
    return x * y + 2


@ferrojit.jit(nopython=True, nogil=True)
def deco_jit_options(x, y):
    return x * y + 3


@ferrojit.njit
def deco_njit_bare(x, y):
    return x * y + 4


@ferrojit.njit(nogil=True, fastmath=False)
def deco_njit_options(x, y):
    return x * y + 5


@pytest.mark.parametrize("f,k", [(deco_jit_bare, 1), (deco_jit_empty_call, 2),
                                 (deco_jit_options, 3), (deco_njit_bare, 4),
                                 (deco_njit_options, 5)],
                         ids=lambda v: getattr(v, "__name__", str(v)))
def test_decorator_forms(f, k):
    assert f(6, 7) == 42 + k
    assert type(f(6, 7)) is int
    assert f(0.5, 4.0) == 2.0 + k
    assert type(f(0.5, 4.0)) is float
    assert f.py_func(6, 7) == 42 + k


@pytest.mark.parametrize("make", [
    lambda f: ferrojit.jit(f),
    lambda f: ferrojit.njit(f),
    lambda f: ferrojit.jit()(f),
    lambda f: ferrojit.njit()(f),
    lambda f: ferrojit.jit(nopython=True)(f),
], ids=["jit(f)", "njit(f)", "jit()(f)", "njit()(f)", "jit(nopython=True)(f)"])
def test_functional_forms(make):
    f = make(K.fib)
    assert f(10) == K.fib(10) == 144
    assert f.py_func is K.fib


def test_decorator_on_nested_function():
    """A decorated function defined inside another function (indented source,
    no free variables) compiles like a top-level one."""
    @ferrojit.njit
    def inner(a, b):
        if a > b:
            return a - b
        return b - a

    assert inner(3, 10) == 7
    assert inner(2.5, 1.0) == 1.5


# ---------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------
OPTION_SETS = [
    {"nopython": True},
    {"nogil": True},
    {"cache": False},
    {"cache": True},
    {"parallel": True},
    {"parallel": False},
    {"fastmath": True},
    {"boundscheck": True},
    {"boundscheck": False},
    {"error_model": "python"},
    {"error_model": "numpy"},
    {"forceobj": True},
    {"locals": {"acc": T.float64}},
    {"cache": False, "nopython": True, "nogil": True, "parallel": True},  # seed 003
]


@pytest.mark.parametrize("opts", OPTION_SETS, ids=repr)
@pytest.mark.parametrize("decorator", ["jit", "njit"])
def test_options_are_accepted(decorator, opts):
    f = getattr(ferrojit, decorator)(**opts)(K.accumulate)
    expected = K.accumulate(1000)
    got = f(1000)
    assert type(got) is float
    if opts.get("fastmath"):
        assert got == pytest.approx(expected, rel=1e-12)
    else:
        assert got == expected


def test_error_model_numpy_gives_inf_instead_of_raising():
    """Numba's error_model='numpy': float division by zero follows IEEE 754;
    the default 'python' model raises ZeroDivisionError."""
    f = ferrojit.njit(error_model="numpy")(K.truediv)
    assert f(1.0, 0.0) == float("inf")
    assert f(-1.0, 0.0) == float("-inf")
    g = ferrojit.njit(K.truediv)
    with pytest.raises(ZeroDivisionError):
        g(1.0, 0.0)


def test_locals_option_sets_a_variable_type():
    """locals={'s': float64}: the int accumulator of sum_range1 is a float64."""
    f = ferrojit.njit(locals={"s": T.float64})(K.sum_range1)
    got = f(10)
    assert got == 45.0
    assert type(got) is float


def test_options_with_eager_signature():
    f = ferrojit.jit("f8(i8)", nopython=True, nogil=True, cache=False)(K.accumulate)
    assert f(10) == K.accumulate(10)


@pytest.mark.parametrize("opts", [{"banana": True}, {"nogil": True, "colour": "red"},
                                  {"nopyton": True}], ids=repr)
@pytest.mark.parametrize("decorator", ["jit", "njit"])
def test_unknown_option_raises_typeerror(decorator, opts):
    with pytest.raises(TypeError) as ei:
        getattr(ferrojit, decorator)(**opts)(K.add)
    bad = [k for k in opts if k not in ("nogil",)][0]
    assert bad in str(ei.value)


# ---------------------------------------------------------------------------
# Specialisations
# ---------------------------------------------------------------------------
def test_signatures_grow_per_argument_type_combination():
    f = ferrojit.njit(K.add)
    assert len(f.signatures) == 0
    assert f(1, 2) == 3
    assert len(f.signatures) == 1
    assert f(1.5, 2.25) == 3.75
    assert len(f.signatures) == 2
    assert f(1, 2.5) == 3.5
    assert len(f.signatures) == 3
    # repeated calls with known types do not compile again
    assert f(10, 20) == 30
    assert f(0.5, 0.25) == 0.75
    assert f(3, 0.5) == 3.5
    assert len(f.signatures) == 3
    # (float, int) is yet another combination
    assert f(0.5, 3) == 3.5
    assert len(f.signatures) == 4


def test_signatures_is_a_list_of_distinct_entries():
    f = ferrojit.njit(K.add)
    f(1, 2)
    f(1.0, 2.0)
    f(True, 2)
    assert isinstance(f.signatures, list)
    assert len(f.signatures) == 3
    assert len(set(map(str, f.signatures))) == 3


def test_int_and_float_specialisations_give_their_own_result_types():
    f = ferrojit.njit(K.mul)
    assert type(f(3, 4)) is int
    assert type(f(3.0, 4.0)) is float
    assert type(f(3, 4)) is int


# ---------------------------------------------------------------------------
# Eager signatures
# ---------------------------------------------------------------------------
def test_eager_signature_string_compiles_at_decoration():
    f = ferrojit.jit("f8(f8, i8)")(K.scale_by)
    assert len(f.signatures) == 1  # before any call
    assert f(1.5, 3) == 4.5
    assert type(f(1.5, 3)) is float
    assert len(f.signatures) == 1


def test_eager_signature_from_types_objects():
    sig = T.float64(T.float64, T.int64)
    f = ferrojit.jit(sig)(K.scale_by)
    assert len(f.signatures) == 1
    assert f(2.5, 2) == 5.0


def test_eager_signature_list():
    f = ferrojit.jit(["i8(i8, i8)", "f8(f8, f8)"])(K.add)
    assert len(f.signatures) == 2
    assert f(2, 3) == 5
    assert type(f(2, 3)) is int
    assert f(2.0, 3.5) == 5.5
    assert type(f(2.0, 3.5)) is float
    assert len(f.signatures) == 2


def test_eager_signature_with_njit_and_long_names():
    f = ferrojit.njit("float64(float64, int64)")(K.scale_by)
    assert f(0.25, 8) == 2.0


def test_eager_signature_boolean_result():
    f = ferrojit.njit("boolean(f8)")(K.is_positive)
    assert f(1.5) is True
    assert f(-1.5) is False


def test_eager_signature_void_result():
    f = ferrojit.njit("void(i8)")(K.do_nothing)
    assert f(3) is None
    g = ferrojit.njit(T.void(T.int64))(K.bare_return)
    assert g(3) is None
    assert g(-3) is None


def test_eager_signature_as_decorator_argument_with_decorator_syntax():
    @ferrojit.jit("i8(i8)", nogil=True)
    def twice(x):
        return 2 * x

    assert len(twice.signatures) == 1
    assert twice(21) == 42


def test_lazy_function_returning_none():
    f = ferrojit.njit(K.do_nothing)
    assert f(1) is None
    assert f(1.5) is None
    g = ferrojit.njit(K.bare_return)
    assert g(1) is None
    assert g(-1) is None


# ---------------------------------------------------------------------------
# ferrojit.types
# ---------------------------------------------------------------------------
TYPE_NAMES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
              "float32", "float64", "boolean", "void"]


#: every name ferrojit.types exports, with the Numba name of the type it denotes
TYPE_VALUES = {**{n: n for n in TYPE_NAMES}, "boolean": "bool", "void": "none",
               "f4": "float32", "f8": "float64", "i4": "int32", "i8": "int64",
               "u1": "uint8", "intp": "int64", "intc": "int32"}


@pytest.mark.parametrize("name", list(TYPE_VALUES))
def test_type_names_exist(name):
    t = getattr(T, name)
    assert type(t) is type(T.float64)
    assert str(t) == TYPE_VALUES[name]


@pytest.mark.parametrize("alias,name", [("f4", "float32"), ("f8", "float64"),
                                        ("i4", "int32"), ("i8", "int64"),
                                        ("u1", "uint8"), ("intp", "int64"),
                                        ("intc", "int32")])
def test_type_aliases(alias, name):
    assert getattr(T, alias) == getattr(T, name)


def test_types_are_distinct():
    objs = [getattr(T, n) for n in TYPE_NAMES]
    for i, a in enumerate(objs):
        for b in objs[i + 1:]:
            assert a != b


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_type_str_is_numba_name(name):
    # as in Numba: str(types.boolean) == "bool", str(types.void) == "none"
    expected = {"boolean": "bool", "void": "none"}.get(name, name)
    assert str(getattr(T, name)) == expected


# ---------------------------------------------------------------------------
# Introspection
# ---------------------------------------------------------------------------
def test_inspect_llvm_and_asm():
    f = ferrojit.njit(K.add)
    f(1, 2)
    f(1.0, 2.0)
    llvm = f.inspect_llvm()
    assert isinstance(llvm, dict)
    assert len(llvm) == 2
    for sig in f.signatures:
        text = f.inspect_llvm(sig)
        assert isinstance(text, str)
        assert "define" in text
        assert llvm[sig] == text
    asm = f.inspect_asm()
    assert isinstance(asm, dict)
    assert len(asm) == 2
    for sig in f.signatures:
        text = f.inspect_asm(sig)
        assert isinstance(text, str) and text.strip()


def test_inspect_llvm_of_eager_function_before_call():
    f = ferrojit.jit("f8(f8, i8)")(K.scale_by)
    (sig,) = f.signatures
    assert "define" in f.inspect_llvm(sig)


def _dis(obj):
    buf = io.StringIO()
    dis.dis(obj, file=buf)
    return buf.getvalue()


@pytest.mark.parametrize("kernel", [K.fib, K.documented, K.with_defaults],
                         ids=lambda k: k.__name__)
def test_dis_matches_python_function(kernel):
    f = ferrojit.njit(kernel)
    assert _dis(f) == _dis(kernel)
    f(*([1] * f.__code__.co_argcount))
    assert _dis(f) == _dis(f.py_func)


def test_inspect_signature_matches_python_function():
    f = ferrojit.njit(K.with_defaults)
    assert inspect.signature(f) == inspect.signature(f.py_func)
    assert str(inspect.signature(f)) == "(x, y=2, z=0.5)"


def test_function_attributes():
    f = ferrojit.jit(K.documented)
    assert f.py_func is K.documented
    assert f.__name__ == "documented"
    assert f.__doc__ == K.documented.__doc__
    assert f.__wrapped__ is f.py_func
    assert f.__code__ is K.documented.__code__
    assert f(1) == 2


def test_jitted_callee_is_a_dispatcher():
    assert K.fib_rec.__name__ == "fib_rec"
    assert callable(K.fib_rec)
    assert inspect.signature(K.jclamp) == inspect.signature(K.jclamp.py_func)


# ---------------------------------------------------------------------------
# FERROJIT_DISABLE_JIT
# ---------------------------------------------------------------------------
def _run_python(code, env_update):
    env = dict(os.environ)
    env.pop("FERROJIT_DISABLE_JIT", None)
    env.update(env_update)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), HERE],
                          capture_output=True, text=True, env=env, timeout=120)


def test_disable_jit_returns_plain_function():
    proc = _run_python("""
        import sys
        sys.path.insert(0, sys.argv[1])
        import ferrojit
        import kernels
        def f(x):
            return x + 1
        assert ferrojit.jit(f) is f
        assert ferrojit.njit(f) is f
        assert ferrojit.jit()(f) is f
        assert ferrojit.jit(nogil=True, cache=True)(f) is f
        assert ferrojit.njit("i8(i8)")(f) is f
        assert ferrojit.jit(["i8(i8)", "f8(f8)"])(f) is f
        # out-of-subset programs run as plain Python
        # the module imported fine, its decorated functions are the plain ones
        import types
        assert type(kernels.fib_rec) is types.FunctionType
        assert kernels.fib_rec(20) == 6765
        g = ferrojit.njit(kernels.fib_obj)
        assert g is kernels.fib_obj
        assert g(kernels.MyInt(10)) == 144
        print("DISABLED-OK")
    """, {"FERROJIT_DISABLE_JIT": "1"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "DISABLED-OK" in proc.stdout


def test_jit_enabled_without_the_variable():
    proc = _run_python("""
        import sys
        sys.path.insert(0, sys.argv[1])
        import ferrojit
        import kernels
        f = kernels.documented
        g = ferrojit.jit(f)
        assert g is not f
        assert g.py_func is f
        assert g(41) == 42
        print("ENABLED-OK")
    """, {})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "ENABLED-OK" in proc.stdout
