"""``vectorize``: Numba's decorator for NumPy ufuncs written as scalar Python functions.

* Eager (signatures given: ``@vectorize(["f8(f8, f8)", "f4(f4, f4)"])``): a real
  ``numpy.ufunc`` whose inner loops are the compiled kernel, one per signature (made by
  ``_native.make_ufunc``), so NumPy does broadcasting, ``out=``, ``where=``, ``dtype=``,
  casting, ``reduce``/``accumulate``/``outer``/``at`` and ``__array_ufunc__`` dispatch.
* Lazy (``@vectorize`` or without signatures): a :class:`DUFunc`, which calls its ufunc
  and, when NumPy finds no loop for the argument types, compiles one for them (as
  Numba's DUFunc), so an existing loop is used wherever NumPy's casting rules allow.

Kernels follow NumPy's error rules (``error_model="numpy"``: division by zero gives
inf/nan, as NumPy's own ufuncs); an exception a kernel raises anyway becomes the ufunc
call's error. ``target="parallel"`` splits each loop into chunks on the process-wide
thread pool (``set_num_threads``).
"""

import functools

from . import types as _types
from .decorators import checked_options

_IDENTITIES = {0: 0, 1: 1, None: -1, "reorderable": -2}
_TARGETS = ("cpu", "parallel")


def _identity_code(identity):
    try:
        return _IDENTITIES[identity]
    except (KeyError, TypeError):
        raise ValueError(f"identity must be 0, 1, None or 'reorderable', not {identity!r}") from None


def _options(kws):
    kws = dict(kws)
    target = kws.pop("target", "cpu")
    if target not in _TARGETS:
        raise ValueError(f"vectorize target must be one of {_TARGETS}, not {target!r}")
    identity = _identity_code(kws.pop("identity", None))
    kws.setdefault("error_model", "numpy")
    kws.pop("cache", None)  # accepted (issue 18: on-disk cache)
    opts = checked_options("vectorize", kws)
    return opts, target == "parallel", identity


def _located(func, build):
    """``build()``; a TypeError or ValueError it raises names the kernel's file and line."""
    try:
        return build()
    except (TypeError, ValueError) as e:
        code = getattr(func, "__code__", None)
        if code is None or type(e).__module__.startswith("ferrojit"):
            raise
        raise type(e)(f"{e}\n  --> {code.co_filename}:{code.co_firstlineno} ({func.__name__})") from None


def _make(func, signatures, opts, parallel, identity):
    from ._native import make_ufunc
    name = getattr(func, "__name__", "ufunc")
    doc = func.__doc__ or ""
    return _located(func, lambda: make_ufunc(func, list(signatures), name, doc, identity, opts, parallel))


def vectorize(ftylist_or_function=(), **kws):
    """Numba's ``vectorize``: ``@vectorize``, ``@vectorize()``, ``@vectorize(sigs)``,
    ``@vectorize("f8(f8)", target="parallel")``, ``vectorize(sigs)(f)``; options:
    ``target`` ("cpu" or "parallel"), ``identity`` (0, 1, None, "reorderable"),
    ``cache``, ``nopython`` and ``jit``'s code options (``fastmath``, ``error_model``,
    ``boundscheck``, ``nogil``)."""
    if callable(ftylist_or_function) and not isinstance(ftylist_or_function, (str, list, tuple)) \
            and not _is_signature(ftylist_or_function):
        return vectorize(**kws)(ftylist_or_function)
    sigs = ftylist_or_function
    if isinstance(sigs, str) or _is_signature(sigs):
        sigs = [sigs]
    sigs = list(sigs)
    opts, parallel, identity = _options(kws)

    def wrap(func):
        if hasattr(func, "py_func"):  # a jitted function
            func = func.py_func
        if sigs:
            return _make(func, sigs, opts, parallel, identity)
        return DUFunc(func, opts, parallel, identity)

    return wrap


def _is_signature(obj):
    from ._native import Signature
    return isinstance(obj, Signature)


def _typeof_dtype(x):
    """The dtype a ufunc argument contributes to loop selection (Python ints and
    floats as int64/float64, NumPy values by their dtype)."""
    import numpy as np  # (not at import: `import ferrojit` does not import NumPy)
    if isinstance(x, bool):
        return np.dtype(np.bool_)
    if isinstance(x, int):
        return np.dtype(np.int64)
    if isinstance(x, float):
        return np.dtype(np.float64)
    if isinstance(x, complex):
        return np.dtype(np.complex128)
    return np.asarray(x).dtype


class DUFunc:
    """A ufunc that compiles a loop for each new combination of input types (Numba's
    ``DUFunc``). Calls, ``reduce``, ``accumulate``, ``outer``, ``at`` and the ufunc's
    attributes go to the current ``numpy.ufunc`` (remade with every new loop)."""

    def __init__(self, py_func, opts, parallel, identity):
        self.py_func = py_func
        self._opts = opts
        self._parallel = parallel
        self._identity = identity
        self._sigs = []
        self.ufunc = None
        functools.update_wrapper(self, py_func)

    @property
    def nin(self):
        return self.py_func.__code__.co_argcount

    @property
    def nout(self):
        return 1

    @property
    def types(self):
        return list(self.ufunc.types) if self.ufunc is not None else []

    def _compile_for(self, args):
        names = tuple(_typeof_dtype(a).name for a in args[: self.nin])
        if names in self._sigs:
            return False
        try:
            sig = tuple(_types.Type(n) for n in names)
        except Exception:
            raise TypeError(f"{self.__name__}: cannot compile a loop for arguments of dtypes {names}") from None
        self.ufunc = _make(self.py_func, [tuple(_types.Type(n) for n in s) for s in self._sigs] + [sig],
                           self._opts, self._parallel, self._identity)
        self._sigs.append(names)
        return True

    def _call(self, method, args, kwargs):
        if self.ufunc is None:
            self._compile_for(args)
        target = self.ufunc if method is None else getattr(self.ufunc, method)
        try:
            return target(*args, **kwargs)
        except TypeError as e:
            if "loop" not in str(e) and "supported" not in str(e):
                raise
            if not self._compile_for(args if method != "reduce" else (args[0], args[0])):
                raise
            target = self.ufunc if method is None else getattr(self.ufunc, method)
            return target(*args, **kwargs)

    def __call__(self, *args, **kwargs):
        if len(args) != self.nin and not (len(args) == self.nin + 1):
            raise TypeError(f"{self.__name__}() takes {self.nin} positional arguments but {len(args)} were given")
        return self._call(None, args, kwargs)

    def reduce(self, *args, **kwargs):
        return self._call("reduce", args, kwargs)

    def accumulate(self, *args, **kwargs):
        return self._call("accumulate", args, kwargs)

    def outer(self, *args, **kwargs):
        return self._call("outer", args, kwargs)

    def at(self, *args, **kwargs):
        return self._call("at", args, kwargs)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return NotImplemented

    def __repr__(self):
        return f"<ferrojit.DUFunc '{self.__name__}'>"


def _parse_layout(layout):
    """`"(m,n),(n)->(m)"` -> (number of inputs, each operand's core dimensions as
    indices of their names in order of first appearance). NumPy checks the string
    itself when the gufunc is made."""
    if not isinstance(layout, str) or "->" not in layout:
        raise ValueError(f"a guvectorize layout is a string like \"(n),()->(n)\", not {layout!r}")
    ins, outs = layout.replace(" ", "").split("->", 1)

    def groups(text):
        out = []
        depth_text = text
        while depth_text:
            if not depth_text.startswith("("):
                raise ValueError(f"invalid layout {layout!r}: expected '(' at {depth_text!r}")
            end = depth_text.find(")")
            if end < 0:
                raise ValueError(f"invalid layout {layout!r}: unbalanced parentheses")
            inner = depth_text[1:end]
            out.append([d for d in inner.split(",") if d])
            depth_text = depth_text[end + 1:].lstrip(",")
        return out

    inputs, outputs = groups(ins), groups(outs)
    names = []
    for g in inputs + outputs:
        for d in g:
            if d not in names:
                names.append(d)
    cores = [[names.index(d) for d in g] for g in inputs + outputs]
    return len(inputs), cores


class GUFunc:
    """A generalized ufunc without signatures (Numba's dynamic ``GUFunc``:
    ``@guvectorize("(n),()->(n)")``): each call with new element dtypes compiles a
    generalized ``numpy.ufunc`` for them (the inputs' own dtypes; the outputs', which
    the caller passes, as Numba requires: ``f(x, y, out)``), kept per dtypes."""

    def __init__(self, py_func, layout, nin, cores, opts, parallel):
        self.py_func = py_func
        self._layout = layout
        self._nin = nin
        self._cores = cores
        self._opts = opts
        self._parallel = parallel
        self._compiled = {}
        functools.update_wrapper(self, py_func)

    @property
    def nin(self):
        return self._nin

    @property
    def nout(self):
        return len(self._cores) - self._nin

    @property
    def signature(self):
        return self._layout

    @property
    def types(self):
        return ["".join(d.char for d in ins) + "->" + "".join(d.char for d in outs)
                for ins, outs in ((k[:self._nin], k[self._nin:]) for k in self._compiled)]

    def _gufunc_for(self, args):
        dtypes = tuple(_typeof_dtype(a) for a in args)
        g = self._compiled.get(dtypes)
        if g is None:
            parts = []
            for i, (d, core) in enumerate(zip(dtypes, self._cores)):
                ndim = len(core)
                if i >= self._nin:
                    ndim = ndim or 1  # an output of core shape () is a 1-element view
                parts.append(d.name if ndim == 0 else f"{d.name}[{', '.join([':'] * ndim)}]")
            sig = f"void({', '.join(parts)})"
            from ._native import make_gufunc
            name = getattr(self.py_func, "__name__", "gufunc")
            g = _located(self.py_func, lambda: make_gufunc(self.py_func, [sig], self._layout, self._cores, self._nin,
                                                          name, self.py_func.__doc__ or "", self._opts, self._parallel))
            self._compiled[dtypes] = g
        return g

    def __call__(self, *args, **kwargs):
        if "out" in kwargs:
            out = kwargs.pop("out")
            args += tuple(out) if isinstance(out, tuple) else (out,)
        if len(args) != len(self._cores):
            raise TypeError(f"{self.__name__}() takes {self._nin} inputs and {self.nout} output array(s) "
                            f"({len(self._cores)} arguments), {len(args)} given: a guvectorize without "
                            f"signatures needs its outputs passed, `{self.__name__}(x, ..., out)`, as in Numba")
        return self._gufunc_for(args)(*args, **kwargs)

    def __repr__(self):
        return f"<ferrojit.GUFunc '{self.__name__}' {self._layout!r}>"


def guvectorize(ftylist=None, signature=None, **kws):
    """Numba's ``guvectorize``: ``@guvectorize(["void(float64[:], float64, float64[:])"],
    "(n),()->(n)")`` gives a generalized ``numpy.ufunc``: the kernel takes views of the
    core dimensions (numbers for ``()`` inputs declared as numbers) and writes its
    outputs, NumPy broadcasts over the loop dimensions and checks the core sizes.
    With the layout alone (``@guvectorize("(n),()->(n)")``) it is a :class:`GUFunc`,
    compiled per argument dtypes on call. Options: ``target`` ("cpu" or "parallel": the
    loop dimensions split over the thread pool), ``writable_args`` (accepted: inputs are
    writable views), ``cache``, ``nopython`` and ``jit``'s code options."""
    if signature is None and isinstance(ftylist, str) and "->" in ftylist:
        ftylist, signature = None, ftylist
    if signature is None:
        raise TypeError("guvectorize() needs a layout string, with or without signatures: "
                        "guvectorize([\"void(float64[:], float64[:])\"], \"(n)->(n)\") or guvectorize(\"(n)->(n)\")")
    kws = dict(kws)
    kws.pop("writable_args", None)
    kws.pop("is_dynamic", None)
    opts, parallel, _identity = _options(kws)
    nin, cores = _parse_layout(signature)
    if not ftylist:
        def wrap_dynamic(func):
            if hasattr(func, "py_func"):
                func = func.py_func
            return GUFunc(func, signature, nin, cores, opts, parallel)
        return wrap_dynamic
    sigs = ftylist
    if isinstance(sigs, str) or _is_signature(sigs):
        sigs = [sigs]
    sigs = list(sigs)

    def wrap(func):
        from ._native import make_gufunc
        if hasattr(func, "py_func"):
            func = func.py_func
        name = getattr(func, "__name__", "gufunc")
        return _located(func, lambda: make_gufunc(func, sigs, signature, cores, nin, name, func.__doc__ or "", opts, parallel))

    return wrap
