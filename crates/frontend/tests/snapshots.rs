//! Snapshots of inferred types (the typed IR's text form, which shows the type of every
//! variable and expression) and of errors for programs outside the subset. Each snapshot
//! holds the source as its description, so input and output read together.

use ferrojit_frontend::program::Declared;
use ferrojit_frontend::testing::MockResolver;
use ferrojit_frontend::{compile, ArgType};
use ferrojit_ir::{print_program, ArrayType, CodegenOptions, DType, FloatKind, Layout, Type, FLOAT64, INT64};

fn typed(src: &'static str, args: &[Type]) -> String {
    let r = MockResolver::new(&[("f", src)]);
    let args: Vec<ArgType> = args.iter().cloned().map(ArgType::Known).collect();
    match compile(&r, 0, &args, &Declared::default(), CodegenOptions::default()) {
        Ok(p) => print_program(&p),
        Err(e) => format!("error: {e}"),
    }
}

macro_rules! snap {
    ($name:ident, $src:expr, $args:expr) => {
        #[test]
        fn $name() {
            let src: &'static str = $src;
            insta::with_settings!({ description => src, omit_expression => true }, {
                insta::assert_snapshot!(typed(src, &$args));
            });
        }
    };
}

snap!(fib_iterative, "def f(n):\n    a, b = 1, 1\n    for i in range(n):\n        a, b = a + b, a\n    return a\n", [INT64]);
snap!(int_then_float_unifies, "def f(n):\n    s = 0\n    for i in range(1, n):\n        s += 1 / i\n    return s\n", [INT64]);
snap!(param_widened, "def f(x):\n    x = x / 2\n    return x\n", [INT64]);
snap!(chained_comparison, "def f(x, q):\n    return 0.8 < x / q < 1.2\n", [FLOAT64, FLOAT64]);
snap!(bool_ops_keep_values, "def f(a, b):\n    return a or b, a and b, not a\n", [INT64, FLOAT64]);
snap!(math_and_builtins, "def f(x):\n    return math.floor(x), math.sqrt(abs(x)), max(1, x, 2), round(x), math.pi\n", [FLOAT64]);
snap!(while_break_continue, "def f(n):\n    i = 0\n    while True:\n        i += 1\n        if i % 2 == 0:\n            continue\n        if i > n:\n            break\n    return i\n", [INT64]);
snap!(tuples_and_globals, "def f(x):\n    t = (x, K * SCALE)\n    a, b = t\n    return PAIR[1] + b, t[0]\n", [INT64]);
snap!(recursion, "def f(n):\n    if n < 2:\n        return n\n    return f(n - 1) + f(n - 2)\n", [INT64]);
snap!(assert_and_raise, "def f(x):\n    assert x > 0, \"positive\"\n    if x > 10:\n        raise ValueError(\"too big\")\n    return x\n", [INT64]);

// Errors: short, pointing at the exact place.
snap!(err_undefined_name, "def f(x):\n    y = x + 1\n    return y * undefined\n", [INT64]);
snap!(err_attribute_on_int, "def f(n):\n    for i in range(n.int):\n        pass\n    return 0\n", [INT64]);
snap!(err_class_call, "def f(n):\n    a = MyInt(1)\n    return n\n", [INT64]);
snap!(err_incompatible_assign, "def f(n):\n    x = 1\n    if n > 0:\n        x = (1, 2)\n    return x\n", [INT64]);
snap!(list_literal, "def f(n):\n    xs = [1, 2, 3]\n    return n\n", [INT64]);
snap!(dict_literal, "def f(n):\n    xs = {1: n}\n    return n\n", [INT64]);
snap!(unbound_local_is_checked, "def f(n):\n    if n > 0:\n        return m\n    m = 1\n    return m\n", [INT64]);
snap!(err_missing_return, "def f(n):\n    if n > 0:\n        return 1\n", [INT64]);
snap!(err_string, "def f(n):\n    s = \"abc\" + n\n    return n\n", [INT64]);
snap!(err_for_over_name, "def f(n):\n    for x in n:\n        pass\n    return 0\n", [INT64]);

#[test]
fn unsupported_argument_points_at_first_use() {
    let src = "def f(n):\n    a = 1\n    for i in range(n.int):\n        a += i\n    return a\n";
    let r = MockResolver::new(&[("f", src)]);
    let err = compile(&r, 0, &[ArgType::Unsupported("a `MyInt` object".into())], &Declared::default(), CodegenOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("test.py:3:20"), "{err}");
    assert!(err.contains("n.int"), "{err}");
    assert!(err.contains("^^^^^"), "{err}");
}

#[test]
fn explicit_return_type_converts() {
    let r = MockResolver::new(&[("f", "def f(n):\n    return n\n")]);
    let declared = Declared { ret: Some(FLOAT64), ..Default::default() };
    let p = compile(&r, 0, &[ArgType::Known(INT64)], &declared, CodegenOptions::default()).unwrap();
    assert_eq!(p.entry_function().ret, FLOAT64);
    ferrojit_ir::verify(&p).unwrap();
}

snap!(recursion_in_conditional_expression, "def f(n):\n    return 1 if n < 2 else f(n - 1) + f(n - 2)\n", [INT64]);

// Per-definition types: `line: name = type` for the names each line assigns (what
// `FERROJIT_DUMP_TYPES=1` prints), one snippet per construct.
fn assigned(src: &'static str, args: &[Type]) -> String {
    let r = MockResolver::new(&[("f", src)]);
    let args: Vec<ArgType> = args.iter().cloned().map(ArgType::Known).collect();
    match compile(&r, 0, &args, &Declared::default(), CodegenOptions::default()) {
        Ok(p) => p.functions.iter().map(|f| ferrojit_ir::annotate::assigned_types(&p, f)).collect::<Vec<_>>().join("\n"),
        Err(e) => format!("error: {e}"),
    }
}

macro_rules! types {
    ($name:ident, $src:expr, $args:expr) => {
        #[test]
        fn $name() {
            let src: &'static str = $src;
            insta::with_settings!({ description => src, omit_expression => true }, {
                insta::assert_snapshot!(assigned(src, &$args));
            });
        }
    };
}

fn f64_array(ndim: u8) -> Type {
    Type::Array(ArrayType::new(DType::Float(FloatKind::F64), ndim, Layout::C))
}

types!(types_array_reshaped, "def f(arr):\n    arr = arr.reshape(-1)\n    return arr.sum()\n", [f64_array(2)]);
types!(types_array_to_number, "def f(x):\n    x = x.sum()\n    x = x * 2\n    return x\n", [f64_array(1)]);
types!(types_int_float_tuple, "def f(n):\n    t = n // 2\n    t = float(t) / 3\n    t = (t, t)\n    return t\n", [INT64]);
types!(types_loop_variable_reused, "def f(n, a):\n    s = 0.0\n    for i in range(n):\n        s += i\n    for i in a:\n        s += i\n    return s\n", [INT64, f64_array(1)]);
types!(types_merge_widens, "def f(n):\n    if n > 0:\n        y = 1\n    else:\n        y = 2.5\n    return y\n", [INT64]);
types!(types_list_item_from_append, "def f(n):\n    l = []\n    m = l\n    for i in range(n):\n        m.append(i * 0.5)\n    return l\n", [INT64]);
types!(types_loop_carried_widens, "def f(n):\n    x = 0\n    for i in range(n):\n        x = x + 0.5\n    return x\n", [INT64]);
types!(types_parameter_rebound, "def f(x):\n    y = x\n    x = 2.5\n    return x + y\n", [INT64]);
types!(types_some_paths_then_rebind, "def f(n):\n    if n > 0:\n        v = n\n    w = v + 1\n    v = (n, 1.5)\n    return v, w\n", [INT64]);
types!(types_merge_error_names_both_lines, "def f(n):\n    v = (1, 2)\n    for i in range(n):\n        v = 1.5\n    return v\n", [INT64]);
types!(types_numpy_calls, "def f(n, a):\n    z = np.zeros(n)\n    s = np.sqrt(a) + z[0]\n    m = np.max(s)\n    i = np.arange(n)\n    r = np.where(s > m, s, np.float32(0))\n    return r, i, m\n", [INT64, f64_array(1)]);
types!(types_array_rebound_across_branches, "def f(n, a):\n    if n > 0:\n        b = a.reshape(-1)\n    else:\n        b = np.zeros(n)\n    b = b.sum()\n    return b\n", [INT64, f64_array(2)]);

// The desugared core with its webs (what `FERROJIT_DUMP_HIR=1` prints), per construct.
fn hir(src: &'static str) -> String {
    use rustpython_parser::{ast, parse, Mode};
    let ast::Mod::Module(m) = parse(src, Mode::Module, "test.py").expect("parses") else { panic!("a module") };
    let Some(ast::Stmt::FunctionDef(def)) = m.body.into_iter().next() else { panic!("a def") };
    let def = ferrojit_frontend::webs::split_webs(ferrojit_frontend::desugar::desugar(def));
    ferrojit_frontend::desugar::hir_text(&def)
}

macro_rules! hir {
    ($name:ident, $src:expr) => {
        #[test]
        fn $name() {
            let src: &'static str = $src;
            insta::with_settings!({ description => src, omit_expression => true }, {
                insta::assert_snapshot!(hir(src));
            });
        }
    };
}

hir!(hir_while_else, "def f(n):\n    i = 0\n    while i < n:\n        if i == 3:\n            break\n        i += 1\n    else:\n        i = -1\n    return i\n");
hir!(hir_for_else_nested, "def f(n):\n    for i in range(n):\n        for j in range(i):\n            if j == 2:\n                break\n        else:\n            continue\n        break\n    else:\n        return -1\n    return i\n");
hir!(hir_rebinding, "def f(a):\n    a = a.reshape(-1)\n    s = a.sum()\n    s = (s, s)\n    return s\n");
hir!(hir_chained_comparison, "def f(x, y, z):\n    if 0 < x + 1 <= y < z * 2:\n        return 1\n    return 0 < x < 1\n");
hir!(hir_augmented_subscript, "def f(a, b, i):\n    a[i] += 1\n    a[b[i] % 3] *= 2\n    a[i, b[0]] -= 1\n    g(a)[0] += 1\n");
types!(types_chained_comparison_let, "def f(x, a):\n    c = 0.0 < a[x] < 1.0\n    return c\n", [INT64, f64_array(1)]);
