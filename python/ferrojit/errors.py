"""Exceptions raised by ferrojit.

- ``TypingError`` (a ``TypeError``): the function uses Python outside the compiled subset,
  or its types don't fit. The message names the file, line and column, shows the line
  with a caret, and says what was inferred.
- ``InternalCompilerError`` (a ``RuntimeError``): a bug in ferrojit.
- ``PerformanceWarning``: code runs slower than it could (e.g. it fell back to the
  interpreter under ``nopython=False``).
"""

from ._native import InternalCompilerError, PerformanceWarning, TypingError

__all__ = ["TypingError", "InternalCompilerError", "PerformanceWarning"]

_RAISERS = {}


def _at_source_line(exc, filename, lineno, funcname):
    """``exc`` with a traceback entry at ``filename:lineno`` in ``funcname``: the line of
    compiled code that raised it, shown (with its source) as the interpreter shows a
    frame. Called by the bindings when compiled code raises."""
    key = (filename, lineno, funcname)
    entry = _RAISERS.get(key)
    if entry is None:
        entry = _RAISERS[key] = _raiser(filename, lineno, funcname)
    code, name = entry
    try:
        exec(code, {name: exc})
    except BaseException as e:  # noqa: BLE001 - it is `exc`
        tb = e.__traceback__
        return exc.with_traceback(tb.tb_next if tb is not None else None)
    return exc



def _raiser(filename, lineno, funcname):
    """A code object that raises a global at ``filename:lineno``, in ``funcname``; its
    `raise` spans the whole source line (at its indentation), so the traceback shows the
    line without a misplaced column marker."""
    import linecache

    text = linecache.getline(filename, lineno)
    stripped = text.strip()
    indent = len(text) - len(text.lstrip())
    if lineno > 1 and indent > 0 and len(stripped) > len("raise e"):
        name = "e" + "_" * (len(stripped) - len("raise e"))
        src = "\n" * (lineno - 2) + "if 1:\n" + " " * indent + "raise " + name
    else:
        name = "__ferrojit_exc__"
        src = "\n" * (lineno - 1) + "raise " + name
    return compile(src, filename, "exec").replace(co_name=funcname), name
