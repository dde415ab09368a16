"""``cfunc``, ``carray`` and ``farray``: C callbacks compiled from Python functions.

    @cfunc(intc(CPointer(float64), intp, CPointer(float64), voidptr))
    def nbmin(values_ptr, len_values, result, data):
        values = carray(values_ptr, (len_values,), dtype=float64)
        ...
    LowLevelCallable(nbmin.ctypes)
"""

import ctypes

from ._native import CFunc, parse_signature

_CTYPES = {
    "bool": ctypes.c_bool, "int8": ctypes.c_int8, "int16": ctypes.c_int16,
    "int32": ctypes.c_int32, "int64": ctypes.c_int64, "uint8": ctypes.c_uint8,
    "uint16": ctypes.c_uint16, "uint32": ctypes.c_uint32, "uint64": ctypes.c_uint64,
    "float32": ctypes.c_float, "float64": ctypes.c_double, "voidptr": ctypes.c_void_p,
    "none": None,
}


def _ctype(t):
    name = str(t)
    if name.startswith("CPointer("):
        inner = _CTYPES[name[len("CPointer("):-1]]
        return ctypes.POINTER(inner)
    return _CTYPES[name]


def cfunc(sig, locals=None, cache=False, **options):
    """Compile a function for a C signature; the result has ``.address``, ``.ctypes``
    and ``.native_name`` for C libraries such as SciPy's ``LowLevelCallable``. Takes
    ``jit``'s options (``error_model``, ``fastmath``, ``boundscheck``, ``locals``...)."""
    parse_signature(sig)  # a bad signature fails at decoration time
    from .decorators import checked_options
    opts = checked_options("cfunc", dict(options, cache=cache), locals)

    def decorator(func):
        cf = CFunc(func, sig, opts)
        signature = cf.signature
        proto = ctypes.CFUNCTYPE(_ctype(signature.return_type), *[_ctype(a) for a in signature.args])
        cf.ctypes = proto(cf.address)
        cf.__name__ = func.__name__
        cf.__doc__ = func.__doc__
        cf.__wrapped__ = func
        cf._ferrojit_signature, cf._ferrojit_options = sig, opts  # for pickling (_pickle.py)
        from . import annotate
        annotate.register(cf)  # cfuncs appear in annotation reports too
        return cf

    return decorator


def carray(ptr, shape, dtype=None):
    """A C-ordered array view of a pointer (inside ``@cfunc``/``@jit`` code)."""
    raise TypeError("carray() can only be used inside compiled (@cfunc or @jit) code")


def farray(ptr, shape, dtype=None):
    """A Fortran-ordered array view of a pointer (inside compiled code)."""
    raise TypeError("farray() can only be used inside compiled (@cfunc or @jit) code")
