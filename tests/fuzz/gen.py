"""Random well-typed programs from the subset ferrojit supports.

The generator is a table of *rules* (``RULES``). A rule produces one kind of thing
(``"int"``, ``"float"``, ``"bool"``, ``"complex"`` or ``"arr"`` expressions, or a
``"stmt"``) and is
registered with the ``@rule`` decorator::

    @rule("float", weight=2)
    def float_hypot(g, d):
        return E(f"math.hypot({g.float(d)}, {g.float(d)})", "float", flags={"transc"})

A rule gets the generator ``g`` and the current depth ``d`` and returns an ``E``
(source text, type, flags) or ``None`` when it does not apply right now (the generator
then tries another rule). Adding a language or NumPy feature means adding one rule;
see docs/fuzzing.md.

Types: ``"int"`` (int64), ``"float"`` (float64), ``"bool"``, ``"complex"``
(complex128: see "complex numbers" below), ``"str"`` (known when compiling, or computed
at run time: the flag ``"rt"``, see "strings" below), ``Arr(dtype, ndim, tag)``,
``("tuple", kinds)``, ``Fn(args, ret)`` (a function value: "functions passed as
arguments" below), ``Opt(inner)`` (a number or tuple that may be None: "values that
may be None"), ``OptBox(inner)`` (an array, a string, a list or a tuple with optional
items that may be None: "values that may be None: arrays, strings, lists..."), ``Lst``
(lists), ``Dct`` (dicts, expressions of kind "dict": "dicts" below) and ``CArr(dtype,
ndim, tag)`` (a complex array, expressions of kind "carr":
"NumPy functions of complex numbers"). Arrays carry a *shape tag* so that broadcasting expressions
only combine arrays whose shapes fit: every program has one shape ``S`` (chosen anew
for each input, empty sizes included); ``"S"`` is an array of exactly that shape, ``"B"``
one that broadcasts to it; any other tag (``"S[1:]"``) names a derived shape that only
combines with the same tag.

Flags: ``"approx"`` marks values only defined to a few ulp (NumPy transcendental
functions on arrays, float reductions whose summation order matters): they appear only
in the final ``return``. ``"transc"`` marks scalar ``math`` functions (libm: compared
with a few ulp at the end). Arrays keep ``"dyadic"`` while their values are small
multiples of 1/4 (then sums are exact in any order).
"""

import ast
import math
import os
import random
import re
from dataclasses import dataclass, field

import numpy as np

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
MAX_DEPTH = 3

# ---------------------------------------------------------------------------
# types, expressions, the rule table
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Arr:
    dtype: str
    ndim: int
    tag: str  # "S", "B", or a derived-shape name


@dataclass
class E:
    src: str
    ty: object
    flags: frozenset = frozenset()

    def __post_init__(self):
        self.flags = frozenset(self.flags)


@dataclass
class Rule:
    name: str
    kind: str
    weight: float
    fn: object
    bugs: tuple = ()  # names of known bugs this rule exercises (see KNOWN_BUGS)


RULES = {}

#: Pseudo-bug tags of whole features, and the ``Gen`` attribute that says whether the
#: program being generated uses the feature: a rule carrying the tag is only drawn when
#: it does (``--skip-bug TAG`` turns the feature off in every program).
FEATURES = {"complex": "complex_on", "fnarg": "fn_on", "optional": "opt_on",
            "tryexcept": "try_on", "strings": "str_on", "lists": "list_on", "oob": "oob",
            "reuse": "reuse_on", "prange": "prange_on", "dicts": "dict_on",
            "generators": "gen_on"}

#: Families put in every program (``FERROJIT_FUZZ_FORCE=lists,strings``: runs of one
#: family; the others are decided per program as usual).
FORCED = frozenset(x for x in os.environ.get("FERROJIT_FUZZ_FORCE", "").split(",") if x)


def rule(kind, weight=1.0, bugs=()):
    """Register a generator rule producing ``kind`` ("int", "float", "bool", "complex",
    "arr", "stmt"). ``bugs`` names known ferrojit bugs the rule triggers, so that a run
    can leave it out (``--skip-bug NAME``); the pseudo-bugs "complex", "fnarg",
    "optional", "tryexcept", "strings", "lists", "dicts" and "oob" tag every rule of
    complex numbers, of functions passed as arguments, of values that may be None, of try
    statements, of strings, of lists, of dicts and of out-of-range indices
    (``FEATURES``)."""
    def deco(fn):
        RULES.setdefault(kind, []).append(Rule(fn.__name__, kind, weight, fn, tuple(bugs)))
        return fn
    return deco


def flags_of(*es):
    out = set()
    for e in es:
        out |= e.flags
    return out


DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
          "uint64", "float32", "float64"]


def kind_of(dtype):
    return np.dtype(dtype).kind  # b i u f


def scalar_kind(dtype):
    """The scalar type compiled code gives an element of ``dtype`` once converted as
    the generator converts it (``None``: not usable as a scalar)."""
    k = kind_of(dtype)
    if k == "b":
        return "bool"
    if k in "iu":
        return "int"
    return "float"


def _np_result(fn):
    """The dtype NumPy gives ``fn`` (on tiny arrays), or None if it refuses or gives a
    dtype ferrojit does not have (float16)."""
    import warnings
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            r = fn()
    except Exception:  # noqa: BLE001
        return None
    dt = np.asarray(r).dtype
    if dt.name not in DTYPES:
        return None
    return dt.name


def z(dtype):
    return np.ones(2, dtype=dtype)


# ---------------------------------------------------------------------------
# the generator
# ---------------------------------------------------------------------------


@dataclass
class Param:
    name: str
    ty: object
    pattern: tuple = ()  # for "B" arrays: how the shape derives from S
    choices: tuple = ()  # for function parameters: the specs an input may pass


@dataclass
class Program:
    source: str
    entry: str
    params: list
    nd: int
    options: dict
    approx: bool
    transc: bool
    rules: set = field(default_factory=set)


class Gen:
    def __init__(self, rng, skip_bugs=()):
        self.rng = rng
        self.skip_bugs = set(skip_bugs)
        self.counter = 0
        self.scope = []          # [(name, type)]
        self.assignable = set()  # scalar locals that may be reassigned
        self.loop_depth = 0
        self.block_start = 0     # scope index where the current block's names begin
        self.block_id = 0        # the current block (a counter: each block a new id)
        self.blocks = 0
        self.dead_loop_vars = []  # [(name, block_id)]: loops ended, names still bound
        self.stored = False       # a store into an array was generated (values not dyadic)
        self.helpers = []        # [(name, [param types], return kind)]
        self.used = set()
        self.in_helper = False
        self.ret_kinds = None
        self.nd = 1
        self.fuel = 4000  # rule attempts left for this program (bounds retries)
        # complex numbers (the rules tagged "complex"): off with --skip-bug complex, and
        # then no complex parameter or result is drawn either (nor a random number for it)
        self.complex_on = "complex" not in self.skip_bugs
        self.cabs = False  # abs() of a complex was generated (hypot: compared with ulps)
        # functions passed as arguments (rules tagged "fnarg") and values that may be
        # None (tagged "optional"): like complex numbers, decided per program
        # (gen_program) without drawing from ``rng``; off, they draw nothing
        self.fn_on = "fnarg" not in self.skip_bugs
        self.opt_on = "optional" not in self.skip_bugs
        self.fn_targets = {}  # Fn -> [names of the program's functions of that type]
        self.fn_transc = False  # a function argument may be a libm function (ulps)
        # try statements (rules tagged "tryexcept") and strings known when compiling
        # (tagged "strings"): decided per program like the features above
        self.try_on = "tryexcept" not in self.skip_bugs
        self.str_on = "strings" not in self.skip_bugs
        self.try_ok = False       # the function being generated may hold a try statement
        self.traced = False       # a try statement updated its function's `trace`
        self.trace_step = 0       # the last digit a part of a try statement recorded
        self.no_return = False    # inside a try (or its handlers) that has a finally
        self.finally_loop = -1    # loop depth at that try: break/continue need a deeper loop
        # bounds checks (see "out-of-range indices" below): on unless the program is
        # compiled with boundscheck=False (then every index is provably in range); with
        # them on, ``oob`` programs index out of range on some inputs
        self.checks = True
        self.oob = False
        self.try_oob = False  # (try programs, checks on) `_risky` reads out of range
        self.raisers = set()      # helpers that raise on some paths (gen_raise_helper)
        self.deleted = set()      # names `del`eted on some path (a read may be unbound)
        self.fin_depth = 0        # try statements with a finally around (del-finally)
        self.fin_loop = -1        # loop depth at the innermost of them (finally-jump)
        self.captured = set()     # names an inner function or lambda reads (never deleted)
        # strings: the flags of names of type "str" ("rt": computed at run time, "rtq":
        # perhaps; none: known when compiling), the run-time ones that statements rebind
        # (their new values never read them: no growth by doubling in loops), and for
        # each helper with string parameters or result: (parameters run-time, the
        # result's flags)
        self.str_flags = {}
        self.str_rebindable = set()
        self.helper_str = {}
        # lists (rules tagged "lists"): decided per program like the features above; the
        # iterated list types that must not grow ([(Lst, scope length at the loop)]) and
        # the list names that may be another list's alias (see "lists" below)
        self.list_on = "lists" not in self.skip_bugs
        self.list_nogrow = []
        self.list_noshrink = []  # (the same, for LIST_ITER_SHRINK)
        self.list_alias = set()
        self.in_comp = 0  # inside a comprehension (LIST_COMP_LAMBDA)
        # dicts (rules tagged "dicts"): decided per program like the features above; the
        # dict types iterated over directly, not to be written ([(Dct, scope length at
        # the loop)]), and the dict names that may be another dict's alias (see "dicts")
        self.dict_on = "dicts" not in self.skip_bugs
        self.dict_frozen = []
        self.dict_alias = set()
        self.dict_items_ret = {}  # Dct -> whether `f` returns it as `list(d.items())`
        self.in_closure = False  # in the body of an inner function (LIST_IN_CLOSURE)
        # repeated array expressions (rules tagged "reuse": "repeated array expressions"
        # below): decided per program like the features above; the result slots `rzN`
        # of `f` (initialised first, returned last) and the helpers the rule wrote
        self.reuse_on = "reuse" not in self.skip_bugs
        self.reuse_vals = []
        self.reuse_defs = []
        # parallel loops (rules tagged "prange": "parallel loops" below): decided per
        # program like the features above; the result slots `pzN` of `f` ([(name, initial
        # value)]), the try statements around the statement being written (no prange loop
        # inside one: an exception it catches would expose other iterations' stores), and
        # the functions that print (not called from a parallel body: lines in any order)
        self.prange_on = "prange" not in self.skip_bugs
        self.prange_vals = []
        self.try_depth = 0
        self.printers = set()
        self.prange_loops = 0
        self.prange_alias_on = PRANGE_ALIAS in FORCED and PRANGE_ALIAS not in self.skip_bugs
        # generators (rules tagged "generators": "generators" below): decided per program
        # like the features above; the generator functions written so far (GenFn) and
        # their source, the generator being written (a _GCtx: its body may yield) and how
        # deep, the natural names of the function being written (_GNames: `f` and the
        # helpers share one), whether `gtap` was written
        self.gen_on = "generators" not in self.skip_bugs
        self.gens = []
        self.gen_defs = []
        self.gctx = None
        self.gen_depth = 0
        self.gnm = _GNames()
        self.gen_tap = False
        self.gen_cost = 0  # statements the consumers of the function being written inline

    # -- utilities ---------------------------------------------------------
    def fresh(self, prefix="v"):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def chance(self, p):
        return self.rng.random() < p

    def choice(self, xs):
        return self.rng.choice(xs)

    def vars_of(self, pred):
        return [(n, t) for n, t in self.scope if pred(t)]

    def pick(self, kind, d, **kw):
        rules = [r for r in RULES.get(kind, ()) if not (set(r.bugs) & self.skip_bugs)
                 and all(getattr(self, on) for tag, on in FEATURES.items() if tag in r.bugs)]
        leaf = d >= MAX_DEPTH
        self.fuel -= 1
        if d > MAX_DEPTH + 1 or self.fuel <= 0:
            rules = [r for r in rules if r.name.endswith(("_lit", "_var"))]
            if not rules:
                return None
        for _ in range(8 if self.fuel > 0 else 2):
            self.fuel -= 1
            weights = [r.weight * (0.15 if leaf and not r.name.endswith(("_lit", "_var"))
                                   else 1.0) for r in rules]
            r = self.rng.choices(rules, weights)[0]
            e = r.fn(self, d + 1, **kw)
            if e is not None:
                self.used.add(r.name)
                return e
        return None

    # -- typed expression entry points (return source text or E) -------------
    def e(self, kind, d, approx_ok=False):
        """An expression of scalar ``kind``; ``approx`` values only if allowed."""
        for _ in range(10):
            x = self.pick(kind, d)
            if x is not None and (approx_ok or "approx" not in x.flags):
                return x
        return LITERALS[kind](self)

    def int(self, d):
        return self.e("int", d).src

    def float(self, d):
        return self.e("float", d).src

    def bool(self, d):
        return self.e("bool", d).src

    def num(self, d):
        """An int or a float expression."""
        return self.e(self.choice(["int", "float", "float"]), d)

    def arr(self, d, tag=None, kinds=None, approx_ok=False, ndim=None):
        """An array expression whose tag fits ``tag`` ("S": exactly S or B;
        None: anything) and whose dtype kind is in ``kinds``."""
        if not any(isinstance(t, Arr) for _, t in self.scope):
            return None
        for _ in range(4):
            x = self.pick("arr", d, tag=tag, kinds=kinds)
            if x is None:
                continue
            if not approx_ok and "approx" in x.flags:
                continue
            if ndim is not None and x.ty.ndim != ndim:
                continue
            return x
        return None

    def np_ints(self):
        """Whether an int expression may be a NumPy scalar (from a ufunc passed as an
        argument): indices then take it through int() (NumPy's `n % 0` is 0, not
        ZeroDivisionError, and the index 0 of an empty array would then be out of
        bounds, unchecked with boundscheck=False)."""
        return self.fn_on and "fnarg-ufunc" not in self.skip_bugs

    def safe_index(self, name, ax, d):
        """An index of axis ``ax`` of array ``name`` that is in range (or raises
        ZeroDivisionError on an empty axis, in both)."""
        e = self.int(d)
        return f"{f'int({e})' if self.np_ints() else e} % {name}.shape[{ax}]"

    def index(self, name, ty, d, store=False):
        """An index tuple for every axis of array ``name``: safe, except in ``oob``
        programs (checks on), where one axis (sometimes both) of OOB_SITE of the indices
        may be out of range (``oob_index``). ``store``: the target of `a[...] = v`
        (safe while OOB_STORE_ORDER is skipped)."""
        bad = set()
        if self.oob and not (store and OOB_STORE_ORDER in self.skip_bugs) \
                and self.chance(OOB_SITE):
            bad = {self.rng.randrange(ty.ndim)}
            if ty.ndim == 2 and self.chance(0.25):
                bad = {0, 1}
            self.used.add("oob_index")
        return ", ".join(oob_index(self, name, ax, d) if ax in bad else
                         self.safe_index(name, ax, d) for ax in range(ty.ndim))


# ---------------------------------------------------------------------------
# literals and variables
# ---------------------------------------------------------------------------
INT_POOL = [0, 1, -1, 2, 3, -3, 7, 10, 63, 64, 100, -100, 255, 256, 2**31, 2**32 + 1,
            2**53 + 1, 2**62, INT64_MAX, INT64_MIN, -(2**62) - 5]
FLOAT_POOL = [0.0, -0.0, 1.0, -1.0, 0.5, 1.5, -2.25, 3.0, 0.1, 1e-300, 5e-324, 1e16,
              1e300, 1.7976931348623157e308, 2.0**53, math.inf, -math.inf, math.nan,
              math.pi, 1 / 3, -7.75]


def int_lit_src(v):
    if v == INT64_MIN:
        return "(-9223372036854775807 - 1)"
    return f"({v})" if v < 0 else str(v)


def float_lit_src(v):
    if math.isnan(v):
        return "math.nan"
    if math.isinf(v):
        return "math.inf" if v > 0 else "(-math.inf)"
    r = repr(v)
    return f"({r})" if r.startswith("-") else r


LITERALS = {
    "int": lambda g: E(int_lit_src(g.choice(INT_POOL) if g.chance(0.3)
                                   else g.rng.randint(-9, 9)), "int"),
    "float": lambda g: E(float_lit_src(g.choice(FLOAT_POOL)), "float"),
    "bool": lambda g: E(g.choice(["True", "False"]), "bool"),
}


@rule("int", 3)
def int_lit(g, d):
    return LITERALS["int"](g)


@rule("float", 2)
def float_lit(g, d):
    return LITERALS["float"](g)


@rule("bool", 1)
def bool_lit(g, d):
    return LITERALS["bool"](g)


def _var(kind):
    def fn(g, d):
        vs = g.vars_of(lambda t: t == kind)
        return E(g.choice(vs)[0], kind) if vs else None
    fn.__name__ = f"{kind}_var"
    return fn


rule("int", 6)(_var("int"))
rule("float", 6)(_var("float"))
rule("bool", 3)(_var("bool"))

# ---------------------------------------------------------------------------
# int expressions
# ---------------------------------------------------------------------------


@rule("int", 4)
def int_arith(g, d):
    op = g.choice(["+", "-", "*", "+", "-", "*", "//", "%"])
    return E(f"({g.int(d)} {op} {g.int(d)})", "int")


@rule("int", 1)
def int_bitwise(g, d):
    op = g.choice(["&", "|", "^"])
    return E(f"({g.int(d)} {op} {g.int(d)})", "int")


@rule("int", 1)
def int_shift(g, d):
    op = g.choice(["<<", ">>"])
    return E(f"({g.int(d)} {op} {g.rng.randint(0, 63)})", "int")


@rule("int", 0.7)
def int_pow(g, d):
    if g.chance(0.7):
        return E(f"({g.int(d)} ** {g.rng.randint(0, 5)})", "int")
    ex = g.int(d)
    if re.fullmatch(r"[\s\d()+\-*/%<>&|^~]*", ex) or g.str_on and _reads_str(g, ex):
        # a constant exponent (`(-8)`, `(+(-8))`; in compiled code also one computed from
        # strings, `s.find("b")`, folded when compiling): if negative, CPython makes a
        # float, which the rest of the program does not expect
        ex = str(g.rng.randint(0, 5))
    return E(f"({g.int(d)} ** {ex})", "int")  # negative exponents: ValueError


@rule("int", 1)
def int_unary(g, d):
    op = g.choice(["-", "~", "+"])
    return E(f"({op}{g.int(d)})", "int")


#: Known bug (fixed in the seventeenth session): `max(x, y)` / `min(x, y)` of a NumPy scalar and a Python number
#: gave NumPy's rules to the result whichever wins (`max(a0[0], 3.0) / 0.0` is inf where
#: CPython's `3.0 / 0.0` raises ZeroDivisionError): test_exc_type_4f9c1568d6. Skipped: in
#: programs passing ufuncs (NumPy scalars may flow), min/max operands go through `int()` /
#: `float()`.
MINMAX_NP = "minmax-npscalar"


def _minmax_arg(g, d, kind):
    src = g.e(kind, d).src
    if MINMAX_NP in g.skip_bugs and g.fn_on and "fnarg-ufunc" not in g.skip_bugs:
        return f"{kind}({src})"
    return src


@rule("int", 1)
def int_abs_minmax(g, d):
    f = g.choice(["abs", "min", "max"])
    if f == "abs":
        return E(f"abs({g.int(d)})", "int")
    n = g.rng.randint(2, 3)
    return E(f"{f}({', '.join(_minmax_arg(g, d, 'int') for _ in range(n))})", "int")


@rule("int", 1.5)
def int_from_float(g, d):
    f = g.choice(["int", "round", "math.floor", "math.ceil", "math.trunc"])
    return E(f"{f}({g.float(d)})", "int")


@rule("int", 0.7)
def int_from_bool(g, d):
    if g.chance(0.5):
        return E(f"int({g.bool(d)})", "int")
    op = g.choice(["+", "-", "*"])
    return E(f"({g.bool(d)} {op} {g.bool(d)})", "int")


@rule("int", 1.5)
def int_array_attr(g, d):
    arrs = g.vars_of(lambda t: isinstance(t, Arr))
    if not arrs:
        return None
    n, t = g.choice(arrs)
    f = g.choice(["len", "shape", "size", "ndim"])
    if f == "len":
        return E(f"len({n})", "int")
    if f == "shape":
        return E(f"{n}.shape[{g.rng.randrange(t.ndim)}]", "int")
    return E(f"{n}.{f}", "int")


def _elem_read(g, d, kind):
    arrs = g.vars_of(lambda t: isinstance(t, Arr) and scalar_kind(t.dtype) == kind
                     and t.dtype != "uint64")
    if not arrs:
        return None
    n, t = g.choice(arrs)
    # converted to a Python scalar: NumPy scalars have NumPy's rules (no
    # ZeroDivisionError, NEP 50 promotion), exercised by the `npscalar` return rule
    src = f"{kind}({n}[{g.index(n, t, d)}])"
    return E(src, kind)


@rule("int", 2)
def int_elem(g, d):
    return _elem_read(g, d, "int")


@rule("float", 3)
def float_elem(g, d):
    return _elem_read(g, d, "float")


@rule("bool", 1, bugs=("bool-of-npbool",))
def bool_elem(g, d):
    return _elem_read(g, d, "bool")


@rule("int", 1.5)
def int_reduce(g, d):
    a = g.arr(d, kinds="iub")
    if a is None:
        return None
    f = g.choice(["np.sum", "np.prod", "np.min", "np.max", "np.argmin", "np.argmax",
                  "sum", "prod", "min", "max"])
    if f in ("sum", "prod", "min", "max"):
        src = f"({a.src}).{f}()"
    else:
        src = f"{f}({a.src})"
    dt = _np_result(lambda: getattr(np, f.replace("np.", "")) (z(a.ty.dtype)))
    if f not in ("np.argmin", "np.argmax") and (dt is None or kind_of(dt) not in "iu"):
        return None
    return E(f"int({src})", "int", flags_of(a) - {"dyadic"})


@rule("int", 1)
def int_tuple_item(g, d):
    ts = g.vars_of(lambda t: isinstance(t, tuple) and "int" in t[1])
    if not ts:
        return None
    n, t = g.choice(ts)
    return E(f"{n}[{t[1].index('int')}]", "int")


def _helper_call(g, d, kind):
    hs = [h for h in g.helpers if h[2] == kind]
    if not hs:
        return None
    name, ptys, _ = g.choice(hs)
    args = _call_args(g, d, ptys, name=name)
    if args is None:
        return None
    # (a helper's string result: known when compiling if its parameters and result are)
    fl = g.helper_str.get(name, (False, ()))[1] if kind == "str" else ()
    return E(f"{name}({args})", kind, fl)


def _call_args(g, d, ptys, fn_values=False, name=None):
    """The arguments of a call to a helper with parameters of types ``ptys`` (source
    text), or None. A function parameter (``Fn``) gets a function variable in scope
    (one of ``f``'s function arguments, or the caller's own function parameter: handed
    on), or with ``fn_values`` a function named in the program (``h2``, ``math.sin``)."""
    args = []
    for pt in ptys:
        if isinstance(pt, Lst):
            # a list variable of the type (the callee may change it: the caller sees it),
            # or a fresh list; only a fresh one while a loop iterates over that type (the
            # callee may append)
            vs = [] if any(t == pt for t, _ in g.list_nogrow + g.list_noshrink) else \
                g.vars_of(lambda t, pt=pt: t == pt)
            args.append(g.choice(vs)[0] if vs and g.chance(0.75) else list_lit(g, d, ty=pt).src)
            continue
        if isinstance(pt, Dct):
            # (the same for dicts: only a fresh one while a loop iterates over that type)
            vs = [] if any(t == pt for t, _ in g.dict_frozen) else \
                g.vars_of(lambda t, pt=pt: t == pt)
            args.append(g.choice(vs)[0] if vs and g.chance(0.75) else dict_lit(g, d, ty=pt).src)
            continue
        if isinstance(pt, Arr) or isinstance(pt, Fn) and not fn_values:
            arrs = g.vars_of(lambda t, pt=pt: t == pt)
            if not arrs:
                return None
            args.append(g.choice(arrs)[0])
        elif isinstance(pt, Fn):
            names = g.fn_targets.get(pt)
            if not names:
                return None
            args.append(g.choice(names))
        elif pt == "str" and name in g.helper_str:
            # a helper's string parameters are all known when compiling or all computed
            # at run time (gen_helper): each call passes that kind
            args.append(_s_rt(g, d) if g.helper_str[name][0] else _s_known(g, d))
        else:
            args.append(g.e(pt, d).src)
    if ptys and g.chance(0.3) and not (
            NPSCALAR_KEYWORD in g.skip_bugs and g.fn_on and "fnarg-ufunc" not in g.skip_bugs):
        # the last argument by keyword (known bug, open: a NumPy scalar expression passed
        # by keyword arrives as a Python number, test_jit_raised_40594c98a8; skipped, no
        # keyword in programs that pass ufuncs)
        args[-1] = f"p{len(ptys) - 1}={args[-1]}"
    return ", ".join(args)


NPSCALAR_KEYWORD = "npscalar-keyword"


@rule("int", 1)
def int_call(g, d):
    return _helper_call(g, d, "int")


@rule("float", 1)
def float_call(g, d):
    return _helper_call(g, d, "float")


@rule("bool", 0.5)
def bool_call(g, d):
    return _helper_call(g, d, "bool")


# ---------------------------------------------------------------------------
# float expressions
# ---------------------------------------------------------------------------


@rule("float", 5)
def float_arith(g, d):
    op = g.choice(["+", "-", "*", "/", "+", "-", "*", "/", "//", "%"])
    a, b = g.num(d), g.num(d)
    if a.ty == "int" and b.ty == "int":
        if op not in "/":
            a = g.e("float", d)
    return E(f"({a.src} {op} {b.src})", "float", flags_of(a, b))


@rule("float", 1.5)
def float_pow(g, d):
    # float ** that overflows raises OverflowError (34, 'Numerical result out of range')
    base = g.float(d)
    if "pow-neg-inf" in g.skip_bugs:
        # known bug: (-inf) ** 0.5 raises ValueError (CPython: inf); integral exponents only
        ex = g.choice([g.int(d), "2", "3", "-1", "400.0", "1e10"])
    else:
        ex = g.choice([g.float(d), g.int(d), "2", "0.5", "3", "-1", "400.0", "1e10"])
    return E(f"({base} ** {ex})", "float")


@rule("float", 1)
def float_unary(g, d):
    return E(f"(-{g.float(d)})", "float")


@rule("float", 1)
def float_from(g, d):
    if g.chance(0.7):
        return E(f"float({g.int(d)})", "float")
    return E(f"float({g.bool(d)})", "float")


@rule("float", 1)
def float_abs_minmax(g, d):
    f = g.choice(["abs", "min", "max"])
    if f == "abs":
        return E(f"abs({g.float(d)})", "float")
    return E(f"{f}({_minmax_arg(g, d, 'float')}, {_minmax_arg(g, d, 'float')})", "float")


MATH1 = ["sqrt", "exp", "log", "log2", "log10", "sin", "cos", "tan", "atan", "asin",
         "acos", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "expm1", "log1p",
         "fabs", "degrees", "radians", "erf", "erfc", "gamma", "lgamma"]
MATH_EXACT = {"sqrt", "fabs"}
MATH_NOT_CPYTHON = {"gamma", "lgamma"}
MATH2 = ["atan2", "hypot", "pow", "copysign", "fmod"]


@rule("float", 2.5)
def float_math(g, d):
    if g.chance(0.7):
        f = g.choice(MATH1)
        if f in MATH_NOT_CPYTHON:
            # CPython implements gamma/lgamma itself (Lanczos), ferrojit calls glibc:
            # they differ by tens of ulp near lgamma's zeros (docs/accuracy.md), so the
            # two cannot be compared bit for bit; erf stands in (same random stream)
            f = "erf"
        flags = set() if f in MATH_EXACT else {"transc"}
        return E(f"math.{f}({g.float(d)})", "float", flags)
    f = g.choice(MATH2)
    flags = set() if f in ("copysign", "fmod") else {"transc"}
    if f == "copysign":
        # The sign of a NaN is unspecified (IEEE 754): the CPU's invalid operations give
        # -nan, LLVM's constant folding +nan, so copysign(x, nan) has no one answer
        # (docs/fuzzing.md). A NaN sign operand becomes 1.0.
        y = g.num(d).src
        return E(f"math.copysign({g.float(d)}, ({y} if {y} == {y} else 1.0))", "float", flags)
    return E(f"math.{f}({g.float(d)}, {g.num(d).src})", "float", flags)


@rule("float", 0.5)
def float_math_const(g, d):
    return E(g.choice(["math.pi", "math.e", "math.tau", "math.inf", "math.nan"]), "float")


@rule("float", 1.5)
def float_reduce(g, d):
    a = g.arr(d, approx_ok=False)
    if a is None:
        return None
    f = g.choice(["np.sum", "np.mean", "np.min", "np.max", "np.prod", "mean", "sum",
                  "np.var", "np.std"])
    if f in ("mean", "sum"):
        src = f"({a.src}).{f}()"
    else:
        src = f"{f}({a.src})"
    fn = getattr(np, f.replace("np.", ""))
    if a.ty.dtype == "float32" and f in ("np.mean", "mean", "np.var", "np.std"):
        return None  # NumPy accumulates in float32, ferrojit may not: not comparable
    if a.ty.dtype in ("int64", "uint64") and f in ("np.mean", "mean"):
        # The mean converts each element to float64 and sums in NumPy's pairwise order;
        # beyond 2**53 the order decides the rounding, which ferrojit does not copy
        # (docs/accuracy.md: float sums are not bit-identical to NumPy's).
        return None
    dt = _np_result(lambda: fn(z(a.ty.dtype)))
    if dt is None or kind_of(dt) != "f":
        return None
    flags = flags_of(a) - {"dyadic"}
    order_matters = f in ("np.sum", "sum", "np.mean", "mean", "np.prod")
    if order_matters and "dyadic" not in a.flags and f != "np.prod":
        # A float sum of arbitrary values depends on the order of the additions
        # (cancellation): no ulp bound holds, so it is not compared.
        return None
    if f in ("np.var", "np.std") or (order_matters and "dyadic" not in a.flags):
        flags.add("approx")
    if f == "np.prod" and a.src.count("(") > 0:
        flags.add("approx")  # products of computed values may round differently
    return E(f"float({src})", "float", flags)


@rule("float", 1)
def float_tuple_item(g, d):
    ts = g.vars_of(lambda t: isinstance(t, tuple) and "float" in t[1])
    if not ts:
        return None
    n, t = g.choice(ts)
    return E(f"{n}[{t[1].index('float')}]", "float")


@rule("float", 1, bugs=("int-truediv-rounding",))
def float_int_div(g, d):
    return E(f"({g.int(d)} / {g.int(d)})", "float")


# ---------------------------------------------------------------------------
# bool expressions
# ---------------------------------------------------------------------------


@rule("bool", 4)
def bool_compare(g, d):
    op = g.choice(["<", "<=", ">", ">=", "==", "!="])
    a = g.num(d)
    b = g.num(d) if g.chance(0.5) else g.e(a.ty, d)
    if g.chance(0.2):  # chained
        op2 = g.choice(["<", "<=", "=="])
        return E(f"({a.src} {op} {b.src} {op2} {g.num(d).src})", "bool")
    return E(f"({a.src} {op} {b.src})", "bool")


@rule("bool", 0.5)
def bool_in_tuple(g, d):
    """`x in (a, b, c)` / `not in` (issue 13): `==` item by item."""
    x = g.num(d)
    items = [g.num(d).src if g.chance(0.6) else str(g.rng.randint(-2, 3)) for _ in range(g.rng.randint(1, 3))]
    op = g.choice(["in", "not in"])
    g.used.add("in_tuple")
    return E(f"({x.src} {op} ({', '.join(items)},))", "bool")


@rule("bool", 1.5)
def bool_logic(g, d):
    r = g.rng.random()
    if r < 0.3:
        return E(f"(not {g.bool(d)})", "bool")
    if r < 0.8:
        op = g.choice(["and", "or"])
        return E(f"({g.bool(d)} {op} {g.bool(d)})", "bool")
    op = g.choice(["&", "|", "^"])
    return E(f"({g.bool(d)} {op} {g.bool(d)})", "bool")


@rule("bool", 1)
def bool_float_pred(g, d):
    f = g.choice(["math.isnan", "math.isinf", "math.isfinite"])
    return E(f"{f}({g.float(d)})", "bool")


@rule("bool", 0.7)
def bool_cast(g, d):
    return E(f"bool({g.num(d).src})", "bool")


@rule("bool", 1, bugs=("bool-of-npbool",))
def bool_any_all(g, d):
    a = g.arr(d)
    if a is None:
        return None
    f = g.choice(["np.any", "np.all"])
    return E(f"bool({f}({a.src}))", "bool", flags_of(a) - {"dyadic"})


# ---------------------------------------------------------------------------
# array expressions
# ---------------------------------------------------------------------------


def tag_ok(t, want):
    """Can an array of tag ``t`` be used where ``want`` is asked?"""
    if want is None:
        return True
    if want == "S":
        return t in ("S", "B") or t.startswith("B:")
    return t == want


def combine(t1, t2):
    """The tag of a broadcast of tags t1 and t2, or None if they may not fit."""
    b1 = t1 == "B" or t1.startswith("B:")
    b2 = t2 == "B" or t2.startswith("B:")
    if t1 == t2:
        return t1
    if t1 == "S" and b2 or t2 == "S" and b1:
        return "S"
    if b1 and b2:
        return "B"
    return None


def kind_ok(dtype, kinds):
    return kinds is None or kind_of(dtype) in kinds


@rule("arr", 6)
def arr_var(g, d, tag=None, kinds=None):
    vs = g.vars_of(lambda t: isinstance(t, Arr) and tag_ok(t.tag, tag)
                   and kind_ok(t.dtype, kinds))
    if not vs:
        return None
    n, t = g.choice(vs)
    return E(n, t, _input_flags(g))


def _input_flags(g):
    """Input arrays (and views of them) hold small multiples of 1/4 (sums exact in any
    order) until a store puts other values in one: then no array is assumed dyadic (a
    view's reads included: `norm(a[...])` after `a[i] = norm(a)` in a loop, seed 8080)."""
    return {"small"} if g.stored else {"dyadic", "small"}


def _scalar_for(g, d, dtype):
    """A scalar operand for an array of ``dtype``: NumPy raises for a Python int
    outside the array dtype's range (compiled code wraps it: documented), so ints are
    small literals; floats and bools are any expression."""
    k = kind_of(dtype)
    r = g.rng.random()
    if r < 0.45:
        lo = 0 if k in "ub" else -5
        return E(str(g.rng.randint(lo, 5)), "int")
    if r < 0.9:
        if g.chance(0.5):
            return E(float_lit_src(g.choice([0.5, 2.0, -1.5, 0.0, -0.0, 3.0, 0.25])),
                     "float")
        return g.e("float", d)
    return g.e("bool", d)


ARR_BINOPS = ["+", "-", "*", "/", "//", "%", "+", "-", "*"]


def _np_binop(op):
    import operator as o
    return {"+": o.add, "-": o.sub, "*": o.mul, "/": o.truediv, "//": o.floordiv,
            "%": o.mod, "**": o.pow, "&": o.and_, "|": o.or_, "^": o.xor,
            "<": o.lt, "<=": o.le, ">": o.gt, ">=": o.ge, "==": o.eq, "!=": o.ne}[op]


def _sample_scalar(e):
    return {"int": 2, "float": 1.5, "bool": True}[e.ty]


@rule("arr", 5)
def arr_binop(g, d, tag=None, kinds=None):
    a = g.arr(d, tag=tag)
    if a is None:
        return None
    op = g.choice(ARR_BINOPS + ["&", "|", "^", "**"])
    form = g.rng.random()
    if form < 0.5:
        b = g.arr(d, tag=a.ty.tag if a.ty.tag not in ("S", "B") and not a.ty.tag.startswith("B:")
                  else (tag or "S"))
        if b is None:
            return None
        t = combine(a.ty.tag, b.ty.tag)
        if t is None or not tag_ok(t, tag):
            return None
        if op == "**" and kind_of(b.ty.dtype) in "iub":
            return None  # int ** negative int arrays: NumPy raises
        dt = _np_result(lambda: _np_binop(op)(z(a.ty.dtype), z(b.ty.dtype)))
        src = f"({a.src} {op} {b.src})"
        ndim = max(a.ty.ndim, b.ty.ndim)
        fl = flags_of(a, b)
    else:
        if op == "**":
            s = E(g.choice(["2", "3", "0", "1", "0.5", "2.0"]), "int")
        else:
            s = _scalar_for(g, d, a.ty.dtype)
        sample = _sample_scalar(s) if op != "**" else eval(s.src)
        if form < 0.75 or op == "**":
            dt = _np_result(lambda: _np_binop(op)(z(a.ty.dtype), sample))
            src = f"({a.src} {op} {s.src})"
        else:
            dt = _np_result(lambda: _np_binop(op)(sample, z(a.ty.dtype)))
            src = f"({s.src} {op} {a.src})"
        t, ndim = a.ty.tag, a.ty.ndim
        fl = flags_of(a, s)
    if dt is None or not kind_ok(dt, kinds):
        return None
    fl = set(fl) - {"small"}
    if op not in ("+", "-", "*", "&", "|", "^"):
        fl.discard("dyadic")
    if op in ("**",) and kind_of(dt) == "f":
        fl.add("approx")  # NumPy's pow on arrays vs libm/libmvec
    return E(src, Arr(dt, ndim, t), fl)


@rule("arr", 2)
def arr_compare(g, d, tag=None, kinds=None):
    if not kind_ok("bool", kinds):
        return None
    a = g.arr(d, tag=tag)
    if a is None:
        return None
    op = g.choice(["<", "<=", ">", ">=", "==", "!="])
    if g.chance(0.5):
        b = g.arr(d, tag=a.ty.tag if not tag_ok(a.ty.tag, "S") else (tag or "S"))
        if b is None:
            return None
        t = combine(a.ty.tag, b.ty.tag)
        if t is None or not tag_ok(t, tag):
            return None
        return E(f"({a.src} {op} {b.src})", Arr("bool", max(a.ty.ndim, b.ty.ndim), t),
                 flags_of(a, b) - {"small"})
    s = _scalar_for(g, d, a.ty.dtype)
    return E(f"({a.src} {op} {s.src})", Arr("bool", a.ty.ndim, a.ty.tag),
             flags_of(a, s) - {"small"})


@rule("arr", 0.05, bugs=("chained-array-compare",))
def arr_chained_compare(g, d, tag=None, kinds=None):
    # issue 22: `0 < a < 1` on arrays is `(0 < a) and (a < 1)` in Python: ValueError for
    # more than one element (or none), the second comparison (or the first) for one
    # element; compiled code does the same since the eighteenth session (a compile error
    # before). A rare rule.
    if not kind_ok("bool", kinds):
        return None
    a = g.arr(d, tag=tag, kinds="iuf")
    if a is None:
        return None
    return E(f"(0 < {a.src} < 1)", Arr("bool", a.ty.ndim, a.ty.tag), flags_of(a) - {"small"})


@rule("arr", 1.5)
def arr_unary(g, d, tag=None, kinds=None):
    a = g.arr(d, tag=tag)
    if a is None:
        return None
    op = g.choice(["-", "~", "np.abs", "np.negative", "np.square", "+"])
    if op in ("-", "np.negative") and a.ty.dtype == "bool":
        return None
    if op == "~" and kind_of(a.ty.dtype) == "f":
        return None
    if op.startswith("np."):
        dt = _np_result(lambda: getattr(np, op[3:])(z(a.ty.dtype)))
        src = f"{op}({a.src})"
    else:
        dt = _np_result(lambda: eval(f"{op}x", {"x": z(a.ty.dtype)}))
        src = f"({op}{a.src})"
    if dt is None or not kind_ok(dt, kinds):
        return None
    fl = flags_of(a)
    if op == "np.square":
        fl = fl - {"small"}
    return E(src, Arr(dt, a.ty.ndim, a.ty.tag), fl)


UFUNC1_EXACT = ["sqrt", "floor", "ceil", "trunc", "fabs", "sign"]
UFUNC1_APPROX = ["exp", "log", "log2", "log10", "sin", "cos", "tan", "arcsin", "arccos",
                 "arctan", "sinh", "cosh", "tanh", "expm1", "log1p", "arcsinh",
                 "arccosh", "arctanh", "degrees", "radians"]


@rule("arr", 2)
def arr_ufunc1(g, d, tag=None, kinds=None):
    a = g.arr(d, tag=tag)
    if a is None:
        return None
    f = g.choice(UFUNC1_EXACT + UFUNC1_APPROX)
    dt = _np_result(lambda: getattr(np, f)(z(a.ty.dtype)))
    if dt is None or not kind_ok(dt, kinds) or kind_of(a.ty.dtype) != "f" and \
            f in ("floor", "ceil", "trunc", "rint", "sign", "fabs"):
        return None
    fl = set(flags_of(a)) - {"small", "dyadic"}
    if f in ("floor", "ceil", "trunc", "rint", "sign", "fabs"):
        fl |= {"dyadic"} & a.flags
    if f in UFUNC1_APPROX:
        fl.add("approx")
    return E(f"np.{f}({a.src})", Arr(dt, a.ty.ndim, a.ty.tag), fl)


@rule("arr", 1.5, bugs=("arctan2-small-int",))
def arr_ufunc2(g, d, tag=None, kinds=None):
    a = g.arr(d, tag=tag)
    if a is None:
        return None
    b = g.arr(d, tag=a.ty.tag if not tag_ok(a.ty.tag, "S") else (tag or "S"))
    if b is None:
        return None
    t = combine(a.ty.tag, b.ty.tag)
    if t is None or not tag_ok(t, tag):
        return None
    f = g.choice(["minimum", "maximum", "fmin", "fmax", "copysign", "fmod", "arctan2",
                  "hypot", "add", "multiply", "floor_divide", "remainder", "power"])
    if f == "power" and kind_of(b.ty.dtype) in "iub":
        return None
    dt = _np_result(lambda: getattr(np, f)(z(a.ty.dtype), z(b.ty.dtype)))
    if dt is None or not kind_ok(dt, kinds):
        return None
    fl = set(flags_of(a, b)) - {"small"}
    if f not in ("minimum", "maximum", "fmin", "fmax", "copysign", "add", "multiply"):
        fl.discard("dyadic")
    if f in ("arctan2", "hypot", "power"):
        fl.add("approx")
    return E(f"np.{f}({a.src}, {b.src})", Arr(dt, max(a.ty.ndim, b.ty.ndim), t), fl)


@rule("arr", 1)
def arr_where(g, d, tag=None, kinds=None):
    c = g.arr(d, tag=tag, kinds="b")
    if c is None:
        return None
    a = g.arr(d, tag=c.ty.tag if not tag_ok(c.ty.tag, "S") else (tag or "S"))
    if a is None:
        return None
    t = combine(c.ty.tag, a.ty.tag)
    if t is None or not tag_ok(t, tag):
        return None
    if g.chance(0.5):
        b = g.arr(d, tag=a.ty.tag if not tag_ok(a.ty.tag, "S") else (tag or "S"))
        if b is None:
            return None
        t = combine(t, b.ty.tag)
        if t is None or not tag_ok(t, tag):
            return None
        bs, bdt, bnd = b.src, b.ty.dtype, b.ty.ndim
        fl = flags_of(c, a, b)
    else:
        s = _scalar_for(g, d, a.ty.dtype)
        bs, bdt, bnd = s.src, _sample_scalar(s), 0
        fl = flags_of(c, a, s)
    dt = _np_result(lambda: np.where(z("bool"), z(a.ty.dtype),
                                     z(bdt) if isinstance(bdt, str) else bdt))
    if dt is None or not kind_ok(dt, kinds):
        return None
    nd = max(c.ty.ndim, a.ty.ndim, bnd)
    return E(f"np.where({c.src}, {a.src}, {bs})", Arr(dt, nd, t), set(fl) - {"small"})


SLICES = ["1:", ":-1", "::-1", "::2", "1::2", "-2:", "::-2", "2:1", ":", "1:-1", "::3"]


# --- the library written in Python (python/ferrojit/_lib) ---------------------------

@rule("arr", 0.8)
def arr_clip(g, d, tag=None, kinds=None):
    a = g.arr(d, tag=tag, kinds="iuf")
    if a is None:
        return None
    lo, hi = _scalar_for(g, d, a.ty.dtype), _scalar_for(g, d, a.ty.dtype)
    if lo.ty == "bool" or hi.ty == "bool":
        return None
    lo_s = "None" if g.chance(0.15) else lo.src
    hi_s = "None" if lo_s != "None" and g.chance(0.15) else hi.src
    dt = _np_result(lambda: np.clip(z(a.ty.dtype), _sample_scalar(lo) if lo_s != "None" else None,
                                    _sample_scalar(hi) if hi_s != "None" else None))
    if dt is None or not kind_ok(dt, kinds):
        return None
    return E(f"np.clip({a.src}, {lo_s}, {hi_s})", Arr(dt, a.ty.ndim, a.ty.tag), flags_of(a, lo, hi) - {"small"})


@rule("arr", 0.6)
def arr_diff(g, d, tag=None, kinds=None):
    # only arrays named by a variable: the result has a derived shape of its own
    vs = g.vars_of(lambda t: isinstance(t, Arr) and t.tag == "S" and t.ndim in (1, 2) and kind_ok(t.dtype, kinds))
    if not vs:
        return None
    n, t = g.choice(vs)
    k = g.choice([1, 1, 2, 0])
    newtag = f"S[diff{k}]"
    if not tag_ok(newtag, tag):
        return None
    call = f"np.diff({n})" if k == 1 else f"np.diff({n}, {k})"
    return E(call, Arr(t.dtype, t.ndim, newtag), {"dyadic"})


@rule("bool", 0.5)
def bool_allclose(g, d):
    a = g.arr(d, kinds="iuf")
    if a is None:
        return None
    b = g.arr(d, tag=a.ty.tag if not tag_ok(a.ty.tag, "S") else "S", kinds="iuf")
    if b is None or combine(a.ty.tag, b.ty.tag) is None:
        return None
    f = g.choice(["np.allclose", "bool(np.all(np.isclose"])
    if f == "np.allclose":
        return E(f"np.allclose({a.src}, {b.src})", "bool")
    return E(f"bool(np.all(np.isclose({a.src}, {b.src})))", "bool")


@rule("float", 0.5)
def float_trace_norm(g, d):
    a = g.arr(d, kinds="if")
    if a is None:
        return None
    if kind_of(a.ty.dtype) == "f" and "dyadic" not in a.flags:
        return None  # a float sum of arbitrary values: its order decides (see float_reduce)
    if a.ty.ndim == 2 and g.chance(0.5):
        return E(f"float(np.trace({a.src}))", "float")
    if a.ty.dtype == "float32":
        return None  # (its norm's last float32 bit is the BLAS kernel's: see below)
    # squares of multiples of 1/4 sum exactly in any order; sqrt is correctly rounded.
    # (But a statement before may have scaled the array in place by a value that is not
    # dyadic: NumPy's norm is a BLAS dot product, whose summation order is the BLAS
    # kernel's for the CPU, so the norm is compared within a few ulp.)
    return E(f"float(np.linalg.norm({a.src}))", "float", {"approx"})


@rule("arr", 0.4)
def arr_linspace(g, d, tag=None, kinds=None):
    if not kind_ok("float64", kinds):
        return None
    n = g.rng.randint(0, 6)
    newtag = f"L{n}"
    if not tag_ok(newtag, tag):
        return None
    end = g.choice(["True", "False"])
    return E(f"np.linspace({g.float(d)}, {g.num(d).src}, {n}, endpoint={end})", Arr("float64", 1, newtag), set())



@rule("arr", 2)
def arr_slice(g, d, tag=None, kinds=None):
    # only arrays named by a variable (the tag must name one shape)
    vs = g.vars_of(lambda t: isinstance(t, Arr) and t.tag == "S" and kind_ok(t.dtype, kinds))
    if not vs:
        return None
    n, t = g.choice(vs)
    sls = [g.choice(SLICES) for _ in range(t.ndim if g.chance(0.6) else 1)]
    newtag = f"S[{','.join(sls)}]"
    if all(s == ":" for s in sls):
        newtag = "S"
    if not tag_ok(newtag, tag):
        return None
    return E(f"{n}[{', '.join(sls)}]", Arr(t.dtype, t.ndim, newtag), _input_flags(g))


@rule("arr", 0.7, bugs=("empty-tuple-index",))
def arr_odd_index(g, d, tag=None, kinds=None):
    # issue 22: a[()] and a[...] are the whole array (a view)
    vs = g.vars_of(lambda t: isinstance(t, Arr) and tag_ok(t.tag, tag) and kind_ok(t.dtype, kinds))
    if not vs:
        return None
    n, t = g.choice(vs)
    ix = g.choice(["()", "...", "()", ":"])
    return E(f"{n}[{ix}]", t, _input_flags(g))


@rule("arr", 1)
def arr_row(g, d, tag=None, kinds=None):
    vs = g.vars_of(lambda t: isinstance(t, Arr) and t.ndim == 2 and t.tag == "S"
                   and kind_ok(t.dtype, kinds))
    if not vs:
        return None
    n, t = g.choice(vs)
    # (a row or a column whose index may be out of range in oob programs: the view is
    # checked when it is taken, `a[5]` of a 2-D array raises IndexError for axis 0)
    bad = g.oob and g.chance(OOB_SITE)
    if g.chance(0.5):
        if not tag_ok("B", tag):
            return None
        if bad:
            g.used.add("oob_row")
            return E(f"{n}[{oob_index(g, n, 0, d)}]", Arr(t.dtype, 1, "B"), _input_flags(g))
        return E(f"{n}[{g.int(d)} % {n}.shape[0]]", Arr(t.dtype, 1, "B"), _input_flags(g))
    if not tag_ok("S/col", tag):
        return None
    if bad:
        g.used.add("oob_row")
        return E(f"{n}[:, {oob_index(g, n, 1, d)}]", Arr(t.dtype, 1, "S/col"), _input_flags(g))
    return E(f"{n}[:, {g.int(d)} % {n}.shape[1]]", Arr(t.dtype, 1, "S/col"), _input_flags(g))


@rule("arr", 1)
def arr_axis_reduce(g, d, tag=None, kinds=None):
    vs = g.vars_of(lambda t: isinstance(t, Arr) and t.ndim == 2 and t.tag == "S")
    if not vs:
        return None
    n, t = g.choice(vs)
    f = g.choice(["sum", "prod", "min", "max", "mean", "any", "all", "argmin", "argmax",
                  "cumsum"])
    ax = g.choice([0, 1, -1])
    newtag = "B" if ax == 0 else "S/col"
    if f == "cumsum":
        newtag = "S"
    if not tag_ok(newtag, tag):
        return None
    dt = _np_result(lambda: getattr(np, f)(np.ones((2, 2), t.dtype), axis=ax))
    if dt is None or not kind_ok(dt, kinds):
        return None
    fl = set()
    if kind_of(dt) == "f" and f in ("mean", "prod"):
        fl.add("approx")
    if kind_of(dt) == "f" and f in ("sum", "cumsum"):
        fl.add("dyadic")
    src = f"np.{f}({n}, axis={ax})" if g.chance(0.5) else f"{n}.{f}(axis={ax})"
    if f == "cumsum":
        src = f"np.cumsum({n}, axis={ax})"
    return E(src, Arr(dt, 1 if f != "cumsum" else 2, newtag), fl)


@rule("arr", 1)
def arr_create(g, d, tag=None, kinds=None):
    vs = g.vars_of(lambda t: isinstance(t, Arr) and t.tag == "S")
    if not vs or not tag_ok("S", tag):
        return None
    n, t = g.choice(vs)
    f = g.choice(["zeros", "ones", "full", "zeros_like", "ones_like", "full_like", "copy"])
    dt = g.choice(["np.float64", "np.int64", "np.uint8", "np.float32", "np.int32",
                   "np.bool_", "float", "int", "bool"]) if f != "copy" else None
    real = {"float": "float64", "int": "int64", "bool": "bool"}.get(dt, (dt or "")[3:]
                                                                    .replace("bool_", "bool"))
    if f in ("zeros", "ones"):
        src = f"np.{f}({n}.shape, {dt})" if g.chance(0.5) else f"np.{f}({n}.shape, dtype={dt})"
    elif f == "full":
        v = _scalar_for(g, d, real)
        src = f"np.full({n}.shape, {v.src}, {dt})"
    elif f in ("zeros_like", "ones_like"):
        if g.chance(0.5):
            src, real = f"np.{f}({n})", t.dtype
        else:
            src = f"np.{f}({n}, dtype={dt})"
    elif f == "full_like":
        v = _scalar_for(g, d, t.dtype)
        src, real = f"np.full_like({n}, {v.src})", t.dtype
    else:
        src, real = (f"{n}.copy()" if g.chance(0.5) else f"np.copy({n})"), t.dtype
    if not kind_ok(real, kinds):
        return None
    return E(src, Arr(real, t.ndim, "S"), {"dyadic", "small"})


@rule("arr", 0.7)
def arr_shape_ops(g, d, tag=None, kinds=None):
    vs = g.vars_of(lambda t: isinstance(t, Arr) and t.tag == "S" and kind_ok(t.dtype, kinds))
    if not vs:
        return None
    n, t = g.choice(vs)
    f = g.choice(["ravel", "T", "sort", "flatten", "cumsum", "reshape"])
    if f == "T":
        nt = "S.T" if t.ndim == 2 else "S"
        nd = t.ndim
        src = f"{n}.T"
    elif f == "sort":
        nt, nd, src = "S", t.ndim, f"np.sort({n})"
    elif f == "reshape":
        nt, nd, src = "S.flat", 1, f"{n}.reshape(-1)"
    elif f == "cumsum":
        if t.dtype == "bool" or kind_of(t.dtype) in "u":
            return None
        nt, nd, src = "S.flat", 1, f"np.cumsum({n})"
        if t.dtype not in ("int64", "float64"):
            return None
    else:
        nt, nd, src = "S.flat", 1, f"{n}.{f}()"
    if t.ndim == 1 and nt == "S.flat":
        nt = "S"
    if not tag_ok(nt, tag):
        return None
    return E(src, Arr(t.dtype, nd, nt), {"dyadic", "small"} if f != "cumsum" else {"dyadic"})


# ---------------------------------------------------------------------------
# NumPy scalars (only in the final return: their rules differ from Python's)
# ---------------------------------------------------------------------------


@rule("npscalar", 1)
def np_elem_arith(g, d):
    """``a[i] op b[j]`` / ``a[i] op 3`` / ``np.min(a) op x``: NumPy scalar arithmetic
    (NEP 50 promotion, wrap-around, inf/nan or 0 for division by zero, OverflowError
    for a Python int outside the dtype)."""
    arrs = g.vars_of(lambda t: isinstance(t, Arr) and t.dtype != "bool")
    if not arrs:
        return None

    def operand():
        n, t = g.choice(arrs)
        r = g.rng.random()
        if r < 0.6:
            return f"{n}[{g.index(n, t, d)}]"
        if r < 0.8:
            return f"{g.choice(['np.min', 'np.max', 'np.sum'])}({n})"
        return g.num(d).src
    ops = ["+", "-", "*", "/", "//", "%", "<", "=="]
    if "npscalar-zero-division" in g.skip_bugs:
        ops = ["+", "-", "*", "<", "=="]  # known bug: see test_fuzz_sample.KNOWN_BUGS
    op = g.choice(ops)
    return E(f"({operand()} {op} {operand()})", "npscalar")


# ---------------------------------------------------------------------------
# statements
# ---------------------------------------------------------------------------


class Block:
    """Collects indented lines; restores the scope afterwards."""


def indent(lines, n=1):
    return ["    " * n + ln for ln in lines]


@rule("stmt", 6)
def stmt_assign(g, d):
    kind = g.choice(["int", "float", "float", "bool", "arr", "arr"])
    name = g.fresh()
    if kind == "arr":
        a = g.arr(d)
        if a is None:
            return None
        g.scope.append((name, a.ty))
        return [f"{name} = {a.src}"]
    e = g.e(kind, d)
    g.scope.append((name, kind))
    g.assignable.add(name)
    return [f"{name} = {e.src}"]


@rule("stmt", 0.6)
def stmt_lambda(g, d):
    """An inner function or a lambda that reads variables of the enclosing function,
    called at once and perhaps again after one of them changed (issue 13)."""
    # (the parameter's name is not `pN`: a helper's parameters are p0, p1, ...)
    fname, pv, name = g.fresh("fn"), g.fresh("q"), g.fresh()
    arg_kind, kind = g.choice(["int", "float"]), g.choice(["int", "float", "float", "bool"])
    g.scope.append((pv, arg_kind))
    g.in_closure = True
    body = g.e(kind, d)
    g.in_closure = False
    g.scope.pop()
    arg = g.e(arg_kind, d)
    reads = set(_NAME.findall(body.src))
    if reads & g.deleted:
        # (a name `del`eted on some path, read by an inner function: not generated)
        return None
    g.captured |= reads  # (never `del`eted afterwards)
    g.used.add("lambda")
    if g.chance(0.5):
        lines = [f"{fname} = lambda {pv}: {body.src}"]
    else:
        lines = [f"def {fname}({pv}):", f"    return {body.src}"]
    lines.append(f"{name} = {fname}({arg.src})")
    vs = [n for n, t in g.scope if n in g.assignable and t in ("int", "float")]
    if vs and g.chance(0.4):
        # a captured variable changes, and the next call sees the new value
        v = g.choice(vs)
        lines += [f"{v} += 1", f"{name} = {name} + {fname}({arg.src})" if kind != "bool" else f"{name} = {fname}({arg.src})"]
    g.scope.append((name, kind if kind != "bool" or len(lines) < 4 else "bool"))
    g.assignable.add(name)
    return lines


@rule("stmt", 3)
def stmt_augassign(g, d):
    vs = [(n, t) for n, t in g.scope if n in g.assignable and t in ("int", "float")]
    if not vs:
        return None
    n, t = g.choice(vs)
    if t == "int":
        op = g.choice(["+", "-", "*", "//", "%", "&", "|", "^", "+", "-"])
        return [f"{n} {op}= {g.int(d)}"]
    op = g.choice(["+", "-", "*", "/", "+", "-", "*", "//", "%"])
    return [f"{n} {op}= {g.num(d).src}"]


@rule("stmt", 2)
def stmt_reassign(g, d):
    vs = [(n, t) for n, t in g.scope if n in g.assignable and t in ("int", "float", "bool")]
    if not vs:
        return None
    n, t = g.choice(vs)
    return [f"{n} = {g.e(t, d).src}"]


@rule("stmt", 1)
def stmt_swap(g, d):
    for t in ("int", "float", "bool"):
        vs = [n for n, tt in g.scope if n in g.assignable and tt == t]
        if len(vs) >= 2:
            a, b = g.rng.sample(vs, 2)
            return [f"{a}, {b} = {b}, {a}"]
    return None


@rule("stmt", 1)
def stmt_tuple(g, d):
    kinds = tuple(g.choice(["int", "float", "bool"]) for _ in range(g.rng.randint(2, 3)))
    name = g.fresh("t")
    lines = [f"{name} = ({', '.join(g.e(k, d).src for k in kinds)})"]
    g.scope.append((name, ("tuple", kinds)))
    if g.chance(0.5):
        names = [g.fresh() for _ in kinds]
        lines.append(f"{', '.join(names)} = {name}")
        for n, k in zip(names, kinds):
            g.scope.append((n, k))
            g.assignable.add(n)
    return lines


def block(g, d, n=None):
    """A nested block of statements (its new variables go out of scope after it)."""
    saved = len(g.scope)
    saved_start, g.block_start = g.block_start, saved
    g.blocks += 1
    saved_id, g.block_id = g.block_id, g.blocks
    lines = []
    for _ in range(n if n is not None else g.rng.randint(1, 3)):
        s = g.pick("stmt", d)
        if s:
            lines += s
    del g.scope[saved:]
    g.block_start = saved_start
    g.dead_loop_vars = [(n, b) for n, b in g.dead_loop_vars if b != g.block_id]
    g.block_id = saved_id
    return indent(lines or ["pass"])


def _rebind_value(g, d, old):
    """An expression of another type than ``old`` (a scalar kind or an Arr)."""
    kinds = [k for k in ("int", "float", "bool", "arr") if k != old]
    if isinstance(old, Arr):
        kinds = ["int", "float", "bool"]
    kind = g.choice(kinds)
    if kind == "arr":
        a = g.arr(d)
        return None if a is None else (a.src, a.ty)
    return g.e(kind, d).src, kind


@rule("stmt", 1.5)
def stmt_rebind(g, d):
    """A name of this block rebound to a value of another type (`x = 1` ... `x = arr`):
    each assignment is its own definition, as in CPython."""
    if g.try_ok and "try-rebind" in g.skip_bugs:
        return None  # (a function with a try statement: see TRY_REBIND)
    if g.gctx is not None and GEN_REBIND in g.skip_bugs:
        return None  # (a generator's body: see GEN_REBIND)
    mine = [(i, n, t) for i, (n, t) in enumerate(g.scope)
            if i >= g.block_start and (t in ("int", "float", "bool") or isinstance(t, Arr))]
    if not mine:
        return None
    i, n, t = g.choice(mine)
    new = _rebind_value(g, d, t)
    if new is None:
        return None
    src, ty = new
    g.scope[i] = (n, ty)
    if isinstance(ty, Arr):
        g.assignable.discard(n)
    else:
        g.assignable.add(n)
    return [f"{n} = {src}"]


@rule("stmt", 0.8)
def stmt_reuse_loop_var(g, d):
    """The name of a finished `for` loop's variable (an int) reused for another type."""
    if g.try_ok and "try-rebind" in g.skip_bugs:
        return None  # (a function with a try statement: see TRY_REBIND)
    if g.gctx is not None and GEN_REBIND in g.skip_bugs:
        return None  # (a generator's body: see GEN_REBIND)
    dead = [n for n, b in g.dead_loop_vars if b == g.block_id and all(n != m for m, _ in g.scope)]
    if not dead:
        return None
    n = g.choice(dead)
    new = _rebind_value(g, d, "int")
    if new is None:
        return None
    src, ty = new
    g.dead_loop_vars = [(m, b) for m, b in g.dead_loop_vars if m != n]
    g.scope.append((n, ty))
    if not isinstance(ty, Arr):
        g.assignable.add(n)
    return [f"{n} = {src}"]


@rule("stmt", 2)
def stmt_if(g, d):
    if d > MAX_DEPTH:
        return None
    lines = [f"if {g.bool(d)}:"] + block(g, d)
    for _ in range(g.rng.randint(0, 2)):
        lines += [f"elif {g.bool(d)}:"] + block(g, d)
    if g.chance(0.5):
        lines += ["else:"] + block(g, d)
    return lines


@rule("stmt", 1.5)
def stmt_for(g, d):
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    i = g.fresh("i")
    r = g.rng.random()
    arrs = g.vars_of(lambda t: isinstance(t, Arr))
    if r < 0.3 and arrs:
        rng = f"range(len({g.choice(arrs)[0]}))"
    elif r < 0.6:
        rng = f"range({g.rng.randint(0, 6)})"
    elif r < 0.8:
        rng = f"range({g.rng.randint(-3, 3)}, {g.rng.randint(-3, 6)}, {g.choice([1, 2, -1, -2, 3])})"
    else:
        rng = f"range({g.int(d)} % 7)"
    g.loop_depth += 1
    g.scope.append((i, "int"))
    body = block(g, d)
    g.scope.pop()
    g.loop_depth -= 1
    g.dead_loop_vars.append((i, g.block_id))
    return [f"for {i} in {rng}:"] + body + loop_else(g, d)


@rule("stmt", 0.8)
def stmt_for_builtins(g, d):
    """`for` over enumerate / zip / reversed of ranges and arrays (issue 13); only the
    int counters join the scope (array items are left unused)."""
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    def a_range():
        r = g.rng.random()
        if r < 0.4:
            return f"range({g.rng.randint(0, 6)})"
        if r < 0.8:
            return f"range({g.rng.randint(-3, 3)}, {g.rng.randint(-3, 6)}, {g.choice([1, 2, -1, -2, 3])})"
        return f"range({g.int(d)} % 7)"
    arrs = [n for n, t in g.vars_of(lambda t: isinstance(t, Arr))]
    i, j = g.fresh("i"), g.fresh("i")
    r = g.rng.random()
    if r < 0.3:
        start = g.choice(["", f", {g.rng.randint(-3, 3)}", f", start={g.rng.randint(-3, 3)}"])
        head, names = f"for {i}, {j} in enumerate({a_range()}{start}):", [i, j]
    elif r < 0.45 and arrs:
        head, names = f"for {i}, _item in enumerate({g.choice(arrs)}):", [i]
    elif r < 0.7:
        args = [a_range(), a_range()] + ([a_range()] if g.chance(0.3) else [])
        targets = [i, j] + ["_u1"] * (len(args) - 2)
        head, names = f"for {', '.join(targets)} in zip({', '.join(args)}):", [i, j]
    elif r < 0.8 and arrs:
        head, names = f"for {i}, _item in zip({a_range()}, {g.choice(arrs)}):", [i]
    else:
        inner = g.choice(arrs) if arrs and g.chance(0.3) else a_range()
        name = i if inner.startswith("range") else "_item"
        head, names = f"for {name} in reversed({inner}):", [i] if name == i else []
    g.used.add("for_builtins")
    g.loop_depth += 1
    for n in names:
        g.scope.append((n, "int"))
    body = block(g, d)
    for _ in names:
        g.scope.pop()
    g.loop_depth -= 1
    for n in names:
        g.dead_loop_vars.append((n, g.block_id))
    return [head] + body + loop_else(g, d)


# ---------------------------------------------------------------------------
# out-of-range indices (bounds checks on by default: issue 23)
# ---------------------------------------------------------------------------
# Compiled code checks every integer index of an array unless the function is compiled
# with boundscheck=False: an index out of range raises IndexError with NumPy's message
# ("index 3 is out of bounds for axis 0 with size 3"; of `a[i, j]`, the first axis out
# of range), as CPython+NumPy running the same program does; the harness compares the
# escaping exception's type and message (and the argument arrays: the stores before it
# stay). BOUNDSCHECK_OFF of the programs are compiled with {"boundscheck": False}
# (decided like complex programs, without a draw from ``rng``: boundscheck_program):
# reading out of range is then undefined behaviour, and every index the generator writes
# is provably in range (`e % a.shape[k]`, ZeroDivisionError on an empty axis in both;
# `int(e) % ...` where e may be a NumPy int, whose `% 0` is 0). The others have the
# checks on: the default options, or {"boundscheck": True} (the same) in
# BOUNDSCHECK_TRUE of them (TRY_BOUNDSCHECK of try programs). Of those, OOB_SHARE
# (``g.oob``, decided the same way; all kinds: try, lists, complex...) may index out of
# range on some inputs:
#
# * ``Gen.index`` (element reads `a[i]` / `a[i, j]` in every scalar rule, stores `a[i] =
#   v` / `a[i, j] = v` into the program's own arrays and its array arguments, `a[i] op=
#   v`, complex arrays, NumPy-scalar operands): OOB_SITE of the indices have one axis (a
#   quarter of 2-D ones both) from ``oob_index``: a literal beyond the length (`5`, `-4`),
#   the length itself or one before the start (`a.shape[0]`, `-len(a) - 1`), a value
#   computed at run time (`n % 7 - 3`, `n % (a.shape[1] + 1)`, `n % (a.shape[0] + 2) -
#   1`, an int variable such as a loop counter, any int: `int(x0 * 3)`, huge ones
#   included);
# * ``arr_row``: a row view `a[i]` or a column `a[:, j]` of a 2-D array by such an index
#   (the view is checked when it is taken);
# * ``stmt_oob_loop``: a loop whose counter runs past the end (`for i in
#   range(a.shape[0] + 1)`, `range(len(a) + n % 2)`, `range(n % 7)`, down from
#   `a.shape[1]`, up from `-a.shape[0] - n % 2`) reading `a[i]` (`a[i, j % a.shape[1]]`,
#   a row `a[i]` into a local), storing into it or updating it in place, first in the body
#   (sometimes after `if c: break`) or after the body's statements;
# * try programs (oob ones, and those compiled with boundscheck=True: TRY_BOUNDSCHECK):
#   `_risky`'s element read `a0[7]` / `a0[n % 5, -3]` in a try body.
#
# Most programs still run to the end (10-15% of the programs, 25-30% of the oob ones,
# raise an escaping IndexError in CPython on one of their 3 inputs), so the other rules
# keep being explored. The programs that are not oob ones are exactly those the
# generator made before (their options aside). ``FERROJIT_FUZZ_FORCE=oob`` makes every
# program an oob one; ``--skip-bug oob`` none.
BOUNDSCHECK_OFF = 0.15
BOUNDSCHECK_TRUE = 0.2
OOB_SHARE = 0.5
OOB_SITE = 0.35
OOB = "oob"
#: Fixed in the eleventh session (found by these rules): an element store `a[i] = v`
#: whose index is out of range and whose value does not convert to the array's dtype
#: (`300` into uint8, `inf`/`nan` into an int dtype) raised the conversion's
#: OverflowError/ValueError, where NumPy checks the index first (IndexError); the store
#: now converts after its index check (test_boundscheck.py has the cases). The tag stays
#: for bisecting: ``--skip-bug oob-store-order`` keeps stores' indices (`stmt_store`,
#: `stmt_oob_loop`) in range; `a[i] op= v` (the read raises first) and reads stay.
OOB_STORE_ORDER = "oob-store-order"


def boundscheck_program(rng):
    """(checks, oob) for the program about to be drawn from ``rng``: whether it is
    compiled with bounds checks (not boundscheck=False) and, if so, whether its indices
    may be out of range (like ``complex_program``: no draw from ``rng``, so the programs
    that are not oob ones are those the generator made before)."""
    r = random.Random("boundscheck" + repr(rng.getstate()[1][:16]))
    checks = r.random() >= BOUNDSCHECK_OFF
    oob = r.random() < OOB_SHARE
    return checks, checks and oob


def oob_index(g, name, ax, d):
    """An index of axis ``ax`` of array ``name`` that may be out of range (on some
    inputs, or on all)."""
    sz = f"len({name})" if ax == 0 and g.chance(0.3) else f"{name}.shape[{ax}]"

    def e():
        x = g.int(d)
        return f"int({x})" if g.np_ints() else x
    r = g.rng.random()
    if r < 0.25:
        return int_lit_src(g.rng.randint(-7, 7))
    if r < 0.4:
        return f"{e()} % 7 - 3"
    if r < 0.5:
        return f"{e()} % ({sz} + 1)"
    if r < 0.6:
        return f"{e()} % ({sz} + 2) - 1"
    if r < 0.7:
        return g.choice([f"{sz}", f"{sz} + 1", f"{sz} - 1", f"-{sz}", f"-{sz} - 1"])
    if r < 0.85:
        ints = [n for n, t in g.scope if t == "int"]
        if ints:
            v = g.choice(ints)
            return f"int({v})" if g.np_ints() else v
    return f"int({g.int(d)})"


@rule("stmt", 2, bugs=("oob",))
def stmt_oob_loop(g, d):
    """A loop whose counter runs past the end of an array it indexes (oob programs)."""
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    arrs = g.vars_of(lambda t: isinstance(t, Arr))
    if not arrs:
        return None
    n, t = g.choice(arrs)
    acts = ["read", "read"] if t.dtype != "uint64" else []
    if t.tag == "S":  # (the arrays stores go into: _writable_arrays)
        acts += (["store", "store"] if OOB_STORE_ORDER not in g.skip_bugs else []) + \
            (["aug"] if t.dtype != "bool" else []) + (["row"] if t.ndim == 2 else [])
    if not acts:
        return None
    act = g.choice(acts)
    ax = 0 if t.ndim == 1 or act == "row" or g.chance(0.6) else 1
    sz = f"len({n})" if ax == 0 and g.chance(0.3) else f"{n}.shape[{ax}]"
    i = g.fresh("i")
    r = g.rng.random()
    if r < 0.35:
        rng = f"range({sz} + 1)"
    elif r < 0.55:
        rng = f"range({sz} + {g.int(d)} % 2)"
    elif r < 0.7:
        rng = f"range({g.int(d)} % 7)"
    elif r < 0.85:
        rng = f"range({sz}, -1, -1)"
    else:
        rng = f"range(-{sz} - {g.int(d)} % 2, {sz})"
    saved = len(g.scope)
    g.loop_depth += 1
    g.scope.append((i, "int"))
    # (`if c: break` first; the access first in the body, where a value it reads
    # is in the scope of the statements after it, or last)
    head = [f"if {g.bool(d)}:", "    break"] if g.chance(0.3) else []
    first = g.chance(0.7)
    rest = [] if first else block(g, d)

    def access():
        ix = ", ".join(i if k == ax else g.safe_index(n, k, d) for k in range(t.ndim))
        if act in ("read", "row"):
            v = g.fresh()
            if act == "read":
                kind = scalar_kind(t.dtype)
                g.assignable.add(v)
                src = f"{v} = {kind}({n}[{ix}])"
            else:
                kind = Arr(t.dtype, 1, "B")
                src = f"{v} = {n}[{i}]"
            g.scope.append((v, kind))  # (after its value)
            return src
        g.stored = True
        if act == "store":
            return f"{n}[{ix}] = {g.e(g.choice(['int', 'float', 'float', 'bool']), d).src}"
        op = g.choice(["+", "-", "*"])
        val = g.num(d).src if kind_of(t.dtype) == "f" else g.int(d)
        return f"{n}[{ix}] {op}= {val}"
    if first:
        line = access()
        body = indent(head + [line]) + block(g, d)
    else:
        body = indent(head) + rest + indent([access()])
    del g.scope[saved:]
    g.loop_depth -= 1
    g.dead_loop_vars.append((i, g.block_id))
    g.used.add("oob_loop")
    return [f"for {i} in {rng}:"] + body


@rule("stmt", 0.5)
def stmt_print(g, d):
    """`print(...)` of scalars in scope and string constants (issue 13); the harness
    compares what both print."""
    vs = [n for n, t in g.scope if t in ("int", "float", "bool")]
    parts = [g.choice(vs) if vs and g.chance(0.7) else repr(g.choice(["v", "=", "", "x y"]))
             for _ in range(g.rng.randint(0, 3))]
    parts += g.choice([[], ["sep=''"], ["end=';'"], ["sep=', '", "end='!\\n'"]])
    g.used.add("print")
    return [f"print({', '.join(parts)})"]


def loop_else(g, d):
    """Sometimes an `else:` block (runs when the loop ends without `break`; a `break`
    in it belongs to the enclosing loop)."""
    if not g.chance(0.25):
        return []
    g.used.add("loop_else")
    return ["else:"] + block(g, d)


@rule("stmt", 1)
def stmt_while(g, d):
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    k = g.fresh("_k")
    g.loop_depth += 1
    cond = g.bool(d)
    body = block(g, d)
    g.loop_depth -= 1
    return [f"{k} = 0", f"while {k} < {g.rng.randint(1, 6)} and {cond}:",
            f"    {k} += 1"] + body + loop_else(g, d)


@rule("stmt", 1.5)
def stmt_break_continue(g, d):
    if g.loop_depth == 0 or g.loop_depth <= g.finally_loop:
        # (no break/continue out of a finally block: not supported by compiled code)
        return None
    if g.loop_depth <= g.fin_loop and FINALLY_JUMP in g.skip_bugs:
        return None  # (across a try's finally: see FINALLY_JUMP)
    return [f"if {g.bool(d)}:", "    " + g.choice(["break", "continue"])]


@rule("stmt", 0.7)
def stmt_early_return(g, d):
    # (returns may give different strings: a function whose returns give different ones
    # returns a run-time string; a return inside a try with a finally leaves through the
    # finally, but none inside the finally block itself: `g.no_return`)
    if g.ret_kinds is None or any(k in ("arr", "npscalar") for k in g.ret_kinds) \
            or d < 2 or g.no_return:
        return None
    vals = ["trace" if k == "trace" else REUSE_SLOT if k == "reuse" else
            PRANGE_SLOT if k == "prange" else _ret_src(g, k, d) for k in g.ret_kinds]
    return [f"if {g.bool(d)}:", f"    return {', '.join(vals)}"]


def _writable_arrays(g, pred=lambda t: True):
    vs = g.vars_of(lambda t: isinstance(t, Arr) and t.tag == "S" and pred(t))
    if vs:
        g.stored = True  # (conservative: the rule may still give up)
    return vs


@rule("stmt", 2.5, bugs=("float-to-int-store",))
def stmt_store(g, d):
    # issue 22: floats stored into int arrays follow NumPy's astype (wraps), and the
    # right-hand side is evaluated before the index (`a[i % j] = 1.0 / x`).
    vs = _writable_arrays(g)
    if not vs:
        return None
    n, t = g.choice(vs)
    v = g.e(g.choice(["int", "float", "float", "bool"]), d)
    return [f"{n}[{g.index(n, t, d, store=True)}] = {v.src}"]


def _augstore(g, d, ops_f, ops_i):
    vs = _writable_arrays(g, lambda t: t.dtype != "bool")
    if not vs:
        return None
    n, t = g.choice(vs)
    if kind_of(t.dtype) == "f":
        op, v = g.choice(ops_f), g.num(d).src
    else:
        op, v = g.choice(ops_i), g.int(d)
    return [f"{n}[{g.index(n, t, d)}] {op}= {v}"]


@rule("stmt", 0.8)
def stmt_augstore(g, d):
    return _augstore(g, d, ["+", "-", "*"], ["+", "-", "*"])


@rule("stmt", 0.4, bugs=("augstore-zero-division",))
def stmt_augstore_div(g, d):
    # `a[i] //= 0`: NumPy's scalar rules give 0 (inf/nan for floats), no exception
    return _augstore(g, d, ["/", "//", "%"], ["//", "%"])


@rule("stmt", 1.5)
def stmt_slice_store(g, d):
    vs = _writable_arrays(g)
    if not vs:
        return None
    n, t = g.choice(vs)
    r = g.rng.random()
    if r < 0.4:
        a = g.arr(d, tag="S")
        if a is None or a.ty.ndim > t.ndim:
            return None
        if kind_of(a.ty.dtype) == "f" and kind_of(t.dtype) != "f":
            pass  # float arrays stored into int arrays: NumPy's unsafe cast
        return [f"{n}[{g.choice([':', '...'])}] = {a.src}"]
    if r < 0.7:
        v = g.e(g.choice(["int", "float", "bool"]) if kind_of(t.dtype) == "f" else
                g.choice(["float", "bool"]), d)
        if kind_of(t.dtype) in "iu" and v.ty == "int":
            return None
        return [f"{n}[{g.choice(SLICES)}] = {v.src}"]
    # a[1:] = a[:-1] (overlapping)
    if t.ndim != 1:
        return None
    return [g.choice([f"{n}[1:] = {n}[:-1]", f"{n}[:-1] = {n}[1:]", f"{n}[::-1] = {n}",
                      f"{n}[:] = {n}[::-1]"])]


@rule("stmt", 0.8)
def stmt_inplace_arr(g, d):
    vs = _writable_arrays(g, lambda t: t.dtype != "bool")
    if not vs:
        return None
    n, t = g.choice(vs)
    k = kind_of(t.dtype)
    if k == "f":
        op = g.choice(["+=", "-=", "*=", "/="])
        if g.chance(0.5):
            a = g.arr(d, tag="S", kinds="iubf" if t.dtype == "float64" else "iub")
            if a is None or a.ty.ndim > t.ndim:
                return None
            if t.dtype == "float32" and a.ty.dtype not in ("float32", "bool", "int8", "uint8",
                                                            "int16", "uint16"):
                return None
            return [f"{n} {op} {a.src}"]
        return [f"{n} {op} {g.choice(['2.0', '0.5', '1', '-3'])}"]
    op = g.choice(["+=", "-=", "*=", "&=", "|="])
    return [f"{n} {op} {g.rng.randint(0, 3)}"]


@rule("stmt", 0.6)
def stmt_fill(g, d):
    vs = _writable_arrays(g)
    if not vs:
        return None
    n, t = g.choice(vs)
    v = _scalar_for(g, d, t.dtype)
    if kind_of(t.dtype) in "iub" and v.ty == "float":
        return None
    return [f"{n}.fill({v.src})"]


# ---------------------------------------------------------------------------
# complex numbers
# ---------------------------------------------------------------------------
# Python's complex (complex128): literals, `complex(a, b)`, `.real`/`.imag`,
# `.conjugate()`, `abs`, `+ - * /` with int/float/complex operands in either order,
# unary `-`/`+`, `==`/`!=`, truthiness, `cmath.exp/sqrt/log`; complex locals, helper
# parameters and results, complex arguments of `f` and complex results (alone or in a
# tuple). CPython 3.11's rules, which compiled code must copy bit for bit:
#
# * a real operand is converted to `complex(x, 0.0)` first, then the complex formula
#   runs: `complex(1, inf) * 2.0` is `(nan+infj)` (`inf * 0.0`), `complex(1, -0.0) + 1.0`
#   has imaginary part `0.0` (`-0.0 + 0.0`), `1.0 - z` has `0.0 - z.imag`;
# * `*` is the naive `(ac - bd) + (ad + bc)j`, each product rounded (no FMA), so
#   overflow to inf and the NaNs of `inf - inf` come out the same by construction;
# * `/` is CPython's `_Py_c_quot` (Smith's algorithm, as written in complexobject.c)
#   and a zero divisor, complex or real, raises `ZeroDivisionError('complex division
#   by zero')`; divisors are mostly guarded (`w if w != 0 else (1+1j)`) or nonzero
#   literals, sometimes not, so the error is compared too;
# * `z == x` with an int `x` compares exactly (`complex(2**53, 0) == 2**53 + 1` is
#   False), as float == int does;
# * `abs(z)` is `hypot` (within 4 ulp: programs calling it are compared with ulps);
#   CPython raises `OverflowError('absolute value too large')` for a finite z whose
#   modulus overflows, so its argument is always moderate (parts clamped with
#   `max(-L, min(L, x))`, which also maps NaN to L) or a literal with inf/nan parts;
# * `cmath.exp/sqrt/log` take moderate arguments (|parts| <= 8 for exp, no zero for
#   log: no OverflowError/ValueError) and are flagged "approx" (only at the top of a
#   returned value), compared within 4 ulp of abs(result) per part (harness.py).
#
# Magnitudes elsewhere are not bounded (the float operands include inf, nan, 1e300):
# `+ - * /`, `.real`, `==` agree on them by construction. Every rule here carries the
# tag "complex" in ``bugs``: ``--skip-bug complex`` leaves all of them out, and the
# programs (and inputs) of every seed are then exactly those of the generator before
# complex support (gen_program only draws complex parameters and results when on).
# With them on, COMPLEX_SHARE of the programs use complex numbers (decided per
# program: ``complex_program``); the rest are the same programs as before too.
CX = ("complex",)

#: moderate literals: finite, nonzero, |parts| <= 1000 (signed zeros in some parts)
C_LITS_MODERATE = ["1j", "1.5j", "(2-0.5j)", "(-1+2j)", "(0.5+0.25j)", "(-3-4j)",
                   "(3+4j)", "(-2j)", "(0.1+0.2j)", "(1e-3+1e3j)", "(-1+0j)",
                   "complex(1.0, -0.0)", "complex(-0.0, 1.0)", "complex(-4.0, -0.0)",
                   "complex(-4.0, 0.0)", "(1/3+0.75j)", "(7.75-2.25j)"]
#: zeros, with every sign: `-0j` is (-0.0, -0.0), `-0.0-0j` is (-0.0, 0.0)
C_LITS_ZERO = ["0j", "(-0j)", "(-0.0-0j)", "complex(0.0, -0.0)", "complex(-0.0, 0.0)"]
#: inf / nan parts (no finite part large enough to overflow a modulus)
C_LITS_INFNAN = ["complex(math.inf, 1.0)", "complex(1.0, math.nan)",
                 "complex(-math.inf, -0.0)", "complex(math.nan, math.nan)",
                 "complex(0.0, math.inf)", "complex(math.nan, -math.inf)"]
#: huge and tiny finite parts (products overflow to inf, `inf - inf` is nan)
C_LITS_HUGE = ["1e300j", "(1e300+1e300j)", "5e-324j", "complex(-1.7976931348623157e308, 2.0)"]


def complex_lit_src(g):
    r = g.rng.random()
    if r < 0.72:
        return g.choice(C_LITS_MODERATE)
    if r < 0.86:
        return g.choice(C_LITS_ZERO)
    if r < 0.94:
        return g.choice(C_LITS_INFNAN)
    return g.choice(C_LITS_HUGE)


LITERALS["complex"] = lambda g: E(complex_lit_src(g), "complex")


def _cx(g, d):
    return g.e("complex", d)


_NAME = re.compile(r"[A-Za-z_]\w*")
_DUP_MAX = 80  # longest expression written twice (a guard, a clamp of both parts)


def _paren(src):
    """``src`` ready for an attribute (``.real``): a name as it is, else in parentheses
    (``-2j.real`` is ``-(2j.real)``)."""
    return src if _NAME.fullmatch(src) else f"({src})"


def _clampf(g, d, lo, hi):
    """A float in [lo, hi] (finite: ``min(hi, nan)`` is ``hi``): a literal, or any int
    or float expression clamped."""
    if g.chance(0.3):
        return float_lit_src(g.choice([0.0, -0.0, 0.5, -1.5, 2.0, -2.25, 0.1, 1.0, 3.0]))
    return f"max({lo}, min({hi}, {g.num(d).src}))"


def _cmoderate(g, d, lim="8.0", nonzero=False, infnan_ok=False):
    """A complex expression with finite parts of magnitude <= ``lim`` (and not zero if
    ``nonzero``), or, if ``infnan_ok``, sometimes a literal with inf/nan parts."""
    lo = f"(-{lim})"
    r = g.rng.random()
    if r < 0.35:
        pool = list(C_LITS_MODERATE)
        if not nonzero:
            pool += C_LITS_ZERO
        if infnan_ok:
            pool += C_LITS_INFNAN
        return g.choice(pool)
    if nonzero and g.chance(0.4):
        # a positive real part: never zero (and away from log's branch cut)
        return f"complex({_clampf(g, d, '0.001', lim)}, {_clampf(g, d, lo, lim)})"
    z = _paren(_cx(g, d).src) if r >= 0.7 else ""
    if len(z) > _DUP_MAX:
        z = ""  # (written twice: keep the source small)
    if z:
        src = f"complex(max({lo}, min({lim}, {z}.real)), max({lo}, min({lim}, {z}.imag)))"
    else:
        src = f"complex({_clampf(g, d, lo, lim)}, {_clampf(g, d, lo, lim)})"
    if nonzero:
        if len(src) > _DUP_MAX:
            return g.choice(C_LITS_MODERATE)
        src = f"({src} if {src} != 0 else (1+1j))"
    return src


def _cdivisor(g, d, real_ok=True):
    """A divisor for a complex division: mostly never zero, sometimes any value (then
    CPython's ZeroDivisionError('complex division by zero') is compared)."""
    r = g.rng.random()
    if r < 0.45:
        w = _paren(_cx(g, d).src)
        if len(w) <= _DUP_MAX:
            return f"({w} if {w} != 0 else (1+1j))"
        r = 0.5  # (written twice: keep the source small)
    if r < 0.7:
        return g.choice(C_LITS_MODERATE)
    if r < 0.85 or not real_ok:
        return _cx(g, d).src
    return g.num(d).src  # a real divisor of a complex: complex division too


@rule("complex", 3, bugs=CX)
def complex_lit(g, d):
    return LITERALS["complex"](g)


rule("complex", 6, bugs=CX)(_var("complex"))


@rule("complex", 2, bugs=CX)
def complex_ctor(g, d):
    r = g.rng.random()
    if r < 0.75:
        a, b = g.num(d), g.num(d)
        return E(f"complex({a.src}, {b.src})", "complex", flags_of(a, b))
    if r < 0.9:
        a = g.num(d)
        return E(f"complex({a.src})", "complex", flags_of(a))
    z = _cx(g, d)
    return E(f"complex({z.src})", "complex", flags_of(z))


@rule("complex", 4, bugs=CX)
def complex_arith(g, d):
    op = g.choice(["+", "-", "*"])
    r = g.rng.random()
    if r < 0.5:
        a, b = _cx(g, d), _cx(g, d)
    elif r < 0.75:
        a, b = _cx(g, d), g.num(d)
    else:
        a, b = g.num(d), _cx(g, d)
    return E(f"({a.src} {op} {b.src})", "complex", flags_of(a, b))


@rule("complex", 1.2, bugs=CX)
def complex_div(g, d):
    if g.chance(0.75):
        a = _cx(g, d)
        div = _cdivisor(g, d, real_ok=True)
    else:
        a = g.num(d)
        div = _cdivisor(g, d, real_ok=False)
    return E(f"({a.src} / {div})", "complex", flags_of(a))


@rule("complex", 1, bugs=CX)
def complex_unary(g, d):
    z = _cx(g, d)
    op = g.choice(["-", "-", "+", "conj", "conj"])
    if op == "conj":
        return E(f"{_paren(z.src)}.conjugate()", "complex", flags_of(z))
    return E(f"({op}{z.src})", "complex", flags_of(z))


@rule("complex", 0.7, bugs=CX)
def complex_ifexp(g, d):
    """``a if cond else b``, the condition sometimes a complex (truthiness)."""
    a, b = _cx(g, d), _cx(g, d)
    cond = _cx(g, d).src if g.chance(0.4) else g.bool(d)
    return E(f"({a.src} if {cond} else {b.src})", "complex", flags_of(a, b))


@rule("complex", 5, bugs=CX)
def complex_cmath(g, d):
    """``cmath.exp/sqrt/log`` of moderate arguments; "approx" (only at the top of a
    returned value, compared within 4 ulp of abs(result)). Branch cuts are reached
    through the literals ``complex(-4.0, -0.0)`` / ``complex(-4.0, 0.0)`` and clamped
    signed zeros."""
    f = g.choice(["exp", "sqrt", "log"])
    if f == "exp":
        arg = _cmoderate(g, d, "8.0")
    else:
        arg = _cmoderate(g, d, g.choice(["8.0", "1e6"]), nonzero=(f == "log"))
    return E(f"cmath.{f}({arg})", "complex", {"approx", "transc"})


@rule("complex", 1, bugs=CX)
def complex_call(g, d):
    return _helper_call(g, d, "complex")


@rule("float", 0.8, bugs=CX)
def float_complex_part(g, d):
    """``z.real``, ``z.imag``, ``abs(z)`` (z moderate: see above)."""
    r = g.rng.random()
    if r < 0.35:
        return E(f"{_paren(_cx(g, d).src)}.real", "float")
    if r < 0.7:
        return E(f"{_paren(_cx(g, d).src)}.imag", "float")
    g.cabs = True
    if g.chance(0.15):
        # the modulus of a cmath result: "approx" (the top of a returned value)
        f = g.choice(["exp", "sqrt", "log"])
        arg = _cmoderate(g, d, "8.0", nonzero=(f == "log"))
        return E(f"abs(cmath.{f}({arg}))", "float", {"approx", "transc"})
    z = _cmoderate(g, d, g.choice(["8.0", "1e6", "1e150"]), infnan_ok=True)
    return E(f"abs({z})", "float", {"transc"})


@rule("bool", 0.6, bugs=CX)
def bool_complex(g, d):
    """``z == w``, ``z != w`` (w complex, int or float, either side), ``bool(z)``,
    ``not z``."""
    r = g.rng.random()
    if r < 0.6:
        a = _cx(g, d)
        b = _cx(g, d) if g.chance(0.6) else g.num(d)
        if g.chance(0.5):
            a, b = b, a
        return E(f"({a.src} {g.choice(['==', '!='])} {b.src})", "bool")
    if r < 0.8:
        return E(f"bool({_cx(g, d).src})", "bool")
    return E(f"(not {_cx(g, d).src})", "bool")


@rule("stmt", 0.8, bugs=CX)
def stmt_complex_assign(g, d):
    e = _cx(g, d)
    name = g.fresh()
    g.scope.append((name, "complex"))
    g.assignable.add(name)
    return [f"{name} = {e.src}"]


@rule("stmt", 0.6, bugs=CX)
def stmt_complex_update(g, d):
    """``z op= w`` (``+ - *`` with a complex, int or float, ``/`` by a divisor of
    ``_cdivisor``) or ``z = w`` for a complex local."""
    vs = [n for n, t in g.scope if n in g.assignable and t == "complex"]
    if not vs:
        return None
    n = g.choice(vs)
    r = g.rng.random()
    if r < 0.6:
        v = _cx(g, d) if g.chance(0.6) else g.num(d)
        return [f"{n} {g.choice(['+', '-', '*'])}= {v.src}"]
    if r < 0.75:
        return [f"{n} /= {_cdivisor(g, d)}"]
    return [f"{n} = {_cx(g, d).src}"]


@rule("stmt", 0.3, bugs=CX)
def stmt_complex_if(g, d):
    """``if z:`` / ``if not z:`` (truthiness of a complex in a condition)."""
    if d > MAX_DEPTH:
        return None
    neg = "not " if g.chance(0.3) else ""
    lines = [f"if {neg}{_cx(g, d).src}:"] + block(g, d)
    if g.chance(0.5):
        lines += ["else:"] + block(g, d)
    return lines


# ---------------------------------------------------------------------------
# NumPy functions of complex numbers
# ---------------------------------------------------------------------------
# Complex arrays (``CArr``, expressions of kind "carr": kept apart from ``Arr``, so that
# the rules of real arrays never see one) are made inside the program from the real
# arrays: `(a0 + 1j * a1)`, `(a0 * (2-0.5j))`, `(z - a0)` (a complex literal, any of
# ``complex_lit_src``'s: zeros, inf and nan parts, huge parts), `(a0 + w)` (a Python
# complex expression), `a0.astype(np.complex128)`; a float32 operand gives complex64
# (NumPy 2's weak Python scalars), the dtype is NumPy's (``_np_cdtype``). They are named
# (`cz3 = ...`, sometimes printed), stored into (`cz3[i, j] = v` of a complex, a float, an
# int or a bool), and made by `np.linspace` with complex bounds. On them:
#
# * `np.sign`, `np.reciprocal`, `np.rint`, `np.negative`, `np.conj`, `np.positive`, unary
#   `-`, `+`/`-` of two of them, `np.maximum/minimum/fmax/fmin` with complex arrays, real
#   arrays and Python complex scalars (either side): exact; `np.sign` of an array that
#   may have more than 8 elements is "approx" (a vectorised loop's hypot), `*` of two
#   complex arrays is "approx" (NumPy's SIMD kernel fuses multiply-adds);
# * `np.expm1`, `np.log1p`, `np.log2`, `np.exp2`: "approx";
# * `max`/`min` along an axis of a 2-D array (`np.max(c, axis=0)`, `c.min(axis=-1)`);
#
# and out of them come bool arrays (`<` `<=` `>` `>=` `==` `!=` against complex arrays,
# real arrays and Python complex scalars, `np.less` & co., `np.logical_and/or/xor/not`,
# `np.isnan/isinf/isfinite`), float arrays (`.real`, `.imag`, `np.real`, `np.imag`: an
# "approx" complex array only this way, at the top of a returned value; `np.abs`,
# `np.angle`: "approx"; `var`/`std` along an axis: "approx"), int arrays (`argmin`/
# `argmax` along an axis), ints (`int(np.argmin(c))`, `int(c.argmax())`), floats
# (`float(np.var(c))`, `float(c.std())`: "approx"), Python complex numbers
# (`complex(np.max(c))`, `complex(c.min())`, `complex(cz3[i])`, and NumPy's functions of
# Python complex scalars: `complex(np.sign(z))`, `complex(np.reciprocal(z))`,
# `complex(np.fmax(z, w))`, `complex(np.expm1(z))` "approx"...), bools (`bool(np.max(c) <
# np.min(d))`, `bool(cz3[i] >= z)`: NumPy's complex scalars are ordered lexicographically;
# `bool(np.less(z, w))` of Python complex numbers, `bool(np.logical_xor(x, y))` of Python
# numbers), and raw NumPy complex scalars in the final return (`np.max(c)`, `np.min(c) <
# cz3[0]`, `np.max(c) + z`: "npscalar"). In complex programs the real arrays get
# `np.equal`, `np.not_equal`, `np.less`..., `np.logical_*` too (``arr_np_logical``, tagged
# "np-logical").
#
# Not generated: a complex array returned whole (the harness compares arrays that are not
# float with `==`, and NaN differs from itself: their parts are returned), Python's
# `complex < complex` (CPython's TypeError), NumPy complex scalars flowing into Python
# complex arithmetic (NumPy's division by zero gives inf/nan: every complex scalar from
# NumPy goes through `complex()`, except in the final return), and the known remaining
# differences (docs/supported.md): the whole-array `min`/`max` of a 2-D complex array is
# taken of `c.ravel()` (NumPy's ufuncs keep a Fortran-ordered or transposed operand's
# layout, and NumPy then scans memory order: another of equal values or NaNs wins), and
# `np.exp2` takes only arrays whose parts are clipped to [-8, 8] (`np.exp2(np.clip(a0,
# -8.0, 8.0) + 1j * np.clip(a1, -8.0, 8.0))`: no overflowing real part with a tiny
# imaginary one, no `-inf-infj`), the scalar `np.exp2(z)` a moderate `z` (``_cmoderate``).
# Every rule here is tagged "cx-numpy" besides "complex".
CXN = CX + ("cx-numpy",)
CDTYPES = ("complex64", "complex128")
#: Known bug (fixed in the tenth session, back in the sample): `complex(x)` of a NumPy scalar (`complex(np.max(c))`,
#: `complex(np.sign(z))`, `complex(a.real[0])`) keeps NumPy's rules in compiled code: `/`
#: by zero gives inf/nan where CPython's Python complex raises ZeroDivisionError('complex
#: division by zero') (regression test test_py_raised_complex_of_npscalar). Skipped: such
#: scalars become Python complex numbers as `complex(x.real, x.imag)` (``_to_complex``).
CX_OF_NP = "complex-of-npscalar"
_CX_DUP_MAX = 150  # (the longest scalar written twice by ``_to_complex``)


def _to_complex(g, src):
    """A Python complex from the NumPy complex scalar ``src`` (see CX_OF_NP)."""
    if CX_OF_NP in g.skip_bugs and len(src) <= _CX_DUP_MAX:
        p = _paren(src)
        return f"complex({p}.real, {p}.imag)"
    return f"complex({src})"


@dataclass(frozen=True)
class CArr:
    """A complex array (see above): like ``Arr``."""
    dtype: str
    ndim: int
    tag: str


def _np_cdtype(fn):
    """The complex dtype NumPy gives ``fn`` (on tiny arrays), or None."""
    import warnings
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            r = fn()
    except Exception:  # noqa: BLE001
        return None
    dt = np.asarray(r).dtype.name
    return dt if dt in CDTYPES else None


def _carr(g, d, tag=None, approx_ok=False, ndim=None):
    """A complex array expression whose tag fits ``tag`` (as ``Gen.arr``), or None."""
    for _ in range(4):
        x = g.pick("carr", d, tag=tag)
        if x is None:
            continue
        if not approx_ok and "approx" in x.flags:
            continue
        if ndim is not None and x.ty.ndim != ndim:
            continue
        return x
    return None


def _partner(t, tag):
    """The tag to ask of the second operand of an operand of tag ``t``."""
    return t if not tag_ok(t, "S") else (tag or "S")


def _short(ty):
    """Whether an array of type ``ty`` surely has at most 8 elements."""
    return ty.ndim == 1 and (ty.tag in ("S", "B", "S/col") or ty.tag.startswith(("B:", "S[")))


@rule("carr", 5, bugs=CXN)
def carr_var(g, d, tag=None):
    vs = g.vars_of(lambda t: isinstance(t, CArr) and tag_ok(t.tag, tag))
    if not vs:
        return None
    n, t = g.choice(vs)
    return E(n, t)


@rule("carr", 4, bugs=CXN)
def carr_make(g, d, tag=None):
    """A complex array from real ones (see above)."""
    a = g.arr(d, tag=tag)
    if a is None:
        return None
    r = g.rng.random()
    fl = flags_of(a)
    t, nd = a.ty.tag, a.ty.ndim
    if r < 0.4:
        b = g.arr(d, tag=_partner(a.ty.tag, tag))
        if b is None:
            return None
        t = combine(a.ty.tag, b.ty.tag)
        if t is None or not tag_ok(t, tag):
            return None
        dt = _np_cdtype(lambda: z(a.ty.dtype) + 1j * z(b.ty.dtype))
        src, nd, fl = f"({a.src} + 1j * {b.src})", max(a.ty.ndim, b.ty.ndim), flags_of(a, b)
    elif r < 0.75:
        w = complex_lit_src(g)
        form = g.choice(["({a} * {w})", "({w} * {a})", "({a} + {w})", "({w} - {a})",
                         "({a} - {w})"])
        val = eval(w, {"math": math})
        dt = _np_cdtype(lambda: eval(form.format(a="x", w="w"), {"x": z(a.ty.dtype), "w": val}))
        src = form.format(a=a.src, w=w)
    elif r < 0.9:
        w = g.e("complex", d)
        dt = _np_cdtype(lambda: z(a.ty.dtype) + 1j)
        src, fl = f"({a.src} + {w.src})", flags_of(a, w)
    else:
        dt, src = "complex128", f"{_paren(a.src)}.astype(np.complex128)"
    if dt is None:
        return None
    return E(src, CArr(dt, nd, t), set(fl) - {"small", "dyadic"})


def _cmod_arr(g, d, tag):
    """A complex array whose parts are clipped to [-8, 8] (NaN stays): for np.exp2."""
    a = g.arr(d, tag=tag, kinds="if")
    if a is None:
        return None
    ca = f"np.clip({a.src}, -8.0, 8.0)"
    if g.chance(0.5):
        b = g.arr(d, tag=_partner(a.ty.tag, tag), kinds="if")
        if b is None:
            return None
        t = combine(a.ty.tag, b.ty.tag)
        if t is None or not tag_ok(t, tag):
            return None
        dt = _np_cdtype(lambda: np.clip(z(a.ty.dtype), -8.0, 8.0)
                        + 1j * np.clip(z(b.ty.dtype), -8.0, 8.0))
        src = f"({ca} + 1j * np.clip({b.src}, -8.0, 8.0))"
        nd = max(a.ty.ndim, b.ty.ndim)
    else:
        w = g.choice(C_LITS_MODERATE)
        val = eval(w, {"math": math})
        dt = _np_cdtype(lambda: np.clip(z(a.ty.dtype), -8.0, 8.0) * val)
        src, t, nd = f"({ca} * {w})", a.ty.tag, a.ty.ndim
    if dt is None:
        return None
    return E(src, CArr(dt, nd, t))


CX_UNARY = ["sign", "sign", "reciprocal", "rint", "negative", "conj", "positive", "-",
            "expm1", "log1p", "log2", "exp2"]
CX_UNARY_APPROX = ("expm1", "log1p", "log2", "exp2")


@rule("carr", 2.5, bugs=CXN)
def carr_unary(g, d, tag=None):
    f = g.choice(CX_UNARY)
    a = _cmod_arr(g, d, tag) if f == "exp2" else _carr(g, d, tag=tag)
    if a is None:
        return None
    fl = set(a.flags)
    if f in CX_UNARY_APPROX or f == "sign" and not _short(a.ty):
        fl.add("approx")
    src = f"(-{a.src})" if f == "-" else f"np.{f}({a.src})"
    return E(src, a.ty, fl)


@rule("carr", 2, bugs=CXN)
def carr_binary(g, d, tag=None):
    """``np.maximum/minimum/fmax/fmin``, ``+``, ``-``, ``*`` of a complex array and a
    complex array, a real array or a Python complex scalar (either side)."""
    a = _carr(g, d, tag=tag)
    if a is None:
        return None
    f = g.choice(["maximum", "minimum", "fmax", "fmin", "+", "-", "*"])
    r = g.rng.random()
    if r < 0.6 or f == "*":
        b = _carr(g, d, tag=_partner(a.ty.tag, tag))
        sample = (lambda: z(b.ty.dtype)) if b is not None else None
    elif r < 0.8:
        b = g.arr(d, tag=_partner(a.ty.tag, tag))
        sample = (lambda: z(b.ty.dtype)) if b is not None else None
    else:
        b = g.e("complex", d)
        sample = (lambda: 1j)
    if b is None:
        return None
    t, nd = a.ty.tag, a.ty.ndim
    if isinstance(b.ty, (Arr, CArr)):
        t = combine(a.ty.tag, b.ty.tag)
        if t is None or not tag_ok(t, tag):
            return None
        nd = max(nd, b.ty.ndim)
    x, y = (a, b) if g.chance(0.6) else (b, a)
    sx, sy = (lambda: z(a.ty.dtype), sample) if x is a else (sample, lambda: z(a.ty.dtype))
    if f in ("+", "-", "*"):
        dt = _np_cdtype(lambda: _np_binop(f)(sx(), sy()))
        src = f"({x.src} {f} {y.src})"
    else:
        dt = _np_cdtype(lambda: getattr(np, f)(sx(), sy()))
        src = f"np.{f}({x.src}, {y.src})"
    if dt is None:
        return None
    fl = flags_of(a, b) - {"small", "dyadic"}
    if f == "*":
        fl = fl | {"approx"}
    return E(src, CArr(dt, nd, t), fl)


@rule("carr", 0.8, bugs=CXN)
def carr_axis(g, d, tag=None):
    """``max``/``min`` along an axis of a 2-D complex array of shape S."""
    a = _carr(g, d, tag="S", ndim=2)
    if a is None or a.ty.tag != "S":
        return None
    ax = g.choice([0, 1, -1])
    newtag = "B" if ax == 0 else "S/col"
    if not tag_ok(newtag, tag):
        return None
    f = g.choice(["max", "min"])
    src = f"np.{f}({a.src}, axis={ax})" if g.chance(0.5) else f"{_paren(a.src)}.{f}(axis={ax})"
    return E(src, CArr(a.ty.dtype, 1, newtag), a.flags)


@rule("carr", 0.5, bugs=CXN)
def carr_linspace(g, d, tag=None):
    """``np.linspace`` with a complex bound (the other complex or real)."""
    n = g.rng.randint(0, 6)
    newtag = f"L{n}"
    if not tag_ok(newtag, tag):
        return None
    a = g.e("complex", d)
    b = g.e("complex", d) if g.chance(0.6) else g.num(d)
    if g.chance(0.3):
        a, b = b, a
    end = g.choice(["", ", endpoint=True", ", endpoint=False"])
    return E(f"np.linspace({a.src}, {b.src}, {n}{end})", CArr("complex128", 1, newtag),
             flags_of(a, b))


# -- out of complex arrays -------------------------------------------------------------

CX_COMPARE = ["<", "<=", ">", ">=", "==", "!=", "np.less", "np.less_equal", "np.greater",
              "np.greater_equal", "np.equal", "np.not_equal", "np.logical_and",
              "np.logical_or", "np.logical_xor"]


@rule("arr", 1.2, bugs=CXN)
def arr_cx_compare(g, d, tag=None, kinds=None):
    """Bool arrays from complex arrays: comparisons (lexicographic), ``np.less`` & co.,
    ``np.logical_*``, ``np.isnan``..."""
    if not kind_ok("bool", kinds):
        return None
    a = _carr(g, d, tag=tag)
    if a is None:
        return None
    if g.chance(0.2):
        f = g.choice(["logical_not", "isnan", "isinf", "isfinite"])
        return E(f"np.{f}({a.src})", Arr("bool", a.ty.ndim, a.ty.tag), a.flags)
    r = g.rng.random()
    if r < 0.55:
        b = _carr(g, d, tag=_partner(a.ty.tag, tag))
    elif r < 0.8:
        b = g.arr(d, tag=_partner(a.ty.tag, tag))
    else:
        b = g.e("complex", d)
    if b is None:
        return None
    t, nd = a.ty.tag, a.ty.ndim
    if isinstance(b.ty, (Arr, CArr)):
        t = combine(a.ty.tag, b.ty.tag)
        if t is None or not tag_ok(t, tag):
            return None
        nd = max(nd, b.ty.ndim)
    x, y = (a, b) if g.chance(0.7) else (b, a)
    op = g.choice(CX_COMPARE)
    src = f"{op}({x.src}, {y.src})" if op.startswith("np.") else f"({x.src} {op} {y.src})"
    return E(src, Arr("bool", nd, t), flags_of(a, b) - {"small", "dyadic"})


@rule("arr", 1.5, bugs=CXN)
def arr_cx_part(g, d, tag=None, kinds=None):
    """Float arrays from complex arrays (``.real``, ``np.imag``, ``np.abs``...), and
    ``argmin``/``argmax``/``var``/``std`` along an axis of a 2-D one."""
    if g.chance(0.7):
        a = _carr(g, d, tag=tag, approx_ok=True)
        if a is None:
            return None
        rdt = "float32" if a.ty.dtype == "complex64" else "float64"
        if not kind_ok(rdt, kinds):
            return None
        f = g.choice([".real", ".imag", ".real", ".imag", "np.real", "np.imag", "np.abs",
                      "np.angle"])
        src = f"{_paren(a.src)}{f}" if f.startswith(".") else f"{f}({a.src})"
        fl = set(a.flags)
        if f in ("np.abs", "np.angle"):
            fl.add("approx")
        return E(src, Arr(rdt, a.ty.ndim, a.ty.tag), fl)
    a = _carr(g, d, tag="S", ndim=2)
    if a is None or a.ty.tag != "S":
        return None
    ax = g.choice([0, 1, -1])
    newtag = "B" if ax == 0 else "S/col"
    f = g.choice(["argmin", "argmax", "var", "std"])
    rdt = "int64" if f.startswith("arg") else \
        "float32" if a.ty.dtype == "complex64" else "float64"
    if not tag_ok(newtag, tag) or not kind_ok(rdt, kinds):
        return None
    src = f"np.{f}({a.src}, axis={ax})" if g.chance(0.5) else f"{_paren(a.src)}.{f}(axis={ax})"
    return E(src, Arr(rdt, 1, newtag), {"approx"} if f in ("var", "std") else set())


@rule("int", 0.6, bugs=CXN)
def int_cx(g, d):
    """``int(np.argmin(c))``, ``int(c.argmax())`` (ValueError for an empty array)."""
    a = _carr(g, d)
    if a is None:
        return None
    f = g.choice(["argmin", "argmax"])
    src = f"np.{f}({a.src})" if g.chance(0.5) else f"{_paren(a.src)}.{f}()"
    return E(f"int({src})", "int")


@rule("float", 0.4, bugs=CXN)
def float_cx(g, d):
    """``float(np.var(c))``, ``float(c.std())``: "approx"."""
    a = _carr(g, d)
    if a is None:
        return None
    f = g.choice(["var", "std"])
    src = f"np.{f}({a.src})" if g.chance(0.5) else f"{_paren(a.src)}.{f}()"
    return E(f"float({src})", "float", {"approx"})


def _cx_npscalar(g, d):
    """A NumPy complex scalar (source): a whole-array min/max (of the ravel of a 2-D
    array, see above), an element of a complex array variable, or None."""
    if g.chance(0.3):
        vs = g.vars_of(lambda t: isinstance(t, CArr))
        if vs:
            n, t = g.choice(vs)
            return f"{n}[{g.index(n, t, d)}]"
    a = _carr(g, d)
    if a is None:
        return None
    src = a.src if a.ty.ndim == 1 else f"{_paren(a.src)}.ravel()"
    f = g.choice(["max", "min"])
    return f"np.{f}({src})" if g.chance(0.5) else f"{_paren(src)}.{f}()"


CX_SCALAR_FUNCS = ["sign", "reciprocal", "rint", "maximum", "minimum", "fmax", "fmin",
                   "expm1", "log1p", "log2", "exp2"]


@rule("complex", 1.2, bugs=CXN)
def complex_cx(g, d):
    """A Python complex from NumPy: ``complex(np.max(c))``, ``complex(cz3[i])``, NumPy's
    functions of Python complex scalars (``complex(np.sign(z))``)."""
    if g.chance(0.45):
        x = _cx_npscalar(g, d)
        if x is None or CX_OF_NP in g.skip_bugs and len(x) > _CX_DUP_MAX:
            return None
        return E(_to_complex(g, x), "complex")
    f = g.choice(CX_SCALAR_FUNCS)
    fl = set()
    if f in ("maximum", "minimum", "fmax", "fmin"):
        a, b = _cx(g, d), (_cx(g, d) if g.chance(0.7) else g.num(d))
        if g.chance(0.3):
            a, b = b, a
        src = f"np.{f}({a.src}, {b.src})"
        fl = flags_of(a, b)
    else:
        if f == "exp2":
            arg = _cmoderate(g, d, "8.0")
        else:
            e = _cx(g, d)
            arg, fl = e.src, set(e.flags)
        src = f"np.{f}({arg})"
    if CX_OF_NP in g.skip_bugs and len(src) > _CX_DUP_MAX:
        return None
    if f in CX_UNARY_APPROX:
        fl |= {"approx", "transc"}
    return E(_to_complex(g, src), "complex", fl)


@rule("bool", 0.6, bugs=CXN)
def bool_cx(g, d):
    """NumPy complex scalars ordered (``bool(np.max(c) < np.min(d))``), ``bool(np.less(z,
    w))`` of Python complex numbers, ``bool(np.logical_xor(x, y))`` of Python numbers."""
    r = g.rng.random()
    if r < 0.5:
        x = _cx_npscalar(g, d)
        if x is None:
            return None
        y = _cx_npscalar(g, d) if g.chance(0.6) else None
        if y is None:
            y = _cx(g, d).src
        if g.chance(0.3):
            x, y = y, x
        return E(f"bool({x} {g.choice(['<', '<=', '>', '>=', '==', '!='])} {y})", "bool")
    f = g.choice(CX_COMPARE[6:])
    if r < 0.8:
        a, b = _cx(g, d), (_cx(g, d) if g.chance(0.7) else g.num(d))
    else:
        a, b = g.e(g.choice(["int", "float", "bool"]), d), g.e(g.choice(["int", "float", "bool"]), d)
    if g.chance(0.3):
        a, b = b, a
    return E(f"bool({f}({a.src}, {b.src}))", "bool")


@rule("npscalar", 0.5, bugs=CXN)
def np_cx_scalar(g, d):
    """A NumPy complex scalar in the final return, alone, compared, or plus/minus."""
    x = _cx_npscalar(g, d)
    if x is None:
        return None
    r = g.rng.random()
    if r < 0.4:
        return E(x, "npscalar")
    y = _cx_npscalar(g, d) if g.chance(0.5) else None
    if y is None:
        y = _cx(g, d).src
    op = g.choice(["<", "<=", ">", ">=", "==", "!="] if r < 0.75 else ["+", "-"])
    return E(f"({x} {op} {y})", "npscalar")


@rule("arr", 0.8, bugs=CX + ("np-logical",))
def arr_np_logical(g, d, tag=None, kinds=None):
    """``np.equal``, ``np.less``..., ``np.logical_and/or/xor/not`` of real arrays (any
    dtype) and scalars."""
    if not kind_ok("bool", kinds):
        return None
    a = g.arr(d, tag=tag)
    if a is None:
        return None
    f = g.choice(["equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
                  "logical_and", "logical_or", "logical_xor", "logical_not"])
    if f == "logical_not":
        return E(f"np.logical_not({a.src})", Arr("bool", a.ty.ndim, a.ty.tag),
                 flags_of(a) - {"small", "dyadic"})
    if g.chance(0.6):
        b = g.arr(d, tag=_partner(a.ty.tag, tag))
        if b is None:
            return None
        t = combine(a.ty.tag, b.ty.tag)
        if t is None or not tag_ok(t, tag):
            return None
        nd = max(a.ty.ndim, b.ty.ndim)
    else:
        b = _scalar_for(g, d, a.ty.dtype)
        t, nd = a.ty.tag, a.ty.ndim
    x, y = (a, b) if g.chance(0.7) else (b, a)
    return E(f"np.{f}({x.src}, {y.src})", Arr("bool", nd, t), flags_of(a, b) - {"small", "dyadic"})


@rule("stmt", 0.8, bugs=CXN)
def stmt_carr_assign(g, d):
    a = _carr(g, d)
    if a is None:
        return None
    name = g.fresh("cz")
    g.scope.append((name, a.ty))
    lines = [f"{name} = {a.src}"]
    if g.chance(0.1):
        lines.append(f"print({name})")
    return lines


@rule("stmt", 0.4, bugs=CXN)
def stmt_carr_store(g, d):
    """``cz3[i, j] = v``: a complex, float, int or bool into a complex array variable."""
    vs = g.vars_of(lambda t: isinstance(t, CArr))
    if not vs:
        return None
    n, t = g.choice(vs)
    v = g.e(g.choice(["complex", "complex", "float", "int", "bool"]), d)
    return [f"{n}[{g.index(n, t, d)}] = {v.src}"]


# ---------------------------------------------------------------------------
# functions passed as arguments
# ---------------------------------------------------------------------------
# A function object passed to a compiled function is typed by its identity and called
# directly (one specialisation per function): a jitted function, a plain `def`, a
# lambda alone on its line, `math.*`, builtin `abs`, a NumPy ufunc. In "fnarg"
# programs (FNARG_SHARE of them, decided like complex programs):
#
# * one or two function types (``Fn``: argument kinds, result kind) are drawn, and for
#   each the program gets functions of that type: a helper ``hN(p0)`` and/or a lambda
#   ``lamN = lambda p0: ...`` (one per line), besides the math/builtin ones of FN_BUILTINS;
# * higher-order helpers ``hN(p0, p1, ...)`` take a function as ``p0`` and call it
#   (``return p0(p1) * 2 + p0(p1 + 1)``, ``fn_call`` anywhere in their body); a later one
#   may hand its ``p0`` on to an earlier one (``_call_args``);
# * ``f`` takes function parameters ``g0``, ``g1``: each input passes one function of
#   the type (``{"func": "math.sin"}``, ``{"func": "h2"}`` the jitted helper,
#   ``{"func": "h2", "plain": True}`` the plain Python function, ``{"func": "lam0"}``;
#   harness.make_args resolves the name in the oracle's namespace and in the compiled
#   module), calls them (``fn_call``), aliases them (``stmt_fn_alias``) and hands them to
#   the higher-order helpers (``fn_helper_call``);
# * ``fn_value_call`` names a function inside compiled code (``h3(math.sin, x0)``,
#   ``h3(h1, x0)``), tagged "fn-value" too: the current build refuses a function used as
#   a value in compiled code (a TypingError, counted as unsupported).
#
# NumPy ufuncs (FN_UFUNCS: exactly rounded ones, whose NumPy scalar results keep NumPy's
# rules) are passed only when "fnarg-ufunc" is not skipped (an open bug: see
# test_fuzz_sample.KNOWN_BUGS).
FNA = ("fnarg",)
FNARG_SHARE = 0.15


@dataclass(frozen=True)
class Fn:
    """The type of a function value: positional argument kinds and result kind."""
    args: tuple
    ret: str


#: function types drawn for "fnarg" programs, with their weights
FN_TYPES = [(Fn(("float",), "float"), 5), (Fn(("int",), "int"), 2), (Fn(("int",), "float"), 1),
            (Fn(("float",), "int"), 1), (Fn(("float",), "bool"), 0.7),
            (Fn(("float", "float"), "float"), 1.2), (Fn(("int", "int"), "int"), 0.6)]
#: math and builtin functions of each type (passed by the harness or named in the code)
FN_BUILTINS = {
    Fn(("float",), "float"): ["math.sin", "math.cos", "math.atan", "math.tanh", "math.exp",
                              "math.sqrt", "math.fabs", "math.erf", "math.expm1",
                              "math.log1p", "abs"],
    Fn(("int",), "int"): ["abs"],
    Fn(("int",), "float"): ["math.sqrt", "math.atan", "math.sin", "math.exp"],
    Fn(("float",), "int"): ["math.floor", "math.ceil", "math.trunc"],
    Fn(("float",), "bool"): ["math.isnan", "math.isinf", "math.isfinite"],
    Fn(("float", "float"), "float"): ["math.hypot", "math.atan2", "math.pow", "math.fmod"],
    Fn(("int", "int"), "int"): [],
}
#: NumPy ufuncs of each type (tagged "fnarg-ufunc"): their results are NumPy scalars,
#: with NumPy's rules (``np.sqrt(x) / 0.0`` is inf, ``np.abs(n) // 0`` is 0). Only
#: exactly rounded ones (and not ``np.rint``: not supported yet): compiled code computes
#: ``np.cos`` & co. with its own vector math, a few ulp from NumPy's, and a function
#: argument's result may go anywhere (``100 % g0(1.5)`` turns one ulp of ``np.tanh``
#: into hundreds), not only to the top of the returned value as "approx" values do.
FN_UFUNCS = {
    Fn(("float",), "float"): ["np.sqrt", "np.fabs", "np.abs", "np.floor", "np.ceil",
                              "np.trunc", "np.square", "np.negative"],
    Fn(("int",), "int"): ["np.abs", "np.negative", "np.square"],
    Fn(("int",), "float"): ["np.sqrt"],
    # (no np.isnan: a NumPy bool is not a Python bool in arithmetic, `b - b` raises)
    Fn(("float", "float"), "float"): ["np.add", "np.subtract", "np.multiply",
                                      "np.true_divide", "np.fmod"],
}
#: functions compared bit for bit (the others are libm's: within ULPS at the end)
FN_EXACT = {"abs", "math.sqrt", "math.fabs", "math.floor", "math.ceil", "math.trunc",
            "math.isnan", "math.isinf", "math.isfinite", "math.fmod"} | {
    n for ns in FN_UFUNCS.values() for n in ns}


def fnarg_program(rng):
    """Whether the program about to be drawn from ``rng`` passes functions as
    arguments (like ``complex_program``: no draw from ``rng``)."""
    return random.Random("fnarg" + repr(rng.getstate()[1][:16])).random() < FNARG_SHARE


def _fn_call_src(g, d, name, ft):
    return f"{name}({', '.join(g.e(k, d).src for k in ft.args)})"


def _fn_return(g, name, ft, ret):
    """The return of a higher-order helper: calls of its function parameter ``name``
    combined into a value of kind ``ret`` (``p0(p1) * 2 + p0(p1 + 1)``)."""
    d = 1
    c1 = _fn_call_src(g, d, name, ft)
    if ft.ret == ret and ret in ("int", "float"):
        r = g.rng.random()
        if r < 0.4:
            c2 = _fn_call_src(g, d, name, ft)
            return f"({c1} * 2 + {c2})"
        if r < 0.8:
            return f"({c1} {g.choice(['+', '-', '*'])} {g.e(ret, d).src})"
        return c1
    if ret == "bool":
        if ft.ret == "bool":
            return f"({c1} {g.choice(['and', 'or'])} {g.bool(d)})"
        return f"({c1} {g.choice(['<', '>=', '==', '!='])} {g.e(ft.ret, d).src})"
    if ft.ret == "bool":
        return f"({g.e(ret, d).src} if {c1} else {g.e(ret, d).src})"
    if ret == "float":
        return f"({c1} {g.choice(['+', '-', '*', '/'])} {g.float(d)})"
    # ret int, a float function: an int of it (OverflowError / ValueError for inf, nan)
    return f"({g.choice(['int', 'math.floor', 'round'])}({c1}) + {g.int(d)})"


def _fn_pool(g, ft):
    """The argument specs the harness may pass for a parameter of type ``ft``, in
    groups drawn alike (make_inputs: a group, then one of it): the program's helpers
    and lambdas jitted (``{"func": "h2"}``), the same plain (``"plain": True``), ``math``
    functions, ``abs``, NumPy ufuncs."""
    groups = {}
    for name in g.fn_targets.get(ft, ()):
        if "." in name or name == "abs":
            groups.setdefault(name.split(".")[0], []).append({"func": name})
        else:
            groups.setdefault("jit", []).append({"func": name})
            groups.setdefault("plain", []).append({"func": name, "plain": True})
    return tuple(tuple(v) for v in groups.values())


def gen_fn_functions(g, first_idx):
    """The functions of a "fnarg" program before ``f``: targets of one or two function
    types, then higher-order helpers taking them. Returns (source lines, next helper
    index, [function types])."""
    out, idx, nlam = [], first_idx, 0
    types = []
    for _ in range(1 if g.chance(0.7) else 2):
        ft = g.rng.choices([t for t, _ in FN_TYPES], [w for _, w in FN_TYPES])[0]
        if ft not in types:
            types.append(ft)
    ufuncs = "fnarg-ufunc" not in g.skip_bugs
    for ft in types:
        names = list(FN_BUILTINS[ft]) + (list(FN_UFUNCS.get(ft, ())) if ufuncs else [])
        # helpers drawn before (h0, h1) of exactly this type
        names += [h for h, ks, r in g.helpers if tuple(ks) == ft.args and r == ft.ret]
        r = g.rng.random()
        if r < 0.75 or not names:
            out += gen_helper(g, idx, list(ft.args), ft.ret) + [""]
            names.append(f"h{idx}")
            idx += 1
        if r >= 0.5 or not names:
            lam, nlam = f"lam{nlam}", nlam + 1
            saved_scope, saved_assign = g.scope, g.assignable
            g.scope = [(f"p{i}", k) for i, k in enumerate(ft.args)]
            g.assignable = set()
            body = g.e(ft.ret, 1).src
            g.scope, g.assignable = saved_scope, saved_assign
            params = ", ".join(f"p{i}" for i in range(len(ft.args)))
            out += [f"{lam} = lambda {params}: {body}", ""]
            names.append(lam)
        g.fn_targets[ft] = names
        if any(n not in FN_EXACT and ("." in n) for n in names):
            g.fn_transc = True
    # higher-order helpers: p0 a function, then its argument kinds (and one more)
    for _ in range(g.rng.randint(1, 2)):
        ft = g.choice(types)
        kinds = [ft] + list(ft.args) + ([g.choice(["int", "float"])] if g.chance(0.3) else [])
        ret = ft.ret if ft.ret != "bool" and g.chance(0.7) else g.choice(["int", "float", "bool"])
        out += gen_helper(g, idx, kinds, ret) + [""]
        idx += 1
    g.used.add("fnarg")
    return out, idx, types


@rule("int", 2, bugs=FNA)
def int_fn_call(g, d):
    return _fn_call(g, d, "int")


@rule("float", 2, bugs=FNA)
def float_fn_call(g, d):
    return _fn_call(g, d, "float")


@rule("bool", 1, bugs=FNA)
def bool_fn_call(g, d):
    return _fn_call(g, d, "bool")


def _fn_call(g, d, kind):
    """A call of a function variable (a parameter of function type, or an alias)."""
    vs = g.vars_of(lambda t: isinstance(t, Fn) and t.ret == kind)
    if not vs:
        return None
    n, ft = g.choice(vs)
    return E(_fn_call_src(g, d, n, ft), kind)


def _fn_helper_call(g, d, kind):
    """A call of a higher-order helper, given a function variable in scope (``f``'s
    argument, or the caller's own function parameter: handed on)."""
    hs = [h for h in g.helpers if h[2] == kind and any(isinstance(k, Fn) for k in h[1])]
    if not hs:
        return None
    name, ptys, _ = g.choice(hs)
    args = _call_args(g, d, ptys)
    return None if args is None else E(f"{name}({args})", kind)


@rule("int", 1, bugs=FNA)
def int_fn_helper_call(g, d):
    return _fn_helper_call(g, d, "int")


@rule("float", 1.5, bugs=FNA)
def float_fn_helper_call(g, d):
    return _fn_helper_call(g, d, "float")


@rule("bool", 0.5, bugs=FNA)
def bool_fn_helper_call(g, d):
    return _fn_helper_call(g, d, "bool")


def _fn_value_call(g, d, kind):
    hs = [h for h in g.helpers if h[2] == kind and any(isinstance(k, Fn) for k in h[1])]
    if not hs:
        return None
    name, ptys, _ = g.choice(hs)
    args = _call_args(g, d, ptys, fn_values=True)
    g.used.add("fn_value")
    return None if args is None else E(f"{name}({args})", kind)


@rule("int", 0.05, bugs=FNA + ("fn-value",))
def int_fn_value_call(g, d):
    """A higher-order helper given a function named in compiled code: ``h3(abs, x)``
    (refused by the current build: a TypingError)."""
    return _fn_value_call(g, d, "int")


@rule("float", 0.05, bugs=FNA + ("fn-value",))
def float_fn_value_call(g, d):
    return _fn_value_call(g, d, "float")


@rule("stmt", 0.4, bugs=FNA)
def stmt_fn_alias(g, d):
    """``alias = g0``: a function variable rebound to another name, then called."""
    vs = g.vars_of(lambda t: isinstance(t, Fn))
    if not vs:
        return None
    n, ft = g.choice(vs)
    name = g.fresh("fa")
    g.scope.append((name, ft))
    return [f"{name} = {n}"]


# ---------------------------------------------------------------------------
# values that may be None (Optional)
# ---------------------------------------------------------------------------
# A helper may return a number (or a tuple of numbers) on some paths and None on others
# (``return None``, a bare ``return``, ``x if c else None``, a search loop falling
# through), and a local may start as None and be set later (``best = None`` updated in a
# loop, ``r = None`` set in a branch). Compiled code types these as optional values. In
# "optional" programs (OPTIONAL_SHARE of them) such a value ``r`` (type ``Opt``) is used
# tested (``r is None``, ``r is not None``, ``None is r``, ``if r:``, ``not r``), read
# in a branch where it is not None (the scope holds ``r`` with its number type there),
# replaced by a default (``r if r is not None else e``), returned (from ``f``: None or a
# number), or used directly (``r * 2``, ``e - r``, ``float(r)``, ``t[0]``, ``r == 3``):
# compiled code takes the value at every such read and raises TypeError when it is None
# (docs/supported.md), which the oracle models (``oracle._fz_read``: also where CPython
# itself would not raise, ``r == 3``, or would raise something else first); the messages
# differ (compiled code names the variable), so only the type is compared. ``Opt`` holds
# numbers and tuples of numbers; arrays, strings, lists and tuples with optional items
# that may be None are ``OptBox`` values (the next section).
OPT = ("optional",)
OPTIONAL_SHARE = 0.15


@dataclass(frozen=True)
class Opt:
    """A value that may be None: ``inner`` is "int", "float" or ("tuple", kinds)."""
    inner: object


def optional_program(rng):
    """Whether the program about to be drawn from ``rng`` uses optional values (like
    ``complex_program``: no draw from ``rng``)."""
    return random.Random("optional" + repr(rng.getstate()[1][:16])).random() < OPTIONAL_SHARE


def _opt_inner(g):
    r = g.rng.random()
    if r < 0.45:
        return "int"
    if r < 0.88:
        return "float"
    return ("tuple", tuple(g.choice(["int", "float"]) for _ in range(2)))


#: Known bug (fixed in the tenth session, back in the sample): a NumPy scalar held in a variable that may be None (`v = a0[0]`,
#: `if c: v = None`; a ufunc passed as an argument: `r = g0(x)`) loses NumPy's rules in
#: compiled code: `v / 0.0` raises ZeroDivisionError (CPython's NumPy float: inf), `'%r' %
#: (v <= 1.0,)` is 'True' (CPython: 'np.True_'): test_jit_raised_optional_npscalar.
#: Skipped: in programs passing ufuncs, values put into optionals go through `int()` /
#: `float()` (``_opt_num``).
OPT_NPSCALAR = "optional-npscalar"


def _opt_num(g, d, kind):
    """An int or float expression for a value that may be None (see OPT_NPSCALAR)."""
    src = g.e(kind, d).src
    if OPT_NPSCALAR in g.skip_bugs and g.fn_on and "fnarg-ufunc" not in g.skip_bugs:
        return f"{kind}({src})"
    return src


def _opt_value(g, d, inner):
    """A (non-None) value of type ``inner``."""
    if isinstance(inner, tuple):
        return "(" + ", ".join(_opt_num(g, d, k) for k in inner[1]) + ")"
    return _opt_num(g, d, inner)


def _none_return(g):
    return g.choice(["return None", "return None", "return"])


def _cond(g, d):
    """A condition that reads a variable: compiled code drops the branches of a
    constant one (``if False:``), and then a value meant to be optional is always None
    or never (an operation on a None known when compiling is a TypingError)."""
    # (not strings: a condition on them is folded when compiling too)
    names = {n for n, t in g.scope if t != "str"}
    for _ in range(4):
        c = g.bool(d)
        if names & set(_NAME.findall(c)):
            return c
    return c


def gen_opt_helper(g, idx):
    """``def hN(p0, ...)`` returning a number (or a tuple) on some paths and None on
    the others."""
    kinds = [g.choice(["int", "float", "bool"]) for _ in range(g.rng.randint(1, 2))]
    inner = _opt_inner(g)
    saved_scope, saved_assign = g.scope, g.assignable
    g.scope = [(f"p{i}", k) for i, k in enumerate(kinds)]
    g.block_start, g.block_id, g.dead_loop_vars = len(g.scope), 0, []
    g.assignable = set()
    g.ret_kinds = None
    lines = []
    for _ in range(g.rng.randint(0, 2)):
        s = g.pick("stmt", 1)
        if s:
            lines += s
    r = g.rng.random()
    if r < 0.3:
        lines += [f"if {_cond(g, 1)}:", "    " + _none_return(g)]
        lines.append(f"return {_opt_value(g, 1, inner)}")
    elif r < 0.55:
        # (not falling off the end: compiled code asks for a final `return` there)
        lines += [f"if {_cond(g, 1)}:", f"    return {_opt_value(g, 1, inner)}",
                  _none_return(g)]
    elif r < 0.7:
        v, c = _opt_value(g, 1, inner), _cond(g, 1)
        lines.append(f"return {v} if {c} else None" if g.chance(0.7)
                     else f"return None if {c} else {v}")
    else:
        # a search: the first index that satisfies a condition, else None
        i = g.fresh("i")
        n = g.choice([f"{g.rng.randint(0, 6)}", f"{g.int(1)} % 7"])
        g.scope.append((i, "int"))
        cond, v = _cond(g, 1), _opt_value(g, 1, inner)
        g.scope.pop()
        lines += [f"for {i} in range({n}):", f"    if {cond}:", f"        return {v}",
                  _none_return(g)]
    src = [f"def h{idx}({', '.join(f'p{i}' for i in range(len(kinds)))}):"] + indent(lines)
    g.scope, g.assignable = saved_scope, saved_assign
    g.helpers.append((f"h{idx}", kinds, Opt(inner)))
    g.used.add("optional")
    return src


def _narrowed(g, d, name, opt):
    """A block in which ``name`` is known not to be None: it is in scope with its
    number type (not reassignable: below the block's own names)."""
    g.scope.append((name, opt.inner))
    body = block(g, d)
    g.scope.pop()
    return body


def _opt_use(g, d, name, opt):
    """Lines using the optional ``name`` right after it was set."""
    scalar = not isinstance(opt.inner, tuple)
    r = g.rng.random()
    if d > MAX_DEPTH:
        r = 0.9
    if r < 0.3:
        if g.chance(0.5):
            return [f"if {name} is None:"] + block(g, d) + ["else:"] + _narrowed(g, d, name, opt)
        lines = [f"if {name} is not None:"] + _narrowed(g, d, name, opt)
        if g.chance(0.4):
            lines += ["else:"] + block(g, d)
        return lines
    if r < 0.45 and scalar:
        # truth value: None is false, a number by its own truth (0, 0.0, -0.0 false)
        if g.chance(0.5):
            lines = [f"if {name}:"] + _narrowed(g, d, name, opt)
            return lines + (["else:"] + block(g, d) if g.chance(0.5) else [])
        return [f"if not {name}:"] + block(g, d) + ["else:"] + _narrowed(g, d, name, opt)
    v = g.fresh()
    if r < 0.65:
        default = _opt_value(g, d, opt.inner)
        src = (f"{name} if {name} is not None else {default}" if g.chance(0.6)
               else f"{default} if {name} is None else {name}")
        g.scope.append((v, opt.inner))
        if scalar:
            g.assignable.add(v)
        return [f"{v} = {src}"]
    if r < 0.85:
        e = _opt_direct(g, d, name, opt)
        g.scope.append((v, e.ty))
        g.assignable.add(v)
        return [f"{v} = {e.src}"]
    return []


def _opt_direct(g, d, name, opt):
    """An expression using the optional ``name`` as a number (TypeError when None)."""
    if isinstance(opt.inner, tuple):
        k = g.rng.randrange(len(opt.inner[1]))
        kind = opt.inner[1][k]
        item = f"{name}[{k}]"
        if g.chance(0.5):
            return E(item, kind)
        return E(f"({item} {g.choice(['+', '-', '*'])} {g.e(kind, d).src})", kind)
    kind = opt.inner
    r = g.rng.random()
    if r < 0.35:
        return E(f"({name} {g.choice(['+', '-', '*'])} {g.e(kind, d).src})", kind)
    if r < 0.6:
        return E(f"({g.e(kind, d).src} {g.choice(['+', '-', '*'])} {name})", kind)
    if r < 0.7:
        return E(f"(-{name})", kind)
    if r < 0.8:
        return E(f"abs({name})", kind)
    if r < 0.9:
        return E(f"float({name})", "float")
    return E(f"({name} {g.choice(['<', '>='])} {g.e(kind, d).src})", "bool")


def _opt_vars(g, pred=lambda inner: True):
    return g.vars_of(lambda t: isinstance(t, Opt) and pred(t.inner))


def _opt_bind(g, name, opt, lines, d):
    g.scope.append((name, opt))
    return lines + _opt_use(g, d, name, opt)


@rule("stmt", 2, bugs=OPT)
def stmt_opt_call(g, d):
    """``r = hN(...)`` of a helper that may return None, then a use of ``r``."""
    hs = [h for h in g.helpers if isinstance(h[2], Opt)]
    if not hs:
        return None
    name, ptys, opt = g.choice(hs)
    args = _call_args(g, d, ptys)
    if args is None:
        return None
    r = g.fresh("r")
    return _opt_bind(g, r, opt, [f"{r} = {name}({args})"], d)


@rule("stmt", 1, bugs=OPT)
def stmt_opt_best(g, d):
    """``best = None``, updated in a loop (``if best is None or v > best: best = v``)."""
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    kind = g.choice(["int", "float", "float"])
    best, i, v = g.fresh("best"), g.fresh("i"), g.fresh()
    arrs = g.vars_of(lambda t: isinstance(t, Arr))
    rng = (f"range(len({g.choice(arrs)[0]}))" if arrs and g.chance(0.3)
           else f"range({g.rng.randint(0, 6)})" if g.chance(0.6) else f"range({g.int(d)} % 7)")
    g.loop_depth += 1
    g.scope.append((i, "int"))
    pre = block(g, d, n=g.rng.randint(0, 1))
    val = _opt_num(g, d, kind)
    g.scope.append((v, kind))
    op = g.choice([">", "<", ">=", "<="])
    cond = f"{best} is None or {v} {op} {best}"
    if g.chance(0.3):
        cond = f"{g.bool(d)} and ({cond})"
    g.scope.pop()
    g.scope.pop()
    g.loop_depth -= 1
    g.dead_loop_vars.append((i, g.block_id))
    lines = [f"{best} = None", f"for {i} in {rng}:"]
    lines += pre if pre != indent(["pass"]) else []
    lines += [f"    {v} = {val}", f"    if {cond}:", f"        {best} = {v}"]
    return _opt_bind(g, best, Opt(kind), lines, d)


@rule("stmt", 1, bugs=OPT)
def stmt_opt_local(g, d):
    """``r = None`` set to a number in some branches: ``if c: r = e`` (``elif``)."""
    if d > MAX_DEPTH:
        return None
    inner = _opt_inner(g)
    r = g.fresh("r")
    lines = [f"{r} = None", f"if {_cond(g, d)}:", f"    {r} = {_opt_value(g, d, inner)}"]
    if g.chance(0.4):
        lines += [f"elif {_cond(g, d)}:", f"    {r} = {_opt_value(g, d, inner)}"]
    if g.chance(0.2):
        # a None again on some path
        lines += [f"if {_cond(g, d)}:", f"    {r} = None"]
    return _opt_bind(g, r, Opt(inner), lines, d)


@rule("bool", 1, bugs=OPT)
def bool_opt_test(g, d):
    """``r is None``, ``r is not None``, ``None is r``, ``not r``."""
    vs = _opt_vars(g)
    if not vs:
        return None
    n, t = g.choice(vs)
    forms = [f"({n} is None)", f"({n} is not None)", f"(None is {n})", f"(None is not {n})"]
    if not isinstance(t.inner, tuple):
        forms.append(f"(not {n})")
    return E(g.choice(forms), "bool")


def _opt_expr(g, d, kind):
    vs = _opt_vars(g, lambda inner: inner == kind or isinstance(inner, tuple) and kind in inner[1])
    if not vs:
        return None
    n, t = g.choice(vs)
    if isinstance(t.inner, tuple):
        k = t.inner[1].index(kind)
        if g.chance(0.6):
            return E(f"({n}[{k}] if {n} is not None else {g.e(kind, d).src})", kind)
        return E(f"{n}[{k}]", kind)
    r = g.rng.random()
    if r < 0.35:
        return E(f"({n} if {n} is not None else {g.e(kind, d).src})", kind)
    if r < 0.55:
        return E(f"({g.e(kind, d).src} if {n} is None else {n})", kind)
    if r < 0.7:
        return E(f"({n} if {n} else {g.e(kind, d).src})", kind)
    e = _opt_direct(g, d, n, t)
    return e if e.ty == kind else None


@rule("int", 0.7, bugs=OPT)
def int_opt(g, d):
    """An optional int read with a default, or used directly (TypeError on None)."""
    return _opt_expr(g, d, "int")


@rule("float", 0.7, bugs=OPT)
def float_opt(g, d):
    return _opt_expr(g, d, "float")


@rule("bool", 0.15, bugs=OPT)
def bool_opt_eq(g, d):
    """Reads CPython allows on None: ``r == x``, ``r != x`` (False/True), ``bool(r)``;
    compiled code takes the value there too, and raises TypeError (documented; the
    oracle models it: ``oracle._fz_read``)."""
    vs = _opt_vars(g, lambda inner: not isinstance(inner, tuple))
    if not vs:
        return None
    n, t = g.choice(vs)
    if g.chance(0.3):
        return E(f"bool({n})", "bool")
    return E(f"({n} {g.choice(['==', '!='])} {g.e(t.inner, d).src})", "bool")


# ---------------------------------------------------------------------------
# values that may be None: arrays, strings, lists, tuples with optional items
# ---------------------------------------------------------------------------
# In optional programs (rules tagged "opt-box" besides "optional") a value that may be
# None (type ``OptBox``) can also hold an array, a string, a list, or a tuple whose items
# may be None themselves: `r = None` then `if c: r = <array/string/list expression>`
# (`elif`, `r = None` again on some path), a helper returning an array (`np.full(3,
# float(p0))`, `np.linspace(...)`, `np.arange(4) + p0`), a string, a list or a tuple
# `(p0, (2.5 if c else None))` on some paths and None on others (``gen_box_helper``).
# Then: narrowed (`if r is not None:`, `if r is None: ... else:`, `if r:` of a string or
# a list, `if r is not None and len(r) > 0:`), each starting with a read through an
# attribute, a method or a subscript (`r.shape[0]`, `int(r.sum())`, `r.upper()`,
# `r.count(x)`, `r[:2]`; a tuple unpacked `a, b = r`, its optional item `b` used as the
# optional numbers above are), the array, string or list in scope for every other rule;
# a default (`v = r if r is not None else <same type>`); a use that raises TypeError on
# None (`len(r)`, `r[:1]`, `r * 2`, `r + "!"`, `a, b = r`: only the type is compared);
# in try programs, an attribute, method or subscript read, or an unpacking, in a `try:`
# whose handler prints the exception: CPython's `'NoneType' object has no attribute
# 'sum'`, `'NoneType' object is not subscriptable`, `cannot unpack non-iterable NoneType
# object` are compared as printed text; `r` returned from `f` (an array, a string or a
# list result); `print(r)` (not of a tuple: see OPT_BOX_PRINT).
#
# The names of these values start with `_fz_o` (`_fz_o12`): the oracle (oracle.py) leaves
# `_fz_` names alone, so CPython itself runs every operation on them. (The oracle's model
# of a read of an optional name, a TypeError of its own raised at the read, is compiled
# code's rule for numbers; for an attribute, a method or a subscript of an optional
# array, string or list compiled code raises CPython's AttributeError / TypeError with
# CPython's message, which only CPython's own run gives.) So every operation on them that
# may meet None is one CPython raises TypeError for (or AttributeError, only inside a
# `try` that catches it: the harness counts an AttributeError escaping CPython as a
# generator error) with operands that cannot raise first (literals, names): CPython
# raises at the operation, compiled code at the read. Not generated: a None from them
# passed where CPython takes it (a NumPy function's argument: `np.sum(None)` is None, a
# list item, `str(r)`), the truth value of an optional array.
OPT_BOX = "opt-box"
OPTB = OPT + (OPT_BOX,)
#: Gaps of the frozen build this generator was written against (TypingErrors, counted
#: as unsupported; both fixed since, commit 5bac79a): `print(r)` of an array, a string or
#: a list that may be None ("print() of a optional(array(...)) is not supported"), and a
#: string known when compiling put in a variable that may be None, or returned by a
#: function that returns None elsewhere ("cannot hold both none and str(' ')", "returns
#: none here but str('-') elsewhere"). ``--skip-bug opt-box-print`` / ``opt-box-known-str``
#: leaves them out (strings are then computed at run time).
OPT_BOX_PRINT = "opt-box-print"
OPT_BOX_KNOWN_STR = "opt-box-known-str"
#: Known bug (fixed in the tenth session, back in the sample): `len(t)` of a tuple that may be None returns the tuple's length when
#: it is None (`t = None; if c: t = (1, 2)`, `len(t)` is 2), where CPython raises
#: TypeError: object of type 'NoneType' has no len() (test_py_raised_len_optional_tuple).
#: Skipped: no `len()` of a tuple that may be None.
OPT_TUPLE_LEN = "optional-tuple-len"
#: Known bug (fixed in the tenth session, back in the sample): a run-time string that may be None defaulted to a string known when
#: compiling (`r if r is not None else 'abc'`, `... else s0.rstrip()`): an internal
#: compiler error, "LLVM error: cannot convert str("abc") to str" (test_ice_139ef26a56).
#: Skipped: the default is a run-time string.
OPT_STR_DEFAULT = "optional-str-default"


def _box_str(g, d):
    """A string for a value that may be None (see OPT_BOX_KNOWN_STR)."""
    if OPT_BOX_KNOWN_STR not in g.skip_bugs and g.chance(0.3):
        return _s(g, d)
    return _s_rt(g, d)


@dataclass(frozen=True)
class OptBox:
    """A value that may be None holding ``inner``: an ``Arr``, "str", a ``Lst``, or
    ``("tuple", kinds)`` whose kinds are "int", "float" or ``Opt`` of one of them."""
    inner: object


def _box_inner(g, helper=False):
    """The type a value that may be None holds (for a helper: arrays of a fixed length,
    `L3`; for a local: None when it is an array, whose type is the expression's)."""
    k = _weighted(g, [("arr", 3), ("tuple", 1.5), ("str", 1.5 if g.str_on else 0),
                      ("list", 1.5 if g.list_on else 0)])
    if k == "arr":
        if not helper:
            return None
        return Arr(g.choice(["float64", "float64", "int64", "bool"]), 1,
                   f"L{g.rng.randint(0, 4)}")
    if k == "str":
        return "str"
    if k == "list":
        return _rand_lst(g, simple=helper)
    kinds = [g.choice(["int", "float"]) for _ in range(2)]
    j = g.rng.randrange(2)
    kinds[j] = Opt(kinds[j])
    return ("tuple", tuple(kinds))


def _box_value(g, d, inner):
    """A (non-None) value of type ``inner`` (arrays: of a helper, see ``_box_inner``)."""
    if isinstance(inner, Arr):
        k = int(inner.tag[1:])
        if inner.dtype == "float64":
            return g.choice([f"np.full({k}, float({g.num(d).src}))",
                             f"np.linspace({g.float(d)}, {g.num(d).src}, {k})",
                             f"(np.arange({k}) * {g.float(d)})",
                             f"(np.zeros({k}) + {g.float(d)})"])
        if inner.dtype == "int64":
            return g.choice([f"(np.arange({k}) + {g.int(d)})", f"np.full({k}, {g.int(d)})",
                             f"(np.arange({k}) * {g.int(d)})"])
        return f"(np.arange({k}) > {g.int(d)})"
    if inner == "str":
        return _box_str(g, d)
    if isinstance(inner, Lst):
        return _lst(g, d, inner).src
    parts = []
    for k in inner[1]:
        if isinstance(k, Opt):
            v, c = _opt_num(g, d, k.inner), _cond(g, d)
            parts.append(f"({v} if {c} else None)" if g.chance(0.5) else f"(None if {c} else {v})")
        else:
            parts.append(g.e(k, d).src)
    return "(" + ", ".join(parts) + ")"


def gen_box_helper(g, idx):
    """``def hN(p0, ...)`` returning an array, a string, a list or a tuple with an
    optional item on some paths and None on the others (as ``gen_opt_helper``)."""
    kinds = [g.choice(["int", "float", "bool"]) for _ in range(g.rng.randint(1, 2))]
    inner = _box_inner(g, helper=True)
    saved_scope, saved_assign, saved_rt = g.scope, g.assignable, g.str_flags
    saved_lists = g.list_nogrow, g.list_noshrink, g.list_alias
    g.list_nogrow, g.list_noshrink, g.list_alias = [], [], set()
    g.scope = [(f"p{i}", k) for i, k in enumerate(kinds)]
    g.block_start, g.block_id, g.dead_loop_vars = len(g.scope), 0, []
    g.assignable, g.str_flags = set(), {}
    g.ret_kinds = None
    lines = []
    for _ in range(g.rng.randint(0, 2)):
        s = g.pick("stmt", 1)
        if s:
            lines += s
    r = g.rng.random()
    if r < 0.35:
        lines += [f"if {_cond(g, 1)}:", "    " + _none_return(g)]
        lines.append(f"return {_box_value(g, 1, inner)}")
    elif r < 0.65:
        lines += [f"if {_cond(g, 1)}:", f"    return {_box_value(g, 1, inner)}",
                  _none_return(g)]
    else:
        v, c = _box_value(g, 1, inner), _cond(g, 1)
        lines.append(f"return {v} if {c} else None" if g.chance(0.7)
                     else f"return None if {c} else {v}")
    src = [f"def h{idx}({', '.join(f'p{i}' for i in range(len(kinds)))}):"] + indent(lines)
    g.scope, g.assignable, g.str_flags = saved_scope, saved_assign, saved_rt
    g.list_nogrow, g.list_noshrink, g.list_alias = saved_lists
    g.helpers.append((f"h{idx}", kinds, OptBox(inner)))
    g.used.add("opt_box_helper")
    return src


def _box_vars(g, pred=lambda inner: True):
    return g.vars_of(lambda t: isinstance(t, OptBox) and pred(t.inner))


def _box_enter(g, name, inner):
    """``name`` (not None here) joins the scope as its array, string or list."""
    g.scope.append((name, inner))
    if inner == "str":
        g.str_flags[name] = _RT
    elif isinstance(inner, Lst):
        g.list_alias.add(name)  # (it may be another list variable)


def _box_read(g, d, name, inner, scalar=False):
    """A read of ``name`` through an attribute, a method, a subscript or ``len``: (source,
    type, what None raises: "attr" AttributeError, "sub" TypeError with CPython's message,
    "len" TypeError), or None. ``scalar``: the result is an int, a float, a bool or a
    string."""
    n = name
    opts = []
    if isinstance(inner, Arr):
        opts += [(f"{n}.shape[0]", "int", "attr"), (f"{n}.size", "int", "attr"),
                 (f"len({n})", "int", "len"), (f"bool({n}.any())", "bool", "attr"),
                 (f"bool({n}.all())", "bool", "attr")]
        if inner.dtype != "uint64" and kind_of(inner.dtype) in "biu":
            opts.append((f"int({n}.sum())", "int", "attr"))
        if kind_of(inner.dtype) == "f":
            opts.append((f"float({n}[:1].sum())", "float", "sub"))
        if not scalar:
            opts += [(f"{n}.copy()", inner, "attr"),
                     (f"{n}[::-1]", Arr(inner.dtype, inner.ndim, g.fresh("T")), "sub")]
    elif inner == "str":
        opts += [(f"{n}.upper()", "str", "attr"), (f"{n}.strip()", "str", "attr"),
                 (f"{n}.find({_slit(g)})", "int", "attr"),
                 (f"{n}.startswith({_slit(g)})", "bool", "attr"),
                 (f"{n}[:2]", "str", "sub"), (f"len({n})", "int", "len")]
    elif isinstance(inner, Lst):
        opts.append((f"len({n})", "int", "len"))
        if _clean(inner) and _simple(inner):
            lit = (float_lit_src(g.choice(FLOAT_CLEAN)) if inner.item == "float" else
                   _slit(g) if inner.item == "str" else LITERALS[inner.item](g).src)
            opts.append((f"{n}.count({lit})", "int", "attr"))
        if inner.item in ("int", "float", "bool", "str"):
            opts.append((f"{n}[{g.rng.randint(-2, 1)}]", inner.item, "sub"))
        if not scalar:
            opts += [(f"{n}.copy()", inner, "attr"), (f"{n}[:2]", inner, "sub")]
    else:
        kinds = inner[1]
        for i, k in enumerate(kinds):
            if not isinstance(k, Opt):
                opts.append((f"{n}[{i}]", k, "sub"))
        if OPT_TUPLE_LEN not in g.skip_bugs:
            opts.append((f"len({n})", "int", "len"))
    return g.choice(opts) if opts else None


def _box_bind_value(g, v, ty):
    """Variable ``v`` (just assigned) joins the scope with type ``ty``."""
    if isinstance(ty, Lst):
        _bind_list(g, v, ty)
        return
    g.scope.append((v, ty))
    if ty == "str":
        g.str_flags[v] = _RT
    elif ty in ("int", "float", "bool"):
        g.assignable.add(v)


def _box_unpack(g, d, name, inner):
    """``a, b = name`` (a tuple): lines, the names bound (the optional item used as
    ``_opt_use`` does)."""
    names = [g.fresh() for _ in inner[1]]
    lines = [f"{', '.join(names)} = {name}"]
    return lines, names


def _box_bind_items(g, d, names, inner):
    lines = []
    for v, k in zip(names, inner[1]):
        if isinstance(k, Opt):
            lines += _opt_bind(g, v, k, [], d)
        else:
            _box_bind_value(g, v, k)
    return lines


def _box_narrowed(g, d, name, inner):
    """A block in which ``name`` is not None: it starts with a read of it."""
    saved = len(g.scope)
    if isinstance(inner, tuple):
        first, names = _box_unpack(g, d, name, inner)
        first += _box_bind_items(g, d, names, inner)
    else:
        _box_enter(g, name, inner)
        first = []
        x = _box_read(g, d, name, inner)
        if x is not None:
            v = g.fresh()
            first.append(f"{v} = {x[0]}")
            _box_bind_value(g, v, x[1])
        if isinstance(inner, Lst) and inner.item in ("int", "float", "bool", "str") \
                and _may_grow(g, name, inner) and g.chance(0.3):
            first.append(f"{name}.append({_item(g, d, inner.item, inner.nan)})")
    body = block(g, d, n=g.rng.randint(0, 2))
    del g.scope[saved:]
    if body == indent(["pass"]) and first:
        body = []
    return indent(first) + body


def _box_default(g, d, name, inner):
    """``v = name if name is not None else <a value of its type>`` (arrays: one of the
    same dtype and dimensions from scope), or []."""
    if isinstance(inner, Arr):
        other = None
        for _ in range(3):
            y = g.arr(d, kinds=kind_of(inner.dtype))
            if y is not None and y.ty.dtype == inner.dtype and y.ty.ndim == inner.ndim:
                other = y
                break
        if other is None:
            return []
        ty = inner if other.ty.tag == inner.tag else Arr(inner.dtype, inner.ndim, g.fresh("T"))
        default = other.src
    elif inner == "str":
        ty = "str"
        default = _s_rt(g, d) if OPT_STR_DEFAULT in g.skip_bugs else _s(g, d)
    elif isinstance(inner, Lst):
        ty, default = inner, _lst(g, d, inner).src
    else:
        return []
    v = g.fresh()
    src = (f"{name} if {name} is not None else {default}" if g.chance(0.6)
           else f"{default} if {name} is None else {name}")
    if isinstance(ty, Lst):
        _bind_list(g, v, ty, alias=True)
    else:
        _box_bind_value(g, v, ty)
    return [f"{v} = {src}"]


def _box_direct(g, d, name, inner):
    """A use that raises TypeError when ``name`` is None (only its type is compared)."""
    v = g.fresh()
    if isinstance(inner, tuple):
        if OPT_TUPLE_LEN not in g.skip_bugs and g.chance(0.3):
            _box_bind_value(g, v, "int")
            return [f"{v} = len({name})"]
        lines, names = _box_unpack(g, d, name, inner)
        return lines + _box_bind_items(g, d, names, inner)
    r = g.rng.random()
    if r < 0.35:
        lines, ty = [f"{v} = len({name})"], "int"
    elif isinstance(inner, Arr):
        if r < 0.7 or inner.dtype == "bool":
            lines, ty = [f"{v} = {name}[:1]"], Arr(inner.dtype, inner.ndim, g.fresh("T"))
        else:
            lines, ty = [f"{v} = {name} * 2"], inner
    elif inner == "str":
        lines, ty = [f"{v} = {name}[:1]" if r < 0.7 else f"{v} = {name} + {_slit(g)}"], "str"
    else:
        lines, ty = [f"{v} = {name}[:2]" if r < 0.7 else f"{v} = {name} + {name}"], inner
    _box_bind_value(g, v, ty)
    return lines


def _box_try(g, d, name, inner):
    """A read of ``name`` (an attribute, a method, a subscript, an unpacking) in a try
    whose handler prints CPython's message when it is None."""
    e = g.fresh("exc")
    if isinstance(inner, tuple) and g.chance(0.6):
        lines, names = _box_unpack(g, d, name, inner)
        defaults = ["None" if isinstance(k, Opt) else LITERALS[k](g).src for k in inner[1]]
        out = ["try:"] + indent(lines) + [f"except TypeError as {e}:",
                                          f"    print({e})",
                                          f"    {', '.join(names)} = {', '.join(defaults)}"]
        g.used.add("opt_box_try")
        return out + _box_bind_items(g, d, names, inner)
    x = _box_read(g, d, name, inner, scalar=True)
    if x is None:
        return []
    src, ty, what = x
    v = g.fresh()
    if what == "attr":
        handler = [f"except AttributeError as {e}:", "    " + g.choice(
            [f"print({e})", f"print('caught', {e}, sep=': ')", f'print(f"<{{{e}}}>")'])]
    elif what == "sub":
        handler = [f"except TypeError as {e}:", f"    print({e})"]
    else:
        # (len(None): compiled code's message is its own)
        handler = ["except TypeError:", "    print('no len')"]
    default = _slit(g) if ty == "str" else LITERALS[ty](g).src
    g.used.add("opt_box_try")
    out = ["try:", f"    {v} = {src}"] + handler + [f"    {v} = {default}"]
    _box_bind_value(g, v, ty)
    return out


def _box_use(g, d, name, inner):
    """Lines using ``name`` (an ``OptBox`` of ``inner``) right after it was set."""
    r = g.rng.random()
    if d > MAX_DEPTH:
        r = 0.9
    if r < 0.35:
        if g.chance(0.5):
            lines = [f"if {name} is not None:"] + _box_narrowed(g, d, name, inner)
            if g.chance(0.4):
                lines += ["else:"] + block(g, d)
            return lines
        return [f"if {name} is None:"] + block(g, d) + ["else:"] + \
            _box_narrowed(g, d, name, inner)
    if r < 0.47 and not isinstance(inner, tuple):
        if isinstance(inner, Arr):
            cond = f"{name} is not None and {name}.size > {g.rng.randint(0, 2)}"
        elif g.chance(0.5):
            cond = f"{name} is not None and len({name}) > {g.rng.randint(0, 2)}"
        else:
            cond = name if inner == "str" or g.chance(0.5) else f"not {name}"
            if cond.startswith("not "):
                return [f"if {cond}:"] + block(g, d) + ["else:"] + \
                    _box_narrowed(g, d, name, inner)
        return [f"if {cond}:"] + _box_narrowed(g, d, name, inner)
    if r < 0.6:
        return _box_default(g, d, name, inner)
    if r < 0.72:
        return _box_direct(g, d, name, inner)
    if r < 0.88 and g.try_ok:
        return _box_try(g, d, name, inner)
    if r < 0.94 and not isinstance(inner, tuple) and OPT_BOX_PRINT not in g.skip_bugs:
        return [f"print({name})"]
    return []


def _box_bind(g, name, inner, lines, d):
    g.scope.append((name, OptBox(inner)))
    return lines + _box_use(g, d, name, inner)


@rule("stmt", 1.2, bugs=OPTB)
def stmt_box_call(g, d):
    """``r = hN(...)`` of a helper that may return None instead of an array, a string, a
    list or a tuple, then a use of ``r``."""
    hs = [h for h in g.helpers if isinstance(h[2], OptBox)]
    if not hs:
        return None
    name, ptys, ob = g.choice(hs)
    args = _call_args(g, d, ptys)
    if args is None:
        return None
    r = g.fresh("_fz_o")
    return _box_bind(g, r, ob.inner, [f"{r} = {name}({args})"], d)


@rule("stmt", 1, bugs=OPTB)
def stmt_box_local(g, d):
    """``r = None`` set to an array, a string, a list or a tuple in some branches."""
    if d > MAX_DEPTH:
        return None
    inner = _box_inner(g)
    v2 = None
    if inner is None:
        x = g.arr(d)
        if x is None:
            return None
        inner, v1 = x.ty, x.src
        if g.chance(0.4):
            for _ in range(3):
                y = g.arr(d, kinds=kind_of(inner.dtype))
                if y is not None and y.ty.dtype == inner.dtype and y.ty.ndim == inner.ndim:
                    v2 = y.src
                    if y.ty.tag != inner.tag:
                        inner = Arr(inner.dtype, inner.ndim, g.fresh("T"))
                    break
    elif inner == "str":
        v1 = _box_str(g, d)
        v2 = _box_str(g, d) if g.chance(0.4) else None
    elif isinstance(inner, Lst):
        v1 = _lst(g, d, inner).src
        v2 = _lst(g, d, inner).src if g.chance(0.4) else None
    else:
        v1 = _box_value(g, d, inner)
        v2 = _box_value(g, d, inner) if g.chance(0.3) else None
    r = g.fresh("_fz_o")
    lines = [f"{r} = None", f"if {_cond(g, d)}:", f"    {r} = {v1}"]
    if v2 is not None:
        lines += [f"elif {_cond(g, d)}:", f"    {r} = {v2}"]
    if g.chance(0.2):
        lines += [f"if {_cond(g, d)}:", f"    {r} = None"]
    g.used.add("opt_box_local")
    return _box_bind(g, r, inner, lines, d)


@rule("stmt", 0.6, bugs=OPTB)
def stmt_box_again(g, d):
    """A later use of a value that may be None (narrowed, defaulted, read in a try...)."""
    vs = _box_vars(g)
    if not vs:
        return None
    n, t = g.choice(vs)
    return _box_use(g, d, n, t.inner) or None


@rule("bool", 0.3, bugs=OPTB)
def bool_box_test(g, d):
    vs = _box_vars(g)
    if not vs:
        return None
    n, _ = g.choice(vs)
    return E(g.choice([f"({n} is None)", f"({n} is not None)", f"(None is not {n})"]), "bool")


# ---------------------------------------------------------------------------
# try / except / else / finally
# ---------------------------------------------------------------------------
# In "tryexcept" programs (TRY_SHARE of them, decided like complex programs) `f` and the
# helpers hold try statements: `try:` with one to three `except` clauses (by class, with
# CPython's class tree: `except ArithmeticError:` catches ZeroDivisionError and
# OverflowError, `except LookupError:` IndexError and KeyError; a tuple of classes;
# `except Exception:`; a bare `except:`, last; sometimes `as excN`), `else:` and
# `finally:` (also a try with only a finally). The try body mixes ordinary statements
# with statements that raise on some inputs (`_risky`): `//` and `%` by an int that may be
# 0, `/` by a float that may be 0.0, `math.sqrt`/`math.log` of a negative,
# `math.exp(x * 1000.0)` (OverflowError), `raise ValueError("...")` / `IndexError` /
# `KeyError("k")` under a condition, a call of the program's raising helper (`hN`, from
# gen_raise_helper: raises under a condition), and, in try programs compiled with
# boundscheck=True (TRY_BOUNDSCHECK of them) and in oob ones (checks on by default: see
# "out-of-range indices"), an array element read by an index that may be out of range
# (IndexError). Each part records itself in the function's `trace`
# (`trace = trace * 10 + 3`): `f` returns `trace` as its last result, a helper folds it
# into its own (`_trace_fold`), so the order in which try, handlers, else and finally ran
# is compared, not only the values. Exceptions no clause catches escape (compared by type
# and message). Handlers may raise again (a new exception); raise messages may be
# computed at run time (`ValueError(s)`, `ValueError("bad " + s)`, `"bad " + str(n)`).
#
# The exception object (`except E as excN:`, `_exc_reads`): a handler prints it
# (`print(excN)`, `print(f"<{excN}>")`), takes its text (`str(excN)`, `f"{excN}"`,
# `excN.args[0]`: a KeyError shows its key's repr, as CPython) into a run-time string whose
# length goes into `trace` (in "strings" programs later rules use it too), tests its class
# (`isinstance(excN, ValueError)`, `(LookupError, TypeError)`), and re-raises it
# (`raise excN`, a bare `raise`, also after an inner try/except inside the handler:
# `_reraise`; under a condition in helpers, which must return on some path). `return`,
# `break` and `continue` inside the body, the handlers and `else` of a try that has a
# `finally` leave through the finally (`_exit_stmt`, besides `stmt_early_return` and
# `stmt_break_continue`); the finally runs, and sometimes prints `trace`, since a
# `return` has taken its value already. `del name` (`stmt_del`) of a local or a parameter
# (numbers, strings, tuples, arrays): one of the current block, gone from the scope, or
# any, only on some path (`if c: del name`), left in the scope: a later read raises
# UnboundLocalError in both (the harness accepts CPython's UnboundLocalError as a result
# only in programs with a `del` statement). The oracle's OverflowError for a float
# converted beyond int64 carries compiled code's message, for handlers that read it.
#
# Not generated (compile errors today, docs/supported.md): `return`, `break` or
# `continue` inside a `finally` block itself (`g.no_return`, `g.finally_loop`: a loop
# inside the finally may still break), attributes of the exception object other than
# `args` (`type(e)`), classes that are not builtins, `del` of a name an inner function
# reads (a cell variable), a bare `raise` outside a handler. The text of the exception
# object is not read where it may be a TypeError of a None value or of NumPy bools
# (`except Exception` in optional and fnarg programs: compiled code's messages differ on
# purpose); `args[0]` where it may be a float `**` overflow is read as `str(excN.args[0])`
# (CPython's is the int 34), and not at all while "exc-args-errno" is skipped (an open
# bug). The open bugs of `del` (DEL_PARAM & co., below) have their names for
# `--skip-bug`.
TRY = ("tryexcept",)
TRY_SHARE = 0.15
#: Known bug (fixed since: the web analysis models try): in a function holding a try
#: statement, every assignment of a name took one type (the webs of a name were not
#: split: `v = 1.5; v = x + 1` returned a float, `v = 1.5; v = a + 1` was a TypingError, a
#: loop's int variable reused for a bool printed `1`). ``--skip-bug try-rebind`` leaves
#: `stmt_rebind` and `stmt_reuse_loop_var` out of the functions that may hold a try
#: (``g.try_ok``); other programs keep them.
TRY_REBIND = "try-rebind"
#: The share of try programs compiled with {"boundscheck": True} (unless with
#: boundscheck=False: BOUNDSCHECK_OFF), decided first; their `_risky` statements include
#: element reads out of range, as those of oob try programs do (``g.try_oob``)
TRY_BOUNDSCHECK = 0.4
#: Known bug (open): `excN.args[0]` of CPython's errno-style OverflowError of a float
#: `**` (`2.0 ** 1e10`: args `(34, 'Numerical result out of range')`) raises
#: NotImplementedError in compiled code (`e.args` is `(message,)`; the whole message
#: until the sixteenth session): test_value_36c0026884.
EXC_ARGS_ERRNO = "exc-args-errno"
#: Known bugs (open) of `del name` (stmt_del): a helper that deletes one of its parameters
#: (even on some path) is an internal compiler error in its caller ("variable typed int64
#: read as float64"); a `del` run a second time in a loop does not raise
#: UnboundLocalError; a string known when compiling, deleted on some path, is still
#: read (`len(s0)`, `s0 == "a"`, `s0.upper()` folded without the unbound check); a name
#: deleted inside a `finally` block is still bound after it (its old value; an array
#: parameter reads as an empty array), and one deleted in the body of a try is still
#: bound in its `finally` (DEL_FINALLY: no `del` anywhere in a try that has a finally);
#: the UnboundLocalError of a name deleted on some path is raised before the operands to
#: its left are evaluated (`max(x1 / 0, x0)`: CPython's ZeroDivisionError comes first;
#: DEL_ORDER: a name deleted on some path is read once at once, `print(v)`, then never).
#: Regression tests: test_ice_a4edccd879, test_py_raised_334cb8f0ba, _a0d97db54c,
#: _7bcb32f66a, _feb1116ede, test_exc_type_ed963dbdf0.
DEL_PARAM, DEL_LOOP, DEL_KNOWN_STR, DEL_FINALLY, DEL_ORDER = (
    "del-param", "del-loop", "del-known-str", "del-finally", "del-order")
#: Known bug (fixed in the tenth session, back in the sample): a name deleted on some path and read in the right operand of `and` /
#: `or` in the test of an `if` (or a `while`) raises UnboundLocalError even when that
#: operand is not evaluated (`if x1 < 0 and x0:` after `if c: del x0`; CPython does not
#: read it; in an assignment, `v = x1 < 0 and x0`, compiled code is right):
#: test_jit_raised_del_short_circuit. Skipped as DEL_ORDER is (read once, at once).
DEL_SHORT = "del-short-circuit"
#: Known bug (open): `break`/`continue` leaving a loop's try through its `finally` run the
#: finally, but its assignments are lost after the jump (`for ...: try: continue finally:
#: t = t + 1` leaves `t` at 0; test_value_e193e7a3ec). Skipped: no break/continue across a
#: finally (`g.fin_loop`); `return` through a finally is generated.
FINALLY_JUMP = "finally-jump"
#: except clauses that may catch the OverflowError of a float `**`
OVERFLOW_HANDLERS = {"ArithmeticError", "Exception", "OverflowError",
                     "(OverflowError, ValueError)"}
#: handlers that may catch a KeyError (with dicts: its `args[0]` may be any key)
KEY_HANDLERS = {"KeyError", "LookupError", "Exception", "(ZeroDivisionError, KeyError)"}
#: classes tested with isinstance(excN, ...)
ISINSTANCE_CLASSES = ["ValueError", "ZeroDivisionError", "ArithmeticError", "LookupError",
                      "(LookupError, TypeError)", "(ValueError, OverflowError)", "KeyError",
                      "IndexError", "OverflowError", "Exception"]

#: except clauses and their weights ("" is a bare `except:`)
HANDLERS = [("ZeroDivisionError", 3), ("(ValueError, IndexError)", 2), ("ArithmeticError", 2),
            ("Exception", 1.5), ("", 1), ("ValueError", 1), ("OverflowError", 1),
            ("IndexError", 0.7), ("KeyError", 0.7), ("LookupError", 0.7),
            ("(ZeroDivisionError, KeyError)", 0.5), ("(OverflowError, ValueError)", 0.5)]
RAISES = [('ValueError("bad value")', 3), ('IndexError("out of range")', 2),
          ('KeyError("k")', 2), ('ValueError("negative")', 1),
          ('ZeroDivisionError("explicit")', 0.5), ('OverflowError("too big")', 0.5)]


def tryexcept_program(rng):
    """Whether the program about to be drawn from ``rng`` has try statements (like
    ``complex_program``: no draw from ``rng``)."""
    return random.Random("tryexcept" + repr(rng.getstate()[1][:16])).random() < TRY_SHARE


def _trace(g):
    """``trace = trace * 10 + k``: the next digit 1..9 (ints wrap in both)."""
    g.trace_step = g.trace_step % 9 + 1
    g.traced = True
    return f"trace = trace * 10 + {g.trace_step}"


def _trace_fold(kind, src):
    """A helper's result ``src`` (of ``kind``) that also depends on its ``trace``."""
    if isinstance(kind, Lst):
        # (a list: its length changes with `trace`)
        return f"({src} * (1 + trace % 2))"
    if isinstance(kind, Dct):
        return _dtrace_fold(src)
    if kind == "bool":
        return f"({src} != (trace % 2 == 1))"
    if kind == "str":
        return f"({src} + str(trace))"
    return f"({src} + trace)"


def _weighted(g, table):
    return g.rng.choices([x for x, _ in table], [w for _, w in table])[0]


def _raise_src(g, d):
    """``raise E("...")``, sometimes with a number (or a string) in an f-string message."""
    exc = _weighted(g, RAISES)
    vs = [n for n, t in g.scope if t in ("int", "bool") or t == "str"]
    if vs and g.chance(0.2) and not exc.startswith("KeyError"):
        cls = exc.split("(")[0]
        exc = f'{cls}(f"bad {{{g.choice(vs)}}}")'
    elif vs and g.chance(0.2):
        # a message computed at run time: `ValueError(s)`, `ValueError("bad " + s)`,
        # `KeyError("bad " + str(n))` (a KeyError shows its message's repr)
        cls = exc.split("(")[0]
        v = g.choice(vs)
        s = v if v in {n for n, t in g.scope if t == "str"} else f"str({v})"
        exc = f"{cls}({g.choice([s, repr('bad ') + ' + ' + s, s + ' + ' + repr('!')])})"
    return f"raise {exc}"


def _raise_cond(g, d):
    """A condition for ``if c: raise ...`` that reads a variable (a raise that always
    runs makes the rest of its function unreachable: a helper that never returns is
    typed None in compiled code), or None if there is no variable to read."""
    c = _cond(g, d)
    names = {n for n, t in g.scope if t in ("int", "float", "bool")}
    if names & set(_NAME.findall(c)):
        return c
    if not names:
        return None
    return f"{c} and bool({g.choice(sorted(names))})"


def _maybe_zero_int(g, d):
    ints = [n for n, t in g.scope if t == "int"]
    r = g.rng.random()
    if r < 0.3 and ints:
        return g.choice(ints)
    if r < 0.75:
        return f"({g.int(d)} % {g.choice([2, 3])})"
    if r < 0.85:
        return "0"
    return g.int(d)


def _maybe_zero_float(g, d):
    r = g.rng.random()
    if r < 0.4:
        return f"float({g.int(d)} % 2)"
    if r < 0.55:
        return "0.0"
    if r < 0.7:
        return "(-0.0)"
    return g.float(d)


def _risky(g, d):
    """Lines that raise on some inputs (a new local may join the scope)."""
    if g.list_on and g.chance(0.3):
        lines = _list_risky(g, d)
        if lines:
            return lines
    if g.dict_on and g.chance(0.3):
        lines = _dict_risky(g, d)
        if lines:
            return lines
    v = g.fresh()

    def bind(src, kind):
        g.scope.append((v, kind))  # (after its value: the value cannot read it)
        g.assignable.add(v)
        return [f"{v} = {src}"]
    r = g.rng.random()
    if r < 0.2:
        op = g.choice(["//", "%", "//"])
        return bind(f"{g.int(d)} {op} {_maybe_zero_int(g, d)}", "int")
    if r < 0.35:
        op = g.choice(["/", "/", "//", "%"])
        return bind(f"{g.num(d).src} {op} {_maybe_zero_float(g, d)}", "float")
    if r < 0.5:
        f = g.choice(["math.sqrt", "math.log", "math.exp1000", "math.exp1000", "math.sqrt"])
        x = g.float(d) if g.chance(0.7) else g.choice(["-1.0", "1000.0", "0.0", "(-0.0)"])
        src = f"math.exp({x} * 1000.0)" if f == "math.exp1000" else f"{f}({x})"
        return bind(src, "float")
    if r < 0.72:
        c = _raise_cond(g, d)
        return [f"if {c}:", "    " + _raise_src(g, d)] if c else []
    if r < 0.87 or not g.try_oob:
        hs = [h for h in g.helpers if h[0] in g.raisers]
        if not hs:
            c = _raise_cond(g, d)
            return [f"if {c}:", "    " + _raise_src(g, d)] if c else []
        name, ptys, ret = g.choice(hs)
        args = _call_args(g, d, ptys)
        if args is None:
            return []
        return bind(f"{name}({args})", ret)
    # checks on, in oob programs or with boundscheck=True (``g.try_oob``): an element
    # read whose index may be out of range (IndexError)
    arrs = g.vars_of(lambda t: isinstance(t, Arr) and t.dtype != "uint64")
    if not arrs:
        return bind(f"{g.int(d)} // {_maybe_zero_int(g, d)}", "int")
    n, t = g.choice(arrs)
    ix = ", ".join(str(g.rng.randint(-6, 6)) if g.chance(0.6) else
                   f"{g.int(d)} % {g.rng.randint(2, 9)}" if g.chance(0.5) else g.int(d)
                   for _ in range(t.ndim))
    kind = scalar_kind(t.dtype)
    g.used.add("try_index")
    return bind(f"{kind}({n}[{ix}])", kind)


def _try_block(g, d, head, risky=0, n=None, pre=None, post=None):
    """An indented block starting with ``head`` lines, then ordinary statements and
    ``risky`` statements that may raise, in random order (its names go out of scope
    after it, as ``block``'s do). ``pre(g, d)`` and ``post(g, d)`` give more lines
    right after ``head`` and at the end (in the block's scope)."""
    saved = len(g.scope)
    saved_start, g.block_start = g.block_start, saved
    g.blocks += 1
    saved_id, g.block_id = g.block_id, g.blocks
    lines = list(head)
    if pre is not None:
        lines += pre(g, d)
    kinds = ["risky"] * risky + ["stmt"] * (n if n is not None else g.rng.randint(0, 2))
    g.rng.shuffle(kinds)
    for k in kinds:
        if k == "risky":
            lines += _risky(g, d)
            if g.chance(0.5):
                lines.append(_trace(g))  # how far the body got
        else:
            s = g.pick("stmt", d)
            if s:
                lines += s
    if post is not None:
        lines += post(g, d)
    del g.scope[saved:]
    g.block_start = saved_start
    g.dead_loop_vars = [(nm, b) for nm, b in g.dead_loop_vars if b != g.block_id]
    g.block_id = saved_id
    return indent(lines or ["pass"])


def _exc_text_ok(g, h):
    """Whether a handler of ``h`` may read its exception's text (see above; and in dicts
    programs, while DICT_KEYERROR_TEXT is skipped, not where a dict's KeyError may be
    caught)."""
    if g.dict_on and h in KEY_HANDLERS and DICT_KEYERROR_TEXT in g.skip_bugs:
        return False
    return not (h == "Exception" and (g.opt_on or g.fn_on))


def _exc_reads(g, d, h, name):
    """Lines that read the exception object ``name`` caught by ``except h as name:``:
    printed, its text (a run-time string; its length goes into ``trace``), its class."""
    lines = []
    for _ in range(g.rng.randint(1, 2)):
        r = g.rng.random()
        text = _exc_text_ok(g, h)
        if r < 0.25 and text:
            lines.append(g.choice([f"print({name})", f"print('caught', {name}, sep=': ')",
                                   f'print(f"<{{{name}}}>")']))
        elif r < 0.65 and text:
            m = g.fresh("m")
            forms = [f"str({name})", f'f"{{{name}}}"', f'f"[{{{name}}}]"',
                     f'"e: " + str({name})']
            if h not in OVERFLOW_HANDLERS:
                # (a dict's KeyError holds its key, not always a string: converted)
                a0 = f"str({name}.args[0])" if g.dict_on and h in KEY_HANDLERS \
                    else f"{name}.args[0]"
                forms += [a0, a0]
            elif EXC_ARGS_ERRNO not in g.skip_bugs:
                # (CPython's args[0] of a float `**` overflow is the int 34)
                forms += [f"str({name}.args[0])"]
            lines += [f"{m} = {g.choice(forms)}", f"trace = trace * 10 + len({m}) % 10"]
            g.scope.append((m, "str"))
            g.str_flags[m] = _RT
        else:
            cls = g.choice(ISINSTANCE_CLASSES)
            if g.chance(0.6):
                lines.append(f"trace = trace * 10 + (1 if isinstance({name}, {cls}) else 2)")
            else:
                lines += [f"if isinstance({name}, {cls}):", "    " + _trace(g)]
    g.used.add("exc_object")
    return lines


def _reraise(g, d, name):
    """The end of a handler that re-raises: ``raise excN`` or a bare ``raise``, under a
    condition (always in helpers: one that always raised would return None), sometimes
    after an inner try/except that handled an exception of its own."""
    lines = []
    if g.chance(0.3):
        inner = _weighted(g, HANDLERS) or "Exception"
        lines += ["try:"] + _try_block(g, d, [_trace(g)], risky=1, n=0)
        lines += [f"except {inner}:", "    " + _trace(g)]
    stmt = f"raise {name}" if name and g.chance(0.5) else "raise"
    c = _raise_cond(g, d) if g.ret_kinds is None or g.chance(0.6) else None
    lines += [f"if {c}:", "    " + stmt] if c else [stmt]
    g.used.add("reraise")
    return lines


def _exit_stmt(g, d):
    """``if c: return ...`` / ``break`` / ``continue`` (in a try that has a finally:
    they leave through it), or [] when none is allowed here."""
    opts = []
    if g.loop_depth > 0 and g.loop_depth > g.finally_loop \
            and not (FINALLY_JUMP in g.skip_bugs and g.loop_depth <= g.fin_loop):
        opts.append("loop")
    if g.ret_kinds is not None and not g.no_return \
            and not any(k in ("arr", "npscalar") for k in g.ret_kinds):
        opts.append("return")
    if not opts:
        return []
    g.used.add("exit_finally")
    if g.choice(opts) == "loop":
        return [f"if {g.bool(d)}:", "    " + g.choice(["break", "continue"])]
    vals = ["trace" if k == "trace" else REUSE_SLOT if k == "reuse" else
            PRANGE_SLOT if k == "prange" else _ret_src(g, k, d) for k in g.ret_kinds]
    return [f"if {g.bool(d)}:", f"    return {', '.join(vals)}"]


@rule("stmt", 3, bugs=TRY)
def stmt_try(g, d):
    """``try:`` / ``except ...:`` / ``else:`` / ``finally:`` (see above)."""
    if d > MAX_DEPTH or not g.try_ok:
        return None
    fin = g.chance(0.45)
    nh = g.choice([0, 1, 1, 1, 2, 2, 3]) if fin else g.choice([1, 1, 2, 2, 3])
    hs = []
    for _ in range(nh):
        h = _weighted(g, HANDLERS)
        if h not in hs:
            hs.append(h)
    if "" in hs:
        hs.remove("")
        hs.append("")  # a bare `except:` must be the last
    els = bool(hs) and g.chance(0.35)
    saved = g.no_return, g.finally_loop
    # (the body, handlers and else keep the context's rules: a return, break or continue
    # there leaves through the finally; only the finally block itself refuses them)
    g.fin_depth += fin
    saved_fin_loop = g.fin_loop
    if fin:
        g.fin_loop = g.loop_depth
    exits = fin and g.chance(0.5)
    where = g.rng.randint(0, len(hs) + int(els)) if exits else -1
    g.try_depth += 1
    post = (lambda g, d: _exit_stmt(g, d))
    lines = ["try:"] + _try_block(g, d, [_trace(g)], risky=g.rng.randint(1, 2),
                                  post=post if where == 0 else None)
    for k, h in enumerate(hs):
        name = None
        if h and g.chance(0.45):
            name = g.fresh("exc")
            lines.append(f"except {h} as {name}:")
        else:
            lines.append(f"except {h}:" if h else "except:")
        head = [_trace(g)]
        pre = None
        if name and g.chance(0.8):
            pre = (lambda g, d, h=h, name=name: _exc_reads(g, d, h, name))
        if where == k + 1:
            hpost = post
        elif g.chance(0.15):
            hpost = (lambda g, d, name=name: _reraise(g, d, name))
        else:
            hpost = None
        c = _raise_cond(g, d) if g.chance(0.12) else None
        if c:
            # a new exception from the handler
            lines += _try_block(g, d, head + [f"if {c}:", "    " + _raise_src(g, d)],
                                n=g.rng.randint(0, 1), pre=pre, post=hpost)
        else:
            lines += _try_block(g, d, head, n=g.rng.randint(0, 2), pre=pre, post=hpost)
    if els:
        lines += ["else:"] + _try_block(g, d, [_trace(g)], risky=int(g.chance(0.2)),
                                        n=g.rng.randint(0, 1),
                                        post=post if where == len(hs) + 1 else None)
    if fin:
        g.no_return, g.finally_loop = True, g.loop_depth
        head = [_trace(g)] + (["print('finally', trace)"] if g.chance(0.35) else [])
        lines += ["finally:"] + _try_block(g, d, head, n=g.rng.randint(0, 1))
    g.no_return, g.finally_loop = saved
    g.fin_depth -= fin
    g.fin_loop = saved_fin_loop
    g.try_depth -= 1
    g.used.add("try_finally" if fin else "try")
    return lines


def gen_raise_helper(g, idx):
    """``def hN(p0, ...)`` that raises (ValueError, IndexError, KeyError, ...) under a
    condition on its parameters, else returns a number; `_risky` calls it in try bodies,
    and it is an ordinary helper elsewhere (the exception may escape ``f``)."""
    kinds = [g.choice(["int", "float", "bool"]) for _ in range(g.rng.randint(1, 2))]
    ret = g.choice(["int", "float"])
    saved_scope, saved_assign = g.scope, g.assignable
    saved_try = g.try_ok, g.traced
    g.try_ok, g.traced = True, False
    g.scope = [(f"p{i}", k) for i, k in enumerate(kinds)]
    g.block_start, g.block_id, g.dead_loop_vars = len(g.scope), 0, []
    g.assignable = set()
    g.ret_kinds = None
    lines = []
    for _ in range(g.rng.randint(0, 2)):
        s = g.pick("stmt", 1)
        if s:
            lines += s
    for _ in range(1 if g.chance(0.6) else 2):
        c = _cond(g, 1)
        alive = [n for n, t in g.scope if re.fullmatch(r"p\d+", n) and t in kinds]
        if not {f"p{i}" for i in range(len(kinds))} & set(_NAME.findall(c)) and alive:
            # (a helper that always raises returns nothing: compiled code types its
            # calls as None, a TypingError where they meet numbers; a parameter `del`eted
            # is not read: its UnboundLocalError would come before the operands to its
            # left, DEL_ORDER)
            c = f"{c} and {alive[0]} > 0"
        lines += [f"if {c}:", "    " + _raise_src(g, 1)]
    ret_src = g.e(ret, 1).src
    if g.traced:
        lines.insert(0, "trace = 0")
        ret_src = _trace_fold(ret, ret_src)
    lines.append(f"return {ret_src}")
    src = [f"def h{idx}({', '.join(f'p{i}' for i in range(len(kinds)))}):"] + indent(lines)
    g.scope, g.assignable = saved_scope, saved_assign
    g.try_ok, g.traced = saved_try
    g.helpers.append((f"h{idx}", kinds, ret))
    g.raisers.add(f"h{idx}")
    g.used.add("raise_helper")
    return src


@rule("stmt", 0.3, bugs=TRY)
def stmt_raise(g, d):
    """``if c: raise E("...")`` anywhere (escapes unless a try around it catches it)."""
    if d > MAX_DEPTH:
        return None
    c = _raise_cond(g, d)
    return [f"if {c}:", "    " + _raise_src(g, d)] if c else None


@rule("stmt", 0.5, bugs=TRY)
def stmt_del(g, d):
    """``del name`` of a local or a parameter (numbers, strings, tuples, arrays): one of
    this block, gone from the scope (sometimes bound again at once), or any, only on
    some path (``if c: del name``), which stays in the scope: a later read raises
    UnboundLocalError when it ran, in both."""
    if g.gctx is not None and GEN_DEL in g.skip_bugs:
        return None  # (a generator's body: see GEN_DEL)
    skip = g.skip_bugs
    vs = [(i, n, t) for i, (n, t) in enumerate(g.scope)
          if (t in ("int", "float", "bool", "str") or isinstance(t, (Arr, tuple)))
          and n not in g.captured
          and not (DEL_PARAM in skip and g.ret_kinds is None and re.fullmatch(r"p\d+", n))]
    if not vs:
        return None
    i, n, t = g.choice(vs)
    here = i >= g.block_start and g.chance(0.6)
    if not here and (DEL_LOOP in skip and g.loop_depth > 0 or DEL_KNOWN_STR in skip
                     and t == "str" and not g.str_flags.get(n)) \
            or DEL_FINALLY in skip and g.fin_depth:
        return None
    g.deleted.add(n)
    g.used.add("del")
    if here:
        del g.scope[i]
        g.assignable.discard(n)
        lines = [f"del {n}"]
        if t in ("int", "float", "bool") and g.chance(0.3):
            lines.append(f"{n} = {g.e(t, d).src}")
            g.scope.append((n, t))
            g.assignable.add(n)
        return lines
    c = _cond(g, d)
    lines = [f"if {c}:", f"    del {n}"]
    if DEL_ORDER in skip or DEL_SHORT in skip:
        # read once, alone (UnboundLocalError when it ran), then out of reach: its scope
        # entry keeps its place (blocks restore the scope by length) with no usable type
        if g.chance(0.5):
            lines.append(f"print({n})" if t in ("int", "float", "bool", "str") else f"_ = {n}")
        g.scope[i] = (n, "deleted")
        g.assignable.discard(n)
    return lines


# ---------------------------------------------------------------------------
# strings
# ---------------------------------------------------------------------------
# Compiled code folds strings known when compiling: literals and `str` arguments (each
# distinct value passed from Python is its own specialisation), `==`/`!=`/`<`..., `in` (a
# tuple of strings, or a substring), `+`, `*` by a constant, `len`, indexing and slicing
# by constants, `.upper() .lower() .strip() .replace() .find() .count() .startswith()
# .endswith() .split() .isdigit() .isalpha()`, `str(s)`, truth values. Strings computed
# at run time (a reference-counted block) come from `str(x)` of numbers and bools,
# f-strings with format specs and conversions, `"%d/%s" % (i, s)` and
# `"{}".format(x)`, `sep.join(...)` (also of known strings: `"|".join(s0.split(","))` is
# computed at run time), `a if c else b`, a run-time index or slice, a name
# bound to different strings (rebound in a branch or a loop), the characters of
# `for ch in s`, the text of an exception; every operation of a run-time operand is
# run-time too. An expression of kind "str" carries the flag "rt" when it is computed at
# run time, "rtq" when it may be (`a if c else b` of two known strings: known if they
# are the same string, a constant condition is not folded); `g.str_flags` has the flags
# of names. `.split()` is only written on known strings, `.isalnum()` & co. only on
# run-time ones (`_s_known`, `_s_rt`).
#
# In "strings" programs (STRINGS_SHARE of them) `f` takes one or two `str` parameters
# `s0`, `s1` (inputs from STR_INPUTS), helpers may take strings (all of one helper's
# known, or all run-time: `g.helper_str`, each call passing that kind) and return one, and
# the rules below compute with them: string expressions (literals, `+`, `*`, methods,
# slices, `str()`, f-strings, `%`, `.format`, joins, conditional expressions, indexing
# and slicing by run-time ints that may be out of range or a zero step: IndexError /
# ValueError compared), ints (`len`, `.find`, `.count`), bools (comparisons, `in`,
# `.startswith`, `.isdigit()`...`.islower()`, truth), branches on a mode
# (`if s0 == "fast": ... elif s0 in ("slow", "a"): ... else: ...`), string locals (once,
# or built in a loop `acc = acc + str(i)` and rebound in branches), `for ch in s:`,
# prints, strings in raise messages (`ValueError(s)`, `"bad " + s`, f-strings, with
# "tryexcept"), strings returned (alone or in a tuple, by several returns).
#
# Not generated: `.split()` of a run-time string (a list in CPython: a TypingError; so
# split is only written on strings known when compiling, and only its items, its length
# and `join` of it are used: split gives a tuple in compiled code), `hash()` of a string
# (CPython's is seeded per process), `.format` of a template that is not a literal, a
# format spec computed at run time (`{x:{w}}`), `%r` with a width (`%5r`: a TypingError),
# `%d` of a float (beyond int64 compiled code raises OverflowError where CPython prints
# the big int), `str()` of a float from a libm function (its last bit may differ, and the
# whole repr shows it), `.isalnum() .isspace() .isupper() .islower()` and `.replace(a, b,
# n)` of a string known when compiling (a TypingError today: only the rare
# `bool_str_known_pred` and `str_known_method`, tagged "str-known-method", write them),
# `%5s` and `!r`/`%r` of numbers that may be NumPy scalars while "str-percent-width" /
# "str-repr-npscalar" are skipped (open bugs, below), an f-string placeholder holding a
# double quote or a backslash (Python 3.11), an int exponent computed from strings
# (`1 ** s.find("b")`: folded when compiling, a literal exponent to compiled code;
# `int_pow` avoids it). `s[k]` by a constant is written on a string known to be long
# enough (`(s + "ab")[1]`): indexing a known string that is too short by a constant is a
# compile error, even in a branch CPython does not run (`if len(s) > 0: c = s[0]`); the
# rare `str_index_raw` (tagged "str-index-fold") writes `s[0]` as it is. A run-time index
# or a slice step that may be 0 always reads a variable (`_rt_int`) for the same reason.
# A string rebound in a loop never reads itself twice in its new value, nor another
# rebound string (`_piece`): no doubling.
STR = ("strings",)
STRINGS_SHARE = 0.15
#: arguments passed for `str` parameters
STR_INPUTS = ["", "a", "ab", "a,b", "fast", "slow", "  x ", "b", "ba,a", "AB", "12", "Ab 1",
              "é"]
#: literals in the programs
STR_LITS = ["", "a", "b", "ab", ",", "fast", "slow", "x", " ", "a,b", "-", "A", "1"]
#: format specs in f-strings, by the kind of the value
FSPECS = {
    "float": ["", "", "", ".3f", ".2f", ".0f", ".1e", "g", ".3g", ">10.2f", "<8", "+.1f",
              "08.3f", ",", ".2%", "^9.1f", "10", "!r", "!r:>8", "e", "_"],
    "int": ["", "", "", ">4d", "d", "05d", "x", "+d", ",", "<3", "^5", "_", "X", "#x", "o",
            "!r", "b", ">6", ".2f", "e"],
    "bool": ["", "", "!r", ">5", "d", "<6", "!s"],
    "str": ["", "", "", "!r", ">5", "<4", "^6", ".2", "!r:>7", "!s"],
}
#: `%` conversions, by the kind of the value ("%5s" is "str-percent-width": see below)
PCONVS = {
    "float": ["%s", "%.2f", "%e", "%g", "%r", "%.1f", "%-8s", "%10.3f", "%+.1e"],
    "int": ["%d", "%s", "%x", "%5d", "%-4d", "%05d", "%+d", "%r", "%X", "%o", "%i"],
    "bool": ["%s", "%d", "%r"],
    "str": ["%s", "%r", "%-5s", "%.2s"],
}
#: Known bug (open): `"%5s" % v` (a width without `-`) pads on the right, as str.format's
#: `{:5}` does for strings; CPython's `%` pads on the left (right-aligns) for every type
#: (test_value_2c0029a30d).
STR_PERCENT_WIDTH = "str-percent-width"
#: Known bug (open): `f"{y!r}"` and `"%r" % y` of a NumPy scalar (a ufunc passed as an
#: argument: `y = g0(x)`) give the Python number's repr, `-1.5`; CPython's is NumPy's,
#: `np.float64(-1.5)` (test_value_433c456798). Skipped: no `!r`/`%r` of numbers where
#: NumPy scalars may flow (fnarg programs passing ufuncs).
STR_REPR_NP = "str-repr-npscalar"
#: Known bug (open; with FERROJIT_STRICT_INFER=1 only): a string known so far, compared
#: (`if s == "ab":`), then rebound in a later loop (`s = s + str(i)`, which makes it a
#: run-time string): inference folded the comparison, lowering does not, an internal
#: compiler error (test_ice_17f3fd1d39). Skipped: `stmt_str_rebind` in a loop only rebinds
#: strings that are surely run-time already.
STR_LOOP_WIDEN = "str-loop-widen"


def _no_np_repr(g, kind):
    """Whether ``!r``/``%r`` of a number of ``kind`` is to be avoided (see above)."""
    return kind in ("int", "float") and g.fn_on and "fnarg-ufunc" not in g.skip_bugs \
        and STR_REPR_NP in g.skip_bugs


def strings_program(rng):
    """Whether the program about to be drawn from ``rng`` uses strings (like
    ``complex_program``: no draw from ``rng``)."""
    return random.Random("strings" + repr(rng.getstate()[1][:16])).random() < STRINGS_SHARE


LITERALS["str"] = lambda g: E(repr(g.choice(STR_LITS)), "str")

_RT = frozenset({"rt"})
_RTQ = frozenset({"rtq"})
_STR_LIT = re.compile(r"'[^'\\]*'")


def _se(g, d):
    return g.e("str", d)


def _s(g, d):
    return g.e("str", d).src


def _rt(*es):
    """The flags of a string computed from ``es``: run-time if any of them is, perhaps
    run-time if any of them may be."""
    fl = frozenset().union(*(e.flags for e in es))
    return _RT if "rt" in fl else _RTQ if "rtq" in fl else frozenset()


def _s_known(g, d):
    """A string expression known when compiling (source)."""
    for _ in range(3):
        e = _se(g, d)
        if not e.flags & {"rt", "rtq"}:
            return e.src
    return _slit(g)


def _s_rt(g, d):
    """A string expression computed at run time (source)."""
    for _ in range(3):
        e = _se(g, d)
        if "rt" in e.flags:
            return e.src
    return f"str({_exact(g, d, 'int').src})"


def _fs_ok(src):
    """Whether ``src`` can sit in a placeholder of an f-string delimited by double
    quotes (Python 3.11: no double quote and no backslash inside)."""
    return '"' not in src and "\\" not in src


def _exact(g, d, kind):
    """A number of ``kind`` without a libm function in it (its last bit would show in
    its text)."""
    for _ in range(3):
        e = g.e(kind, d)
        if "transc" not in e.flags:
            return e
    return LITERALS[kind](g)


def _reads_var(g, src):
    """Whether ``src`` reads a number variable (not folded when compiling)."""
    names = {n for n, t in g.scope if t in ("int", "float", "bool")}
    return bool(names & set(_NAME.findall(src)))


def _rt_int(g, d):
    """An int expression that reads a number variable (so it is not folded when
    compiling: a constant index out of range of a known string is a compile error),
    or None."""
    names = {n for n, t in g.scope if t in ("int", "float", "bool")}
    for _ in range(3):
        e = g.int(d)
        if names & set(_NAME.findall(e)):
            return e
    ints = sorted(n for n, t in g.scope if t == "int")
    return g.choice(ints) if ints else None


def _reads_str(g, src):
    """Whether the expression ``src`` involves a string (a literal or a str variable)."""
    strs = {n for n, t in g.scope if t == "str"}
    return "'" in src or '"' in src or bool(strs & set(_NAME.findall(src)))


def _slit(g):
    return repr(g.choice(STR_LITS))


@rule("str", 2, bugs=STR)
def str_lit(g, d):
    return LITERALS["str"](g)


@rule("str", 6, bugs=STR)
def str_var(g, d):
    vs = g.vars_of(lambda t: t == "str")
    if not vs:
        return None
    n = g.choice(vs)[0]
    return E(n, "str", g.str_flags.get(n, ()))


@rule("str", 2, bugs=STR)
def str_concat(g, d):
    a, b = _se(g, d), _se(g, d)
    return E(f"({a.src} + {b.src})", "str", _rt(a, b))


@rule("str", 0.7, bugs=STR)
def str_repeat(g, d):
    k = g.rng.randint(0, 3)
    if g.chance(0.7):
        a = _se(g, d)
        return E(f"({a.src} * {k})", "str", _rt(a))
    a = _se(g, d)
    return E(f"({k} * {a.src})", "str", _rt(a))


@rule("str", 2, bugs=STR)
def str_method(g, d):
    m = g.choice(["upper", "lower", "strip", "replace", "replace"])
    a = _se(g, d)
    x = _paren(a.src)
    if m == "replace":
        return E(f"{x}.replace({_slit(g)}, {_slit(g)})", "str", _rt(a))
    return E(f"{x}.{m}()", "str", _rt(a))


@rule("str", 1, bugs=STR)
def str_slice(g, d):
    sl = g.choice(["1:3", "::-1", "1:", ":-1", ":2", "-2:", "::2", "5:", "-3:-1"])
    a = _se(g, d)
    return E(f"{_paren(a.src)}[{sl}]", "str", _rt(a))


@rule("str", 0.7, bugs=STR)
def str_index(g, d):
    """``(s + "ab")[k]``: a string known to be long enough (see above)."""
    k = g.choice([0, 1, -1, -2])
    a = _se(g, d)
    if g.chance(0.5):
        return E(f"({a.src} + 'ab')[{k}]", "str", _rt(a))
    return E(f"('ab' + {a.src})[{k}]", "str", _rt(a))


@rule("str", 0.03, bugs=STR + ("str-index-fold",))
def str_index_raw(g, d):
    """``s[0]`` as it is: for ``""`` CPython raises IndexError when it runs the line;
    compiled code refuses the program (a compile error) when the string is known when
    compiling, even when the line is never run or sits in a try that catches IndexError."""
    a = _se(g, d)
    return E(f"{_paren(a.src)}[{g.choice([0, -1])}]", "str", _rt(a))


@rule("str", 0.6, bugs=STR)
def str_split(g, d):
    """An item of ``.split(",")`` of a string known when compiling (there is always
    one), or ``sep.join`` of it, or of a tuple (a run-time string)."""
    a = _se(g, d)
    x = _paren(a.src)
    r = g.rng.random()
    if r < 0.75 and a.flags & {"rt", "rtq"}:
        return None  # (split of a run-time string: a list, not supported)
    if r < 0.4:
        return E(f"{x}.split(',')[{g.choice([0, -1])}]", "str")
    if r < 0.75:
        return E(f"{_slit(g)}.join({x}.split(','))", "str", _RT)
    return E(f"{_slit(g)}.join(({x}, {_s(g, d)}))", "str", _RT)


@rule("str", 0.3, bugs=STR)
def str_str(g, d):
    a = _se(g, d)
    return E(f"str({a.src})", "str", _rt(a))


@rule("str", 1, bugs=STR)
def str_call(g, d):
    return _helper_call(g, d, "str")


@rule("str", 1.5, bugs=STR)
def str_of_num(g, d):
    """``str(x)`` of an int, a float (CPython's repr) or a bool: a run-time string."""
    e = _exact(g, d, g.choice(["int", "float", "float", "bool"]))
    return E(f"str({e.src})", "str", _RT)


def _fs_part(g, d):
    """One placeholder of an f-string: ``{x:.3f}``, ``{i:>4d}``, ``{x!r}``, ``{s:>5}``."""
    kind = g.choice(["int", "float", "float", "bool", "str"]) if g.str_on else \
        g.choice(["int", "float", "float", "bool"])
    e = _se(g, d) if kind == "str" else _exact(g, d, kind)
    if not _fs_ok(e.src):
        vs = [n for n, t in g.scope if t == kind]
        e = E(g.choice(vs), kind) if vs else LITERALS[kind](g)
    spec = g.choice(FSPECS[kind])
    if spec.startswith("!r") and _no_np_repr(g, kind):
        spec = spec[2:].lstrip(":")
    if spec and not spec.startswith("!"):
        spec = ":" + spec
    return "{" + _paren(e.src) + spec + "}", kind


@rule("str", 1.2, bugs=STR)
def str_fstring(g, d):
    """An f-string of one to three values with format specs and conversions, at least
    one of them a number (a run-time string)."""
    texts = ["", "", " ", "x=", ", ", "|", "{{", "}}", "(", "a b", ":"]
    parts, kinds = [], []
    for _ in range(g.rng.randint(1, 3)):
        src, kind = _fs_part(g, d)
        parts.append(g.choice(texts) + src)
        kinds.append(kind)
    if all(k == "str" for k in kinds):
        n = _exact(g, d, "int").src
        parts.append("{" + (_paren(n) if _fs_ok(n) else "0") + "}")
    g.used.add("fstring")
    return E('f"' + "".join(parts) + g.choice(texts) + '"', "str", _RT)


@rule("str", 0.8, bugs=STR)
def str_percent(g, d):
    """``"%d/%s" % (i, s)``, ``"%.2f" % x``, ``"{}-{:.2f}".format(i, x)``: a template
    known when compiling, values of any kind (``%d`` of ints and bools only)."""
    n = g.rng.randint(1, 3)
    kinds = [g.choice(["int", "float", "bool", "str"] if g.str_on else ["int", "float", "bool"])
             for _ in range(n)]
    vals = [(_se(g, d) if k == "str" else _exact(g, d, k)).src for k in kinds]
    seps = ["/", " ", "", ", ", "=", "%%"]
    if g.chance(0.2):
        specs = {"float": ["", ":.2f", ":g", ":>8", "!r"], "int": ["", ":d", ":>4", ":x"],
                 "bool": ["", "!r"], "str": ["", ":>3", "!r"]}
        tpl = "".join(g.choice(seps).replace("%%", "%") + "{"
                      + g.choice(specs[k]).replace("!r", "" if _no_np_repr(g, k) else "!r")
                      + "}" for k in kinds)
        return E(f"{tpl!r}.format({', '.join(vals)})", "str", _RT)
    convs = []
    for k in kinds:
        c = g.choice(PCONVS[k])
        if g.chance(0.1) and STR_PERCENT_WIDTH not in g.skip_bugs:
            c = "%5s"
        if c == "%r" and _no_np_repr(g, k):
            c = "%s"
        convs.append(c)
    tpl = "".join(g.choice(seps) + c for c in convs)
    if n == 1 and g.chance(0.5):
        return E(f"({tpl!r} % {_paren(vals[0])})", "str", _RT)
    return E(f"({tpl!r} % ({', '.join(vals)},))", "str", _RT)


@rule("str", 1, bugs=STR)
def str_ifexp(g, d):
    """``a if c else b`` with a condition known only at run time."""
    a, b = _se(g, d), _se(g, d)
    c = _cond(g, d)
    fl = _rt(a, b)
    if not fl:
        # two known strings: the same one stays known (the branches' types unify), two
        # literals that differ are run-time, others may be either
        lits = _STR_LIT.fullmatch(a.src) and _STR_LIT.fullmatch(b.src)
        fl = (frozenset() if a.src == b.src else _RT) if lits else _RTQ
    return E(f"({a.src} if {c} else {b.src})", "str", fl)


@rule("str", 0.8, bugs=STR)
def str_index_rt(g, d):
    """``s[i]`` with an index known at run time, in range or not (IndexError: string
    index out of range)."""
    i = _rt_int(g, d)
    if i is None:
        return None
    a = _se(g, d)
    i = g.choice([i, f"{i} % 4", f"{_paren(i)} % 7 - 3", f"-1 - {_paren(i)} % 3"])
    return E(f"{_paren(a.src)}[{i}]", "str", _RT)


@rule("str", 0.8, bugs=STR)
def str_slice_rt(g, d):
    """``s[a:b]``, ``s[a:b:c]``, ``s[::c]`` with bounds and steps known at run time
    (a step of 0: ValueError: slice step cannot be zero)."""
    i = _rt_int(g, d)
    if i is None:
        return None
    a = _se(g, d)
    j = g.choice([f"{_paren(i)} % 7 - 3", i, str(g.rng.randint(-3, 5)), ""])
    k = g.choice([f"{_paren(i)} % 5 - 2", "", "", str(g.choice([1, 2, -1, -2, 3])), i])
    step = g.choice([f"{_paren(_rt_int(g, d) or i)} % 3 - 1", f"{_paren(i)} % 4 - 2",
                     str(g.choice([1, -1, 2, -2])), ""])
    sl = g.choice([f"{j}:{k}", f"{j}:{k}:{step}", f"::{step}", f"{k}:"])
    if sl in ("::", ":"):
        sl = f"{i}:"
    # (constant bounds and step: a slice of a known string is known)
    return E(f"{_paren(a.src)}[{sl}]", "str", _RT if _reads_var(g, sl) else _rt(a))


@rule("str", 0.6, bugs=STR)
def str_join3(g, d):
    """``"-".join((a, b, c))`` of a tuple of strings."""
    items = [_s(g, d) for _ in range(g.rng.randint(2, 3))]
    return E(f"{_slit(g)}.join(({', '.join(items)}))", "str", _RT)


@rule("str", 1, bugs=STR)
def str_method_rt(g, d):
    """``.lstrip() .rstrip() .strip(chars)`` of any string, ``.replace(a, b, n)`` and
    ``.upper()``/``.lower()`` of a run-time one."""
    m = g.choice(["lstrip", "rstrip", "strip", "replace", "replace", "upper", "lower"])
    if m == "replace":
        x = _paren(_s_rt(g, d))
        n = g.choice([str(g.rng.randint(-1, 3)), g.int(d)])
        return E(f"{x}.replace({_slit(g)}, {_slit(g)}, {n})", "str", _RT)
    if m in ("upper", "lower"):
        return E(f"{_paren(_s_rt(g, d))}.{m}()", "str", _RT)
    a = _se(g, d)
    arg = g.choice(["", "", repr(g.choice([" ", "a", "ab", " x,", "1"]))])
    return E(f"{_paren(a.src)}.{m}({arg})", "str", _rt(a))


@rule("str", 0.005, bugs=STR + ("str-known-method",))
def str_known_method(g, d):
    """``.replace(a, b, n)`` of a string known when compiling (a TypingError today)."""
    return E(f"{_paren(_s_known(g, d))}.replace({_slit(g)}, {_slit(g)}, "
             f"{g.rng.randint(-1, 2)})", "str")


@rule("int", 1.2, bugs=STR)
def int_str(g, d):
    """``len(s)``, ``s.find(t)``, ``s.count(t)``, ``len(s.split(","))`` (known ``s``)."""
    a = _se(g, d)
    x = a.src
    r = g.rng.random()
    if r < 0.4:
        return E(f"len({x})", "int")
    if r < 0.6:
        return E(f"{_paren(x)}.find({_s(g, d)})", "int")
    if r < 0.8:
        return E(f"{_paren(x)}.count({_slit(g)})", "int")
    if a.flags & {"rt", "rtq"}:
        return E(f"{_paren(x)}.count({_s(g, d)})", "int")
    return E(f"len({_paren(x)}.split(','))", "int")


PREDICATES = ["isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower"]


@rule("bool", 1.2, bugs=STR)
def bool_str(g, d):
    """Comparisons, ``in``, ``startswith``/``endswith``, ``isdigit``, truth values."""
    x = _s(g, d)
    r = g.rng.random()
    if r < 0.35:
        return E(f"({x} {g.choice(['==', '!=', '==', '<', '<=', '>', '>='])} {_s(g, d)})", "bool")
    if r < 0.5:
        items = ", ".join(_slit(g) for _ in range(g.rng.randint(1, 3)))
        return E(f"({x} {g.choice(['in', 'not in'])} ({items},))", "bool")
    if r < 0.62:
        return E(f"({_s(g, d)} in {x})", "bool")
    if r < 0.8:
        m = g.choice(["startswith", "endswith"])
        return E(f"{_paren(x)}.{m}({_s(g, d)})", "bool")
    if r < 0.87:
        return E(f"{_paren(x)}.{g.choice(['isdigit', 'isalpha'])}()", "bool")
    if r < 0.94:
        return E(f"bool({x})", "bool")
    return E(f"(not {x})", "bool")


@rule("bool", 0.8, bugs=STR)
def bool_str_pred(g, d):
    """``.isdigit() .isalpha() .isalnum() .isspace() .isupper() .islower()`` of a
    run-time string."""
    return E(f"{_paren(_s_rt(g, d))}.{g.choice(PREDICATES)}()", "bool")


@rule("bool", 0.005, bugs=STR + ("str-known-method",))
def bool_str_known_pred(g, d):
    """``.isalnum() .isspace() .isupper() .islower()`` of a string known when compiling
    (a TypingError today)."""
    return E(f"{_paren(_s_known(g, d))}.{g.choice(PREDICATES[2:])}()", "bool")


def _bind_str(g, name, e):
    g.scope.append((name, "str"))
    g.str_flags[name] = _rt(e)


@rule("stmt", 1.2, bugs=STR)
def stmt_str_assign(g, d):
    """``v = <string>``: a string local assigned once."""
    name = g.fresh()
    e = _se(g, d)
    _bind_str(g, name, e)
    return [f"{name} = {e.src}"]


def _piece(g, d):
    """A string expression that reads no rebound string (see above)."""
    saved = g.scope
    g.scope = [(n, t) for n, t in saved if n not in g.str_rebindable]
    try:
        return _se(g, d)
    finally:
        g.scope = saved


def _update(g, d, v, loop_var=None):
    """(a new value for the rebound string ``v``, whether that value is surely computed
    at run time). It always reads ``v``, so that the definitions meet where paths merge
    (``v = t`` alone would start a definition of its own): ``v + piece``, ``piece + v``,
    ``v += piece``, ``f"{v}{i},"``, ``piece if c else v``. Definitions that all give the
    same known string (``v + ""``, ``s0`` being ``""``) are one known string; a run-time
    piece or ``str(i)`` makes it run-time."""
    pe = _piece(g, d)
    p, rt = pe.src, "rt" in pe.flags
    r = g.rng.random()
    if loop_var and r < 0.25:
        return g.choice([f"{v} = {v} + str({loop_var})", f'{v} = f"{{{v}}}{{{loop_var}}},"',
                         f"{v} += str({loop_var}) + {_slit(g)}"]), True
    if r < 0.6:
        return f"{v} = {v} + {p}", rt
    if r < 0.72:
        return f"{v} = {p} + {v}", rt
    if r < 0.9:
        return f"{v} += {p}", rt
    return f"{v} = {p} if {_rt_cond(g, d)[0]} else {v}", rt


def _rt_cond(g, d):
    """(a condition, whether it surely reads a number variable): a branch whose condition
    is folded when compiling is no merge of paths (its definitions stay known)."""
    c = _cond(g, d)
    if _reads_var(g, c):
        return c, True
    vs = sorted(n for n, t in g.scope if t in ("int", "float", "bool"))
    if not vs:
        return c, False
    return f"({c}) != bool({g.choice(vs)})", True


@rule("stmt", 1.2, bugs=STR)
def stmt_str_build(g, d):
    """A run-time string local built in a loop (``acc = acc + str(i)``) or rebound in
    branches (``v = "a"``, ``if c: v = v + t``, ``else: v = s0``)."""
    if d > MAX_DEPTH:
        return None
    v = g.fresh("st")  # (not "s": s0, s1 are parameters)
    init = _piece(g, d) if g.chance(0.6) else LITERALS["str"](g)
    lines = [f"{v} = {init.src}"]
    r = g.rng.random()
    sure = True  # (the definitions surely meet)
    rts = ["rt" in init.flags]  # (whether each definition is surely run-time)
    if r < 0.45 and g.loop_depth < 2:
        i = g.fresh("i")
        # (a loop that surely runs, or a count known at run time: with a constant count
        # of 0 the body is no loop to compiled code, and its definitions stay known)
        n = _rt_int(g, d)
        rng = g.choice([f"range({g.rng.randint(1, 6)})",
                        f"range({n} % 7)" if n else "range(3)",
                        f"range({g.rng.randint(-2, 0)}, {g.rng.randint(1, 6)})"])
        g.loop_depth += 1
        g.scope.append((i, "int"))
        upd, rt = _update(g, d, v, i)
        rts.append(rt)
        g.scope.append((v, "str"))
        g.str_flags[v] = _RT if any(rts) else _RTQ
        g.str_rebindable.add(v)
        body = block(g, d, n=g.rng.randint(0, 2))
        g.scope.pop()
        g.scope.pop()
        g.loop_depth -= 1
        body = ["    " + upd] + (body if body != indent(["pass"]) else [])
        if g.chance(0.3):
            # (a condition folded to True would make the update dead code)
            body.insert(0, f"    if {_rt_cond(g, d)[0]}:")
            body.insert(1, "        continue")
        lines += [f"for {i} in {rng}:"] + body
    elif r < 0.6 and g.loop_depth < 2:
        k = g.fresh("_k")
        upd, rt = _update(g, d, v)
        rts.append(rt)
        cond, sure = _rt_cond(g, d)
        lines += [f"{k} = 0", f"while {k} < {g.rng.randint(1, 5)} and {cond}:",
                  f"    {k} += 1", "    " + upd]
    else:
        cond, sure = _rt_cond(g, d)
        heads = [f"if {cond}:"] + [f"elif {_cond(g, d)}:" for _ in range(g.rng.randint(0, 1))]
        if g.chance(0.5):
            heads.append("else:")
        for h in heads:
            upd, rt = _update(g, d, v)
            rts.append(rt)
            lines += [h, "    " + upd]
    g.scope.append((v, "str"))
    # (run-time if the definitions meet and one of them is run-time; else perhaps)
    g.str_flags[v] = _RT if sure and any(rts) else _RTQ
    g.str_rebindable.add(v)
    g.used.add("str_build")
    return lines


@rule("stmt", 0.8, bugs=STR)
def stmt_str_rebind(g, d):
    """A rebound string local (``stmt_str_build``) rebound again: ``v = v + t`` ..."""
    vs = [n for n, t in g.scope if t == "str" and n in g.str_rebindable
          and (g.str_flags.get(n) == _RT or not g.loop_depth
               or STR_LOOP_WIDEN not in g.skip_bugs)]
    if not vs:
        return None
    v = g.choice(vs)
    upd, rt = _update(g, d, v)
    if rt:
        g.str_flags[v] = _RT  # (its later reads see this definition, or one merged with it)
    return [upd]


@rule("stmt", 0.8, bugs=STR)
def stmt_str_iter(g, d):
    """``for ch in s:`` (ch a run-time string of one character), sometimes counting."""
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    ch = g.fresh("ch")
    s = _s(g, d)
    lines = []
    cnt = g.fresh("n") if g.chance(0.5) else None
    if cnt:
        lines.append(f"{cnt} = 0")
    g.loop_depth += 1
    g.scope.append((ch, "str"))
    g.str_flags[ch] = _RT
    test = g.choice([f"{ch} == {_slit(g)}", f"{ch} in {_slit(g)}", f"{ch}.isalpha()",
                     f"{ch} < 'b'", f"{ch}.isdigit()"])
    body = block(g, d, n=g.rng.randint(0, 2))
    g.scope.pop()
    g.loop_depth -= 1
    pre = [f"    if {test}:", f"        {cnt} += 1"] if cnt else []
    body = pre + (body if body != indent(["pass"]) or not pre else [])
    lines += [f"for {ch} in {s}:"] + body + loop_else(g, d)
    if cnt:
        g.scope.append((cnt, "int"))
        g.assignable.add(cnt)
    g.used.add("str_iter")
    return lines


@rule("stmt", 1.5, bugs=STR)
def stmt_str_mode(g, d):
    """``if mode == "fast": ... elif mode in ("slow", "a"): ... else: ...``."""
    if d > MAX_DEPTH:
        return None
    vs = [n for n, t in g.scope if t == "str"]
    m = g.choice(vs) if vs and g.chance(0.8) else _s(g, d)
    lines = [f"if {m} == {_slit(g)}:"] + block(g, d)
    if g.chance(0.6):
        items = ", ".join(_slit(g) for _ in range(g.rng.randint(1, 3)))
        lines += [f"elif {m} in ({items},):"] + block(g, d)
    if g.chance(0.3):
        lines += [f"elif {_paren(m)}.startswith({_slit(g)}):"] + block(g, d)
    if g.chance(0.6):
        lines += ["else:"] + block(g, d)
    g.used.add("str_mode")
    return lines


@rule("stmt", 0.4, bugs=STR)
def stmt_print_str(g, d):
    """``print(s, ...)`` with strings (and numbers), ``sep``/``end`` sometimes."""
    vs = [n for n, t in g.scope if t in ("int", "float", "bool", "str")]
    parts = [g.choice(vs) if vs and g.chance(0.5) else _s(g, d)
             for _ in range(g.rng.randint(1, 3))]
    parts += g.choice([[], ["sep=''"], ["end=';'"], ["sep='|'", "end='!\\n'"]])
    if "str-print-call" in g.skip_bugs and any(re.search(r"\bh\d+\(", p) for p in parts):
        # known bug (fixed): `print(h0(x))` of a helper returning a string printed the
        # string without running the helper (its exceptions and prints were lost)
        return None
    return [f"print({', '.join(parts)})"]


# ---------------------------------------------------------------------------
# lists
# ---------------------------------------------------------------------------
# In "lists" programs (LISTS_SHARE of them, decided like the other families; the
# environment variable FERROJIT_FUZZ_FORCE=lists puts every program in the family, for
# runs of the family alone) values of type ``Lst(item)`` join the scope: lists of ints,
# floats, bools, strings, tuples ``(int, float)`` and lists of lists of ints or floats.
# `f` takes zero to two list parameters `l0`, `l1` (non-empty lists of ints, floats,
# strings, bools, or lists of ints: `make_inputs`), reflected: the harness compares the
# caller's lists after the call, as it does arrays. Helpers may take lists of ints,
# floats, strings, bools (mutating them: the caller sees it) and return one; `f` may
# return lists (alone or in its tuple, also from early returns).
#
# List expressions (kind "list", asked for with a wanted type ``ty``): variables,
# literals `[a, b]`, slices by constants and run-time ints (a step that may be 0:
# ValueError), `+`, `* k`, comprehensions (over ranges, lists, `enumerate`, `zip`,
# `reversed`, 1-D arrays, a nested list flattened, nested comprehensions), `list(range())`,
# `sorted(l, key=lambda..., reverse=...)`, `l.copy()`, `list(l)`, `l[:]`, `list((a, b))`,
# `s.split()`/`s.split(",")`, `a if c else b`, helper calls. Statements: a list bound
# once, built in a loop (`acc = []`, `acc.append(...)`, also nested rows), mutated
# (append/extend/insert/pop/remove/reverse/sort/clear, `l[i] = v`, `l[i] += v`, `+=`,
# `*=`, rebinding `l = l + [x]`), aliased (`m = l`: a mutation through either shows
# through both), iterated (`for x in l`, `enumerate`, `zip`, `reversed`, `for a, b in
# tl`, `while l: x = l.pop()`), printed. Ints, floats, bools and strings read from lists
# feed the other rules (`len`, `l[i]` in range or not, `count`, `index`, `sum`, `min`,
# `max`, `pop`, `in`, `==`, `any`, `all`, truth, `",".join(sl)`, `str(l)`), and in try
# programs `_risky` raises from lists (pop from an empty list, an index out of range,
# remove/index of a missing value, min of an empty list). Errors are compared by type and
# message like every exception.
#
# Not generated (compile errors or documented differences): items of two types in one
# list (ints and floats: compiled code makes them floats; every float item is a float
# expression), `[]` where nothing types it (an empty literal in an expression), `<`
# between lists, `del l[i]` (slice assignment and `del l[a:b:c]` are generated: see
# LIST_SETSLICE), `is`, `list(reversed(l))` and
# `list(zip(...))` (reversed/zip only as loop and comprehension iterables), `a.tolist()`,
# a list passed from Python empty (also inner lists). NaN and identity: CPython's `in`,
# `==`, `count`, `index` and `remove` test identity before `==` (a NaN object finds
# itself) and its sort of NaNs depends on the algorithm (timsort): a float list has a
# flag ``nan``; lists without it only ever receive NaN-free floats (`_clean_float`: `(x if
# x == x else 0.5)`, literals, `float(n)`) and only they are searched, compared and
# sorted; lists with it (arguments that may hold NaN, `[float(v) for v in a]`, items from
# any float expression) are only read, summed, min/max'ed, iterated, mutated and printed.
# `sum` of a float list is `sum(l, 0.0)` or `float(sum(l))` (CPython's `sum` of an empty
# float list is the int 0; compiled code's is 0.0, its type being the items'). `np.array(l)`
# only of lists known not to be empty (`np.array(l + [x])`, literals: an empty int list
# gives an int64 array in compiled code, CPython float64). Lists never grow without bound:
# a loop over a list never grows a list of that type that existed before the loop
# (`g.list_nogrow`; an append would make CPython's loop endless), and a list is doubled
# (`l += m`, `l *= k`, `l.extend(m)`, `l = l + m`) only at the top level of `f`, outside
# loops (in loops the added part is a literal).
#
# Known bugs (open): NumPy scalars put into a list (`list(a)` of a 1-D array, `[a[0]]`, a
# ufunc's result passed as an argument) become Python numbers in compiled code: NumPy's
# rules are lost (`l[0] / 0.0` raises ZeroDivisionError where CPython gives inf; `str(l)`
# shows `1.5` where NumPy 2 shows `np.float64(1.5)`): LIST_NPSCALAR, rule `list_of_array`
# and, where ufuncs are passed as arguments, items converted by `int()`/`float()` while
# it is skipped. A list of arrays returned to Python raises a bogus IndexError ("compiled
# code returned a view that reaches outside its array's memory"): LIST_OF_ARRAYS, a
# rare `[a, a]` as an array result of `f` (gen_program).
LST = ("lists",)
LISTS_SHARE = 0.15
LIST_NPSCALAR = "list-npscalar"
LIST_OF_ARRAYS = "list-of-arrays"
#: Gaps (open; TypingErrors, counted as unsupported while their forms are drawn): `l and
#: c` / `s and c` with a list or string operand and a bool (`while l and k < n:`,
#: LIST_AND: a loop drains with `if not l: break`); a narrowed optional value (`r` in
#: `if r is not None:`, or a helper's result computed from one) appended to a list
#: ("lists of optional(float64) are not supported", LIST_OPT: list items do not read
#: narrowed names, `_item`); `acc.append([])` then `acc[-1].append(x)` ("name the list to let its item type
#: widen", LIST_EMPTY_ROW: rows are built in a named list); `list(((1, 0.5), (2, 1.5)))`
#: (a tuple of tuples: "a `for` loop over a tuple needs items of one kind",
#: LIST_TUPLE_OF_TUPLES).
#: Also: a list whose only appends are folded away has no item type ("the items of this
#: list have no type yet"): a comprehension whose filter is a constant False (`[x for c
#: in s if False] + [y]`), `acc = []` appended to only under `if False:` (then read),
#: LIST_DEAD_COMP: those filters and conditions read a variable (`_live_cond`).
#: And: a lambda inside a comprehension or an inner function (`[c for c in sorted(l,
#: key=lambda k: -k)]`): "lambdas passed as values ... are not supported",
#: LIST_COMP_LAMBDA: no `key=` there.
#: And: `list(range(n))` in the body of an inner function, a lambda or a comprehension
#: (`[c for c in list(range(n))]`: "range() can only be used as the iterable of a `for`
#: loop"), and comprehensions in inner functions and lambdas ("list comprehensions are
#: not supported"), LIST_IN_CLOSURE: not there.
LIST_AND = "list-and-operand"
LIST_DEAD_COMP = "list-dead-comp"
LIST_COMP_LAMBDA = "list-comp-lambda"
LIST_IN_CLOSURE = "list-in-closure"
#: Known bug (open): a loop over `reversed(l)` or `zip(l, m)` whose body (or a
#: comprehension's filter) shrinks the list (`l.pop()`) raises IndexError: list index
#: out of range, where CPython's iterators stop (`for x in reversed(l): l.pop();
#: l.pop()`); plain `for x in l` and `enumerate(l)` stop as CPython's. LIST_ITER_SHRINK:
#: no list of the iterated types that may be the same shrinks there (`g.list_noshrink`).
LIST_ITER_SHRINK = "list-iter-shrink"
#: Known bug (open): `for x in l:` whose body rebinds `l` to a list computed from it
#: (`l = l[1:]`, `l = l[:2]`, `l = l + [0]`) iterates over the new list: CPython's loop
#: goes on over the old one (`[1, 2, 3, 4]` gives 1, 3 instead of 1, 2, 3, 4; `l = l +
#: [0]` never ends). LIST_FOR_REBIND: no list of an iterated type that existed before
#: the loop is rebound in its body.
LIST_FOR_REBIND = "list-for-rebind"
#: Known bug (open): `x in l` and `k * l` evaluate the list operand before the left one
#: (`len(l) * [l.pop()]` is [3, 3] for [1, 2, 3], CPython's [3, 3, 3]; `(1 / x) in [h()]`
#: raises h's exception first). LIST_OPERAND_ORDER: the left operand of `in` is a
#: variable or a literal, and lists are repeated as `l * k`.
LIST_OPERAND_ORDER = "list-operand-order"
LIST_OPT = "list-optional-item"
LIST_EMPTY_ROW = "list-empty-row"
LIST_TUPLE_OF_TUPLES = "list-tuple-of-tuples"


@dataclass(frozen=True)
class Lst:
    item: object        # "int", "float", "bool", "str", TUPLE_ITEM, or a Lst
    nan: bool = False   # (float items) may hold NaN: never searched, compared, sorted


TUPLE_ITEM = ("tuple", ("int", "float"))
FLOAT_CLEAN = [v for v in FLOAT_POOL if not math.isnan(v)]


def lists_program(rng):
    """Whether the program about to be drawn from ``rng`` uses lists (like
    ``complex_program``: no draw from ``rng``)."""
    return random.Random("lists" + repr(rng.getstate()[1][:16])).random() < LISTS_SHARE


def _np_items(g):
    """Whether int/float/bool expressions are converted (``float(e)``) before they go
    into a list: they may be NumPy scalars (ufuncs passed as arguments) while
    LIST_NPSCALAR is skipped."""
    return g.fn_on and "fnarg-ufunc" not in g.skip_bugs and LIST_NPSCALAR in g.skip_bugs


def _rand_lst(g, simple=False):
    """A list type: ``simple`` ones (parameters of helpers) hold numbers or strings."""
    r = g.rng.random()
    if r < 0.35:
        return Lst("int")
    if r < 0.6:
        return Lst("float", nan=g.chance(0.35))
    if r < 0.75 and (g.str_on or g.chance(0.5)):
        return Lst("str")
    if r < 0.82 or simple:
        return Lst("bool") if r < 0.82 else Lst("int")
    if r < 0.91:
        return Lst(TUPLE_ITEM)
    return Lst(Lst(g.choice(["int", "int", "float"])))


def _clean(t):
    """Whether the items of list type ``t`` are never NaN (searchable, sortable)."""
    return not t.nan and (not isinstance(t.item, Lst) or _clean(t.item))


def _sortable(t):
    return _clean(t) and not isinstance(t.item, Lst)


def _simple(t):
    """Items compared with `==` simply (numbers, bools, strings)."""
    return t.item in ("int", "float", "bool", "str")


def _clean_float(g, d):
    """A float expression that is never NaN (inf is fine)."""
    r = g.rng.random()
    if r < 0.25:
        return float_lit_src(g.choice(FLOAT_CLEAN))
    if r < 0.4:
        return f"float({g.int(d)})"
    e = g.float(d)
    if len(e) > 60:
        return f"float({g.int(d)})"
    if _FLOAT_LIT.fullmatch(e):
        return e
    p = _paren(e)
    return f"({p} if {p} == {p} else 0.5)"


_FLOAT_LIT = re.compile(r"\(?-?(\d[\d.e+-]*|math\.(inf|pi|e|tau))\)?")


def _item(g, d, t, nan=False):
    """Source of one item of type ``t`` (an item kind or a Lst). While LIST_OPT is
    skipped, names narrowed from optional values (`r` in `if r is not None:`) are out of
    reach (their optional entries stay: `r if r is not None else 0.5` is a number)."""
    hide = {n for n, k in g.scope if isinstance(k, Opt)} \
        if g.opt_on and LIST_OPT in g.skip_bugs else ()
    if not hide:
        return _item1(g, d, t, nan)
    saved = g.scope
    g.scope = [(n, k) for n, k in saved if n not in hide or isinstance(k, Opt)]
    try:
        return _item1(g, d, t, nan)
    finally:
        # (names the item's generation bound: none, expressions bind nothing)
        g.scope = saved


def _item1(g, d, t, nan=False):
    if isinstance(t, Lst):
        return _lst(g, d, t).src
    if isinstance(t, tuple):
        return f"({_item(g, d, 'int')}, {_item(g, d, 'float')})"
    if t == "str":
        return _s(g, d) if g.str_on else _slit(g)
    if t == "float":
        src = g.float(d) if nan else _clean_float(g, d)
    else:
        src = g.e(t, d).src
    return f"{t}({src})" if _np_items(g) else src


def _lst(g, d, ty=None):
    """A list expression of type ``ty`` (any list if None; then perhaps None)."""
    for _ in range(3):
        x = g.pick("list", d, ty=ty)
        if x is not None:
            return x
    if ty is None:
        return None
    return list_lit(g, MAX_DEPTH + 1, ty=ty)


def _lvars(g, pred=lambda t: True):
    return g.vars_of(lambda t: isinstance(t, Lst) and pred(t))


def _may_grow(g, name, t, blocked=None):
    """Whether list variable ``name`` (type ``t``) may grow here: not while a loop
    iterates over a list of its type that may be the same object (see above)."""
    for ty, start in g.list_nogrow if blocked is None else blocked:
        if ty != t:
            continue
        idx = max((i for i, (n, _) in enumerate(g.scope) if n == name), default=-1)
        if idx < start or name in g.list_alias:
            return False
    return True


def _may_shrink(g, name, t):
    """Whether list variable ``name`` may shrink here (LIST_ITER_SHRINK: not while
    `reversed()` or `zip()` iterates over a list of its type that may be the same)."""
    return _may_grow(g, name, t, g.list_noshrink)


def _grow_ok_type(g, t):
    """Whether a list of type ``t`` reached through an expression (``nl[i]``) may grow."""
    return all(ty != t for ty, _ in g.list_nogrow)


def _top(g):
    """At the top level of `f` (not in a loop, not in a helper): a list may double."""
    return g.loop_depth == 0 and g.ret_kinds is not None


def _lidx(g, d, name=None):
    """An index for a list: in range by `% len(l)` (ZeroDivisionError when empty), a
    small constant, or a run-time int that may be out of range (IndexError)."""
    r = g.rng.random()
    if r < 0.35 and name is not None:
        return f"{_paren(g.int(d))} % len({name})"
    if r < 0.55:
        return str(g.rng.randint(-2, 2))
    if r < 0.85:
        return f"{_paren(g.int(d))} % 7 - 3"
    return g.int(d)


def _live_cond(g, c):
    """Condition ``c``, made to read a variable known only at run time if it does not
    (LIST_DEAD_COMP skipped: compiled code folds a constant one)."""
    if LIST_DEAD_COMP not in g.skip_bugs or set(_NAME.findall(c)) & {
            n for n, k in g.scope if k in ("int", "float", "bool")
            or isinstance(k, (Lst, Arr)) or g.str_flags.get(n) == _RT}:
        return c
    vs = sorted(n for n, k in g.scope if k in ("int", "float", "bool"))
    return f"({c}) != bool({g.choice(vs)})" if vs else "True"


def _capture(g, src):
    """Names read by a comprehension or a lambda are never deleted (cell variables)."""
    g.captured |= set(_NAME.findall(src))


def _key_lambda(g, d, t):
    """A `key=` for sorting items of type ``t``, or None."""
    if (g.in_comp or g.in_closure) and LIST_COMP_LAMBDA in g.skip_bugs:
        return None
    v = g.fresh("k")
    it = t.item
    ints = [n for n, k in g.scope if k == "int"]
    if it in ("int", "float", "bool"):
        opts = [f"lambda {v}: -{v}", f"lambda {v}: {v} % 3", f"lambda {v}: abs({v})",
                f"lambda {v}: ({v} > 0)"]
        if ints and it != "bool":
            opts.append(f"lambda {v}: abs({v} - {g.choice(ints)})")
    elif it == "str":
        opts = [f"lambda {v}: len({v})", f"lambda {v}: {v}[::-1]", f"lambda {v}: {v}.lower()"]
    elif it == TUPLE_ITEM:
        opts = [f"lambda {v}: {v}[1]", f"lambda {v}: -{v}[0]", f"lambda {v}: {v}[0] % 2"]
    else:
        return None
    src = g.choice(opts)
    _capture(g, src)
    return src


def _bind_item_var(g, name, t):
    """``name`` joins the scope as an item of type ``t`` (a tuple item: as a tuple)."""
    g.scope.append((name, t))
    if t == "str":
        g.str_flags[name] = _RT


# -- list expressions ----------------------------------------------------------------


@rule("list", 6, bugs=LST)
def list_var(g, d, ty=None):
    vs = _lvars(g, lambda t: ty is None or t == ty)
    if not vs:
        return None
    n, t = g.choice(vs)
    return E(n, t, {"alias"})


@rule("list", 2, bugs=LST)
def list_lit(g, d, ty=None):
    t = ty or _rand_lst(g)
    k = g.rng.randint(1, 4)
    return E("[" + ", ".join(_item(g, d, t.item, t.nan) for _ in range(k)) + "]", t)


@rule("list", 1.5, bugs=LST)
def list_slice(g, d, ty=None):
    a = _lst(g, d, ty)
    if a is None:
        return None
    i = _rt_int(g, d) or str(g.rng.randint(-3, 3))
    r = g.rng.random()
    if r < 0.35:
        sl = g.choice(["1:", ":-1", "::-1", "::2", "1::2", "-2:", ":2", "2:1", ":", "::-2"])
    elif r < 0.6:
        sl = g.choice([f"{_paren(i)} % 5 - 2:", f":{_paren(i)} % 5 - 2", f"{i}:",
                       f"1:{_paren(i)} % 4"])
    elif r < 0.85:
        # a step known at run time, 0 sometimes (ValueError: slice step cannot be zero)
        sl = g.choice([f"::{_paren(i)} % 3 - 1", f"{_paren(i)} % 4 - 2::{_paren(i)} % 5 - 2",
                       f"::{_paren(i)} % 4 - 2"])
    else:
        sl = g.choice([f"::{i}", f"{i}:{g.int(d)}:{g.int(d)}"])
    return E(f"{_paren(a.src)}[{sl}]", a.ty)


@rule("list", 1, bugs=LST)
def list_concat(g, d, ty=None):
    a = _lst(g, d, ty)
    if a is None:
        return None
    b = _lst(g, d, a.ty)
    return E(f"({a.src} + {b.src})", a.ty)


@rule("list", 0.7, bugs=LST)
def list_repeat(g, d, ty=None):
    a = _lst(g, d, ty)
    if a is None:
        return None
    k = g.choice([str(g.rng.randint(-1, 3)), f"({g.int(d)} % 3)"])
    if g.chance(0.3) and LIST_OPERAND_ORDER not in g.skip_bugs:
        return E(f"({k} * {_paren(a.src)})", a.ty)
    return E(f"({_paren(a.src)} * {k})", a.ty)


@rule("list", 0.3, bugs=LST)
def list_rows(g, d, ty=None):
    """``[[x, y]] * n``: rows that are one list (a store into one shows in all)."""
    if ty is not None and not isinstance(ty.item, Lst):
        return None
    t = ty or Lst(Lst(g.choice(["int", "float"])))
    row = list_lit(g, d, ty=t.item)
    return E(f"([{row.src}] * {g.rng.randint(1, 3)})", t)


def _comp_source(g, d):
    """The for-clause of a comprehension: (source, [(name, kind)] to bind, a converted
    array element (src, kind) or None)."""
    r = g.rng.random()
    if r < 0.15:
        arrs = g.vars_of(lambda t: isinstance(t, Arr) and t.ndim == 1 and t.dtype != "uint64")
        if arrs:
            a, t = g.choice(arrs)
            v = g.fresh("c")
            # (the element itself, a NumPy scalar in CPython, is only used converted)
            kind = scalar_kind(t.dtype)
            return f"for {v} in {a}", [], (f"{kind}({v})", kind)
    src = _lst(g, d) if r >= 0.35 else None
    if src is None:
        i = g.fresh("c")
        n = g.choice([str(g.rng.randint(0, 5)), f"{_paren(g.int(d))} % 6"])
        return f"for {i} in range({n})", [(i, "int")], None
    x = g.fresh("c")
    it = src.ty.item
    if isinstance(it, Lst) and g.chance(0.5):
        # a nested list flattened
        rv = g.fresh("c")
        return f"for {rv} in {src.src} for {x} in {rv}", [(x, it.item)], None
    r = g.rng.random()
    if r < 0.5:
        if it == TUPLE_ITEM and g.chance(0.5):
            a, b = g.fresh("c"), g.fresh("c")
            return f"for {a}, {b} in {src.src}", [(a, "int"), (b, "float")], None
        return f"for {x} in {src.src}", [(x, it)], None
    if r < 0.7:
        i = g.fresh("c")
        start = g.choice(["", "", f", {g.rng.randint(-2, 3)}"])
        return f"for {i}, {x} in enumerate({src.src}{start})", [(i, "int"), (x, it)], None
    other = _lst(g, d) if r < 0.85 else None
    if LIST_ITER_SHRINK in g.skip_bugs:
        # (the element and the filter pop nothing of these types: LIST_ITER_SHRINK)
        g.list_noshrink += [(src.ty, len(g.scope))] + \
            ([(other.ty, len(g.scope))] if other is not None else [])
    if other is not None:
        y = g.fresh("c")
        return (f"for {x}, {y} in zip({src.src}, {other.src})",
                [(x, it), (y, other.ty.item)], None)
    return f"for {x} in reversed({src.src})", [(x, it)], None


@rule("list", 2, bugs=LST)
def list_comp(g, d, ty=None):
    """``[e for x in it if c]`` (a second clause over a range sometimes), over ranges,
    lists (enumerate, zip, reversed, tuples unpacked, a nested list flattened), 1-D
    arrays; ``[[e for j in ...] for i in ...]``."""
    if d > MAX_DEPTH or g.in_closure and LIST_IN_CLOSURE in g.skip_bugs:
        return None
    t = ty or _rand_lst(g)
    saved = len(g.scope)
    g.in_comp += 1
    try:
        return _list_comp(g, d, t, saved)
    finally:
        g.in_comp -= 1


def _list_comp(g, d, t, saved):
    noshrink = len(g.list_noshrink)
    try:
        return _list_comp2(g, d, t, saved)
    finally:
        del g.list_noshrink[noshrink:]


def _list_comp2(g, d, t, saved):
    clauses, binds, conv = _comp_source(g, d)
    for n, k in binds:
        _bind_item_var(g, n, k)
    if g.chance(0.2) and g.loop_depth < 2:
        j = g.fresh("c")
        clauses += f" for {j} in range({g.rng.randint(0, 3)})"
        g.scope.append((j, "int"))
    if conv and conv[1] == t.item and (t.item != "float" or t.nan) and g.chance(0.8):
        item = conv[0]
    elif isinstance(t.item, Lst) and g.chance(0.5):
        inner = list_comp(g, d, ty=t.item)
        item = inner.src if inner is not None else _item(g, d, t.item, t.nan)
    else:
        item = _item(g, d, t.item, t.nan)
    cond = ""
    if g.chance(0.3):
        c = g.bool(d)
        cond = f" if {_live_cond(g, c)}"
    del g.scope[saved:]
    src = f"[{item} {clauses}{cond}]"
    _capture(g, src)
    g.used.add("list_comp")
    return E(src, t)


@rule("list", 0.6, bugs=LST)
def list_range(g, d, ty=None):
    if ty is not None and ty != Lst("int") or (g.in_closure or g.in_comp) \
            and LIST_IN_CLOSURE in g.skip_bugs:
        return None
    a, b = g.rng.randint(-3, 3), g.rng.randint(-3, 7)
    form = g.choice([f"range({g.rng.randint(0, 6)})", f"range({a}, {b})",
                     f"range({a}, {b}, {g.choice([1, 2, -1, -2, 3])})",
                     f"range({_paren(g.int(d))} % 7)"])
    return E(f"list({form})", Lst("int"))


@rule("list", 0.8, bugs=LST)
def list_sorted(g, d, ty=None):
    if ty is not None and not _sortable(ty):
        return None
    a = _lst(g, d, ty)
    if a is None or not _sortable(a.ty):
        return None
    args = [a.src]
    if g.chance(0.5):
        k = _key_lambda(g, d, a.ty)
        if k:
            args.append(f"key={k}")
    if g.chance(0.4):
        args.append(f"reverse={g.choice(['True', 'False', g.bool(d)])}")
    return E(f"sorted({', '.join(args)})", a.ty)


@rule("list", 0.6, bugs=LST)
def list_copy(g, d, ty=None):
    a = _lst(g, d, ty)
    if a is None:
        return None
    return E(g.choice([f"{_paren(a.src)}.copy()", f"list({a.src})", f"{_paren(a.src)}[:]"]),
             a.ty)


@rule("list", 0.4, bugs=LST)
def list_from_tuple(g, d, ty=None):
    t = ty or _rand_lst(g)
    if not _simple(t) and LIST_TUPLE_OF_TUPLES in g.skip_bugs:
        return None
    k = g.rng.randint(1, 3)
    return E(f"list(({', '.join(_item(g, d, t.item, t.nan) for _ in range(k))},))", t)


@rule("list", 0.7, bugs=LST)
def list_split(g, d, ty=None):
    if ty is not None and ty != Lst("str"):
        return None
    if g.str_on:
        s = _paren(_s(g, d))
    else:
        s = repr(g.choice(STR_INPUTS + ["a b  c", " x,y ,z"]))
    if g.chance(0.25):
        # its characters
        forms = [f"list({s})", f"sorted({s})"]
        if not (g.in_closure and LIST_IN_CLOSURE in g.skip_bugs):
            forms.append(f"[c for c in {s}]")
        return E(g.choice(forms), Lst("str"))
    sep = g.choice(["", "", "','", "' '", "'a'", "', '"])
    return E(f"{s}.split({sep})", Lst("str"))


@rule("list", 0.5, bugs=LST)
def list_ifexp(g, d, ty=None):
    a = _lst(g, d, ty)
    if a is None:
        return None
    b = _lst(g, d, a.ty)
    return E(f"({a.src} if {_cond(g, d)} else {b.src})", a.ty, {"alias"})


@rule("list", 0.6, bugs=LST)
def list_call(g, d, ty=None):
    hs = [h for h in g.helpers if isinstance(h[2], Lst) and (ty is None or h[2] == ty)]
    if not hs:
        return None
    name, ptys, ret = g.choice(hs)
    args = _call_args(g, d, ptys, name=name)
    if args is None:
        return None
    return E(f"{name}({args})", ret, {"alias"})


@rule("list", 0.15, bugs=LST + (LIST_NPSCALAR,))
def list_of_array(g, d, ty=None):
    """``list(a)`` of a 1-D array: NumPy scalars in CPython (LIST_NPSCALAR)."""
    arrs = g.vars_of(lambda t: isinstance(t, Arr) and t.ndim == 1
                     and t.dtype in ("int64", "float64", "bool"))
    if not arrs:
        return None
    a, t = g.choice(arrs)
    lt = Lst(scalar_kind(t.dtype), nan=t.dtype == "float64")
    if ty is not None and ty != lt:
        return None
    return E(f"list({a})", lt)


# -- numbers, bools and strings from lists -------------------------------------------


def _lnamed(g, d, pred):
    """A list of a type satisfying ``pred``: a variable mostly (its name, usable twice),
    else an expression; (src, type, name or None)."""
    vs = _lvars(g, pred)
    if vs and g.chance(0.8):
        n, t = g.choice(vs)
        return n, t, n
    for _ in range(3):
        a = _lst(g, d)
        if a is not None and pred(a.ty):
            return a.src, a.ty, (a.src if _NAME.fullmatch(a.src) else None)
    return None


@rule("int", 2.5, bugs=LST)
def int_list(g, d):
    """``len(l)``, ``l[i]``, ``count``, ``index``, ``sum``, ``min``/``max``, ``pop``,
    ``nl[i][j]``, ``tl[i][0]``."""
    r = g.rng.random()
    if r < 0.25:
        x = _lnamed(g, d, lambda t: True)
        return None if x is None else E(f"len({x[0]})", "int")
    if r < 0.45:
        x = _lnamed(g, d, lambda t: t.item in ("int", TUPLE_ITEM) or t.item == Lst("int"))
        if x is None:
            return None
        src, t, name = x
        if t.item == "int":
            return E(f"{_paren(src)}[{_lidx(g, d, name)}]", "int")
        if t.item == TUPLE_ITEM:
            return E(f"{_paren(src)}[{_lidx(g, d, name)}][0]", "int")
        inner = f"{_paren(src)}[{_lidx(g, d, name)}]"
        if g.chance(0.3):
            return E(f"len({inner})", "int")
        return E(f"{inner}[{_lidx(g, d)}]", "int")
    if r < 0.6:
        x = _lnamed(g, d, lambda t: _clean(t) and _simple(t))
        if x is None:
            return None
        src, t, _ = x
        m = g.choice(["count", "count", "index", "index2"])
        if m == "index2":
            # with a start (and a stop): clamped as slices are
            bounds = ", ".join(g.choice([str(g.rng.randint(-3, 3)), g.int(d)])
                               for _ in range(g.rng.randint(1, 2)))
            return E(f"{_paren(src)}.index({_item(g, d, t.item)}, {bounds})", "int")
        return E(f"{_paren(src)}.{m}({_item(g, d, t.item)})", "int")
    if r < 0.8:
        x = _lnamed(g, d, lambda t: t.item in ("int", "bool"))
        if x is None:
            return None
        src, t, _ = x
        f = g.choice(["sum", "sum", "min", "max"] if t.item == "int" else ["sum"])
        return E(f"{f}({src})", "int")
    x = _lnamed(g, d, lambda t: t.item == "int")
    if x is None or x[2] is None or not _may_shrink(g, x[2], x[1]):
        return None
    name = x[2]
    if g.chance(0.5):
        return E(f"{name}.pop()", "int")
    return E(f"{name}.pop({_lidx(g, d, name)})", "int")


@rule("float", 2, bugs=LST)
def float_list(g, d):
    """``fl[i]``, ``sum(fl, 0.0)``, ``min``/``max``, ``pop``, ``nl[i][j]``, ``tl[i][1]``."""
    x = _lnamed(g, d, lambda t: t.item in ("float", TUPLE_ITEM) or t.item == Lst("float"))
    if x is None:
        return None
    src, t, name = x
    if t.item == TUPLE_ITEM:
        return E(f"{_paren(src)}[{_lidx(g, d, name)}][1]", "float")
    if isinstance(t.item, Lst):
        return E(f"{_paren(src)}[{_lidx(g, d, name)}][{_lidx(g, d)}]", "float")
    r = g.rng.random()
    if r < 0.35:
        return E(f"{_paren(src)}[{_lidx(g, d, name)}]", "float")
    if r < 0.55:
        if name and g.chance(0.4):
            # a mean: ZeroDivisionError when empty
            return E(f"(sum({name}, 0.0) / len({name}))", "float")
        return E(g.choice([f"sum({src}, 0.0)", f"float(sum({src}))"]), "float")
    if r < 0.8:
        return E(f"{g.choice(['min', 'max'])}({src})", "float")
    if name is None or not _may_shrink(g, name, t):
        return None
    return E(f"{name}.pop({g.choice(['', _lidx(g, d, name)])})", "float")


@rule("bool", 1.5, bugs=LST)
def bool_list(g, d):
    """``x in l``, ``l == m``, truth, ``any``/``all``, ``bl[i]``."""
    r = g.rng.random()
    if r < 0.3:
        x = _lnamed(g, d, lambda t: _clean(t) and _simple(t))
        if x is None:
            return None
        it = x[1].item
        if LIST_OPERAND_ORDER in g.skip_bugs:
            # (evaluated after the list in compiled code: nothing that raises or changes
            # anything, LIST_OPERAND_ORDER)
            vs = [n for n, k in g.scope if k == it and n not in g.deleted]
            probe = g.choice(vs) if vs and g.chance(0.6) else \
                float_lit_src(g.choice(FLOAT_CLEAN)) if it == "float" else \
                _slit(g) if it == "str" else LITERALS[it](g).src
        else:
            probe = _item(g, d, it)
        return E(f"({probe} {g.choice(['in', 'not in'])} {x[0]})", "bool")
    if r < 0.45:
        x = _lnamed(g, d, _clean)
        if x is None:
            return None
        other = _lst(g, d, x[1])
        return E(f"({x[0]} {g.choice(['==', '!='])} {other.src})", "bool")
    if r < 0.65:
        x = _lnamed(g, d, lambda t: True)
        if x is None:
            return None
        return E(g.choice([f"bool({x[0]})", f"(not {x[0]})",
                           f"(len({x[0]}) > {g.rng.randint(0, 3)})"]), "bool")
    if r < 0.85:
        x = _lnamed(g, d, lambda t: t.item in ("int", "float", "bool"))
        if x is None:
            return None
        return E(f"{g.choice(['any', 'all'])}({x[0]})", "bool")
    x = _lnamed(g, d, lambda t: t.item == "bool")
    if x is None:
        return None
    return E(f"{_paren(x[0])}[{_lidx(g, d, x[2])}]", "bool")


@rule("str", 1.2, bugs=LST + STR)
def str_list(g, d):
    """``",".join(sl)``, ``sl[i]``, ``sl.pop()``, ``max(sl)``, ``str(l)`` (run-time)."""
    r = g.rng.random()
    if r < 0.7:
        x = _lnamed(g, d, lambda t: t.item == "str")
        if x is None:
            return None
        src, t, name = x
        if r < 0.3:
            return E(f"{_slit(g)}.join({src})", "str", _RT)
        if r < 0.5:
            return E(f"{_paren(src)}[{_lidx(g, d, name)}]", "str", _RT)
        if r < 0.6 and name and _may_shrink(g, name, t):
            return E(f"{name}.pop()", "str", _RT)
        return E(f"{g.choice(['min', 'max'])}({src})", "str", _RT)
    x = _lnamed(g, d, lambda t: True)
    if x is None:
        return None
    if x[2] and g.chance(0.4):
        return E(f'f"<{{{x[2]}}}>"', "str", _RT)
    return E(f"str({x[0]})", "str", _RT)


@rule("arr", 0.6, bugs=LST)
def arr_from_list(g, d, tag=None, kinds=None):
    """``np.array(l + [x])`` / ``np.asarray([a, b])`` of a number list (never empty):
    an array with a shape of its own (a fresh tag)."""
    if tag is not None:
        return None
    t = Lst(g.choice(["int", "float", "float", "bool"]))
    dt = {"int": "int64", "float": "float64", "bool": "bool"}[t.item]
    if not kind_ok(dt, kinds):
        return None
    vs = _lvars(g, lambda u: u.item == t.item)
    if vs and g.chance(0.6):
        src = f"{g.choice(vs)[0]} + [{_item(g, d, t.item, True)}]"
    else:
        src = list_lit(g, d, ty=Lst(t.item, True)).src
    f = g.choice(["np.array", "np.asarray"])
    g.used.add("arr_from_list")
    return E(f"{f}({src})", Arr(dt, 1, g.fresh("L")))


# -- statements ------------------------------------------------------------------------


def _bind_list(g, name, t, alias=False):
    g.scope.append((name, t))
    if alias:
        g.list_alias.add(name)
    else:
        g.list_alias.discard(name)


@rule("stmt", 2, bugs=LST)
def stmt_list_assign(g, d):
    """``v = <list expression>`` (an alias if the expression may be an existing list)."""
    a = _lst(g, d)
    if a is None:
        return None
    v = g.fresh("ls")
    _bind_list(g, v, a.ty, "alias" in a.flags)
    return [f"{v} = {a.src}"]


@rule("stmt", 2.5, bugs=LST)
def stmt_list_build(g, d):
    """``acc = []`` (or a literal) then appends in a loop: over a range, a list, a while
    with a counter; nested rows (``acc.append([])``, ``acc[-1].append(x)``)."""
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    t = _rand_lst(g)
    v = g.fresh("acc")
    lines = [f"{v} = []" if g.chance(0.7) else f"{v} = {list_lit(g, d, ty=t).src}"]
    saved, nogrow = len(g.scope), len(g.list_nogrow)
    body = []
    r = g.rng.random()
    src = _lst(g, d) if 0.45 <= r < 0.75 else None
    if src is not None:
        x = g.fresh("el")
        head = f"for {x} in {src.src}:"
        g.list_nogrow.append((src.ty, saved))
        _bind_item_var(g, x, src.ty.item)
    elif r < 0.75:
        i = g.fresh("i")
        n = g.choice([str(g.rng.randint(0, 6)), f"{_paren(g.int(d))} % 7"])
        head = f"for {i} in range({n}):"
        g.scope.append((i, "int"))
    else:
        k = g.fresh("_k")
        lines.append(f"{k} = 0")
        head = f"while {k} < {g.rng.randint(1, 5)} and {g.bool(d)}:"
        body.append(f"    {k} += 1")
    g.loop_depth += 1
    if isinstance(t.item, Lst) and g.chance(0.6):
        j = g.fresh("j")
        g.scope.append((j, "int"))
        x = _item(g, d, t.item.item, t.item.nan)
        g.scope.pop()
        if LIST_EMPTY_ROW in g.skip_bugs or g.chance(0.7):
            row = g.fresh("row")
            body += [f"    {row} = []", f"    for {j} in range({g.rng.randint(0, 3)}):",
                     f"        {row}.append({x})", f"    {v}.append({row})"]
        else:
            body += [f"    {v}.append([])", f"    for {j} in range({g.rng.randint(0, 3)}):",
                     f"        {v}[-1].append({x})"]
    else:
        app = f"{v}.append({_item(g, d, t.item, t.nan)})"
        if g.chance(0.3):
            body += [f"    if {_live_cond(g, g.bool(d))}:", f"        {app}"]
        else:
            body.append("    " + app)
    # (the rest of the body may read it, and change it: a fresh list, no alias)
    _bind_list(g, v, t)
    extra = block(g, d, n=g.rng.randint(0, 1))
    if extra != indent(["pass"]):
        body += extra
    del g.scope[saved:]
    del g.list_nogrow[nogrow:]
    g.loop_depth -= 1
    lines += [head] + body
    _bind_list(g, v, t)
    g.used.add("list_build")
    return lines


def _grow_arg(g, d, t, name):
    """What ``extend`` / ``+=`` adds to list ``name``: anything of its type at the top
    level of `f` (itself too: doubling), else a literal (bounded growth)."""
    if _top(g) and g.chance(0.6):
        r = g.rng.random()
        if r < 0.2:
            return name
        if r < 0.35 and t.item == "int":
            return f"range({g.rng.randint(0, 4)})"
        a = _lst(g, d, t)
        return a.src
    if g.chance(0.3) and (_simple(t) or LIST_TUPLE_OF_TUPLES not in g.skip_bugs):
        return f"({', '.join(_item(g, d, t.item, t.nan) for _ in range(g.rng.randint(1, 2)))},)"
    return list_lit(g, d, ty=t).src


@rule("stmt", 3.5, bugs=LST)
def stmt_list_mutate(g, d):
    """A method or operator that changes a list variable in place (or rebinds it)."""
    vs = _lvars(g)
    if not vs:
        return None
    n, t = g.choice(vs)
    grow, shrink = _may_grow(g, n, t), _may_shrink(g, n, t)
    it, nan = t.item, t.nan
    ops = ["reverse", "setitem"] + (["pop", "pop_i"] if shrink else [])
    if grow or LIST_FOR_REBIND not in g.skip_bugs:
        ops.append("rebind")
    if grow:
        ops += ["append", "append", "append", "insert", "extend", "iadd"]
        if _top(g):
            ops += ["imul", "double"]
    if _clean(t) and _simple(t) and shrink:
        ops += ["remove", "remove_guarded"]
    if _sortable(t):
        ops += ["sort", "sort"]
    if g.chance(0.1) and shrink:
        ops.append("clear")
    if it in ("int", "float", "str"):
        ops.append("augitem")
    if isinstance(it, Lst):
        ops += ["inner_append", "inner_set"]
    op = g.choice(ops)
    g.used.add("list_" + op)
    if op == "append":
        return [f"{n}.append({_item(g, d, it, nan)})"]
    if op == "insert":
        return [f"{n}.insert({_lidx(g, d, n)}, {_item(g, d, it, nan)})"]
    if op == "extend":
        if it == "str" and g.chance(0.25):
            # the characters of a string
            return [f"{n}.extend({_s(g, d) if g.str_on else _slit(g)})"]
        return [f"{n}.extend({_grow_arg(g, d, t, n)})"]
    if op == "iadd":
        a = _grow_arg(g, d, t, n)
        if a.startswith("range"):
            a = list_lit(g, d, ty=t).src
        return [f"{n} += {a}"]
    if op == "imul":
        return [f"{n} *= {g.rng.randint(-1, 3)}"]
    if op == "double":
        return [f"{n} = {n} + {_lst(g, d, t).src}"]
    if op == "pop":
        if g.chance(0.4):
            return [f"if {n}:", f"    {n}.pop()"]
        return [f"{n}.pop()"]
    if op == "pop_i":
        if it in ("int", "float", "bool", "str") and g.chance(0.5):
            v = g.fresh()
            lines = [f"{v} = {n}.pop({_lidx(g, d, n)})"]
            g.scope.append((v, it))
            if it == "str":
                g.str_flags[v] = _RT
            else:
                g.assignable.add(v)
            return lines
        return [f"{n}.pop({_lidx(g, d, n)})"]
    if op == "reverse":
        return [f"{n}.reverse()"]
    if op == "clear":
        return [f"{n}.clear()"]
    if op == "sort":
        args = []
        if g.chance(0.5):
            k = _key_lambda(g, d, t)
            if k:
                args.append(f"key={k}")
        if g.chance(0.4):
            args.append(f"reverse={g.choice(['True', 'False', g.bool(d)])}")
        return [f"{n}.sort({', '.join(args)})"]
    if op == "remove":
        return [f"{n}.remove({_item(g, d, it)})"]
    if op == "remove_guarded":
        x = _item(g, d, it)
        if len(x) > _DUP_MAX:
            return [f"{n}.remove({x})"]
        return [f"if {x} in {n}:", f"    {n}.remove({x})"]
    if op == "setitem":
        return [f"{n}[{_lidx(g, d, n)}] = {_item(g, d, it, nan)}"]
    if op == "augitem":
        aop = {"int": ["+", "-", "*"], "float": ["+", "-", "*", "/"], "str": ["+"]}[it]
        return [f"{n}[{_lidx(g, d, n)}] {g.choice(aop)}= {_item(g, d, it, nan)}"]
    if op == "inner_append":
        if not _grow_ok_type(g, it):
            return None
        return [f"{n}[{_lidx(g, d, n)}].append({_item(g, d, it.item, it.nan)})"]
    if op == "inner_set":
        return [f"{n}[{_lidx(g, d, n)}][{_lidx(g, d)}] = {_item(g, d, it.item, it.nan)}"]
    # rebind: a new list of the same type, from the old one (bounded)
    forms = [f"{n} + [{_item(g, d, it, nan)}]", f"{n}[1:]", f"{n}[::-1]", f"{n}[:3]"]
    if _sortable(t):
        forms.append(f"sorted({n})")
    return [f"{n} = {g.choice(forms)}"]


@rule("stmt", 1.2, bugs=LST)
def stmt_list_for(g, d):
    """``for x in l:`` (``enumerate``, ``zip``, ``reversed``, tuples unpacked): lists of
    the iterated types that existed before the loop do not grow in its body."""
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    a = _lst(g, d)
    if a is None:
        return None
    it = a.ty.item
    x = g.fresh("el")
    r = g.rng.random()
    names = [(x, it)]
    iters = [a.ty]
    if r < 0.45:
        if it == TUPLE_ITEM and g.chance(0.6):
            p, q = g.fresh("el"), g.fresh("el")
            head, names = f"for {p}, {q} in {a.src}:", [(p, "int"), (q, "float")]
        else:
            head = f"for {x} in {a.src}:"
    elif r < 0.65:
        i = g.fresh("i")
        start = g.choice(["", "", f", {g.rng.randint(-2, 3)}", f", start={g.rng.randint(0, 2)}"])
        head, names = f"for {i}, {x} in enumerate({a.src}{start}):", [(i, "int"), (x, it)]
    elif r < 0.85:
        b = _lst(g, d)
        y = g.fresh("el")
        head, names = f"for {x}, {y} in zip({a.src}, {b.src}):", [(x, it), (y, b.ty.item)]
        iters.append(b.ty)
    else:
        head = f"for {x} in reversed({a.src}):"
    saved, noshrink = len(g.scope), len(g.list_noshrink)
    for ty in iters:
        g.list_nogrow.append((ty, saved))
        if ("zip(" in head or "reversed(" in head) and LIST_ITER_SHRINK in g.skip_bugs:
            g.list_noshrink.append((ty, saved))
    g.loop_depth += 1
    for n, k in names:
        _bind_item_var(g, n, k)
    body = block(g, d)
    del g.scope[saved:]
    g.loop_depth -= 1
    del g.list_nogrow[len(g.list_nogrow) - len(iters):]
    del g.list_noshrink[noshrink:]
    g.used.add("list_for")
    return [head] + body + loop_else(g, d)


@rule("stmt", 0.6, bugs=LST)
def stmt_list_index_loop(g, d):
    """``for i in range(len(l)): l[i] = ...`` (``l[i] += ...``), reading ``l[i]``."""
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    vs = _lvars(g, lambda t: t.item in ("int", "float", "str", "bool"))
    if not vs:
        return None
    n, t = g.choice(vs)
    i, v = g.fresh("i"), g.fresh()
    saved = len(g.scope)
    g.loop_depth += 1
    g.scope.append((i, "int"))
    lines = [f"for {i} in range(len({n})):", f"    {v} = {n}[{i}]"]
    _bind_item_var(g, v, t.item)
    if t.item != "str":
        g.assignable.add(v)
    new = _item(g, d, t.item, t.nan)
    if t.item in ("int", "float", "str") and g.chance(0.3):
        lines.append(f"    {n}[{i}] {'+' if t.item == 'str' else g.choice(['+', '-', '*'])}= {new}")
    else:
        lines.append(f"    {n}[{i}] = {new}")
    body = block(g, d, n=g.rng.randint(0, 1))
    if body != indent(["pass"]):
        lines += body
    del g.scope[saved:]
    g.loop_depth -= 1
    g.used.add("list_index_loop")
    return lines


@rule("stmt", 0.5, bugs=LST)
def stmt_list_drain(g, d):
    """``while l and k < n: x = l.pop()`` ..."""
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    vs = [(n, t) for n, t in _lvars(g, lambda t: t.item in ("int", "float", "str", "bool",
                                                            TUPLE_ITEM))
          if _may_shrink(g, n, t)]
    if not vs:
        return None
    n, t = g.choice(vs)
    k, x = g.fresh("_k"), g.fresh("el")
    m = g.rng.randint(1, 6)
    if LIST_AND in g.skip_bugs or g.chance(0.7):
        lines = [f"{k} = 0", f"while {k} < {m}:", f"    if not {n}:", "        break"]
    else:
        lines = [f"{k} = 0", f"while {n} and {k} < {m}:"]
    lines += [f"    {k} += 1", f"    {x} = {n}.pop({g.choice(['', '0', '-1'])})"]
    saved = len(g.scope)
    g.loop_depth += 1
    _bind_item_var(g, x, t.item)
    lines += block(g, d, n=g.rng.randint(0, 2))
    del g.scope[saved:]
    g.loop_depth -= 1
    g.used.add("list_drain")
    return lines


@rule("stmt", 0.5, bugs=LST)
def stmt_list_alias(g, d):
    """``m = l`` then a change through ``m`` (``l`` sees it)."""
    vs = _lvars(g)
    if not vs:
        return None
    n, t = g.choice(vs)
    m = g.fresh("ls")
    lines = [f"{m} = {n}"]
    _bind_list(g, m, t, alias=True)
    if _may_grow(g, m, t) and g.chance(0.6):
        lines.append(f"{m}.append({_item(g, d, t.item, t.nan)})")
    elif g.chance(0.5):
        lines.append(f"{m}[{_lidx(g, d, m)}] = {_item(g, d, t.item, t.nan)}")
    g.used.add("list_alias")
    return lines


@rule("stmt", 0.4, bugs=LST)
def stmt_list_print(g, d):
    x = _lnamed(g, d, lambda t: True)
    if x is None:
        return None
    parts = [x[0]] + ([f"len({x[0]})"] if g.chance(0.3) else [])
    parts += g.choice([[], ["sep=''"], ["end=';'"], ["sep=' | '"]])
    return [f"print({', '.join(parts)})"]


#: Slice assignment and `del` of slices (rules tagged "list-setslice"): `l[a:b] = it`
#: (the length changes: only where the list may grow and shrink, see above; an iterable
#: of any length at the top level of `f`, itself included, CPython copying it first: `l[0:0]
#: = l`; elsewhere a literal, a tuple of items, `range(k)`, a string for a list of
#: strings), `l[a:b:c] = it` (an iterable of the slice's size, `[x] * len(l[a:b:c])` or
#: `l[a:b:c][::-1]`, or of any size: CPython's `ValueError: attempt to assign sequence of
#: size 3 to extended slice of size 2`), `del l[a:b]` and `del l[a:b:c]` (where the list
#: may shrink); bounds are constants or run-time ints (clamped as slices are), steps
#: constants or run-time ints that may be 0 (`ValueError: slice step cannot be zero`).
LIST_SETSLICE = "list-setslice"
#: Comprehensions and `list(range(n))` in the body of a lambda or an inner function
#: (`fn3 = lambda p4: [c5 * p4 for c5 in range(3)]`, `def fn3(p4): return list(range(p4 %
#: 5))`), called once or twice (rule tagged "list-closure"; the other rules write them
#: there too, by chance, unless LIST_IN_CLOSURE is skipped).
LIST_CLOSURE = "list-closure"


def _lslice(g, d, ext):
    """``a:b`` (``a:b:c`` with ``ext``) for a list."""
    def bound():
        r = g.rng.random()
        if r < 0.3:
            return ""
        if r < 0.7:
            return str(g.rng.randint(-3, 4))
        return f"{_paren(g.int(d))} % 5 - 2"
    a, b = bound(), bound()
    if not ext:
        return f"{a}:{b}"
    step = g.choice(["2", "-1", "-2", "3", "2", "-1", f"{_paren(g.int(d))} % 3 - 1"])
    return f"{a}:{b}:{step}"


def _setslice_rhs(g, d, name, t, top):
    """An iterable of items of list type ``t`` for a slice assignment to ``name``."""
    r = g.rng.random()
    if r < 0.12 and top:
        return name
    if r < 0.25 and t.item == "int":
        return f"range({g.rng.randint(0, 4)})"
    if r < 0.35 and t.item == "str":
        return _s(g, d) if g.str_on else _slit(g)
    if r < 0.5 and (_simple(t) or t.item == TUPLE_ITEM and LIST_TUPLE_OF_TUPLES not in
                    g.skip_bugs):
        # (numbers or tuples only: a tuple of lists compiles since the eighteenth
        # session, test_iteration.py::test_over_a_tuple_of_one_type, but is not drawn
        # here yet; a tuple holding a narrowed optional number, `(r, x)` in `if r is not
        # None:`, keeps its item optional, a TypingError: those names are hidden)
        hide = {n for n, k in g.scope if isinstance(k, Opt)}
        saved = g.scope
        g.scope = [(n, k) for n, k in saved if n not in hide or isinstance(k, Opt)]
        try:
            items = [_item(g, d, t.item, t.nan) for _ in range(g.rng.randint(1, 2))]
        finally:
            g.scope = saved
        return f"({', '.join(items)},)"
    if r < 0.56:
        return "[]"
    if top:
        return _lst(g, d, t).src
    return list_lit(g, d, ty=t).src


@rule("stmt", 0.9, bugs=LST + (LIST_SETSLICE,))
def stmt_list_setslice(g, d):
    """``l[a:b] = it``, ``l[a:b:c] = it``, ``del l[a:b:c]`` (see above)."""
    vs = _lvars(g)
    if not vs:
        return None
    n, t = g.choice(vs)
    grow, shrink = _may_grow(g, n, t), _may_shrink(g, n, t)
    r = g.rng.random()
    g.used.add("list_setslice")
    if r < 0.4 and grow and shrink:
        return [f"{n}[{_lslice(g, d, False)}] = {_setslice_rhs(g, d, n, t, _top(g))}"]
    if r < 0.75:
        sl = _lslice(g, d, True)
        if g.chance(0.5):
            # (of the slice's size; the list itself: its size only if the slice is
            # whole, `l[::-1] = l` reverses it, CPython copying it first)
            rhs = g.choice([f"[{_item(g, d, t.item, t.nan)}] * len({n}[{sl}])",
                            f"{n}[{sl}][::-1]", n])
        else:
            rhs = _setslice_rhs(g, d, n, t, False)
        return [f"{n}[{sl}] = {rhs}"]
    if not shrink:
        return None
    return [f"del {n}[{_lslice(g, d, g.chance(0.6))}]"]


@rule("stmt", 0.6, bugs=LST + (LIST_CLOSURE,))
def stmt_list_closure(g, d):
    """A lambda or an inner function whose body is a comprehension or ``list(range())``
    (reading its parameter and the enclosing function's variables), called."""
    if LIST_IN_CLOSURE in g.skip_bugs:
        return None
    fname, pv = g.fresh("fn"), g.fresh("q")  # (not `pN`: see stmt_lambda)
    t = Lst("int") if g.chance(0.4) else _rand_lst(g)
    g.scope.append((pv, "int"))
    saved = g.in_closure
    g.in_closure = True
    try:
        if t == Lst("int") and g.chance(0.4):
            body = g.choice([f"list(range({pv} % 5))", f"list(range({g.rng.randint(-2, 2)}, {pv} % 6))",
                             f"list(range({pv} % 4, 6, {g.choice([1, 2, -1])}))"])
        else:
            e = list_comp(g, d, ty=t)
            if e is None:
                return None
            body = e.src
    finally:
        g.in_closure = saved
        g.scope.pop()
    reads = set(_NAME.findall(body)) - {pv}
    if reads & g.deleted:
        return None  # (a name `del`eted on some path, read by an inner function)
    g.captured |= reads
    if g.chance(0.5):
        lines = [f"{fname} = lambda {pv}: {body}"]
    elif g.chance(0.5):
        lines = [f"def {fname}({pv}):", f"    return {body}"]
    else:
        acc = g.fresh("acc")
        lines = [f"def {fname}({pv}):", f"    {acc} = {body}",
                 f"    return {g.choice([acc, f'len({acc})'])}"]
        if lines[-1].endswith(")"):
            v = g.fresh()
            lines.append(f"{v} = {fname}({g.int(d)})")
            g.scope.append((v, "int"))
            g.assignable.add(v)
            g.used.add("list_closure")
            return lines
    v = g.fresh("ls")
    call = f"{fname}({g.int(d)})"
    if g.chance(0.3):
        call = f"{call} + {fname}({g.int(d)})"
    lines.append(f"{v} = {call}")
    _bind_list(g, v, t)
    g.used.add("list_closure")
    return lines


def _list_risky(g, d):
    """Lines that raise on some inputs from lists (in try bodies), or []."""
    vs = _lvars(g, lambda t: t.item in ("int", "float", "str"))
    if not vs:
        return []
    n, t = g.choice(vs)
    v = g.fresh()
    r = g.rng.random()
    if r < 0.3 and not _may_shrink(g, n, t):
        r = 0.4
    if r < 0.3:
        src = f"{n}.pop({g.choice(['', g.int(d), '0'])})"
    elif r < 0.55:
        src = f"{n}[{g.choice([g.int(d), str(g.rng.randint(-5, 5))])}]"
    elif r < 0.7 and _clean(t) and _may_shrink(g, n, t):
        x = _item(g, d, t.item)
        if g.chance(0.5):
            g.used.add("list_risky")
            return [f"{n}.remove({x})"]
        v2 = g.fresh()
        g.scope.append((v2, "int"))
        g.assignable.add(v2)
        g.used.add("list_risky")
        return [f"{v2} = {n}.index({x})"]
    elif r < 0.85:
        src = f"{g.choice(['min', 'max'])}({n}[{g.rng.randint(0, 3)}:{g.rng.randint(-2, 3)}])"
    else:
        src = f"{n}[::{_paren(g.int(d))} % 3 - 1][0]"
    g.scope.append((v, t.item))
    if t.item == "str":
        g.str_flags[v] = _RT
    else:
        g.assignable.add(v)
    g.used.add("list_risky")
    return [f"{v} = {src}"]


def _ret_src(g, k, d):
    """An expression for a result of kind ``k`` (a scalar kind or a Lst)."""
    if isinstance(k, Lst):
        return _lst(g, d, k).src
    if isinstance(k, Dct):
        return _dret_src(g, d, k)
    return g.e(k, d).src


# ---------------------------------------------------------------------------
# dicts
# ---------------------------------------------------------------------------
# In "dicts" programs (DICTS_SHARE of them, decided like the other families without a
# draw from the program's rng; FERROJIT_FUZZ_FORCE=dicts puts every program in the
# family, `--skip-bug dicts` none) values of type ``Dct(key, val)`` join the scope: keys
# of type int, str, float, bool or a tuple `(int, str)` / `(int, int)`, values ints,
# floats, bools, strings, tuples `(int, float)` (TUPLE_ITEM) or lists of ints or floats.
# `f` takes zero to two dict parameters `d0`, `d1` (non-empty; keys int, str, float or
# `(int, str)`, values int, float, str, bool or lists of ints: `make_inputs` writes the
# JSON-safe spec ``{"dict": [[key, value], ...]}``, a key given as a list being a tuple),
# reflected: the harness compares the caller's dict after the call, as it does lists.
# Those parameters are only drawn when the harness takes such specs
# (``harness.is_dict_spec``: `_dict_inputs_ok`). Helpers may take dicts (changing them:
# the caller sees it) and return one; `f` returns dicts (alone or in its tuple, also from
# early returns) as they are, or as `list(d.items())` (always for a dict whose values may
# be NaN: the harness compares dicts with `==`, and CPython's `==` finds a NaN object
# equal to itself).
#
# Dict expressions (kind "dict", asked for with a wanted type ``ty``): variables,
# displays `{k: v, ...}` (a key given twice sometimes: it keeps its first place and its
# last value), comprehensions `{k: v for x in it if c}` (over ranges, strings, lists,
# `enumerate`, a dict's keys, `.items()` and `.values()`), `d.copy()`, `dict(d)`, `a if c
# else b`, helper calls. Statements: a dict bound once, built from `{}` / `dict()` / a
# display in a loop (over a range, a string, a list, a dict's items, a while with a
# counter) by `acc[k] = v`, counting `acc[k] = acc.get(k, 0) + v`, `if k in acc: acc[k]
# += v else: acc[k] = v`, grouping `if k not in acc: acc[k] = [x] else: acc[k].append(x)`
# (`acc.setdefault(k, []).append(x)` in a dict typed by then), mutated (`d[k] = v`, `d[k]
# op= v`, `del d[k]` guarded or not, `pop(k[, default])`, `popitem()`, `clear`,
# `update`, `setdefault(k, v)`, `d[k].append(x)`, rebinding `d = dict(d)` / a filtered
# comprehension), aliased (`e = d`, then a change through `e`), iterated (`for k in d`,
# `.items()` with tuple keys unpacked or not, `.values()`, `.keys()`, `enumerate(d)`, and
# over the copies `list(d)` / `sorted(d)` / `sorted(d.items())`, whose bodies may store
# into and delete from `d`), drained (`while ...: if not d: break; k, v = d.popitem()`),
# churned (`stmt_dict_churn`: up to 80 stores and deletions of keys `(i * a + b) % m` into
# one dict, with `popitem()` / `pop` now and then: the table grows, fills with deleted
# slots and is rebuilt, and insertion order must survive), printed. Ints,
# floats, bools, strings and lists read from dicts feed the other rules: `len`, `d[k]`
# (KeyError when missing), `d.get(k[, default])`, `d.get(k) is None`, `pop`,
# `setdefault`, `popitem()[0]`, `sum/min/max/any/all` of the keys or of `d.values()`,
# `k in d`, `not in`, truth, `==`/`!=`, `v in d.values()`, `list(d)[i]`, `str(d)`,
# f-strings, `sep.join(sorted(d))`, `list(d)`, `sorted(d)`, `list(d.keys())`,
# `list(d.values())`, `list(d.items())`; in try programs `_risky` raises from dicts (a
# missing key read, deleted, popped or updated with `+=`, `popitem()` of an empty dict,
# `min` of an empty dict), whose KeyError (its key in `e.args[0]`: not a string for other
# keys, so handlers that may catch one read `str(e.args[0])`) is compared by type and
# message like every exception. Lookups use keys from small pools (so that they hit
# often; strings with a quote, whose repr CPython writes with double quotes, among them),
# `list(d)[i % len(d)]` (always there, or ZeroDivisionError), run-time values, and now
# and then a number of another type (`2.0` finds the int key 2, `0` the float key 0.0,
# `1` the bool key True); stores and `d[k] op= v` use exactly the key type. Keys and
# values are evaluated left to right with their side effects (`d[k] = d.pop(k)`, `{d.pop(1):
# d.pop(2)}`, `d.get(k, d.pop(j))`): any expression may pop from a dict that may change.
#
# Not generated (documented differences): values of mixed ints and floats (every value of
# a float dict is a float expression, every default of `get`/`pop`/`setdefault` of the
# value type), keys of mixed types (stores use exactly the key type), NaN keys
# (`_clean_float`), a dict changed while a loop or a comprehension iterates over it
# directly (CPython raises RuntimeError, compiled code goes on over a snapshot of the
# keys; `g.dict_frozen`: no dict of the iterated type that existed before the loop, or
# may be an alias, is written there, nor passed to a helper), `d.keys()` / `.values()` /
# `.items()` kept as views (always iterated or converted with `list()`), `setdefault(k)`
# without a default (a dict of optional values), `d.get(k)` used otherwise than compared
# with None, sets, dicts of dicts.
#
# Known bug (open): NumPy scalars put into a dict (a ufunc passed as an argument, `g0(x)`)
# become Python numbers in compiled code (`d[1] / 0.0` raises ZeroDivisionError where
# CPython's np.float64 gives inf; `str(d)` shows `1.5` where NumPy 2 shows
# `np.float64(1.5)`), as in lists: DICT_NPSCALAR, keys and values converted by
# `int()`/`float()`/`bool()` where ufuncs are passed while it is skipped.
DCT = ("dicts",)
DICTS_SHARE = 0.15
DICT_NPSCALAR = "dict-npscalar"
#: Gaps (open; TypingErrors, counted as unsupported while their forms are drawn, rarely):
#: an empty list put into a dict that `{}` left untyped, then appended to through the
#: dict (`acc = {}`, `acc.setdefault(k, []).append(x)` or `acc[k] = []; acc[k].append(x)`:
#: "a compiled list of ? cannot hold a float64 here: name the list to let its item type
#: widen"), DICT_EMPTY_LIST: such dicts group with `acc[k] = [x]` first; `d and c` with a
#: dict operand and a bool (`while d and k < n:`: "`and`/`or` operands have incompatible
#: types"), DICT_AND: drains use `if not d: break`; `sep.join(d)` of a dict of strings (a
#: TypingError with a wrong message: "sequence item 1: expected str instance, list
#: found"), DICT_JOIN: joins take `sorted(d)` or `list(d)`.
DICT_EMPTY_LIST = "dict-empty-list-value"
DICT_AND = "dict-and-operand"
DICT_JOIN = "dict-join"
#: Known bug (open): a dict made by `{}` / `dict()` whose types are only given by a store
#: that reads the dict itself is typed from int64: `acc = {}; acc[1] = acc.get(1, True)`
#: gives `{1: 1}` (CPython `{1: True}`; `pop(k, True)` and `acc.get(k, False) or c` the
#: same), and with a string or tuple default (`acc.get(k, "a") + s`, `acc[k] += s` as the
#: first store, `acc[k] = acc[j] + s`) a TypingError with a wrong message ("returns int64
#: here but str elsewhere", "can only concatenate str (not "int") to str"); rebound from
#: itself (`acc = {}; acc[(3, 3)] = acc.get((3, 3), 7) - 0.5; acc = {c: v for c, v in
#: acc.items() if x}`): "variable `acc` cannot hold both dict(int64, int64) and
#: dict((int64, int64), float64)". DICT_UNTYPED_READ: the first store into such a dict
#: is a plain `acc[k] = v` (or `if k in acc: acc[k] += v else: acc[k] = v`).
DICT_UNTYPED_READ = "dict-untyped-read"
#: Known bug (fixed in the sixteenth session, back in the sample): a dict comprehension
#: whose filter is a constant False (`{c: [c] for c in range(3) if False}[1][0]`:
#: "indexing a int64 is not supported", CPython's KeyError: 1) lost its value type.
#: DICT_DEAD_COMP: the filters read a variable (`_dlive`).
DICT_DEAD_COMP = "dict-dead-comp"
#: Known bug (open; a TypingError): a tuple key holding a value that is optional to
#: compiled code (`r` in `if r is not None: d = {(r, "x"): 1}`, or `v = 5 if r is None
#: else r`): "unhashable type: 'tuple'" (a scalar key `{v: 1}` is fine, and so is the
#: lookup `(v, "x") in d`). DICT_OPT_KEY: in programs with optional values the parts of
#: tuple keys are converted, `(int(v), str(s))`.
DICT_OPT_KEY = "dict-optional-key"
#: Known bug (open): `e.args[0]` of a dict's KeyError caught in compiled code raises
#: NotImplementedError (CPython's is the key: compiled code keeps its repr); `str(e)` and
#: `print(e)` are CPython's (until the fifteenth session they showed an internal
#: encoding, `'\x00repr:5'`); a KeyError escaping to Python is right.
#: DICT_KEYERROR_TEXT: in dicts programs handlers that may catch a KeyError do not read
#: their exception's text (`_exc_text_ok`).
DICT_KEYERROR_TEXT = "dict-keyerror-text"
#: Known bug (fixed in the sixteenth session, back in the sample): `d[k] += m` of a list
#: value extended the list in place but did not store it back: when the right-hand side removed the entry (`d[1] += d.pop(1)`,
#: `d[1] += [d.popitem()[0]]`) CPython's store puts the list back (at the end), compiled
#: code leaves the key out (`{1: [1], 2: [2]}`: CPython `{2: [2], 1: [1, 1]}`, compiled
#: `{2: [2]}`; lists of lists the same: `nl[0] += nl.pop(0)`). DICT_AUG_LIST: the
#: right-hand side of `d[k] += [...]` is a list of literals.
DICT_AUG_LIST = "dict-augitem-list"


@dataclass(frozen=True)
class Dct:
    key: object         # "int", "str", "float", "bool", or one of KEY_TUPLES
    val: object         # "int", "float", "bool", "str", TUPLE_ITEM, Lst("int"/"float")
    nan: bool = False   # (float values) may hold NaN: never compared, searched, sorted


KEY_TUPLES = [("tuple", ("int", "str")), ("tuple", ("int", "int"))]
DKEY_INTS = [-1, 0, 1, 2, 3, 5]
DKEY_STRS = ["a", "b", "ab", "", "x", "it's"]
DKEY_FLOATS = [0.0, -0.0, 0.5, 1.5, -2.25, 3.0, math.inf, 1e16]
#: lookups by a number of another type (an int key `2` is found by `2.0`)
DPROBE_NUMS = {"int": ["2.0", "0.0", "(-1.0)", "0.5", "1.0"],
               "float": ["0", "3", "1", "True"], "bool": ["1", "0", "1.0", "2"]}
#: arguments passed for dict parameters: keys and values
DINPUT_STRS = ["a", "b", "ab", "", "x", "fast", "a,b", "é", 'q"x', "it's"]


def dicts_program(rng):
    """Whether the program about to be drawn from ``rng`` uses dicts (like
    ``complex_program``: no draw from ``rng``)."""
    return random.Random("dicts" + repr(rng.getstate()[1][:16])).random() < DICTS_SHARE


def _dict_inputs_ok():
    """Whether the harness passes dict arguments (``{"dict": [[k, v], ...]}`` specs)."""
    try:
        from . import harness
    except ImportError:  # pragma: no cover - gen.py imported alone
        return False
    return hasattr(harness, "is_dict_spec")


def _np_dict(g):
    """Whether numbers are converted (``int(e)``) before they go into a dict: they may be
    NumPy scalars (ufuncs passed as arguments) while DICT_NPSCALAR is skipped."""
    return g.fn_on and "fnarg-ufunc" not in g.skip_bugs and DICT_NPSCALAR in g.skip_bugs


def _rand_dct(g, simple=False):
    """A dict type: ``simple`` ones (parameters of `f` and helpers) have keys int, str,
    float or `(int, str)` and values int, float, str, bool or lists of ints."""
    r = g.rng.random()
    if r < 0.4:
        key = "int"
    elif r < 0.62:
        key = "str"
    elif r < 0.75:
        key = "float"
    elif r < 0.85 and not simple:
        key = "bool"
    elif r < 0.85:
        key = "int"
    else:
        key = KEY_TUPLES[0] if simple else g.choice(KEY_TUPLES)
    r = g.rng.random()
    if r < 0.35:
        return Dct(key, "int")
    if r < 0.65:
        return Dct(key, "float", nan=g.chance(0.3))
    if r < 0.77:
        return Dct(key, "str")
    if r < 0.84:
        return Dct(key, "bool")
    if r < 0.92 and not simple:
        return Dct(key, TUPLE_ITEM)
    if simple:
        return Dct(key, Lst("int")) if r >= 0.92 else Dct(key, "int")
    return Dct(key, Lst(g.choice(["int", "float"])))


def _dvars(g, pred=lambda t: True):
    return g.vars_of(lambda t: isinstance(t, Dct) and pred(t))


def _num_src(g, kind, src):
    """``src`` (an int, float or bool expression) as it goes into a dict."""
    if _np_dict(g) and not _FLOAT_LIT.fullmatch(src) and src not in ("True", "False") \
            and not re.fullmatch(r"\(?-?\d+\)?", src):
        return f"{kind}({src})"
    return src


def _dkey(g, d, kt, probe=False):
    """Source of a key of type ``kt``: mostly from small pools (lookups hit often), else
    variables and expressions; with ``probe`` (a lookup, not a store) now and then a
    number of another type."""
    if isinstance(kt, tuple):
        parts = [_dkey(g, d, k) for k in kt[1]]
        if g.opt_on and DICT_OPT_KEY in g.skip_bugs:
            # (a value optional to compiled code, `v = 5 if r is None else r`, converted:
            # DICT_OPT_KEY)
            parts = [p if re.fullmatch(r"\(?-?\d+\)?|'[^']*'", p) else f"{k}({p})"
                     for p, k in zip(parts, kt[1])]
        return "(" + ", ".join(parts) + ")"
    if probe and kt in DPROBE_NUMS and g.chance(0.08):
        return g.choice(DPROBE_NUMS[kt])
    vs = [n for n, k in g.scope if k == kt]
    r = g.rng.random()
    if kt == "int":
        if r < 0.45:
            return int_lit_src(g.choice(DKEY_INTS))
        if r < 0.65 and vs:
            return _num_src(g, "int", g.choice(vs))
        if r < 0.9:
            return f"({_num_src(g, 'int', g.int(d))} % 4)"
        return _num_src(g, "int", g.int(d))
    if kt == "str":
        if r < 0.5:
            return repr(g.choice(DKEY_STRS))
        if r < 0.75 and vs:
            return g.choice(vs)
        if g.str_on:
            return _s(g, d)
        return repr(g.choice(DKEY_STRS))
    if kt == "float":
        if r < 0.45:
            return float_lit_src(g.choice(DKEY_FLOATS))
        if r < 0.6 and vs:
            # (a float variable may be NaN: a NaN key is a documented difference)
            v = g.choice(vs)
            return f"({_num_src(g, 'float', v)} if {v} == {v} else 0.5)"
        if r < 0.8:
            return f"float({_num_src(g, 'int', g.int(d))} % 3)"
        return _num_src(g, "float", _clean_float(g, d))
    # bool
    if r < 0.6:
        return g.choice(["True", "False"])
    return _num_src(g, "bool", g.bool(d))


def _dlive(g, c):
    """Filter ``c`` of a dict comprehension, made to read a variable known only at run
    time if it does not (while DICT_DEAD_COMP is skipped: a constant False one loses the
    dict's types)."""
    if DICT_DEAD_COMP not in g.skip_bugs or set(_NAME.findall(c)) & {
            n for n, k in g.scope if k in ("int", "float", "bool")
            or isinstance(k, (Lst, Arr, Dct)) or g.str_flags.get(n) == _RT}:
        return c
    vs = sorted(n for n, k in g.scope if k in ("int", "float", "bool"))
    return f"({c}) != bool({g.choice(vs)})" if vs else "True"


def _dval(g, d, t):
    """Source of a value for dict type ``t``."""
    v = t.val
    if v == "float":
        return _num_src(g, "float", g.float(d) if t.nan else _clean_float(g, d))
    if v in ("int", "bool"):
        return _num_src(g, v, g.e(v, d).src)
    if v == "str":
        return _s(g, d) if g.str_on else _slit(g)
    if isinstance(v, Lst) and not g.list_on:
        return list_lit(g, d, ty=v).src  # (no list rules to draw from)
    return _item(g, d, v, False)


def _ddefault(g, d, t):
    """A default of the value type (`get`, `pop`, `setdefault`): a literal mostly."""
    v = t.val
    if g.chance(0.6):
        if v == "int":
            return int_lit_src(g.choice([0, -1, 1, 7]))
        if v == "float":
            return float_lit_src(g.choice([0.0, -1.0, 0.5, math.inf]))
        if v == "bool":
            return g.choice(["True", "False"])
        if v == "str":
            return _slit(g)
    return _dval(g, d, t)


def _dprobe(g, d, t, name=None, cross=True):
    """A key to look up in dict ``name`` (type ``t``): one of its keys sometimes
    (`list(d)[i % len(d)]`: ZeroDivisionError when empty); ``cross``: a number of another
    type now and then (not for `d[k] op= v`, a store)."""
    if name is not None and g.chance(0.15):
        return f"list({name})[{_lidx(g, d, name)}]"
    return _dkey(g, d, t.key, probe=cross)


def _dct(g, d, ty=None):
    """A dict expression of type ``ty`` (any dict if None; then perhaps None)."""
    for _ in range(3):
        x = g.pick("dict", d, ty=ty)
        if x is not None:
            return x
    if ty is None:
        return None
    return dict_lit(g, MAX_DEPTH + 1, ty=ty)


def _dnamed(g, d, pred=lambda t: True):
    """A dict of a type satisfying ``pred``: a variable mostly, else an expression;
    (src, type, name or None)."""
    vs = _dvars(g, pred)
    if vs and g.chance(0.8):
        n, t = g.choice(vs)
        return n, t, n
    for _ in range(3):
        a = _dct(g, d)
        if a is not None and pred(a.ty):
            return a.src, a.ty, (a.src if _NAME.fullmatch(a.src) else None)
    return None


def _dmay_change(g, name, t):
    """Whether dict variable ``name`` (type ``t``) may be written here: not while a loop
    or a comprehension iterates over a dict of its type that may be the same object."""
    for ty, start in g.dict_frozen:
        if ty != t:
            continue
        idx = max((i for i, (n, _) in enumerate(g.scope) if n == name), default=-1)
        if idx < start or name in g.dict_alias:
            return False
    return True


def _dchangeable(g, pred=lambda t: True):
    """The dict variables (satisfying ``pred``) that may be written here."""
    return [(n, t) for n, t in _dvars(g, pred) if _dmay_change(g, n, t)]


def _bind_dict(g, name, t, alias=False):
    g.scope.append((name, t))
    if alias:
        g.dict_alias.add(name)
    else:
        g.dict_alias.discard(name)


def _dret_src(g, d, t):
    """A result of dict type ``t`` for a return: the dict, or `list(d.items())` (always
    when its values may be NaN: see above; the same for every return of the type)."""
    e = _dct(g, d, t)
    if t not in g.dict_items_ret:
        g.dict_items_ret[t] = t.nan or g.chance(0.4)
    if g.dict_items_ret[t]:
        return f"list({_paren(e.src)}.items())"
    return e.src


def _dtrace_fold(src):
    """A helper's dict result ``src`` that also depends on its ``trace``."""
    return f"{{tk: tv for tk, tv in {_paren(src)}.items() if trace % 2 == 0}}"


# -- dict expressions ----------------------------------------------------------------


@rule("dict", 6, bugs=DCT)
def dict_var(g, d, ty=None):
    vs = _dvars(g, lambda t: ty is None or t == ty)
    if not vs:
        return None
    n, t = g.choice(vs)
    return E(n, t, {"alias"})


@rule("dict", 2, bugs=DCT)
def dict_lit(g, d, ty=None):
    t = ty or _rand_dct(g)
    keys = [_dkey(g, d, t.key) for _ in range(g.rng.randint(1, 4))]
    if len(keys) >= 2 and len(keys[0]) <= _DUP_MAX and g.chance(0.25):
        keys[-1] = keys[0]  # (a key given twice: its first place, its last value)
    return E("{" + ", ".join(f"{k}: {_dval(g, d, t)}" for k in keys) + "}", t)


def _dcomp_source(g, d):
    """The for-clause of a dict comprehension: (source, [(name, kind)] to bind). A dict
    iterated over directly is frozen (``g.dict_frozen``) until the caller drops it."""
    r = g.rng.random()
    if r < 0.3:
        i = g.fresh("c")
        n = g.choice([str(g.rng.randint(0, 5)), f"{_paren(g.int(d))} % 6"])
        return f"for {i} in range({n})", [(i, "int")]
    if r < 0.45:
        s = _paren(_s(g, d)) if g.str_on else repr(g.choice(STR_INPUTS + ["abca"]))
        c = g.fresh("c")
        if g.chance(0.4):
            i = g.fresh("c")
            return f"for {i}, {c} in enumerate({s})", [(i, "int"), (c, "str")]
        return f"for {c} in {s}", [(c, "str")]
    if r < 0.6 and g.list_on:
        src = _lst(g, d)
        if src is not None:
            x = g.fresh("c")
            # (no list of its type grows in the key or the value: dropped with the frozen
            # dicts by the caller)
            g.list_nogrow.append((src.ty, len(g.scope)))
            return f"for {x} in {src.src}", [(x, src.ty.item)]
    src = _dct(g, d)
    if src is None:
        i = g.fresh("c")
        return f"for {i} in range({g.rng.randint(0, 4)})", [(i, "int")]
    t = src.ty
    g.dict_frozen.append((t, len(g.scope)))
    k, v = g.fresh("c"), g.fresh("c")
    r = g.rng.random()
    if r < 0.45:
        return f"for {k}, {v} in {_paren(src.src)}.items()", [(k, t.key), (v, t.val)]
    if r < 0.75:
        return f"for {k} in {src.src}", [(k, t.key)]
    if r < 0.9:
        return f"for {v} in {_paren(src.src)}.values()", [(v, t.val)]
    return f"for {v}, {k} in enumerate({src.src})", [(v, "int"), (k, t.key)]


def _dbind(g, name, kind):
    """``name`` joins the scope as a key or value of ``kind`` (a list: an alias of the
    dict's own list)."""
    if isinstance(kind, Lst):
        _bind_list(g, name, kind, alias=True)
    else:
        _bind_item_var(g, name, kind)


@rule("dict", 1.5, bugs=DCT)
def dict_comp(g, d, ty=None):
    """``{k: v for x in it if c}`` (see above)."""
    if d > MAX_DEPTH:
        return None
    t = ty or _rand_dct(g)
    saved, frozen, nogrow = len(g.scope), len(g.dict_frozen), len(g.list_nogrow)
    g.in_comp += 1
    try:
        clause, binds = _dcomp_source(g, d)
        for n, k in binds:
            _dbind(g, n, k)
        kb = [n for n, k in binds if k == t.key]
        if kb and g.chance(0.65):
            key = g.choice(kb)
            if t.key == "int" and g.chance(0.3):
                key = f"{key} % 3"  # (keys met again: the last value stays)
        else:
            key = _dkey(g, d, t.key)
        vb = [n for n, k in binds if k == t.val and (t.val != "float" or t.nan)]
        val = g.choice(vb) if vb and g.chance(0.4) else _dval(g, d, t)
        cond = f" if {_dlive(g, g.bool(d))}" if g.chance(0.3) else ""
    finally:
        del g.scope[saved:]
        del g.dict_frozen[frozen:]
        del g.list_nogrow[nogrow:]
        g.in_comp -= 1
    src = f"{{{key}: {val} {clause}{cond}}}"
    if set(_NAME.findall(src)) & g.deleted:
        # (a name `del`eted on some path, read by the comprehension, a function of its
        # own: CPython's NameError "cannot access free variable")
        return None
    _capture(g, src)
    g.used.add("dict_comp")
    return E(src, t)


@rule("dict", 0.6, bugs=DCT)
def dict_copy(g, d, ty=None):
    a = _dct(g, d, ty)
    if a is None:
        return None
    return E(g.choice([f"{_paren(a.src)}.copy()", f"dict({a.src})"]), a.ty)


@rule("dict", 0.4, bugs=DCT)
def dict_ifexp(g, d, ty=None):
    a = _dct(g, d, ty)
    if a is None:
        return None
    b = _dct(g, d, a.ty)
    return E(f"({a.src} if {_cond(g, d)} else {b.src})", a.ty, {"alias"})


@rule("dict", 0.6, bugs=DCT)
def dict_call(g, d, ty=None):
    hs = [h for h in g.helpers if isinstance(h[2], Dct) and (ty is None or h[2] == ty)]
    if not hs:
        return None
    name, ptys, ret = g.choice(hs)
    args = _call_args(g, d, ptys, name=name)
    if args is None:
        return None
    # (a helper may return its dict parameter: an alias)
    return E(f"{name}({args})", ret, {"alias"})


# -- numbers, bools, strings and lists from dicts ---------------------------------------


def _dread(g, d, pred):
    """``d[k]`` / ``d.get(k, default)`` of a dict whose type satisfies ``pred``:
    (source, type) or None."""
    x = _dnamed(g, d, pred)
    if x is None:
        return None
    src, t, name = x
    k = _dprobe(g, d, t, name)
    if g.chance(0.3) and t.val in ("int", "float", "bool", "str"):
        return f"{_paren(src)}.get({k}, {_ddefault(g, d, t)})", t
    return f"{_paren(src)}[{k}]", t


def _dpop(g, d, pred):
    """``d.pop(k[, default])``, ``d.setdefault(k, v)`` of a dict variable that may change
    here, of a type satisfying ``pred`` (scalar values): source or None."""
    vs = _dchangeable(g, pred)
    if not vs:
        return None
    n, t = g.choice(vs)
    r = g.rng.random()
    if r < 0.4:
        return f"{n}.pop({_dprobe(g, d, t, n)})"
    if r < 0.7:
        return f"{n}.pop({_dprobe(g, d, t, n)}, {_ddefault(g, d, t)})"
    return f"{n}.setdefault({_dkey(g, d, t.key)}, {_ddefault(g, d, t)})"


@rule("int", 1.8, bugs=DCT)
def int_dict(g, d):
    """``len(d)``, ``d[k]``, ``get``, ``pop``, ``setdefault``, ``sum``/``min``/``max`` of
    keys and values, ``d[k][0]``, ``len(d[k])``, ``list(d)[i]``, ``popitem()[0]``."""
    r = g.rng.random()
    if r < 0.22:
        x = _dnamed(g, d)
        return None if x is None else E(f"len({x[0]})", "int")
    if r < 0.5:
        x = _dread(g, d, lambda t: t.val in ("int", TUPLE_ITEM) or isinstance(t.val, Lst))
        if x is None:
            return None
        src, t = x
        if t.val == "int":
            return E(src, "int")
        if t.val == TUPLE_ITEM:
            return E(f"{src}[0]", "int")
        if t.val == Lst("int") and g.chance(0.6):
            return E(f"{src}[{_lidx(g, d)}]", "int")
        return E(f"len({src})", "int")
    if r < 0.68:
        x = _dnamed(g, d, lambda t: t.key in ("int", "bool") or t.val in ("int", "bool"))
        if x is None:
            return None
        src, t, _ = x
        opts = []
        if t.key in ("int", "bool"):
            opts += [f"sum({src})"] + ([f"min({src})", f"max({src})"] if t.key == "int" else [])
        if t.val in ("int", "bool"):
            opts += [f"sum({_paren(src)}.values())"]
            if t.val == "int":
                opts += [f"max({_paren(src)}.values())", f"min({_paren(src)}.values())"]
        return E(g.choice(opts), "int")
    if r < 0.82:
        s = _dpop(g, d, lambda t: t.val == "int")
        return None if s is None else E(s, "int")
    if r < 0.92:
        x = _dnamed(g, d, lambda t: t.key == "int" or t.key in KEY_TUPLES)
        if x is None:
            return None
        src, t, name = x
        first = "" if t.key == "int" else "[0]"
        return E(f"list({src})[{_lidx(g, d, name)}]{first}", "int")
    vs = _dchangeable(g, lambda t: t.key == "int" or t.key in KEY_TUPLES)
    if not vs:
        return None
    n, t = g.choice(vs)
    return E(f"{n}.popitem()[0]" + ("" if t.key == "int" else "[0]"), "int")


@rule("float", 1.4, bugs=DCT)
def float_dict(g, d):
    """``d[k]``, ``get``, ``pop``, ``sum(d.values(), 0.0)``, ``min``/``max`` of values or
    float keys, ``d[k][1]``, ``d[k][i]``."""
    r = g.rng.random()
    if r < 0.45:
        x = _dread(g, d, lambda t: t.val in ("float", TUPLE_ITEM) or t.val == Lst("float"))
        if x is None:
            return None
        src, t = x
        if t.val == "float":
            return E(src, "float")
        if t.val == TUPLE_ITEM:
            return E(f"{src}[1]", "float")
        return E(f"{src}[{_lidx(g, d)}]", "float")
    if r < 0.75:
        x = _dnamed(g, d, lambda t: t.val == "float" or t.key == "float")
        if x is None:
            return None
        src, t, name = x
        opts = []
        if t.val == "float":
            vals = f"{_paren(src)}.values()"
            opts += [f"sum({vals}, 0.0)", f"float(sum({vals}))", f"max({vals})", f"min({vals})"]
            if name:
                # a mean: ZeroDivisionError when empty
                opts.append(f"(sum({name}.values(), 0.0) / len({name}))")
        if t.key == "float":
            opts += [f"sum({src}, 0.0)", f"max({src})", f"min({src})"]
        return E(g.choice(opts), "float")
    if r < 0.9:
        s = _dpop(g, d, lambda t: t.val == "float")
        return None if s is None else E(s, "float")
    x = _dnamed(g, d, lambda t: t.key == "float")
    if x is None:
        return None
    return E(f"list({x[0]})[{_lidx(g, d, x[2])}]", "float")


@rule("bool", 1.3, bugs=DCT)
def bool_dict(g, d):
    """``k in d``, ``not in``, truth, ``==``/``!=``, ``any``/``all``, ``d[k]`` of bools,
    ``d.get(k) is None``, ``v in d.values()``."""
    r = g.rng.random()
    if r < 0.35:
        x = _dnamed(g, d)
        if x is None:
            return None
        return E(f"({_dprobe(g, d, x[1])} {g.choice(['in', 'not in'])} {x[0]})", "bool")
    if r < 0.5:
        x = _dnamed(g, d)
        if x is None:
            return None
        if g.chance(0.5):
            return E(g.choice([f"bool({x[0]})", f"(not {x[0]})",
                               f"(len({x[0]}) > {g.rng.randint(0, 3)})"]), "bool")
        return E(f"({_paren(x[0])}.get({_dprobe(g, d, x[1], x[2])}) "
                 f"{g.choice(['is None', 'is not None'])})", "bool")
    if r < 0.65:
        x = _dnamed(g, d, lambda t: not t.nan)
        if x is None:
            return None
        other = _dct(g, d, x[1])
        return E(f"({x[0]} {g.choice(['==', '!='])} {other.src})", "bool")
    if r < 0.78:
        x = _dnamed(g, d, lambda t: t.key in ("int", "float", "bool")
                    or t.val in ("int", "float", "bool"))
        if x is None:
            return None
        src, t, _ = x
        opts = []
        if t.key in ("int", "float", "bool"):
            opts += [f"any({src})", f"all({src})"]
        if t.val in ("int", "float", "bool"):
            opts += [f"any({_paren(src)}.values())", f"all({_paren(src)}.values())"]
        return E(g.choice(opts), "bool")
    if r < 0.88:
        x = _dnamed(g, d, lambda t: t.val in ("int", "float", "bool", "str") and not t.nan)
        if x is None:
            return None
        src, t, _ = x
        v = _dval(g, d, t) if g.chance(0.4) else _ddefault(g, d, t)
        return E(f"({v} {g.choice(['in', 'not in'])} {_paren(src)}.values())", "bool")
    x = _dread(g, d, lambda t: t.val == "bool")
    return None if x is None else E(x[0], "bool")


@rule("str", 1.0, bugs=DCT + STR)
def str_dict(g, d):
    """``d[k]``, ``get``, ``pop`` of strings, ``min``/``max`` of string keys,
    ``sep.join(sorted(d))``, ``str(d)``, f-strings (run-time strings)."""
    r = g.rng.random()
    if r < 0.35:
        x = _dread(g, d, lambda t: t.val == "str")
        return None if x is None else E(x[0], "str", _RT)
    if r < 0.45:
        s = _dpop(g, d, lambda t: t.val == "str")
        return None if s is None else E(s, "str", _RT)
    if r < 0.65:
        x = _dnamed(g, d, lambda t: t.key == "str")
        if x is None:
            return None
        src = x[0]
        if g.chance(0.4):
            return E(f"{g.choice(['min', 'max'])}({src})", "str", _RT)
        if DICT_JOIN not in g.skip_bugs and g.chance(0.1):
            return E(f"{_slit(g)}.join({src})", "str", _RT)
        return E(f"{_slit(g)}.join({g.choice(['sorted', 'list'])}({src}))", "str", _RT)
    x = _dnamed(g, d)
    if x is None:
        return None
    if x[2] and g.chance(0.4):
        return E(f'f"<{{{x[2]}}}>"', "str", _RT)
    return E(f"str({x[0]})", "str", _RT)


@rule("list", 0.8, bugs=LST + DCT)
def list_of_dict(g, d, ty=None):
    """``list(d)``, ``sorted(d)``, ``list(d.keys())``, ``list(d.values())``,
    ``sorted(d.values())``, ``list(d.items())`` (keys int, values float), ``d[k]`` of a
    list value (an alias of the dict's list)."""
    x = _dnamed(g, d)
    if x is None:
        return None
    src, t, name = x
    opts = []
    if t.key in ("int", "float", "bool", "str"):
        kt = Lst(t.key)
        opts += [(f"list({src})", kt, ()), (f"sorted({src})", kt, ()),
                 (f"list({_paren(src)}.keys())", kt, ())]
        if t.key != "bool":
            opts.append((f"sorted({src}, reverse=True)", kt, ()))
    if t.val in ("int", "float", "bool", "str", TUPLE_ITEM) or isinstance(t.val, Lst):
        vt = Lst(t.val, nan=t.nan)
        opts.append((f"list({_paren(src)}.values())", vt, ()))
        if _sortable(vt):
            opts.append((f"sorted({_paren(src)}.values())", vt, ()))
    if t.key == "int" and t.val == "float":
        opts.append((f"list({_paren(src)}.items())", Lst(TUPLE_ITEM, nan=t.nan), ()))
    if isinstance(t.val, Lst):
        opts.append((f"{_paren(src)}[{_dprobe(g, d, t, name)}]", t.val, {"alias"}))
    opts = [o for o in opts if ty is None or o[1] == ty]
    if not opts:
        return None
    s, lt, fl = g.choice(opts)
    return E(s, lt, fl)


# -- statements ------------------------------------------------------------------------


@rule("stmt", 2, bugs=DCT)
def stmt_dict_assign(g, d):
    """``v = <dict expression>`` (an alias if the expression may be an existing dict)."""
    a = _dct(g, d)
    if a is None:
        return None
    v = g.fresh("dc")
    _bind_dict(g, v, a.ty, "alias" in a.flags)
    return [f"{v} = {a.src}"]


def _dstore_lines(g, d, acc, t, key, empty):
    """The store of a dict build into ``acc`` (type ``t``) at ``key`` (see above);
    ``empty``: ``acc`` started as `{}` / `dict()` (untyped until its first store)."""
    v = t.val
    short = len(key) <= _DUP_MAX
    r = g.rng.random()
    if isinstance(v, Lst):
        x = _item(g, d, v.item, v.nan)
        if not _grow_ok_type(g, v):
            return [f"{acc}[{key}] = [{x}]"]
        if (not empty or DICT_EMPTY_LIST not in g.skip_bugs and g.chance(0.15)) and short \
                and r < 0.5:
            return [f"{acc}.setdefault({key}, []).append({x})"]
        if empty and DICT_EMPTY_LIST not in g.skip_bugs and g.chance(0.1) and short:
            return [f"if {key} not in {acc}:", f"    {acc}[{key}] = []",
                    f"{acc}[{key}].append({x})"]
        if short:
            return [f"if {key} not in {acc}:", f"    {acc}[{key}] = [{x}]", "else:",
                    f"    {acc}[{key}].append({x})"]
        return [f"{acc}[{key}] = [{x}]"]
    # (an untyped dict read before its first plain store: DICT_UNTYPED_READ)
    reads = not empty or DICT_UNTYPED_READ not in g.skip_bugs
    if r < 0.35 or not short or r < 0.7 and not reads:
        return [f"{acc}[{key}] = {_dval(g, d, t)}"]
    if v in ("int", "float", "str") and r < 0.7:
        op = "+" if v == "str" else g.choice(["+", "+", "-", "*"])
        return [f"{acc}[{key}] = {acc}.get({key}, {_ddefault(g, d, t)}) {op} {_dval(g, d, t)}"]
    if v == "bool" and r < 0.7:
        return [f"{acc}[{key}] = {acc}.{g.choice(['get', 'pop'])}({key}, {_ddefault(g, d, t)})"
                f" {g.choice(['or', 'and'])} {_dval(g, d, t)}"]
    if v in ("int", "float", "str") and (r < 0.92 or not reads):
        op = "+" if v == "str" else g.choice(["+", "-", "*"])
        return [f"if {key} in {acc}:", f"    {acc}[{key}] {op}= {_dval(g, d, t)}", "else:",
                f"    {acc}[{key}] = {_dval(g, d, t)}"]
    if v in ("int", "float", "str"):
        # unguarded: KeyError the first time a key comes (unless the dict had it)
        return [f"{acc}[{key}] += {_dval(g, d, t)}"]
    return [f"{acc}[{key}] = {_dval(g, d, t)}"]


@rule("stmt", 2.2, bugs=DCT)
def stmt_dict_build(g, d):
    """``acc = {}`` (``dict()``, a display) then stores in a loop (see above)."""
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    t = _rand_dct(g)
    v = g.fresh("acc")
    r0 = g.rng.random()
    empty = r0 < 0.75
    lines = [f"{v} = {'{}' if r0 < 0.55 else 'dict()' if empty else dict_lit(g, d, ty=t).src}"]
    saved, frozen, nogrow = len(g.scope), len(g.dict_frozen), len(g.list_nogrow)
    body = []
    r = g.rng.random()
    src = _dct(g, d) if 0.5 <= r < 0.7 else _lst(g, d) if 0.7 <= r < 0.85 and g.list_on \
        else None
    if isinstance(src, E) and isinstance(src.ty, Dct):
        k, w = g.fresh("el"), g.fresh("el")
        g.dict_frozen.append((src.ty, saved))
        head = f"for {k}, {w} in {_paren(src.src)}.items():"
        _dbind(g, k, src.ty.key)
        _dbind(g, w, src.ty.val)
    elif src is not None:
        x = g.fresh("el")
        g.list_nogrow.append((src.ty, saved))
        head = f"for {x} in {src.src}:"
        _bind_item_var(g, x, src.ty.item)
    elif r < 0.3 or r >= 0.5 and r < 0.85:
        i = g.fresh("i")
        n = g.choice([str(g.rng.randint(0, 6)), f"{_paren(g.int(d))} % 7"])
        head = f"for {i} in range({n}):"
        g.scope.append((i, "int"))
    elif r < 0.5:
        s = _paren(_s(g, d)) if g.str_on else repr(g.choice(STR_INPUTS + ["abcab"]))
        c = g.fresh("ch")
        head = f"for {c} in {s}:"
        _bind_item_var(g, c, "str")
    else:
        k = g.fresh("_k")
        lines.append(f"{k} = 0")
        head = f"while {k} < {g.rng.randint(1, 5)} and {g.bool(d)}:"
        body.append(f"    {k} += 1")
    g.loop_depth += 1
    # the key: the loop's variable (or a value computed from it) more often
    loopvars = [n for n, k in g.scope[saved:] if k == t.key]
    if loopvars and g.chance(0.6):
        key = g.choice(loopvars)
        if t.key == "int" and g.chance(0.4):
            key = f"{key} % {g.rng.randint(2, 4)}"
    else:
        key = _dkey(g, d, t.key)
    store = _dstore_lines(g, d, v, t, key, empty)
    if g.chance(0.25):
        body += [f"    if {_cond(g, d)}:"] + indent(store, 2)
    else:
        body += indent(store)
    # (the rest of the body may read it and change it: a fresh dict, no alias)
    _bind_dict(g, v, t)
    extra = block(g, d, n=g.rng.randint(0, 1))
    if extra != indent(["pass"]):
        body += extra
    del g.scope[saved:]
    del g.dict_frozen[frozen:]
    del g.list_nogrow[nogrow:]
    g.loop_depth -= 1
    lines += [head] + body
    _bind_dict(g, v, t)
    g.used.add("dict_build")
    return lines


@rule("stmt", 3, bugs=DCT)
def stmt_dict_mutate(g, d):
    """A method or a store that changes a dict variable in place (or rebinds it)."""
    vs = _dvars(g)
    if not vs:
        return None
    n, t = g.choice(vs)
    if not _dmay_change(g, n, t):
        # (iterated over: only rebinding the name, the loop goes on over the old dict)
        ops = ["rebind"]
    else:
        ops = ["setitem", "setitem", "setitem_new", "del", "del_guarded", "pop",
               "pop_default", "popitem", "update", "setdefault", "rebind"]
        if t.val in ("int", "float", "str") or isinstance(t.val, Lst):
            ops += ["augitem", "augitem"]
        if isinstance(t.val, Lst) and _grow_ok_type(g, t.val):
            ops += ["inner_append", "inner_append"]
        if g.chance(0.1):
            ops.append("clear")
    op = g.choice(ops)
    g.used.add("dict_" + op)
    if op == "setitem":
        # (a key of exactly the key type: one of its own keys, or a new one)
        k = f"list({n})[{_lidx(g, d, n)}]" if g.chance(0.3) else _dkey(g, d, t.key)
        return [f"{n}[{k}] = {_dval(g, d, t)}"]
    if op == "setitem_new":
        return [f"{n}[{_dkey(g, d, t.key)}] = {_dval(g, d, t)}"]
    if op == "del":
        return [f"del {n}[{_dprobe(g, d, t, n)}]"]
    if op == "del_guarded":
        k = _dkey(g, d, t.key, probe=True)
        if len(k) > _DUP_MAX:
            return [f"del {n}[{k}]"]
        return [f"if {k} in {n}:", f"    del {n}[{k}]"]
    if op == "pop":
        if g.chance(0.5):
            return [f"{n}.pop({_dprobe(g, d, t, n)}, {_ddefault(g, d, t)})"]
        return [f"{n}.pop({_dprobe(g, d, t, n)})"]
    if op == "pop_default" and t.val in ("int", "float", "bool", "str"):
        v = g.fresh()
        lines = [f"{v} = {n}.pop({_dprobe(g, d, t, n)}, {_ddefault(g, d, t)})"]
        _dbind(g, v, t.val)
        if t.val != "str":
            g.assignable.add(v)
        return lines
    if op in ("pop_default", "popitem"):
        if g.chance(0.4):
            return [f"if {n}:", f"    {n}.popitem()"]
        if t.key in ("int", "str", "float", "bool") and t.val in ("int", "float", "bool",
                                                                   "str"):
            a, b = g.fresh("k"), g.fresh()
            lines = [f"{a}, {b} = {n}.popitem()"]
            _dbind(g, a, t.key)
            _dbind(g, b, t.val)
            g.assignable |= {x for x, k in ((a, t.key), (b, t.val)) if k in ("int", "float")}
            return lines
        return [f"{n}.popitem()"]
    if op == "update":
        return [f"{n}.update({_dct(g, d, t).src})"]
    if op == "setdefault":
        return [f"{n}.setdefault({_dkey(g, d, t.key)}, {_ddefault(g, d, t)})"]
    if op == "clear":
        return [f"{n}.clear()"]
    if op == "augitem":
        if isinstance(t.val, Lst):
            if not _grow_ok_type(g, t.val):
                return None
            k = _dprobe(g, d, t, n, False)
            if DICT_AUG_LIST not in g.skip_bugs and g.chance(0.3):
                # the right-hand side removes the entry (CPython stores the list back)
                rhs = f"{n}.pop({_dprobe(g, d, t, n, False)}, {list_lit(g, d, ty=t.val).src})"
            elif DICT_AUG_LIST in g.skip_bugs:
                # (items that cannot change the dict: DICT_AUG_LIST)
                it = t.val.item
                rhs = "[" + ", ".join(float_lit_src(g.choice(FLOAT_CLEAN)) if it == "float"
                                      else int_lit_src(g.rng.randint(-3, 9))
                                      for _ in range(g.rng.randint(1, 3))) + "]"
            else:
                rhs = list_lit(g, d, ty=t.val).src
            return [f"{n}[{k}] += {rhs}"]
        aop = {"int": ["+", "-", "*", "//", "%"], "float": ["+", "-", "*", "/"],
               "str": ["+"]}[t.val]
        return [f"{n}[{_dprobe(g, d, t, n, False)}] {g.choice(aop)}= {_dval(g, d, t)}"]
    if op == "inner_append":
        return [f"{n}[{_dprobe(g, d, t, n)}].append({_item(g, d, t.val.item, t.val.nan)})"]
    # rebind: a new dict of the same type, from the old one
    forms = [f"dict({n})", f"{n}.copy()"]
    if not g.in_closure:
        k, w = g.fresh("c"), g.fresh("c")
        saved = len(g.scope)
        frozen = len(g.dict_frozen)
        g.dict_frozen.append((t, saved))
        _dbind(g, k, t.key)
        _dbind(g, w, t.val)
        c = _dlive(g, g.bool(d))
        del g.scope[saved:]
        del g.dict_frozen[frozen:]
        comp = f"{{{k}: {w} for {k}, {w} in {n}.items() if {c}}}"
        if not set(_NAME.findall(comp)) & g.deleted:
            forms.append(comp)
            _capture(g, comp)
    return [f"{n} = {g.choice(forms)}"]


@rule("stmt", 1.2, bugs=DCT)
def stmt_dict_for(g, d):
    """``for k in d:`` (``.items()``, ``.values()``, ``.keys()``, ``enumerate``): dicts of
    the iterated type that existed before the loop are not written in its body; over
    ``list(d)`` / ``sorted(d)`` / ``sorted(d.items())`` (copies) the body may store into
    and delete from ``d``."""
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    a = _dct(g, d)
    if a is None:
        return None
    t = a.ty
    k, v = g.fresh("k"), g.fresh("el")
    r = g.rng.random()
    snapshot = False
    if r < 0.25:
        head, names = f"for {k} in {a.src}:", [(k, t.key)]
    elif r < 0.5:
        if t.key in KEY_TUPLES and g.chance(0.5):
            p, q = g.fresh("k"), g.fresh("k")
            head = f"for ({p}, {q}), {v} in {_paren(a.src)}.items():"
            names = [(p, t.key[1][0]), (q, t.key[1][1]), (v, t.val)]
        else:
            head, names = f"for {k}, {v} in {_paren(a.src)}.items():", [(k, t.key), (v, t.val)]
    elif r < 0.6:
        head, names = f"for {v} in {_paren(a.src)}.values():", [(v, t.val)]
    elif r < 0.67:
        head, names = f"for {k} in {_paren(a.src)}.keys():", [(k, t.key)]
    elif r < 0.75:
        i = g.fresh("i")
        head, names = f"for {i}, {k} in enumerate({a.src}):", [(i, "int"), (k, t.key)]
    elif r < 0.9:
        snapshot = True
        head = f"for {k} in {g.choice(['list', 'sorted'])}({a.src}):"
        names = [(k, t.key)]
    else:
        # (sorted by the keys, which differ: the values are never compared)
        snapshot = True
        head = f"for {k}, {v} in {g.choice(['list', 'sorted'])}({_paren(a.src)}.items()):"
        names = [(k, t.key), (v, t.val)]
    saved, frozen = len(g.scope), len(g.dict_frozen)
    if not snapshot:
        g.dict_frozen.append((t, saved))
    g.loop_depth += 1
    for n, kind in names:
        _dbind(g, n, kind)
    pre = []
    if snapshot and _NAME.fullmatch(a.src) and _dmay_change(g, a.src, t) and g.chance(0.6):
        # (the dict itself changes: the loop goes on over its copy)
        c = _cond(g, d)
        if g.chance(0.5):
            pre = [f"    if {c}:", f"        del {a.src}[{k}]"]
        else:
            pre = [f"    {a.src}[{k}] = {_dval(g, d, t)}"]
    body = block(g, d)
    del g.scope[saved:]
    del g.dict_frozen[frozen:]
    g.loop_depth -= 1
    g.used.add("dict_for_copy" if snapshot else "dict_for")
    return [head] + pre + (body if not pre or body != indent(["pass"]) else []) + loop_else(g, d)


@rule("stmt", 0.5, bugs=DCT)
def stmt_dict_churn(g, d):
    """Many stores and deletions into one dict (its table grows, fills with deleted
    slots and is rebuilt: insertion order must survive): ``acc = {}``, then over
    ``range(n)`` (n up to 80) a key ``(i * a + b) % m`` (an int, its `str`, a float, a
    tuple) is deleted when present and ``i % p == 0``, else stored (its value counted
    with `get` once the dict is typed); sometimes a `popitem()` or a `pop`."""
    if d > MAX_DEPTH or g.loop_depth >= 1:
        return None
    kind = g.choice(["int", "int", "str", "float", KEY_TUPLES[0]])
    t = Dct(kind, "int")
    acc, i, k = g.fresh("acc"), g.fresh("i"), g.fresh("k")
    n = g.choice([str(g.rng.randint(10, 80)), f"{_paren(g.int(d))} % 81"])
    a, b, m, p = g.rng.randint(1, 13), g.rng.randint(0, 9), g.rng.randint(3, 60), \
        g.rng.randint(2, 5)
    num = f"({i} * {a} + {b}) % {m}"
    key = {"int": num, "str": f"str({num})", "float": f"({num}) * 0.5",
           KEY_TUPLES[0]: f"({num}, 'k')"}[kind]
    untyped = DICT_UNTYPED_READ in g.skip_bugs
    lines = [f"{acc} = {{}}" if not untyped or g.chance(0.5) else
             f"{acc} = {{{key.replace(i, '0')}: 0}}",
             f"for {i} in range({n}):", f"    {k} = {key}",
             f"    if {k} in {acc} and {i} % {p} == 0:", f"        del {acc}[{k}]"]
    typed = not lines[0].endswith("{}") or not untyped
    if typed and g.chance(0.6):
        lines += ["    else:", f"        {acc}[{k}] = {acc}.get({k}, 0) + {i}"]
    else:
        lines += ["    else:", f"        {acc}[{k}] = {i}"]
    r = g.rng.random()
    if r < 0.2:
        lines += [f"    if {i} % {g.rng.randint(3, 9)} == 0:", f"        {acc}.popitem()"]
    elif r < 0.35:
        lines += [f"    {acc}.pop({key.replace(i, f'({i} + 1)')}, 0)"]
    if g.chance(0.4):
        lines.append(f"print(len({acc}), {acc})")
    g.scope.append((acc, t))
    g.dict_alias.discard(acc)
    g.used.add("dict_churn")
    return lines


@rule("stmt", 0.5, bugs=DCT)
def stmt_dict_drain(g, d):
    """``while ...: if not d: break`` ... ``k, v = d.popitem()``."""
    if d > MAX_DEPTH or g.loop_depth >= 2:
        return None
    vs = _dchangeable(g)
    if not vs:
        return None
    n, t = g.choice(vs)
    k, a, b = g.fresh("_k"), g.fresh("k"), g.fresh("el")
    m = g.rng.randint(1, 6)
    if DICT_AND in g.skip_bugs or g.chance(0.9):
        lines = [f"{k} = 0", f"while {k} < {m}:", f"    if not {n}:", "        break"]
    else:
        lines = [f"{k} = 0", f"while {n} and {k} < {m}:"]
    lines += [f"    {k} += 1", f"    {a}, {b} = {n}.popitem()"]
    saved = len(g.scope)
    g.loop_depth += 1
    _dbind(g, a, t.key)
    _dbind(g, b, t.val)
    lines += block(g, d, n=g.rng.randint(0, 2))
    del g.scope[saved:]
    g.loop_depth -= 1
    g.used.add("dict_drain")
    return lines


@rule("stmt", 0.5, bugs=DCT)
def stmt_dict_alias(g, d):
    """``e = d`` then a change through ``e`` (``d`` sees it)."""
    vs = _dvars(g)
    if not vs:
        return None
    n, t = g.choice(vs)
    m = g.fresh("dc")
    lines = [f"{m} = {n}"]
    _bind_dict(g, m, t, alias=True)
    if _dmay_change(g, m, t) and g.chance(0.7):
        if g.chance(0.6):
            lines.append(f"{m}[{_dkey(g, d, t.key)}] = {_dval(g, d, t)}")
        else:
            lines.append(f"{m}.pop({_dprobe(g, d, t, m)}, {_ddefault(g, d, t)})"
                         if t.val in ("int", "float", "bool", "str") else f"{m}.clear()")
    g.used.add("dict_alias")
    return lines


@rule("stmt", 0.4, bugs=DCT)
def stmt_dict_print(g, d):
    x = _dnamed(g, d)
    if x is None:
        return None
    parts = [x[0]] + ([f"len({x[0]})"] if g.chance(0.3) else [])
    parts += g.choice([[], ["sep=''"], ["end=';'"], ["sep=' | '"]])
    return [f"print({', '.join(parts)})"]


def _dict_risky(g, d):
    """Lines that raise on some inputs from dicts (in try bodies), or []."""
    vs = _dvars(g)
    if not vs:
        return []
    n, t = g.choice(vs)
    mut = _dmay_change(g, n, t)
    scalar = t.val in ("int", "float", "bool", "str")
    r = g.rng.random()
    if not mut and r >= 0.35:
        r = 0.95
    g.used.add("dict_risky")
    v = g.fresh()

    def bind(src, kind):
        _dbind(g, v, kind)
        if kind in ("int", "float"):
            g.assignable.add(v)
        return [f"{v} = {src}"]
    k = _dprobe(g, d, t, n) if g.chance(0.3) else _dkey(g, d, t.key, probe=True)
    if r >= 0.75 and r < 0.88:
        k = _dprobe(g, d, t, n, False)  # (`d[k] op= v`: a store)
    if r < 0.35:
        if scalar:
            return bind(f"{n}[{k}]", t.val)
        return bind(f"len({n}[{k}])" if isinstance(t.val, Lst) else f"{n}[{k}][0]", "int")
    if r < 0.5:
        return [f"del {n}[{k}]"]
    if r < 0.65:
        if scalar:
            return bind(f"{n}.pop({k})", t.val)
        return [f"{n}.pop({k})"]
    if r < 0.75:
        if t.key in ("int", "float", "bool", "str"):
            return bind(f"{n}.popitem()[0]", t.key)
        return [f"{n}.popitem()"]
    if r < 0.88 and t.val in ("int", "float", "str"):
        op = "+" if t.val == "str" else g.choice(["+", "-", "*"])
        return [f"{n}[{k}] {op}= {_dval(g, d, t)}"]
    # min/max of the keys (ValueError when empty), of a filtered copy sometimes
    c, w = g.fresh("c"), g.fresh("c")
    src = n
    if g.chance(0.5):
        saved = len(g.scope)
        _dbind(g, c, t.key)
        _dbind(g, w, t.val)
        cond = _dlive(g, g.bool(d))
        del g.scope[saved:]
        src = f"{{{c}: {w} for {c}, {w} in {n}.items() if {cond}}}"
        if set(_NAME.findall(src)) & g.deleted:
            src = n
        else:
            _capture(g, src)
    return bind(f"{g.choice(['min', 'max'])}({src})", t.key) if t.key in (
        "int", "float", "bool", "str") else bind(f"{g.choice(['min', 'max'])}({src})[0]", "int")


def rand_dict(rng, t):
    """A non-empty dict of type ``t`` (a Dct with keys int, str, float or `(int, str)`)
    for a dict parameter, as the JSON-safe spec ``{"dict": [[key, value], ...]}`` (a
    tuple key written as a list)."""
    def key(k):
        if isinstance(k, tuple):
            return [key(x) for x in k[1]]
        if k == "int":
            return rng.randint(-2, 5) if rng.random() < 0.8 else rand_int(rng)
        if k == "float":
            while True:
                v = rng.choice(DKEY_FLOATS) if rng.random() < 0.6 else rand_float(rng)
                if not math.isnan(v):
                    return v
        if k == "bool":
            return rng.random() < 0.5
        return rng.choice(DINPUT_STRS)

    def val(v):
        if isinstance(v, Lst):
            return rand_list(rng, v)
        if v == "int":
            return rand_int(rng) if rng.random() < 0.3 else rng.randint(-4, 6)
        if v == "float":
            while True:
                x = rand_float(rng)
                if t.nan or not math.isnan(x):
                    return x
        if v == "bool":
            return rng.random() < 0.5
        return rng.choice(DINPUT_STRS)
    pairs, seen = [], set()
    for _ in range(rng.randint(1, 5)):
        k = key(t.key)
        h = tuple(k) if isinstance(k, list) else k
        if h in seen:
            continue
        seen.add(h)
        pairs.append([k, val(t.val)])
    return {"dict": pairs}


# ---------------------------------------------------------------------------
# repeated array expressions (crates/frontend/src/reuse_maps.rs)
# ---------------------------------------------------------------------------
# After `t = <element-wise array expression>` (`t = np.exp(a)`, `t = a * 2.0 + b`),
# compiled code reads `t` for a later read-only use of the same expression (the operand
# of a reduction, an input of another element-wise expression) in straight-line code
# where nothing in between assigns what it reads, writes an array, calls a function,
# loops or branches; and a jitted helper called as an element-wise input (`t / h(a)`)
# is inlined first. ``stmt_reuse_map`` writes `t = E`, then zero to three statements
# drawn mostly among those that must make the reuse wrong (an element store into an
# input `a[k] = v`, a store through an alias `w = a; w[k] = v` or a view `v = a[1:];
# v[:] = ...`, `a[:] += 1.0`, `a *= 2.0`, `a.fill()`, the rebinding of a local the
# expression reads `c = c * 2.0` / `s = s + 1.0`, a store into `t` itself, also one whose
# value holds the expression, `t[::-1] = E * 2.0`, a call of a helper that writes its
# array argument, a loop or an `if` that writes, a second copy `u = E` written to), or
# harmless ones (a scalar assignment, a loop that writes nothing) or nothing (the reuse
# happens), then uses the same expression text: `float(np.max(E))`, `float(np.sum(E))`,
# `float((E).mean())`, `float(np.sum(t) - np.sum(E))`, `x = E / s` and `x = E * t`
# (folded with max/min), `x = t / h(a)` with a helper returning a reduction of the same
# expression (the inlined pattern) or writing its argument first. Each result goes into
# a slot `rzN` of `f`, bound to 0.0 at its start and returned last (after `trace`), so
# every use is compared. Expressions over float arrays (a local `c = a * 0.5` of another
# array when there is none): exact ones (`+ - *`, `np.abs`, nice literals and scalar
# variables) reduced with sums while their values stay small multiples of 1/4 (exact in
# any order), with max/min otherwise; NumPy's transcendental functions (`np.exp`,
# `np.sin`, `np.cos`, `np.tanh`: compiled code's vector math is a few ulp from NumPy's)
# only on float64 arrays, never under a subtraction, reduced only with max/min and never
# in the scope (so they decide no branch), compared within 4 ulp as the final return.
# REUSE_SHARE of the programs use the rule (decided like the families above, without a
# draw: the other programs stay what they were); their array parameters are float more
# often. ``FERROJIT_FUZZ_FORCE=reuse`` makes every program one, ``--skip-bug reuse`` none.
REUSE = "reuse"
REUSE_SHARE = 0.15
REUSE_SLOT = "__reuse_results__"
#: Open (found by this rule, twelfth session): a call in the same statement that runs
#: before the repeated expression and writes one of its inputs (`s = h(a, 0) +
#: float(np.sum(a * 2.0 + 1.0))` after `t = a * 2.0 + 1.0`, `h` storing into `a`) is not
#: seen: the statement's own expressions are rewritten to read `t` before its effects are
#: checked, so the sum reads the values from before the call. ``--skip-bug
#: reuse-call-order`` leaves such statements out.
REUSE_CALL_ORDER = "reuse-call-order"

REUSE_EXACT = [  # (template, needs B, needs S)
    ("{A} * 2.0 + {B}", True, False), ("({A} - {B}) * 0.5", True, False),
    ("{A} * {B}", True, False), ("{A} + {S}", False, True), ("{A} * {S} - 1.0", False, True),
    ("np.abs({A}) - 1.0", False, False), ("{A} * {A} + 0.25", False, False),
    ("-{A} + {B}", True, False), ("{A} * 2.0 + 1.0", False, False),
    ("np.abs({A} - {B}) * {S}", True, True),
]
REUSE_APPROX = [
    ("np.exp({A})", False, False), ("np.sin({A}) * {B}", True, False),
    ("np.exp({A}) * {S}", False, True), ("np.cos({A}) * 2.0", False, False),
    ("np.exp({A}) + 1.0", False, False), ("np.tanh({A}) * {B}", True, False),
    ("np.sin({A})", False, False), ("np.exp({A} * 0.5) / 2.0", False, False),
]
REUSE_NICE = ["2.5", "-1.0", "0.25", "3.0", "-0.0", "0.5", "-2.25"]


def reuse_program(rng):
    """Whether the program about to be drawn from ``rng`` uses ``stmt_reuse_map`` (no
    draw from ``rng``, like ``complex_program``)."""
    return random.Random("reuse-maps" + repr(rng.getstate()[1][:16])).random() < REUSE_SHARE


def _reuse_index(g, n, ndim, d):
    # (a literal or any int, in range: `k % a.shape[0]`; ZeroDivisionError when empty)
    def one(ax):
        k = str(g.rng.randint(0, 5)) if g.chance(0.6) else g.int(d)
        if g.np_ints() and not k.isdigit():
            k = f"int({k})"
        return f"{k} % {n}.shape[{ax}]"
    return ", ".join(one(ax) for ax in range(ndim))


def _reuse_helper(g, slots, ndim, kind, ret):
    """``def hrN(p0, ...)``: the expression's arrays and scalar as parameters, then an
    int ``pk``; ``kind``: "store" (writes its first array), "store-noinline" (the same
    behind an early return that is never taken: not inlined), "aug" (`p0 *= 0.5`),
    "pure"; returns 1.0, or ``ret`` (a reduction of the expression over the parameters)."""
    name = f"hr{len(g.reuse_defs)}"
    params = [f"p{i}" for i in range(len(slots))] + ["pk"]
    body = []
    if kind == "store-noinline":
        body += ["if pk < -1000000:", "    return 0.0"]
    if kind in ("store", "store-noinline"):
        ix = ", ".join(f"pk % p0.shape[{ax}]" if ax == 0 else f"{ax} % p0.shape[{ax}]"
                       for ax in range(ndim))
        body.append(f"p0[{ix}] = {g.choice(REUSE_NICE)}")
    elif kind == "aug":
        body.append(g.choice(["p0 *= 0.5", "p0[:] += 1.0", "p0 -= 0.25"]))
    body.append(f"return {ret.format(**{k: f'p{i}' for i, k in enumerate(slots)}) if ret else '1.0'}")
    g.reuse_defs.append([f"def {name}({', '.join(params)}):"] + indent(body))
    return name


@rule("stmt", 2.5, bugs=(REUSE,))
def stmt_reuse_map(g, d):
    """`t = E`, statements that may invalidate it (or none), then E again (see above)."""
    if g.ret_kinds is None or "reuse" not in g.ret_kinds or g.in_closure:
        return None
    ok = lambda t: isinstance(t, Arr) and kind_of(t.dtype) in "iubf"
    arrs = [(n, t) for n, t in g.vars_of(ok) if n not in g.deleted and _NAME.fullmatch(n)]
    if not arrs:
        return None
    floats = [(n, t) for n, t in arrs if kind_of(t.dtype) == "f"]
    lines = []
    new_scope = []  # (added once the rule is written: the statements in between never
    #                  rebind or delete the rule's own names)
    fresh_arrays = set()
    if not floats or g.chance(0.2):
        # a float local of its own: `c = a * 0.5` (of any array), rebindable
        n, t = g.choice(arrs)
        c = g.fresh("c")
        src = g.choice([f"{n} * 0.5", f"{n} + 0.0", f"{n} * 1.0"])
        dt = _np_result(lambda: eval(src.replace(n, "x"), {"x": z(t.dtype)}))
        if dt is None or kind_of(dt) != "f":
            return None
        lines.append(f"{c} = {src}")
        ta = Arr(dt, t.ndim, t.tag)
        new_scope.append((c, ta))
        fresh_arrays.add(c)
        a_name, a_ty = c, ta
        # (int elements include the dtype's extremes: their float sums are not exact)
        dy = "dyadic" in _input_flags(g) and kind_of(t.dtype) == "f"
    else:
        a_name, a_ty = g.choice(floats)
        dy = "dyadic" in _input_flags(g)
    approx = a_ty.dtype == "float64" and g.chance(0.4)
    tmpl, need_b, need_s = g.choice(REUSE_APPROX if approx else REUSE_EXACT)
    names = {"A": a_name}
    tys = {"A": a_ty}
    if need_b:
        bs = [(n, t) for n, t in floats + [(a_name, a_ty)]
              if combine(a_ty.tag, t.tag) is not None and (not approx or t.dtype == "float64")]
        n, t = g.choice(bs)
        names["B"], tys["B"] = n, t
    if need_s:
        if g.chance(0.5):
            s = g.fresh("s")
            v = g.choice(REUSE_NICE) if g.chance(0.5) else g.float(d)
            if v not in REUSE_NICE:
                dy = False
            lines.append(f"{s} = {v}")
            new_scope.append((s, "float"))
            names["S"] = s
        else:
            v = g.choice(REUSE_NICE) if g.chance(0.6) else g.float(d)
            if v not in REUSE_NICE:
                dy = False
            names["S"] = v if v in REUSE_NICE else f"({v})"
    slots = [k for k in ("A", "B", "S") if k in names]
    E_src = tmpl.format(**names)
    tag = a_ty.tag if "B" not in tys else combine(a_ty.tag, tys["B"].tag)
    ndim = max(t.ndim for t in tys.values())
    dts = [t.dtype for t in tys.values()]
    dt = _np_result(lambda: eval(tmpl.format(A="x", B="y", S="1.5"),
                                 {"np": np, "x": z(dts[0]), "y": z(dts[-1])}))
    if dt is None or kind_of(dt) != "f" or tag is None:
        return None
    t_name = g.fresh("t")
    lines.append(f"{t_name} = {E_src}")
    t_ty = Arr(dt, ndim, tag)
    if not approx:
        new_scope.append((t_name, t_ty))
    fresh_arrays.add(t_name)
    E = f"({E_src})"
    # the arrays that can be written: the expression's own (by name), and t
    ins = [(names[k], tys[k]) for k in ("A", "B") if k in names]

    def lit():
        nonlocal dy
        if g.chance(0.8):
            return g.choice(REUSE_NICE)
        dy = False
        g.stored = True
        return g.float(d)

    def write_into(n, ty):
        r = g.rng.random()
        if r < 0.4:
            return [f"{n}[{_reuse_index(g, n, ty.ndim, d)}] = {lit()}"]
        if r < 0.55:
            return [f"{n}[:] += 1.0" if g.chance(0.5) else f"{n} *= 2.0"]
        if r < 0.7:
            return [f"{n}{g.choice(['[::2]', '[1:]', '[::-1]', '[:]', '[...]'])} = {lit()}"]
        if r < 0.8:
            return [f"{n}.fill({lit()})"]
        return [f"{n}[:] = {n}[::-1]"] if ty.ndim == 1 else [f"{n}[:] = {n} * 0.5"]

    middle = []
    n_mid = g.choice([0, 0, 1, 1, 1, 2, 2, 3])
    for _ in range(n_mid):
        r = g.rng.random()
        n, ty = g.choice(ins)
        if r < 0.2:
            middle += write_into(n, ty)
            g.used.add("reuse_store")
        elif r < 0.3:
            w = g.fresh("w")
            middle += [f"{w} = {n}"] + write_into(w, ty)
            g.used.add("reuse_alias")
        elif r < 0.4:
            v = g.fresh("w")
            view = g.choice(["[1:]", "[::-1]", "[::2]", "[:]"] + ([".T"] if ty.ndim == 2 else []))
            op = g.choice([f"{v}[:] = {lit()}", f"{v} += 0.25", f"{v}[:] = {v} * 2.0",
                           f"{v}[{_reuse_index(g, v, ty.ndim, d)}] = {lit()}"])
            middle += [f"{v} = {n}{view}", op]
            g.used.add("reuse_view")
        elif r < 0.5:
            # a rebinding of a local the expression reads
            mine = [k for k in slots if names[k] in fresh_arrays or
                    any(names[k] == m for m, tt in new_scope if tt == "float")]
            if not mine:
                middle += write_into(n, ty)
                continue
            k = g.choice(mine)
            if k == "S":
                middle.append(f"{names['S']} = {names['S']} + 1.0")
            else:
                middle.append(f"{names[k]} = {names[k]} * 2.0")
            g.used.add("reuse_rebind")
        elif r < 0.6:
            # a store into t itself, sometimes of a value holding the expression
            g.used.add("reuse_store_t")
            rr = g.rng.random()
            op = "*" if approx else g.choice(["+", "*"])
            if rr < 0.4:
                middle.append(f"{t_name}[{_reuse_index(g, t_name, ndim, d)}] = {lit()}")
            elif rr < 0.6:
                middle.append(f"{t_name}[::-1] = {E} {op} 2.0")
            elif rr < 0.75:
                middle.append(f"{t_name}[1:] = ({E} {op} 0.5)[:-1]")
            elif rr < 0.85:
                middle.append(f"{t_name}[:] = {E} {op} 0.5")
            else:
                middle.append(f"{t_name} *= 2.0")
        elif r < 0.7:
            # a helper that writes its array argument (inlined or not), called alone
            kind = g.choice(["store", "store-noinline", "aug"])
            h = _reuse_helper(g, slots, tys["A"].ndim, kind, None)
            call = f"{h}({', '.join(names[k] for k in slots)}, {g.rng.randint(0, 5)})"
            middle.append(call if g.chance(0.5) else f"{g.fresh('q')} = {call}")
            g.used.add("reuse_call")
        elif r < 0.8:
            i = g.fresh("i")
            ix = ", ".join([f"{i} % {n}.shape[0]"] +
                           [f"{k} % {n}.shape[1]" for k in range(ty.ndim - 1)])
            body = [f"    {n}[{ix}] = {lit()}"] if g.chance(0.6) else ["    pass"]
            middle += [f"for {i} in range({g.rng.randint(0, 3)}):"] + body
            g.used.add("reuse_loop")
        elif r < 0.88:
            middle += [f"if {g.bool(d)}:"] + indent(write_into(n, ty))
            g.used.add("reuse_if")
        elif r < 0.93:
            # a second copy of the expression, written to: t stays what it was
            u = g.fresh("u")
            middle += [f"{u} = {E_src}", f"{u}[{_reuse_index(g, u, ndim, d)}] = {lit()}"]
            g.used.add("reuse_twin")
        else:
            # harmless: a scalar assignment (the reuse may still happen), or any statement
            if g.chance(0.5):
                q = g.fresh("q")
                middle.append(f"{q} = {g.float(d)}")
            else:
                s = g.pick("stmt", d + 1)
                if s:
                    middle += s
                if g.stored:
                    dy = False
            g.used.add("reuse_neutral")
    lines += middle
    if n_mid == 0:
        g.used.add("reuse_straight")

    # the uses of the same expression
    def slot():
        v = f"rz{len(g.reuse_vals)}_{g.fresh('')}"
        g.reuse_vals.append(v)
        return v
    f32 = dt == "float32"
    red = ["np.max", "np.min"] + (["np.sum", "sum", "np.sum"] if dy and not approx else []) + \
        (["mean"] if dy and not approx and not f32 else [])

    def reduce(src, exact=True):
        # exact=False: values that are not small multiples of 1/4 (a quotient): only an
        # order-free reduction compares bit for bit (a sum's order is not NumPy's)
        f = g.choice(red if exact else ["np.max", "np.min"])
        return f"float(({src}).{f}())" if f in ("sum", "mean") else f"float({f}({src}))"
    uses = []
    for _ in range(g.choice([1, 1, 2])):
        r = g.rng.random()
        if r < 0.35:
            uses.append(f"{slot()} = {reduce(E)}")
        elif r < 0.5 and dy and not approx:
            uses.append(f"{slot()} = float(np.sum({t_name}) - np.sum({E}))")
        elif r < 0.65:
            x = g.fresh("x")
            s = g.choice(["2.0", "-4.0", "0.5"]) if g.chance(0.5) else names.get("S", "3.0")
            if approx:
                uses.append(f"{x} = {g.choice([f'{E} / {s}', f'{E} * {t_name}', f'{t_name} * {E}'])}")
            else:
                uses.append(f"{x} = {g.choice([f'{E} * {s}', f'{E} - {t_name}', f'{t_name} + {E}', f'{E} * {E}'])}")
            uses.append(f"{slot()} = {reduce(x)}")
            if not approx and dy:
                new_scope.append((x, Arr(dt, ndim, tag)))
        elif r < 0.8:
            # a helper as an element-wise input: inlined, its reduction of the same
            # expression reads t (unless the helper writes its argument first)
            f = g.choice(["np.max", "np.min"] + (["np.sum"] if dy and not approx else []))
            kind = g.choice(["pure", "pure", "store", "aug", "store-noinline"])
            h = _reuse_helper(g, slots, tys["A"].ndim, kind, f"float({f}({tmpl}))")
            x = g.fresh("x")
            call = f"{h}({', '.join(names[k] for k in slots)}, {g.rng.randint(0, 5)})"
            divide = g.chance(0.7)
            uses.append(f"{x} = {t_name} / {call}" if divide else f"{x} = {t_name} * {call}")
            uses.append(f"{slot()} = {reduce(x, exact=not divide)}")
            g.used.add("reuse_helper_input")
        elif r < 0.9 and REUSE_CALL_ORDER not in g.skip_bugs:
            # a call writing an input before the expression, in the same statement
            kind = g.choice(["store", "aug", "store-noinline"])
            h = _reuse_helper(g, slots, tys["A"].ndim, kind, None)
            call = f"{h}({', '.join(names[k] for k in slots)}, {g.rng.randint(0, 5)})"
            uses.append(f"{slot()} = {call} + {reduce(E)}")
            g.used.add("reuse_call_order")
        else:
            uses.append(f"{slot()} = {reduce(t_name)}")
    lines += uses
    g.scope += new_scope
    for n, t in new_scope:
        if t == "float":
            g.assignable.add(n)
    g.used.add("reuse_map")
    return lines



# ---------------------------------------------------------------------------
# parallel loops (prange: crates/frontend/src/parallel.rs)
# ---------------------------------------------------------------------------
# Programs of the family (PRANGE_SHARE of them, decided like the families above without a
# draw: the others stay what they were) are compiled with parallel=True, and
# ``stmt_prange`` writes `for i in prange(start, stop, step):` loops in `f`. Compiled code
# runs a loop on the thread pool when parallel.rs proves its iterations independent
# (every name the body assigns is private to an iteration and assigned before it is read;
# an array the body writes is written with the loop variable, or `i ± constant`, as one
# index and read only at the same index text; no return, break or def; no method that
# may change an outside name), and otherwise runs it serially and warns
# (PerformanceWarning, "file:line: this `prange` loop runs serially: <reason>"). Either
# way the results must be CPython's, under every thread count: the harness runs each
# input with set_num_threads(k) for k = NUMBA_NUM_THREADS..1 (``harness.Parallel``).
#
# * Loops that must run in parallel (variable `piN`; the harness checks that compiling
#   did not warn about their line) go over the first axis of an array of the program's
#   shape S (or of a fixed length): `prange(n)`, `(1, n)`, `(0, n, 2)`, `(n - 1, -1,
#   -1)`, `(n - 2, -1, -3)`, `(-n, 0)` (negative indices), `(1, n + 1)` writing `[i -
#   1]`, `(-1, n - 1)` writing `[i + 1]`, run-time starts and stops (`x % 3`, `min(n, x %
#   5)`); every index stays in range, also in boundscheck=False programs. The body: private
#   temporaries (`t = <scalar>`, `if c: t = .. else: t = ..`), inner `range` loops (or a
#   nested `prange`) accumulating into a private scalar, small private arrays
#   (`np.zeros(3)` filled by element), row views `b[i]` of 2-D arrays, `if c: continue`,
#   reads of arrays of the loop's length at the loop's index, any scalar expression of
#   the generic rules (math functions, helpers, int and float arithmetic, out-of-range
#   reads in oob programs...), then the write: `out[i] = v`, `out[i] += v`, `out[i, j] =
#   v` in an inner loop over the columns, `out[i] = scalar` (a row), `out[i, 0..2] = ..`,
#   into a new local array made just before the loop (`np.zeros_like(b)`, `b.copy()`,
#   `np.zeros(b.shape)`, `np.ones(b.shape, np.int64)`, `np.zeros(b.shape[0])` for row
#   results of a 2-D array, `np.zeros((n, 3))`, `np.zeros(k)`), or into an array
#   argument. The generic rules only see, in the body, what cannot break the promise: not
#   the array being written (the rule writes its reads at the loop's index itself), no
#   lists, no optional boxes, no local arrays when an argument is written (one may be a
#   view of it), no helper that prints (the lines of parallel iterations come in any
#   order). A body that still calls a method parallel.rs does not know as read-only on an
#   outside name (`s0.replace(...)`) gets the variable `uiN`: no expectation.
# * Loops that must stay serial (variable `siN`; the harness checks that compiling
#   warned about their line), each with one reason (PRANGE_SERIAL): a value of `f` carried
#   through the loop that is not a sum, product, min or max (`s ^= v`, `s = s * 0.5 + v`;
#   parallel loops get those: an int `s += v` / `s -= v`, an int or float `s = min(s,
#   v)` / `max`, exact in any order), a dependence `out[i] = out[i -
#   1] * 0.5 + v` (or `out[i + 1]` going down), a histogram `h[v % m] += 1`, a value
#   carried between iterations (`p = w` ... `w = v`), a private name assigned on the
#   first iteration only (`if i == start: w = 0.0`), `if c: break`, a step held in a
#   variable, `buf.fill(v)` on an array of `f`, a store through a view (`r = out[i]; r[j]
#   = v`), the whole written array read (`np.max(out)`), an `else:` block, the loop
#   variable bound before the loop (and read after it).
#
# Each loop's results go into slots `pzN` of `f` (bound first to a value of their type,
# `0.0` or `np.zeros((0, 0), np.int8)`, and returned last, like stmt_reuse_map's), and
# the new arrays join the scope. No prange loop is written inside a try statement (an
# exception from a parallel loop that a handler catches would let the program read what
# other iterations stored), in helpers or inner functions. When CPython raises inside a
# loop that may run in parallel, the harness does not compare the argument arrays (later
# iterations may have stored); the exception itself must be the one the serial loop
# raises first. Half the programs also get a helper with a prange loop of its own
# (``gen_prange_helper``: the generic rules call it, also from parallel bodies); oob
# programs also run past the end (PRANGE_OOB_FORMS); programs of the other families put
# strings, complex numbers, lists and try statements in bodies (``_pr_family_item``).
# ``FERROJIT_FUZZ_FORCE=prange`` makes every program one, ``--skip-bug prange`` none.
PRANGE = "prange"
PRANGE_SHARE = 0.15
PRANGE_SLOT = "__prange_results__"
#: The methods parallel.rs knows leave their object alone (its READ_ONLY_METHODS): a body
#: calling another one on a name it does not assign stays serial.
PRANGE_READ_ONLY = frozenset(
    "sum prod mean std var min max argmin argmax any all copy dot reshape ravel flatten "
    "astype transpose conjugate conj item cumsum cumprod count index startswith endswith "
    "split join upper lower strip find real imag nonzero round clip".split())
PRANGE_SERIAL = ["reduce", "reduce", "dep", "dep", "hist", "carry", "private", "break",
                 "step", "method", "view", "whole", "else", "loopvar"]

#: range arguments over a length `{n}`: (arguments, the index written, the first value,
#: whether every index is >= 0). `{r}` is any int expression (a run-time start or stop).
PRANGE_FORMS = [
    ("{n}", "{i}", "0", True), ("0, {n}", "{i}", "0", True), ("1, {n}", "{i}", "1", True),
    ("2, {n}", "{i}", "2", True), ("0, {n}, 2", "{i}", "0", True),
    ("1, {n}, 3", "{i}", "1", True), ("{n} - 1, -1, -1", "{i}", "{n} - 1", True),
    ("{n} - 1, 0, -2", "{i}", "{n} - 1", True), ("{n} - 2, -1, -3", "{i}", "{n} - 2", True),
    ("-{n}, 0", "{i}", "-{n}", False), ("-1, -{n} - 1, -1", "{i}", "-1", False),
    ("1, {n} + 1", "{i} - 1", "1", True), ("-1, {n} - 1", "{i} + 1", "-1", True),
    ("{n}, 0, -1", "{i} - 1", "{n}", True), ("{r} % 3, {n}", "{i}", None, True),
    ("0, min({n}, {r} % 5)", "{i}", "0", True), ("{n} - 1, {r} % 3 - 1, -1", "{i}", "{n} - 1", True),
]
#: (oob programs, PRANGE_OOB of their parallel loops) ranges that run past the end, with
#: any bounds (int64 extremes included): the first iteration out of range raises before
#: any two iterations could write one element (the body's first statement stores at the
#: loop's index), and CPython never runs more than n + 1 iterations. (arguments, whether
#: `stop - start` may overflow int64: PRANGE_COUNT)
PRANGE_OOB_FORMS = [("min({r}, -{n} - 1), {n}", True), ("0, max({r}, {n})", False),
                    ("{n}, -1, -1", False), ("min({r}, -{n} - 1), max({r2}, {n})", True),
                    ("max({r}, {n}), -1, -1", True), ("0, {n} + 1", False),
                    ("max({r}, {n}), min({r2}, {n}), -1", True)]
PRANGE_OOB = 0.15
#: Loops whose iterations may write one element although each writes at the loop
#: variable: a negative index and a positive one (`prange(-n, n)`: `out[-1]` is `out[n -
#: 1]`), two offsets (`out[i]` and `out[i + 1]`), the loop variable rebound in the body
#: (`i = i // 2` before `out[i] = v`), the loop variable in two positions (`out[i, j]` and
#: `out[j, i]`; `out[i, 1]` and `out[0, i]`). Found by this family (parallel.rs ran them
#: in parallel: tests/python/test_prange_fuzz_found.py); fixed the same session: they
#: are `siN` loops (serial, with a warning), except "wrap", whose negative start keeps
#: it serial when it starts, without a warning (`uiN`: no expectation). Drawn like the
#: other serial reasons (twice as often with ``FERROJIT_FUZZ_FORCE=prange,prange-alias``).
PRANGE_ALIAS = "prange-alias"
PRANGE_HAZARDS = ["wrap", "offsets", "rebind", "transpose", "cross"]
#: Found by this family, fixed in the fourteenth session: a name of `f` that the body
#: reads on a path that does not run (or a loop with no iteration), when that name was
#: `del`eted: compiled code read the outlined body's variables when the loop started and
#: raised UnboundLocalError there (now such a loop runs serially, and the generator
#: expects nothing of a loop that reads a deleted name). ``--skip-bug
#: prange-unbound`` still leaves out `_pr_items`' read of such a name under a condition,
#: and hides such names from the generic rules in parallel bodies.
PRANGE_UNBOUND = "prange-unbound"
#: Found by this family, fixed the same session: the iteration count `(stop - start +
#: step - 1) // step` wrapped when `stop - start` overflowed int64 (`prange(-2**63, n)`:
#: no iteration, where CPython's first one raises IndexError; now computed in uint64).
#: ``--skip-bug prange-count`` still leaves out the PRANGE_OOB_FORMS whose bounds may be
#: that far apart.
PRANGE_COUNT = "prange-count"
#: Found by this family (not about prange), fixed the same session: a row store `a[i] =
#: v` into a 2-D array checked `i` before it evaluated `v` (`a[3] = 1 // k`, `a` of 3 rows,
#: `k == 0`: IndexError where CPython raises ZeroDivisionError first).
#: ``--skip-bug row-store-order`` still keeps PRANGE_OOB_FORMS to loops that store
#: elements.
ROW_STORE_ORDER = "row-store-order"
#: try statements inside a parallel body (try programs): an operation that may raise
#: (`n // (i % 3)`, `math.sqrt(x)`, `raise ValueError(...)` under a condition) and a
#: handler that binds the same private; what it does not catch escapes the loop.
PRANGE_RISKY = ["{iv} // ({i} % 3)", "{fv} / float({i} % 2)", "math.sqrt({fv})",
                "math.log({fv})", "float(int({fv}))", "1 // ({iv})", "math.exp({fv} * 1000.0)"]
PRANGE_HANDLERS = ["ZeroDivisionError", "ValueError", "ArithmeticError", "Exception",
                   "(ValueError, ZeroDivisionError)", "OverflowError", "IndexError"]


def prange_program(rng):
    """Whether the program about to be drawn from ``rng`` has prange loops (no draw from
    ``rng``, like ``complex_program``)."""
    return random.Random("prange-loops" + repr(rng.getstate()[1][:16])).random() < PRANGE_SHARE


def _printing_functions(lines):
    """The program's functions (in ``lines``) that print, or call one that does."""
    bodies, cur = {}, None
    for ln in lines:
        m = re.match(r"def (\w+)\(", ln)
        if m:
            cur = m.group(1)
            bodies[cur] = []
        elif cur and ln.startswith(" "):
            bodies[cur].append(ln)
    printers = {n for n, b in bodies.items() if any("print(" in ln for ln in b)}
    grew = True
    while grew:
        grew = False
        for n, b in bodies.items():
            if n not in printers and any(re.search(rf"\b{p}\(", ln) for p in printers for ln in b):
                printers.add(n)
                grew = True
    return printers


def _prange_scope(g, hide, params_only):
    """What the generic rules may read in a parallel body (see above)."""
    keep = []
    for n, t in g.scope:
        if n in hide or n in g.deleted and PRANGE_UNBOUND in g.skip_bugs:
            continue
        if isinstance(t, Arr):
            if params_only and not re.fullmatch(r"a\d+", n):
                continue  # (a local array may be a view of the argument written)
        elif isinstance(t, Fn):
            if g.printers:
                continue  # (the function passed may be a helper that prints)
        elif isinstance(t, tuple):
            if t[0] != "tuple" or not all(k in ("int", "float", "bool") for k in t[1]):
                continue
        elif not (isinstance(t, (CArr, Opt)) or t in ("int", "float", "bool", "complex", "str")):
            continue  # (lists, boxes: a helper or a method may change them)
        keep.append((n, t))
    return keep


class _PCtx:
    """A prange loop being written: its variable, the index text its writes use, the
    arrays of its length readable at that index, and the variable of an inner loop over
    their columns (when there is one)."""

    def __init__(self, i, ix, same):
        self.i, self.ix, self.same, self.col = i, ix, same, None


def _pr_elem(g, d, ctx, kind):
    """An element of an array of the loop's length at the loop's index, as ``kind``."""
    ok = {"float": lambda t: t.dtype != "uint64", "int": lambda t: kind_of(t.dtype) in "iub"
          and t.dtype != "uint64", "bool": lambda t: kind_of(t.dtype) == "b"}[kind]
    cands = [(n, t) for n, t in ctx.same if ok(t)]
    if not cands:
        return None
    n, t = g.choice(cands)
    if t.ndim == 1:
        ix = ctx.ix
    else:
        ix = f"{ctx.ix}, {ctx.col if ctx.col and g.chance(0.8) else g.safe_index(n, 1, d)}"
    return f"{kind}({n}[{ix}])"


def _pr_value(g, d, ctx, kind):
    """A ``kind`` value for a parallel body: reads at the loop's index, the loop variable,
    privates and the generic rules."""
    r = g.rng.random()
    if kind == "bool":
        if r < 0.5:
            return f"{_pr_value(g, d, ctx, 'float')} {g.choice(['<', '>=', '==', '!='])} {g.float(d)}"
        b = _pr_elem(g, d, ctx, "bool") if r < 0.6 else None
        return b or g.bool(d)
    read = _pr_elem(g, d, ctx, kind)
    if read and r < 0.55:
        if g.chance(0.4):
            return read
        return f"{read} {g.choice(['+', '-', '*'])} ({g.e(kind, d).src})"
    if r < 0.85:
        return g.e(kind, d).src
    if kind == "float":
        return f"{ctx.i} * {g.choice(['0.5', '2.0', '-1.5', '0.25'])}"
    return f"{ctx.i} {g.choice(['+', '-', '*'])} {g.int(d)}"


def _pr_store_value(g, d, ctx, dtype):
    """A value for an element of ``dtype`` (ints mostly in every dtype's range)."""
    k = kind_of(dtype)
    if k == "f":
        return _pr_value(g, d, ctx, "float")
    if k == "b":
        return _pr_value(g, d, ctx, "bool")
    v = _pr_value(g, d, ctx, "int")
    return f"({v}) % 100" if g.chance(0.8) else v


def _pr_items(g, d, ctx, privs):
    """One statement (or a few) of private work for a prange body; new names go into the
    scope and ``privs``."""
    r = g.rng.random()
    if r < 0.3:
        t, kind = g.fresh("t"), g.choice(["float", "float", "int", "bool"])
        v = _pr_value(g, d, ctx, kind)
        g.scope.append((t, kind))
        privs.append(t)
        return [f"{t} = {v}"]
    if r < 0.36 and (g.str_on or g.complex_on or g.list_on or g.try_on):
        return _pr_family_item(g, d, ctx, privs)
    if r < 0.52:
        # an inner loop accumulating into a private scalar (over a row, or a few steps)
        acc, j = g.fresh("acc"), g.fresh("j")
        kind = g.choice(["float", "float", "int"])
        two_d = [n for n, t in ctx.same if t.ndim == 2]
        if two_d and g.chance(0.7):
            m = f"{g.choice(two_d)}.shape[1]"
        else:
            m = g.choice(["3", "0", "2", f"{ctx.i} % 4", f"{g.int(d)} % 3"])
        rng = "prange" if g.chance(0.12) else "range"  # (a nested prange runs serially)
        saved_col = ctx.col
        if m.endswith(".shape[1]"):
            ctx.col = j
        g.scope.append((j, "int"))
        if kind == "float":
            op = g.choice(["+=", "-=", "*=", "max"])
        else:
            op = g.choice(["+=", "-=", "^=", "|="])
        v = _pr_value(g, d, ctx, kind)
        g.scope.pop()
        ctx.col = saved_col
        step = f"{acc} = max({acc}, {v})" if op == "max" else f"{acc} {op} {v}"
        body = [step]
        if g.chance(0.2):
            body.insert(0, f"if {g.bool(d)}:")
            body.insert(1, "    continue")
        g.scope.append((acc, kind))
        privs.append(acc)
        return [f"{acc} = {'1.0' if op == '*=' else '0.0' if kind == 'float' else '0'}",
                f"for {j} in {rng}({m}):"] + indent(body)
    if r < 0.65:
        # a small private array, filled by element
        t, size = g.fresh("tmp"), g.rng.randint(1, 4)
        lines = [f"{t} = {g.choice([f'np.zeros({size})', f'np.ones({size})', f'np.full({size}, -0.5)'])}"]
        for k in sorted(g.rng.sample(range(size), g.rng.randint(1, size))):
            lines.append(f"{t}[{k}] = {_pr_value(g, d, ctx, 'float')}")
        g.scope.append((t, Arr("float64", 1, f"P{size}")))
        privs.append(t)
        if g.chance(0.5):
            s = g.fresh("t")
            # (elements as Python floats: the scope's "float" has Python's rules)
            lines.append(f"{s} = float({t}[{g.rng.randrange(size)}]) * 2.0 - float({t}[{g.rng.randrange(size)}])")
            g.scope.append((s, "float"))
            privs.append(s)
        return lines
    if r < 0.75:
        # a row of a 2-D array of the loop's length (a view, only read), or a new row
        rows = [(n, t) for n, t in ctx.same if t.ndim == 2]
        if not rows:
            return []
        n, t = g.choice(rows)
        row = g.fresh("row")
        if g.chance(0.6) or kind_of(t.dtype) != "f":
            src, dt = f"{n}[{ctx.ix}]", t.dtype
        else:
            src, dt = f"{n}[{ctx.ix}] * {g.choice(['2.0', '0.5', '-1.0'])}", t.dtype
        g.scope.append((row, Arr(dt, 1, "B:drop")))
        privs.append(row)
        return [f"{row} = {src}"]
    if r < 0.87:
        return [f"if {_pr_value(g, d, ctx, 'bool')}:", "    continue"]
    gone = [n for n, t in g.scope if n in g.deleted and t in ("int", "float", "bool", "str")]
    if r < 0.91 and gone and PRANGE_UNBOUND not in g.skip_bugs:
        # a name `del`eted on some path, read on a path that may not run (PRANGE_UNBOUND)
        g.used.add("prange_unbound")
        return [f"if {_pr_value(g, d, ctx, 'bool')}:", f"    {g.fresh('t')} = {g.choice(gone)}"]
    # a private bound on both branches
    t, kind = g.fresh("t"), g.choice(["float", "int"])
    lines = [f"if {_pr_value(g, d, ctx, 'bool')}:", f"    {t} = {_pr_value(g, d, ctx, kind)}",
             "else:", f"    {t} = {_pr_value(g, d, ctx, kind)}"]
    g.scope.append((t, kind))
    privs.append(t)
    return lines


def gen_prange_helper(g, idx):
    """``def hN(p0, p1)`` (a float, an int) whose prange loop fills a new array of `p1 %
    7` (...) elements, returning its int sum or its float maximum: the generic rules call
    it like any helper, also from a parallel body (a parallel loop inside another)."""
    saved_scope, saved_assign = g.scope, g.assignable
    var, out = g.fresh("pi"), g.fresh("out")
    kind = g.choice(["int", "float"])
    g.scope, g.assignable = [("p0", "float"), ("p1", "int"), (var, "int")], set()
    g.ret_kinds = None
    v = g.e(kind, 0).src
    v = f"{var} * {'p0' if kind == 'float' else 'p1'} - ({v})" if g.chance(0.6) else v
    g.scope, g.assignable = saved_scope, saved_assign
    n = g.choice(["p1 % 7", "abs(p1) % 5 + 1", "3", "0"])
    pr = "ferrojit.prange" if g.chance(0.2) else "prange"
    res = f"int({out}.sum())" if kind == "int" else \
        f"float(np.max({out})) if {out}.shape[0] > 0 else p0"
    lines = [f"def h{idx}(p0, p1):", f"    {out} = np.zeros({n}{', np.int64' if kind == 'int' else ''})",
             f"    for {var} in {pr}({out}.shape[0]):", f"        {out}[{var}] = {v}",
             f"    return {res}"]
    g.helpers.append((f"h{idx}", ["float", "int"], kind))
    g.used.add("prange_helper")
    return lines


def _pr_family_item(g, d, ctx, privs):
    """A private of the program's families: a string, a complex number, a list filled
    with `append`, or a try statement binding a number (see PRANGE_RISKY)."""
    fams = [f for f, on in (("str", g.str_on), ("complex", g.complex_on), ("list", g.list_on),
                            ("try", g.try_on)) if on]
    fam, t = g.choice(fams), g.fresh("t")
    g.used.add(f"prange_{fam}")
    if fam == "str":
        e = g.e("str", d)
        _bind_str(g, t, e)
        privs.append(t)
        n = g.fresh("t")
        g.scope.append((n, "int"))
        privs.append(n)
        return [f"{t} = {e.src}", f"{n} = len({t}) + {ctx.i}"]
    if fam == "complex":
        lines = [f"{t} = {g.e('complex', d).src} * {_pr_value(g, d, ctx, 'float')}"]
        g.scope.append((t, "complex"))
        privs.append(t)
        return lines
    if fam == "list":
        kind = g.choice(["int", "float"])
        lines = [f"{t} = [{_pr_value(g, d, ctx, kind)}, {ctx.i}]"]
        for _ in range(g.rng.randint(0, 2)):
            lines.append(f"{t}.append({_pr_value(g, d, ctx, kind)})")
        n = g.fresh("t")
        lines.append(f"{n} = {g.choice([f'len({t})', f'{t}[-1]', f'{t}[0] + {t}[1]'])}")
        g.scope.append((t, Lst(kind, nan=True)))
        g.scope.append((n, kind if not lines[-1].endswith(f"len({t})") else "int"))
        privs += [t, n]
        return lines
    # a try statement: each branch binds t (bound before it too: parallel.rs and the
    # compiler's definite assignment take no name as bound after a try statement)
    kind = g.choice(["float", "int"])
    risky = g.choice(PRANGE_RISKY).format(i=ctx.i, iv=f"({_pr_value(g, d, ctx, 'int')})",
                                          fv=f"({_pr_value(g, d, ctx, 'float')})")
    cast = "float" if kind == "float" else "int"
    body = [f"    {t} = {cast}({risky})"]
    if g.chance(0.3):
        body.insert(0, f"    if {_pr_value(g, d, ctx, 'bool')}:")
        body.insert(1, f"        raise {g.choice(['ValueError', 'IndexError', 'ZeroDivisionError'])}(\"p\")")
    h = g.choice(PRANGE_HANDLERS)
    lines = [f"{t} = {'0.0' if kind == 'float' else '0'}", "try:"] + body
    if g.chance(0.4):
        e = g.fresh("exc")
        lines += [f"except {h} as {e}:", f"    {t} = {cast}(len(str({e})))"]
    else:
        lines += [f"except {h}:", f"    {t} = {_pr_value(g, d, ctx, kind)}"]
    g.scope.append((t, kind))
    privs.append(t)
    return lines


def _pr_writes(g, d, ctx, out, ty, fixed_cols):
    """The body's stores into ``out`` at the loop's index."""
    ix = ctx.ix
    if ty.ndim == 1:
        r = g.rng.random()
        if r < 0.55 or ty.dtype == "bool":
            return [f"{out}[{ix}] = {_pr_store_value(g, d, ctx, ty.dtype)}"]
        if r < 0.8:
            v = _pr_value(g, d, ctx, "float") if kind_of(ty.dtype) == "f" else \
                f"({_pr_value(g, d, ctx, 'int')}) % 7"
            return [f"{out}[{ix}] {g.choice(['+=', '-=', '*='])} {v}"]
        return [f"if {_pr_value(g, d, ctx, 'bool')}:",
                f"    {out}[{ix}] = {_pr_store_value(g, d, ctx, ty.dtype)}", "else:",
                f"    {out}[{ix}] = {_pr_store_value(g, d, ctx, ty.dtype)}"]
    if fixed_cols:
        cols = sorted(g.rng.sample(range(fixed_cols), g.rng.randint(1, fixed_cols)))
        return [f"{out}[{ix}, {c}] = {_pr_store_value(g, d, ctx, ty.dtype)}" for c in cols]
    r = g.rng.random()
    if r < 0.6:
        j = g.fresh("j")
        # (the columns of the arrays of the program's shape: not of a square result)
        saved_col, ctx.col = ctx.col, j if ty.tag == "S" else None
        g.scope.append((j, "int"))
        v = _pr_store_value(g, d, ctx, ty.dtype)
        if kind_of(ty.dtype) == "f" and g.chance(0.3):
            v = f"float({out}[{ix}, {j}]) * 0.5 + {v}"  # (read at the same index text)
        g.scope.pop()
        ctx.col = saved_col
        return [f"for {j} in range({out}.shape[1]):", f"    {out}[{ix}, {j}] = {v}"]
    if r < 0.8:
        return [f"{out}[{ix}] = {_pr_store_value(g, d, ctx, ty.dtype)}"]  # a whole row
    return [f"{out}[{ix}, {g.safe_index(out, 1, d)}] = {_pr_store_value(g, d, ctx, ty.dtype)}"]


def _pr_slot(g, src, ty):
    """`pzN = src`, a result slot of `f` (returned last) bound first to a value of ``ty``."""
    v = f"pz{len(g.prange_vals)}_{g.fresh('')}"
    if ty in ("int", "float"):
        init = "0" if ty == "int" else "0.0"
    else:
        init = f"np.zeros({'(0, 0)' if ty.ndim == 2 else '0'}, np.{'bool_' if ty.dtype == 'bool' else ty.dtype})"
    g.prange_vals.append((v, init))
    return f"{v} = {src}"


@rule("stmt", 3, bugs=(PRANGE,))
def stmt_prange(g, d):
    """A `for i in prange(...)` loop: one parallel.rs must run in parallel (`piN`), or one
    it must keep serial (`siN`, PRANGE_SERIAL); see above."""
    if g.ret_kinds is None or "prange" not in g.ret_kinds or g.in_closure or g.try_depth \
            or g.loop_depth >= 2 or d > MAX_DEPTH:
        return None
    whys = PRANGE_SERIAL + (PRANGE_HAZARDS * (2 if g.prange_alias_on else 1))
    return _prange_loop(g, d, g.choice(whys) if g.chance(0.35) else None)


def _prange_loop(g, d, why):
    """A prange loop (see above): parallel when ``why`` is None, else serial for that
    reason (one of PRANGE_SERIAL)."""
    # ("wrap": its range keeps it serial when the loop starts, without a warning, so no
    # expectation: `uiN`)
    var = g.fresh("ui" if why == "wrap" else "si" if why else "pi")
    g.stored = True  # (stores: arrays hold other values than small multiples of 1/4)
    shaped = [(n, t) for n, t in g.vars_of(lambda t: isinstance(t, Arr))
              if t.tag == "S" and t.ndim == g.nd and n not in g.deleted and _NAME.fullmatch(n)]
    params = [(n, t) for n, t in shaped if re.fullmatch(r"a\d+", n)]
    pre, post = [], []
    # the array written (`out`: "new" before the loop, or a "param"; none: the loop's only
    # effect is its reason) and the loop's length `n_src`
    kind_t, out, ty, base, k, fixed_cols = None, None, None, None, g.rng.randint(0, 9), 0
    r = g.rng.random()
    if why in ("hist", "method", "reduce") and g.chance(0.4):
        if shaped:
            base = g.choice(shaped)[0]
    elif params and r < 0.25 and why not in ("view", "whole"):
        out, ty = g.choice(params)
        base, kind_t = out, "param"
    elif shaped and r < 0.9:
        base, bt = g.choice(shaped)
        out, kind_t = g.fresh("out"), "new"
        c = g.rng.random()
        if g.nd == 2 and c < 0.2:
            # one result per row
            src, dt = g.choice([(f"np.zeros({base}.shape[0])", "float64"),
                                (f"np.zeros(len({base}), np.int32)", "int32")])
            ty = Arr(dt, 1, "S.rows")
        elif c < 0.3:
            src, ty, fixed_cols = f"np.zeros(({base}.shape[0], 3))", Arr("float64", 2, "S.r3"), 3
        else:
            src, dt = g.choice([(f"np.zeros_like({base})", bt.dtype), (f"{base}.copy()", bt.dtype),
                                (f"np.zeros({base}.shape)", "float64"),
                                (f"np.ones({base}.shape, np.int64)", "int64"),
                                (f"np.full({base}.shape, -1.5)", "float64"),
                                (f"np.zeros_like({base}, dtype=np.float32)", "float32")])
            ty = Arr(dt, bt.ndim, "S")
        pre.append(f"{out} = {src}")
    else:
        # a fixed length (no array of the program's shape, or now and then)
        out, kind_t = g.fresh("out"), "new"
        if g.chance(0.3):
            pre.append(f"{out} = np.zeros(({k}, 2))")
            ty, fixed_cols = Arr("float64", 2, f"P{k}x2"), 2
        else:
            src, dt = g.choice([(f"np.zeros({k})", "float64"), (f"np.arange({k}) * 0.5", "float64"),
                                (f"np.ones({k}, np.int64)", "int64")])
            pre.append(f"{out} = {src}")
            ty = Arr(dt, 1, f"P{k}")
    if base is not None:
        n_src = g.choice([f"{base}.shape[0]", f"len({base})"] + ([f"{base}.size"] if g.nd == 1 else []))
    elif kind_t:
        n_src = g.choice([str(k), f"{out}.shape[0]", f"len({out})"])
    else:
        n_src = str(k)
    if why in ("transpose", "cross"):
        # a square result, written at `[i, j]` and `[j, i]` (`[i, 1]` and `[0, i]`)
        if kind_t != "new":
            out = g.fresh("out")
        if base is None:
            n_src = str(k)  # (not `out.shape[0]`: `out` is the square made here)
        pre = [f"{out} = np.zeros(({n_src}, {n_src}))"]
        kind_t, ty, fixed_cols = "new", Arr("float64", 2, "SQ"), 0
    # the range
    forms = PRANGE_FORMS
    if why == "dep":
        forms = [f for f in PRANGE_FORMS if f[1] == "{i}" and f[2] in ("1", "2")] + \
            [("{n} - 2, -1, -1", "{i}", "{n} - 2", True)]
    elif why == "private":
        forms = [f for f in PRANGE_FORMS if f[2] is not None]
    elif why in ("offsets", "rebind", "transpose", "cross"):
        forms = [f for f in PRANGE_FORMS if f[1] == "{i}" and f[3]]
    args, ix_t, first, nonneg = g.choice(forms)
    if not why and not nonneg and kind_t:
        # negative indices: serial (a warning) when the bounds are constants, checked when
        # the loop starts (no warning) when they are not: no expectation
        var = "ui" + var[2:]
    oob_first = False  # (the store that must come first: see PRANGE_OOB_FORMS)
    if not why and kind_t and g.oob and g.chance(PRANGE_OOB) and \
            (ty.ndim == 1 or ROW_STORE_ORDER not in g.skip_bugs):
        forms = [f for f, wide in PRANGE_OOB_FORMS if not (wide and PRANGE_COUNT in g.skip_bugs)]
        args, ix_t, first = g.choice(forms), "{i}", None
        oob_first = True
        g.used.add("prange_oob_form")
    elif why == "wrap":
        # negative and non-negative indices of one element
        args, ix_t = g.choice(["-{n}, {n}", "{n} - 1, -{n} - 1, -1", "-{n}, {n}, 2"]), "{i}"
    elif why == "offsets":
        # writes at `i` and at `i + 1` (`i - 1`), all in range
        args, off = g.choice([("0, {n} - 1", "+ 1"), ("1, {n}", "- 1")])
    if why == "step":
        st = g.fresh("st")
        pre.append(f"{st} = 1 + ({g.int(d)}) % 3")
        args, ix_t, first = g.choice([("0, {n}, " + st, "{i}", "0"),
                                      ("{n} - 1, -1, -" + st, "{i}", "{n} - 1")])
    fill = dict(n=n_src, i=var, r=f"int({g.int(d)})" if g.np_ints() else f"({g.int(d)})",
                r2=f"int({g.int(d)})" if g.np_ints() else f"({g.int(d)})")
    args, ix = args.format(**fill), ix_t.format(**fill)
    first = first.format(**fill) if first else None
    pr = "ferrojit.prange" if g.chance(0.2) else "prange"
    w = g.fresh("w")
    if why == "carry":
        pre.append(f"{w} = {g.float(d)}")  # (its first value, from the scope of `f`)
    # the body, over what the generic rules may read there
    saved_scope, saved_helpers = g.scope, g.helpers
    g.scope = _prange_scope(g, {out} if kind_t else set(), kind_t == "param") + [(var, "int")]
    g.helpers = [h for h in g.helpers if h[0] not in g.printers]
    same = [] if base is None else [(n, t) for n, t in (params if kind_t == "param" else shaped)
                                    if n != out]
    if kind_t and ty.ndim == 1:
        same.append((out, ty))  # (read at the same index text as written)
    ctx = _PCtx(var, ix, same)
    privs = []

    def head():
        if why == "private":
            # bound on the first iteration only, then read and rebound in each
            lines = [f"if {var} == {first}:", f"    {w} = {g.float(d)}"]
            g.scope.append((w, "float"))
            return lines
        p = g.fresh("t")  # ("carry": the value the iteration before left)
        g.scope.append((p, "float"))
        privs.append(p)
        return [f"{p} = {w}"]

    def reason():
        """The statement that keeps the loop serial (also changes ``pre``, ``post``)."""
        if why == "reduce":
            # not a sum, product, min or max (those run in parallel: par_reduce)
            s, kind = g.fresh("s"), g.choice(["float", "int"])
            pre.append(f"{s} = {'0.0' if kind == 'float' else '0'}")
            v = _pr_value(g, d, ctx, kind)
            post.append((s, kind))
            return [f"{s} ^= {v}"] if kind == "int" else [f"{s} = {s} * 0.5 + {v}"]
        if why == "dep":
            # a read of the element the iteration before wrote
            prev = ix.replace(var, f"{var} - 1") if first in ("1", "2") else ix.replace(var, f"{var} + 1")
            kd = kind_of(ty.dtype)

            def dep_value(at):
                return f"float({out}[{at}]) * 0.5 + {_pr_value(g, d, ctx, 'float')}" if kd == "f" else \
                    f"not bool({out}[{at}])" if kd == "b" else \
                    f"(int({out}[{at}]) + {_pr_value(g, d, ctx, 'int')}) % 100"
            if ty.ndim == 1:
                return [f"{out}[{ix}] = {dep_value(prev)}"]
            j = g.fresh("j")
            return [f"for {j} in range({out}.shape[1]):",
                    f"    {out}[{ix}, {j}] = {dep_value(f'{prev}, {j}')}"]
        if why == "hist":
            h, m = g.fresh("h"), g.rng.randint(1, 5)
            pre.append(f"{h} = np.zeros({m}, np.int64)")
            post.append((h, Arr("int64", 1, f"P{m}")))
            return [f"{h}[({_pr_value(g, d, ctx, 'int')}) % {m}] += 1"]
        if why == "carry":
            post.append((w, "float"))
            return [f"{w} = {_pr_value(g, d, ctx, 'float')} - {privs[0]} * 0.5"]
        if why == "break":
            return [f"if {_pr_value(g, d, ctx, 'bool')}:", "    break"]
        if why == "method":
            b = g.fresh("buf")
            pre.append(f"{b} = np.zeros(2)")
            post.append((b, Arr("float64", 1, "P2")))
            return [f"{b}.fill({_pr_value(g, d, ctx, 'float')})"]
        if why == "view":
            # a store through another name
            rv = g.fresh("r")
            if ty.ndim == 1:
                return [f"{rv} = {out}{g.choice(['', '[:]'])}",
                        f"{rv}[{ix}] = {_pr_store_value(g, d, ctx, ty.dtype)}"]
            j = g.fresh("j")
            return [f"{rv} = {out}[{ix}]", f"for {j} in range({rv}.shape[0]):",
                    f"    {rv}[{j}] = {_pr_store_value(g, d, ctx, ty.dtype)}"]
        if why == "whole":
            if kind_of(ty.dtype) == "f" and ty.ndim == 1:
                return [f"{out}[{ix}] = {_pr_value(g, d, ctx, 'float')} + float(np.max({out}))"]
            return [f"if np.max({out}) > 0:", f"    {out}[{ix}] = {_pr_store_value(g, d, ctx, ty.dtype)}"]
        if why == "offsets":
            return [f"{out}[{var} {off}] = {_pr_store_value(g, d, ctx, ty.dtype)}"]
        if why == "rebind":
            return [f"{var} = {g.choice([f'{var} // 2', f'{var} % 2', '0', f'{var} // 3'])}"]
        if why == "transpose":
            j = g.fresh("j")
            return [f"for {j} in range({out}.shape[1]):", f"    {out}[{j}, {ix}] = {_pr_value(g, d, ctx, 'float')}"]
        if why == "cross":
            return [f"{out}[{ix}, 1 % {out}.shape[1]] = {_pr_value(g, d, ctx, 'float')}",
                    f"{out}[0, {ix}] = {_pr_value(g, d, ctx, 'float')}"]
        # "loopvar": bound before the loop, read after it; "else": an `else:` block; "wrap":
        # its range
        if why == "loopvar":
            pre.append(f"{var} = {g.rng.randint(-2, 2)}")
            post.append((var, "int"))
        return []

    # the body's statements in order, each a function giving its lines (called in
    # order, so that each reads only what the ones before bound); the reason anywhere
    # after the head
    steps = [lambda: _pr_items(g, d, ctx, privs) for _ in range(g.rng.randint(0, 3))]
    if why == "private":
        steps = [head] + steps + [lambda: [f"{w} = {w} * 0.5 + {_pr_value(g, d, ctx, 'float')}"]]
    elif why == "carry":
        steps = [head] + steps
    def par_reduce():
        """A reduction parallel.rs runs in parallel: an int sum or difference (exact in
        any order: int64 wraps modulo 2**64 either way), a float or int min or max."""
        s, kind = g.fresh("s"), g.choice(["int", "int", "float"])
        pre.append(f"{s} = {'0' if kind == 'int' else g.choice(['0.0', '-1e300', '1e300'])}")
        v = _pr_value(g, d, ctx, kind)
        post.append((s, kind))
        ops = ["+=", "-=", "min", "max"] if kind == "int" else ["min", "max"]
        op = g.choice(ops)
        return [f"{s} = {op}({s}, {v})" if op in ("min", "max") else f"{s} {op} {v}"]

    if not why and g.chance(0.3):
        steps.append(par_reduce)
    if kind_t:
        steps.append(lambda: _pr_writes(g, d, ctx, out, ty, fixed_cols))
        if g.chance(0.2):
            steps.append(lambda: _pr_items(g, d, ctx, privs))
    if why == "rebind":
        steps.insert(0, reason)  # (before the store)
    elif why:
        steps.insert(g.rng.randint(1 if why in ("private", "carry") else 0, len(steps)), reason)
    if oob_first:
        steps.insert(0, lambda: [f"{out}[{ix}] = {_pr_store_value(g, d, ctx, ty.dtype)}"])
    g.loop_depth += 1
    groups = [st() for st in steps]
    g.loop_depth -= 1
    g.scope, g.helpers = saved_scope, saved_helpers
    body = [ln for grp in groups for ln in grp]
    text = "\n".join(body)
    if not why and any(m.group(1) not in privs and m.group(1) not in ("np", "math", "cmath", "ferrojit")
                       and m.group(2) not in PRANGE_READ_ONLY
                       for m in re.finditer(r"(?<![\w.\"'])([A-Za-z_]\w*)\.([A-Za-z_]\w*)\(", text)):
        # (a method parallel.rs does not know as read-only, on an outside name: the loop
        # may stay serial; no expectation)
        new = "ui" + var[2:]
        body = [re.sub(rf"\b{var}\b", new, ln) for ln in body]
        args = re.sub(rf"\b{var}\b", new, args)
        var = new
        g.used.add("prange_unvouched")
    if not why and var.startswith("pi") and any(re.search(rf"\b{re.escape(n)}\b", text) for n in g.deleted):
        # (a name `del`eted on some path: the loop may not read it when it starts, so it
        # runs serially with a warning, parallel.rs; no expectation)
        new = "ui" + var[2:]
        body = [re.sub(rf"\b{var}\b", new, ln) for ln in body]
        args = re.sub(rf"\b{var}\b", new, args)
        var = new
        g.used.add("prange_maybe_unbound")
    lines = pre + [f"for {var} in {pr}({args}):"] + indent(body or ["pass"])
    if why == "else":
        z = g.fresh("z")
        lines += ["else:", f"    {z} = {g.float(d)}"]
        post.append((z, "float"))
    # the results: slots, and the scope
    if kind_t == "new":
        lines.append(_pr_slot(g, out, ty))
        g.scope.append((out, ty))
    for n, t in post:
        lines.append(_pr_slot(g, n, t))
        g.scope.append((n, t))
        if t in ("int", "float"):
            g.assignable.add(n)
    g.prange_loops += 1
    g.used.add(f"prange_{why or 'parallel'}")
    return lines


# ---------------------------------------------------------------------------
# generators
# ---------------------------------------------------------------------------
# In "generators" programs (GENERATORS_SHARE of them, decided like the other families
# without a draw from the program's rng; FERROJIT_FUZZ_FORCE=generators puts every program
# in the family, `--skip-bug generators` none) the program gets generator functions
# `gen0`, `gen1`, ... (module level, written before the helpers; at most GEN_MAX, each made
# when a consumer first needs one, so a later generator may consume an earlier one and
# none is recursive) and `f` (and the helpers) consume them in every form compiled code
# inlines (crates/frontend/src/generators.rs, docs/supported.md "Generators").
#
# A generator (``gen_generator``) has one to three parameters (ints, floats, bools,
# strings, lists of ints/floats/strings, a 1-D array of one dtype, and sometimes a "log"
# list of ints it appends to), named `p0`-style or naturally (`n`, `lim`, `text`, `seq`,
# `arr`, `log`), with constant defaults on a suffix of them, and yields values of one
# kind: ints, floats, strings, bools, `(int, float)` or `(int, str)` tuples. Its body
# (``_gstmts``) mixes: `yield v` (v from the generic rules over the parameters and locals,
# or a value that may raise: `n // (k - 2)`, `1.0 / (float(k) - 1.5)`, `math.sqrt(...)`,
# an index `% len(p)` of an empty list), `for` loops over bounded ranges (`range(n % 6)`,
# `range(min(n, 5))`, `range(len(seq))`, steps), over its string, list or array parameter
# (`for x in arr: y = float(x)`), `while` loops with a `_kN` counter (and an `else:`),
# `if`/`elif`/`else`, `if c: return` (the generator ends early), `if c: break` /
# `continue` in its loops, `yield from` an earlier generator of the same kind, a list
# display, `range(...)` or its string, a nested consumption (`for y in gen0(k): yield
# ...`, with `break` or `return` inside), a running local (`acc = 0` ... `acc += v`, also
# yielded), a try statement binding a local from an operation that may raise (`try: k = 6
# // (n - 2) except ZeroDivisionError: k = 0`; no yield inside), `print("gen1", k, ...)`,
# `log.append(k)`, and statements of the generic rules (assignments, ifs, loops, prints,
# `del`...). Its locals have natural names (`k`, `j`, `n`, `x`, `acc`, `total`, `c`, ...:
# one kind per name in a generator), so they coincide with the consumer's own names (`x`,
# `v`, `total`, `i`...) and with each other's across generators: the inliner must rename
# them; a third of the generators start with a local named like the inliner's own
# variables (`stop = True`, `brk = 3`: GEN_NAME_CLASH).
#
# Consumers (rules tagged "generators"): `for x in genN(args):` (``stmt_gen_for``: the
# target bound before the loop, read after it; a tuple target for tuple kinds; a body of
# accumulations `total += ...`, appends to a list printed after the loop, prints, `if c:
# break` / `continue` under conditions on the target, arithmetic that may raise
# (ZeroDivisionError, ValueError, IndexError: compared by type and message, also when the
# generator raised it), nested loops over another generator (whose arguments read the
# outer target) or a range, `return` from `f` (or a bare `return` of an enclosing
# generator), generic statements; sometimes an `else:` block; in `f` and the helpers,
# sometimes the whole loop in a `try` whose handler prints what it caught), `for i, x in
# enumerate(genN(args)[, start])` (``stmt_gen_enumerate``), comprehensions `[e for x in
# genN(args) if c]`, set and dict comprehensions (printed as `sorted(...)` and
# `list(d.items())`), two `for` clauses (the second over another generator of the first's
# target, or a range) (``stmt_gen_comp``), `list/sorted/set/sum/min/max` of `genN(...)`
# (``stmt_gen_builtins``, printed), a "log" generator whose list the loop body reads and
# appends to as well (``stmt_gen_log``: the generator's and the body's appends and prints
# interleave), and expressions: `sum(genN(...))`, `max/min` (ValueError on an empty
# generator), `len(list(...))`, `len(set(...))`, `sorted(...)[0]`, `sum(e for x in
# genN(...) if c)`, `max(..., default=d)` (``int_gen``), `sum(genF(...), 0.0)`,
# `float(sum(...))` (``float_gen``), `any/all(genN(...))`, `any(c for x in genN(...))`
# (``bool_gen``), `"".join([...])`, `max` of strings (``str_gen``), `list(...)` /
# `sorted(...)` / comprehensions as lists (``list_gen``, lists programs). Arguments by
# position, by keyword (in any order), or left to their default; some are calls of
# `gtap(tag, v)` (a helper written when used: it prints its tag and returns `v`), so the
# order in which the arguments (and `enumerate`'s start) are evaluated shows. Array
# arguments are arrays of the scope of the parameter's dtype (2-D ones `.ravel()`ed) or
# `np.arange(n % 5).astype(np.<dtype>)`; list arguments lists of the scope or displays; a
# loop over a generator given a list of the scope grows no list of that type (a loop over
# a growing list would not end), and the generator never changes its lists but the "log"
# one, which it never iterates over.
#
# Not generated (compile errors or documented differences): a generator as a value (`it
# = gen0(n)`, `next(it)`, passed, returned; also `list(enumerate(gen0(n)))` and `zip`,
# `tuple` of one), `yield` inside `try` (a generator's try statements hold no yield, nor
# does a try around a loop in a generator's body), `x = yield
# v`, `*args`, `return v` with a value in a generator, recursion, `enumerate(...,
# start=k)` by keyword (a TypingError today), `sum()` of a float generator without a float
# start (0.0 where CPython's empty sum is the int 0, as for lists), sets of floats or
# tuples, `sorted` of tuples holding NaN. No consumer inside a lambda, an inner function
# or a parallel body (prints from parallel iterations come in any order), and in prange
# programs the functions that consume a printing generator count as printing
# (`_printing_functions`).
GEN = ("generators",)
GENERATORS_SHARE = 0.1
GEN_MAX = 4
#: Known bug (found by this family, fixed the same day: back in the sample): a local or a
#: parameter of a generator named like one of the inliner's own variables (`$gN_brk`,
#: `$gN_stop`, `$gN_body`, `$gN_once`, and `$gN_i`, the counter of `enumerate`) was that
#: variable once renamed: `def gen0(n): stop = True; for k in range(n): yield k; yield
#: 99` consumed by a loop with a `break` lost the 99 (the flag `stop` ended the generator
#: after its loop); `brk = True` skipped the loop's `else:` (and worse); `body = 5` was
#: reset to 0 at every yield of a loop whose body has `continue`; `once = "a"`: a
#: TypingError; `for k, v in enumerate(gen0(n), 3)` over `for i in range(n): yield i`
#: counted 0, 1 (CPython 3, 4). The flags are `$gN$stop` now. GEN_NAME_CLASH: no local
#: nor parameter of a generator is named `i`, `brk`, `stop`, `body` or `once`; otherwise
#: those names are drawn on purpose (a third of the generators start with one).
GEN_NAME_CLASH = "gen-name-clash"
#: Known bug (fixed in the seventeenth session: back in the sample): `any(gen0(n))` and `all(gen0(n))` (also `any(c for x in gen0(n))`)
#: run the generator to its end (the call's argument is built as a list first): its
#: prints after the deciding item show, its appends are made, and an exception it raises
#: there escapes (`any(6 // (2 - k) for ...)` over `k = 0, 1, 2, 3`: CPython returns True
#: at k = 0, compiled code raises ZeroDivisionError). GEN_ANY_ALL: `any(list(gen0(n)))`
#: and `any([c for x in gen0(n)])` (which consume everything in both).
GEN_ANY_ALL = "gen-any-all-eager"
#: Known bug (fixed in the seventeenth session): a generator's arguments were evaluated in the order of its
#: parameters, not in the call's order (`gen0(p1=tap(1), p0=tap(2))` prints 2 then 1;
#: `gen0(p1=l.pop(), p0=l.pop())` swaps the values). (`enumerate(gen0(args), start)`
#: evaluated `start` before `args` too: fixed the same day.) GEN_ARG_ORDER: keywords in
#: parameter order.
GEN_ARG_ORDER = "gen-arg-order"
#: Gap (fixed in the seventeenth session; TypingErrors): a generator's body was not lifted like a function's:
#: comprehensions ("list comprehensions are not supported in compiled code yet"),
#: generator expressions, `list/sum/any...(gen(...))` of another generator, lambdas
#: ("lambdas passed as values ...") and inner functions ("nested function definitions")
#: in it are refused. GEN_BODY_LIFT: generator bodies hold none (statements of the
#: generic rules holding one are dropped: `_gen_lifted`), and consume other generators only
#: by `for` loops.
GEN_BODY_LIFT = "gen-body-lift"
#: Known bug (fixed in the seventeenth session; a TypingError on valid code): a chained comparison whose middle
#: operand is computed (`0 < n + 1 < 5`) in a generator's body is desugared with a
#: temporary `$letK` that the inliner does not rename as the generator's own, so a
#: consumer with its own `$let1` (`a[n % 3, 1] += 1.0` makes one) is refused: "the
#: generator `gen0` reads the global `$let1`, and this function has a variable `$let1`".
#: GEN_LET_CLASH: generator bodies hold no chained comparison.
GEN_LET_CLASH = "gen-let-clash"
#: Known bug (fixed in the seventeenth session; a TypingError on valid code; not about generators): a comprehension
#: whose first iterable reads a name that is also its target (`[c * 10 for c in
#: range(c)]`, `[c for c in gen0(c)]`, `sum(c for c in gen0(c))`): "local variable `c`
#: is used before it is assigned" (CPython evaluates the first iterable in the enclosing
#: scope). COMP_ITER_SHADOW: comprehension targets are not names the iterable reads.
COMP_ITER_SHADOW = "comp-iter-shadow"
#: Known bug (fixed in the seventeenth session): in a comprehension over a generator, or a call consuming one
#: (`list/sum/sorted/...(genN(...))`, which compiled code makes a comprehension), a
#: comprehension or a consumer in the generator's arguments runs before the arguments
#: to its left: `[x for x in gen0(tap(0, n), sum(gen0(tap(1, 1), 2)))]` prints `tap 1`
#: then `tap 0`; `list(gen0(10 // n, sum(gen0(tap(1, 1), 2))))` with n = 0 prints `tap 1`
#: before the ZeroDivisionError (a `for` loop over the same call is right, and so is a
#: comprehension over `range(...)` with such arguments). GEN_COMP_ARG_ORDER: the
#: arguments of those calls hold no comprehension nor consumer (``_gcall_comp``).
GEN_COMP_ARG_ORDER = "gen-comp-arg-order"
#: Known bug (fixed in the seventeenth session): a local of a generator bound to values of two types (`k = 1;
#: print(k); k = n * 0.5; yield k`, or a loop's `k` reused for a float after the loop:
#: `stmt_rebind`, `stmt_reuse_loop_var`) is one variable of one type once inlined (each
#: assignment is its own variable in a function): the int prints as `1.0` (CPython `1`);
#: an int then an array (or a string): a TypingError ("variable `$g1_t` cannot hold both
#: int64 and array(float64, 1d, C)"). GEN_REBIND: those two rules write nothing in a
#: generator's body.
GEN_REBIND = "gen-rebind"
#: Known bug (fixed in the seventeenth session): `del name` in a generator did nothing once inlined: a later read of
#: the name gives its old value where CPython raises UnboundLocalError (`def gen0(n): del
#: n; yield 1; yield n`: `list(gen0(3))` is [1, 3]; also a local, and `del` on some path
#: only). GEN_DEL: `stmt_del` writes nothing in a generator's body.
GEN_DEL = "gen-del"

#: Compiled code inlines a generator into each loop over it and the loop's body at each
#: of its yields, so nested consumption multiplies the code (a comprehension over two
#: generators of a dozen yields each took 3 minutes to compile): a consumer statement
#: is written only if it stays under GEN_BUDGET statements once inlined (``_gsize``;
#: a long statement weighs more), the consumers of one function under GEN_FUNC_BUDGET
#: (a function is compiled once per type of its arguments, per function passed), and a
#: generator is consumed only if it holds under GEN_FN_MAX statements and 8 yields.
GEN_BUDGET = 200
GEN_FUNC_BUDGET = 300
GEN_FN_MAX = 80
#: natural names of a generator's locals (GEN_CLASH_NAMES too unless GEN_NAME_CLASH is
#: skipped), of consumers' loop targets and of their accumulators
GEN_LOCALS = ["k", "j", "n", "m", "x", "y", "idx", "acc", "total", "val", "c", "w", "cur", "q"]
GEN_CLASH_NAMES = ["i", "brk", "stop", "body", "once"]
GEN_TARGETS = ["x", "v", "y", "item", "k", "val", "w", "i", "n", "c"]
GEN_ACCS = ["total", "acc", "count", "res", "best", "tot"]
GEN_YKINDS = [("int", 4), ("float", 3), ("str", 1.5), ("bool", 0.6),
              (("tuple", ("int", "float")), 1.2), (("tuple", ("int", "str")), 1)]
GEN_PNAMES = {"int": ["n", "m", "lim", "lo", "hi"], "float": ["scale", "thr", "base"],
              "bool": ["flag", "rev"], "str": ["text", "s", "word"], "lst": ["seq", "data", "items"],
              "log": ["log", "trail"], "arr": ["arr", "vals", "a"]}
GEN_ARR_DTYPES = ["float64", "float64", "int64", "int32", "float32", "bool", "uint8", "int16"]


@dataclass
class GenFn:
    name: str
    params: list     # [(name, kind, default source or None)]: kind "int", "float", "bool",
    #                  "str", Lst (read only), Arr (1-D) or "log" (a list of ints appended to)
    ykind: object    # what it yields: "int", "float", "str", "bool" or a tuple type
    size: int = 1    # its statements once inlined, and its yields (``_gsize``)
    w: int = 1


class _GNames:
    """The natural names of one function: one kind each, and the names of the loops
    around the statement being written (never rebound)."""
    def __init__(self):
        self.kinds = {}
        self.active = set()


class _GCtx:
    """The generator being written: what it yields, its parameters."""
    def __init__(self, fn):
        self.fn = fn
        self.ykind = fn.ykind
        self.yields = 0
        self.loops = 0


def generators_program(rng):
    """Whether the program about to be drawn from ``rng`` has generators (like
    ``complex_program``: no draw from ``rng``)."""
    return random.Random("generators" + repr(rng.getstate()[1][:16])).random() < GENERATORS_SHARE


def _in_prange(g):
    """Whether the code being written is a parallel body (its loop variable in scope)."""
    return any(re.fullmatch(r"[psu]i\d+", n) for n, _ in g.scope)


def _gen_ok(g, d, expr=False):
    """Whether a generator may be consumed here (``expr``: by an expression, a call's
    argument: not in a generator's body while GEN_BODY_LIFT is skipped)."""
    if not g.gen_on or d > MAX_DEPTH + 1 or g.in_closure or _in_prange(g):
        return False
    if expr and g.gctx is not None and (GEN_BODY_LIFT in g.skip_bugs or g.chance(0.85)):
        return False
    return True


_LIFTED = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda,
           ast.FunctionDef)


def _gen_lifted(g, lines):
    """Whether source ``lines`` (statements) hold what a generator's body may not hold
    while GEN_BODY_LIFT is skipped (a comprehension, a lambda, an inner function, a
    consumer call `sum(gen0(n))`, `range()` anywhere but a loop's iterable: `list(range(n))`,
    `sum(range(n))`) or GEN_LET_CLASH (a chained comparison)."""
    # (with GEN_BODY_LIFT on, they stay out of most bodies all the same: the gap would
    # make a third of the family's programs TypingErrors)
    lift = GEN_BODY_LIFT in g.skip_bugs or g.chance(0.85)
    let = GEN_LET_CLASH in g.skip_bugs
    if not (lift or let):
        return False
    try:
        tree = ast.parse("\n".join(_dedent(lines)))
    except SyntaxError:
        return True
    loop_iters = {id(n.iter) for n in ast.walk(tree) if isinstance(n, ast.For)} | \
        {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.YieldFrom)}
    for node in ast.walk(tree):
        if let and isinstance(node, ast.Compare) and len(node.ops) > 1:
            return True
        if not lift:
            continue
        if isinstance(node, _LIFTED):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "range" and id(node) not in loop_iters:
                return True
            if node.func.id in ("list", "set", "sorted", "sum", "min", "max", "any", "all") \
                    and node.args and isinstance(node.args[0], ast.Call) \
                    and isinstance(node.args[0].func, ast.Name) \
                    and node.args[0].func.id.startswith("gen"):
                return True
    return False


def _dedent(lines):
    if not lines:
        return lines
    k = len(lines[0]) - len(lines[0].lstrip())
    return [ln[k:] if ln[:k].strip() == "" else ln for ln in lines]


def _gexpr(g, kind, d):
    """An expression of ``kind`` (generic rules) as it may go into a generator's body and
    into a yield: no comprehension in a body while GEN_BODY_LIFT is skipped; a Python
    number (not a NumPy scalar of a ufunc passed as an argument)."""
    for _ in range(4):
        src = g.e(kind, d).src
        if g.gctx is None or not _gen_lifted(g, [f"_ = {src}"]):
            break
    else:
        src = LITERALS[kind](g).src
    if g.np_ints() and kind in ("int", "float", "bool") and not re.fullmatch(r"[\w.]+|\(-?[\d.e]+\)", src):
        src = f"{kind}({src})"
    return src


def _gname(g, pool, kind, prefix="gv"):
    """A natural name for a new local of ``kind``: from ``pool`` if one has that kind
    (or none yet) in this function, is not a loop's around, not bound to another type in
    scope, not `del`eted; else a fresh one."""
    nm = g.gnm
    if g.gctx is not None and GEN_NAME_CLASH in g.skip_bugs:
        pool = [p for p in pool if p not in GEN_CLASH_NAMES]
    for _ in range(6):
        if not pool:
            break
        c = g.choice(pool)
        if c in nm.active or c in g.deleted or c in g.captured or nm.kinds.get(c, kind) != kind:
            continue
        if any(n == c and t != kind for n, t in g.scope):
            continue
        nm.kinds[c] = kind
        return c
    return g.fresh(prefix)


def _gykind(g):
    kinds, ws = zip(*GEN_YKINDS)
    return g.rng.choices(kinds, ws)[0]


def _gstr_of(g, d):
    """A string expression over the scope (the string rules in strings programs)."""
    strs = [n for n, t in g.scope if t == "str"]
    ints = [n for n, t in g.scope if t == "int" and n not in g.deleted]
    r = g.rng.random()
    if strs and r < 0.3:
        return g.choice(strs)
    if strs and ints and r < 0.45:
        s, k = g.choice(strs), g.choice(ints)
        return g.choice([f"{s}[{k} % 3:]", f"{s}[:{k} % 4]", f"{s}.upper()", f"({s} + '!')",
                         f"f\"{{{k}}}:{{{s}}}\""])
    if ints and r < 0.65:
        k = g.choice(ints)
        return g.choice([f"str({k})", f"f\"<{{{k}}}>\"", f"str({k} % 10) * 2"])
    if g.str_on and r < 0.85:
        return _gexpr(g, "str", d)
    return _slit(g)


def _gval(g, d, kind):
    """A value of ``kind`` (a yield kind) for a yield, a list item or an argument: the
    generic rules, the locals, now and then one that may raise."""
    if isinstance(kind, tuple):
        return "(" + ", ".join(_gval(g, d, k) for k in kind[1]) + ")"
    if kind == "str":
        return _gstr_of(g, d)
    ints = [n for n, t in g.scope if t == "int" and n not in g.deleted]
    r = g.rng.random()
    if kind == "int":
        if ints and r < 0.25:
            v = g.choice(ints)
            return g.choice([v, f"{v} * 2 + 1", f"{v} - {g.rng.randint(-3, 3)}", f"({v} * {v}) % 7"])
        if ints and r < 0.35:
            # (ZeroDivisionError when the local hits the constant)
            return f"({g.rng.randint(-9, 9)} // ({g.choice(ints)} - {g.rng.randint(0, 3)}))"
        return _gexpr(g, "int", d)
    if kind == "float":
        if ints and r < 0.2:
            v = g.choice(ints)
            return g.choice([f"{v} * 0.5", f"float({v}) - 0.25", f"{v} / 4"])
        if ints and r < 0.3:
            v = g.choice(ints)
            return g.choice([f"(1.0 / (float({v}) - {g.choice(['1.0', '2.0', '0.0'])}))",
                             f"math.sqrt(float({v}) - 1.0)"])
        return _gexpr(g, "float", d)
    if ints and r < 0.3:
        v = g.choice(ints)
        return g.choice([f"{v} % 2 == 0", f"{v} > {g.rng.randint(-1, 3)}"])
    return _gexpr(g, "bool", d)


def _gcond(g, d):
    """A condition for a branch, a `break`, a `return` of a generator or a consumer."""
    ints = [n for n, t in g.scope if t == "int" and n not in g.deleted]
    if ints and g.chance(0.45):
        v = g.choice(ints)
        return g.choice([f"{v} % 2 == 1", f"{v} > {g.rng.randint(0, 4)}", f"{v} == {g.rng.randint(0, 3)}",
                         f"{v} % 3 == 0"])
    return _gexpr(g, "bool", d)


def _grange(g, d):
    """A bounded `range(...)` over the generator's parameters and locals."""
    ints = [n for n, t in g.scope if t == "int" and n not in g.deleted]
    seqs = [n for n, _ in _gseqs(g)]
    r = g.rng.random()
    if ints and r < 0.45:
        v = g.choice(ints)
        return g.choice([f"range({v} % 6)", f"range(min({v}, 5))", f"range({v} % 4, 6)",
                         f"range(5, {v} % 3, -1)", f"range(0, {v} % 9, 2)"])
    if seqs and r < 0.65:
        return f"range(len({g.choice(seqs)}))"
    if r < 0.85:
        return f"range({g.rng.randint(0, 5)})"
    return f"range({_gexpr(g, 'int', d)} % 5)"


def _gfn(g, node):
    """The generator a call consumes (`genN(...)`, `enumerate(genN(...), k)`), or None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "enumerate" and node.args:
            return _gfn(g, node.args[0])
        for fn in g.gens:
            if fn.name == node.func.id:
                return fn
    return None


def _gsize(g, lines):
    """(statements, yields) of source ``lines`` once the generators they consume are
    inlined: a loop over `genN` costs genN's statements plus its body once per yield of
    genN; a comprehension or a call consuming one, its element once per yield."""
    try:
        tree = ast.parse("\n".join(_dedent(lines)))
    except SyntaxError:
        return 10**6, 0
    return _gsize_block(g, tree.body)


def _gsize_block(g, stmts):
    s = y = 0
    for st in stmts:
        a, b = _gsize_stmt(g, st)
        s, y = s + a, y + b
    return s, y


def _gsize_stmt(g, st):
    if isinstance(st, ast.For):
        fn = _gfn(g, st.iter)
        bs, by = _gsize_block(g, st.body)
        es, ey = _gsize_block(g, st.orelse)
        if fn is not None:
            return fn.size + fn.w * bs + es + 1, fn.w * by + ey
        return 1 + bs + es + _gsize_expr(g, st.iter), by + ey
    if isinstance(st, (ast.While, ast.If)):
        bs, by = _gsize_block(g, st.body)
        es, ey = _gsize_block(g, st.orelse)
        return 1 + bs + es + _gsize_expr(g, st.test), by + ey
    if isinstance(st, ast.Expr) and isinstance(st.value, ast.YieldFrom):
        fn = _gfn(g, st.value.value)
        if fn is not None:
            return fn.size, fn.w
        return 1 + _gsize_expr(g, st.value.value), 1
    if isinstance(st, ast.Expr) and isinstance(st.value, ast.Yield):
        return _gweight(st) + _gsize_expr(g, st.value), 1
    if isinstance(st, ast.Try):
        s, y = _gsize_block(g, st.body + st.orelse + st.finalbody)
        for h in st.handlers:
            a, b = _gsize_block(g, h.body)
            s, y = s + a, y + b
        return 1 + s, y
    return _gweight(st) + _gsize_expr(g, st), 0


def _gweight(st):
    """A simple statement's weight: 1, more for a long one (dict displays, prints)."""
    return 1 + len(ast.unparse(st)) // 50


_COMPS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _gsize_expr(g, node):
    """The statements the generators consumed inside expression ``node`` add."""
    if isinstance(node, _COMPS):
        cost, mult = 0, 1
        for c in node.generators:
            fn = _gfn(g, c.iter)
            if fn is not None:
                cost += mult * fn.size
                mult *= fn.w
            else:
                cost += mult * _gsize_expr(g, c.iter)
                mult *= 3
            cost += mult * sum(_gsize_expr(g, e) for e in c.ifs)
        elts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        return cost + mult * (1 + sum(_gsize_expr(g, e) for e in elts))
    fn = _gfn(g, node)
    if fn is not None:
        return fn.size + fn.w + sum(_gsize_expr(g, a) for a in node.args) + \
            sum(_gsize_expr(g, k.value) for k in node.keywords)
    return sum(_gsize_expr(g, c) for c in ast.iter_child_nodes(node))


def _gbudget(g, lines):
    """``lines`` if they stay under GEN_BUDGET once inlined (and the function being
    written under GEN_FUNC_BUDGET), else None."""
    if not lines:
        return lines
    n = _gsize(g, lines)[0]
    if n > GEN_BUDGET or g.gen_cost + n > GEN_FUNC_BUDGET:
        g.used.add("gen_over_budget")
        return None
    g.gen_cost += n
    return lines


def _gseqs(g):
    """The strings, lists and arrays a loop may go over: in scope, and a generator's list
    parameters (out of the generic rules' scope: they never change them)."""
    seqs = [(n, t) for n, t in g.scope if t == "str" or isinstance(t, (Lst, Arr))]
    if g.gctx is not None:
        seqs += [(n, t) for n, t in g.gctx.fn.params_scope if isinstance(t, Lst)
                 and n not in g.deleted]
    return seqs


def _gyield(g, d):
    g.gctx.yields += 1
    return [f"yield {_gval(g, d, g.gctx.ykind)}"]


def _glocal(g, kind, name):
    """Bind ``name`` in the scope (a number is assignable by the generic rules)."""
    g.scope.append((name, kind))
    if kind in ("int", "float"):
        g.assignable.add(name)
    if kind == "str":
        g.str_flags[name] = _RTQ


def _gblock(g, d, n):
    """A nested block of a generator's body (its names go out of scope after it)."""
    saved = len(g.scope)
    saved_start, g.block_start = g.block_start, saved
    lines = _gstmts(g, d, n)
    del g.scope[saved:]
    g.block_start = saved_start
    return indent(lines or ["pass"])


def _gloop_body(g, d, n, names):
    """The body of a generator's loop over ``names`` (active while it runs)."""
    g.gnm.active |= set(names)
    g.gctx.loops += 1
    g.loop_depth += 1
    try:
        body = _gblock(g, d + 1, n)
    finally:
        g.loop_depth -= 1
        g.gctx.loops -= 1
        g.gnm.active -= set(names)
    if not any(ln.strip().startswith("yield") for ln in body) and g.chance(0.8):
        body.append("    " + _gyield(g, d)[0])
    return body


def _gstmts(g, d, n):
    """``n`` statements of a generator's body (see above)."""
    ctx = g.gctx
    lines = []
    for _ in range(n):
        r = g.rng.random()
        deep = d > MAX_DEPTH or ctx.loops >= 2
        if r < 0.24:
            lines += _gyield(g, d)
        elif r < 0.4 and not deep:
            # a loop over a bounded range
            k = _gname(g, GEN_LOCALS + GEN_CLASH_NAMES, "int")
            rng = _grange(g, d)
            g.scope.append((k, "int"))
            body = _gloop_body(g, d, g.rng.randint(1, 3), [k])
            g.scope.pop()
            lines += [f"for {k} in {rng}:"] + body
            if g.chance(0.15):
                lines += ["else:"] + indent(_gyield(g, d))
        elif r < 0.5 and not deep:
            # a loop over a string, list or array parameter
            seqs = _gseqs(g)
            if not seqs:
                continue
            p, t = g.choice(seqs)
            pre = []
            mark = len(g.scope)
            if t == "str":
                kind = "str"
            elif isinstance(t, Lst):
                kind = t.item
            else:
                kind = scalar_kind(t.dtype)
            x = _gname(g, GEN_LOCALS + GEN_CLASH_NAMES, kind if not isinstance(t, Arr) else ("np", t.dtype))
            names = [x]
            head = f"for {x} in {p}:"
            if isinstance(t, Arr):
                # (an element is a NumPy scalar: converted, the Python value in scope)
                y = _gname(g, GEN_LOCALS + GEN_CLASH_NAMES, kind)
                pre = [f"{y} = {kind}({x})"]
                names.append(y)
                _glocal(g, kind, y)
            elif g.chance(0.25):
                k = _gname(g, GEN_LOCALS + GEN_CLASH_NAMES, "int")
                head = f"for {k}, {x} in enumerate({p}):"
                names.append(k)
                g.scope.append((k, "int"))
                _glocal(g, kind, x)
            else:
                _glocal(g, kind, x)
            body = _gloop_body(g, d, g.rng.randint(1, 3), names)
            del g.scope[mark:]
            lines += [head] + indent(pre) + body
        elif r < 0.56 and not deep:
            # a while loop with a counter (`_kN`: the shrinker leaves it alone)
            k = g.fresh("_k")
            cond = _gcond(g, d)
            body = _gloop_body(g, d, g.rng.randint(1, 3), [k])
            lines += [f"{k} = 0", f"while {k} < {g.rng.randint(1, 5)} and {cond}:",
                      f"    {k} += 1"] + body
            if g.chance(0.2):
                lines += ["else:"] + indent(_gyield(g, d))
        elif r < 0.63 and d <= MAX_DEPTH:
            lines += [f"if {_gcond(g, d)}:"] + _gblock(g, d + 1, g.rng.randint(1, 2))
            if g.chance(0.3):
                lines += [f"elif {_gcond(g, d)}:"] + _gblock(g, d + 1, 1)
            if g.chance(0.4):
                lines += ["else:"] + _gblock(g, d + 1, g.rng.randint(1, 2))
        elif r < 0.68:
            # the generator ends early
            lines += [f"if {_gcond(g, d)}:", "    return"]
            g.used.add("gen_return")
        elif r < 0.73 and ctx.loops:
            lines += [f"if {_gcond(g, d)}:", "    " + g.choice(["break", "continue"])]
        elif r < 0.8:
            lines += _gyield_from(g, d)
        elif r < 0.84 and not deep:
            # a nested consumption: a loop over an earlier generator
            s = _gen_loop(g, d + 1, g.choice(["plain", "plain", "enumerate"]))
            if s:
                lines += s
        elif r < 0.89:
            # a running local (the generic rules update it; yielded; named like the
            # inliner's own variables now and then: GEN_NAME_CLASH)
            kind = g.choice(["int", "int", "float", "bool"])
            a = _gname(g, GEN_CLASH_NAMES if g.chance(0.4) else GEN_LOCALS + GEN_CLASH_NAMES, kind)
            lines.append(f"{a} = {_gval(g, d, kind)}")
            _glocal(g, kind, a)
        elif r < 0.905:
            # a try statement (no yield inside: not supported) binding a local
            k = _gname(g, GEN_LOCALS + GEN_CLASH_NAMES, "int")
            ints = [n_ for n_, t in g.scope if t == "int" and n_ not in g.deleted] or ["0"]
            v = g.choice(ints)
            risky = g.choice([f"{g.rng.randint(1, 9)} // ({v} - {g.rng.randint(0, 3)})",
                              f"[1, 2, 3][{v}]", f"int(math.sqrt(float({v}) - 2.0))",
                              f"int(1.0 / (float({v}) - 1.0))"])
            h = g.choice(["ZeroDivisionError", "IndexError", "ValueError", "ArithmeticError",
                          "Exception", "LookupError"])
            lines += ["try:", f"    {k} = {risky}", f"except {h}:", f"    {k} = {g.rng.randint(-3, 3)}"]
            _glocal(g, "int", k)
            g.used.add("gen_try")
        elif r < 0.91:
            vs = [n_ for n_, t in g.scope if t in ("int", "float", "bool", "str")]
            parts = [repr(ctx.fn.name)] + [g.choice(vs) for _ in range(g.rng.randint(0, 2)) if vs]
            lines.append(f"print({', '.join(parts)})")
        elif r < 0.94:
            logs = [n_ for n_, t, _ in ctx.fn.params if t == "log"]
            if logs:
                lines.append(f"{logs[0]}.append({_gval(g, d, 'int')})")
        else:
            # statements of the generic rules
            mark = len(g.scope)
            s = g.pick("stmt", d)
            if s and _gen_lifted(g, s):
                del g.scope[mark:]
                s = None
            if s:
                lines += s
    return lines


def _gyield_from(g, d):
    """`yield from` an earlier generator of the same kind, a list display, a range or
    a string parameter."""
    ctx = g.gctx
    yk = ctx.ykind
    same = [fn for fn in g.gens if fn.ykind == yk]
    r = g.rng.random()
    if same and r < 0.45:
        call = _gcall(g, d, g.choice(same))
        if call is not None:
            g.used.add("gen_yield_from_gen")
            ctx.yields += 1
            return [f"yield from {call}"]
    if yk == "int" and r < 0.6:
        ctx.yields += 1
        return [f"yield from {_grange(g, d)}"]
    strs = [n for n, t in g.scope if t == "str"]
    if yk == "str" and strs and r < 0.7:
        ctx.yields += 1
        return [f"yield from {g.choice(strs)}"]
    ctx.yields += 1
    items = ", ".join(_gval(g, d, yk) for _ in range(g.rng.randint(1, 3)))
    return [f"yield from [{items}]"]


def _gparams(g, log):
    """Parameters of a new generator: [(name, kind, default)]."""
    n = g.rng.randint(1, 3)
    kinds = []
    for i in range(n):
        if i == 0 and g.chance(0.7):
            kinds.append("int")
            continue
        r = g.rng.random()
        if r < 0.35:
            kinds.append("int")
        elif r < 0.5:
            kinds.append("float")
        elif r < 0.57:
            kinds.append("bool")
        elif r < 0.72:
            kinds.append("str")
        elif r < 0.86:
            kinds.append(Lst(g.choice(["int", "int", "float", "str"]), nan=True))
        else:
            arrs = [t.dtype for _, t in g.scope if isinstance(t, Arr) and t.dtype != "uint64"]
            # (a shape tag of its own: two array parameters never combine)
            kinds.append(Arr(g.choice(arrs) if arrs and g.chance(0.7) else g.choice(GEN_ARR_DTYPES),
                             1, f"G{len(g.gens)}.{i}"))
    if log or g.chance(0.12):
        kinds.insert(g.rng.randint(0, len(kinds)), "log")
    names, out = set(), []
    for i, k in enumerate(kinds):
        key = "lst" if isinstance(k, Lst) else "arr" if isinstance(k, Arr) else k
        pool = list(GEN_PNAMES[key])
        if key == "int" and GEN_NAME_CLASH not in g.skip_bugs:
            pool += GEN_CLASH_NAMES
        nm = g.choice(pool) if g.chance(0.5) else f"p{i}"
        if nm in names:
            nm = f"p{i}"
        names.add(nm)
        out.append([nm, k, None])
    # constant defaults on a suffix of scalar parameters
    for p in reversed(out):
        if p[1] not in ("int", "float", "bool", "str") or not g.chance(0.35):
            break
        p[2] = {"int": lambda: int_lit_src(g.rng.randint(-2, 7)),
                "float": lambda: float_lit_src(g.choice([0.5, 1.5, -2.25, 0.0, 3.0])),
                "bool": lambda: g.choice(["True", "False"]),
                "str": lambda: _slit(g)}[p[1]]()
    return [tuple(p) for p in out]


def gen_generator(g, ykind=None, log=False):
    """Write a generator function `genN` (see above), register it and return it."""
    fn = GenFn(f"gen{len(g.gens)}", _gparams(g, log), ykind or _gykind(g))
    fn.params_scope = []
    for nm, k, _ in fn.params:
        if k == "log":
            continue  # (appended to by the generator's own statements only)
        fn.params_scope.append((nm, k))
    saved = (g.scope, g.assignable, g.ret_kinds, g.try_ok, g.traced, g.loop_depth,
             g.block_start, g.block_id, g.dead_loop_vars, g.list_nogrow, g.list_noshrink,
             g.list_alias, g.dict_frozen, g.dict_alias, g.str_flags, g.no_return,
             g.finally_loop, g.fin_loop, g.fin_depth, g.try_depth, g.in_comp, g.gctx, g.gnm,
             g.gen_cost)
    g.gen_cost = 0
    g.scope = [(nm, k) for nm, k in fn.params_scope if not isinstance(k, Lst)]
    # (lists: read only by the generator's own loops, never changed by the generic rules)
    g.assignable = {nm for nm, k in g.scope if k in ("int", "float") and g.chance(0.3)}
    g.ret_kinds, g.try_ok, g.traced, g.loop_depth = None, False, False, 0
    g.block_start, g.block_id, g.dead_loop_vars = len(g.scope), 0, []
    g.list_nogrow, g.list_noshrink, g.list_alias = [], [], set()
    g.dict_frozen, g.dict_alias = [], set()
    g.str_flags = {nm: _RTQ for nm, k in fn.params_scope if k == "str"}
    g.no_return, g.finally_loop, g.fin_loop, g.fin_depth, g.try_depth = False, -1, -1, 0, 0
    g.in_comp = 0
    g.gctx, g.gnm = _GCtx(fn), _GNames()
    for nm, k, _ in fn.params:
        g.gnm.kinds[nm] = k
        g.gnm.active.add(nm)  # (not rebound by a loop of the generator)
    g.gen_depth += 1
    try:
        body = []
        if GEN_NAME_CLASH not in g.skip_bugs and g.chance(0.3):
            # a local named like one of the inliner's variables, first (GEN_NAME_CLASH):
            # a true constant, left alone, or a value the body reads
            kind = g.choice(["bool", "int"])
            a = _gname(g, GEN_CLASH_NAMES, kind)
            if g.chance(0.6):
                body.append(f"{a} = {'True' if kind == 'bool' else g.rng.randint(1, 5)}")
            else:
                body.append(f"{a} = {_gval(g, 1, kind)}")
                _glocal(g, kind, a)
            g.used.add("gen_clash_local")
        body += _gstmts(g, 1, g.rng.randint(1, 4))
        if not any(re.match(r"\s*yield\b", ln) for ln in body):
            body += _gyield(g, 1)
    finally:
        g.gen_depth -= 1
        (g.scope, g.assignable, g.ret_kinds, g.try_ok, g.traced, g.loop_depth,
         g.block_start, g.block_id, g.dead_loop_vars, g.list_nogrow, g.list_noshrink,
         g.list_alias, g.dict_frozen, g.dict_alias, g.str_flags, g.no_return,
         g.finally_loop, g.fin_loop, g.fin_depth, g.try_depth, g.in_comp, g.gctx, g.gnm,
         g.gen_cost) = saved
    fn.size, fn.w = _gsize(g, body)
    params = ", ".join(nm if dv is None else f"{nm}={dv}" for nm, _, dv in fn.params)
    g.gen_defs.append([f"def {fn.name}({params}):"] + indent(body))
    g.gens.append(fn)
    g.used.add("gen_def")
    return fn


#: `gtap(tag, v)`: prints its tag, returns `v` (an argument whose evaluation shows)
GTAP_LINES = ["def gtap(p0, p1):", "    print('tap', p0)", "    return p1"]


def _gtap(g, src):
    if not g.gen_tap:
        g.gen_tap = True
        g.gen_defs.insert(0, GTAP_LINES)
    g.used.add("gen_tap")
    return f"gtap({g.rng.randint(0, 9)}, {src})"


def _gpick(g, d, kinds=None, log=False):
    """A generator to consume (of a kind in ``kinds``; with a "log" parameter): one
    written already, or a new one (not while a generator is being written: no
    recursion; at most GEN_MAX)."""
    have = [fn for fn in g.gens if (kinds is None or fn.ykind in kinds)
            and fn.size <= GEN_FN_MAX and fn.w <= 8
            and (not log or any(k == "log" for _, k, _ in fn.params))]
    if g.gen_depth == 0 and len(g.gens) < GEN_MAX and (not have or g.chance(0.3)):
        return gen_generator(g, None if kinds is None else g.choice(kinds), log)
    return g.choice(have) if have else None


def _garr_arg(g, d, t):
    """An array argument for a parameter of 1-D type ``t``."""
    one = [n for n, u in g.scope if isinstance(u, Arr) and u.dtype == t.dtype and u.ndim == 1]
    two = [n for n, u in g.scope if isinstance(u, Arr) and u.dtype == t.dtype and u.ndim == 2]
    r = g.rng.random()
    if one and r < 0.6:
        return g.choice(one)
    if two and r < 0.8:
        return f"{g.choice(two)}.ravel()"
    npdt = "np.bool_" if t.dtype == "bool" else f"np.{t.dtype}"
    return f"np.arange({_gexpr(g, 'int', d)} % 5).astype({npdt})"


def _gcall(g, d, fn, log_arg=None, lists=None):
    """`genN(args)`: by position, by keyword (in any order unless GEN_ARG_ORDER is
    skipped) or left to the default; ``lists`` collects the list variables passed."""
    args = []
    for nm, k, dv in fn.params:
        if k == "log":
            src = log_arg or f"[{g.rng.randint(0, 3)}]"
        elif isinstance(k, Arr):
            src = _garr_arg(g, d, k)
        elif isinstance(k, Lst):
            vs = [(n, t) for n, t in g.scope if isinstance(t, Lst) and t.item == k.item
                  and n not in g.deleted]
            if vs and g.chance(0.6):
                n, t = g.choice(vs)
                src = n
                if lists is not None:
                    lists.append(t)
            else:
                src = "[" + ", ".join(_gval(g, d, k.item) for _ in range(g.rng.randint(1, 4))) + "]"
        elif k == "str":
            src = _gstr_of(g, d)
        else:
            src = _gval(g, d, k)
            if k == "int" and g.chance(0.12):
                src = _gtap(g, src)
        args.append((nm, src, dv))
    omit = {i for i, (_, _, dv) in enumerate(args) if dv is not None and g.chance(0.4)}
    r = g.rng.random()
    if r < 0.55:
        # by position; trailing parameters with defaults left out
        k = len(args)
        while k > 0 and k - 1 in omit:
            k -= 1
        parts = [src for _, src, _ in args[:k]]
    elif r < 0.8:
        # the first ones by position, the others by keyword
        k = g.rng.randint(0, len(args))
        parts = [src for _, src, _ in args[:k]] + \
            [f"{nm}={src}" for i, (nm, src, _) in enumerate(args) if i >= k and i not in omit]
    else:
        parts = [f"{nm}={src}" for i, (nm, src, _) in enumerate(args) if i not in omit]
        if GEN_ARG_ORDER not in g.skip_bugs and len(parts) > 1:
            g.rng.shuffle(parts)
            g.used.add("gen_keyword_order")
    return f"{fn.name}({', '.join(parts)})"


def _gcall_comp(g, d, fn):
    """`genN(args)` for a comprehension or a call consuming it (`list(...)`, `sum(...)`):
    while GEN_COMP_ARG_ORDER is skipped, arguments without a comprehension or a consumer
    of a generator in them (None if none comes in a few tries)."""
    for _ in range(4):
        call = _gcall(g, d, fn)
        if GEN_COMP_ARG_ORDER not in g.skip_bugs or not _glifts(g, call):
            return call
    return None


def _glifts(g, src):
    """Whether expression ``src`` holds a comprehension or a call consuming a generator
    (which compiled code lifts out of the expression)."""
    for node in ast.walk(ast.parse(src, mode="eval")):
        if isinstance(node, _COMPS):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("list", "set", "sorted", "sum", "min", "max", "any", "all") \
                and node.args and _gfn(g, node.args[0]) is not None:
            return True
    return False


def _gzero(kind):
    return {"int": "0", "float": "0.0", "bool": "False", "str": "''"}[kind]


def _gtargets(g, yk, pool=GEN_TARGETS, comp_iter=None):
    """Target names for a loop over a generator of kind ``yk``: [(name, kind)];
    ``comp_iter``: the source of a comprehension's first iterable (its names are not
    reused while COMP_ITER_SHADOW is skipped)."""
    kinds = list(yk[1]) if isinstance(yk, tuple) else [yk]
    avoid = set(_NAME.findall(comp_iter)) if comp_iter and COMP_ITER_SHADOW in g.skip_bugs \
        else set()
    out = []
    for k in kinds:
        n = _gname(g, pool, k, "gt")
        if any(n == m for m, _ in out) or n in avoid:
            n = g.fresh("gt")
        out.append((n, k))
    return out


def _gbind_targets(g, targets):
    for n, k in targets:
        g.scope.append((n, k))
        if k == "str":
            g.str_flags[n] = _RTQ


def _gacc_step(g, d, acc, akind, targets):
    """`acc += ...` from the loop's targets (sometimes an operation that may raise)."""
    n, k = g.choice(targets)
    if k == "str":
        v = f"len({n})"
    elif k == "bool":
        v = f"int({n})"
    else:
        v = n
    r = g.rng.random()
    if r < 0.45:
        return f"{acc} += {v}"
    if r < 0.6:
        return f"{acc} = max({acc}, {v})" if k != "bool" else f"{acc} += {v} * 2"
    if r < 0.72 and k == "int":
        # (ZeroDivisionError when the target hits the constant)
        return f"{acc} += {g.rng.randint(-9, 9)} // ({n} - {g.rng.randint(0, 3)})"
    if r < 0.8 and k == "int":
        return f"{acc} += [3, 5, 7][{n}]"  # (IndexError: list index out of range)
    if r < 0.86 and k == "float":
        return f"{acc} += math.sqrt({n})" if akind == "float" else f"{acc} += {v}"
    if r < 0.92 and k == "float":
        return f"{acc} += 1.0 / ({n} - {g.choice(['0.5', '1.0', '0.0'])})" if akind == "float" \
            else f"{acc} += {v}"
    return f"{acc} += {_gexpr(g, akind, d)}"


def _gen_loop(g, d, form="plain", log=False):
    """A `for` loop over a generator (see above): `for x in genN(args):`, or over
    `enumerate(genN(args)[, start])`; in a generator's body its own body may yield."""
    if not _gen_ok(g, d) or g.loop_depth >= 3:
        return None
    fn = _gpick(g, d, log=log)
    if fn is None:
        return None
    lines = []
    log_arg = None
    if any(k == "log" for _, k, _ in fn.params) and g.chance(0.75):
        log_arg = g.fresh("lg")
        lines.append(f"{log_arg} = [{g.rng.randint(0, 3)}]")
    lists = []
    call = _gcall(g, d, fn, log_arg, lists)
    targets = _gtargets(g, fn.ykind)
    head = ", ".join(n for n, _ in targets)
    cnt = None
    it = call
    if form == "enumerate":
        cnt = _gname(g, ["i", "idx", "pos", "k", "n"], "int", "gi")
        if any(cnt == n for n, _ in targets):
            cnt = g.fresh("gi")
        start = ""
        if g.chance(0.6):
            r = g.rng.random()
            ints = [n for n, t in g.scope if t == "int" and n not in g.deleted]
            if r < 0.5 or r < 0.75 and not ints:
                start = f", {int_lit_src(g.rng.randint(-3, 5))}"
            elif r < 0.75:
                start = f", {g.choice(ints)}"
            else:
                # (evaluated after the generator's arguments, as in CPython)
                start = f", {_gtap(g, int_lit_src(g.rng.randint(-3, 5))) if g.chance(0.5) else _gexpr(g, 'int', d)}"
        it = f"enumerate({call}{start})"
        head = f"{cnt}, {head}" if len(targets) == 1 else f"{cnt}, ({head})"
    # the targets bound before the loop (then read after it, also when it ran no time)
    pre = g.chance(0.55)
    if pre:
        lines.append(f"{', '.join(n for n, _ in targets)} = "
                     f"{', '.join(_gzero(k) for _, k in targets)}")
    acc = akind = None
    if g.chance(0.65):
        akind = "float" if any(k == "float" for _, k in targets) else "int"
        acc = _gname(g, GEN_ACCS, akind, "ga")
        if any(acc == n for n, _ in targets) or acc == cnt:
            acc = g.fresh("ga")
        lines.append(f"{acc} = {_gzero(akind)}")
    out = g.fresh("out") if g.chance(0.4) else None
    if out:
        lines.append(f"{out} = []")
    # the body (the loop in a try statement sometimes: decided first, no prange loop
    # goes inside one)
    in_try = g.gctx is None and g.chance(0.15)
    g.try_depth += in_try
    mark = len(g.scope)
    nogrow = len(g.list_nogrow)
    g.list_nogrow += [(t, mark) for t in lists]
    _gbind_targets(g, targets)
    if cnt:
        g.scope.append((cnt, "int"))
    names = {n for n, _ in targets} | ({cnt} if cnt else set())
    g.gnm.active |= names
    if acc:
        g.gnm.active.add(acc)
    g.loop_depth += 1
    saved_start, g.block_start = g.block_start, len(g.scope)
    # the parts of the body, in a random order decided first (each written in turn: a
    # later one may read the names an earlier one bound)
    kinds = (["acc"] if acc else []) + (["out"] if out else []) + (["log"] if log_arg else [])
    kinds += [k for k, p in (("print", 0.45), ("jump", 0.45), ("nested", 0.25)) if g.chance(p)]
    if g.gctx is not None:
        kinds += [k for k, p in (("yield", 0.6), ("return", 0.15)) if g.chance(p)]
    elif g.chance(0.15):
        kinds.append("freturn")
    kinds += ["stmt"] * g.rng.randint(0, 2)
    g.rng.shuffle(kinds)
    parts = []
    try:
        for kind in kinds:
            if kind == "acc":
                parts.append([_gacc_step(g, d, acc, akind, targets)])
            elif kind == "out":
                v = targets[0][0] if len(targets) == 1 else f"({', '.join(n for n, _ in targets)})"
                parts.append([f"{out}.append({v})"])
            elif kind == "print":
                parts.append([f"print({', '.join([repr('f')] + [n for n, _ in targets] + ([cnt] if cnt else []) + ([acc] if acc else []))})"])
            elif kind == "jump":
                parts.append([f"if {_gcond(g, d)}:", "    " + g.choice(["break", "continue", "break"])])
            elif kind == "log":
                r = g.rng.random()
                if r < 0.4:
                    parts.append([f"print('log', len({log_arg}), {log_arg}[-1])"])
                elif r < 0.7:
                    ints = [n for n, k in targets if k == "int"]
                    parts.append([f"{log_arg}.append({ints[0] if ints else len(targets)})"])
                elif acc and akind == "int":
                    parts.append([f"{acc} += {log_arg}[-1]"])
            elif kind == "yield":
                parts.append(_gyield(g, d))
            elif kind == "return":
                parts.append([f"if {_gcond(g, d)}:", "    return"])
            elif kind == "freturn":
                s = stmt_early_return(g, max(d, 2))
                if s:
                    parts.append(s)
            elif kind == "nested":
                if g.loop_depth < 3 and d < MAX_DEPTH:
                    s = _gen_loop(g, d + 1, g.choice(["plain", "plain", "enumerate"]))
                    if s:
                        parts.append(s)
                        g.used.add("gen_nested_loops")
            else:
                m2 = len(g.scope)
                s = g.pick("stmt", d + 1)
                if s and g.gctx is not None and _gen_lifted(g, s):
                    del g.scope[m2:]
                    s = None
                if s:
                    parts.append(s)
    finally:
        g.try_depth -= in_try
        g.block_start = saved_start
        g.loop_depth -= 1
        g.gnm.active -= names | ({acc} if acc else set())
        del g.scope[mark:]
        del g.list_nogrow[nogrow:]
    body = [ln for p in parts for ln in p] or ["pass"]
    loop = [f"for {head} in {it}:"] + indent(body)
    if g.chance(0.2):
        loop += ["else:", f"    print('else', {acc or repr(fn.name)})"]
        g.used.add("gen_loop_else")
    if in_try:
        # the loop in a try: an exception from the generator or the body is caught here
        # (not in a generator's body: its yields would be inside the try); the text only
        # of exceptions whose message is the same in both whatever raised them
        h, e = g.choice(["ZeroDivisionError", "(ValueError, IndexError)", "ArithmeticError",
                         "Exception", "LookupError"]), g.fresh("exc")
        show = e if h in ("ZeroDivisionError", "(ValueError, IndexError)") and g.chance(0.5) \
            else acc or "0"
        loop = ["try:"] + indent(loop) + [f"except {h} as {e}:", f"    print('caught', {show})"]
        g.used.add("gen_loop_try")
    lines += loop
    if _gbudget(g, lines) is None:
        return None
    # after the loop
    if out:
        lines.append(f"print({out})")
    if acc:
        g.scope.append((acc, akind))
        g.assignable.add(acc)
        if g.chance(0.4):
            lines.append(f"print({acc!r}, {acc})")
    if pre:
        _gbind_targets(g, targets)
        if g.chance(0.3):
            lines.append(f"print('last', {', '.join(n for n, _ in targets)})")
    g.used.add(f"gen_loop_{form}")
    return lines


@rule("stmt", 2.5, bugs=GEN)
def stmt_gen_for(g, d):
    """`for x in genN(args):` (see "generators")."""
    return _gen_loop(g, d, "plain")


@rule("stmt", 1, bugs=GEN)
def stmt_gen_enumerate(g, d):
    """`for i, x in enumerate(genN(args)[, start]):`."""
    return _gen_loop(g, d, "enumerate")


@rule("stmt", 0.6, bugs=GEN)
def stmt_gen_log(g, d):
    """A loop over a generator that appends to a list the loop's body reads."""
    return _gen_loop(g, d, g.choice(["plain", "enumerate"]), log=True)


def _gclean_kind(k):
    """Whether values of yield kind ``k`` never hold NaN (sortable, set items)."""
    return k in ("int", "str", "bool") or k == ("tuple", ("int", "str"))


@rule("stmt", 1.2, bugs=GEN)
def stmt_gen_comp(g, d):
    """A list, set or dict comprehension over a generator (filters, a second clause),
    printed; its length joins the scope."""
    if not _gen_ok(g, d, expr=True):
        return None
    fn = _gpick(g, d)
    if fn is None:
        return None
    call = _gcall_comp(g, d, fn)
    if call is None:
        return None
    mark = len(g.scope)
    targets = _gtargets(g, fn.ykind, comp_iter=call)
    head = ", ".join(n for n, _ in targets)
    g.in_comp += 1
    try:
        _gbind_targets(g, targets)
        clauses = f"for {head} in {call}"
        if g.chance(0.5):
            clauses += f" if {_gcond(g, d)}"
        ints = [n for n, k in targets if k == "int"]
        if g.chance(0.25):
            y = g.fresh("gy")
            if ints and g.chance(0.5):
                clauses += f" for {y} in range({g.choice(ints)} % 3)"
                g.scope.append((y, "int"))
            else:
                fn2 = _gpick(g, d)
                call2 = None if fn2 is None or isinstance(fn2.ykind, tuple) else \
                    _gcall_comp(g, d, fn2)
                if call2 is not None:
                    clauses += f" for {y} in {call2}"
                    g.scope.append((y, fn2.ykind))
            if g.chance(0.3):
                clauses += f" if {_gcond(g, d)}"
        n, k = g.choice(targets)
        r = g.rng.random()
        if r < 0.4:
            elem, ek = n, k
        elif r < 0.55:
            elem, ek = head if len(targets) == 1 else f"({head})", fn.ykind
        else:
            ek = g.choice(["int", "float", "str"] if k == "str" else ["int", "float"])
            elem = _gval(g, d, ek)
        r = g.rng.random()
        name = g.fresh("gc")
        if r < 0.2 and _gclean_kind(ek):
            src, show = f"{{{elem} {clauses}}}", f"sorted({name})"
        elif r < 0.35 and k in ("int", "str", "bool"):
            src, show = f"{{{n}: {elem} {clauses}}}", f"list({name}.items())"
        else:
            src, show = f"[{elem} {clauses}]", name
    finally:
        g.in_comp -= 1
        del g.scope[mark:]
    lines = [f"{name} = {src}", f"print({show})"]
    if _gbudget(g, lines) is None:
        return None
    m = g.fresh("v")
    lines.append(f"{m} = len({name})")
    g.scope.append((m, "int"))
    g.assignable.add(m)
    g.used.add("gen_comp")
    return lines


@rule("stmt", 0.8, bugs=GEN)
def stmt_gen_builtins(g, d):
    """`list/sorted/set/sum/min/max` of a generator, printed (or joining the scope)."""
    if not _gen_ok(g, d, expr=True):
        return None
    fn = _gpick(g, d)
    if fn is None:
        return None
    call, yk = _gcall_comp(g, d, fn), fn.ykind
    if call is None:
        return None
    name = g.fresh("gb")
    r = g.rng.random()
    if r < 0.25:
        src, ty = f"list({call})", None
    elif r < 0.45 and _gclean_kind(yk):
        src, ty = f"sorted({call}{', reverse=True' if g.chance(0.3) else ''})", None
    elif r < 0.55 and _gclean_kind(yk) and not isinstance(yk, tuple):
        src, ty = f"sorted(set({call}))", None
    elif r < 0.7 and yk in ("int", "bool"):
        src, ty = f"sum({call})", "int"
    elif r < 0.75 and yk == "float":
        src, ty = f"sum({call}, 0.0)", "float"
    elif yk in ("int", "float", "str"):
        f = g.choice(["min", "max"])
        if g.chance(0.3):
            src = f"{f}({call}, default={_gzero(yk)})"
        else:
            src = f"{f}({call})"  # (ValueError when it yields nothing)
        ty = yk
    else:
        src, ty = f"list({call})", None
    lines = [f"{name} = {src}"]
    if ty is None or g.chance(0.5):
        lines.append(f"print({name})")
    if _gbudget(g, lines) is None:
        return None
    if ty is not None:
        g.scope.append((name, ty))
        if ty in ("int", "float"):
            g.assignable.add(name)
        if ty == "str":
            g.str_flags[name] = _RTQ
    g.used.add("gen_builtins")
    return lines


def _gen_expr_call(g, d, kinds):
    """A generator of a kind in ``kinds`` to consume in an expression, and its call."""
    if not _gen_ok(g, d, expr=True):
        return None, None
    fn = _gpick(g, d, kinds=kinds)
    if fn is None or g.gen_cost + fn.size + fn.w > GEN_FUNC_BUDGET:
        return None, None
    call = _gcall_comp(g, d, fn)
    if call is None:
        return None, None
    g.gen_cost += fn.size + fn.w
    return fn, call


def _gen_genexp(g, d, fn, call, kind):
    """`e for x in genN(args) [if c]` (a generator expression, for a call's argument)."""
    mark = len(g.scope)
    targets = _gtargets(g, fn.ykind, comp_iter=call)
    g.in_comp += 1
    try:
        _gbind_targets(g, targets)
        elem = _gval(g, d, kind)
        cond = f" if {_gcond(g, d)}" if g.chance(0.5) else ""
    finally:
        g.in_comp -= 1
        del g.scope[mark:]
    return f"{elem} for {', '.join(n for n, _ in targets)} in {call}{cond}"


@rule("int", 0.6, bugs=GEN)
def int_gen(g, d):
    """An int from a generator: `sum`, `max`, `min`, `len(list(...))`, `len(set(...))`,
    `sorted(...)[0]`, `sum(e for x in ...)`."""
    fn, call = _gen_expr_call(g, d, None)
    if fn is None:
        return None
    yk = fn.ykind
    r = g.rng.random()
    if yk in ("int", "bool") and r < 0.45:
        f = g.choice(["sum", "max", "min", "sum"])
        if f != "sum" and g.chance(0.3):
            return E(f"{f}({call}, default={g.rng.randint(-2, 2)})", "int")
        return E(f"{f}({call})", "int")
    if r < 0.6:
        return E(f"len(list({call}))", "int")
    if r < 0.7 and _gclean_kind(yk) and not isinstance(yk, tuple):
        return E(f"len(set({call}))", "int")
    if r < 0.78 and yk in ("int", "bool"):
        return E(f"sorted({call})[{g.rng.randint(-1, 1)}]", "int")  # (IndexError if empty)
    return E(f"sum({_gen_genexp(g, d, fn, call, 'int')})", "int")


@rule("float", 0.5, bugs=GEN)
def float_gen(g, d):
    """A float from a generator: `sum(..., 0.0)`, `max`, `min`, `float(sum(...))`."""
    fn, call = _gen_expr_call(g, d, ["float", "int"])
    if fn is None:
        return None
    r = g.rng.random()
    if fn.ykind == "int":
        return E(f"float(sum({call}))", "float")
    if r < 0.4:
        return E(f"sum({call}, 0.0)", "float")
    if r < 0.75:
        return E(f"{g.choice(['max', 'min'])}({call})", "float")
    return E(f"sum(({_gen_genexp(g, d, fn, call, 'float')}), 0.0)", "float")


@rule("bool", 0.4, bugs=GEN)
def bool_gen(g, d):
    """`any` / `all` of a generator, or of a condition over one (GEN_ANY_ALL)."""
    fn, call = _gen_expr_call(g, d, None)
    if fn is None:
        return None
    f = g.choice(["any", "all"])
    eager = GEN_ANY_ALL in g.skip_bugs
    if fn.ykind in ("int", "float", "bool", "str") and g.chance(0.5):
        return E(f"{f}(list({call}))" if eager else f"{f}({call})", "bool")
    ge = _gen_genexp(g, d, fn, call, "bool")
    return E(f"{f}([{ge}])" if eager else f"{f}({ge})", "bool")


@rule("str", 0.6, bugs=GEN + STR)
def str_gen(g, d):
    """A string from a generator of strings: `"".join([...])`, `max`."""
    fn, call = _gen_expr_call(g, d, ["str"])
    if fn is None:
        return None
    r = g.rng.random()
    if r < 0.4:
        return E(f"{g.choice(['', ',', '-'])!r}.join([{_gen_genexp(g, d, fn, call, 'str')}])", "str", _RT)
    if r < 0.7:
        return E(f"''.join(sorted({call}))", "str", _RT)
    return E(f"max({call}, default='')", "str", _RT)


@rule("list", 0.8, bugs=GEN + LST)
def list_gen(g, d, ty=None):
    """A list from a generator: `list(...)`, `sorted(...)`, `[e for x in ... if c]`."""
    if ty is not None and not (ty.item in ("int", "str", "bool") or ty.item == "float" and ty.nan):
        return None
    kind = ty.item if ty is not None else g.choice(["int", "str", "float"])
    fn, call = _gen_expr_call(g, d, [kind])
    if fn is None:
        return None
    t = ty or Lst(kind, nan=kind == "float")
    r = g.rng.random()
    if r < 0.35:
        return E(f"list({call})", t)
    if r < 0.55 and kind != "float":
        return E(f"sorted({call})", t)
    return E(f"[{_gen_genexp(g, d, fn, call, kind)}]", t)


# ---------------------------------------------------------------------------
# whole programs
# ---------------------------------------------------------------------------


def gen_helper(g, idx, kinds=None, ret=None):
    """``def hN(p0, p1, ...)``: scalar parameters, a few statements, one return.
    ``kinds``/``ret`` given: those parameter and result types (a function parameter,
    ``Fn``, comes first; the return then calls it: ``_fn_return``)."""
    if kinds is None:
        kinds = [g.choice(["int", "float", "bool"]) for _ in range(g.rng.randint(1, 3))]
        ret = g.choice(["int", "float", "float", "bool"])
        if g.complex_on:
            kinds = ["complex" if g.chance(0.15) else k for k in kinds]
            if g.chance(0.2):
                ret = "complex"
        if g.str_on:
            kinds = ["str" if g.chance(0.25) else k for k in kinds]
            if g.chance(0.15):
                ret = "str"
        if g.list_on:
            kinds = [_rand_lst(g, simple=True) if g.chance(0.25) else k for k in kinds]
            if g.chance(0.15):
                ret = _rand_lst(g, simple=True)
        if g.dict_on:
            kinds = [_rand_dct(g, simple=True) if g.chance(0.2) else k for k in kinds]
            if g.chance(0.15):
                ret = _rand_dct(g, simple=True)
    saved_scope, saved_assign = g.scope, g.assignable
    saved_lists = g.list_nogrow, g.list_noshrink, g.list_alias
    g.list_nogrow, g.list_noshrink, g.list_alias = [], [], set()
    saved_dicts = g.dict_frozen, g.dict_alias
    g.dict_frozen, g.dict_alias = [], set()
    saved_try = g.try_ok, g.traced
    saved_rt = g.str_flags
    saved_cost, g.gen_cost = g.gen_cost, 0  # (generators consumed: "generators")
    g.try_ok, g.traced = g.try_on, False
    g.scope = [(f"p{i}", k) for i, k in enumerate(kinds)]
    g.block_start, g.block_id, g.dead_loop_vars = len(g.scope), 0, []
    g.assignable = set()
    g.ret_kinds = None
    g.str_flags = {}
    rt_params = False
    if g.str_on and "str" in kinds:
        # its string parameters: all known when compiling or all computed at run time
        # (each call passes that kind: _call_args)
        rt_params = g.chance(0.4)
        if rt_params:
            g.str_flags = {f"p{i}": _RT for i, k in enumerate(kinds) if k == "str"}
    lines = []
    for _ in range(g.rng.randint(0, 3)):
        s = g.pick("stmt", 1)
        if s:
            lines += s
    ret_rt = frozenset()
    if isinstance(kinds[0], Fn):
        ret_src = _fn_return(g, 'p0', kinds[0], ret)
    elif isinstance(ret, Lst):
        ret_src = _lst(g, 1, ret).src
    elif isinstance(ret, Dct):
        ret_src = _dct(g, 1, ret).src
    else:
        ret_e = g.e(ret, 1)
        ret_src, ret_rt = ret_e.src, _rt(ret_e)
    if g.traced:
        ret_rt = _RT  # (a string with `+ str(trace)`)
        # the order in which the parts of its try statements ran goes into the result
        lines.insert(0, "trace = 0")
        ret_src = _trace_fold(ret, ret_src)
    lines.append(f"return {ret_src}")
    params = ", ".join(f"p{i}" for i in range(len(kinds)))
    if not isinstance(kinds[-1], (Fn, Lst, Dct)) and g.chance(0.3):  # a default for the last parameter
        lit = LITERALS[kinds[-1]](g).src
        params = params.rsplit(", ", 1)
        params[-1] = params[-1] + f"={lit}"
        params = ", ".join(params)
    src = [f"def h{idx}({params}):"] + indent(lines)
    g.scope, g.assignable = saved_scope, saved_assign
    g.try_ok, g.traced = saved_try
    g.str_flags = saved_rt
    g.gen_cost = saved_cost
    g.list_nogrow, g.list_noshrink, g.list_alias = saved_lists
    g.dict_frozen, g.dict_alias = saved_dicts
    if g.str_on and ("str" in kinds or ret == "str"):
        g.helper_str[f"h{idx}"] = (rt_params, ret_rt)
    g.helpers.append((f"h{idx}", kinds, ret))
    return src


#: The share of programs that use complex numbers (the others are generated from the
#: rule table without the rules tagged "complex").
COMPLEX_SHARE = 0.2


def complex_program(rng):
    """Whether the program about to be drawn from ``rng`` uses complex numbers: decided
    from the generator's state without drawing from it, so the programs that do not
    are exactly those the generator made before complex support (same seed, same
    index)."""
    return random.Random(repr(rng.getstate()[1][:16])).random() < COMPLEX_SHARE


def gen_program(rng, skip_bugs=()):
    g = Gen(rng, skip_bugs)
    if g.complex_on:
        g.complex_on = complex_program(rng)
    if g.fn_on:
        g.fn_on = fnarg_program(rng)
    if g.opt_on:
        g.opt_on = optional_program(rng)
    if g.try_on:
        g.try_on = tryexcept_program(rng)
    if g.str_on:
        g.str_on = strings_program(rng)
    if g.list_on:
        g.list_on = lists_program(rng)
    if g.dict_on:
        g.dict_on = dicts_program(rng)
    if g.reuse_on:
        g.reuse_on = reuse_program(rng)
    if g.prange_on:
        g.prange_on = prange_program(rng)
    if g.gen_on:
        g.gen_on = generators_program(rng)
    # bounds checks off (boundscheck=False: every index in range) or on, and then
    # whether indices may be out of range (no draw from rng either: boundscheck_program)
    g.checks, g.oob = boundscheck_program(rng)
    if OOB in g.skip_bugs:
        g.oob = False
    for tag, on in FEATURES.items():
        # (FERROJIT_FUZZ_FORCE: no draw from rng either)
        if tag in FORCED and tag not in g.skip_bugs:
            setattr(g, on, True)
    g.checks = g.checks or g.oob  # (FERROJIT_FUZZ_FORCE=oob)
    explicit = False  # compiled with {"boundscheck": True} (when checks are on)
    if g.try_on:
        # decided first, as before the checks were on by default (so that the try
        # programs that are not oob ones stay what they were)
        explicit = g.chance(TRY_BOUNDSCHECK)
        g.try_oob = g.checks and (explicit or g.oob)
    g.nd = 1 if g.chance(0.6) else 2
    out = ["import math", "import numpy as np", ""]
    nh = g.rng.choice([0, 0, 1, 1, 2])
    for h in range(nh):
        out += gen_helper(g, h) + [""]
    if g.opt_on:
        # helpers that return None on some paths
        for _ in range(g.rng.randint(1, 2)):
            out += gen_opt_helper(g, nh) + [""]
            nh += 1
        if OPT_BOX not in g.skip_bugs and g.chance(0.6):
            # one returning an array, a string, a list or a tuple, or None
            out += gen_box_helper(g, nh) + [""]
            nh += 1
    if g.try_on:
        # a helper that raises on some paths (called in and out of try bodies)
        out += gen_raise_helper(g, nh) + [""]
        nh += 1
    fn_types = []
    if g.fn_on:
        lines, nh, fn_types = gen_fn_functions(g, nh)
        out += lines
    if g.prange_on:
        if g.chance(0.5):
            # a helper with a prange loop of its own
            out += gen_prange_helper(g, nh) + [""]
            nh += 1
        # (with the generators written so far, and `gtap`: a helper that consumes a
        # printing generator prints)
        g.printers = _printing_functions(out + [ln for lines in g.gen_defs for ln in lines])
    # parameters
    params = []
    for i in range(g.rng.randint(0, 3)):
        k = g.choice(["int", "float", "float", "bool"])
        if g.complex_on and g.chance(0.2):
            k = "complex"
        params.append(Param(f"x{i}", k))
    if g.str_on:
        # strings passed from Python (each value a specialisation: make_inputs)
        for i in range(g.rng.randint(1, 2)):
            params.append(Param(f"s{i}", "str"))
    if g.list_on and g.chance(0.6):
        # lists passed from Python (non-empty; reflected: compared after the call)
        for i in range(g.rng.randint(1, 2)):
            t = _rand_lst(g, simple=True) if g.chance(0.85) else Lst(Lst("int"))
            params.append(Param(f"l{i}", t))
    if g.dict_on and _dict_inputs_ok() and g.chance(0.6):
        # dicts passed from Python (non-empty; reflected: compared after the call)
        for i in range(g.rng.randint(1, 2)):
            params.append(Param(f"d{i}", _rand_dct(g, simple=True)))
    for i, ft in enumerate(fn_types):
        # function arguments: each input passes one function of the type (make_inputs)
        params.append(Param(f"g{i}", ft, choices=tuple(_fn_pool(g, ft))))
    narr = g.rng.choice([0, 1, 1, 2, 2, 3])
    for i in range(narr):
        # (programs of repeated array expressions: float arrays more often)
        dt = g.choice(DTYPES + ["float64", "float64", "float32"] * 2 if g.reuse_on else DTYPES)
        if i == 0 or g.chance(0.6):
            params.append(Param(f"a{i}", Arr(dt, g.nd, "S")))
        else:
            # broadcastable: drop leading axes or set some to 1
            if g.nd == 1:
                pat = ("one",)
                params.append(Param(f"a{i}", Arr(dt, 1, "B:one"), pat))
            else:
                pat = g.choice([("drop",), ("row",), ("col",)])
                nd = 1 if pat == ("drop",) else 2
                params.append(Param(f"a{i}", Arr(dt, nd, f"B:{pat[0]}"), pat))
    g.rng.shuffle(params)
    g.scope = [(p.name, p.ty) for p in params]
    g.block_start, g.block_id, g.dead_loop_vars = len(g.scope), 0, []
    ret_n = g.rng.choice([1, 1, 1, 2, 3])
    g.ret_kinds = [g.choice(["int", "float", "float", "bool", "arr", "npscalar"])
                   for _ in range(ret_n)]
    if g.complex_on:
        g.ret_kinds = ["complex" if g.chance(0.25) else k for k in g.ret_kinds]
    if g.str_on:
        g.ret_kinds = ["str" if g.chance(0.2) else k for k in g.ret_kinds]
    if g.list_on:
        g.ret_kinds = [_rand_lst(g) if g.chance(0.3) else k for k in g.ret_kinds]
    if g.dict_on:
        g.ret_kinds = [_rand_dct(g) if g.chance(0.25) else k for k in g.ret_kinds]
    body = []
    if g.try_on:
        # every part of a try statement records itself in `trace`, returned last
        g.ret_kinds.append("trace")
        g.try_ok, g.traced = True, True
        body.append("trace = 0")
    if g.reuse_on:
        # the results of stmt_reuse_map (REUSE_SLOT, filled in below)
        g.ret_kinds.append("reuse")
    if g.prange_on:
        # the results of stmt_prange (PRANGE_SLOT, filled in below)
        g.ret_kinds.append("prange")
    g.gen_cost = 0  # (generators consumed by `f`: "generators")
    for _ in range(g.rng.randint(1, 7)):
        s = g.pick("stmt", 0)
        if s:
            body += s
    if g.prange_on and not g.prange_loops:
        # (every program of the family has a prange loop: one more at the end)
        s = stmt_prange(g, 1)
        if s:
            body += s
    if g.gen_on and not g.gens:
        # (every program of the family consumes a generator: a loop at the end)
        s = _gen_loop(g, 1)
        if s:
            body += s
    rets = []
    approx = False
    for k in g.ret_kinds:
        if k == "trace":
            rets.append("trace")
            continue
        if k == "reuse":
            rets.append(REUSE_SLOT)
            continue
        if k == "prange":
            rets.append(PRANGE_SLOT)
            continue
        if g.opt_on and (k in ("arr", "str") or isinstance(k, Lst)):
            boxes = _box_vars(g, lambda inner: isinstance(inner, Arr) if k == "arr"
                              else inner == k)
            if boxes and g.chance(0.35):
                # an array, a string or a list that may be None, returned as it is
                rets.append(g.choice(boxes)[0])
                continue
        if k == "npscalar":
            e = g.pick("npscalar", 1)
            if e is None:
                k = "int"
            else:
                rets.append(e.src)
                continue
        if k == "arr":
            a = g.arr(1, approx_ok=True)
            if a is None:
                k = "float"
            else:
                if g.list_on and LIST_OF_ARRAYS not in g.skip_bugs and g.chance(0.05):
                    # a list of arrays (LIST_OF_ARRAYS)
                    rets.append(f"[{a.src}, {a.src}]")
                    g.used.add("list_of_arrays")
                else:
                    rets.append(a.src)
                approx |= "approx" in a.flags
                continue
        if isinstance(k, Lst):
            rets.append(_lst(g, 1, k).src)
            continue
        if isinstance(k, Dct):
            rets.append(_dret_src(g, 1, k))
            continue
        opts = _opt_vars(g, lambda inner: inner == k) if g.opt_on else []
        if opts and g.chance(0.4):
            # an optional value returned as it is (None or a number)
            rets.append(g.choice(opts)[0])
            continue
        e = g.e(k, 1, approx_ok=True)
        approx |= "approx" in e.flags
        rets.append(e.src)
    body.append(f"return {', '.join(rets)}")
    if g.reuse_on:
        # every return of `f` (early ones included) ends with the result slots, each
        # bound to 0.0 first (the rule may run on some paths only)
        body = [f"{v} = 0.0" for v in g.reuse_vals] + \
            [ln.replace(", " + REUSE_SLOT, "".join(", " + v for v in g.reuse_vals))
             for ln in body]
        for lines in g.reuse_defs:
            out += lines + [""]
    if g.prange_on:
        # the same for the results of stmt_prange (each bound first to a value of its type)
        body = [f"{v} = {init}" for v, init in g.prange_vals] + \
            [ln.replace(", " + PRANGE_SLOT, "".join(", " + v for v, _ in g.prange_vals))
             for ln in body]
    if g.gen_defs:
        # the generator functions (and `gtap`), before the helpers
        out[3:3] = [ln for lines in g.gen_defs for ln in lines + [""]]
    out += [f"def f({', '.join(p.name for p in params)}):"] + indent(body)
    if "cmath." in "\n".join(out):
        out.insert(0, "import cmath")
    if g.prange_on:
        # (both spellings: `prange(...)` imported, and `ferrojit.prange(...)`)
        text = "\n".join(out)
        if re.search(r"(?<![.\w])prange\(", text):
            out.insert(0, "from ferrojit import prange")
        if "ferrojit.prange(" in text:
            out.insert(0, "import ferrojit")
    src = "\n".join(out) + "\n"
    # checks on: the default options, or boundscheck=True (the same) in BOUNDSCHECK_TRUE
    # of the programs without try statements (drawn in each of them, also when off, so
    # that the inputs drawn next stay what they were) and TRY_BOUNDSCHECK of the others;
    # off: boundscheck=False
    if not g.try_on:
        explicit = g.chance(BOUNDSCHECK_TRUE)
    options = {"boundscheck": False} if not g.checks else \
        {"boundscheck": True} if explicit else {}
    if g.prange_on:
        options["parallel"] = True
    # ("math." also matches "cmath.": cmath's results are compared with ulps)
    return Program(src, "f", params, g.nd, options, approx,
                   any(s in src for s in ("math.", "np.")) or g.cabs or g.fn_transc,
                   set(g.used))


_TIE_PICKERS = ("np.fmin(", "np.fmax(", "np.minimum(", "np.maximum(", "np.min(", "np.max(", "np.clip(",
                "np.amin(", "np.amax(", ".min()", ".max()")


def zero_sign_free(source):
    """Whether NumPy may pick either 0.0 or -0.0 in this program: its min/max
    reductions and fmin/fmax/minimum/maximum break ties by length and CPU."""
    return any(t in source for t in _TIE_PICKERS)


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------
F_NICE = [k / 4 for k in range(-12, 13)]


def rand_int(rng):
    r = rng.random()
    if r < 0.55:
        return rng.randint(-6, 6)
    if r < 0.8:
        return rng.choice(INT_POOL)
    return rng.randint(INT64_MIN, INT64_MAX)


def rand_float(rng):
    r = rng.random()
    if r < 0.45:
        return rng.choice(F_NICE)
    if r < 0.75:
        return rng.choice(FLOAT_POOL)
    if r < 0.9:
        return rng.uniform(-10, 10)
    return math.ldexp(rng.uniform(-1, 1), rng.randint(-1074, 1023))


def rand_elem(rng, dtype):
    k = kind_of(dtype)
    info = np.iinfo(dtype) if k in "iu" else None
    if k == "b":
        return rng.random() < 0.5
    if k == "i":
        return rng.randint(-5, 5) if rng.random() < 0.93 else rng.choice([int(info.min), int(info.max)])
    if k == "u":
        return rng.randint(0, 5) if rng.random() < 0.93 else int(info.max)
    r = rng.random()
    if r < 0.9:
        return rng.choice(F_NICE)
    return rng.choice([math.nan, math.inf, -math.inf, -0.0])


def rand_complex_part(rng):
    r = rng.random()
    if r < 0.5:
        return rng.choice(F_NICE)
    if r < 0.7:
        return rng.uniform(-10, 10)
    if r < 0.8:
        return rng.choice([0.0, -0.0])
    if r < 0.9:
        return rng.choice([math.nan, math.inf, -math.inf, 1e300, -1e300, 5e-324])
    return rand_float(rng)


def rand_complex(rng):
    """A complex argument, as the JSON-safe spec ``{"complex": [re, im]}`` (the
    harness passes ``complex(re, im)``): parts as ``rand_float``'s, more often
    moderate, with signed zeros, inf, nan and huge values."""
    return {"complex": [rand_complex_part(rng), rand_complex_part(rng)]}


def rand_list(rng, t):
    """A non-empty list of type ``t`` (a Lst of ints, floats, bools, strings, or of
    non-empty lists of ints) for a list parameter."""
    def item(k):
        if isinstance(k, Lst):
            return rand_list(rng, k)
        if k == "int":
            return rand_int(rng) if rng.random() < 0.3 else rng.randint(-4, 6)
        if k == "float":
            while True:
                v = rand_float(rng)
                if t.nan or not math.isnan(v):
                    return v
        if k == "bool":
            return rng.random() < 0.5
        return rng.choice(STR_INPUTS)
    return [item(t.item) for _ in range(rng.randint(1, 5))]


LAYOUTS = ["C", "C", "F", "strided", "reversed", "transposed"]


def make_inputs(prog, rng):
    """One random argument list for ``prog``: ints/floats/bools, and array *specs*
    (dict: values, dtype, layout) that ``harness.build`` turns into arrays."""
    shape = tuple(rng.choice([0, 1, 1, 2, 3, 3, 4, 5]) if rng.random() < 0.9 else rng.randint(1, 5)
                  for _ in range(prog.nd))
    if rng.random() < 0.5:
        shape = tuple(max(1, s) for s in shape)
    if prog.options.get("parallel") and rng.random() < 0.25:
        # (parallel programs: a longer first axis now and then, split among the threads)
        shape = (rng.randint(6, 40),) + shape[1:]
    args = []
    for p in prog.params:
        if p.ty == "int":
            args.append(rand_int(rng))
        elif p.ty == "float":
            args.append(rand_float(rng))
        elif p.ty == "bool":
            args.append(rng.random() < 0.5)
        elif p.ty == "complex":
            args.append(rand_complex(rng))
        elif isinstance(p.ty, Fn):
            # a function: {"func": name} (harness.make_args resolves it on each side)
            args.append(dict(rng.choice(rng.choice(p.choices))))
        elif p.ty == "str":
            # a str (JSON as it is): each distinct value compiles its own specialisation
            args.append(rng.choice(STR_INPUTS))
        elif isinstance(p.ty, Lst):
            # a non-empty list (JSON as it is; harness.make_args copies it for each side)
            args.append(rand_list(rng, p.ty))
        elif isinstance(p.ty, Dct):
            # a non-empty dict, as a spec (harness.make_args builds it for each side)
            args.append(rand_dict(rng, p.ty))
        else:
            t = p.ty
            if p.pattern == ("one",):
                shp = (rng.choice([1, shape[0]]),)
            elif p.pattern == ("drop",):
                shp = (shape[1],)
            elif p.pattern == ("row",):
                shp = (1, shape[1])
            elif p.pattern == ("col",):
                shp = (shape[0], 1)
            else:
                shp = shape
            n = int(np.prod(shp)) if shp else 1
            vals = [rand_elem(rng, t.dtype) for _ in range(n)]
            args.append({"values": vals, "shape": list(shp), "dtype": t.dtype,
                         "layout": rng.choice(LAYOUTS)})
    return args
