//! End to end through the Rust crates: source -> frontend -> backend -> call the entry.

use ferrojit_frontend::program::Declared;
use ferrojit_frontend::testing::MockResolver;
use ferrojit_frontend::{compile as frontend, ArgType};
use ferrojit_ir::{CodegenOptions, Type, FLOAT64, INT64};

type Entry = unsafe extern "C" fn(*const u64, *mut u64) -> i32;

fn run(sources: Vec<(&'static str, &'static str)>, args: &[Type], values: &[u64]) -> (i32, Vec<u64>, Type) {
    let r = MockResolver::new(&sources);
    let args: Vec<ArgType> = args.iter().cloned().map(ArgType::Known).collect();
    let program = frontend(&r, 0, &args, &Declared::default(), CodegenOptions::default()).expect("frontend");
    let ret = program.entry_function().ret.clone();
    let compiled = ferrojit_llvm::compile(&program).expect("backend");
    let mut out = vec![0u64; ferrojit_llvm::slot_count(&ret).max(1)];
    let f: Entry = unsafe { std::mem::transmute(compiled.entry) };
    let status = unsafe { f(values.as_ptr(), out.as_mut_ptr()) };
    (status, out, ret)
}

#[test]
fn iterative_fib() {
    let src = "def fib(n):\n    a, b = 1, 1\n    for i in range(n):\n        a, b = a + b, a\n    return a\n";
    let (status, out, ret) = run(vec![("fib", src)], &[INT64], &[10]);
    assert_eq!(status, 0);
    assert_eq!(ret, INT64);
    assert_eq!(out[0], 144);
}

#[test]
fn recursive_fib() {
    let src = "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n";
    let (status, out, _) = run(vec![("fib", src)], &[INT64], &[20]);
    assert_eq!(status, 0);
    assert_eq!(out[0], 6765);
}

#[test]
fn unification_and_floats() {
    let src = "def f(n):\n    s = 0\n    for i in range(1, n + 1):\n        s += 1 / (i * i)\n    return s\n";
    let (status, out, ret) = run(vec![("f", src)], &[INT64], &[1000]);
    assert_eq!(status, 0);
    assert_eq!(ret, FLOAT64);
    let mut s = 0.0f64;
    for i in 1..=1000i64 {
        s += 1.0 / ((i * i) as f64);
    }
    assert_eq!(f64::from_bits(out[0]), s);
}

#[test]
fn python_division_semantics() {
    let src = "def f(a, b):\n    return a // b, a % b\n";
    let (status, out, _) = run(vec![("f", src)], &[INT64, INT64], &[(-7i64) as u64, 2]);
    assert_eq!(status, 0);
    assert_eq!(out[0] as i64, -4);
    assert_eq!(out[1] as i64, 1);
    let (status, _, _) = run(vec![("f", src)], &[INT64, INT64], &[1, 0]);
    assert_eq!(status, 1);
    let err = ferrojit_runtime::take_error().expect("an exception");
    assert_eq!(err.0, ferrojit_ir::ExcKind::ZeroDivisionError as u32);
}

#[test]
fn chained_comparison_and_math() {
    let src = "def f(x):\n    if 0.8 < math.sqrt(x) < 1.2:\n        return K\n    return -1\n";
    let (_, out, _) = run(vec![("f", src)], &[FLOAT64], &[1.0f64.to_bits()]);
    assert_eq!(out[0], 7);
    let (_, out, _) = run(vec![("f", src)], &[FLOAT64], &[4.0f64.to_bits()]);
    assert_eq!(out[0] as i64, -1);
}

#[test]
fn typing_error_points_at_the_line() {
    let src = "def f(n):\n    x = 1\n    return x + undefined_name\n";
    let r = MockResolver::new(&[("f", src)]);
    let err = frontend(&r, 0, &[ArgType::Known(INT64)], &Declared::default(), CodegenOptions::default()).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("test.py:3:16"), "{text}");
    assert!(text.contains("undefined_name"), "{text}");
}

#[test]
fn runaway_recursion_raises_instead_of_crashing() {
    let src = "def f(n):\n    if n == 0:\n        return 0\n    return f(n + 1) + 1\n";
    let (status, _, _) = run(vec![("f", src)], &[INT64], &[1]);
    assert_eq!(status, 1);
    let err = ferrojit_runtime::take_error().expect("an exception");
    assert_eq!(err.0, ferrojit_ir::ExcKind::RecursionError as u32);
}

#[test]
fn annotation_reports_vectorised_loops_reasons_and_allocations() {
    use ferrojit_ir::{ArrayType, DType, FloatKind, Layout};
    let src = "def f(x, n):\n    s = 0.0\n    for i in range(x.shape[0]):\n        s += x[i]\n    t = 0\n    for k in range(n):\n        t = t * 3 + k\n    y = x * 2.0\n    return s + t + y[0]\n";
    let r = MockResolver::new(&[("f", src)]);
    let arr = Type::Array(ArrayType::new(DType::Float(FloatKind::F64), 1, Layout::C));
    let args = vec![ArgType::Known(arr), ArgType::Known(INT64)];
    let program = frontend(&r, 0, &args, &Declared::default(), CodegenOptions::default()).expect("frontend");
    let ann = ferrojit_llvm::annotate(&program).expect("annotate");
    let at = |line: u32| ann.remarks.iter().filter(move |r| r.line == line).collect::<Vec<_>>();
    // A float sum without fastmath keeps Python's order: not vectorised, with LLVM's reason.
    assert!(at(3).iter().chain(at(4).iter()).any(|r| !r.vectorized && r.message.contains("floating-point")), "{:?}", ann.remarks);
    // y = x * 2.0 allocates its result, and its loop is vectorised.
    assert!(ann.allocations.iter().any(|a| a.line == 8 && a.what.contains("float64")), "{:?}", ann.allocations);
    assert!(at(8).iter().any(|r| r.vectorized), "{:?}", ann.remarks);
    // Nothing else allocates.
    assert!(ann.allocations.iter().all(|a| a.line == 8), "{:?}", ann.allocations);
    assert!(ann.llvm_ir.contains("!DILocation(line: 8"), "line tables in the IR");
}
