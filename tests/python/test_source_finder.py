"""How ferrojit finds a function's source.

ferrojit compiles from source: it reads the function's file through
``linecache`` (refreshed with ``linecache.checkcache``), delimits the function
block itself from the code object's first line, and falls back to
``inspect.getsource`` when the block it finds does not parse as exactly that
function (it follows brackets, strings and backslash continuations roughly).  Each test writes a helper
module into pytest's ``tmp_path``, imports it under a unique name, compiles
its functions with ``ferrojit.njit`` and compares with CPython.

Covered: decorators (multi-line arguments, ``@ferrojit.njit`` applied in the
file), a function followed directly by top-level code, column-0 comments and
blank lines in a body, functions indented under ``if True:``, multi-line
strings with column-0 continuation lines, parameter lists spanning
lines with less-indented continuations, one-line functions, tab-indented and
CRLF files, a file without a final newline, a file edited on disk and
reloaded, functions without source (``exec``), and the file / line / column
that compile errors point at.
"""

import importlib
import inspect
import itertools
import os
import re
import sys

import pytest

import ferrojit
from ferrojit._native import Dispatcher

_names = itertools.count()


@pytest.fixture
def load(tmp_path, monkeypatch):
    """``load(source) -> module``: write ``source`` (exactly, no dedent) into a
    new module file in ``tmp_path`` and import it; the module is removed from
    ``sys.modules`` afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    loaded = []

    def _load(source, newline="\n"):
        name = f"fj_src_{os.getpid()}_{next(_names)}"
        path = tmp_path / f"{name}.py"
        with open(path, "w", newline=newline) as f:
            f.write(source)
        importlib.invalidate_caches()
        mod = importlib.import_module(name)
        loaded.append(name)
        return mod

    yield _load
    for name in loaded:
        sys.modules.pop(name, None)


@pytest.fixture
def getsource_calls(monkeypatch):
    """The names of the functions ferrojit asked ``inspect.getsource`` for
    (its fallback when the block finder is not certain)."""
    calls = []
    real = inspect.getsource

    def spy(obj):
        calls.append(obj.__name__)
        return real(obj)

    monkeypatch.setattr(inspect, "getsource", spy)
    return calls


def compiled(fn):
    """A fresh dispatcher for ``fn`` (or ``fn`` itself if it is one)."""
    return fn if isinstance(fn, Dispatcher) else ferrojit.njit(fn)


def same(fn, *args):
    """``fn`` compiled gives what CPython gives (same type and value)."""
    jf = compiled(fn)
    got, expected = jf(*args), jf.py_func(*args)
    assert type(got) is type(expected) and got == expected, (got, expected)
    return got


def error_of(fn, *args):
    """The compile error of ``fn(*args)`` (a ``TypingError``)."""
    with pytest.raises(ferrojit.errors.TypingError) as info:
        compiled(fn)(*args)
    return str(info.value)


def bad_spot(mod, name):
    """The 1-based line and column of the dict display (``{``; `**` in a display is not
    compiled) on the line of
    ``mod``'s file marked ``# BAD-<name>``."""
    with open(mod.__file__) as f:
        for n, line in enumerate(f, 1):
            if f"# BAD-{name}" in line:
                return n, line.index("{") + 1
    raise AssertionError(f"no line marked BAD-{name} in {mod.__file__}")


# ===========================================================================
# Where the block starts and ends
# ===========================================================================
DECORATED = '''\
import ferrojit


def keep(*labels, **options):
    def deco(f):
        return f
    return deco


@keep("a",
      "b",
      options={"k": 1})
@ferrojit.njit(nogil=True,
               error_model="python")
def mul_add(x, y):
    return x * y + 1


@keep(
    "black style: the closing bracket at column 0",
)
@ferrojit.njit(
    nogil=True,
)
def black_style(x, y):
    return x * y - 1


@keep("continuation",
"at column 0")
@ferrojit.njit
def minus_one(x):
    return x - 1


@ferrojit.njit
@keep(
    "below the jit decorator",
)
def plus_two(x):
    return x + 2
'''


def test_decorated_functions(load, getsource_calls):
    m = load(DECORATED)
    assert isinstance(m.mul_add, Dispatcher)
    assert m.mul_add(3, 4) == 13 and m.mul_add(2.5, 2.0) == 6.0
    same(m.mul_add, 6, 7)
    assert getsource_calls == [], "decorators are delimited without inspect"
    # a bracket closed (or an argument continued) at column 0 continues the
    # statement: the finder follows brackets, so no fallback is needed
    assert m.black_style(3, 4) == 11 and m.black_style(2.5, 2.0) == 4.0
    assert m.minus_one(10) == 9
    assert m.plus_two(40) == 42
    same(m.black_style, 6, 7)
    assert getsource_calls == []


FOLLOWED = '''\
def first(x):
    return x + 10
FIRST = first(1)
def second(x):
    y = x * 2
    return y
    # a comment after the return, still indented
SECOND = second(4) + FIRST
x = 1; y = 2
def third(x):
    return x - 3
'''


def test_function_followed_directly_by_top_level_code(load, getsource_calls):
    m = load(FOLLOWED)
    assert m.SECOND == 19
    same(m.first, 5)
    same(m.second, 21)
    same(m.third, 2.5)
    assert getsource_calls == []


COMMENTS = '''\
def commented(x):

    y = x * 3
# a comment at column 0

    # an indented comment
    if y > 5:
# another one, in a nested block
        y -= 1


    return y + 1
# a column-0 comment after the function
z = commented(1)
'''


def test_column_0_comments_and_blank_lines_in_the_body(load, getsource_calls):
    m = load(COMMENTS)
    for x in (0, 1, 2, 7):
        same(m.commented, x)
    assert getsource_calls == []


INDENTED = '''\
import math

if True:
    def indented(x):
        if x > 0:
            return x * 2

        return -x

    def also_indented(a, b):
        # an indented comment
        return math.sqrt(a * a + b * b)
    AFTER = 1
else:
    def indented(x):
        return 0
'''


def test_function_indented_under_if(load, getsource_calls):
    m = load(INDENTED)
    for x in (-3, 0, 4):
        same(m.indented, x)
    same(m.also_indented, 3.0, 4.0)
    assert getsource_calls == []


INDENTED_COMMENT = '''\
if True:
    def indented_comment(x):
        y = x + 1
# a comment at column 0
        return y * 2
'''


def test_indented_function_with_column_0_comment(load):
    m = load(INDENTED_COMMENT)
    same(m.indented_comment, 3)


STRINGS = '''\
def docstring(x):
    """A docstring
whose continuation lines are
at column 0
"""
    y = x + 1
    """A string statement
at column 0"""
    return y * 5


def looks_like_the_end(x):
    """
def looks_like_the_end(x):
    return 0
"""
    return x + 100
'''


def test_multiline_strings_at_column_0(load, getsource_calls):
    m = load(STRINGS)
    same(m.docstring, 3)
    # the finder follows the string: it compiles the real function, not the
    # `def` inside the string
    assert same(m.looks_like_the_end, 1) == 101
    assert getsource_calls == []


INDENTED_STRING = '''\
if True:
    def indented_docstring(x):
        """A docstring
at column 0
"""
        return x + 3
'''


def test_indented_function_with_column_0_docstring(load):
    m = load(INDENTED_STRING)
    same(m.indented_docstring, 4)


PARAMS = '''\
def params_top(a,
b,
        c=3,
  *, d=1):
    return a * b - c + d


def params_paren(
    a, b
):
    return a - b
'''


def test_parameter_list_spanning_lines(load, getsource_calls):
    m = load(PARAMS)
    same(m.params_top, 3, 4)
    same(m.params_top, 3, 4, 5)
    same(m.params_paren, 10, 4)
    assert getsource_calls == []   # (brackets are followed: no fallback)


INDENTED_PARAMS = '''\
if True:
    def params_indented(a,
  b,
               c=3):
        return a + b * c
'''


def test_indented_parameter_list_with_less_indented_continuation(load):
    m = load(INDENTED_PARAMS)
    same(m.params_indented, 3, 4)


ONE_LINERS = '''\
def inc(x): return x + 1
def dec(x): return x - 1
if True:
    def neg(x): return -x
'''


def test_one_line_functions(load, getsource_calls):
    m = load(ONE_LINERS)
    same(m.inc, 1)
    same(m.dec, 1.5)
    same(m.neg, 7)
    assert getsource_calls == []


TABS = 'def tabbed(x):\n\ty = x + 2\n\tif y > 3:\n\t\ty = y * y\n\treturn y\n'


def test_tab_indented_file(load, getsource_calls):
    m = load(TABS)
    same(m.tabbed, 1)
    same(m.tabbed, 5)
    assert set(getsource_calls) == {"tabbed"}


CRLF_NO_FINAL_NEWLINE = '''\
x = 1
def crlf(x):
    y = x * 4
    return y - 1'''


def test_crlf_file_without_final_newline(load):
    m = load(CRLF_NO_FINAL_NEWLINE, newline="\r\n")
    with open(m.__file__, "rb") as f:
        raw = f.read()
    assert b"\r\n" in raw and not raw.endswith(b"\n")
    same(m.crlf, 3)


# ===========================================================================
# Edited files, missing source
# ===========================================================================
EDITED_V1 = '''\
def edited(x):
    return x + 1000
'''
EDITED_V2 = '''\
def edited(x):
    return x * 1000
'''


def test_file_edited_on_disk_and_reloaded(load):
    m = load(EDITED_V1)
    assert ferrojit.njit(m.edited)(3) == 1003
    path = m.__file__
    st = os.stat(path)
    assert len(EDITED_V2) == len(EDITED_V1)       # only the mtime tells them apart
    with open(path, "w") as f:
        f.write(EDITED_V2)
    os.utime(path, ns=(st.st_atime_ns + 10**10, st.st_mtime_ns + 10**10))
    m = importlib.reload(m)
    assert m.edited(3) == 3000                       # CPython runs the new code
    assert ferrojit.njit(m.edited)(3) == 3000, "ferrojit compiled the old source"
    same(m.edited, 7)


EDITED_BAD = '''\
"""Three new lines
before the function."""

def edited(x):
    y = x + 1
    z = {**y}  # BAD-edited
    return z
'''


def test_compile_error_after_edit_points_at_the_new_line(load):
    m = load(EDITED_V1)
    assert ferrojit.njit(m.edited)(3) == 1003
    path = m.__file__
    st = os.stat(path)
    with open(path, "w") as f:
        f.write(EDITED_BAD)
    os.utime(path, ns=(st.st_atime_ns + 10**10, st.st_mtime_ns + 10**10))
    m = importlib.reload(m)
    msg = error_of(m.edited, 1)
    assert f"{path}:6:9" in msg and "# BAD-edited" in msg, msg


def test_function_without_source_file():
    ns = {}
    exec("def from_exec(x):\n    return x + 1\n", ns)
    with pytest.raises(Exception, match="source code is not available") as info:
        ferrojit.njit(ns["from_exec"])(1)
    assert "from_exec" in str(info.value)


# ===========================================================================
# Compile errors point at the right file, line and column
# ===========================================================================
ERRORS = '''\
"""A module whose functions do not compile."""
import ferrojit

PAD = 0


def plain(x):
    y = x + 1
    z = {**y}  # BAD-plain
    return z


@ferrojit.njit(
    nogil=True,
)
def decorated(x):
    y = x + 1
    z = {**y}  # BAD-decorated
    return z


if True:
    def nested(x):
        y = x + 1
        z = {**y}  # BAD-nested
        return z


def col0_comment(x):
# column 0

    z = {**x}  # BAD-col0_comment
    return z


def col0_docstring(x):
    """Doc
at column 0
"""
    z = {**x}  # BAD-col0_docstring
    return z


def params(a,
b=2):
    z = {**a}  # BAD-params
    return z
'''


@pytest.mark.parametrize("name", ["plain", "decorated", "nested", "col0_comment",
                                  "col0_docstring", "params"])
def test_compile_error_names_file_line_and_column(load, name):
    m = load(ERRORS)
    msg = error_of(getattr(m, name), 1)
    line, col = bad_spot(m, name)
    assert "dict" in msg
    where = re.search(r"--> (.*):(\d+):(\d+)", msg)
    assert where, msg
    assert where.group(1) == m.__file__, msg
    assert (int(where.group(2)), int(where.group(3))) == (line, col), msg
    assert f"# BAD-{name}" in msg, "the message shows the offending line"
