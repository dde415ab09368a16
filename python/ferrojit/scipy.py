"""Ready-made ``scipy.LowLevelCallable`` objects from plain Python functions.

SciPy's callback APIs run a compiled callback much faster than a Python one, but the
compiled callback has to follow a C signature with pointers and lengths. The decorators
here take a plain Python function, compile it with ``ferrojit.jit`` (nopython), compile a
``ferrojit.cfunc`` with SciPy's C signature that turns the pointers into arrays (with
``carray``) and calls it, and return a ``scipy.LowLevelCallable`` for that cfunc:

    from scipy import ndimage as ndi, integrate
    import ferrojit.scipy as fs

    @fs.generic_filter                 # int (double *, npy_intp, double *, void *)
    def fmin(values):
        result = np.inf
        for v in values:
            if v < result:
                result = v
        return result

    ndi.generic_filter(image, fmin, footprint=fp)

    @fs.generic_filter1d               # int (double *, npy_intp, double *, npy_intp, void *)
    def running_mean(input_line, output_line): ...

    @fs.geometric_transform            # int (npy_intp *, double *, int, int, void *)
    def shift(output_coordinates, input_coordinates): ...

    @fs.integrand                      # double (double)  /  double (int, double *)
    def f(x, a):
        return math.sin(a * x) * math.exp(-x)

    integrate.quad(f, 0, 20, args=(50.0,))         # SciPy passes a in xx[1]
    integrate.quad(f.with_params(50.0), 0, 20)      # a read from user_data

Every object returned is a :class:`Callback`, a ``LowLevelCallable`` with a few extra
attributes (``cfunc``, ``jitted``, ``py_func``, ``params``, ``with_params``).

Parameters through ``user_data``: the extra parameters of a filter or transform function
(the ones after its fixed arguments; their values come from ``params=`` or their
defaults), and the trailing parameters given to an integrand's ``with_params(...)`` (or
its decorator's ``params=``), are packed into a NumPy buffer
that the callback's ``user_data`` points at. Scalars (bool, int, float, NumPy scalars)
and NumPy arrays of bool, integer and float dtypes are supported. ``with_params`` builds a
new ``Callback`` around the same compiled cfunc as long as the parameters keep their
kinds (dtype and number of dimensions; values and array shapes may change), so changing
a parameter never recompiles.
"""

import ctypes
import functools
import inspect
import itertools
import linecache
import threading

import numpy as np
from scipy import LowLevelCallable

from . import types as _t
from ._native import Dispatcher
from .cfunc import carray, cfunc
from .decorators import _OPTIONS as _JIT_OPTIONS
from .decorators import jit

__all__ = ["Callback", "generic_filter", "generic_filter1d", "geometric_transform",
           "integrand"]

# NumPy dtype name -> the ferrojit.types name used as `dtype=` in generated code.
_DTYPES = {
    "bool": "boolean", "int8": "int8", "int16": "int16", "int32": "int32",
    "int64": "int64", "uint8": "uint8", "uint16": "uint16", "uint32": "uint32",
    "uint64": "uint64", "float32": "float32", "float64": "float64",
}

_GLOBALS = {"carray": carray, **{name: getattr(_t, name) for name in set(_DTYPES.values())}}
_counter = itertools.count()


# --------------------------------------------------------------------------- parameters


class _Layout:
    """How parameters are packed into a user_data buffer.

    The buffer is an array of 8-byte slots:

    - slot 0: the buffer's size in bytes;
    - slot 1 + i: the byte offset of parameter i's data;
    - then the shapes of the array parameters, one slot per dimension;
    - then the data, each parameter starting on an 8-byte boundary (a scalar takes one
      slot; an array is copied there in C order).

    The compiled callback depends only on ``kinds`` (each parameter's dtype name and
    number of dimensions, 0 for a scalar); values and shapes are read at run time.
    """

    def __init__(self, kinds):
        self.kinds = tuple(kinds)
        self.shape_slot = []
        slot = 1 + len(self.kinds)
        for _, ndim in self.kinds:
            self.shape_slot.append(slot)
            slot += ndim
        self.header_slots = slot

    @staticmethod
    def kind_of(value, name):
        if isinstance(value, np.ndarray):
            arr = value
        elif isinstance(value, (bool, int, float, np.bool_, np.integer, np.floating)):
            arr = np.asarray(value)
            if isinstance(value, int) and not isinstance(value, bool):
                arr = np.asarray(value, dtype=np.int64)  # OverflowError if it does not fit
        else:
            raise TypeError(f"parameter `{name}`: {type(value).__name__} values cannot be "
                            "passed through user_data (use a bool, int, float or a NumPy "
                            "array of bool, integer or float dtype)")
        if arr.dtype.name not in _DTYPES:
            raise TypeError(f"parameter `{name}`: dtype {arr.dtype} is not supported in "
                            f"user_data (supported: {', '.join(_DTYPES)})")
        return (arr.dtype.name, arr.ndim), arr

    def pack(self, arrays):
        """A float64 buffer holding `arrays` (matching self.kinds) in this layout."""
        offsets, pos = [], self.header_slots * 8
        for arr in arrays:
            offsets.append(pos)
            pos += max(8, -(-arr.nbytes // 8) * 8)
        buf = np.zeros(pos // 8, dtype=np.float64)
        slots = buf.view(np.int64)
        raw = buf.view(np.uint8)
        slots[0] = buf.nbytes
        views = []
        for i, (arr, off) in enumerate(zip(arrays, offsets)):
            slots[1 + i] = off
            s = self.shape_slot[i]
            slots[s:s + arr.ndim] = arr.shape
            view = raw[off:off + arr.nbytes].view(arr.dtype).reshape(arr.shape)
            view[...] = arr
            views.append(view)
        return buf, views

    def unpack_source(self, names, user_data="user_data"):
        """Lines of Python (for the generated cfunc) binding `names` to the parameters."""
        lines = [f"_hdr = carray({user_data}, ({self.header_slots},), dtype=int64)",
                 "_nbytes = _hdr[0]"]
        for i, ((dtype, ndim), name) in enumerate(zip(self.kinds, names)):
            size = np.dtype(dtype).itemsize
            ft = _DTYPES[dtype]
            lines.append(f"_all{i} = carray({user_data}, (_nbytes // {size},), dtype={ft})")
            lines.append(f"_at{i} = _hdr[{1 + i}] // {size}")
            if ndim == 0:
                # a number given to with_params: a Python number again (Python's rules)
                py = {"b": "bool", "f": "float"}.get(np.dtype(dtype).kind, "int")
                lines.append(f"{name} = {py}(_all{i}[_at{i}])")
                continue
            dims = [f"_hdr[{self.shape_slot[i] + d}]" for d in range(ndim)]
            count = " * ".join(dims)
            flat = f"_all{i}[_at{i}:_at{i} + {count}]"
            if ndim == 1:
                lines.append(f"{name} = {flat}")
            else:
                lines.append(f"{name} = {flat}.reshape(({', '.join(dims)}))")
        return lines


def _jit_always(func, options):
    """``ferrojit.jit(func, nopython=True, **options)``, compiled even when
    FERROJIT_DISABLE_JIT is set: SciPy calls machine code, so a callback cannot run as
    plain Python, and the cfunc around `func` is compiled in any case."""
    jitted = jit(func, nopython=True, **options)  # validates the options
    if isinstance(jitted, Dispatcher):
        return jitted
    opts = dict(_JIT_OPTIONS, nopython=True, locals=None)
    opts.update(options)
    disp = Dispatcher(func, opts, None)
    functools.update_wrapper(disp, func)
    return disp


def _to_python(view):
    return view.item() if view.ndim == 0 else view


# --------------------------------------------------------------------------- the callback


class Callback(LowLevelCallable):
    """A ``scipy.LowLevelCallable`` made by one of ferrojit.scipy's decorators.

    Pass it wherever SciPy accepts a ``LowLevelCallable``. Extra attributes:

    - ``cfunc``: the ``ferrojit.cfunc`` SciPy calls (``.address``, ``.ctypes``,
      ``.native_name``, ``inspect_llvm()``, ...);
    - ``jitted``: the ``ferrojit.jit`` dispatcher of the user's function; ``py_func``:
      the function itself;
    - ``kind``: which SciPy API the C signature is for (``"generic_filter"``, ...);
    - ``params``: the values passed through ``user_data`` (arrays are live views of the
      buffer, so writes made by the callback show there), ``()`` when there are none;
    - ``cfuncs``: every cfunc compiled so far for this function (one per kind of
      parameters);
    - ``with_params(*args, **kwargs)``: a new ``Callback`` with other parameter values,
      around the same compiled cfunc when the parameters keep their kinds.

    It is deliberately not callable: SciPy treats any callable as a Python callback.
    Call ``.jitted`` or ``.py_func`` to run the function from Python.
    """

    def __new__(cls, factory, cf, buffer=None, views=()):
        user_data = None if buffer is None else ctypes.c_void_p(buffer.ctypes.data)
        self = super().__new__(cls, cf.ctypes, user_data)
        self._factory = factory
        self._buffer = buffer  # user_data points into it: keep it alive with the callback
        self._views = tuple(views)
        self.cfunc = cf
        return self

    kind = property(lambda self: self._factory.kind)
    py_func = property(lambda self: self._factory.py_func)
    jitted = property(lambda self: self._factory.jitted)
    params = property(lambda self: tuple(_to_python(v) for v in self._views))

    @property
    def cfuncs(self):
        """Every cfunc compiled so far for this function and API (one per kind of
        user_data parameters), oldest first."""
        return self._factory.cfuncs()

    def with_params(self, *args, **kwargs):
        return self._factory.with_params(args, kwargs)

    def __repr__(self):
        name = getattr(self.py_func, "__qualname__", "?")
        return (f"<ferrojit.scipy.Callback {self.kind} for {name}: "
                f"{self.signature} at {self.cfunc.address:#x}>")

    def __reduce__(self):
        raise TypeError("a ferrojit.scipy.Callback holds machine code and cannot be pickled")


class _Factory:
    """Compiles and caches the cfuncs for one user function and one SciPy API."""

    def __init__(self, spec, func, jit_options):
        self.spec = spec
        self.kind = spec.kind
        if isinstance(func, Dispatcher):
            self.jitted, self.py_func = func, func.py_func
        else:
            if not inspect.isfunction(func):
                raise TypeError(f"ferrojit.scipy.{spec.kind} needs a Python function, "
                                f"got {type(func).__name__}")
            self.jitted, self.py_func = _jit_always(func, jit_options), func
        sig = inspect.signature(self.py_func)
        self.params = list(sig.parameters.values())
        for p in self.params:
            if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                raise TypeError(f"{self.py_func.__name__}: ferrojit.scipy callbacks take "
                                f"plain positional parameters, not `{p}`")
        self._cache = {}
        self._lock = threading.Lock()

    # One compiled cfunc per key (the layout of the user_data parameters, and for
    # integrands how many arguments come from SciPy's xx array).
    def compiled(self, key, make_source):
        with self._lock:
            cf = self._cache.get(key)
            if cf is None:
                source, signature = make_source()
                cf = self._cache[key] = self._compile(source, signature)
            return cf

    def cfuncs(self):
        with self._lock:
            return list(self._cache.values())

    def _compile(self, source, signature):
        n = next(_counter)
        wrapper_name = f"_ferrojit_{self.kind}_{n}"
        source = source.replace("WRAPPER", wrapper_name)
        filename = f"<ferrojit.scipy {self.kind} wrapper #{n} for {self.py_func.__qualname__}>"
        # ferrojit compiles from source: make the generated code visible to inspect.
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        namespace = dict(_GLOBALS, _user=self.jitted)
        exec(compile(source, filename, "exec"), namespace)
        try:
            return cfunc(signature)(namespace[wrapper_name])
        except Exception as exc:
            if hasattr(exc, "add_note"):
                exc.add_note(f"(while compiling {self.py_func.__qualname__} as a "
                             f"scipy.{self.spec.api} callback, C signature "
                             f"{getattr(self.spec, 'c_sig', None) or signature}: "
                             f"{self.spec.hint})")
            raise

    def with_params(self, args, kwargs):
        names, values = self.spec.bind_params(self, args, kwargs)
        return self.build(names, values)

    def build(self, names, values):
        kinds, arrays = [], []
        for name, value in zip(names, values):
            kind, arr = _Layout.kind_of(value, name)
            kinds.append(kind)
            arrays.append(arr)
        layout = _Layout(kinds)
        cf = self.spec.cfunc_for(self, layout)
        if not kinds and not self.spec.always_user_data:
            return Callback(self, cf)
        buf, views = layout.pack(arrays)
        return Callback(self, cf, buf, views)


def _args_list(prefix, count):
    return [f"{prefix}{i}" for i in range(count)]


# --------------------------------------------------------------------------- the APIs


class _FilterSpec:
    """generic_filter, generic_filter1d and geometric_transform: the user's function
    takes `fixed` arrays, then optional parameters (with defaults) from user_data."""

    always_user_data = False

    def __init__(self, kind, api, fixed, fixed_args, signature, c_sig, prologue, call, hint):
        self.kind, self.api, self.fixed, self.fixed_args = kind, api, fixed, fixed_args
        self.signature, self.c_sig, self.hint = signature, c_sig, hint
        self.prologue, self.call = prologue, call

    def extra(self, factory):
        return factory.params[len(self.fixed):]

    def check(self, factory):
        name = factory.py_func.__name__
        if len(factory.params) < len(self.fixed):
            raise TypeError(f"{name}() must take {len(self.fixed)} argument(s) "
                            f"({', '.join(self.fixed)}) to be a scipy.{self.api} callback")

    def bind_params(self, factory, args, kwargs):
        extra = self.extra(factory)
        sig = inspect.Signature(extra)
        try:
            bound = sig.bind(*args, **kwargs)
        except TypeError as exc:
            raise TypeError(f"{factory.py_func.__name__}.with_params{sig}: {exc}") from None
        bound.apply_defaults()
        return [p.name for p in extra], [bound.arguments[p.name] for p in extra]

    def default(self, factory, args, kwargs):
        extra = self.extra(factory)
        missing = [p.name for p in extra if p.default is p.empty]
        if missing and not args and not kwargs:
            raise TypeError(
                f"{factory.py_func.__name__}(): the parameters after {', '.join(self.fixed)} "
                f"come from user_data and need values: give them defaults or pass "
                f"params=(...) to the decorator ({', '.join(missing)} has none)")
        return factory.build(*self.bind_params(factory, args, kwargs))

    def cfunc_for(self, factory, layout):
        def make():
            names = _args_list("_p", len(layout.kinds))
            body = list(self.prologue)
            if layout.kinds:
                body += layout.unpack_source(names)
            body += [line.replace("PARAMS", "".join(f", {n}" for n in names))
                     for line in self.call]
            source = (f"def WRAPPER({', '.join(self.fixed_args)}):\n"
                      + "".join(f"    {line}\n" for line in body))
            return source, self.signature

        return factory.compiled(("filter", layout.kinds), make)


_intc, _intp, _f8, _vp, _P = _t.intc, _t.intp, _t.float64, _t.voidptr, _t.CPointer

_GENERIC_FILTER = _FilterSpec(
    "generic_filter", "ndimage.generic_filter", ["values"],
    ["values_ptr", "len_values", "result", "user_data"],
    _intc(_P(_f8), _intp, _P(_f8), _vp),
    "int (double *buffer, npy_intp filter_size, double *return_value, void *user_data)",
    ["values = carray(values_ptr, (len_values,), dtype=float64)"],
    ["result[0] = _user(valuesPARAMS)", "return 1"],
    "the function takes a 1-D float64 array and returns a number")

_GENERIC_FILTER1D = _FilterSpec(
    "generic_filter1d", "ndimage.generic_filter1d", ["input_line", "output_line"],
    ["input_ptr", "input_length", "output_ptr", "output_length", "user_data"],
    _intc(_P(_f8), _intp, _P(_f8), _intp, _vp),
    "int (double *input_line, npy_intp input_length, double *output_line, "
    "npy_intp output_length, void *user_data)",
    ["input_line = carray(input_ptr, (input_length,), dtype=float64)",
     "output_line = carray(output_ptr, (output_length,), dtype=float64)"],
    ["_user(input_line, output_linePARAMS)", "return 1"],
    "the function takes two 1-D float64 arrays and fills the second")

_GEOMETRIC_TRANSFORM = _FilterSpec(
    "geometric_transform", "ndimage.geometric_transform",
    ["output_coordinates", "input_coordinates"],
    ["output_ptr", "input_ptr", "output_rank", "input_rank", "user_data"],
    _intc(_P(_intp), _P(_f8), _intc, _intc, _vp),
    "int (npy_intp *output_coordinates, double *input_coordinates, int output_rank, "
    "int input_rank, void *user_data)",
    ["output_coordinates = carray(output_ptr, (output_rank,), dtype=int64)",
     "input_coordinates = carray(input_ptr, (input_rank,), dtype=float64)"],
    ["_user(output_coordinates, input_coordinatesPARAMS)", "return 1"],
    "the function takes a 1-D int64 array and fills a 1-D float64 array")


class _IntegrandSpec:
    """quad / dblquad / tplquad / nquad integrands: f(x0, ..., *args) -> float."""

    kind = "integrand"
    api = "integrate.quad"
    always_user_data = True

    hint = ("the integrand takes floats and returns a float; a parameter that is an "
            "array must come from user_data: @integrand(params=(...)) or .with_params(...)")

    def check(self, factory):
        if not factory.params:
            raise TypeError(f"{factory.py_func.__name__}() must take at least one argument "
                            "(the integration variable) to be an integrand")

    def default(self, factory, args, kwargs):
        if args or kwargs:
            return factory.with_params(args, kwargs)
        params = factory.params
        required = sum(p.default is p.empty for p in params)
        name = factory.py_func.__name__
        if len(params) == 1:
            make = lambda: ("def WRAPPER(x):\n    return _user(x)\n", _f8(_f8))  # noqa: E731
        else:
            def make():
                lines = ["def WRAPPER(n, xx):"]
                for n in range(max(required, 1), len(params) + 1):
                    # SciPy passes Python floats to a Python integrand: `float(...)`
                    # keeps Python's rules (1.0 / 0.0 raises), not a NumPy scalar's.
                    args = ", ".join(f"float(xx[{i}])" for i in range(n))
                    lines.append(f"    if n == {n}:\n        return _user({args})")
                expected = (f"{len(params)}" if required == len(params)
                            else f"{max(required, 1)} to {len(params)}")
                lines.append(f"    raise TypeError(\"{name}() takes {expected} arguments: the "
                             "integration variables, then SciPy's args=(...); SciPy passed "
                             "another number\")")
                return "\n".join(lines) + "\n", _f8(_intc, _P(_f8))
        return Callback(factory, factory.compiled(("base",), make))

    def bind_params(self, factory, args, kwargs):
        count = len(args) + len(kwargs)
        params = factory.params
        if count == 0:
            raise TypeError("with_params() needs the values of the integrand's trailing "
                            "parameters")
        if count >= len(params):
            raise TypeError(f"{factory.py_func.__name__}() takes {len(params)} arguments; "
                            f"with_params() got {count} values, which leaves no "
                            "integration variable")
        block = params[len(params) - count:]
        sig = inspect.Signature([p.replace(default=p.empty) for p in block])
        try:
            bound = sig.bind(*args, **kwargs)
        except TypeError as exc:
            raise TypeError(f"{factory.py_func.__name__}.with_params: the values bind to the "
                            f"last {count} parameters {sig}: {exc}") from None
        return [p.name for p in block], [bound.arguments[p.name] for p in block]

    def cfunc_for(self, factory, layout):
        nvars = len(factory.params) - len(layout.kinds)
        name = factory.py_func.__name__

        def make():
            names = _args_list("_p", len(layout.kinds))
            xs = [f"float(xx[{i}])" for i in range(nvars)]  # Python floats, as SciPy passes
            body = [f"if n != {nvars}:",
                    f"    raise TypeError(\"{name}() with parameters from user_data takes "
                    f"{nvars} integration variable(s) in xx; SciPy passed another number "
                    "(leave out args=(...))\")"]
            body += layout.unpack_source(names)
            body.append(f"return _user({', '.join(xs + names)})")
            source = "def WRAPPER(n, xx, user_data):\n" + "".join(f"    {b}\n" for b in body)
            return source, _f8(_intc, _P(_f8), _vp)

        return factory.compiled(("user_data", nvars, layout.kinds), make)


_INTEGRAND = _IntegrandSpec()


def _decorator(spec, doc):
    def decorator(func=None, *, params=None, **jit_options):
        if func is None:
            return lambda f: decorator(f, params=params, **jit_options)
        factory = _Factory(spec, func, jit_options)
        spec.check(factory)
        if params is None:
            args, kwargs = (), {}
        elif isinstance(params, dict):
            args, kwargs = (), dict(params)
        elif isinstance(params, (tuple, list)):
            args, kwargs = tuple(params), {}
        else:
            raise TypeError("params= takes a tuple of values or a dict of name: value")
        return spec.default(factory, args, kwargs)

    decorator.__name__ = decorator.__qualname__ = spec.kind
    decorator.__doc__ = doc
    return decorator


generic_filter = _decorator(_GENERIC_FILTER, """\
Make ``func(values, *params) -> float`` a LowLevelCallable for ``scipy.ndimage.generic_filter``.

C signature: ``int (double *buffer, npy_intp filter_size, double *return_value,
void *user_data)``. ``values`` is a 1-D float64 array of the elements under the
footprint. Parameters after ``values`` are passed through user_data: their values come
from ``params=(...)`` (or ``params={name: value}``) given to the decorator, else from
their defaults, and ``.with_params(...)`` changes them without recompiling.

Forms: ``@generic_filter``, ``@generic_filter(params=(0.5,), fastmath=True, ...)``
(other options go to ``ferrojit.jit``), ``generic_filter(func)``.
""")

generic_filter1d = _decorator(_GENERIC_FILTER1D, """\
Make ``func(input_line, output_line, *params)`` a LowLevelCallable for
``scipy.ndimage.generic_filter1d``.

C signature: ``int (double *input_line, npy_intp input_length, double *output_line,
npy_intp output_length, void *user_data)``. ``input_line`` is the extended line (length
``output_length + filter_size - 1``), ``output_line`` is the array to fill; the return
value is ignored. Parameters after them come from user_data, as for ``generic_filter``.
""")

geometric_transform = _decorator(_GEOMETRIC_TRANSFORM, """\
Make ``func(output_coordinates, input_coordinates, *params)`` a LowLevelCallable for
``scipy.ndimage.geometric_transform``.

C signature: ``int (npy_intp *output_coordinates, double *input_coordinates,
int output_rank, int input_rank, void *user_data)``. ``output_coordinates`` is an int64
array of the output element's index; the function fills the float64 array
``input_coordinates`` with the coordinates to interpolate at. The return value is ignored.
Parameters after them come from user_data, as for ``generic_filter``.
""")

integrand = _decorator(_INTEGRAND, """\
Make ``func(x, *args) -> float`` a LowLevelCallable for ``scipy.integrate.quad``
(and ``dblquad``, ``tplquad``, ``nquad``, whose integrands take several variables).

- ``func(x)``: C signature ``double (double x)``.
- ``func(x, a, b, ...)`` or ``func(y, x, ...)``: ``double (int n, double *xx)``, where
  ``xx`` holds the integration variables followed by the ``args=(...)`` given to SciPy
  (trailing parameters with defaults may be left out of ``args``).
- ``.with_params(*values, **named)``: the last ``len(values) + len(named)`` parameters
  come from user_data instead: ``double (int n, double *xx, void *user_data)``. Scalars
  and NumPy arrays are accepted; one cfunc is compiled per kind of parameters, so new
  values (and new array shapes) never recompile.
- ``@integrand(params=(...))``: the decorator itself returns the user_data form with
  these values (needed when a parameter is an array, which SciPy's ``args`` cannot
  carry); ``.with_params(...)`` then reuses its cfunc.
""")
