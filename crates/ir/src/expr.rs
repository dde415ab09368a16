//! Expressions of the typed IR.

use crate::{ExcKind, FuncId, Span, Type, VarId};

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    Bool(bool),
    Int(i64),
    Float(f64),
    None,
    /// A string (typed `Type::Str` with the same text).
    Str(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `~x` on integers (on bools the frontend casts to int first, as Python does).
    Invert,
    /// `not x`: the operand is already `bool`.
    Not,
    /// `z.conjugate()` on complex numbers.
    Conj,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    /// True division, floats only (the frontend converts int operands).
    Div,
    /// Python floor division (rounds toward -inf); raises on a zero divisor.
    FloorDiv,
    /// Python modulo (result has the divisor's sign); raises on a zero divisor.
    Mod,
    Pow,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::Shl => "<<",
            BinOp::Shr => ">>",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    /// The operator with its operands swapped (`a < b` is `b > a`).
    pub fn swapped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            other => other,
        }
    }
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// An operation on run-time strings (`Type::Text`): a call of the runtime's
/// `ferrojit_rt_str_<name>` (crates/runtime/src/strings.rs), whose arguments are strings,
/// int64s or float64s and whose result is a new string, an int64 or a bool (a string
/// result is null exactly when the runtime raised).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StrOp {
    Concat,
    Repeat,
    Eq,
    /// -1, 0 or 1 (int64), by code points.
    Compare,
    Len,
    GetItem,
    /// `s[start:stop:step]`; `i64::MIN` for a missing start or stop.
    Slice,
    Contains,
    Find,
    Count,
    StartsWith,
    EndsWith,
    /// `strip`/`lstrip`/`rstrip`, with an optional second argument (the characters).
    Strip,
    LStrip,
    RStrip,
    Upper,
    Lower,
    /// `s.replace(old, new, count)` (count -1: all).
    Replace,
    FromInt,
    FromFloat,
    IsDigit,
    IsAlpha,
    IsSpace,
    IsUpper,
    IsLower,
    IsAlnum,
    /// A 64-bit hash of the text (for the library's dicts: equal strings hash alike;
    /// not CPython's salted `hash`).
    Hash,
    /// CPython's own `hash()` of the string (siphash13 of its canonical buffer, with the
    /// process's key): what sets order their tables by.
    PyHash,
    /// The kind code (int64) of the exception the innermost `except` caught.
    HandledKind,
    /// Its message (`except E as e:`).
    HandledMessage,
}

/// The primitive operations on lists (`Type::List`) that generated code implements; the
/// item type is the list argument's. Indices are int64 and wrap around as in Python.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListOp {
    /// `[a, b, c]` (the items, already of the item type): a new list.
    New,
    /// `len(l)`.
    Len,
    /// `l[i]`: IndexError "list index out of range".
    Get,
    /// `l[i] = v`: IndexError "list assignment index out of range". Result none.
    Set,
    /// `l.append(v)`. Result none.
    Append,
    /// `l.pop(i)`: IndexError "pop from empty list" / "pop index out of range".
    Pop,
    /// `l.insert(i, v)` (i clipped to 0..=len as CPython). Result none.
    Insert,
    /// `s.split(sep, maxsplit)` of a run-time string (`sep` none: whitespace): a list of
    /// strings.
    Split,
    /// `sep.join(l)` of a list of strings.
    Join,
    /// `l._sort_numbers(reverse)` (the library's `sort` of a list of real numbers): a
    /// stable sort in place, CPython's order; false (nothing done) if a NaN is found.
    SortNumbers,
}

impl ListOp {
    pub const ALL: &'static [ListOp] =
        &[ListOp::New, ListOp::Len, ListOp::Get, ListOp::Set, ListOp::Append, ListOp::Pop, ListOp::Insert, ListOp::Split, ListOp::Join, ListOp::SortNumbers];

    /// The name in the IR text (`list.append(...)`).
    pub fn name(self) -> &'static str {
        match self {
            ListOp::New => "new",
            ListOp::Len => "len",
            ListOp::Get => "get",
            ListOp::Set => "set",
            ListOp::Append => "append",
            ListOp::Pop => "pop",
            ListOp::Insert => "insert",
            ListOp::Split => "split",
            ListOp::Join => "join",
            ListOp::SortNumbers => "sort_numbers",
        }
    }

    pub fn from_name(name: &str) -> Option<ListOp> {
        ListOp::ALL.iter().copied().find(|op| op.name() == name)
    }
}

/// What a [`StrOp`] argument or result is in the runtime's signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrArg {
    Text,
    Int,
    Float,
    Bool,
}

impl StrOp {
    pub const ALL: &'static [StrOp] = &[
        StrOp::Concat, StrOp::Repeat, StrOp::Eq, StrOp::Compare, StrOp::Len, StrOp::GetItem, StrOp::Slice,
        StrOp::Contains, StrOp::Find, StrOp::Count, StrOp::StartsWith, StrOp::EndsWith, StrOp::Strip,
        StrOp::LStrip, StrOp::RStrip, StrOp::Upper, StrOp::Lower, StrOp::Replace, StrOp::FromInt,
        StrOp::FromFloat, StrOp::IsDigit, StrOp::IsAlpha, StrOp::IsSpace, StrOp::IsUpper, StrOp::IsLower,
        StrOp::IsAlnum, StrOp::Hash, StrOp::PyHash, StrOp::HandledKind, StrOp::HandledMessage,
    ];

    /// The name in the IR text and (after `ferrojit_rt_str_`) in the runtime.
    pub fn name(self) -> &'static str {
        use StrOp::*;
        match self {
            Concat => "concat",
            Repeat => "repeat",
            Eq => "eq",
            Compare => "compare",
            Len => "len",
            GetItem => "getitem",
            Slice => "slice",
            Contains => "contains",
            Find => "find",
            Count => "count",
            StartsWith => "startswith",
            EndsWith => "endswith",
            Strip => "strip",
            LStrip => "lstrip",
            RStrip => "rstrip",
            Upper => "upper",
            Lower => "lower",
            Replace => "replace",
            FromInt => "from_int",
            FromFloat => "from_float",
            IsDigit => "isdigit",
            IsAlpha => "isalpha",
            IsSpace => "isspace",
            IsUpper => "isupper",
            IsLower => "islower",
            IsAlnum => "isalnum",
            Hash => "hash",
            PyHash => "pyhash",
            HandledKind => "handled_kind",
            HandledMessage => "handled_message",
        }
    }

    /// The runtime function that computes it.
    pub fn symbol(self) -> String {
        match self {
            StrOp::HandledKind | StrOp::HandledMessage => format!("ferrojit_rt_{}", self.name()),
            op => format!("ferrojit_rt_str_{}", op.name()),
        }
    }

    pub fn from_name(name: &str) -> Option<StrOp> {
        StrOp::ALL.iter().copied().find(|op| op.name() == name)
    }

    /// The arguments the frontend passes (`Strip`'s characters are optional).
    pub fn params(self) -> &'static [StrArg] {
        use StrArg::*;
        use StrOp::*;
        match self {
            Concat | Eq | Compare | Contains | Find | Count | StartsWith | EndsWith => &[Text, Text],
            Repeat | GetItem => &[Text, Int],
            Slice => &[Text, Int, Int, Int],
            Strip | LStrip | RStrip => &[Text, Text],
            Replace => &[Text, Text, Text, Int],
            FromInt => &[Int],
            FromFloat => &[Float],
            Len | Upper | Lower | IsDigit | IsAlpha | IsSpace | IsUpper | IsLower | IsAlnum | Hash | PyHash => &[Text],
            HandledKind | HandledMessage => &[],
        }
    }

    pub fn result(self) -> StrArg {
        use StrOp::*;
        match self {
            Compare | Len | Find | Count | Hash | PyHash | HandledKind => StrArg::Int,
            Eq | Contains | StartsWith | EndsWith | IsDigit | IsAlpha | IsSpace | IsUpper | IsLower | IsAlnum => StrArg::Bool,
            _ => StrArg::Text,
        }
    }

    pub fn result_type(self) -> Type {
        match self.result() {
            StrArg::Text => Type::Text,
            StrArg::Int => crate::INT64,
            StrArg::Float => crate::FLOAT64,
            StrArg::Bool => Type::Bool,
        }
    }
}

/// Math functions with one lowering point in the backend (intrinsic, libm call, or later a
/// vector-library call). `checked` variants follow CPython's `math` module: a NaN from a
/// non-NaN input raises `ValueError`, an infinity from a finite input raises
/// `OverflowError` or `ValueError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MathFn {
    Sqrt,
    Exp,
    Expm1,
    Exp2,
    Cbrt,
    /// NumPy's `rint` (to the nearest integer, ties to even; a float): not a `math`
    /// function, so not in [`MathFn::ALL`] nor found by [`MathFn::from_name`].
    Rint,
    Log,
    Log2,
    Log10,
    Log1p,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Atan2,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Hypot,
    Pow,
    Floor,
    Ceil,
    Trunc,
    Fabs,
    Copysign,
    Fmod,
    /// `math.ldexp(x, i)`: `x * 2**i` rounded once (`i` passed as a float, clamped by
    /// the runtime's `ferrojit_rt_ldexp`).
    Ldexp,
    Nextafter,
    Remainder,
    Erf,
    Erfc,
    Gamma,
    Lgamma,
    Degrees,
    Radians,
    Isnan,
    Isinf,
    Isfinite,
    /// Python's `round(x, n)` of a float (`n` passed as a float); not a `math` function,
    /// so not in [`MathFn::ALL`] nor found by [`MathFn::from_name`].
    RoundDigits,
    /// `cmath.phase(z)`: the argument of a complex number (`atan2(z.imag, z.real)`);
    /// like `RoundDigits`, not in [`MathFn::ALL`].
    Phase,
}

impl MathFn {
    pub fn from_name(name: &str) -> Option<MathFn> {
        use MathFn::*;
        Some(match name {
            "sqrt" => Sqrt,
            "exp" => Exp,
            "expm1" => Expm1,
            "exp2" => Exp2,
            "cbrt" => Cbrt,
            "log" => Log,
            "log2" => Log2,
            "log10" => Log10,
            "log1p" => Log1p,
            "sin" => Sin,
            "cos" => Cos,
            "tan" => Tan,
            "asin" => Asin,
            "acos" => Acos,
            "atan" => Atan,
            "atan2" => Atan2,
            "sinh" => Sinh,
            "cosh" => Cosh,
            "tanh" => Tanh,
            "asinh" => Asinh,
            "acosh" => Acosh,
            "atanh" => Atanh,
            "hypot" => Hypot,
            "pow" => Pow,
            "floor" => Floor,
            "ceil" => Ceil,
            "trunc" => Trunc,
            "fabs" => Fabs,
            "copysign" => Copysign,
            "fmod" => Fmod,
            "ldexp" => Ldexp,
            "nextafter" => Nextafter,
            "remainder" => Remainder,
            "erf" => Erf,
            "erfc" => Erfc,
            "gamma" => Gamma,
            "lgamma" => Lgamma,
            "degrees" => Degrees,
            "radians" => Radians,
            "isnan" => Isnan,
            "isinf" => Isinf,
            "isfinite" => Isfinite,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        use MathFn::*;
        match self {
            Sqrt => "sqrt",
            Exp => "exp",
            Expm1 => "expm1",
            Exp2 => "exp2",
            Cbrt => "cbrt",
            Rint => "rint",
            Log => "log",
            Log2 => "log2",
            Log10 => "log10",
            Log1p => "log1p",
            Sin => "sin",
            Cos => "cos",
            Tan => "tan",
            Asin => "asin",
            Acos => "acos",
            Atan => "atan",
            Atan2 => "atan2",
            Sinh => "sinh",
            Cosh => "cosh",
            Tanh => "tanh",
            Asinh => "asinh",
            Acosh => "acosh",
            Atanh => "atanh",
            Hypot => "hypot",
            Pow => "pow",
            Floor => "floor",
            Ceil => "ceil",
            Trunc => "trunc",
            Fabs => "fabs",
            Copysign => "copysign",
            Fmod => "fmod",
            Ldexp => "ldexp",
            Nextafter => "nextafter",
            Remainder => "remainder",
            Erf => "erf",
            Erfc => "erfc",
            Gamma => "gamma",
            Lgamma => "lgamma",
            RoundDigits => "round_digits",
            Phase => "phase",
            Degrees => "degrees",
            Radians => "radians",
            Isnan => "isnan",
            Isinf => "isinf",
            Isfinite => "isfinite",
        }
    }

    /// Every math function (`math`'s names; NumPy's ufuncs map onto these).
    pub const ALL: &'static [MathFn] = &[
        MathFn::Sqrt,
        MathFn::Exp,
        MathFn::Expm1,
        MathFn::Exp2,
        MathFn::Cbrt,
        MathFn::Log,
        MathFn::Log2,
        MathFn::Log10,
        MathFn::Log1p,
        MathFn::Sin,
        MathFn::Cos,
        MathFn::Tan,
        MathFn::Asin,
        MathFn::Acos,
        MathFn::Atan,
        MathFn::Atan2,
        MathFn::Sinh,
        MathFn::Cosh,
        MathFn::Tanh,
        MathFn::Asinh,
        MathFn::Acosh,
        MathFn::Atanh,
        MathFn::Hypot,
        MathFn::Pow,
        MathFn::Floor,
        MathFn::Ceil,
        MathFn::Trunc,
        MathFn::Fabs,
        MathFn::Copysign,
        MathFn::Fmod,
        MathFn::Ldexp,
        MathFn::Nextafter,
        MathFn::Remainder,
        MathFn::Erf,
        MathFn::Erfc,
        MathFn::Gamma,
        MathFn::Lgamma,
        MathFn::Degrees,
        MathFn::Radians,
        MathFn::Isnan,
        MathFn::Isinf,
        MathFn::Isfinite,
    ];

    pub fn arity(self) -> usize {
        use MathFn::*;
        match self {
            Atan2 | Hypot | Pow | Copysign | Fmod | Ldexp | Nextafter | Remainder | RoundDigits => 2,
            _ => 1,
        }
    }

    /// Whether the function returns `bool` rather than a float.
    pub fn is_predicate(self) -> bool {
        matches!(self, MathFn::Isnan | MathFn::Isinf | MathFn::Isfinite)
    }

    /// Whether an infinite result from finite input is an `OverflowError` (rather than a
    /// domain `ValueError`), as in CPython's `math` module.
    pub fn can_overflow(self) -> bool {
        use MathFn::*;
        matches!(self, Exp | Exp2 | Expm1 | Sinh | Cosh | Pow | Gamma | Lgamma | Degrees | Radians | Ldexp)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Const(Const),
    Var(VarId),
    /// Convert the operand to `ty`. Float -> int truncates toward zero (`int(x)`), and
    /// raises for NaN and infinities as CPython does.
    Cast(Box<Expr>),
    /// `bool(x)` / truthiness: non-zero is true.
    Truth(Box<Expr>),
    Unary { op: UnaryOp, operand: Box<Expr> },
    /// Operands of the expression's type; except `int64 / int64` typed float64: Python's
    /// true division of ints (correctly rounded, "division by zero").
    Binary { op: BinOp, lhs: Box<Expr>, rhs: Box<Expr> },
    Compare { op: CmpOp, lhs: Box<Expr>, rhs: Box<Expr> },
    /// Python's `a and b`: `a` if `a` is falsy, else `b`.
    /// Both operands have the expression's type.
    And(Box<Expr>, Box<Expr>),
    /// Python's `a or b`: `a` if `a` is truthy, else `b`.
    Or(Box<Expr>, Box<Expr>),
    IfExp { cond: Box<Expr>, then: Box<Expr>, orelse: Box<Expr> },
    /// Evaluate `value` into `var`, then the result is `body` (used to evaluate a chained
    /// comparison's middle operand once).
    Let { var: VarId, value: Box<Expr>, body: Box<Expr> },
    Call { func: FuncId, args: Vec<Expr> },
    /// A `prange` loop outlined (`parallel=True`): `func(lo, hi, args[2..])` over chunks
    /// `[lo, hi)` of `0..args[1]` on the thread pool (`args[0]`, the callee's `lo`, is a
    /// placeholder 0). The arguments are the callee's parameters, as for `Call`. Without
    /// `reduce` the callee returns None and so does this; with it (`Sum`, `Prod`, `Min`,
    /// `Max`), the callee returns its chunk's partial result, the chunks are fixed by the
    /// number of iterations alone (not the threads), and the value is the partials
    /// combined in chunk order (the same bits on any thread count).
    ParallelFor { func: FuncId, args: Vec<Expr>, reduce: Option<ReduceOp> },
    Math { func: MathFn, args: Vec<Expr> },
    /// Round half to even, to the expression's (integer) type: `round(x)`.
    Round(Box<Expr>),
    /// `min(...)`/`max(...)` with Python's order: the first extreme value wins.
    MinMax { is_max: bool, args: Vec<Expr> },
    Tuple(Vec<Expr>),
    TupleGet { tuple: Box<Expr>, index: usize },
    /// A complex number from its parts (two floats of the complex type's kind).
    Complex { re: Box<Expr>, im: Box<Expr> },
    /// Whether an optional value holds a value (`x is not None`).
    OptionalHas(Box<Expr>),
    /// The value an optional holds; raises TypeError (CPython's for an operation on
    /// `None`) when it holds `None`, naming `what` (the variable or expression).
    OptionalValue { value: Box<Expr>, what: String },
    /// `z.real` (or `z.imag` when `imag`) of a complex number; of a complex array, a
    /// view of the parts (a float array of any layout sharing the array's memory).
    ComplexPart { value: Box<Expr>, imag: bool },

    // ---- arrays -------------------------------------------------------------------
    /// An element: one int64 index per dimension (negative ones wrap around).
    Index { array: Box<Expr>, indices: Vec<Expr> },
    /// `a[i]` (fewer indices than dimensions): a view of the remaining axes.
    View { array: Box<Expr>, indices: Vec<Expr> },
    /// `a.shape`, `a.strides` (tuples of int64) and `a.size` (int64).
    ArrayAttr { array: Box<Expr>, attr: ArrayAttr },
    /// A new C-contiguous array of the given shape (int64 per dimension), filled with
    /// `fill` (converted to the element type) or left uninitialised (`np.empty`).
    NewArray { shape: Vec<Expr>, fill: Option<Box<Expr>> },
    /// `np.arange(start, stop, step)`: bounds of one numeric type (int64 or float64); the
    /// values are `start + i * ((start + step) - start)` in the result's dtype, as NumPy
    /// computes them.
    Arange { start: Box<Expr>, stop: Box<Expr>, step: Box<Expr> },
    /// A C-contiguous copy (`a.copy()`, `np.copy(a)`).
    CopyArray(Box<Expr>),
    /// `a.fill(v)`; the expression has type `None`.
    Fill { array: Box<Expr>, value: Box<Expr> },
    /// A reduction: of the whole array to a scalar (`np.sum(a)`), or along one axis to
    /// an array (`a.sum(axis=1)`). A `Map` operand is reduced without being stored.
    Reduce { op: ReduceOp, array: Box<Expr>, axis: Option<usize> },
    /// Basic slicing (`a[1:-1, ::2]`, `a[:, i]`, `a[:, None]`): a view.
    Slice { array: Box<Expr>, items: Vec<SliceItem> },
    /// An element-wise computation over broadcast inputs, evaluated lazily: stored once
    /// when it becomes a value, or consumed element by element by a reduction or a
    /// slice assignment (so no temporaries). `inputs` are evaluated once, before the
    /// loop; `body` computes one element from `Input(k)` leaves (the k-th input's
    /// element for arrays, its value for scalars). The type is a C-contiguous array.
    Map { inputs: Vec<Expr>, body: Box<Expr> },
    /// Inside a `Map` body: the current element (or value) of input `k`.
    Input(usize),
    /// `a.T`: a view with the axes reversed.
    Transpose(Box<Expr>),
    /// `a.reshape(shape)`: a view of a C-contiguous array with a new shape (one entry may
    /// be -1); the element count must match (ValueError otherwise).
    Reshape { array: Box<Expr>, shape: Vec<Expr> },
    /// Cumulative sum or product (`np.cumsum`), of the flattened array or along `axis`.
    Scan { op: ReduceOp, array: Box<Expr>, axis: Option<usize> },
    /// A sorted copy along the last axis (`np.sort`; NaN sorts last, as in NumPy).
    Sort(Box<Expr>),
    /// `p[i]` on a raw pointer (no bounds known).
    PtrIndex { ptr: Box<Expr>, index: Box<Expr> },
    /// `carray(ptr, shape)` / `farray`: an array view of raw memory (borrowed).
    CArray { ptr: Box<Expr>, shape: Vec<Expr> },
    /// Evaluate with NumPy's error rules instead of Python's: float division by zero
    /// gives inf/nan, integer division by zero gives 0, math domain errors give nan.
    /// (`Map` bodies are always evaluated this way.)
    NumpySemantics(Box<Expr>),
    /// `value`, unless `cond` holds: then raise `exc(message)` (e.g. a Python int that
    /// does not fit in an array's integer type: NumPy's OverflowError). A `{}` in the
    /// message shows an int64 `value`, `{u}` its bits as uint64 (the value is then
    /// evaluated before `cond`'s outcome is known, so it must not raise).
    Guard { cond: Box<Expr>, exc: ExcKind, message: String, value: Box<Expr> },
    /// `print(*args, sep=sep, end=end, flush=flush)`: the arguments (numbers, None,
    /// string constants) are handed to Python's own `print` through `sys.stdout`, so
    /// output is formatted exactly as CPython's and follows redirections. Type: None.
    Print { args: Vec<PrintArg>, sep: String, end: String, flush: bool, stderr: bool },
    /// Raise `exc` with the message `template.format(*args)` (Python's `str.format`, so
    /// an f-string's format specs and conversions apply): `raise E(f"... {x:.3f} ...")`.
    /// Never returns normally; type None.
    RaiseFormat { exc: ExcKind, template: String, args: Vec<PrintArg> },
    /// Call the Python function number `func` (an objmode block) with these values
    /// (arrays as views of their memory); its result, converted to the expression's
    /// type (numbers, strings, arrays copied into compiled code's memory, tuples).
    PyCall { func: u64, args: Vec<PrintArg> },
    /// Call the C function at address `addr` (a ctypes function object, a LAPACK routine
    /// of SciPy's `cython_lapack`) with these numbers (ints of any width, floats; a
    /// pointer is passed as its int64 address); the result has the expression's type (a
    /// number, or None for `void`).
    CCall { addr: u64, args: Vec<Expr> },
    /// A run-time string operation (see [`StrOp`]).
    Str { op: StrOp, args: Vec<Expr> },
    /// A list operation (see [`ListOp`]); the rest of the list API is written in Python
    /// on top of these (python/ferrojit/_lib/lists.py).
    List { op: ListOp, args: Vec<Expr> },
    /// A new run-time string: `template.format(*args)` in Python (an f-string or `str(x)`
    /// of a value the runtime does not format itself).
    FormatStr { template: String, args: Vec<PrintArg> },
    /// A global array frozen into the code (borrowed memory kept alive by the
    /// specialisation); `data` is its address.
    ConstArray { data: u64, shape: Vec<i64>, strides: Vec<i64> },
}

/// Whether `print` (and a message's `str.format`) can show a value of type `ty`: numbers,
/// None, arrays, and tuples and optionals of these.
pub fn printable(ty: &Type) -> bool {
    match ty {
        Type::Tuple(items) => items.iter().all(printable),
        // (an absent payload is zeros: arrays and lists print from the value's own
        // fields, a run-time string would be read through its null pointer)
        Type::Optional(t) => t.is_number() || matches!(**t, Type::Array(_) | Type::List(_)),
        Type::Array(_) | Type::None | Type::Str(_) | Type::Text => true,
        Type::List(t) => printable(t) || **t == Type::Unknown,
        t => t.is_number(),
    }
}

/// One argument of `print`: a string constant or a value.
#[derive(Clone, Debug, PartialEq)]
pub enum PrintArg {
    Text(String),
    Value(Expr),
}

impl PrintArg {
    pub fn value(&self) -> Option<&Expr> {
        match self {
            PrintArg::Value(e) => Some(e),
            PrintArg::Text(_) => None,
        }
    }

    pub fn value_mut(&mut self) -> Option<&mut Expr> {
        match self {
            PrintArg::Value(e) => Some(e),
            PrintArg::Text(_) => None,
        }
    }
}

/// One axis of a basic-slicing subscript.
#[derive(Clone, Debug, PartialEq)]
pub enum SliceItem {
    /// An integer index: the axis disappears.
    Index(Expr),
    /// `start:stop:step` (each optional, int64), normalised as Python's `slice.indices`.
    Range { start: Option<Expr>, stop: Option<Expr>, step: Option<Expr> },
    /// `None` / `np.newaxis`: a new axis of length 1.
    NewAxis,
}

impl SliceItem {
    pub fn exprs(&self) -> Vec<&Expr> {
        match self {
            SliceItem::Index(e) => vec![e],
            SliceItem::Range { start, stop, step } => [start, stop, step].into_iter().flatten().collect(),
            SliceItem::NewAxis => vec![],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReduceOp {
    Sum,
    Prod,
    Min,
    Max,
    Mean,
    Var,
    Std,
    ArgMin,
    ArgMax,
    Any,
    All,
}

impl ReduceOp {
    pub fn from_name(name: &str) -> Option<ReduceOp> {
        Some(match name {
            "sum" => ReduceOp::Sum,
            "prod" => ReduceOp::Prod,
            "min" | "amin" => ReduceOp::Min,
            "max" | "amax" => ReduceOp::Max,
            "mean" => ReduceOp::Mean,
            "var" => ReduceOp::Var,
            "std" => ReduceOp::Std,
            "argmin" => ReduceOp::ArgMin,
            "argmax" => ReduceOp::ArgMax,
            "any" => ReduceOp::Any,
            "all" => ReduceOp::All,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            ReduceOp::Sum => "sum",
            ReduceOp::Prod => "prod",
            ReduceOp::Min => "min",
            ReduceOp::Max => "max",
            ReduceOp::Mean => "mean",
            ReduceOp::Var => "var",
            ReduceOp::Std => "std",
            ReduceOp::ArgMin => "argmin",
            ReduceOp::ArgMax => "argmax",
            ReduceOp::Any => "any",
            ReduceOp::All => "all",
        }
    }
}

/// Runtime attributes of arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArrayAttr {
    Shape,
    Strides,
    Size,
    /// The address of the first element (int64): `a.ctypes.data`.
    Data,
}

impl Expr {
    /// Direct sub-expressions, in evaluation order.
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Const(_) | ExprKind::Var(_) => vec![],
            ExprKind::Cast(x) | ExprKind::Truth(x) | ExprKind::Round(x) | ExprKind::NumpySemantics(x) => vec![x],
            ExprKind::Transpose(x) | ExprKind::Sort(x) | ExprKind::Scan { array: x, .. } => vec![x],
            ExprKind::Reshape { array, shape } => std::iter::once(array.as_ref()).chain(shape.iter()).collect(),
            ExprKind::PtrIndex { ptr, index } => vec![ptr, index],
            ExprKind::Guard { cond, value, .. } => vec![cond, value],
            ExprKind::CArray { ptr, shape } => std::iter::once(ptr.as_ref()).chain(shape.iter()).collect(),
            ExprKind::Unary { operand, .. } => vec![operand],
            ExprKind::Binary { lhs, rhs, .. } | ExprKind::Compare { lhs, rhs, .. } => vec![lhs, rhs],
            ExprKind::And(a, b) | ExprKind::Or(a, b) => vec![a, b],
            ExprKind::IfExp { cond, then, orelse } => vec![cond, then, orelse],
            ExprKind::Let { value, body, .. } => vec![value, body],
            ExprKind::Call { args, .. } | ExprKind::ParallelFor { args, .. } | ExprKind::Math { args, .. } | ExprKind::MinMax { args, .. } | ExprKind::Tuple(args) | ExprKind::Str { args, .. } | ExprKind::List { args, .. } | ExprKind::CCall { args, .. } => {
                args.iter().collect()
            }
            ExprKind::Print { args, .. } | ExprKind::RaiseFormat { args, .. } | ExprKind::FormatStr { args, .. } | ExprKind::PyCall { args, .. } => {
                args.iter().filter_map(PrintArg::value).collect()
            }
            ExprKind::TupleGet { tuple, .. } => vec![tuple],
            ExprKind::Complex { re, im } => vec![re, im],
            ExprKind::ComplexPart { value, .. } | ExprKind::OptionalHas(value) | ExprKind::OptionalValue { value, .. } => vec![value],
            ExprKind::Index { array, indices } | ExprKind::View { array, indices } => {
                std::iter::once(array.as_ref()).chain(indices.iter()).collect()
            }
            ExprKind::ArrayAttr { array, .. } | ExprKind::CopyArray(array) | ExprKind::Reduce { array, .. } => vec![array],
            ExprKind::Slice { array, items } => {
                std::iter::once(array.as_ref()).chain(items.iter().flat_map(|i| i.exprs())).collect()
            }
            ExprKind::Map { inputs, body } => inputs.iter().chain(std::iter::once(body.as_ref())).collect(),
            ExprKind::Input(_) => vec![],
            ExprKind::NewArray { shape, fill } => shape.iter().chain(fill.as_deref()).collect(),
            ExprKind::Arange { start, stop, step } => vec![start, stop, step],
            ExprKind::Fill { array, value } => vec![array, value],
            ExprKind::ConstArray { .. } => vec![],
        }
    }

    /// Direct sub-expressions, mutably (same order as [`Expr::children`]).
    pub fn children_mut(&mut self) -> Vec<&mut Expr> {
        match &mut self.kind {
            ExprKind::Const(_) | ExprKind::Var(_) | ExprKind::Input(_) | ExprKind::ConstArray { .. } => vec![],
            ExprKind::Cast(x)
            | ExprKind::Truth(x)
            | ExprKind::Round(x)
            | ExprKind::CopyArray(x)
            | ExprKind::NumpySemantics(x)
            | ExprKind::Transpose(x)
            | ExprKind::Sort(x)
            | ExprKind::Scan { array: x, .. } => vec![x],
            ExprKind::Reshape { array, shape } => std::iter::once(array.as_mut()).chain(shape.iter_mut()).collect(),
            ExprKind::PtrIndex { ptr, index } => vec![ptr, index],
            ExprKind::Guard { cond, value, .. } => vec![cond, value],
            ExprKind::CArray { ptr, shape } => std::iter::once(ptr.as_mut()).chain(shape.iter_mut()).collect(),
            ExprKind::ArrayAttr { array, .. } | ExprKind::Reduce { array, .. } => vec![array],
            ExprKind::Unary { operand, .. } => vec![operand],
            ExprKind::Binary { lhs, rhs, .. } | ExprKind::Compare { lhs, rhs, .. } => vec![lhs, rhs],
            ExprKind::And(a, b) | ExprKind::Or(a, b) => vec![a, b],
            ExprKind::IfExp { cond, then, orelse } => vec![cond, then, orelse],
            ExprKind::Let { value, body, .. } => vec![value, body],
            ExprKind::Call { args, .. } | ExprKind::ParallelFor { args, .. } | ExprKind::Math { args, .. } | ExprKind::MinMax { args, .. } | ExprKind::Tuple(args) | ExprKind::Str { args, .. } | ExprKind::List { args, .. } | ExprKind::CCall { args, .. } => {
                args.iter_mut().collect()
            }
            ExprKind::Print { args, .. } | ExprKind::RaiseFormat { args, .. } | ExprKind::FormatStr { args, .. } | ExprKind::PyCall { args, .. } => {
                args.iter_mut().filter_map(PrintArg::value_mut).collect()
            }
            ExprKind::TupleGet { tuple, .. } => vec![tuple],
            ExprKind::Complex { re, im } => vec![re, im],
            ExprKind::ComplexPart { value, .. } | ExprKind::OptionalHas(value) | ExprKind::OptionalValue { value, .. } => vec![value],
            ExprKind::Index { array, indices } | ExprKind::View { array, indices } => {
                std::iter::once(array.as_mut()).chain(indices.iter_mut()).collect()
            }
            ExprKind::NewArray { shape, fill } => shape.iter_mut().chain(fill.as_deref_mut()).collect(),
            ExprKind::Arange { start, stop, step } => vec![start, stop, step],
            ExprKind::Fill { array, value } => vec![array, value],
            ExprKind::Slice { array, items } => std::iter::once(array.as_mut())
                .chain(items.iter_mut().flat_map(|i| match i {
                    SliceItem::Index(e) => vec![e],
                    SliceItem::Range { start, stop, step } => [start, stop, step].into_iter().flatten().collect(),
                    SliceItem::NewAxis => vec![],
                }))
                .collect(),
            ExprKind::Map { inputs, body } => inputs.iter_mut().chain(std::iter::once(body.as_mut())).collect(),
        }
    }

    /// Visit this expression and all its sub-expressions, parents first.
    pub fn walk(&self, visit: &mut dyn FnMut(&Expr)) {
        visit(self);
        for c in self.children() {
            c.walk(visit);
        }
    }

    pub fn new(kind: ExprKind, ty: Type, span: Span) -> Expr {
        Expr { kind, ty, span }
    }
    /// `value`, unless `cond` holds: then `exc(message)` ([`ExprKind::Guard`]).
    pub fn guard(cond: Expr, exc: ExcKind, message: impl Into<String>, value: Expr, span: Span) -> Expr {
        let ty = value.ty.clone();
        Expr::new(ExprKind::Guard { cond: Box::new(cond), exc, message: message.into(), value: Box::new(value) }, ty, span)
    }
    pub fn constant(c: Const, span: Span) -> Expr {
        let ty = match c {
            Const::Bool(_) => Type::Bool,
            Const::Int(_) => crate::INT64,
            Const::Float(_) => crate::FLOAT64,
            Const::None => Type::None,
            Const::Str(ref s) => Type::Str(s.clone()),
        };
        Expr { kind: ExprKind::Const(c), ty, span }
    }
    /// This expression converted to `ty` (no-op if it already has it).
    /// Whether evaluating this expression (its outermost node) returns a newly allocated
    /// array that nothing else refers to. Declared here, next to the node kinds, so
    /// passes ask it instead of keeping their own lists.
    pub fn allocates_new_array(&self) -> bool {
        match &self.kind {
            ExprKind::Map { .. } | ExprKind::NewArray { .. } | ExprKind::CopyArray(_) | ExprKind::Arange { .. } | ExprKind::Sort(_) => true,
            ExprKind::Scan { .. } => true,
            ExprKind::Reduce { axis, .. } => axis.is_some(),
            _ => false,
        }
    }

    pub fn cast_to(self, ty: &Type) -> Expr {
        if &self.ty == ty {
            return self;
        }
        if let Type::Tuple(targets) = ty {
            if let (ExprKind::Tuple(items), Type::Tuple(_)) = (&self.kind, &self.ty) {
                let span = self.span;
                let items = items.clone().into_iter().zip(targets).map(|(e, t)| e.cast_to(t)).collect();
                return Expr::new(ExprKind::Tuple(items), ty.clone(), span);
            }
            // A tuple-typed value of another element type: rebuild it element by element.
            // The frontend only casts side-effect-free tuple values (variables, literals),
            // so evaluating `self` once per element is safe.
            let span = self.span;
            let n = targets.len();
            let items = (0..n)
                .map(|i| {
                    let Type::Tuple(src) = &self.ty else { unreachable!("cast of non-tuple to tuple") };
                    Expr::new(
                        ExprKind::TupleGet { tuple: Box::new(self.clone()), index: i },
                        src[i].clone(),
                        span,
                    )
                    .cast_to(&targets[i])
                })
                .collect();
            return Expr::new(ExprKind::Tuple(items), ty.clone(), span);
        }
        let span = self.span;
        if *ty == Type::Bool {
            return Expr::new(ExprKind::Truth(Box::new(self)), Type::Bool, span);
        }
        Expr::new(ExprKind::Cast(Box::new(self)), ty.clone(), span)
    }
}
