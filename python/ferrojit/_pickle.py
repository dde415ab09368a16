"""Pickling jitted functions and cfuncs (issue 18), for ``multiprocessing``,
``concurrent.futures.ProcessPoolExecutor`` and other process pools.

By reference, as pickle treats plain functions: the module and qualified name, looked
up again where it is unpickled (for ``__main__`` that is the worker's ``__main__``,
which ``fork`` copies and ``spawn`` re-imports as ``__mp_main__``). Where the name does
not lead back to the object (a function made inside another, or defined in a
notebook cell or by ``exec``), by source: the function's source text, its file name
and first line, its options, and those of its globals that are modules (``np``,
``math``) or plain numbers and strings; the receiving process compiles it anew. A
global of any other kind there is an error at pickling time naming it.
"""

import importlib
import linecache
import sys
import textwrap
import types

_SIMPLE = (bool, int, float, complex, str, bytes, type(None))


def _lookup(module, qualname):
    try:
        obj = sys.modules.get(module) or importlib.import_module(module)
    except ImportError:
        return None
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _by_reference(module, qualname):
    """Unpickle by reference: the object the name leads to, or a clear error."""
    obj = _lookup(module, qualname)
    if obj is None:
        import pickle
        raise pickle.UnpicklingError(
            f"cannot find the jitted function {module}.{qualname} in this process: define "
            f"it at the top level of a module the process imports")
    return obj


def _source_of(func):
    """(source text, file name, first line) of a function, from linecache (where
    ferrojit reads sources too: files, notebook cells, registered exec text)."""
    code = func.__code__
    lines = linecache.getlines(code.co_filename, func.__globals__)
    if not lines:
        raise TypeError(f"cannot pickle {func.__qualname__}: its source is not available")
    import inspect
    block = inspect.getblock(lines[code.co_firstlineno - 1:])
    return "".join(block), code.co_filename, code.co_firstlineno


def _globals_of(func, what):
    """The module and simple-value globals the function's code names."""
    names = set()

    def scan(code):
        names.update(code.co_names)
        for c in code.co_consts:
            if isinstance(c, types.CodeType):
                scan(c)

    scan(func.__code__)
    out = {}
    for name in sorted(names):
        if name not in func.__globals__:
            continue
        value = func.__globals__[name]
        if isinstance(value, types.ModuleType):
            out[name] = ("module", value.__name__)
        elif isinstance(value, _SIMPLE):
            out[name] = ("value", value)
        elif getattr(value, "__module__", None) and _lookup(value.__module__, getattr(value, "__qualname__", "")) is value:
            out[name] = ("ref", value.__module__, value.__qualname__)
        else:
            raise TypeError(f"cannot pickle {what} by source: its global `{name}` is a "
                            f"{type(value).__name__}, which cannot be sent along; define "
                            f"the function in an importable module")
    return out


def _by_source(kind, name, source, filename, firstline, global_refs, options, signature):
    namespace = {"__name__": "__ferrojit_unpickled__"}
    for gname, ref in global_refs.items():
        if ref[0] == "module":
            namespace[gname] = importlib.import_module(ref[1])
        elif ref[0] == "value":
            namespace[gname] = ref[1]
        else:
            namespace[gname] = _lookup(ref[1], ref[2])
    text = textwrap.dedent(source)
    # Register the text so that ferrojit (which reads sources through linecache) and
    # tracebacks find it; the padding keeps the original line numbers.
    key = f"<ferrojit-unpickled {filename}>"
    padded = "\n" * (firstline - 1) + text
    linecache.cache[key] = (len(padded), None, padded.splitlines(True), key)
    # The decorator lines (several, or one over several lines) would wrap the function
    # again: compile the bare def, blank lines in their place.
    lines = text.splitlines(True)
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("def "))
    exec(compile("\n" * (firstline - 1 + start) + "".join(lines[start:]), key, "exec"), namespace)
    func = namespace[name]
    if kind == "cfunc":
        from .cfunc import cfunc
        return cfunc(signature, locals=options.get("locals"), **_public(options))(func)
    from .decorators import _wrap, checked_options
    return _wrap(func, checked_options("jit", _public(options), options.get("locals")), signature)


def _public(options):
    """The options as the decorators take them (the dict they made, minus `locals`)."""
    out = dict(options)
    out.pop("locals", None)
    if isinstance(out.get("fastmath"), frozenset):
        out["fastmath"] = set(out["fastmath"])
    return out


def reduce(obj):
    """``__reduce__`` of a Dispatcher or a CFunc."""
    func = obj.py_func
    module, qualname = func.__module__, func.__qualname__
    if "<locals>" not in qualname and _lookup(module, qualname) is obj:
        return _by_reference, (module, qualname)
    kind = "cfunc" if type(obj).__name__ == "CFunc" else "jit"
    source, filename, firstline = _source_of(func)
    if kind == "cfunc":
        options, signature = dict(obj._ferrojit_options), obj._ferrojit_signature
    else:
        options, signature = dict(obj.targetoptions), getattr(obj, "_ferrojit_signatures", None)
    return _by_source, (kind, func.__name__, source, filename, firstline,
                        _globals_of(func, qualname), options, signature)
