//! Typing tables: what compiled code accepts from each namespace, as data.
//!
//! In: nothing (constants). Out: for each namespace the compiler implements itself
//! (intrinsics), its functions and their parameters, in Python's names. The lowering
//! binds call arguments with these parameter lists (`np_params`), so a parameter is
//! declared once; `ferrojit._native.typing_tables()` hands them to Python, which
//! generates `docs/functions.md` from them and from the library written in Python
//! (`python/ferrojit/_lib`), and a test fails when that page is stale. Another test
//! compiles every entry, so the tables cannot promise what the lowering does not do.
//!
//! Invariants: names are unique within a namespace; a function of the library written
//! in Python is not listed here (it is found by its full name in `ferrojit._lib`).

/// A function or method with its parameters (positional-or-keyword, in order).
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub name: &'static str,
    pub params: &'static [&'static str],
    /// One line for the docs page.
    pub note: &'static str,
}

const fn e(name: &'static str, params: &'static [&'static str], note: &'static str) -> Entry {
    Entry { name, params, note }
}

const REDUCE: &[&str] = &["a", "axis"];

/// `numpy` functions lowered by the compiler (ufuncs are listed apart).
pub const NUMPY: &[Entry] = &[
    e("empty", &["shape", "dtype"], "new array; `dtype` a NumPy type or `ferrojit.types` object"),
    e("zeros", &["shape", "dtype"], "new array of zeros"),
    e("ones", &["shape", "dtype"], "new array of ones"),
    e("full", &["shape", "fill_value", "dtype"], "new array filled with a value"),
    e("empty_like", &["a", "dtype"], "keeps a Fortran argument's order"),
    e("zeros_like", &["a", "dtype"], ""),
    e("ones_like", &["a", "dtype"], ""),
    e("full_like", &["a", "fill_value", "dtype"], ""),
    e("arange", &["start", "stop", "step", "dtype"], ""),
    e("sum", REDUCE, "whole or along a constant `axis`"),
    e("prod", REDUCE, ""),
    e("min", REDUCE, ""),
    e("max", REDUCE, ""),
    e("amin", REDUCE, ""),
    e("amax", REDUCE, ""),
    e("mean", REDUCE, ""),
    e("var", REDUCE, ""),
    e("std", REDUCE, ""),
    e("argmin", REDUCE, ""),
    e("argmax", REDUCE, ""),
    e("any", REDUCE, ""),
    e("all", REDUCE, ""),
    e("cumsum", REDUCE, "flat or along an axis"),
    e("cumprod", REDUCE, ""),
    e("reshape", &["a", "newshape"], "one `-1` allowed; a view when the layout allows"),
    e("ravel", &["a"], ""),
    e("sort", &["a"], "last axis, NaN last"),
    e("dot", &["a", "b"], "1-D and 2-D"),
    e("matmul", &["a", "b"], "1-D and 2-D"),
    e("copy", &["a"], ""),
    e("where", &["condition", "x", "y"], "three arguments, or one (`np.nonzero`)"),
    e("real", &["val"], "a new array (NumPy's is a view)"),
    e("imag", &["val"], "a new array (NumPy's is a view)"),
    e("angle", &["z"], "radians"),
];

/// `numpy` ufuncs of one argument (arrays or scalars), lowered elementwise.
pub const NUMPY_UNARY_UFUNCS: &[&str] = &[
    "sqrt", "exp", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh",
    "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "floor", "ceil", "trunc", "fabs", "degrees", "radians", "rad2deg",
    "deg2rad", "abs", "absolute", "negative", "positive", "square", "sign", "isnan", "isinf", "isfinite", "conj", "conjugate",
    "logical_not", "exp2", "reciprocal", "rint",
];

/// `numpy` ufuncs of two arguments, with NumPy's broadcasting and type promotion.
pub const NUMPY_BINARY_UFUNCS: &[&str] = &[
    "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "mod", "remainder", "power", "bitwise_and",
    "bitwise_or", "bitwise_xor", "minimum", "maximum", "fmin", "fmax", "arctan2", "hypot", "copysign", "fmod",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or", "logical_xor",
];

/// Array methods (`a.sum(axis=0)`); the array itself is not a parameter.
pub const ARRAY_METHODS: &[Entry] = &[
    e("sum", &["axis"], ""),
    e("prod", &["axis"], ""),
    e("min", &["axis"], ""),
    e("max", &["axis"], ""),
    e("mean", &["axis"], ""),
    e("var", &["axis"], ""),
    e("std", &["axis"], ""),
    e("argmin", &["axis"], ""),
    e("argmax", &["axis"], ""),
    e("any", &["axis"], ""),
    e("all", &["axis"], ""),
    e("cumsum", &["axis"], ""),
    e("cumprod", &["axis"], ""),
    e("copy", &[], ""),
    e("reshape", &["shape"], "`a.reshape(2, 3)` or `a.reshape((2, 3))`"),
    e("ravel", &[], ""),
    e("flatten", &[], ""),
    e("astype", &["dtype"], "NumPy's casts (float to int: the CPU's truncation)"),
    e("fill", &["value"], ""),
    e("conj", &[], "complex conjugate (a copy for real arrays)"),
    e("conjugate", &[], ""),
];

/// Array attributes.
pub const ARRAY_ATTRIBUTES: &[&str] = &["shape", "strides", "size", "ndim", "itemsize", "nbytes", "dtype", "T", "real", "imag"];

/// Builtins.
pub const BUILTINS: &[Entry] = &[
    e("abs", &["x"], ""),
    e("int", &["x"], "Python's semantics (OverflowError beyond int64)"),
    e("float", &["x"], ""),
    e("bool", &["x"], ""),
    e("complex", &["real", "imag"], "complex128; `complex(a, b)` is `a + b*1j`"),
    e("round", &["number", "ndigits"], "floats: CPython's correctly rounded decimal; ints: a constant ndigits"),
    e("len", &["obj"], "arrays and tuples"),
    e("min", &["*args"], "of several numbers"),
    e("max", &["*args"], "of several numbers"),
    e("range", &["start", "stop", "step"], "in `for` loops"),
    e("enumerate", &["iterable", "start"], "in `for` loops, of ranges and arrays"),
    e("zip", &["*iterables"], "in `for` loops, of ranges and arrays; stops at the shortest"),
    e("reversed", &["sequence"], "in `for` loops, of ranges and arrays"),
    e("isinstance", &["obj", "classinfo"], "answered when compiling, from the value's type"),
    e("print", &["*objects", "sep", "end", "flush", "file"], "numbers, None, string constants; through `sys.stdout` (or `file=sys.stderr`)"),
];

/// `ferrojit` functions usable in compiled code.
pub const FERROJIT: &[Entry] = &[
    e("carray", &["ptr", "shape", "dtype"], "a C-ordered array view of a cfunc pointer"),
    e("farray", &["ptr", "shape", "dtype"], "a Fortran-ordered array view"),
];

/// Whether the compiler lowers builtin `name` itself (else the library may have it).
pub fn is_builtin_intrinsic(name: &str) -> bool {
    BUILTINS.iter().any(|e| e.name == name) || matches!(name, "carray" | "farray" | "dict" | "set")
}

/// The parameters of `numpy.name`, if the compiler lowers it.
pub fn numpy_params(name: &str) -> Option<&'static [&'static str]> {
    find(NUMPY, name)
}

/// Whether the compiler lowers `numpy.name` itself (a function or ufunc of the tables).
pub fn is_numpy_intrinsic(name: &str) -> bool {
    numpy_params(name).is_some() || NUMPY_UNARY_UFUNCS.contains(&name) || NUMPY_BINARY_UFUNCS.contains(&name)
}

/// The parameters of array method `name`.
pub fn method_params(name: &str) -> Option<&'static [&'static str]> {
    find(ARRAY_METHODS, name)
}

/// The parameters of `ferrojit.name`.
pub fn ferrojit_params(name: &str) -> Option<&'static [&'static str]> {
    find(FERROJIT, name)
}

fn find(table: &[Entry], name: &str) -> Option<&'static [&'static str]> {
    table.iter().find(|e| e.name == name).map(|e| e.params)
}

/// Every table as (namespace, entries): what `typing_tables()` gives Python. Ufuncs and
/// attributes appear as entries with their argument names; `math` is `MathFn`'s list.
pub fn all() -> Vec<(&'static str, Vec<Entry>)> {
    let ufunc1 = NUMPY_UNARY_UFUNCS.iter().map(|&n| e(n, &["x"], "ufunc"));
    let ufunc2 = NUMPY_BINARY_UFUNCS.iter().map(|&n| e(n, &["x1", "x2"], "ufunc"));
    let mut numpy: Vec<Entry> = NUMPY.iter().copied().chain(ufunc1).chain(ufunc2).collect();
    numpy.sort_by_key(|e| e.name);
    let math = ferrojit_ir::MathFn::ALL
        .iter()
        .map(|f| match (f.name(), f.arity()) {
            ("log", _) => e("log", &["x", "base"], "`base` optional"),
            ("ldexp", _) => e("ldexp", &["x", "i"], "`i` an int"),
            (n, 2) => e(n, &["x", "y"], ""),
            (n, _) => e(n, &["x"], ""),
        })
        .collect();
    let cmath = crate::complex::CMATH_INTRINSICS.iter().map(|&n| e(n, &["z"], "CPython's algorithms and errors")).collect();
    let attrs = ARRAY_ATTRIBUTES.iter().map(|&n| e(n, &[], "attribute")).collect();
    vec![
        ("builtins", BUILTINS.to_vec()),
        ("math", math),
        ("cmath", cmath),
        ("numpy", numpy),
        ("array methods", ARRAY_METHODS.to_vec()),
        ("array attributes", attrs),
        ("ferrojit", FERROJIT.to_vec()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_in_each_namespace() {
        for (ns, entries) in all() {
            let mut seen = HashSet::new();
            for e in entries {
                assert!(seen.insert(e.name), "{ns}.{} listed twice", e.name);
            }
        }
    }

    #[test]
    fn math_names_round_trip() {
        for f in ferrojit_ir::MathFn::ALL {
            assert_eq!(ferrojit_ir::MathFn::from_name(f.name()), Some(*f));
        }
    }

    #[test]
    fn ufuncs_are_not_also_plain_entries() {
        for u in NUMPY_UNARY_UFUNCS.iter().chain(NUMPY_BINARY_UFUNCS) {
            assert!(numpy_params(u).is_none(), "{u} is both a ufunc and a function");
        }
    }
}
