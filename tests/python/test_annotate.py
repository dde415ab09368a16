"""Annotation reports (issue 5): ``ferrojit.annotate`` and the command line.

* The renderer on fixture records (``data/annotation_fixture.json``): types per line,
  allocation and loop markers, object-mode lines and their reason, escaping, the
  de-duplication and order of sections, a self-contained page.
* The command line (subprocesses): the seed's ``fib.py`` end to end
  (``data/fib_seed.py``), a script that raises, a script that compiles nothing, an
  output path that cannot be written, ``--help``, both spellings.
* The Python API on real dispatchers: ``annotate_html``, ``repr_html``.
* A real browser: the page rendered by headless Chromium (DOM and a screenshot).
  Without Chromium the test skips, or fails when ``CI`` is set (``make setup``
  installs it).

Reports are checked through a small DOM built with ``html.parser`` (``parse_html``),
using the classes and ids documented in ``ferrojit/annotate.py``.
"""

import copy
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import zlib
from html.parser import HTMLParser

import numpy as np
import pytest

import ferrojit
from ferrojit import annotate
from ferrojit.__main__ import parse_args

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
FIB_SEED = os.path.join(DATA, "fib_seed.py")


def load_fixture():
    with open(os.path.join(DATA, "annotation_fixture.json"), encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------------------
# A small DOM, enough to query the report
# ---------------------------------------------------------------------------
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag=None, cls=(), **attrs):
        """Descendants with this tag, all of these classes (a string or a tuple) and
        these attribute values (``data_line=19`` matches ``data-line="19"``)."""
        cls = {cls} if isinstance(cls, str) else set(cls)
        want = {k.replace("_", "-"): str(v) for k, v in attrs.items()}
        return [n for n in self.iter()
                if (tag is None or n.tag == tag) and cls <= n.classes
                and all(n.attrs.get(k) == v for k, v in want.items())]

    def find(self, *args, **kwargs):
        found = self.find_all(*args, **kwargs)
        assert found, f"nothing matches {args} {kwargs}"
        return found[0]

    def ancestor(self, tag):
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node


class _DomBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.node = Node("#document", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.node)
        self.node.children.append(node)
        if tag not in _VOID:
            self.node = node

    def handle_startendtag(self, tag, attrs):
        self.node.children.append(Node(tag, attrs, self.node))

    def handle_endtag(self, tag):
        node = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.node = node.parent

    def handle_data(self, data):
        self.node.children.append(data)


def parse_html(html):
    builder = _DomBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def sections(dom):
    return dom.find_all("section", "function")


def section(dom, name, signature=None):
    found = [s for s in sections(dom) if s.attrs["data-name"] == name
             and (signature is None or s.attrs["data-signature"] == signature)]
    assert len(found) == 1, f"{len(found)} sections for {name}{signature or ''}"
    return found[0]


def row(sec, line):
    return sec.find("tr", "line", data_line=line)


def types_of(tr):
    return [(s.attrs["data-name"], s.attrs["data-type"], s.attrs["data-role"])
            for s in tr.find_all("span", "type")]


# ---------------------------------------------------------------------------
# The renderer, on fixture records
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fixture_html():
    return annotate.render(load_fixture(), title="fixture report")


@pytest.fixture(scope="module")
def dom(fixture_html):
    return parse_html(fixture_html)


def test_fixture_types_shown_per_line(dom):
    fib = section(dom, "fib", "(int64)")
    assert types_of(row(fib, 18)) == [("a", "int64", "assign"), ("b", "int64", "assign")]
    assert types_of(row(fib, 19)) == [("i", "int64", "assign"), ("n", "int64", "read")]
    assert ("a", "int64", "read") in types_of(row(fib, 20))
    span = row(fib, 18).find("span", "type", data_name="a")
    assert span.text() == "a: int64"
    assert span.ancestor("span").classes == {"types"}
    assert types_of(row(fib, 17)) == []  # the def line has nothing to say
    fib_f = section(dom, "fib", "(float64)")
    assert ("a", "float64", "assign") in types_of(row(fib_f, 18))


def test_fixture_every_source_line_is_a_row(dom):
    fib = section(dom, "fib", "(int64)")
    rows = fib.find_all("tr", "line")
    assert [int(r.attrs["data-line"]) for r in rows] == list(range(16, 22))
    index = sections(dom).index(fib)
    for r in rows:
        assert r.attrs["id"] == f"L{r.attrs['data-line']}-{index}"
        assert r.classes == {"line", "nopython"}
    assert "for i in range(n):" in row(fib, 19).find("pre", "src").text()
    # Pygments highlighting: `for` and `in` are keywords
    code = row(fib, 19).find("td", "code")
    assert any(s.text() == "for" and s.classes & {"k"} for s in code.find_all("span"))


def test_fixture_ids_are_unique(dom):
    ids = [n.attrs["id"] for n in dom.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))


def test_fixture_allocation_marker(dom):
    addarr = section(dom, "addarr")
    markers = row(addarr, 36).find_all("span", ("marker", "alloc"))
    assert len(markers) == 1
    assert "np.zeros_like" in markers[0].attrs["title"]
    assert markers[0].text() == "allocates"
    details = markers[0].ancestor("details")
    assert "alloc-details" in details.classes
    assert [li.text() for li in details.find_all("li", "allocation")] == [
        "new array float64[:] (np.zeros_like)"]
    for n in (35, 37, 38):
        assert not row(addarr, n).find_all("span", ("marker", "alloc"))


def test_fixture_loop_markers(dom):
    addarr = section(dom, "addarr")
    vec = row(addarr, 37).find("span", ("marker", "loop", "vectorized"))
    assert "not-vectorized" not in vec.classes
    assert vec.attrs["title"] == "vectorized loop (vectorization width: 4, interleaved count: 2)"
    assert "width 4" in vec.text()

    fib = section(dom, "fib", "(int64)")
    nv = row(fib, 19).find("span", ("marker", "loop", "not-vectorized"))
    reason = ("loop not vectorized: value that could not be identified as reduction "
              "is used outside the loop")
    assert nv.attrs["title"] == reason
    # the reason is also visible as text, inside a <details>
    details = nv.ancestor("details")
    assert "loop-details" in details.classes
    assert details.find("div", "loop-message").text() == reason
    assert not row(fib, 20).find_all("span", "marker")


def test_fixture_object_mode_lines_and_reason(dom):
    obj = section(dom, "fib_obj")
    assert obj.attrs["data-mode"] == "object"
    rows = obj.find_all("tr", "line")
    assert rows and all(r.classes == {"line", "object"} for r in rows)
    reasons = obj.find_all("div", "reason")
    assert len(reasons) == 1
    culprit = reasons[0].ancestor("tr")
    assert culprit.attrs["data-line"] == "11" and culprit.attrs.get("data-culprit") == "true"
    assert "range(n.int)" in culprit.find("pre", "src").text()
    assert "`MyInt` object" in reasons[0].text()
    assert "^^^^^" in reasons[0].text()  # the message keeps its lines
    # nopython sections have no red line and no reason
    for sec in sections(dom):
        if sec is not obj:
            assert not sec.find_all("tr", ("line", "object"))
            assert not sec.find_all("div", "reason")
    # no types, no LLVM IR in object mode
    assert not obj.find_all("span", "type")
    assert "none (object mode)" in obj.find("details", "llvm-ir").text()


def test_fixture_object_reason_without_line_goes_under_the_heading():
    rec = copy.deepcopy(load_fixture()[3])
    rec["object_reason"] = {"line": None, "message": "could not read the source"}
    dom = parse_html(annotate.render([rec]))
    sec = section(dom, "fib_obj")
    reason = sec.find("div", "reason")
    assert reason.text() == "could not read the source"
    assert reason.ancestor("tr") is None


def test_fixture_source_and_messages_are_escaped(fixture_html, dom):
    tricky = section(dom, "tricky")
    assert row(tricky, 4).find("pre", "src").text() == "    if a < b and b > 0:"
    assert row(tricky, 3).find("pre", "src").text() == '    s = "<b>&amp;</b>"'
    assert "# <script>alert('x')</script>" in row(tricky, 5).text()
    message = 'loop not vectorized: <script>alert(1)</script> & "quotes"'
    assert row(tricky, 4).find("span", "marker").attrs["title"] == message
    assert row(tricky, 4).find("div", "loop-message").text() == message
    assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in fixture_html
    assert "<b>" not in fixture_html
    assert "a < b" not in fixture_html
    assert "<script" not in fixture_html.lower()


def test_fixture_is_self_contained(fixture_html):
    html = fixture_html.lower()
    assert "<script" not in html
    assert not re.search(r"""(src|href|action|data)\s*=\s*["']?\s*(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert "<link" not in html and "<iframe" not in html and "<img" not in html
    assert html.count("<style>") == 1
    assert html.startswith("<!doctype html>")
    assert '<meta charset="utf-8">' in html


def test_fixture_dedup_and_order(dom):
    # fib(int64) appears twice in the data (once compiled into a caller): shown once,
    # from the entry point's record (its own program's LLVM IR)
    keys = [(s.attrs["data-filename"], s.attrs["data-name"], s.attrs["data-signature"])
            for s in sections(dom)]
    assert len(keys) == len(set(keys)) == 5
    fib = section(dom, "fib", "(int64)")
    assert fib.attrs["data-entry"] == "true"
    assert "CALLER PROGRAM" not in fib.find("details", "llvm-ir").text()
    # by file name, then first line, then signature
    assert [(k[0], k[1], k[2]) for k in keys] == [
        ("/src/arrays.py", "addarr", "(array(float64, 1d, C), array(float64, 1d, C))"),
        ("/src/escape.py", "tricky", "(int64, int64)"),
        ("/src/fib.py", "fib_obj", "(MyInt)"),
        ("/src/fib.py", "fib", "(float64)"),
        ("/src/fib.py", "fib", "(int64)"),
    ]
    assert [s.attrs["id"] for s in sections(dom)] == [f"fn-{i}" for i in range(5)]


def test_fixture_dedup_keeps_a_callee_only_record():
    recs = load_fixture()
    callee = copy.deepcopy(recs[1])  # entry False
    dom = parse_html(annotate.render([callee, copy.deepcopy(callee)]))
    (sec,) = sections(dom)
    assert sec.attrs["data-entry"] == "false"
    assert "CALLER PROGRAM" in sec.find("details", "llvm-ir").text()


def test_fixture_summary_table(dom):
    summary = dom.find("table", "summary")
    rows = summary.find_all("tr", "summary-row")
    assert len(rows) == len(sections(dom))
    for r, sec in zip(rows, sections(dom)):
        assert r.find("a").attrs["href"] == "#" + sec.attrs["id"]
        assert r.find("td", "mode").text() == sec.attrs["data-mode"]
    by_name = {r.find("td", "name").find("a").text() + r.find("td", "signature").text(): r
               for r in rows}
    addarr = next(v for k, v in by_name.items() if k.startswith("addarr"))
    assert (addarr.find("td", "vectorized").text(), addarr.find("td", "not-vectorized").text(),
            addarr.find("td", "allocating").text()) == ("1", "0", "1")
    fib = by_name["fib(int64)"]
    assert (fib.find("td", "vectorized").text(), fib.find("td", "not-vectorized").text(),
            fib.find("td", "allocating").text()) == ("0", "1", "0")
    assert by_name["fib_obj(MyInt)"].find("td", "mode").text() == "object"
    overview = dom.find("p", "overview").text()
    assert "5 specialisations of 4 functions" in overview and "1 in object mode" in overview


def test_fixture_ir_views(dom):
    fib = section(dom, "fib", "(int64)")
    line_ir = row(fib, 20).find("details", "line-ir")
    assert line_ir.find("pre").text().splitlines() == [
        "$1 = (a: int64 + b: int64)", "$2 = a: int64", "a = $1: int64", "b = $2: int64"]
    assert not row(fib, 17).find_all("details", "line-ir")
    typed = fib.find("details", "typed-ir")
    assert "fn fib__0(n: int64) -> int64" in typed.find("pre").text()
    llvm = fib.find("details", "llvm-ir").find("pre", "hl")
    assert "define i64 @fib__0(i64 %n)" in llvm.text()
    # highlighted with Pygments' LlvmLexer: `define` is a keyword, `i64` a type
    assert any(s.text() == "define" and "k" in s.classes for s in llvm.find_all("span"))
    assert any(s.text() == "i64" and "kt" in s.classes for s in llvm.find_all("span"))


def test_fragment_for_jupyter_is_scoped():
    html = annotate.render(load_fixture(), fragment=True)
    assert html.lstrip().startswith('<div class="ferrojit-report">')
    assert not re.search(r"<(html|body|head)[\s>]", html)
    assert "<script" not in html
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = re.findall(r"([^{}]+)\{[^{}]*\}", css)
    assert selectors
    for group in selectors:
        for sel in group.split(","):
            assert sel.strip().startswith(".ferrojit-report"), \
                f"CSS selector {sel.strip()!r} would style the whole notebook"
    dom = parse_html(html)
    assert len(sections(dom)) == 5


def test_render_nothing_compiled():
    dom = parse_html(annotate.render([]))
    assert not sections(dom)
    assert "Nothing has been compiled yet" in dom.find("p", "overview").text()


def test_normalise_fills_missing_fields():
    rec = annotate.normalise({"name": "f", "lines": {"3": {"types": [["x", "int64"]]},
                                                     3: {"allocations": "a list"},
                                                     "junk": {}}})
    assert rec["filename"] == "<unknown>" and rec["first_line"] == 1
    assert rec["source_lines"] == [] and rec["signature"] == "()"
    assert rec["mode"] == "nopython" and rec["object_reason"] is None
    assert rec["entry"] is True and rec["typed_ir"] == rec["llvm_ir"] == ""
    assert list(rec["lines"]) == [3]
    assert rec["lines"][3]["types"] == [{"name": "x", "type": "int64", "role": ""}]
    assert rec["lines"][3]["allocations"] == ["a list"]
    assert rec["lines"][3]["loops"] == [] and rec["lines"][3]["ir"] == []
    # an object reason without a mode means object mode; a loop without "vectorized"
    # is read from LLVM's text
    rec = annotate.normalise({"object_reason": {"line": "5", "message": "m"},
                              "lines": {1: {"loops": [{"message": "vectorized loop "
                                                       "(vectorization width: 2, "
                                                       "interleaved count: 1)"}],
                                            "types": [{"name": "y", "type": "float64",
                                                       "role": "read"}]}}})
    assert rec["mode"] == "object" and rec["object_reason"] == {"line": 5, "message": "m"}
    assert rec["lines"][1]["loops"][0]["vectorized"] is True
    assert rec["lines"][1]["loops"][0]["width"] == 2
    assert rec["lines"][1]["types"] == [{"name": "y", "type": "float64", "role": "read"}]
    # an empty record still renders
    assert "ferrojit-report" in annotate.render([{}])


def test_highlight_keeps_multiline_strings_apart():
    lines = ['def f():', '    s = """a', '<b>', 'c"""', '    return s']
    out = annotate.highlight_lines(lines, annotate._lexer("python"))
    assert len(out) == len(lines)
    assert [parse_html(str(h)).text() for h in out] == lines
    assert "&lt;b&gt;" in out[2]


# ---------------------------------------------------------------------------
# Registry, argument parsing, output path checks (no native annotations needed)
# ---------------------------------------------------------------------------
def test_new_dispatchers_are_registered():
    def local_kernel(x):
        return x + 1

    f = ferrojit.jit(local_kernel)
    g = ferrojit.njit(nogil=True)(local_kernel)
    registered = annotate.compiled_dispatchers()
    assert any(d is f for d in registered) and any(d is g for d in registered)
    assert [i for i, d in enumerate(registered) if d is f][0] < \
        [i for i, d in enumerate(registered) if d is g][0]


@pytest.mark.parametrize("argv,expected", [
    (["annotate", "s.py", "-o", "r.html"], ("s.py", "r.html", [])),
    (["annotate", "s.py", "-o", "r.html", "a", "-o", "b"], ("s.py", "r.html", ["a", "-o", "b"])),
    (["annotate", "-o", "r.html", "s.py", "-o", "x"], ("s.py", "r.html", ["-o", "x"])),
    (["annotate", "s.py", "--output=r.html", "--", "-x"], ("s.py", "r.html", ["-x"])),
    (["annotate", "s.py", "-or.html", "1"], ("s.py", "r.html", ["1"])),
    (["--annotate-html", "r.html", "s.py"], ("s.py", "r.html", [])),
    (["--annotate-html", "r.html", "s.py", "a", "--help"], ("s.py", "r.html", ["a", "--help"])),
    (["--annotate-html", "r.html", "s.py", "--", "-v"], ("s.py", "r.html", ["-v"])),
])
def test_parse_args(argv, expected):
    assert parse_args(argv) == expected


@pytest.mark.parametrize("argv", [["annotate", "s.py"], ["s.py"], ["annotate"],
                                  ["--annotate-html", "r.html"]])
def test_parse_args_errors(argv, capsys):
    with pytest.raises(SystemExit) as ei:
        parse_args(argv)
    assert ei.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_check_writable(tmp_path):
    ok = tmp_path / "new.html"
    annotate.check_writable(str(ok))
    assert not ok.exists()  # checking creates nothing
    existing = tmp_path / "old.html"
    existing.write_text("keep me")
    annotate.check_writable(str(existing))
    assert existing.read_text() == "keep me"
    afile = tmp_path / "afile"
    afile.write_text("")
    for path, reason in [(tmp_path / "missing" / "r.html", "No such file or directory"),
                         (tmp_path, "Is a directory"),
                         (afile / "r.html", "Not a directory")]:
        with pytest.raises(annotate.AnnotateError) as ei:
            annotate.check_writable(str(path))
        assert str(path) in str(ei.value) and reason in str(ei.value)


# ---------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------
def _env():
    env = dict(os.environ)
    env.pop("FERROJIT_DISABLE_JIT", None)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _console_script():
    """The ``ferrojit`` console script of this environment, if installed."""
    return shutil.which("ferrojit", path=os.path.dirname(sys.executable))


def _console_script_or_fail():
    """The installed console script: part of the package (pyproject.toml's
    [project.scripts]), so a missing one fails the test instead of skipping it."""
    exe = _console_script()
    if exe is None:
        pytest.fail("the ferrojit console script is not installed next to "
                    f"{sys.executable} (reinstall the package: make build)", pytrace=False)
    return exe


SPELLINGS = ["module-annotate", "module-annotate-html", "console-script"]


def _command(spelling, script, output, *args):
    if spelling == "module-annotate":
        return [sys.executable, "-m", "ferrojit", "annotate", script, "-o", output, *args]
    if spelling == "module-annotate-html":
        return [sys.executable, "-m", "ferrojit", "--annotate-html", output, script, *args]
    return [_console_script_or_fail(), "--annotate-html", output, script, *args]


def run_cli(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_cli_help(spelling, tmp_path):
    if spelling == "console-script":
        exe = _console_script_or_fail()
        cmds = [[exe, "--help"], [exe, "annotate", "--help"]]
    else:
        cmds = [[sys.executable, "-m", "ferrojit", "--help"],
                [sys.executable, "-m", "ferrojit", "annotate", "--help"]]
    for cmd in cmds:
        proc = run_cli(cmd, tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert "usage:" in proc.stdout and "SCRIPT" in proc.stdout
    assert "--annotate-html" in run_cli(cmds[0], tmp_path).stdout
    assert "-o OUT" in run_cli(cmds[1], tmp_path).stdout


def test_cli_without_arguments_prints_usage(tmp_path):
    proc = run_cli([sys.executable, "-m", "ferrojit"], tmp_path)
    assert proc.returncode == 2
    assert "usage:" in proc.stderr


def _write(path, source):
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return str(path)


def test_cli_script_that_raises(tmp_path):
    script = _write(tmp_path / "boom.py", """\
        import ferrojit

        @ferrojit.njit
        def twice(x):
            return 2 * x

        print("before", twice(21))
        raise ValueError("boom <42>")
    """)
    out = tmp_path / "report.html"
    for spelling in SPELLINGS[:2]:
        proc = run_cli(_command(spelling, "boom.py", str(out)), tmp_path)
        assert proc.returncode != 0
        assert "before 42" in proc.stdout
        assert "Traceback" in proc.stderr
        assert 'boom.py", line 8' in proc.stderr  # the script's own frame
        assert "runpy" not in proc.stderr         # not ours
        assert "ferrojit annotate: boom.py raised ValueError: boom <42>" in proc.stderr
        assert not out.exists()


def test_cli_script_that_exits_with_an_error(tmp_path):
    _write(tmp_path / "exits.py", "import sys\nsys.exit(3)\n")
    out = tmp_path / "report.html"
    proc = run_cli(_command("module-annotate", "exits.py", str(out)), tmp_path)
    assert proc.returncode == 3
    assert "exits.py exited with status 3" in proc.stderr
    assert not out.exists()


def test_cli_script_that_compiles_nothing(tmp_path):
    """Also checks how the script runs: as __main__, with sys.argv = [script, *args],
    its directory first on sys.path (a sibling module imports), from any directory."""
    sub = tmp_path / "proj"
    sub.mkdir()
    _write(sub / "sibling.py", "VALUE = 7\n")
    _write(sub / "plain.py", """\
        import json, sys
        import sibling
        with open(sys.argv[1], "w") as f:
            json.dump({"name": __name__, "argv": sys.argv, "path0": sys.path[0],
                       "sibling": sibling.VALUE}, f)
    """)
    out = tmp_path / "report.html"
    facts = tmp_path / "facts.json"
    for spelling in SPELLINGS[:2]:
        proc = run_cli(_command(spelling, os.path.join("proj", "plain.py"), str(out),
                                str(facts), "--flag"), tmp_path)
        assert proc.returncode != 0
        assert "nothing was compiled" in proc.stderr
        assert "proj/plain.py" in proc.stderr
        assert not out.exists()
        got = json.loads(facts.read_text())
        assert got["name"] == "__main__" and got["sibling"] == 7
        assert got["argv"][1:] == [str(facts), "--flag"]
        assert os.path.samefile(got["argv"][0], sub / "plain.py")
        assert os.path.samefile(got["path0"], sub)


def test_cli_missing_script(tmp_path):
    out = tmp_path / "report.html"
    proc = run_cli(_command("module-annotate", "nope.py", str(out)), tmp_path)
    assert proc.returncode != 0
    assert "cannot run nope.py: No such file or directory" in proc.stderr
    assert not out.exists()


@pytest.mark.parametrize("where,reason", [
    ("missing-dir/report.html", "No such file or directory"),
    (".", "Is a directory"),
    ("afile/report.html", "Not a directory"),
])
def test_cli_unwritable_output(where, reason, tmp_path):
    _write(tmp_path / "afile", "")
    script = _write(tmp_path / "marker.py", """\
        import ferrojit
        print("SCRIPT-RAN")
        print(ferrojit.njit(lambda x: x + 1)(1))
    """)
    for spelling in SPELLINGS[:2]:
        proc = run_cli(_command(spelling, script, where), tmp_path)
        assert proc.returncode != 0
        assert "SCRIPT-RAN" not in proc.stdout  # checked before running the script
        lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("ferrojit annotate:")]
        assert lines == [f"ferrojit annotate: cannot write the report to {where}: {reason}"]
    assert not (tmp_path / "missing-dir").exists()


# ---- end to end: these need Dispatcher._annotations() from the native build ----
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_cli_seed_fib_end_to_end(spelling, tmp_path):
    """shared/seeds/001: ``numba --annotate-html fib.html fib.py``. ``fib`` compiles
    (int64 everywhere, nothing red); ``fib_obj`` runs in object mode, red, with the
    reason at the ``n.int`` line."""
    out = tmp_path / "fib.html"
    proc = run_cli(_command(spelling, FIB_SEED, str(out)), tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {out}" in proc.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    dom = parse_html(html)
    assert [s.attrs["data-name"] for s in sections(dom)] == ["fib_obj", "fib"]  # file order
    with open(FIB_SEED, encoding="utf-8") as f:
        src = f.read().splitlines()
    lineno = {text.strip(): i + 1 for i, text in enumerate(src)}

    fib = section(dom, "fib")
    assert fib.attrs["data-mode"] == "nopython"
    assert fib.attrs["data-signature"] == "(int64)"
    assert fib.attrs["data-return-type"] == "int64"
    rows = fib.find_all("tr", "line")
    assert rows and all(r.classes == {"line", "nopython"} for r in rows)
    assert not fib.find_all("div", "reason")
    assign = row(fib, lineno["a, b = 1, 1"])
    assert ("a", "int64", "assign") in types_of(assign)
    assert ("b", "int64", "assign") in types_of(assign)
    body = types_of(row(fib, lineno["a, b = a + b, a"]))
    assert ("a", "int64", "read") in body and ("b", "int64", "read") in body
    assert ("n", "int64", "read") in types_of(row(fib, lineno["for i in range(n):"]))
    loop_lines = [lineno["for i in range(n):"], lineno["a, b = a + b, a"]]
    assert any(row(fib, n).find_all("span", ("marker", "loop")) for n in loop_lines), \
        "fib's loop has no vectorised / not vectorised marker"
    line_ir = row(fib, lineno["a, b = 1, 1"]).find("details", "line-ir").find("pre").text()
    assert "a = 1" in line_ir and "# line" not in line_ir
    assert "int64" in fib.find("details", "typed-ir").text()
    assert "define" in fib.find("details", "llvm-ir").text()

    obj = section(dom, "fib_obj")
    assert obj.attrs["data-mode"] == "object"
    rows = obj.find_all("tr", "line")
    assert rows and all(r.classes == {"line", "object"} for r in rows)
    (reason,) = obj.find_all("div", "reason")
    culprit = reason.ancestor("tr")
    assert culprit.attrs["data-line"] == str(lineno["for i in range(n.int):"])
    assert "n.int" in culprit.find("pre", "src").text()
    assert "MyInt" in reason.text()
    summary = {r.find("a").text(): r.find("td", "mode").text()
               for r in dom.find("table", "summary").find_all("tr", "summary-row")}
    assert summary == {"fib_obj": "object", "fib": "nopython"}


def test_cli_jitted_function_never_called(tmp_path):
    _write(tmp_path / "uncalled.py", """\
        import ferrojit

        @ferrojit.njit
        def never(x):
            return x
    """)
    out = tmp_path / "report.html"
    proc = run_cli(_command("module-annotate", "uncalled.py", str(out)), tmp_path)
    assert proc.returncode != 0
    assert "nothing was compiled" in proc.stderr
    assert not out.exists()


def test_cli_dispatcher_dropped_by_the_script_is_reported(tmp_path):
    _write(tmp_path / "dropped.py", """\
        import ferrojit

        def square(x):
            return x * x

        def main():
            f = ferrojit.njit(square)
            return f(3.0)

        print(main())
    """)
    out = tmp_path / "report.html"
    proc = run_cli(_command("module-annotate", "dropped.py", str(out)), tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert section(parse_html(out.read_text()), "square").attrs["data-signature"] == "(float64)"


# ---------------------------------------------------------------------------
# The Python API on real dispatchers (needs Dispatcher._annotations())
# ---------------------------------------------------------------------------
@ferrojit.njit
def shared_callee(x):
    return x * 2 + 1


@ferrojit.njit
def caller_one(x):
    return shared_callee(x) + 1


@ferrojit.njit
def caller_two(x):
    return shared_callee(x) - 1


@ferrojit.njit
def add_arrays(x, y):
    result = np.zeros_like(x)
    for i in range(x.size):
        result[i] = x[i] + y[i]
    return result


def forced_object(n):
    total = 0
    for i in range(n):
        total += i
    return total


def never_called(x):
    return x


def test_api_annotate_html(tmp_path):
    assert caller_one(3) == 8
    path = tmp_path / "caller.html"
    html = annotate.annotate_html(caller_one, str(path))
    assert path.read_text(encoding="utf-8") == html
    dom = parse_html(html)
    names = {s.attrs["data-name"]: s for s in sections(dom)}
    assert set(names) == {"caller_one", "shared_callee"}
    assert names["caller_one"].attrs["data-entry"] == "true"
    assert names["shared_callee"].attrs["data-entry"] == "false"
    assert ("x", "int64", "read") in [t for r in names["caller_one"].find_all("tr", "line")
                                     for t in types_of(r)]


def test_dispatcher_methods_delegate_to_annotate(tmp_path):
    """``Dispatcher.annotate_html`` / ``_repr_html_`` (native) call this module."""
    assert caller_one(5) == 12
    path = tmp_path / "method.html"
    html = caller_one.annotate_html(str(path))
    assert html == annotate.annotate_html(caller_one)
    assert path.read_text(encoding="utf-8") == html
    assert caller_one.annotate_html() == html
    assert caller_one._repr_html_() == annotate.repr_html(caller_one)


def test_api_repr_html_is_a_fragment():
    assert caller_two(3) == 6
    html = annotate.repr_html(caller_two)
    assert html.lstrip().startswith('<div class="ferrojit-report">')
    assert "<html" not in html and "<script" not in html
    assert {s.attrs["data-name"] for s in sections(parse_html(html))} == {
        "caller_two", "shared_callee"}


def test_api_callee_shown_once():
    caller_one(1)
    caller_two(1)
    records = annotate.collect([caller_one, caller_two, shared_callee])
    keys = [(r["name"], r["signature"]) for r in records]
    assert keys.count(("shared_callee", "(int64)")) == 1
    dom = parse_html(annotate.render(records))
    assert len(dom.find_all("section", "function", data_name="shared_callee")) == 1


def test_api_allocation_and_vectorised_loop():
    x = np.arange(64.0)
    add_arrays(x, x)
    dom = parse_html(annotate.annotate_html(add_arrays))
    sec = section(dom, "add_arrays")
    with open(__file__, encoding="utf-8") as f:
        src = f.read().splitlines()
    first = src.index("def add_arrays(x, y):") + 1
    alloc = row(sec, first + 1)  # result = np.zeros_like(x)
    assert alloc.find_all("span", ("marker", "alloc"))
    loops = [m for n in (first + 2, first + 3)
             for m in row(sec, n).find_all("span", ("marker", "loop", "vectorized"))]
    assert loops, "add_arrays' loop is not marked vectorised (test_arrays checks it is)"


def test_api_forceobj_is_object_mode():
    f = ferrojit.jit(forceobj=True)(forced_object)
    assert f(10) == 45
    dom = parse_html(annotate.annotate_html(f))
    sec = section(dom, "forced_object")
    assert sec.attrs["data-mode"] == "object"
    assert all(r.classes == {"line", "object"} for r in sec.find_all("tr", "line"))


def test_api_nothing_compiled_yet():
    f = ferrojit.njit(never_called)
    assert annotate.collect([f]) == []
    dom = parse_html(annotate.annotate_html(f))
    assert not sections(dom)
    assert "Nothing has been compiled yet" in dom.text()


# ---------------------------------------------------------------------------
# A real browser
# ---------------------------------------------------------------------------
def _chromium():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        message = ("chromium is not on PATH: the browser test of the annotation report "
                   "cannot run (make setup installs Debian's `chromium` package)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return exe


def _run_chromium(exe, tmp_path, *args):
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--no-first-run", "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
           *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, f"{cmd}\n{proc.stderr[-3000:]}"
    return proc


def png_pixels(data):
    """Decode an 8-bit RGB/RGBA/grey PNG (non-interlaced) with zlib: a list of rows of
    pixel tuples. Enough for checking that a screenshot is not blank."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        elif kind == b"IEND":
            break
    width, height, depth, color, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(color)
    assert depth == 8 and channels and not interlace, f"unsupported PNG {header}"
    raw, stride, bpp = zlib.decompress(idat), width * channels, channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        ftype, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append([tuple(line[x:x + channels]) for x in range(0, stride, channels)])
        prev = line
    return rows


def decode_png(data):
    """Rows of pixel tuples: with Pillow when installed (fast), else ``png_pixels``."""
    try:
        from PIL import Image
    except ImportError:
        return png_pixels(data)
    import io
    img = Image.open(io.BytesIO(data)).convert("RGB")
    w, h = img.size
    raw = img.tobytes()
    flat = [tuple(raw[k:k + 3]) for k in range(0, len(raw), 3)]
    return [flat[y * w:(y + 1) * w] for y in range(h)]


def test_png_decoder_agrees_with_pillow(tmp_path):
    from PIL import Image   # a test dependency (requirements-dev.txt): no skip
    img = Image.new("RGB", (37, 23), (255, 255, 255))
    for x in range(37):
        for y in range(23):
            img.putpixel((x, y), ((x * 7) % 256, (y * 11) % 256, (x * y) % 256))
    path = tmp_path / "t.png"
    img.save(path, optimize=True)  # adaptive filters
    rows = png_pixels(path.read_bytes())
    assert [[img.getpixel((x, y)) for x in range(37)] for y in range(23)] == rows


def test_report_in_headless_chromium(tmp_path):
    exe = _chromium()
    page = tmp_path / "report.html"
    page.write_text(annotate.render(load_fixture(), title="browser check"), encoding="utf-8")
    url = page.as_uri()

    proc = _run_chromium(exe, tmp_path, "--dump-dom", url)
    dom = parse_html(proc.stdout)
    fib = section(dom, "fib", "(int64)")
    assert ("a", "int64", "assign") in types_of(row(fib, 18))
    assert row(fib, 19).find_all("span", ("marker", "loop", "not-vectorized"))
    assert row(section(dom, "addarr"), 36).find_all("span", ("marker", "alloc"))
    assert row(section(dom, "addarr"), 37).find_all("span", ("marker", "loop", "vectorized"))
    obj = section(dom, "fib_obj")
    assert obj.find("div", "reason").ancestor("tr").attrs["data-line"] == "11"
    assert row(section(dom, "tricky"), 4).find("pre", "src").text() == "    if a < b and b > 0:"
    assert not dom.find_all("script")

    # A short page (object mode first, then nopython) for the screenshot, so that both
    # backgrounds are in the window.
    short = tmp_path / "short.html"
    fixture = load_fixture()
    short.write_text(annotate.render([fixture[0], fixture[3]]), encoding="utf-8")
    shot = tmp_path / "report.png"
    _run_chromium(exe, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000",
                  short.as_uri())
    pixels = decode_png(shot.read_bytes())
    assert len(pixels) >= 500 and len(pixels[0]) >= 500, "tiny screenshot"
    colours = {p[:3] for r in pixels[::2] for p in r[::2]}
    assert len(colours) >= 8, f"the screenshot looks blank ({len(colours)} colours)"
    # the green (nopython) and red (object mode) line backgrounds are both painted
    assert (0xEE, 0xF9, 0xEE) in colours, "no nopython (green) line in the screenshot"
    assert (0xFD, 0xEA, 0xEA) in colours, "no object-mode (red) line in the screenshot"


def test_seed_fib_report_in_headless_chromium(tmp_path):
    """The real report of the seed's fib.py, made by the command line, as Chromium
    renders it: fib's types and loop marker, fib_obj red with the reason at n.int."""
    exe = _chromium()
    out = tmp_path / "fib.html"
    proc = run_cli(_command(SPELLINGS[0], FIB_SEED, str(out)), tmp_path)
    assert proc.returncode == 0, proc.stderr
    dom = parse_html(_run_chromium(exe, tmp_path, "--dump-dom", out.as_uri()).stdout)
    with open(FIB_SEED, encoding="utf-8") as f:
        lineno = {text.strip(): i + 1 for i, text in enumerate(f.read().splitlines())}
    fib = section(dom, "fib")
    assert ("a", "int64", "assign") in types_of(row(fib, lineno["a, b = 1, 1"]))
    assert row(fib, lineno["for i in range(n):"]).find_all("span", ("marker", "loop"))
    obj = section(dom, "fib_obj")
    assert all(r.classes == {"line", "object"} for r in obj.find_all("tr", "line"))
    (reason,) = obj.find_all("div", "reason")
    assert reason.ancestor("tr").attrs["data-line"] == str(lineno["for i in range(n.int):"])
    shot = tmp_path / "fib.png"
    _run_chromium(exe, tmp_path, f"--screenshot={shot}", "--window-size=1280,1200", out.as_uri())
    colours = {p[:3] for r in decode_png(shot.read_bytes())[::2] for p in r[::2]}
    assert (0xEE, 0xF9, 0xEE) in colours and (0xFD, 0xEA, 0xEA) in colours, "green and red lines painted"


def test_concurrent_reports_of_one_dispatcher():
    """Two threads asking for the same (not yet annotated) specialisation's report at
    once: both get it, nobody deadlocks (the annotation compile runs without the GIL)."""
    import threading
    import numpy as np

    def kernel(x):
        s = 0.0
        for i in range(x.shape[0]):
            s += x[i] * 2.0
        return s

    f = ferrojit.njit(kernel)
    f(np.arange(4.0))
    results, errors = [], []

    def work():
        try:
            results.append(f.annotate_html())
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a report thread hangs"
    assert not errors, errors
    assert len(results) == 4 and all("kernel" in r for r in results)


def test_cli_reports_cfuncs(tmp_path):
    """A @cfunc is a compiled specialisation too: the seed's plain nbmin shows up with
    its pointer types and its loop's vectoriser verdict."""
    script = tmp_path / "cf.py"
    script.write_text(textwrap.dedent("""\
        import numpy as np
        from ferrojit import cfunc, carray
        from ferrojit.types import intc, CPointer, float64, intp, voidptr

        @cfunc(intc(CPointer(float64), intp, CPointer(float64), voidptr))
        def nbmin(values_ptr, len_values, result, data):
            values = carray(values_ptr, (len_values,), dtype=float64)
            result[0] = np.inf
            for v in values:
                if v < result[0]:
                    result[0] = v
            return 1
    """))
    out = tmp_path / "cf.html"
    proc = run_cli(_command(SPELLINGS[0], str(script), str(out)), tmp_path)
    assert proc.returncode == 0, proc.stderr
    dom = parse_html(out.read_text(encoding="utf-8"))
    sec = section(dom, "nbmin")
    assert sec.attrs["data-mode"] == "nopython"
    assert sec.attrs["data-signature"] == "(CPointer(float64), int64, CPointer(float64), voidptr)"
    assert ("result", "CPointer(float64)", "assign") in types_of(row(sec, 6))
    assert sec.find_all("span", ("marker", "loop"))
