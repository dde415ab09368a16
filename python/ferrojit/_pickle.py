"""Pickling jitted functions and cfuncs (issue 18), for ``multiprocessing``,
``concurrent.futures.ProcessPoolExecutor`` and other process pools.

By reference, as pickle treats plain functions: the module and qualified name, looked
up again where it is unpickled (for ``__main__`` that is the worker's ``__main__``,
which ``fork`` copies and ``spawn`` re-imports as ``__mp_main__``). Where the name does
not lead back to the object (a function made inside another, or defined in a
notebook cell or by ``exec``), by source: the function's source text, its file name
and first line, its options, and those of its globals and closure variables that are
modules (``np``, ``math``), plain numbers and strings (or tuples of them), importable
objects, or jitted functions and cfuncs (pickled in turn); the receiving process
compiles it anew, its closure variables bound as globals. A value of any other kind
there is an error at pickling time naming it.
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


def _sendable(name, value, what, kind="global"):
    """How a global or closure value travels: a module by name, a simple value (or a
    tuple of them) as itself, an importable object by reference, a jitted function or
    cfunc as itself (pickled by its own ``__reduce__``)."""
    if isinstance(value, types.ModuleType):
        return ("module", value.__name__)
    if isinstance(value, _SIMPLE) or (isinstance(value, tuple) and all(isinstance(v, _SIMPLE) for v in value)):
        return ("value", value)
    if type(value).__name__ in ("Dispatcher", "CFunc") and type(value).__module__.startswith("ferrojit"):
        return ("value", value)
    if getattr(value, "__module__", None) and _lookup(value.__module__, getattr(value, "__qualname__", "")) is value:
        return ("ref", value.__module__, value.__qualname__)
    raise TypeError(f"cannot pickle {what} by source: its {kind} `{name}` is a "
                    f"{type(value).__name__}, which cannot be sent along; define "
                    f"the function in an importable module")


def _globals_of(func, what):
    """The globals the function's code names and its closure variables, as
    ``_sendable`` sends them (closure variables become globals where unpickled)."""
    names = set()

    def scan(code):
        names.update(code.co_names)
        for c in code.co_consts:
            if isinstance(c, types.CodeType):
                scan(c)

    scan(func.__code__)
    out = {}
    for name in sorted(names):
        if name in func.__globals__:
            out[name] = _sendable(name, func.__globals__[name], what)
    for name, cell in zip(func.__code__.co_freevars, func.__closure__ or ()):
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        out[name] = _sendable(name, value, what, "closure variable")
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
    key = filename if filename.startswith("<ferrojit-unpickled") else f"<ferrojit-unpickled {filename}>"
    # (functions of one file share the entry: each one's lines go in at their place)
    old = linecache.cache.get(key)
    lines_in = list(old[2]) if old and len(old) > 2 else []
    own = text.splitlines(True)
    lines_in += ["\n"] * max(0, firstline - 1 + len(own) - len(lines_in))
    lines_in[firstline - 1:firstline - 1 + len(own)] = own
    linecache.cache[key] = (sum(map(len, lines_in)), None, lines_in, key)
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
