"""python/ferrojit/_native.pyi matches the built native module: the same public names,
the same methods and properties on each class, the same parameters (from the text
signatures pyo3 gives each function)."""

import ast
import inspect
import os

import ferrojit._native as native

STUB = os.path.join(os.path.dirname(native.__file__), "_native.pyi")


def stub_tree():
    with open(STUB) as fh:
        return ast.parse(fh.read())


def params(args):
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    if args.vararg:
        names.append("*" + args.vararg.arg)
    if args.kwarg:
        names.append("**" + args.kwarg.arg)
    return [n for n in names if n != "self"]


def runtime_params(obj):
    text = getattr(obj, "__text_signature__", None)
    if text is None:
        return None
    text = text.replace("$self, ", "").replace("$self", "").replace("$type, ", "").replace(", /", "").replace("/, ", "")
    sig = inspect.Signature.from_callable(eval(f"lambda {text[1:-1]}: None"))  # noqa: S307 - pyo3's own text
    out = []
    for p in sig.parameters.values():
        prefix = "*" if p.kind is p.VAR_POSITIONAL else "**" if p.kind is p.VAR_KEYWORD else ""
        out.append(prefix + p.name)
    return out


def public(names):
    return {n for n in names if not n.startswith("__")}


def test_module_names_match():
    tree = stub_tree()
    declared = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            declared.add(node.name)
        elif isinstance(node, ast.AnnAssign):
            declared.add(node.target.id)
    assert public(declared) == public(dir(native)), (
        f"missing from the stub: {public(dir(native)) - declared}; "
        f"not in the module: {public(declared) - set(dir(native))}")


def test_functions_and_methods_match():
    for node in stub_tree().body:
        if isinstance(node, ast.FunctionDef):
            got = runtime_params(getattr(native, node.name))
            assert got == params(node.args), node.name
        if isinstance(node, ast.ClassDef):
            cls = getattr(native, node.name)
            members = {m.name: m for m in node.body if isinstance(m, ast.FunctionDef)}
            runtime = {k for k in vars(cls) if not k.startswith("__") or k == "__call__"}
            declared = {k for k in members if not k.startswith("__") or k == "__call__"}
            assert declared == runtime, (node.name, declared ^ runtime)
            for name, m in members.items():
                if name == "__init__":
                    got = runtime_params(cls)
                    if got is not None:
                        assert got == params(m.args), (node.name, name)
                elif not any(isinstance(d, ast.Name) and d.id == "property" for d in m.decorator_list):
                    got = runtime_params(getattr(cls, name))
                    if got is not None and name != "__call__":
                        assert got == params(m.args), (node.name, name)
