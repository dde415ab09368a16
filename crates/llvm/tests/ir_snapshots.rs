//! Snapshots of the unoptimised LLVM IR per language feature (host CPU attributes
//! redacted so snapshots are the same on every machine).

use ferrojit_frontend::program::Declared;
use ferrojit_frontend::testing::MockResolver;
use ferrojit_frontend::{compile, ArgType};
use ferrojit_ir::{CodegenOptions, ErrorModel, Type, FLOAT64, INT64};

fn ir(src: &'static str, args: &[Type], options: CodegenOptions) -> String {
    let r = MockResolver::new(&[("f", src)]);
    let args: Vec<ArgType> = args.iter().cloned().map(ArgType::Known).collect();
    let program = compile(&r, 0, &args, &Declared::default(), options).expect("frontend");
    let text = ferrojit_llvm::lower_unoptimized(&program).expect("backend");
    text.lines()
        .map(|l| {
            if l.starts_with("attributes #") {
                "attributes #N = { <host cpu and features> }".to_string()
            } else {
                l.to_string()
            }
        })
        .filter(|l| !l.starts_with("; ModuleID") && !l.starts_with("source_filename"))
        .collect::<Vec<_>>()
        .join("\n")
}

macro_rules! snap {
    ($name:ident, $src:expr, $args:expr) => {
        snap!($name, $src, $args, CodegenOptions::default());
    };
    ($name:ident, $src:expr, $args:expr, $opts:expr) => {
        #[test]
        fn $name() {
            let src: &'static str = $src;
            insta::with_settings!({ description => src, omit_expression => true }, {
                insta::assert_snapshot!(ir(src, &$args, $opts));
            });
        }
    };
}

snap!(counted_range_loop, "def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n", [INT64]);
snap!(negative_step_range, "def f(n):\n    s = 0\n    for i in range(n, 0, -2):\n        s += i\n    return s\n", [INT64]);
snap!(int_floor_division, "def f(a, b):\n    return a // b\n", [INT64, INT64]);
snap!(float_modulo, "def f(a, b):\n    return a % b\n", [FLOAT64, FLOAT64]);
snap!(math_checked, "def f(x):\n    return math.log(x)\n", [FLOAT64]);
snap!(
    math_numpy_error_model,
    "def f(x):\n    return math.log(x) / x\n",
    [FLOAT64],
    CodegenOptions { error_model: ErrorModel::Numpy, ..CodegenOptions::default() }
);
snap!(short_circuit_or, "def f(a, b):\n    return a or b\n", [INT64, INT64]);
snap!(tuple_return, "def f(a, b):\n    return a, (b, a + b)\n", [INT64, FLOAT64]);
snap!(recursive_call, "def f(n):\n    if n < 2:\n        return n\n    return f(n - 1) + f(n - 2)\n", [INT64]);
snap!(
    fastmath_flags,
    "def f(a, b):\n    return a * b + a\n",
    [FLOAT64, FLOAT64],
    CodegenOptions { fastmath: ferrojit_ir::FastMath::ALL, ..CodegenOptions::default() }
);
