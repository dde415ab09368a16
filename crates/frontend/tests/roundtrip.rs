//! The typed IR's text form reads back: for what the frontend produces from many
//! snippets (before and after its rewrites), `print(parse(print(p))) == print(p)`, the
//! parsed program verifies, and it equals the original up to what the text does not hold
//! (variable numbering, spans beyond the statement's line, file name).

use ferrojit_frontend::program::{compile_unoptimized, Declared};
use ferrojit_frontend::testing::MockResolver;
use ferrojit_frontend::{compile, ArgType};
use std::collections::BTreeSet;
use ferrojit_ir::{
    parse_program, print_program, verify, ArrayType, CodegenOptions, DType, ErrorModel, Expr, FloatKind, IntKind, Layout, Program,
    SliceItem, Span, Stmt, StmtKind, Type, VarId, FLOAT64, INT64,
};

fn array(dtype: DType, ndim: u8, layout: Layout) -> Type {
    Type::Array(ArrayType::new(dtype, ndim, layout))
}
const F8: DType = DType::Float(FloatKind::F64);
fn f8(ndim: u8) -> Type {
    array(F8, ndim, Layout::C)
}

/// Spans as the text keeps them, variables numbered as the parser numbers them.
fn canonical(p: &Program) -> Program {
    let mut p = p.clone();
    p.notes.clear(); // (what the frontend tells the user: not part of the IR text)
    for f in &mut p.functions {
        let order: Vec<VarId> = f.params.iter().copied().chain((0..f.vars.len()).filter(|v| !f.params.contains(v))).collect();
        let mut ids = vec![0; f.vars.len()];
        for (new, &old) in order.iter().enumerate() {
            ids[old] = new;
        }
        f.vars = order.iter().map(|&v| f.vars[v].clone()).collect();
        f.params = (0..f.params.len()).collect();
        f.filename.clear();
        f.span = Span::default();
        for s in &mut f.body {
            canonical_stmt(s, &ids);
        }
    }
    p
}

fn canonical_stmt(s: &mut Stmt, ids: &[VarId]) {
    s.span = match s.kind {
        StmtKind::Break | StmtKind::Continue => Span::default(),
        _ => Span::new(s.span.line, 0, s.span.line, 0),
    };
    let span = s.span;
    let (exprs, blocks): (Vec<&mut Expr>, Vec<&mut Vec<Stmt>>) = match &mut s.kind {
        StmtKind::Assign { var, value } => {
            *var = ids[*var];
            (vec![value], vec![])
        }
        StmtKind::If { cond, then_body, else_body } => (vec![cond], vec![then_body, else_body]),
        StmtKind::While { cond, body } => (vec![cond], vec![body]),
        StmtKind::ForRange { var, start, stop, step, body } => {
            *var = ids[*var];
            (vec![start, stop, step], vec![body])
        }
        StmtKind::Break | StmtKind::Continue | StmtKind::Raise { .. } => (vec![], vec![]),
        StmtKind::Return(e) | StmtKind::Expr(e) | StmtKind::Del(e) => (vec![e], vec![]),
        StmtKind::Store { array, indices, value } => (std::iter::once(array).chain(indices.iter_mut()).chain([value]).collect(), vec![]),
        StmtKind::StoreView { target, value } => (vec![target, value], vec![]),
        StmtKind::PtrStore { ptr, index, value } => (vec![ptr, index, value], vec![]),
        StmtKind::Try { body, handlers, orelse, finalbody } => {
            (vec![], std::iter::once(body).chain(handlers.iter_mut().map(|h| &mut h.body)).chain([orelse, finalbody]).collect())
        }
    };
    for e in exprs {
        canonical_expr(e, ids, span);
    }
    for b in blocks {
        for s in b {
            canonical_stmt(s, ids);
        }
    }
}

fn canonical_expr(e: &mut Expr, ids: &[VarId], span: Span) {
    e.span = span;
    match &mut e.kind {
        ferrojit_ir::ExprKind::Var(v) | ferrojit_ir::ExprKind::Let { var: v, .. } => *v = ids[*v],
        _ => {}
    }
    for c in e.children_mut() {
        canonical_expr(c, ids, span);
    }
}

thread_local! {
    /// The expression kinds the programs checked so far hold.
    static SEEN: std::cell::RefCell<BTreeSet<String>> = const { std::cell::RefCell::new(BTreeSet::new()) };
}

fn check_roundtrip(what: &str, p: &Program) {
    for f in &p.functions {
        ferrojit_ir::walk_block(&f.body, &mut |e| {
            let kind = format!("{:?}", e.kind);
            let name = kind.split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default().to_string();
            SEEN.with(|s| s.borrow_mut().insert(name));
        });
    }
    let text = print_program(p);
    let q = parse_program(&text).unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
    assert_eq!(print_program(&q), text, "{what}: printed again differently");
    if let Err(e) = verify(&q) {
        panic!("{what}: the parsed program does not verify: {e}\n{text}");
    }
    let (want, got) = (canonical(p), canonical(&q));
    for (a, b) in want.functions.iter().zip(&got.functions) {
        assert_eq!(a.vars, b.vars, "{what}: variables of {}", a.symbol);
        for (x, y) in a.body.iter().zip(&b.body) {
            assert_eq!(x, y, "{what}: a statement of {} differs\n{text}", a.symbol);
        }
    }
    assert_eq!(want, got, "{what}: the parsed program differs\n{text}");
}

fn case(sources: &[(&'static str, &'static str)], args: &[Type], options: CodegenOptions) {
    let r = MockResolver::new(sources);
    let args: Vec<ArgType> = args.iter().cloned().map(ArgType::Known).collect();
    let name = sources[0].1.lines().next().unwrap_or_default();
    let raw = compile_unoptimized(&r, 0, &args, &Declared::default(), options).unwrap_or_else(|e| panic!("{name}: {e}"));
    check_roundtrip(&format!("{name} (unoptimised)"), &raw);
    let optimized = compile(&r, 0, &args, &Declared::default(), options).unwrap_or_else(|e| panic!("{name}: {e}"));
    check_roundtrip(name, &optimized);
}

fn one(src: &'static str, args: &[Type]) {
    case(&[("f", src)], args, CodegenOptions::default());
}

fn scalar_code() {
    let i32t = Type::Int(IntKind::I32);
    let u8t = Type::Int(IntKind::U8);
    let f4 = Type::Float(FloatKind::F32);
    one("def f(n):\n    a, b = 1, 1\n    for i in range(n):\n        a, b = a + b, a\n    return a\n", &[INT64]);
    one("def f(n):\n    s = 0\n    for i in range(1, n):\n        s += 1 / i\n    return s\n", &[INT64]);
    one("def f(x):\n    x = x / 2\n    return x\n", &[INT64]);
    one("def f(x, q):\n    return 0.8 < x / q < 1.2\n", &[FLOAT64, FLOAT64]);
    one("def f(a, b):\n    return a or b, a and b, not a\n", &[INT64, FLOAT64]);
    one("def f(x):\n    return math.floor(x), math.sqrt(abs(x)), max(1, x, 2), round(x), math.pi\n", &[FLOAT64]);
    one("def f(a, b):\n    return a & b, a | b, a ^ b, a << 2, a >> 1, ~a, -a, a ** 2, a // b, a % b\n", &[INT64, INT64]);
    one("def f(x, y):\n    return x // y, x % y, x ** y, abs(x), -x, min(x, y), int(x), float(3), bool(x)\n", &[FLOAT64, FLOAT64]);
    one("def f(a, b, c):\n    return a + b, b * 2, c * 2, a == b, c > 0.5, math.isnan(c), math.atan2(c, 1.0)\n", &[i32t, u8t, f4]);
    one("def f(x):\n    s = 1e300 * 10\n    t = -0.0\n    return s, t, 1e-7, -9223372036854775807 - 1\n", &[FLOAT64]);
    // complex numbers, values that may be None, try/except
    one("def f(x):\n    z = complex(x, 2.0)\n    w = z * z + 1j\n    return w.real, w.imag, abs(w), w == z, -w, w.conjugate(), cmath.exp(w), cmath.phase(z)\n", &[FLOAT64]);
    one("def f(x):\n    r = None\n    if x > 0:\n        r = x\n    if r is None:\n        return None\n    return r + 1\n", &[INT64]);
    one("def f(x):\n    try:\n        r = 1 // x\n    except ZeroDivisionError:\n        r = 0\n    except (ValueError, IndexError):\n        r = 1\n    else:\n        r += 1\n    finally:\n        r += 2\n    return r\n", &[INT64]);
}

fn control_flow() {
    one("def f(n):\n    i = 0\n    while True:\n        i += 1\n        if i % 2 == 0:\n            continue\n        if i > n:\n            break\n    return i\n", &[INT64]);
    one("def f(n):\n    for i in range(n):\n        for j in range(i):\n            if j == 2:\n                break\n        else:\n            continue\n        break\n    else:\n        return -1\n    return i\n", &[INT64]);
    one("def f(n):\n    i = 0\n    while i < n:\n        if i == 3:\n            break\n        i += 1\n    else:\n        i = -1\n    return i\n", &[INT64]);
    one("def f(n):\n    s = 0\n    for i in range(n, 0, -2):\n        s += i\n    return s\n", &[INT64]);
    one("def f(n):\n    if n > 0:\n        return m\n    m = 1\n    return m\n", &[INT64]);
    one("def f(n):\n    if n > 0:\n        y = 1\n    else:\n        y = 2.5\n    return y\n", &[INT64]);
    one("def f(n):\n    if n > 0:\n        v = n\n    w = v + 1\n    v = (n, 1.5)\n    return v, w\n", &[INT64]);
}

fn guards_and_raises() {
    one("def f(x):\n    assert x > 0, \"positive\"\n    if x > 10:\n        raise ValueError(\"too \\\"big\\\"\\n\")\n    return x\n", &[INT64]);
    one("def f(x, y):\n    return x // y + math.log(float(x))\n", &[INT64, INT64]);
    one("def f(a, x):\n    return a + x\n", &[array(DType::Int(IntKind::U8), 1, Layout::C), INT64]);
    one("def f(a, x):\n    a[0] = x\n    return a * 3\n", &[array(DType::Int(IntKind::I8), 1, Layout::C), INT64]);
    one("def f(x):\n    print(\"x =\", x, None, sep=\", \", end=\"!\\n\")\n    print()\n    return x\n", &[INT64]);
    one("def f(x):\n    if x < 0:\n        raise ValueError(f\"x = {x:+d} < {0}, {'t'!r}\")\n    return x\n", &[INT64]);
}

fn tuples_and_calls() {
    one("def f(x):\n    t = (x, K * SCALE)\n    a, b = t\n    return PAIR[1] + b, t[0]\n", &[INT64]);
    one("def f(n):\n    if n < 2:\n        return n\n    return f(n - 1) + f(n - 2)\n", &[INT64]);
    one("def f(n):\n    return 1 if n < 2 else f(n - 1) + f(n - 2)\n", &[INT64]);
    case(
        &[
            ("f", "def f(x, y):\n    a = g(x, y)\n    b = g(y, x)\n    c = h(x)\n    return a + b + c[0], c\n"),
            ("g", "def g(a, b):\n    t = a * 2.0\n    return t - b\n"),
            ("h", "def h(x):\n    return (x, 1)\n"),
        ],
        &[FLOAT64, FLOAT64],
        CodegenOptions::default(),
    );
    case(
        &[("f", "def f(z):\n    num = np.exp(z)\n    s = num / esum(z)\n    return s\n"), ("esum", "def esum(z):\n    return np.sum(np.exp(z))\n")],
        &[f8(1)],
        CodegenOptions::default(),
    );
    case(
        &[
            ("f", "def f(n, x):\n    s = 0.0\n    for i in range(n):\n        s += leaf(n, x) + pair(x, 1.0)[1]\n    return s\n"),
            ("leaf", "def leaf(n, x):\n    s = x\n    for i in range(n):\n        s = s * 0.5 + i\n    return s\n"),
            ("pair", "def pair(x, y):\n    t = x * 2\n    return t, y - t\n"),
        ],
        &[INT64, FLOAT64],
        CodegenOptions::default(),
    );
}

fn arrays() {
    one("def f(x, n):\n    s = 0.0\n    for i in range(x.shape[0]):\n        s += x[i]\n    y = x * 2.0\n    return s + y[0] + len(x)\n", &[f8(1), INT64]);
    one("def f(a):\n    for i in range(a.shape[0]):\n        for j in range(a.shape[1]):\n            a[i, j] = i + j\n    return a.size, a.strides, a[-1, -1]\n", &[f8(2)]);
    one("def f(n, a):\n    z = np.zeros(n)\n    s = np.sqrt(a) + z[0]\n    m = np.max(s)\n    i = np.arange(n)\n    r = np.where(s > m, s, np.float32(0))\n    return r, i, m\n", &[INT64, f8(1)]);
    one("def f(n, m):\n    a = np.ones((n, m))\n    b = np.empty(n)\n    c = np.arange(0.5, 3.5, 0.5)\n    b.fill(2.0)\n    return a, b, c\n", &[INT64, INT64]);
    one("def f(a):\n    b = a[1:-1]\n    c = a[::2]\n    d = a[:, None]\n    b[0] = 1.0\n    a[1:3] = 0.0\n    a[:] = c[0]\n    return b, c, d\n", &[f8(1)]);
    one("def f(a, i):\n    r = a[i]\n    c = a[:, i]\n    t = a.T\n    v = a.reshape(-1)\n    w = a.copy()\n    return r, c, t, v, w, a[i][0]\n", &[f8(2), INT64]);
    one("def f(a):\n    return np.sort(a), np.cumsum(a), a.sum(), a.mean(), a.std(), np.argmax(a), np.any(a > 0), a.min()\n", &[f8(1)]);
    one("def f(a):\n    return a.sum(axis=0), np.max(a, axis=1), np.cumsum(a, axis=1)\n", &[f8(2)]);
    one("def f(a, b):\n    c = a * 2 + b\n    d = np.exp(-c) / (1.0 + np.abs(c))\n    return np.sum(d * d), c > b, np.minimum(a, b)\n", &[f8(1), f8(1)]);
    one("def f(xs):\n    return np.sqrt(((xs[:,None,:] - xs)**2).sum(-1))\n", &[f8(2)]);
    one("def f(a, b):\n    return a + b, a.T, a.sum()\n", &[array(F8, 2, Layout::F), array(F8, 2, Layout::A)]);
    one("def f(a):\n    return a.sum(), a[0]\n", &[Type::Array(ArrayType { readonly: true, ..ArrayType::new(F8, 1, Layout::C) })]);
    one("def f(a, b):\n    return np.sum(a), a & b, a + 1, np.sum(b)\n", &[array(DType::Int(IntKind::I64), 1, Layout::C), array(DType::Bool, 1, Layout::C)]);
    one(
        "def f(num, z):\n    num = np.exp(z)\n    s = num / np.sum(num)\n    keep = s\n    t = keep + 1.0\n    return t\n",
        &[f8(1), f8(1)],
    );
}

fn hoisted_gathers() {
    case(
        &[
            (
                "f",
                "def f(a, limit):\n    best = 1e300\n    for y2 in range(a.shape[1]):\n        for x2 in range(a.shape[2]):\n            for y1 in range(y2):\n                for x1 in range(x2):\n                    if (y2 - y1) + (x2 - x1) < limit:\n                        t = feature(a, y1, x1, y2, x2)\n                        s = np.sum(t * t)\n                        if s < best:\n                            best = s\n    return best\n",
            ),
            ("feature", "def feature(a, y1, x1, y2, x2):\n    r = a[:, y2, x2] + a[:, y1, x1] - a[:, y1, x2] - a[:, y2, x1]\n    r /= np.sqrt(np.sum(r * r)) + 1.0\n    return r\n"),
        ],
        &[f8(3), INT64],
        CodegenOptions::default(),
    );
}

fn pointers_and_options() {
    one(
        "def f(p, n):\n    s = 0.0\n    for i in range(n):\n        s += p[i]\n    p[0] = s\n    return s\n",
        &[Type::Pointer(Some(F8)), INT64],
    );
    let options = CodegenOptions { fastmath: ferrojit_ir::FastMath::ALL, error_model: ErrorModel::Numpy, boundscheck: true, parallel: true };
    case(&[("f", "def f(x, a):\n    return math.log(x) / x, a[0] / x\n")], &[FLOAT64, f8(1)], options);
    // an outlined `prange` loop (`parallel=True`)
    let parallel = CodegenOptions { parallel: true, ..CodegenOptions::default() };
    case(&[("f", "def f(a, k):\n    for i in prange(1, a.shape[0], 2):\n        t = a[i] * k\n        a[i] = t\n    return a\n")], &[f8(1), FLOAT64], parallel);
    case(&[("f", "def f(a):\n    s = 0.0\n    m = a[0]\n    for i in prange(a.shape[0]):\n        s += a[i]\n    for i in prange(a.shape[0]):\n        m = min(m, a[i])\n    return s, m\n")], &[f8(1)], parallel);
}

fn slice_items_read_back() {
    // Every slice item form, including steps and new axes, in one program.
    let r = MockResolver::new(&[("f", "def f(a, i):\n    return a[i:, ::-1, None], a[:i:2, 0, :]\n")]);
    let p = compile(&r, 0, &[ArgType::Known(f8(3)), ArgType::Known(INT64)], &Declared::default(), CodegenOptions::default()).expect("must succeed");
    let mut kinds = 0;
    ferrojit_ir::walk_block(&p.functions[0].body, &mut |e| {
        if let ferrojit_ir::ExprKind::Slice { items, .. } = &e.kind {
            kinds += items.iter().filter(|i| matches!(i, SliceItem::NewAxis | SliceItem::Range { step: Some(_), .. })).count();
        }
    });
    assert!(kinds >= 2);
    check_roundtrip("slices", &p);
}

#[test]
fn frontend_output_reads_back() {
    scalar_code();
    control_flow();
    guards_and_raises();
    tuples_and_calls();
    arrays();
    hoisted_gathers();
    pointers_and_options();
    slice_items_read_back();
    // The snippets reach (almost) every expression kind; the rest (`CArray`, `ConstArray`:
    // not in the mock resolver) are in the parser's own tests.
    let seen = SEEN.with(|s| s.borrow().clone());
    let missing: Vec<&str> = [
        "Const", "Var", "Cast", "Truth", "Unary", "Binary", "Compare", "And", "Or", "IfExp", "Let", "Call", "Math", "Round",
        "MinMax", "Tuple", "TupleGet", "Index", "View", "ArrayAttr", "NewArray", "Arange", "CopyArray", "Fill", "Reduce",
        "Slice", "Map", "Input", "Transpose", "Reshape", "Scan", "Sort", "PtrIndex", "NumpySemantics", "Guard", "Print", "RaiseFormat", "ParallelFor",
    ]
    .into_iter()
    .filter(|k| !seen.contains(*k))
    .collect();
    assert!(missing.is_empty(), "no snippet produces {missing:?}");
}
