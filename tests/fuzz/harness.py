"""Run one program under CPython (the oracle) and ferrojit, and compare.

``run_source(source, inputs, options)`` is what the fuzzer, the shrinker and the
regression tests under tests/fuzz/regressions/ all call: it writes the program to a real
file (ferrojit compiles from source), imports it, compiles every function with
``ferrojit.njit``, runs the oracle (the rewritten plain-Python program, see oracle.py)
and the compiled entry point on separate deep copies of the arguments, and compares
results, exceptions and the argument arrays afterwards (gaps of strided views
included). It returns ``None`` when they agree, or a ``Mismatch``. A program compiled
with ``parallel=True`` (the `prange` family) runs each input under every thread count
and has its PerformanceWarnings checked against its loops (``Parallel``).
"""

import ast
import contextlib
import hashlib
import importlib.util
import io
import math
import os
import re
import struct
import sys
import tempfile
import warnings
from dataclasses import dataclass

import numpy as np

from . import oracle

ULPS = 4  # accuracy contract of transcendental functions

_TMPDIR = None
_COUNTER = [0]


def tmpdir():
    global _TMPDIR
    if _TMPDIR is None:
        _TMPDIR = tempfile.mkdtemp(prefix="ferrojit-fuzz-")
    return _TMPDIR


@dataclass
class Mismatch:
    kind: str      # value, exc-type, exc-message, py-raised, jit-raised, array-arg, list-arg, ice, unsupported
    detail: str

    def signature(self):
        """Groups mismatches that are probably the same bug."""
        return self.kind + ":" + self.detail.split("\n")[0][:160]


# ---------------------------------------------------------------------------
# arrays from specs
# ---------------------------------------------------------------------------
def sentinel(dtype):
    k = np.dtype(dtype).kind
    return True if k == "b" else (-777.25 if k == "f" else 77)


def build(spec):
    """An array (and the buffer it lives in) from ``{"values", "shape", "dtype",
    "layout"}``; building the same spec twice gives two independent identical arrays
    with the same strides."""
    dtype = np.dtype(spec["dtype"])
    shape = tuple(spec["shape"])
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        values = np.array(spec["values"], dtype=np.float64 if dtype.kind == "f" else object)
        values = values.astype(dtype).reshape(shape)
    layout = spec["layout"]
    nd = len(shape)
    if nd == 0 or layout == "C":
        base = values.copy(order="C")
        return base, base
    if layout == "F":
        base = np.asfortranarray(values).copy(order="F")
        return base, base
    if layout == "transposed" and nd >= 2:
        base = np.full(shape[::-1], sentinel(dtype), dtype)
        view = base.T
        view[...] = values
        return base, view
    step = 2 if layout in ("strided", "transposed") else -1
    steps = [step] * nd
    if layout == "strided":
        steps[-1] = 3
    bshape = [max(1, abs(s) * n + 1) for s, n in zip(steps, shape)]
    base = np.full(bshape, sentinel(dtype), dtype)
    idx = []
    for s, n in zip(steps, shape):
        if n == 0:
            idx.append(slice(0, 0))
        elif s > 0:
            idx.append(slice(1, 1 + s * n, s))
        else:
            idx.append(slice(abs(s) * n - 1, None, s))
    view = base[tuple(idx)]
    view[...] = values
    return base, view


def is_complex_spec(x):
    """A complex argument as generated (``{"complex": [re, im]}``: JSON-safe, for the
    worker and shrinker processes)."""
    return isinstance(x, dict) and "complex" in x


def encode_inputs(inputs_list):
    """``inputs_list`` with Python complex arguments (as regression tests write them)
    turned into complex specs, for the JSON of a worker process."""
    return [[{"complex": [x.real, x.imag]} if isinstance(x, complex) else x for x in inp]
            for inp in inputs_list]


def is_func_spec(x):
    """A function argument as generated (``{"func": name}``, perhaps ``"plain": True``:
    gen.Fn parameters), resolved on each side by ``make_args``'s ``funcs``."""
    return isinstance(x, dict) and "func" in x


def func_resolver(namespace, plain=None):
    """``funcs`` for ``make_args``: a spec's function. ``math.sin``, ``np.cos``,
    ``abs`` are those objects; any other name is the program's own function from
    ``namespace`` (the oracle's plain functions, or the compiled module's dispatchers),
    or with ``"plain": True`` from ``plain`` (the module's functions before
    ``ferrojit.njit``: compiled by ferrojit when passed)."""
    import builtins

    def resolve(spec):
        name = spec["func"]
        if "." in name:
            mod, attr = name.split(".", 1)
            return getattr({"math": math, "np": np}[mod], attr)
        if name == "abs":
            return builtins.abs
        table = plain if spec.get("plain") and plain is not None else namespace
        if name not in table:
            # (a shrinking step deleted the function)
            raise GeneratorBug(f"NameError: function argument {name!r} is not defined")
        return table[name]
    return resolve


def _fresh_list(xs):
    """A copy of list argument ``xs`` for one side: inner lists copied, each float an
    object of its own (see ``make_args``)."""
    return [_fresh_list(x) if isinstance(x, list) else
            struct.unpack("<d", struct.pack("<d", x))[0] if type(x) is float else x
            for x in xs]


def make_args(inputs, funcs=None):
    """(args, bases): arrays built from their specs, complex specs as complex numbers,
    function specs as ``funcs(spec)`` gives them, lists copied (a list of its own for
    each side: compiled code changes the caller's list, compared afterwards, as arrays'
    buffers are: ``bases`` holds both), scalars as they are."""
    args, bases = [], []
    for x in inputs:
        if isinstance(x, list):
            args.append(_fresh_list(x))
            bases.append((len(args) - 1, args[-1]))
            continue
        if is_complex_spec(x):
            re_, im = x["complex"]
            args.append(complex(float(re_), float(im)))
        elif is_func_spec(x):
            if funcs is None:
                raise GeneratorBug("a function argument without a resolver")
            args.append(funcs(x))
        elif isinstance(x, dict):
            base, view = build(x)
            args.append(view)
            bases.append((len(args) - 1, base))
        elif type(x) is float:
            # a float object of its own: two arguments drawn from the same pool entry
            # (math.nan) would be one object, and CPython's `x in (y,)` tests identity
            # first, which compiled numbers do not have (docs/supported.md)
            args.append(struct.unpack("<d", struct.pack("<d", x))[0])
        else:
            args.append(x)
    return args, bases


# ---------------------------------------------------------------------------
# comparison
# ---------------------------------------------------------------------------
def _fmt(v):
    if isinstance(v, float):
        return f"{v!r} ({v.hex()})"
    if isinstance(v, complex):
        return f"{py_literal(v)} ({v.real.hex()}, {v.imag.hex()})"
    if isinstance(v, np.ndarray):
        return f"array({v.tolist()!r}, dtype={v.dtype})"
    if isinstance(v, tuple):
        return "(" + ", ".join(_fmt(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    if isinstance(v, list):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return repr(v)


# The sign of a zero is unspecified for the program being compared (set by run_one from
# its ``tolerate`` tags): NumPy's min/max reductions and fmin/fmax/minimum/maximum pick
# either of 0.0 and -0.0 on a tie, depending on the array's length and the CPU's SIMD
# code, so ferrojit cannot copy one machine's choice (docs/fuzzing.md).
_ZERO_SIGN_FREE = False


def _same_float(g, e, ulps):
    if math.isnan(g) or math.isnan(e):
        return math.isnan(g) and math.isnan(e)
    if struct.pack("<d", g) == struct.pack("<d", e):
        return True
    if _ZERO_SIGN_FREE and g == 0 and e == 0:
        return True
    if ulps and not (math.isinf(g) or math.isinf(e)) and g != 0 and e != 0 \
            and (g > 0) == (e > 0):
        return abs(g - e) <= ulps * math.ulp(e)
    return False


def _array_diff(g, e, ulps):
    if not isinstance(g, np.ndarray):
        return f"expected an ndarray, got {type(g).__name__}: {g!r}"
    if g.dtype != e.dtype:
        return f"dtype {g.dtype} != CPython's {e.dtype}"
    if g.shape != e.shape:
        return f"shape {g.shape} != CPython's {e.shape}"
    if e.size == 0:
        return None
    if e.dtype.kind != "f":
        if not np.array_equal(g, e):
            idx = tuple(int(i) for i in np.argwhere(g != e)[0])
            return f"element {idx}: {g[idx]!r} != CPython's {e[idx]!r}"
        return None
    for idx in np.ndindex(e.shape):
        gv, ev = float(g[idx]), float(e[idx])
        u = ulps
        if ulps and e.dtype == np.float32:
            # ulps of float32
            if not (math.isnan(gv) or math.isnan(ev) or math.isinf(gv) or math.isinf(ev)):
                if abs(gv - ev) <= ulps * float(np.spacing(np.float32(abs(ev)))):
                    continue
        if not _same_float(gv, ev, u):
            return f"element {idx}: {_fmt(gv)} != CPython's {_fmt(ev)}"
    return None


def _same_complex(g, e, ulps):
    """Parts bit for bit (NaN equals NaN, signed zeros differ), or, with ``ulps``,
    finite parts within ``ulps * ulp(abs(e))`` of each other: the error of cmath's
    functions is relative to the modulus (a part far smaller than it, such as
    ``cmath.exp(1.5707963267948966j).real``, has no accuracy of its own). Two zero
    parts must still have the same sign (branch cuts)."""
    if _same_float(g.real, e.real, 0) and _same_float(g.imag, e.imag, 0):
        return True
    if not ulps:
        return False
    parts = (g.real, g.imag, e.real, e.imag)
    if not all(math.isfinite(p) for p in parts):
        return _same_float(g.real, e.real, ulps) and _same_float(g.imag, e.imag, ulps)
    tol = ulps * math.ulp(math.hypot(e.real, e.imag))
    for gp, ep in ((g.real, e.real), (g.imag, e.imag)):
        if gp == 0 and ep == 0:
            if not _same_float(gp, ep, 0):
                return False
        elif abs(gp - ep) > tol:
            return False
    return True


def value_diff(got, exp, ulps=0, path="result"):
    if isinstance(exp, np.ndarray):
        d = _array_diff(got, exp, ulps)
        return f"{path}: {d}" if d else None
    # A float32 scalar is only defined to `ulps` of float32 where ulps apply (a sum's
    # order: NumPy's pairwise vs ours), not of the float64 it is compared as.
    f32 = isinstance(exp, np.float32)
    exp = oracle.normalize(exp)
    if isinstance(exp, (tuple, list)):
        # (lists item by item, as tuples: same types, floats bit for bit)
        if type(got) is not type(exp) or len(got) != len(exp):
            return f"{path}: {_fmt(got)} != CPython's {_fmt(exp)}"
        for i, (g, e) in enumerate(zip(got, exp)):
            d = value_diff(g, e, ulps, f"{path}[{i}]")
            if d:
                return d
        return None
    if type(got) is not type(exp):
        return (f"{path}: type {type(got).__name__} != CPython's {type(exp).__name__} "
                f"({_fmt(got)} vs {_fmt(exp)})")
    if isinstance(exp, complex):
        if not _same_complex(got, exp, ulps):
            return f"{path}: {_fmt(got)} != CPython's {_fmt(exp)}"
        return None
    if isinstance(exp, float):
        if f32 and ulps and math.isfinite(got) and math.isfinite(exp) \
                and abs(got - exp) <= ulps * float(np.spacing(np.float32(abs(exp)))):
            return None
        if not _same_float(got, exp, ulps):
            return f"{path}: {_fmt(got)} != CPython's {_fmt(exp)}"
        return None
    if got != exp:
        return f"{path}: {_fmt(got)} != CPython's {_fmt(exp)}"
    return None


def public_type(exc):
    for cls in type(exc).__mro__:
        if not cls.__module__.startswith("numpy"):
            return cls
    return type(exc)


# ---------------------------------------------------------------------------
# running
# ---------------------------------------------------------------------------
#: Exception-message differences of known, not yet fixed bugs: name -> (CPython's
#: message, ferrojit's). A run given the name (``--skip-bug NAME``) accepts the pair.
KNOWN_MESSAGE_BUGS = {
    # `1 / 0` with two ints: CPython says "division by zero", ferrojit says "float
    # division by zero" (the message of a float division).
    "int-truediv-message": (r"division by zero", r"float division by zero"),
}


def _known_message(tolerate, py_msg, jit_msg):
    import re
    for b in tolerate:
        if b in KNOWN_MESSAGE_BUGS:
            p, j = KNOWN_MESSAGE_BUGS[b]
            if re.fullmatch(p, py_msg) and re.fullmatch(j, jit_msg):
                return True
    return False


class GeneratorBug(Exception):
    """The oracle failed in a way that means the program was not valid Python
    for the subset (NameError, TypeError, ...)."""


_GEN_BUG_TYPES = (NameError, TypeError, AttributeError, SyntaxError, UnboundLocalError,
                  NotImplementedError, RecursionError)


def load_jit_module(source, options):
    import ferrojit
    _COUNTER[0] += 1
    h = hashlib.sha1(source.encode()).hexdigest()[:10]
    name = f"fzprog_{os.getpid()}_{_COUNTER[0]}_{h}"
    path = os.path.join(tmpdir(), name + ".py")
    with open(path, "w") as fh:
        fh.write(source)
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    mod._fz_plain = {}  # the plain functions (function arguments with "plain": True)
    for k, v in list(vars(mod).items()):
        if callable(v) and getattr(v, "__module__", None) == name and \
                type(v).__name__ == "function":
            mod._fz_plain[k] = v
            setattr(mod, k, ferrojit.njit(v, **options))
    return mod, name, path


def run_source(source, inputs_list, options=None, entry="f", ulps=0, tolerate=()):
    """Compare CPython and ferrojit on each input of ``inputs_list``; returns the first
    ``Mismatch`` or None. A program ferrojit refuses (TypingError) gives a Mismatch of
    kind ``unsupported``; one the oracle cannot run raises ``GeneratorBug``."""
    return run_source_idx(source, inputs_list, options, entry, ulps, tolerate=tolerate)[0]


def run_source_idx(source, inputs_list, options=None, entry="f", ulps=0, keep=False,
                   tolerate=()):
    """``run_source``, also returning the index of the input that failed."""
    from ferrojit.errors import InternalCompilerError, TypingError
    options = options or {}
    # a program that `del`etes a name may read it unbound (UnboundLocalError in both);
    # elsewhere CPython's UnboundLocalError is a generator bug
    unbound_ok = bool(_DEL_STMT.search(source))
    ns = oracle.load_oracle(source)
    mod, name, path = load_jit_module(source, options)
    par = Parallel(source, path) if options.get("parallel") else None
    try:
        jf = getattr(mod, entry)
        funcs = (func_resolver(ns), func_resolver(vars(mod), mod._fz_plain))
        for k, inputs in enumerate(inputs_list):
            m = run_one(ns[entry], jf, inputs, ulps, TypingError, InternalCompilerError,
                        tolerate, funcs, unbound_ok, par)
            if m is not None:
                return m, k
        if par is not None:
            m = par.check_warnings()
            if m is not None:
                return m, 0
        return None, None
    finally:
        sys.modules.pop(name, None)
        if not keep:
            try:
                os.remove(path)
            except OSError:
                pass


_DEL_STMT = re.compile(r"^\s*del\s", re.M)


# ---------------------------------------------------------------------------
# parallel programs (`parallel=True`, `prange` loops: gen.stmt_prange)
# ---------------------------------------------------------------------------
#: The warning compiling gives a `prange` loop kept serial (its message names the line).
_SERIAL_WARNING = re.compile(r":(\d+): this `prange` loop runs serially: (.*)", re.S)


def _prange_loops(source):
    """[(first line, last line, loop variable)] of the `for v in prange(...)` loops."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name) \
                and "prange" in ast.unparse(node.iter):
            out.append((node.lineno, node.end_lineno, node.target.id))
    return out


def _expects(var):
    """What the generator promises about a loop, from its variable's name: `piN` runs
    in parallel (compiling does not warn), `siN` stays serial (it warns); others (a
    body the generator cannot vouch for, or a shrunk program's renamed loop): nothing."""
    if re.fullmatch(r"pi\d+", var):
        return "parallel"
    if re.fullmatch(r"si\d+", var):
        return "serial"
    return None


class Parallel:
    """A program compiled with parallel=True: each input runs under every thread count
    (1..NUMBA_NUM_THREADS), the warnings compiling gives are recorded and checked
    against the loops' names (``_expects``), and an exception CPython raised inside a
    loop that may run in parallel leaves the argument arrays uncompared (other
    iterations, later in the serial order, may have run and stored)."""

    def __init__(self, source, path):
        import ferrojit
        self.path = path
        self.loops = _prange_loops(source)
        # (the oracle runs the rewritten text: its line numbers)
        self.oracle_loops = [(a, b) for a, b, v in _prange_loops(oracle.rewrite(source))
                             if _expects(v) != "serial"]
        n = max(1, int(ferrojit.config.NUMBA_NUM_THREADS))
        self.threads = list(range(n, 0, -1))
        self.warned = {}  # line -> reason

    def set_threads(self, k):
        import ferrojit
        ferrojit.set_num_threads(k)

    def restore(self):
        self.set_threads(self.threads[0])

    def record(self, caught):
        from ferrojit.errors import PerformanceWarning
        for w in caught:
            if not issubclass(w.category, PerformanceWarning):
                continue
            msg = str(w.message)
            m = _SERIAL_WARNING.search(msg)
            if m and msg.startswith(self.path):
                self.warned[int(m.group(1))] = m.group(2).strip()

    def raised_inside(self, exc):
        """Whether CPython's exception came from inside a loop that may run in parallel."""
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<fuzz-oracle>" and \
                    any(a <= tb.tb_lineno <= b for a, b in self.oracle_loops):
                return True
            tb = tb.tb_next
        return False

    def check_warnings(self):
        for a, _, var in self.loops:
            want = _expects(var)
            if want == "parallel" and a in self.warned:
                return Mismatch("prange-serial", f"`for {var} in prange(...)` (line {a}) "
                                f"runs serially: {self.warned[a]}")
            if want == "serial" and a not in self.warned:
                return Mismatch("prange-parallel", f"`for {var} in prange(...)` (line {a}) "
                                "was not reported serial (no PerformanceWarning), though "
                                "its iterations depend on each other")
        return None


def run_one(pyf, jf, inputs, ulps, TypingError, ICE, tolerate=(), funcs=(None, None),
            unbound_ok=False, par=None):
    """Compare one input; a parallel program (``par``) runs under each thread count."""
    global _ZERO_SIGN_FREE
    _ZERO_SIGN_FREE = "zero-sign" in tolerate
    py_args, py_bases = make_args(inputs, funcs[0])
    exp = py_exc = None
    py_out = io.StringIO()
    with warnings.catch_warnings(), np.errstate(all="ignore"), contextlib.redirect_stdout(py_out):
        warnings.simplefilter("ignore")
        try:
            exp = pyf(*py_args)
        except oracle.Int64Overflow as e:
            py_exc = e
        except TypeError as e:
            if str(e).startswith("numpy boolean "):
                # NumPy's own refusal of `-` on NumPy bools (`np.isnan(x) - b` with a
                # NumPy scalar from a function argument): an error of the program, not
                # of the generator; compiled code refuses it (TypingError: unsupported)
                # or raises it
                py_exc = e
            elif not oracle.is_none_operation(e):
                raise GeneratorBug(f"{type(e).__name__}: {e}") from e
            else:
                # an operation on None (a value that may be None): compiled code raises
                # TypeError too, with its own message (compared by type only)
                py_exc = oracle.NoneOperation(str(e))
        except UnboundLocalError as e:
            if not unbound_ok:
                raise GeneratorBug(f"{type(e).__name__}: {e}") from e
            py_exc = e
        except _GEN_BUG_TYPES as e:
            raise GeneratorBug(f"{type(e).__name__}: {e}") from e
        except Exception as e:  # noqa: BLE001
            py_exc = e
    if par is None:
        return _jit_side(jf, inputs, funcs, ulps, TypingError, ICE, tolerate, exp, py_exc,
                         py_bases, py_out)
    # (arguments stored before an exception from a parallel loop: not compared)
    skip_args = py_exc is not None and par.raised_inside(py_exc)
    try:
        for k in par.threads:
            par.set_threads(k)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                m = _jit_side(jf, inputs, funcs, ulps, TypingError, ICE, tolerate, exp,
                              py_exc, py_bases, py_out, skip_args)
            par.record(caught)
            if m is not None:
                m.detail += f"\nthreads: {k}"
                return m
    finally:
        par.restore()
    return None


def _jit_side(jf, inputs, funcs, ulps, TypingError, ICE, tolerate, exp, py_exc, py_bases,
              py_out, skip_args=False):
    """Run the compiled function on fresh arguments and compare with CPython's ``exp`` /
    ``py_exc`` (and its argument buffers ``py_bases``, printed output ``py_out``)."""
    jit_args, jit_bases = make_args(inputs, funcs[1])
    got = jit_exc = None
    jit_out = io.StringIO()
    try:
        with contextlib.redirect_stdout(jit_out):
            got = jf(*jit_args)
    except ICE as e:
        return Mismatch("ice", f"InternalCompilerError: {str(e).splitlines()[0]}")
    except TypingError as e:
        return Mismatch("unsupported", f"TypingError: {first_line(e)}")
    except Exception as e:  # noqa: BLE001
        jit_exc = e
    args_desc = describe_inputs(inputs)
    if py_exc is not None:
        if jit_exc is None:
            return Mismatch("py-raised", f"CPython raised {type(py_exc).__name__}: {py_exc} "
                            f"but ferrojit returned {_fmt(got)}\nargs: {args_desc}")
        if isinstance(py_exc, oracle.Int64Overflow):
            if isinstance(jit_exc, OverflowError):
                return None
            return Mismatch("exc-type", f"CPython: int outside int64 ({py_exc}), ferrojit "
                            f"raised {type(jit_exc).__name__}: {jit_exc}\nargs: {args_desc}")
        if isinstance(py_exc, oracle.NoneOperation):
            if isinstance(jit_exc, TypeError):
                return None
            return Mismatch("exc-type", f"CPython raised TypeError: {py_exc}; ferrojit "
                            f"raised {type(jit_exc).__name__}: {jit_exc}\nargs: {args_desc}")
        if type(jit_exc) is not public_type(py_exc) and not isinstance(jit_exc, public_type(py_exc)):
            return Mismatch("exc-type", f"CPython raised {type(py_exc).__name__}: {py_exc}; "
                            f"ferrojit raised {type(jit_exc).__name__}: {jit_exc}\n"
                            f"args: {args_desc}")
        if str(jit_exc) != str(py_exc) and not _known_message(tolerate, str(py_exc),
                                                              str(jit_exc)):
            return Mismatch("exc-message", f"{type(py_exc).__name__}: CPython {str(py_exc)!r}, "
                            f"ferrojit {str(jit_exc)!r}\nargs: {args_desc}")
    elif jit_exc is not None:
        return Mismatch("jit-raised", f"CPython returned {_fmt(exp)} but ferrojit raised "
                        f"{type(jit_exc).__name__}: {jit_exc}\nargs: {args_desc}")
    else:
        d = value_diff(got, exp, ulps)
        if d:
            return Mismatch("value", f"{d}\nargs: {args_desc}")
    for (pos, pb), (_, jb) in zip(py_bases, [] if skip_args else jit_bases):
        if isinstance(pb, list):
            # a list argument: compiled code's changes show in the caller's list
            d = value_diff(jb, pb, ulps, f"argument {pos}")
            if d:
                return Mismatch("list-arg", f"list {d} after the call\nargs: {args_desc}")
            continue
        d = _array_diff(jb, pb, 0)
        if d:
            return Mismatch("array-arg", f"argument {pos} after the call (its buffer, "
                            f"gaps included): {d}\nargs: {args_desc}")
    if jit_out.getvalue() != py_out.getvalue():
        return Mismatch("printed", f"printed {jit_out.getvalue()!r}, CPython printed "
                        f"{py_out.getvalue()!r}\nargs: {args_desc}")
    return None


def first_line(e):
    s = str(e).strip().splitlines()
    return s[0] if s else ""


def describe_inputs(inputs):
    return "[" + ", ".join(input_literal(x) for x in inputs) + "]"


def py_literal(v):
    if isinstance(v, complex):
        # `repr` is not Python for every complex: (1-0j) evaluates to (1+0j), and
        # (nan+infj) is no literal
        return f"complex({py_literal(v.real)}, {py_literal(v.imag)})"
    if isinstance(v, float):
        if math.isnan(v):
            return "float('nan')"
        if math.isinf(v):
            return "float('inf')" if v > 0 else "float('-inf')"
        return repr(v)
    if isinstance(v, (list, tuple)):
        inner = ", ".join(py_literal(x) for x in v)
        return f"[{inner}]" if isinstance(v, list) else f"({inner}{',' if len(v) == 1 else ''})"
    return repr(v)


def input_literal(x):
    if is_func_spec(x):
        return repr(dict(x))
    if is_complex_spec(x):
        re_, im = x["complex"]
        return py_literal(complex(float(re_), float(im)))
    if isinstance(x, dict):
        return ("{" + f"'values': {py_literal(x['values'])}, 'shape': {x['shape']!r}, "
                f"'dtype': {x['dtype']!r}, 'layout': {x['layout']!r}" + "}")
    return py_literal(x)


def check_regression(source, inputs, options=None, ulps=0, subprocess=False):
    """The body of a regression test: fails (AssertionError) while CPython and ferrojit
    disagree on ``source`` for any of ``inputs``. ``subprocess=True`` runs it in a
    child process (for programs that crash the interpreter)."""
    if subprocess:
        from .driver import check_case
        inputs = encode_inputs(inputs)  # complex arguments through JSON
        # some crashes depend on memory layout: several processes, several runs each
        for _ in range(4):
            r = check_case(source, inputs, options or {}, ulps, repeat=10)
            if r["status"] == "mismatch":
                raise AssertionError(f"{r['kind']}: {r['detail']}")
            if r["status"] != "ok":
                raise AssertionError(f"{r['status']}: {r['detail']}")
        return
    m = run_source(source, inputs, options or {}, ulps=ulps)
    if m is not None:
        raise AssertionError(f"{m.kind}: {m.detail}")
