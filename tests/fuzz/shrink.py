"""Shrink a mismatching program to a small reproducer.

Greedy and type-agnostic: candidates are made by deleting a statement or a helper
function, replacing a compound statement by one of its bodies, an expression by one of
its sub-expressions or by a small constant, dropping a parameter (with its argument),
dropping elements of a returned tuple, and simplifying the arguments (scalars to 0/1,
array layouts to C). A candidate is kept when it still shows the same kind of mismatch
(and the same exception types). Candidates that no longer type-check are rejected by
ferrojit itself (TypingError) or by the oracle (NameError, ...).

Loop counters (``_kN``) and the ``% n`` that keeps indices in bounds are never
simplified away, so a candidate cannot loop forever or index out of bounds.
"""

import ast
import copy
import re
import time

from . import harness


def normalize_sig(detail):
    line = detail.split("\n")[0]
    return re.sub(r"-?\d+(\.\d+)?(e[-+]?\d+)?", "#", line)[:160]


def _names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _has_counter(node):
    return any(n.startswith("_k") for n in _names(node))


def _is_bound_mod(node):
    """``e % a.shape[k]`` / ``e % len(a)`` / anything inside ``range(...)``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        r = node.right
        if isinstance(r, ast.Subscript) and isinstance(r.value, ast.Attribute) \
                and r.value.attr == "shape":
            return True
        if isinstance(r, ast.Call) and isinstance(r.func, ast.Name) and r.func.id == "len":
            return True
    return False


def _protected_exprs(tree):
    """Expression nodes that must not be replaced (ids)."""
    prot = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "range":
            for a in node.args:
                prot |= {id(n) for n in ast.walk(a)}
        if _is_bound_mod(node):
            prot.add(id(node))
            prot |= {id(n) for n in ast.walk(node.right)}
        if isinstance(node, ast.While):
            # `_k < K` must stay
            prot |= {id(n) for n in ast.walk(node.test) if _has_counter(n)}
    return prot


def _stmt_lists(tree):
    """Every (owner, field) holding a statement list."""
    for node in ast.walk(tree):
        for fld in ("body", "orelse", "finalbody"):
            lst = getattr(node, fld, None)
            if isinstance(lst, list) and lst and isinstance(lst[0], ast.stmt):
                yield node, fld


def _expr_slots(tree):
    """(parent, field, index-or-None, node) for every expression in the tree."""
    for parent in ast.walk(tree):
        for fld, val in ast.iter_fields(parent):
            if isinstance(val, ast.expr):
                yield parent, fld, None, val
            elif isinstance(val, list):
                for i, v in enumerate(val):
                    if isinstance(v, ast.expr):
                        yield parent, fld, i, v


SIMPLE_CONSTS = [ast.Constant(0), ast.Constant(1), ast.Constant(0.0), ast.Constant(1.0),
                 ast.Constant(True), ast.Constant(False)]
#: also tried in programs with complex numbers
COMPLEX_CONSTS = [ast.Constant(0j), ast.Constant(1j)]


def _has_complex(tree):
    return any(isinstance(n, ast.Constant) and isinstance(n.value, complex)
               or isinstance(n, ast.Name) and n.id in ("complex", "cmath")
               for n in ast.walk(tree))


def candidates(source, inputs):
    """Smaller (source, inputs) variants, most promising first."""
    tree = ast.parse(source)
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    # 1. drop helper functions
    for k, n in enumerate(tree.body):
        if isinstance(n, ast.FunctionDef) and n.name != "f":
            t = copy.deepcopy(tree)
            del t.body[k]
            yield ast.unparse(t), inputs
    # 2. drop parameters of f (with the argument)
    f = next((n for n in funcs if n.name == "f"), None)
    if f is not None:
        fi = tree.body.index(f)
        for k in range(len(f.args.args)):
            t = copy.deepcopy(tree)
            del t.body[fi].args.args[k]
            yield ast.unparse(t), [inp[:k] + inp[k + 1:] for inp in inputs]
    # 3. statements: delete, or replace a compound statement by a body
    lists = list(_stmt_lists(tree))
    for li, (owner, fld) in enumerate(lists):
        stmts = getattr(owner, fld)
        for k in range(len(stmts)):
            st = stmts[k]
            if isinstance(st, ast.FunctionDef):
                continue
            is_last_return = isinstance(st, ast.Return) and owner is f and fld == "body" \
                and k == len(stmts) - 1
            replacements = []
            if not is_last_return and not (isinstance(st, ast.AugAssign) and _has_counter(st)):
                replacements.append([])
            if isinstance(st, (ast.If, ast.For, ast.While)):
                replacements.append(st.body)
                if st.orelse:
                    replacements.append(st.orelse)
            if isinstance(st, ast.Try):
                # a try statement by its body (and its finally), or without a part
                replacements.append(st.body + st.finalbody)
                if st.handlers and (len(st.handlers) > 1 or st.finalbody):
                    for h in range(len(st.handlers)):
                        t2 = copy.deepcopy(st)
                        del t2.handlers[h]
                        if not t2.handlers:
                            t2.orelse = []
                        replacements.append([t2])
                if st.orelse or (st.finalbody and st.handlers):
                    t2 = copy.deepcopy(st)
                    if st.orelse:
                        t2.orelse = []
                    else:
                        t2.finalbody = []
                    replacements.append([t2])
            if isinstance(st, ast.Return) and isinstance(st.value, ast.Tuple):
                for e in st.value.elts:
                    replacements.append([ast.Return(value=e)])
            for rep in replacements:
                t = copy.deepcopy(tree)
                towner, tfld = list(_stmt_lists(t))[li]
                tl = getattr(towner, tfld)
                new = tl[:k] + copy.deepcopy(rep) + tl[k + 1:]
                if not new:
                    new = [ast.Pass()]
                setattr(towner, tfld, new)
                yield ast.unparse(t), inputs
    # 4. expressions: by a sub-expression, or by a constant
    prot = _protected_exprs(tree)
    consts = SIMPLE_CONSTS + (COMPLEX_CONSTS if _has_complex(tree) else [])
    slots = list(_expr_slots(tree))
    for si, (parent, fld, idx, node) in enumerate(slots):
        if id(node) in prot or isinstance(node, (ast.Constant, ast.Name)):
            continue
        if isinstance(parent, ast.Subscript) and fld == "slice":
            continue
        if isinstance(node, (ast.Slice, ast.Starred)) or isinstance(
                getattr(node, "ctx", None), ast.Store):
            continue
        counter = _has_counter(node)
        reps = []
        conversion = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id in ("int", "float")
        for child in ([] if conversion else ast.iter_child_nodes(node)):
            if isinstance(child, ast.expr) and not isinstance(child, ast.Slice) \
                    and (not counter or _has_counter(child)):
                reps.append(child)
        if not counter:
            reps += consts
        for rep in reps:
            t = copy.deepcopy(tree)
            tparent, tfld, tidx, _ = list(_expr_slots(t))[si]
            r = copy.deepcopy(rep)
            if tidx is None:
                setattr(tparent, tfld, r)
            else:
                getattr(tparent, tfld)[tidx] = r
            try:
                yield ast.unparse(t), inputs
            except Exception:  # noqa: BLE001
                continue
    # 5. arguments
    for pos in range(len(inputs[0]) if inputs else 0):
        v = inputs[0][pos]
        if isinstance(v, dict) and "func" in v:
            # a function argument (gen.Fn): abs instead, if it has the type
            if v != {"func": "abs"}:
                yield source, [inp[:pos] + [{"func": "abs"}] + inp[pos + 1:] for inp in inputs]
        elif isinstance(v, dict) and "complex" in v:
            # a complex argument (gen.rand_complex): parts to 0.0 / 1.0
            for j in (0, 1):
                for s in (0.0, 1.0):
                    parts = list(v["complex"])
                    if repr(float(parts[j])) != repr(s):
                        parts[j] = s
                        nv = {"complex": parts}
                        yield source, [inp[:pos] + [nv] + inp[pos + 1:] for inp in inputs]
        elif isinstance(v, dict):
            if v["layout"] != "C":
                nv = dict(v, layout="C")
                yield source, [inp[:pos] + [nv] + inp[pos + 1:] for inp in inputs]
            for j, x in enumerate(v["values"]):
                for s in (0, 1):
                    if x != s or isinstance(x, float) and x != x:
                        vals = list(v["values"])
                        vals[j] = s if not isinstance(x, bool) else bool(s)
                        nv = dict(v, values=vals)
                        yield source, [inp[:pos] + [nv] + inp[pos + 1:] for inp in inputs]
        elif isinstance(v, list):
            # a list argument (gen "lists" programs): an item fewer (never empty: an
            # empty list cannot be passed), items 0/1 of their type
            for j in range(len(v)):
                if len(v) > 1:
                    nv = v[:j] + v[j + 1:]
                    yield source, [inp[:pos] + [nv] + inp[pos + 1:] for inp in inputs]
            for j, x in enumerate(v):
                for s in ([False] if isinstance(x, bool) else [0.0, 1.0] if isinstance(x, float)
                          else [0, 1] if isinstance(x, int) else ["", "a"] if isinstance(x, str)
                          else []):
                    if type(s) is type(x) and repr(s) != repr(x):
                        nv = list(v)
                        nv[j] = s
                        yield source, [inp[:pos] + [nv] + inp[pos + 1:] for inp in inputs]
        elif isinstance(v, str):
            # a str argument (gen "strings" programs)
            for s in ("", "a"):
                if s != v and len(s) < len(v):
                    yield source, [inp[:pos] + [s] + inp[pos + 1:] for inp in inputs]
        else:
            for s in ([False] if isinstance(v, bool) else
                      [0.0, 1.0, 0.5, 2.0] if isinstance(v, float) else [0, 1, 2]):
                if type(s) is type(v) and repr(s) != repr(v):
                    yield source, [inp[:pos] + [s] + inp[pos + 1:] for inp in inputs]


def same_failure(kind, sig, r):
    if r.get("status") != "mismatch" or r.get("kind") != kind:
        return False
    if kind in ("exc-type", "exc-message", "ice", "py-raised", "jit-raised"):
        def excs(s):
            return re.findall(r"[A-Z][A-Za-z]*(?:Error|Exception)", s)
        return excs(normalize_sig(r["detail"])) == excs(sig)
    return True


def _check_subprocess(source, inputs, options, ulps, repeat=20, tolerate=()):
    from .driver import check_case
    return check_case(source, inputs, options, ulps, repeat=repeat, tolerate=tolerate, timeout=60)


def shrink(source, inputs, options, ulps, kind, sig="", budget_s=90, max_evals=600,
           tolerate=()):
    """Greedy shrinking; returns (source, inputs) of the smallest variant found."""
    from .worker import evaluate
    crashy = kind in ("crash", "timeout")
    sig = normalize_sig(sig) if sig else ""

    def test(src, inps):
        if crashy:
            r = _check_subprocess(src, inps, options, ulps, tolerate=tolerate)
        else:
            r = evaluate(src, inps, options, ulps, tolerate)
        return same_failure(kind, sig, r)

    t0 = time.time()
    evals = 0
    source = ast.unparse(ast.parse(source))
    progress = True
    while progress and time.time() - t0 < budget_s and evals < max_evals:
        progress = False
        for src, inps in candidates(source, inputs):
            if time.time() - t0 > budget_s or evals >= max_evals:
                break
            if len(src) > len(source) or (src == source and inps == inputs):
                continue
            evals += 1
            if test(src, inps):
                source, inputs = src, inps
                progress = True
                break
    return source, inputs
