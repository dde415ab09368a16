"""Annotation reports: one self-contained HTML page that shows, for every compiled
specialisation, the function's source with the types the compiler inferred, where it
allocates, which loops LLVM vectorised, and the typed IR and LLVM IR behind it.

Three ways in:

* the command line, which runs a script as ``__main__`` and reports everything it
  compiled (``python -m ferrojit annotate script.py -o report.html``, or
  ``ferrojit --annotate-html report.html script.py``; see ``ferrojit/__main__.py``);
* ``annotate_html(dispatcher, path=None)``: one dispatcher's report, returned as a string
  and written to ``path`` when given (``Dispatcher.annotate_html`` delegates here);
* ``repr_html(dispatcher)``: the same report as an HTML fragment for Jupyter
  (``Dispatcher._repr_html_`` delegates here).

The data comes from the native ``Dispatcher._annotations()``: a list of dicts, one per
function of each compiled specialisation (the dispatcher's own function and the jitted
callees compiled into the same program) and one per object-mode signature. ``normalise``
documents the fields and makes missing ones empty. The page is rendered with Jinja2
(``templates/report.html.j2``, autoescaping on) and Pygments (Python and LLVM IR lexers);
it loads nothing from the network and uses no JavaScript: expanding and collapsing is
done with ``<details>``.

Every dispatcher that ``jit``/``njit`` creates is registered here
(``register``/``compiled_dispatchers``), so that the command line can find them all.

Stable classes and ids in the page (tests and user style sheets may rely on them)
---------------------------------------------------------------------------------
``div.ferrojit-report``
    the whole report (the full page and the Jupyter fragment); all CSS is scoped to it.
``table.summary`` / ``tr.summary-row``
    the overview: one row per function and signature (``data-section`` is the section
    index), linking to ``#fn-{i}``; cells ``td.mode``, ``td.vectorized``,
    ``td.not-vectorized``, ``td.allocating``.
``section.function`` with ``id="fn-{i}"``
    one per function and signature, ``i`` counting from 0 in report order (file name,
    first line, signature). Attributes ``data-name``, ``data-signature``,
    ``data-return-type``, ``data-mode`` (``nopython`` or ``object``), ``data-filename``,
    ``data-entry`` (``true``, or ``false`` for a callee compiled into a caller's program).
``tr.line.nopython`` / ``tr.line.object`` with ``id="L{n}-{i}"`` and ``data-line="{n}"``
    one per source line, ``n`` the line number in the file: green-ish for compiled
    code, red for code that runs in the Python interpreter. The line the compiler
    rejected also has ``data-culprit="true"``. Cells: ``td.lineno``, ``td.code`` (the
    highlighted line in ``pre.src``, then the line's ``details.line-ir``) and
    ``td.notes`` (types, markers, reason).
``div.reason``
    why a function runs in object mode, at the offending line (or under the section
    heading when the line is unknown).
``span.types`` containing ``span.type``
    ``<span class="type" data-name="a" data-type="int64" data-role="assign">a: int64</span>``:
    the names a line assigns (``data-role="assign"``) and reads (``"read"``).
``span.marker.alloc``
    the line allocates; the descriptions are in its ``title`` and in the enclosing
    ``details.alloc-details`` (``li.allocation`` items).
``span.marker.loop.vectorized`` / ``span.marker.loop.not-vectorized``
    a loop starting at this line, with LLVM's remark in ``title`` and, visible as text,
    in ``div.loop-message`` inside the enclosing ``details.loop-details``.
``details.line-ir``
    the typed IR of one line; ``details.typed-ir`` and ``details.llvm-ir`` the whole
    function's typed IR and the specialisation's optimised LLVM IR (highlighted).
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import weakref

__all__ = [
    "annotate_html", "repr_html", "render", "collect", "normalise",
    "register", "compiled_dispatchers", "run_script", "AnnotateError",
]

#: Section modes, as in the data.
NOPYTHON = "nopython"
OBJECT = "object"

# ---------------------------------------------------------------------------
# Registry of dispatchers
# ---------------------------------------------------------------------------
# Weak references when the native Dispatcher supports them, so that registering never
# keeps a dispatcher (and its machine code) alive; strong ones otherwise. A dict keyed
# by a counter keeps the registration order (reports are then deterministic).
_order = itertools.count()
_weak_registry: "weakref.WeakValueDictionary[int, object]" = weakref.WeakValueDictionary()
_strong_registry: "dict[int, object]" = {}
# While the command line runs a script, every new dispatcher is also kept here, so that
# one created and dropped inside a function still shows in the report.
_keep_alive: "list | None" = None


def register(dispatcher) -> None:
    """Record a new dispatcher (``decorators._wrap`` calls this for each one)."""
    key = next(_order)
    if _keep_alive is not None:
        _keep_alive.append(dispatcher)
    try:
        _weak_registry[key] = dispatcher
    except TypeError:  # the native class does not support weak references
        _strong_registry[key] = dispatcher


def compiled_dispatchers() -> list:
    """Every registered dispatcher that is still alive, in registration order. Those
    that never compiled anything add nothing to a report (``_annotations()`` is empty)."""
    items = list(_strong_registry.items()) + list(_weak_registry.items())
    return [dispatcher for _, dispatcher in sorted(items, key=lambda kv: kv[0])]


# ---------------------------------------------------------------------------
# The data
# ---------------------------------------------------------------------------
def _as_int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _str_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _normalise_types(entries) -> list[dict]:
    out, seen = [], set()
    for entry in entries or ():
        if isinstance(entry, dict):
            name, typ, role = entry.get("name"), entry.get("type"), entry.get("role")
        else:
            entry = list(entry)
            if len(entry) < 2:
                continue
            name, typ = entry[0], entry[1]
            role = entry[2] if len(entry) > 2 else None
        item = (str(name), str(typ), str(role or ""))
        if item not in seen:
            seen.add(item)
            out.append({"name": item[0], "type": item[1], "role": item[2]})
    return out


_WIDTH = re.compile(r"vectorization width:\s*(\d+)")
_INTERLEAVE = re.compile(r"interleaved count:\s*(\d+)")


def _normalise_loops(entries) -> list[dict]:
    out = []
    for entry in entries or ():
        if isinstance(entry, str):
            entry = {"message": entry}
        message = str(entry.get("message") or "")
        vectorized = entry.get("vectorized")
        if vectorized is None:
            vectorized = message.lower().startswith("vectorized loop")
        width = _WIDTH.search(message)
        interleave = _INTERLEAVE.search(message)
        out.append({
            "vectorized": bool(vectorized),
            "message": message,
            "width": int(width.group(1)) if width else None,
            "interleave": int(interleave.group(1)) if interleave else None,
        })
    return out


def normalise(raw: dict) -> dict:
    """One record of ``Dispatcher._annotations()`` with every field present:

    ``name``, ``filename``, ``first_line`` (file line of ``source_lines[0]``),
    ``source_lines`` (decorators included, no newlines), ``signature`` (``"(int64)"``),
    ``return_type`` (``None`` in object mode), ``entry`` (``False`` for a callee
    compiled into another function's program), ``mode`` (``"nopython"`` or
    ``"object"``), ``object_reason`` (``None`` or ``{"line": int|None, "message": str}``),
    ``lines`` (``{line: {"types": [{"name", "type", "role"}], "allocations": [str],
    "loops": [{"vectorized", "message", "width", "interleave"}], "checks": [str] (bounds
    checks left inside a loop), "parallel": [(bool, str)] (a prange loop of a
    parallel=True function: on the thread pool or serially, and why), "ir": [str]}}`` with
    int keys), ``typed_ir`` and ``llvm_ir`` (text, maybe empty), ``cache`` (``cache=True``:
    where the machine code came from, e.g. "loaded from the cache: PATH"; else None).

    Missing keys are empty; line keys may be strings (JSON); types may be
    ``[name, type, role]`` lists or dicts."""
    raw = raw or {}
    get = raw.get

    reason = get("object_reason")
    if reason:
        if isinstance(reason, dict):
            reason = {"line": _as_int(reason.get("line")),
                      "message": str(reason.get("message") or "")}
        else:
            reason = {"line": None, "message": str(reason)}
    else:
        reason = None

    mode = str(get("mode") or "").lower()
    if mode not in (NOPYTHON, OBJECT):
        mode = OBJECT if reason else NOPYTHON

    merged: dict[int, dict] = {}  # "19" and 19 are the same line
    for key, info in (get("lines") or {}).items():
        n = _as_int(key)
        if n is None:
            continue
        line = merged.setdefault(n, {"types": [], "allocations": [], "loops": [], "checks": [], "parallel": [], "ir": []})
        info = info or {}
        line["types"] += list(info.get("types") or ())
        line["allocations"] += _str_list(info.get("allocations"))
        line["loops"] += list(info.get("loops") or ())
        line["checks"] += _str_list(info.get("checks"))
        line["parallel"] += [(bool(p[0]), str(p[1])) for p in (info.get("parallel") or ())]
        line["ir"] += _str_list(info.get("ir"))
    lines = {n: {"types": _normalise_types(line["types"]),
                 "allocations": line["allocations"],
                 "loops": _normalise_loops(line["loops"]),
                 "checks": line["checks"],
                 "parallel": line["parallel"],
                 "ir": line["ir"]}
             for n, line in sorted(merged.items())}

    return_type = get("return_type")
    entry = get("entry")
    return {
        "name": str(get("name") or "<unknown>"),
        "filename": str(get("filename") or "<unknown>"),
        "first_line": _as_int(get("first_line"), 1),
        "source_lines": [s.rstrip("\r\n") for s in _str_list(get("source_lines"))],
        "signature": str(get("signature") or "()"),
        "return_type": None if return_type is None else str(return_type),
        "entry": True if entry is None else bool(entry),
        "mode": mode,
        "object_reason": reason,
        "lines": lines,
        "typed_ir": str(get("typed_ir") or ""),
        "llvm_ir": str(get("llvm_ir") or ""),
        "cache": str(get("cache")) if get("cache") else None,
    }


def _sort_key(record: dict):
    return (record["filename"], record["first_line"], record["signature"], record["name"])


def dedupe(records) -> list[dict]:
    """Normalised records, each (filename, function name, signature) once, sorted by
    file name, first line and signature. When a function appears both as an entry
    point and as a callee compiled into another program, the entry point's record
    is kept (its LLVM IR is its own program's)."""
    chosen: dict[tuple, dict] = {}
    for record in records:
        key = (record["filename"], record["name"], record["signature"])
        kept = chosen.get(key)
        if kept is None or (record["entry"] and not kept["entry"]):
            chosen[key] = record
    return sorted(chosen.values(), key=_sort_key)


def _annotations(dispatcher) -> list:
    method = getattr(dispatcher, "_annotations", None)
    if method is None:
        raise AttributeError(
            f"{type(dispatcher).__name__} has no _annotations(): this build of "
            "ferrojit._native cannot produce annotation reports (rebuild it)")
    return method()


def collect(dispatchers) -> list[dict]:
    """The normalised, de-duplicated, sorted records of ``dispatchers``."""
    records = []
    for dispatcher in dispatchers:
        records.extend(normalise(raw) for raw in _annotations(dispatcher))
    return dedupe(records)


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------
_env = None


def _environment():
    global _env
    if _env is None:
        import jinja2

        here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
        _env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(here),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    return _env


def _token_class(ttype) -> str:
    from pygments.token import STANDARD_TYPES

    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    return STANDARD_TYPES[ttype]


def highlight_lines(lines: list[str], lexer) -> list:
    """``lines`` highlighted as one text (so that multi-line strings are lexed
    right) and split back into one ``Markup`` string of ``<span>``s per line."""
    from markupsafe import Markup, escape

    out: list[list[str]] = [[]]
    text = "\n".join(lines) + "\n"
    for ttype, value in lexer.get_tokens(text):
        css = _token_class(ttype)
        for k, piece in enumerate(value.split("\n")):
            if k:
                out.append([])
            if piece:
                piece = str(escape(piece))
                out[-1].append(f'<span class="{css}">{piece}</span>' if css else piece)
    out = out[:len(lines)]
    out += [[] for _ in range(len(lines) - len(out))]
    return [Markup("".join(parts)) for parts in out]


def _lexer(name: str):
    from pygments.lexers import LlvmLexer, PythonLexer

    cls = {"python": PythonLexer, "llvm": LlvmLexer}[name]
    return cls(stripnl=False, stripall=False, ensurenl=True)


def _loop_label(loop: dict) -> str:
    if not loop["vectorized"]:
        return "loop not vectorised"
    details = []
    if loop["width"]:
        details.append(f"width {loop['width']}")
    if loop["interleave"] and loop["interleave"] > 1:
        details.append(f"interleave {loop['interleave']}")
    return "loop vectorised" + (f" ({', '.join(details)})" if details else "")


# The typed IR printer ends each statement with its line ("    # line 19"): redundant
# in the per-line view.
_LINE_COMMENT = re.compile(r"\s+# line \d+\s*$")


def _section(index: int, record: dict) -> dict:
    """What the template needs for one function and signature."""
    first = record["first_line"]
    code = highlight_lines(record["source_lines"], _lexer("python"))
    reason = record["object_reason"]
    reason_line = reason["line"] if reason else None
    last = first + len(record["source_lines"]) - 1
    rows = []
    for k, html in enumerate(code):
        n = first + k
        info = record["lines"].get(n, {"types": [], "allocations": [], "loops": [], "checks": [], "parallel": [], "ir": []})
        loops = [dict(loop, label=_loop_label(loop)) for loop in info["loops"]]
        rows.append({
            "n": n,
            "code": html,
            "types": info["types"],
            "allocations": info["allocations"],
            "loops": loops,
            "checks": info.get("checks", []),
            "parallel": info.get("parallel", []),
            "ir": [_LINE_COMMENT.sub("", text) for text in info["ir"]],
            "reason": reason["message"] if reason and reason_line == n else None,
        })
    loops = [loop for info in record["lines"].values() for loop in info["loops"]]
    return {
        "index": index,
        "id": f"fn-{index}",
        "record": record,
        "rows": rows,
        # the reason goes under the heading when its line is not one of the rows
        "header_reason": (reason["message"] if reason and not first <= (reason_line or 0) <= last
                          else None),
        "vectorized": sum(1 for loop in loops if loop["vectorized"]),
        "not_vectorized": sum(1 for loop in loops if not loop["vectorized"]),
        "allocating": sum(1 for info in record["lines"].values() if info["allocations"]),
        "checked_in_loops": sum(1 for info in record["lines"].values() if info.get("checks")),
        "llvm_ir": (highlight_lines(record["llvm_ir"].splitlines(), _lexer("llvm"))
                    if record["llvm_ir"] else None),
    }


def _stylesheet() -> str:
    from pygments.formatters import HtmlFormatter

    # Token colours only: the row background says nopython / object mode.
    return "\n".join(HtmlFormatter(style="default").get_token_style_defs(".ferrojit-report .hl"))


def render(records, title: str = "ferrojit annotations", fragment: bool = False) -> str:
    """The report of ``records`` (raw or normalised ``_annotations()`` dicts, which are
    normalised, de-duplicated and sorted here): a whole HTML document, or with
    ``fragment=True`` a ``<div>`` with its own scoped ``<style>`` (for Jupyter)."""
    from . import __version__

    records = dedupe(normalise(r) for r in records)
    sections = [_section(i, r) for i, r in enumerate(records)]
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title,
        fragment=fragment,
        sections=sections,
        n_functions=len({(r["filename"], r["name"]) for r in records}),
        n_object=sum(1 for r in records if r["mode"] == OBJECT),
        pygments_css=_stylesheet(),
        version=__version__,
    )


def _dispatcher_title(dispatcher) -> str:
    name = getattr(dispatcher, "__name__", None) or getattr(
        getattr(dispatcher, "py_func", None), "__name__", "function")
    return f"ferrojit annotations: {name}"


def annotate_html(dispatcher, path=None) -> str:
    """The HTML report of every specialisation ``dispatcher`` has compiled so far
    (and the jitted callees compiled into them); also written to ``path`` (UTF-8)
    when given. A dispatcher that has compiled nothing yet gets a report that says so."""
    html = render(_annotations(dispatcher), title=_dispatcher_title(dispatcher))
    if path is not None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(html)
    return html


def repr_html(dispatcher) -> str:
    """The report as a self-contained HTML fragment, for ``_repr_html_`` in Jupyter."""
    return render(_annotations(dispatcher), title=_dispatcher_title(dispatcher),
                  fragment=True)


# ---------------------------------------------------------------------------
# The command line: run a script and report what it compiled
# ---------------------------------------------------------------------------
class AnnotateError(Exception):
    """A failure the command line reports as one line (and a non-zero status)."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def check_writable(path: str, shown: str | None = None) -> None:
    """Raise ``AnnotateError`` naming the path (``shown``, default ``path``) and the
    OS's reason if a report cannot be written to ``path``, by opening it for appending.
    Leaves an existing file as it was and creates none."""
    shown = path if shown is None else shown
    if os.path.isdir(path):
        raise AnnotateError(f"cannot write the report to {shown}: Is a directory")
    existed = os.path.lexists(path)
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as e:
        raise AnnotateError(f"cannot write the report to {shown}: {e.strerror or e}") from e
    if not existed:
        try:
            os.unlink(path)
        except OSError:
            pass


def _print_script_traceback(exc: BaseException, script: str) -> None:
    """The traceback from the script's own frames on (not runpy's or ours)."""
    import traceback

    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != script:
        tb = tb.tb_next
    traceback.print_exception(type(exc), exc, tb or exc.__traceback__, file=sys.stderr)


def _run_as_main(script: str, args: list[str]) -> None:
    """Run ``script`` like ``python script.py args...``: as ``__main__``, with
    ``sys.argv`` set and the script's directory first on ``sys.path``."""
    import runpy

    saved_argv, saved_path = sys.argv[:], sys.path[:]
    sys.argv = [script, *args]
    sys.path.insert(0, os.path.dirname(script))
    try:
        runpy.run_path(script, run_name="__main__")
    finally:
        sys.argv[:] = saved_argv
        sys.path[:] = saved_path


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run_script(script: str, output: str, args=(), prog: str = "ferrojit annotate") -> int:
    """The command line's work: run ``script`` with ``args`` and write the report of
    every specialisation it compiled to ``output``. Returns the exit status. Errors
    are printed to stderr as one line starting with ``prog``; no report is written
    when the script fails or compiles nothing."""
    global _keep_alive
    shown_script, shown_output = script, output
    script, output = os.path.abspath(script), os.path.abspath(output)  # the script may chdir
    _keep_alive = []
    try:
        if not os.path.isfile(script):
            reason = "Is a directory" if os.path.isdir(script) else "No such file or directory"
            raise AnnotateError(f"cannot run {shown_script}: {reason}", status=2)
        check_writable(output, shown_output)  # before running: a long script is not wasted

        try:
            _run_as_main(script, list(args))
        except SystemExit as e:
            if e.code not in (None, 0):
                sys.stdout.flush()
                if isinstance(e.code, int):
                    raise AnnotateError(f"{shown_script} exited with status {e.code}; "
                                        "no report written", status=e.code) from None
                print(e.code, file=sys.stderr)  # sys.exit("message"), as Python does
                raise AnnotateError(f"{shown_script} exited with an error; "
                                    "no report written") from None
        except Exception as e:  # noqa: BLE001 - the script may raise anything
            sys.stdout.flush()
            _print_script_traceback(e, script)
            message = str(e).splitlines()[0] if str(e).strip() else ""
            raise AnnotateError(f"{shown_script} raised {type(e).__name__}"
                                + (f": {message}" if message else "")
                                + "; no report written") from None
        sys.stdout.flush()

        records = collect(compiled_dispatchers())
        if not records:
            raise AnnotateError(f"nothing was compiled while running {shown_script} "
                                "(no jitted function was called); no report written")
        html = render(records, title=f"ferrojit annotations: {os.path.basename(script)}")
        try:
            with open(output, "w", encoding="utf-8") as f:
                f.write(html)
        except OSError as e:
            raise AnnotateError(f"cannot write the report to {shown_output}: "
                                f"{e.strerror or e}") from e
    except AnnotateError as e:
        print(f"{prog}: {e}", file=sys.stderr)
        return e.status
    finally:
        _keep_alive = None
    n_functions = len({(r["filename"], r["name"]) for r in records})
    print(f"{prog}: wrote {shown_output} ({_plural(len(records), 'specialisation')} of "
          f"{_plural(n_functions, 'function')})", file=sys.stderr)
    return 0
