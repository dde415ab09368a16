"""``stencil``: Numba's decorator for neighbourhood kernels written with relative indices.

    @stencil
    def smooth(a):
        return 0.25 * (a[0, 1] + a[1, 0] + a[0, -1] + a[-1, 0])

    out = smooth(image)          # same shape; border cells (where the kernel would read
                                 # outside the input) are `cval` (default 0)

How: the kernel's source is rewritten once (``a[i, j]`` of a stencil argument becomes
``a[__i0 + i, __i1 + j]``) into a plain function ``__kernel(__i0, __i1, *args)``, and a
loop nest over the interior cells is generated for each output dtype and calling form
(the kernel's return type for the argument types, as Numba's). Both are ordinary Python
compiled by ferrojit like user code: called from Python, through a jitted caller; called
from ``@jit`` code, through ``@overload`` (the stencil becomes a loop nest in the caller,
the kernel inlined). The kernel's reach is inferred from its constant indices, or given by
``neighborhood=``; ``standard_indexing=`` names arguments indexed normally; ``cval=``;
``out=`` writes the interior of a given array (and ``cval``, when one was given, on its
border, as Numba; without one the border is left as it is). The loop over the first axis
is a ``prange``: its rows run on the thread pool in a ``parallel=True`` program.
"""

import ast
import inspect
import itertools
import linecache
import textwrap

from . import extending, types

_counter = itertools.count()


class StencilError(ValueError):
    pass


def _register_source(kind, name, source):
    """A file name for generated source, known to ``linecache`` (ferrojit compiles
    functions from their source)."""
    filename = f"<ferrojit {kind} {name} #{next(_counter)}>"
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    return filename


class _Relative(ast.NodeTransformer):
    """``a[i, j]`` of a stencil argument -> ``a[__i0 + i, __i1 + j]``; records the reach
    of constant indices per axis."""

    def __init__(self, arrays, ndim_hint, where):
        self.arrays = arrays
        self.reach = {}
        self.ndim = ndim_hint
        self.where = where
        self.nonconstant = False

    def visit_Subscript(self, node):
        self.generic_visit(node)
        if not (isinstance(node.value, ast.Name) and node.value.id in self.arrays):
            return node
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if self.ndim is None:
            self.ndim = len(items)
        elif len(items) != self.ndim:
            raise StencilError(f"{self.where}: `{ast.unparse(node)}` has {len(items)} relative indices; "
                               f"the stencil's other accesses have {self.ndim}")
        new = []
        for axis, it in enumerate(items):
            value = _constant_int(it)
            if value is None:
                self.nonconstant = True
            else:
                lo, hi = self.reach.get(axis, (0, 0))
                self.reach[axis] = (min(lo, value), max(hi, value))
            new.append(ast.BinOp(left=ast.Name(id=f"__i{axis}", ctx=ast.Load()), op=ast.Add(), right=it))
        node.slice = ast.Tuple(elts=new, ctx=ast.Load()) if len(new) > 1 else new[0]
        return node


def _constant_int(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _constant_int(node.operand)
        if v is not None:
            return -v if isinstance(node.op, ast.USub) else v
    return None


class StencilFunc:
    """What ``@stencil`` returns: call it on arrays (from Python or from ``@jit`` code)."""

    #: Called from ``@jit`` code inside an element-wise expression (``u + dt * lap(u)``),
    #: the compiler offers the expression (``crates/frontend/src/fusion.rs``): see _fused.
    _fusable = True

    def __init__(self, kernel, neighborhood=None, cval=None, standard_indexing=(), func_or_mode="constant", parallel=False):
        if func_or_mode != "constant":
            raise ValueError(f"stencil mode {func_or_mode!r} is not supported (only 'constant', as in Numba)")
        self.kernel = kernel
        self.parallel = bool(parallel)
        self.__name__ = kernel.__name__
        self.__doc__ = kernel.__doc__
        self.cval = cval
        self.standard_indexing = tuple(standard_indexing or ())
        code = kernel.__code__
        self.params = list(code.co_varnames[: code.co_argcount])
        for n in self.standard_indexing:
            if n not in self.params:
                raise StencilError(f"standard_indexing names `{n}`, which is not an argument of {self.__name__}")
        filename = code.co_filename
        where = f"{filename}:{code.co_firstlineno}"
        try:
            source = textwrap.dedent(inspect.getsource(kernel))
        except (OSError, TypeError) as e:
            raise StencilError(f"{self.__name__}: its source is not available ({e})") from None
        tree = ast.parse(source)
        fdef = tree.body[0]
        if not isinstance(fdef, ast.FunctionDef):
            raise StencilError(f"{where}: @stencil decorates a function defined with `def`")
        fdef.decorator_list = []
        # Relative-indexed arrays: every argument that is subscripted, minus standard ones.
        subscripted = {n.value.id for n in ast.walk(fdef) if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name)}
        self.relative = [p for p in self.params if p in subscripted and p not in self.standard_indexing]
        if not self.relative:
            raise StencilError(f"{where}: a stencil kernel indexes at least one of its arguments relatively (`a[-1, 0]`)")
        rewrite = _Relative(set(self.relative), len(neighborhood) if neighborhood else None, where)
        fdef = rewrite.visit(fdef)
        self.ndim = rewrite.ndim or 1
        if neighborhood is not None:
            if len(neighborhood) != self.ndim:
                raise StencilError(f"{where}: neighborhood has {len(neighborhood)} axes; the kernel indexes {self.ndim}")
            self.reach = [(int(lo), int(hi)) for lo, hi in neighborhood]
        else:
            if rewrite.nonconstant:
                raise StencilError(f"{where}: a relative index that is not a constant needs `neighborhood=` "
                                   "(the kernel's reach cannot be inferred)")
            self.reach = [rewrite.reach.get(ax, (0, 0)) for ax in range(self.ndim)]
        # A kernel that is one `return expr` is written into the loop nest itself: the
        # compiler then sees `a[__i0 + 1, __i1]` next to the loop over `__i0`, and proves
        # such indices in range (no bounds check, a vectorised interior).
        body = [st for st in fdef.body if not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant))]
        self._inline = None
        if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
            names = {n.id for n in ast.walk(body[0].value) if isinstance(n, ast.Name)}
            if "out" not in names:
                self._inline = ast.unparse(body[0].value)
        index_args = [ast.arg(arg=f"__i{ax}") for ax in range(self.ndim)]
        fdef.args.args = index_args + fdef.args.args
        fdef.name = "__kernel"
        ast.fix_missing_locations(tree)
        kernel_source = ast.unparse(fdef) + "\n"
        self._namespace = dict(kernel.__globals__)
        if kernel.__closure__:
            for name, cell in zip(kernel.__code__.co_freevars, kernel.__closure__):
                self._namespace[name] = cell.cell_contents
        import numpy as np  # (not at import: `import ferrojit` does not import NumPy)
        self._namespace["np"] = np
        from . import prange
        self._namespace["__prange"] = prange
        kfile = _register_source("stencil kernel", self.__name__, kernel_source)
        exec(compile(kernel_source, kfile, "exec"), self._namespace)
        self._kernel = self._namespace["__kernel"]
        from .decorators import njit
        self._kernel_jit = njit(self._kernel)
        self._impls = {}
        self._callers = {}
        extending.overload(self)(self._typer)

    # -- the loop nest -------------------------------------------------------------

    def _result_type(self, argtypes):
        idx = [types.int64] * self.ndim
        return self._kernel_jit._return_type(idx + list(argtypes))

    def _impl(self, argtypes, with_out):
        rt = self._result_type(argtypes)
        if rt.kind == "array" or rt.kind not in ("int", "float", "bool", "complex"):
            raise StencilError(f"stencil {self.__name__} returns {rt}; a stencil kernel returns a number")
        key = (str(rt), with_out)
        if key in self._impls:
            return self._impls[key]
        if not with_out:
            impl = self._impls[key] = self._nest(rt, "__v", (), set(), "bool_" if str(rt) == "bool" else str(rt))
            return impl
        params = ", ".join(self.params)
        call = ", ".join([f"__i{ax}" for ax in range(self.ndim)] + self.params)
        lines = [f"def __stencil({params}, out):"]
        if self.cval is not None:
            # a given `out` gets `cval` on its border when one was given (as Numba)
            ind = "    "
            for ax in range(self.ndim):
                lines.append(f"{ind}for __b{ax} in range(out.shape[{ax}]):")
                ind += "    "
            border = " or ".join(f"__b{ax} < {max(0, -lo)} or __b{ax} >= out.shape[{ax}] - {max(0, hi)}"
                                 for ax, (lo, hi) in enumerate(self.reach))
            lines.append(f"{ind}if {border}:")
            lines.append(f"{ind}    out[{', '.join(f'__b{ax}' for ax in range(self.ndim))}] = {self.cval!r}")
        # The outer loop is a `prange`: in a `parallel=True` program (a caller's, or the
        # stencil's own `parallel=True`) its rows run on the thread pool.
        first = self.relative[0]
        indent = "    "
        for ax, (lo, hi) in enumerate(self.reach):
            loop = "__prange" if ax == 0 else "range"
            lines.append(f"{indent}for __i{ax} in {loop}({max(0, -lo)}, {first}.shape[{ax}] - {max(0, hi)}):")
            indent += "    "
        target = ", ".join(f"__i{ax}" for ax in range(self.ndim))
        value = f"({self._inline})" if self._inline is not None else f"__kernel({call})"
        lines.append(f"{indent}out[{target}] = {value}")
        lines.append("    return out")
        impl = self._impls[key] = self._define("stencil", lines)
        return impl

    def _define(self, kind, lines):
        """The function ``__stencil`` of the generated source ``lines``."""
        source = "\n".join(lines) + "\n"
        filename = _register_source(kind, self.__name__, source)
        ns = self._namespace
        exec(compile(source, filename, "exec"), ns)
        return ns.pop("__stencil")

    def _typer(self, *args, out=None, _fuse_expr=None, _fuse_args=None):
        if len(args) != len(self.params):
            return None
        for name, t in zip(self.params, args):
            if name in self.relative and not (isinstance(t, types.Array) and t.ndim == self.ndim):
                raise StencilError(f"stencil {self.__name__}: argument `{name}` must be a {self.ndim}-d array, not {t}")
        if _fuse_expr is not None:
            return self._fused(args, _fuse_expr.literal_value, _fuse_args.types)
        return self._impl(args, out is not None and not isinstance(out, types.NoneType))

    # -- fused with the expression around the call ------------------------------------

    def _fused(self, argtypes, expr, optypes):
        """The stencil and the element-wise expression ``expr`` around it in one loop
        nest: ``expr`` reads the stencil's value as ``__v`` and its other operands as
        ``__f0, __f1, ...`` (types ``optypes``). Array operands of the stencil's number of
        dimensions are read at each cell (when the call runs with one of another shape,
        the expression is computed unfused, broadcast as NumPy does). None (the compiler
        lowers the expression as it is) for operands other than numbers and such arrays,
        and for expressions NumPy refuses. The module doc of crates/frontend/src/fusion.rs
        tells the rest."""
        if not all(t.kind in ("int", "float", "bool", "complex", "array") for t in optypes):
            return None
        rt = self._result_type(argtypes)
        if rt.kind not in ("int", "float", "bool", "complex"):
            return None
        key = ("fused", str(rt), expr, tuple(str(t) for t in optypes))
        if key in self._impls:
            return self._impls[key]
        cells = {k for k, t in enumerate(optypes) if t.kind == "array" and t.ndim == self.ndim}
        if any(t.kind == "array" and k not in cells for k, t in enumerate(optypes)):
            return None  # (another number of dimensions: broadcast, as NumPy, unfused)
        dtype = _expression_dtype(expr, self.ndim, rt, optypes)
        if dtype is None:
            return None
        # (unfused: the plain loop nest, called as a function; a call of the stencil
        # itself would look recursive to the compiler)
        plain = f"__stencil_plain_{str(rt)}"
        self._namespace[plain] = self._impl(argtypes, False)
        impl = self._impls[key] = self._nest(rt, expr, optypes, cells, dtype, plain)
        return impl

    def _nest(self, rt, expr, optypes, cells, dtype, plain=None):
        """The loop nest that writes ``expr`` of each cell's stencil value ``__v`` (and of
        operands ``__fK``, those in ``cells`` read at the cell; ``plain`` the unfused
        implementation, for operands of another shape) into a new array of ``dtype``:
        border slabs (``__v`` = cval) and the interior, each cell written once. The
        interior's outer loop is a `prange`: in a `parallel=True` program (a caller's, or
        the stencil's own `parallel=True`) its rows run on the thread pool."""
        first = self.relative[0]
        params = ", ".join(self.params)
        fused = plain is not None
        lines = [f"def __stencil({params}{', _fuse_expr, _fuse_args' if fused else ''}):"]
        if optypes:
            lines.append("    " + ", ".join(f"__f{k}" for k in range(len(optypes))) + ", = _fuse_args")
        if cells:
            differs = " or ".join(f"__f{k}.shape[{ax}] != {first}.shape[{ax}]" for k in sorted(cells) for ax in range(self.ndim))
            lines.append(f"    if {differs}:")
            lines.append("        return " + _substitute(expr, f"{plain}({params})", set(), None))
        scalar = "np.bool_" if str(rt) == "bool" else f"np.{rt}"
        cval = 0 if self.cval is None else self.cval
        lines.append(f"    __cv = {scalar}({cval!r})")
        lines.append(f"    out = np.empty({first}.shape, dtype=np.{dtype})")
        index = ", ".join(f"__i{ax}" for ax in range(self.ndim))
        call = ", ".join([f"__i{ax}" for ax in range(self.ndim)] + self.params)
        value = f"({self._inline})" if self._inline is not None else f"__kernel({call})"
        interior = [f"__v = {scalar}({value})", f"out[{index}] = " + _substitute(expr, "__v", cells, f"[{index}]")]

        def border(prefix, part):
            # a border slab as a slice of the row the loops are at (`out[__i0][:1] = ...`:
            # the row is in range by the loop's bounds, and slices clamp, so no check), the
            # expression over the operands' same slices and `__v` = cval
            where = (f"[{prefix}]" if prefix else "") + f"[{part}]"
            return f"out{where} = " + _substitute(expr, "__cv", cells, where)

        def nest(ax, indent):
            if ax == self.ndim:
                return [indent + ln for ln in interior]
            lo, hi = max(0, -self.reach[ax][0]), max(0, self.reach[ax][1])
            n = f"{first}.shape[{ax}]"
            loop = "__prange" if ax == 0 else "range"
            prefix = ", ".join(f"__i{a}" for a in range(ax))
            return ([indent + border(prefix, f":{lo}"), indent + border(prefix, f"max({lo}, {n} - {hi}):")]
                    + [f"{indent}for __i{ax} in {loop}({lo}, {n} - {hi}):"] + nest(ax + 1, indent + "    "))

        lines += nest(0, "    ")
        lines.append("    return out")
        return self._define("fused stencil" if fused else "stencil", lines)

    # -- called from Python ----------------------------------------------------------

    def __call__(self, *args, out=None):
        if len(args) != len(self.params):
            raise TypeError(f"{self.__name__}() takes {len(self.params)} arguments but {len(args)} were given")
        import numpy as np
        for name, a in zip(self.params, args):
            if name in self.relative and np.ndim(a) != self.ndim:
                raise StencilError(f"stencil {self.__name__}: argument `{name}` must be a {self.ndim}-d array, "
                                   f"not a {np.ndim(a)}-d one")
        key = (len(args), out is not None)
        caller = self._callers.get(key)
        if caller is None:
            names = [f"a{i}" for i in range(len(args))]
            extra = ", out" if out is not None else ""
            source = f"def __call({', '.join(names)}{extra}):\n    return __sf({', '.join(names)}{', out=out' if out is not None else ''})\n"
            filename = _register_source("stencil call", self.__name__, source)
            ns = {"__sf": self}
            exec(compile(source, filename, "exec"), ns)
            from .decorators import njit
            caller = self._callers[key] = njit(parallel=self.parallel)(ns["__call"])
        return caller(*args, out) if out is not None else caller(*args)

    def __repr__(self):
        return f"<ferrojit.stencil {self.__name__}>"


def _substitute(expr, value, cells, index):
    """``expr`` with ``__v`` as ``value`` and the operands numbered in ``cells`` read at
    ``index`` (the text of a subscript, ``[__i0, __i1]``, or of several, ``[__i0][:1]``)."""
    class Sub(ast.NodeTransformer):
        def visit_Name(self, node):
            if node.id == "__v":
                return ast.parse(value, mode="eval").body
            if node.id.startswith("__f") and int(node.id[3:]) in cells:
                return ast.parse(f"{node.id}{index}", mode="eval").body
            return node
    return ast.unparse(Sub().visit(ast.parse(expr, mode="eval")))


def _expression_dtype(expr, ndim, rt, optypes):
    """The dtype NumPy gives ``expr`` over arrays of these types (Python's scalars as
    weak ones: NEP 50), by evaluating it on empty arrays; None when that fails."""
    import numpy as np

    def sample(t, x):
        name = str(t.dtype if t.kind == "array" else t)
        if t.kind == "array":
            return np.empty((0,) * t.ndim, dtype=name)
        weak = {"int64": int(x), "float64": x, "complex128": complex(x), "bool": bool(x)}
        return weak[name] if name in weak else np.dtype(name).type(x)

    code = compile(expr, "<fused stencil>", "eval")
    found = set()
    # Scalar values of both signs: a part of only scalars may divide by zero with one
    # choice of them; one whose type depends on the values (CPython's `x ** 0.5` is
    # complex for a negative float) has no one dtype, and stays unfused. Each operand
    # takes another multiple of x, and x is not always integral, so that `-s + k` or
    # `s % 0.5` is not zero for every choice.
    for x in (1.0, 3.0, -1.0, -3.0, 0.3, -1.7):
        env = {"__v": np.empty((0,) * ndim, dtype=str(rt))}
        env.update({f"__f{k}": sample(t, x * (1.0 + 1.5 * k)) for k, t in enumerate(optypes)})
        try:
            with np.errstate(all="ignore"):
                found.add(getattr(eval(code, {}, env), "dtype", None))
        except Exception:  # noqa: BLE001 - an expression NumPy refuses stays unfused
            continue
    if len(found) != 1:
        return None
    dt = found.pop()
    if dt is None or dt.kind not in "biufc" or dt == np.float16:
        return None
    return "bool_" if dt == np.bool_ else dt.name


def stencil(func_or_mode="constant", **options):
    """Numba's ``stencil``: ``@stencil``, ``@stencil(neighborhood=((-1, 1), (-2, 2)))``,
    ``@stencil(cval=1.0, standard_indexing=("w",))``; ``parallel=True`` runs the rows of a
    call from Python on the thread pool (called from ``@jit(parallel=True)`` code, they
    run there anyway)."""
    if callable(func_or_mode):
        return StencilFunc(func_or_mode, **options)

    def wrap(func):
        return StencilFunc(func, func_or_mode=func_or_mode, **options)

    return wrap
