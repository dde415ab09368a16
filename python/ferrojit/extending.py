"""Compiled implementations of functions, in Numba's spelling.

``@overload(f)`` registers a function of the argument *types* that returns an
implementation (a plain Python function in the supported subset, or ``None`` when it
does not accept those types). Compiled code that calls ``f`` compiles and calls that
implementation like user code: specialised per argument types, inlined by LLVM::

    def clamp(x, lo, hi): ...          # a library's Python function

    @overload(clamp)
    def _clamp(x, lo, hi):
        if isinstance(x, types.Float):
            def impl(x, lo, hi):
                return min(max(x, lo), hi)
            return impl

``@register_jitable`` marks a plain Python function as callable from compiled code (it is
compiled there; called from Python it stays the Python function).

The library written in Python (``ferrojit._lib``) uses the same mechanism for NumPy
functions, registered by full name (``numpy.linspace``), so that ``np.linspace`` resolves
to it however it was imported.

The overload function receives the types of the arguments given (``ferrojit.types``
objects: ``t.kind``, ``t.ndim``, ``t.dtype``, ``isinstance(t, types.Array)``...), keyword
arguments by name; omitted arguments take the overload function's own defaults.
"""

__all__ = ["overload", "register_jitable", "overload_method"]

# id(func) -> (func, [overload functions]); kept by identity, the object held alive.
_OVERLOADS = {}
# id(func) -> func
_JITABLE = {}
# "numpy.linspace" -> [overload functions]: the library written in Python
_LIBRARY = {}
_library_loaded = False


def overload(func, jit_options=None, strict=True, inline="never", prefer_literal=False, **kwargs):
    """``@overload(func)``: the decorated function takes the argument types and returns
    an implementation of ``func`` for them, or ``None``. ``jit_options``, ``strict``,
    ``inline`` and ``prefer_literal`` are accepted as Numba's are (implementations are
    compiled with the caller's options and inlined by LLVM where it pays)."""
    if not callable(func):
        raise TypeError(f"overload() needs the function to overload, got {func!r}")

    def decorator(typing_function):
        entry = _OVERLOADS.setdefault(id(func), (func, []))
        entry[1].append(typing_function)
        return typing_function

    return decorator


def overload_method(*args, **kwargs):
    raise NotImplementedError("overload_method: methods of ferrojit's types cannot be added yet")


def register_jitable(*args, **kwargs):
    """``@register_jitable`` or ``@register_jitable(**options)``: ``func`` can be called
    from compiled code, where it is compiled like a jitted function."""
    def wrap(fn):
        if not hasattr(fn, "__code__"):
            raise TypeError(f"register_jitable() needs a Python function, got {fn!r}")
        _JITABLE[id(fn)] = fn
        return fn

    if len(args) == 1 and not kwargs and callable(args[0]):
        return wrap(args[0])
    return wrap


def library(name):
    """Register an overload function for the NumPy function named ``name`` (its full
    path: ``numpy.linalg.norm``); used by ``ferrojit._lib``."""
    def decorator(typing_function):
        _LIBRARY.setdefault(name, []).append(typing_function)
        return typing_function
    return decorator


def _load_library():
    global _library_loaded
    if not _library_loaded:
        _library_loaded = True
        from . import _lib  # noqa: F401  (registers its functions)


# --- called by the compiler (crates/python/src/resolver.rs) -------------------------

def _kind(obj):
    """"jitable", "overload" or None for a global the compiler resolves."""
    try:
        key = id(obj)
        f = _JITABLE.get(key)
        if f is not None and f is obj:
            return "jitable"
        e = _OVERLOADS.get(key)
        if e is not None and e[0] is obj:
            return "overload"
    except TypeError:
        pass
    return None


def _in_library(name):
    _load_library()
    return name in _LIBRARY


_LIBRARY_OBJECTS = {}


def _library_object(name):
    """A stand-in object for a library entry that is not a Python object of its own
    (``builtins.list.index``, ``builtins.list._slice``): one per name, kept alive."""
    obj = _LIBRARY_OBJECTS.get(name)
    if obj is None:
        def stand_in(*args, **kwargs):
            raise TypeError(f"{name} is implemented in compiled code only")
        stand_in.__qualname__ = name
        obj = _LIBRARY_OBJECTS[name] = stand_in
    return obj


def _resolve(obj, name, args, kwargs):
    """The implementation of ``obj`` (full name ``name``) for these argument types."""
    if "_fuse_expr" in kwargs and not getattr(obj, "_fusable", False):
        return None  # (a call fused with the expression around it: stencils only)
    e = _OVERLOADS.get(id(obj))
    candidates = list(e[1]) if e is not None and e[0] is obj else []
    _load_library()
    candidates += _LIBRARY.get(name, [])
    for typing_function in candidates:
        impl = typing_function(*args, **kwargs)
        if impl is not None:
            return impl
    return None
