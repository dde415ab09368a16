"""``jit`` and ``njit``: argument handling for the decorator forms. Compilation and
dispatch live in the native ``Dispatcher``."""

import functools
import inspect
import os

from . import annotate
from ._native import Dispatcher

# Numba's option names. Those marked "coming" are accepted so Numba code runs, and do
# nothing yet (see docs/supported.md).
_OPTIONS = {
    "nopython": True,       # implemented: False falls back to the interpreter (with a warning)
    "nogil": False,         # implemented: release the GIL while native code runs
    "cache": False,         # implemented: machine code kept in __pycache__ (docs/supported.md)
    "parallel": False,      # implemented: independent prange loops on the thread pool
    "fastmath": False,      # implemented: LLVM fast-math flags (True, or a set of names)
    "boundscheck": None,    # implemented: IndexError for out-of-range array indices (on unless False)
    "error_model": "python",  # implemented: "python" raises, "numpy" gives inf/nan
    "forceobj": False,      # implemented: always run in the interpreter (object mode)
    "locals": None,         # implemented: {"name": type}
    "inline": "never",      # accepted for compatibility
    "no_cpython_wrapper": False,
    "no_cfunc_wrapper": False,
}


def checked_options(decorator, options, locals=None):
    """The options of ``jit``/``cfunc`` with their defaults, names and values checked
    (one set of names and meanings for both; the native side reads this dict)."""
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise TypeError(f"unknown {decorator} option(s): {', '.join(unknown)}; "
                        f"accepted: {', '.join(sorted(_OPTIONS))}")
    opts = dict(_OPTIONS)
    opts.update(options)
    opts["locals"] = locals
    if opts.get("error_model") not in ("python", "numpy"):
        raise TypeError("error_model must be 'python' or 'numpy'")
    opts["fastmath"] = fastmath_flags(opts.get("fastmath"))
    return opts


#: Numba's fastmath flag names (LLVM's fast-math flags); "fast" is all of them.
FASTMATH_FLAGS = ("reassoc", "nnan", "ninf", "nsz", "arcp", "contract", "afn")


def fastmath_flags(value):
    """``fastmath=`` as Numba takes it: a bool, or a set (list, tuple, dict keys) of
    flag names; returns a bool or a frozenset of the names."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, (set, frozenset, list, tuple, dict)):
        names = set(value)
        bad = sorted(str(n) for n in names if n not in FASTMATH_FLAGS and n != "fast")
        if bad:
            raise ValueError(f"unrecognized fastmath flag(s): {', '.join(bad)}; "
                             f"accepted: fast, {', '.join(FASTMATH_FLAGS)}")
        if "fast" in names:
            return True
        return frozenset(names)
    raise TypeError(f"fastmath must be a bool or a set of flag names, not {type(value).__name__}")


def _is_signature(obj):
    from ._native import Signature
    return isinstance(obj, (str, Signature, tuple))


def jit(signature_or_function=None, locals=None, **options):
    """Compile a function to native code on first call (or eagerly, given signatures).

    Forms: ``@jit``, ``@jit(nogil=True)``, ``jit(f)``, ``@jit("f8(f8, i8)")``,
    ``@jit(["i8(i8)", "f8(f8)"])``, ``@jit(types.float64(types.float64))``.
    """
    opts = checked_options("jit", options, locals)

    signatures = None
    if signature_or_function is None:
        pass
    elif callable(signature_or_function) and not _is_signature(signature_or_function):
        return _wrap(signature_or_function, opts, None)
    elif isinstance(signature_or_function, list):
        signatures = list(signature_or_function)
    elif _is_signature(signature_or_function):
        signatures = [signature_or_function]
    else:
        raise TypeError(f"jit() expects a function or a signature, got {signature_or_function!r}")

    if signatures is not None:
        from ._native import parse_signature
        for s in signatures:
            parse_signature(s)  # fail at decoration time on a bad signature

    def decorator(func):
        return _wrap(func, opts, signatures)

    return decorator


def njit(*args, **kwargs):
    """``jit`` with ``nopython=True``: never falls back to the interpreter."""
    kwargs["nopython"] = True
    return jit(*args, **kwargs)


def _wrap(func, opts, signatures):
    if os.environ.get("FERROJIT_DISABLE_JIT", "0") not in ("", "0"):
        return func
    if isinstance(func, Dispatcher):
        func = func.py_func
    if not hasattr(func, "__code__"):
        raise TypeError(f"jit() can only compile Python functions, not {func!r}")
    if inspect.isgeneratorfunction(func):
        # Compiled code inlines a generator into the loops that run it
        # (crates/frontend/src/generators.rs); called from Python it is Python's own.
        func.py_func = func
        return func
    disp = Dispatcher(func, opts, signatures)
    disp._ferrojit_signatures = signatures  # for pickling by source (_pickle.py)
    functools.update_wrapper(disp, func)
    disp.__code__ = func.__code__
    disp.__defaults__ = func.__defaults__
    disp.__kwdefaults__ = func.__kwdefaults__
    disp.__globals__ = func.__globals__
    annotate.register(disp)  # for annotation reports of everything a script compiles
    return disp
