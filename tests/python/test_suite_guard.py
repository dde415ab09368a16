"""A guard on the test-suite itself: tests that cannot hide a failure (issue 22).

It reads the sources of tests/python and tests/fuzz (with ``ast``, nothing is
imported) and fails on

* a non-strict xfail: ``xfail`` with ``strict`` set to False, or an xfail without
  ``strict=True`` while pyproject.toml does not set ``xfail_strict = true``; and the
  imperative ``pytest.xfail()``, which cannot be strict.  (pyproject.toml must set
  ``xfail_strict = true``: an xfail whose case starts passing then fails the run);
* ``pytest.importorskip`` of a required test dependency (a package of
  requirements-dev.txt, e.g. scipy or pillow's ``PIL``) or of ``ferrojit`` itself: a
  missing one must be an ImportError, not a hundred skipped tests;
* an expected value produced by compiled code.  The heuristic: an assignment to a
  name spelled like an expected value (``expected``, ``exp``, ``want``, ``reference``,
  or starting with ``expected_``) whose value is a call of a *jitted* function, namely

  - a module-level name of the test module that is decorated with ``jit`` /
    ``njit`` / ``ferrojit.jit(...)`` / ``cfunc``, or assigned from such a call
    (``f = ferrojit.njit(f)``), or
  - ``M.name`` where ``M`` is a module of tests/python imported by the test module
    (``import kernels as K``) and ``name`` is jitted there in the same sense.

  - a local name of the same function bound to one of those or to a ``jit(...)``
    call (``f = ferrojit.jit(nogil=True)(K.spin); expected = f(n)``).

  A module-level function that *calls* a jitted function counts as jitted code too
  (``expected = search(a)`` where ``search`` calls jitted helpers).  Calls through
  ``pure(...)`` (conftest's plain-Python copy) are not flagged.  Not followed:
  dynamic look-ups (``globals()[name]``, dicts of dispatchers), expected values
  computed inside an ``assert``, and names spelled otherwise.
"""

import ast
import os
import re
import sys

import pytest

#: How a non-strict xfail is spelled (built, so that this file does not contain one).
NON_STRICT = "strict=" + "False"

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

EXPECTED_NAMES = re.compile(r"^(expected|exp|want|reference|expected_\w+)$")
JIT_DECORATORS = {"jit", "njit", "cfunc", "generic_filter", "generic_filter1d",
                  "geometric_transform", "integrand"}
#: import names of the distributions in requirements-dev.txt that differ from them
IMPORT_NAMES = {"pillow": "PIL", "pyyaml": "yaml", "scikit-learn": "sklearn"}


def _test_sources():
    """The Python sources of tests/python and of tests/fuzz (its regression tests
    included)."""
    out = [os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".py")]
    fuzz = os.path.join(ROOT, "tests", "fuzz")
    for d, _, files in os.walk(fuzz):
        out += [os.path.join(d, f) for f in files if f.endswith(".py")]
    return sorted(out)


def _parse(path):
    with open(path, encoding="utf-8") as f:
        return ast.parse(f.read(), filename=path)


def _pyproject_xfail_strict():
    import tomllib
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        opts = tomllib.load(f).get("tool", {}).get("pytest", {}).get("ini_options", {})
    v = opts.get("xfail_strict", False)
    return v is True or str(v).lower() in ("true", "1", "yes")


def required_modules():
    """Top-level import names of requirements-dev.txt's packages, and ferrojit."""
    names = {"ferrojit"}
    with open(os.path.join(ROOT, "requirements-dev.txt")) as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            dist = re.split(r"[<>=!~;\[ ]", line, 1)[0].strip().lower()
            names.add(IMPORT_NAMES.get(dist, dist.replace("-", "_")))
    return names


def _dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, ast.Call):
        return _dotted(node.func)
    return None


def _is_xfail(node):
    name = _dotted(node) or ""
    return name.endswith("mark.xfail") or name == "xfail"


def _is_jit_call(node):
    """``jit(...)``, ``ferrojit.njit(...)``, ``jit(nogil=True)(f)``, ``fs.integrand(f)``."""
    if not isinstance(node, ast.Call):
        return False
    name = _dotted(node.func) or ""
    return name.split(".")[-1] in JIT_DECORATORS


def jitted_names(tree):
    """Module-level functions of ``tree`` that run compiled code (see the
    module docstring)."""
    jitted = set()
    funcs = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            funcs[node.name] = node
            if any((_dotted(d) or "").split(".")[-1] in JIT_DECORATORS for d in node.decorator_list):
                jitted.add(node.name)
        elif isinstance(node, ast.Assign) and _is_jit_call(node.value):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    jitted.add(t.id)
    # a function calling jitted functions runs compiled code too (to a fixed point)
    changed = True
    while changed:
        changed = False
        for name, fn in funcs.items():
            if name in jitted:
                continue
            calls = {_dotted(n.func) for n in ast.walk(fn) if isinstance(n, ast.Call)}
            if calls & jitted:
                jitted.add(name)
                changed = True
    return jitted


_MODULE_JITTED = {}


def _module_jitted(modname):
    path = os.path.join(HERE, modname + ".py")
    if not os.path.exists(path):
        return set()
    if modname not in _MODULE_JITTED:
        _MODULE_JITTED[modname] = jitted_names(_parse(path))
    return _MODULE_JITTED[modname]


def problems_in(path, xfail_strict):
    tree = _parse(path)
    rel = os.path.relpath(path, ROOT)
    out = []
    required = required_modules()
    # module aliases of test-suite modules: import kernels as K
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name] = a.name
    local_jitted = jitted_names(tree)

    for node in ast.walk(tree):
        # -- xfails ---------------------------------------------------------
        if isinstance(node, ast.Call) and _is_xfail(node.func):
            strict = next((k.value for k in node.keywords if k.arg == "strict"), None)
            if isinstance(strict, ast.Constant) and strict.value is False:
                out.append(f"{rel}:{node.lineno}: xfail({NON_STRICT})")
            elif strict is None and not xfail_strict:
                out.append(f"{rel}:{node.lineno}: xfail without strict=True "
                           f"(and xfail_strict is not set)")
        if isinstance(node, ast.FunctionDef):
            for d in node.decorator_list:
                if not isinstance(d, ast.Call) and (_dotted(d) or "").endswith("mark.xfail") \
                        and not xfail_strict:
                    out.append(f"{rel}:{d.lineno}: bare @pytest.mark.xfail (not strict)")
        if isinstance(node, ast.Call) and _dotted(node.func) == "pytest.xfail":
            out.append(f"{rel}:{node.lineno}: imperative pytest.xfail() cannot be strict")
        # -- importorskip of a required module ---------------------------------
        if isinstance(node, ast.Call) and (_dotted(node.func) or "").endswith("importorskip") \
                and node.args and isinstance(node.args[0], ast.Constant):
            mod = str(node.args[0].value).split(".")[0]
            if mod in required:
                out.append(f"{rel}:{node.lineno}: importorskip({node.args[0].value!r}) of a "
                           f"required dependency: import it")
    def is_jitted_ref(func, local):
        if isinstance(func, ast.Name):
            return func.id in local_jitted or func.id in local
        return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id in aliases
                and func.attr in _module_jitted(aliases[func.value.id]))

    # -- expected values from compiled code ------------------------------------
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        # local names bound to compiled code: f = ferrojit.njit(g), f = K.fib_rec
        local = set()
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign) and (
                    _is_jit_call(node.value) or is_jitted_ref(node.value, local)):
                local.update(t.id for t in node.targets if isinstance(t, ast.Name))
        for node in ast.walk(fn):
            if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
                continue
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if not any(EXPECTED_NAMES.match(n) for n in names):
                continue
            func = node.value.func
            if is_jitted_ref(func, local):
                spelled = ast.unparse(func)
                out.append(f"{rel}:{node.lineno}: {names[0]} = {spelled}(...) runs compiled "
                           f"code: use pure({spelled}) or the plain function")
    return sorted(set(out), key=lambda p: int(p.split(":")[1]))


def test_pytest_configuration_makes_xfails_strict():
    assert _pyproject_xfail_strict(), \
        "pyproject.toml [tool.pytest.ini_options] must set xfail_strict = true"


def test_no_hiding_in_the_test_sources():
    strict = _pyproject_xfail_strict()
    problems = [p for path in _test_sources() for p in problems_in(path, strict)]
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# The guard's own checks, on small sources
# ---------------------------------------------------------------------------
BAD = '''
import pytest
import ferrojit
import kernels as K

def helper(x):
    return x + 1

helper = ferrojit.njit(helper)

@ferrojit.njit
def jf(x):
    return x

def calls_helper(x):
    return helper(x) * 2

@pytest.mark.xfail(reason="r", NON_STRICT)
def test_a():
    sp = pytest.importorskip("scipy")
    expected = jf(3)
    expected = calls_helper(3)
    exp = K.fib_rec(10)
    f = ferrojit.jit(nogil=True)(K.spin)
    want = f(5)

def test_b():
    pytest.xfail("no")
'''

GOOD = '''
import pytest
import ferrojit
from conftest import pure
import kernels as K

def helper(x):
    return x + 1

helper = ferrojit.njit(helper)

@pytest.mark.xfail(reason="r", strict=True)
def test_a():
    pytest.importorskip("some_optional_thing")
    expected = pure(helper)(3)
    exp = K.fib(10)
    got = helper(3)
'''


@pytest.mark.parametrize("src,n", [(BAD, 7), (GOOD, 0)], ids=["bad", "good"])
def test_the_guard_finds_what_it_should(tmp_path, src, n):
    path = os.path.join(HERE, "kernels.py")   # (K.fib_rec is jitted there, K.fib is not)
    assert os.path.exists(path)
    p = tmp_path / "test_sample.py"
    p.write_text(src.replace("NON_STRICT", NON_STRICT))
    found = problems_in(str(p), xfail_strict=True)
    assert len(found) == n, "\n".join(found)
    if n:
        text = "\n".join(found)
        for what in (NON_STRICT, "importorskip('scipy')", "jf(...)", "calls_helper(...)",
                     "K.fib_rec(...)", "pytest.xfail()", "want = f(...)"):
            assert what in text, (what, text)
