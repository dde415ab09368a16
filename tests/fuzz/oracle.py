"""The oracle: CPython/NumPy running a rewritten copy of the generated program.

ferrojit differs from CPython on purpose in a few documented ways (docs/supported.md,
"Differences from CPython"). The oracle models them exactly instead of avoiding them,
by rewriting the program's AST before running it under CPython:

* ints are int64 and wrap around: every ``+ - * // % ** << >> & | ^``, unary ``-``/``~``
  whose operands are both Python ints (bools count as ints) is wrapped to 64 bits
  (``_fz_binop`` / ``_fz_unop``);
* ``int ** negative int`` raises ``ValueError`` in compiled code, and a float ``**``
  whose CPython result is complex raises ``ValueError`` too;
* array elements and the scalar results of NumPy functions stay NumPy scalars, with
  NumPy's own rules (NEP 50 promotion, wrap-around, inf/nan instead of exceptions), as
  in compiled code;
* an element store of a NumPy scalar (an array element, ``np.float64`` results)
  goes through NumPy's ``__setitem__`` (its scalar cast: ``a[i] = b[j]`` with ``b[j] ==
  -1.0`` into ``uint8`` is 255, NaN into ``uint32`` is 0); an array is cast with the bits
  of NumPy's SIMD loop (``simd_cast``); a Python int or float goes through NumPy's
  ``__setitem__``
  (``int()`` of a float, then the dtype's range: ``OverflowError``), as compiled code
  does. The right-hand side is evaluated before the target's index, as in CPython;
* complex numbers follow CPython's own rules in both (``complex(x, 0.0)`` for a real
  operand, ``_Py_c_quot`` for ``/``): arithmetic on them is not rewritten beyond the
  helpers' dispatch, and only a real ``**`` with a complex result raises;
* a variable that may be None (an optional value) passes on whole where CPython's
  None does: ``y = x``, ``return x``, tuple items, branches of ``a if c else b``,
  ``and``/``or`` operands, call arguments, ``x is None`` / ``x == y`` / ``x != y``,
  tests (``if x:``, ``not x``); an operand of a binary operator is evaluated with the
  other, then the operation raises on a None, as CPython (``x + 1 // 0`` raises
  ZeroDivisionError; ``_fz_binop``); any other read takes its value and raises
  ``TypeError`` when it is None (compiled code's documented rule, docs/supported.md), also
  where CPython would raise later: every such read goes through ``_fz_read``, which
  raises ``NoneOperation``. CPython's
  own TypeErrors on None (``None + 1`` in a helper) count as the same; only the type is
  compared, since compiled code's message names the variable;
* lists are CPython's own (gen.py's "lists" family avoids what compiled code does
  differently on purpose: items of two types, NaN identity); ``l += m`` and ``l *= k``
  stay in place for every alias, ``sum()`` of ints wraps to int64, and ``l[i] op= v``
  reads ``l[i]`` before it evaluates ``v``, as CPython does;
* ``int()``, ``round()``, ``math.floor/ceil/trunc`` of a float whose result does not
  fit in int64: compiled code raises ``OverflowError`` (the oracle raises
  ``Int64Overflow``, and any ``OverflowError`` from compiled code matches it).

The oracle never runs compiled code.
"""

import ast
import math
import operator

import numpy as np

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


class NoneOperation(TypeError):
    """CPython's TypeError from an operation on None (``None + 1``, ``float(None)``,
    ``None[0]``, ``None < 1``): a value that may be None met an operation. Compiled code
    raises TypeError there with a message of its own (it names the variable), so only
    the type is compared (harness.run_one)."""


def is_none_operation(exc):
    """Whether ``exc`` (a TypeError of the oracle) is an operation on None: a read of
    ``_fz_read``, or CPython's own error (every such message names ``NoneType``)."""
    return isinstance(exc, NoneOperation) or isinstance(exc, TypeError) and "NoneType" in str(exc)


def _fz_read(v):
    """A variable's value where compiled code takes it (every read but the few that
    keep an optional value, see ``_Rewriter``): None raises TypeError, as the read of
    an optional variable holding None does in compiled code."""
    if v is None:
        raise NoneOperation("a variable that may be None is None here (NoneType)")
    return v


#: compiled code's message for a float converted to an int beyond int64 (the oracle
#: raises it too, so that a handler reading the exception's text sees the same)
INT64_OVERFLOW_MSG = "float too large to convert to int64 (compiled integers are 64-bit)"


class Int64Overflow(OverflowError):
    """CPython produced an int outside int64 from a float conversion; compiled code
    raises OverflowError there (escaping, any message matches; the oracle's message is
    compiled code's, for handlers that read it)."""


def wrap(v):
    return ((v + 2**63) % 2**64) - 2**63


def _is_int(v):
    return type(v) is int or type(v) is bool


_BINOPS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow,
    "<<": operator.lshift, ">>": operator.rshift, "&": operator.and_,
    "|": operator.or_, "^": operator.xor, "@": operator.matmul,
}

NEG_POW_MSG = ("integer ** negative integer: Python would return a float, but a "
               "compiled int expression keeps its type; use a float base (2.0 ** n)")
COMPLEX_POW_MSG = ("negative number raised to a fractional power has a complex "
                   "result, which compiled code does not support")


def _fz_binop(op, a, b):
    if a is None or b is None:
        raise NoneOperation("an operand that may be None is None here (NoneType)")
    if op == "**lit":
        op = "**"
        if _is_int(a) and _is_int(b) and b < 0:
            return a ** b
    if op == "**" and _is_int(a) and _is_int(b):
        if b < 0:
            raise ValueError(NEG_POW_MSG)
        return wrap(pow(a, b, 2**64))
    r = _BINOPS[op](a, b)
    if type(r) is int and _is_int(a) and _is_int(b):
        return wrap(r)
    if type(r) is complex and op == "**" and type(a) is not complex \
            and type(b) is not complex:
        # a real ** real whose CPython result is complex (arithmetic on complex
        # operands is complex in both)
        raise ValueError(COMPLEX_POW_MSG)
    return r


_INPLACE = {
    "+": operator.iadd, "-": operator.isub, "*": operator.imul, "/": operator.itruediv,
    "//": operator.ifloordiv, "%": operator.imod, "**": operator.ipow,
    "<<": operator.ilshift, ">>": operator.irshift, "&": operator.iand,
    "|": operator.ior, "^": operator.ixor,
}


def _fz_aug(op, a, b):
    """``a op= b`` for a variable: in place for arrays and lists (``l += m`` changes the
    list every alias sees), wrapped for ints."""
    if isinstance(a, (np.ndarray, list)):
        return _INPLACE[op](a, b)
    return _fz_binop(op, a, b)


def _fz_unop(op, a):
    if op == "-":
        r = -a
    elif op == "+":
        r = +a
    else:
        r = ~a
    if type(r) is int and _is_int(a):
        return wrap(r)
    return r


def normalize(v):
    """A NumPy scalar as the Python scalar compiled code returns."""
    if isinstance(v, np.generic):
        if isinstance(v, np.bool_):
            return bool(v)
        if isinstance(v, np.integer):
            return int(v)
        if isinstance(v, np.floating):
            return float(v)
        if isinstance(v, np.complexfloating):
            return complex(v)
    return v


def simd_cast(v, dtype):
    """``v.astype(dtype)`` with the bits of NumPy's SIMD loop for every element.

    NumPy's casts of NaN, +-inf and out-of-range floats to uint32/uint64 differ between
    its scalar loop (small or strided arrays, 1 element) and its SIMD loop (long
    contiguous arrays); ferrojit gives the SIMD loop's bits everywhere (commit fe4bd06),
    so the oracle does too: each element is cast as part of a long contiguous run."""
    v = np.asarray(v)
    dtype = np.dtype(dtype)
    if v.dtype.kind == "f" and dtype.name in ("uint32", "uint64"):
        flat = np.repeat(v.ravel(), 32).astype(dtype)[::32]
        return flat.reshape(v.shape)
    return v.astype(dtype)


def _fz_store(a, idx, v):
    if isinstance(a, np.ndarray) and isinstance(v, np.generic):
        # A NumPy scalar (an array element, a ufunc's result: `np.sqrt(x)`): NumPy's own
        # __setitem__, as compiled code stores scalars: it raises for some (inf or NaN
        # into a signed dtype: `cannot convert float infinity to integer`) and casts the
        # others with NumPy's scalar cast (NaN into uint32 is 0; the SIMD loop of a long
        # array's astype would give 2147483648)
        a[idx] = v
        return
    if isinstance(a, np.ndarray) and type(v) not in (int, float, bool):
        # arrays are cast as C casts them; Python numbers go through NumPy's
        # __setitem__ (int() of a float, then the dtype's range: OverflowError)
        v = np.asarray(v)
        if v.dtype != a.dtype:
            v = simd_cast(v, a.dtype)
    a[idx] = v


def _fz_augitem(a, idx, op, v, cur):
    """``a[idx] op= v`` where ``cur`` is ``a[idx]``, read before ``v`` was evaluated (as
    CPython does: ``l[i] += l.pop()`` reads ``l[i]`` first)."""
    if isinstance(cur, list):
        # (`nl[i] += m`: the inner list in place, stored back)
        a[idx] = _INPLACE[op](cur, v)
        return
    if isinstance(cur, np.ndarray):
        # whole-array in-place operator: NumPy's own rules
        if op == "+":
            cur += v
        elif op == "-":
            cur -= v
        elif op == "*":
            cur *= v
        elif op == "/":
            cur /= v
        elif op == "//":
            cur //= v
        elif op == "%":
            cur %= v
        elif op == "**":
            cur **= v
        elif op == "&":
            cur &= v
        elif op == "|":
            cur |= v
        elif op == "^":
            cur ^= v
        else:
            raise NotImplementedError(op)
        return
    _fz_store(a, idx, _fz_binop(op, cur, v))


_INT_FUNCS = {int, round, math.floor, math.ceil, math.trunc}


def _fz_call(fn, *args, **kwargs):
    if fn is abs and len(args) == 1 and type(args[0]) is complex:
        z = args[0]
        if (math.isnan(z.real) or math.isnan(z.imag)) and not (
                math.isinf(z.real) or math.isinf(z.imag)):
            # CPython 3.11's abs() of a complex with a NaN part (and no inf) returns NaN
            # without clearing errno, then raises OverflowError("absolute value too
            # large") if an earlier libm call of the process left ERANGE there
            return math.nan
    r = fn(*args, **kwargs)
    if fn in _INT_FUNCS and type(r) is int:
        if args and isinstance(args[0], (float, np.floating)) and \
                not INT64_MIN <= r <= INT64_MAX:
            raise Int64Overflow(INT64_OVERFLOW_MSG)
        return wrap(r)
    if fn in (abs, sum) and type(r) is int:
        # (sum of a list of ints: int64 wraps in compiled code at each `+`, the same
        # bits as the wrapped total)
        return wrap(r)
    if fn in (min, max) and type(r) in (int, bool):
        # compiled code unifies the arguments' types: min(0, 0.5) is 0.0
        vals = args[0] if len(args) == 1 else args
        if any(isinstance(v, float) for v in vals):
            return float(r)
    return r


_OPS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.LShift: "<<", ast.RShift: ">>",
    ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.MatMult: "@",
}


def _call(name, *args):
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


def _index_expr(node):
    """A subscript's index as an ordinary expression (slices become ``slice(...)``)."""
    if isinstance(node, ast.Slice):
        none = ast.Constant(None)
        return _call("slice", node.lower or none, node.upper or none, node.step or none)
    if isinstance(node, ast.Tuple):
        return ast.Tuple(elts=[_index_expr(e) for e in node.elts], ctx=ast.Load())
    return node


class _Rewriter(ast.NodeTransformer):
    def __init__(self):
        self.tmp = 0

    def _tmpname(self):
        self.tmp += 1
        return f"_fz_t{self.tmp}"

    def visit_FunctionDef(self, node):
        node.decorator_list = []
        self.generic_visit(node)
        return node

    # -- reads of variables (optional values: see the module's docstring) -----------
    #: names that never hold None (modules, builtins): not wrapped, for speed
    _PLAIN_NAMES = {"math", "np", "cmath", "range", "len", "abs", "min", "max", "int",
                    "float", "bool", "round", "print", "enumerate", "zip", "reversed",
                    "complex", "slice"}

    def visit_Name(self, node):
        if not isinstance(node.ctx, ast.Load) or node.id in self._PLAIN_NAMES \
                or node.id.startswith("_fz_"):
            return node
        return ast.copy_location(_call("_fz_read", node), node)

    def _keep(self, node):
        """``node`` where compiled code keeps an optional value whole: a bare name is not
        a read, nor are the parts that pass a value on (branches of ``x if c else y``,
        tuple items, ``and``/``or`` operands)."""
        if node is None or isinstance(node, ast.Name):
            return node
        if isinstance(node, ast.IfExp):
            node.test, node.body, node.orelse = self._keep(node.test), self._keep(node.body), self._keep(node.orelse)
            return node
        if isinstance(node, ast.Tuple):
            node.elts = [self._keep(e) for e in node.elts]
            return node
        if isinstance(node, ast.BoolOp):
            node.values = [self._keep(v) for v in node.values]
            return node
        return self.visit(node)

    def visit_Return(self, node):
        node.value = self._keep(node.value)
        return node

    def _visit_test(self, node):
        node.test = self._keep(node.test)
        for fld in ("body", "orelse", "msg"):
            v = getattr(node, fld, None)
            if isinstance(v, list):
                new = []
                for st in v:
                    r = self.visit(st)
                    new += r if isinstance(r, list) else [r]
                setattr(node, fld, new)
            elif isinstance(v, ast.AST):
                setattr(node, fld, self.visit(v))
        return node

    visit_If = visit_While = visit_IfExp = visit_Assert = _visit_test

    def visit_Compare(self, node):
        # `is`, `==`, `!=`: None compares whole (None == x is False), as in CPython
        if all(isinstance(op, (ast.Is, ast.IsNot, ast.Eq, ast.NotEq)) for op in node.ops) and len(node.ops) == 1:
            node.left = self._keep(node.left)
            node.comparators = [self._keep(c) for c in node.comparators]
            return node
        self.generic_visit(node)
        return node

    def visit_BinOp(self, node):
        op = _OPS[type(node.op)]
        r = node.right
        while isinstance(r, ast.UnaryOp) and isinstance(r.op, (ast.USub, ast.UAdd)):
            r = r.operand   # `+-4`, `-(-2)`: still a literal to the compiler
        # `a.ndim` is a constant to the compiler too (its value comes from the type)
        ndim = isinstance(r, ast.Attribute) and r.attr == "ndim"
        if op == "**" and (isinstance(r, ast.Constant) or ndim):
            # a literal exponent is typed from its value: `x ** -2` is a float, as in
            # CPython (only a negative exponent known at run time raises)
            op = "**lit"
        # a name that may be None is not read before the other operand: both operands
        # are evaluated, then the operation raises on a None (_fz_binop), as in CPython
        # and compiled code
        left = node.left if isinstance(node.left, ast.Name) else None
        right = node.right if isinstance(node.right, ast.Name) else None
        self.generic_visit(node)
        return ast.copy_location(
            _call("_fz_binop", ast.Constant(op), left or node.left, right or node.right), node)

    def visit_UnaryOp(self, node):
        if isinstance(node.op, ast.Not):
            node.operand = self._keep(node.operand)
            return node
        self.generic_visit(node)
        op = {ast.USub: "-", ast.UAdd: "+", ast.Invert: "~"}[type(node.op)]
        return ast.copy_location(_call("_fz_unop", ast.Constant(op), node.operand), node)

    def visit_Call(self, node):
        func = node.func
        # Arguments pass on whole (a None argument is CPython's None in the callee;
        # builtins and math functions raise CPython's TypeError on it).
        node.args = [self._keep(a) for a in node.args]
        for k in node.keywords:
            k.value = self._keep(k.value)
        if isinstance(func, ast.Name):
            node.func = func  # a called name is a function, not an optional value
        else:
            node.func = self.visit(func)
        return ast.copy_location(ast.Call(
            func=ast.Name(id="_fz_call", ctx=ast.Load()),
            args=[node.func] + node.args, keywords=node.keywords), node)

    def visit_AugAssign(self, node):
        op = ast.Constant(_OPS[type(node.op)])
        value = self.visit(node.value)
        if isinstance(node.target, ast.Name):
            load = ast.Name(id=node.target.id, ctx=ast.Load())
            return ast.copy_location(ast.Assign(
                targets=[ast.Name(id=node.target.id, ctx=ast.Store())],
                value=_call("_fz_aug", op, load, value)), node)
        if isinstance(node.target, ast.Subscript):
            # CPython's order: the container, the index, the item, then the value
            base = self.visit(node.target.value)
            sl = _index_expr(self.visit(node.target.slice))
            names = [self._tmpname() for _ in range(3)]
            loads = [ast.Name(id=n, ctx=ast.Load()) for n in names]
            stmts = [ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=v)
                     for n, v in zip(names, [base, sl, ast.Subscript(
                         value=loads[0], slice=loads[1], ctx=ast.Load())])]
            stmts.append(ast.Expr(_call("_fz_augitem", loads[0], loads[1], op, value, loads[2])))
            return [ast.copy_location(s, node) for s in stmts]
        raise NotImplementedError(ast.dump(node))

    def visit_Assign(self, node):
        subscript = len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)
        # into names a value passes whole; into an array it is read (TypeError on None)
        value = self.visit(node.value) if subscript else self._keep(node.value)
        if subscript:
            t = node.targets[0]
            tmp = self._tmpname()
            first = ast.Assign(targets=[ast.Name(id=tmp, ctx=ast.Store())], value=value)
            store = ast.Expr(_call("_fz_store", self.visit(t.value), _index_expr(self.visit(t.slice)),
                                   ast.Name(id=tmp, ctx=ast.Load())))
            return [ast.copy_location(first, node), ast.copy_location(store, node)]
        node.value = value
        node.targets = [self.visit(t) for t in node.targets]
        return node


HELPERS = {
    "_fz_binop": _fz_binop, "_fz_aug": _fz_aug, "_fz_unop": _fz_unop,
    "_fz_store": _fz_store, "_fz_augitem": _fz_augitem, "_fz_call": _fz_call,
    "_fz_read": _fz_read,
}


def rewrite(source):
    """The oracle's version of ``source`` (text)."""
    tree = _Rewriter().visit(ast.parse(source))
    ast.fix_missing_locations(tree)
    return ast.unparse(tree)


def load_oracle(source, filename="<fuzz-oracle>"):
    """Execute the rewritten program; returns its namespace (plain functions)."""
    ns = {"__name__": "fuzz_oracle", "math": math, "np": np}
    ns.update(HELPERS)
    code = compile(rewrite(source), filename, "exec")
    exec(code, ns)
    return ns
