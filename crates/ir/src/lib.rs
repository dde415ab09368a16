//! The typed IR: what the frontend produces and the only thing the LLVM backend accepts.
//!
//! A [`Program`] is a set of [`Function`]s (the function being compiled plus every jitted
//! function it calls, each specialised for concrete argument types). Function bodies are
//! *structured*: statements nest (`If`, `While`, `ForRange`) rather than forming a CFG,
//! which keeps lowering simple and lets the backend emit canonical counted loops for
//! `range`. Every [`Expr`] carries its [`Type`] and a source [`Span`].
//!
//! Invariants (checked by [`verify`]; a failure is a compiler bug, never a user error):
//! - operands of `Binary` have the expression's type (comparisons: equal operand types,
//!   or int64 against float64, compared exactly; `bool` result); `Cast` goes between scalar types;
//! - `Assign` stores a value of exactly the variable's type, `Return` of the function's;
//! - conditions are `bool`; `break`/`continue` sit inside loops;
//! - call arguments match the callee's parameter types; tuple indices are in range.
//!
//! The text form ([`mod@print`]) is for humans (`FERROJIT_DUMP_IR`, snapshots, reports) and
//! reads back ([`parse`]), which lets file tests ([`filetest`]) hold IR before and after
//! the verifier and the passes.

pub mod annotate;
mod expr;
pub mod filetest;
pub mod parse;
pub mod print;
mod span;
mod types;
mod verify;

pub use expr::*;
pub use parse::{parse_function, parse_program, parse_type_text, ParseError};
pub use print::print_program;
pub use span::Span;
pub use types::*;
pub use verify::{verify, VerifyError};

/// Index of a variable in [`Function::vars`].
pub type VarId = usize;
/// Index of a function in [`Program::functions`].
pub type FuncId = usize;

/// How arithmetic errors behave, as Numba's `error_model` option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorModel {
    /// CPython's behaviour: division by zero and math domain errors raise exceptions.
    Python,
    /// NumPy's behaviour: float division by zero gives inf/nan, math functions return nan.
    Numpy,
}

/// Numba's `fastmath` flags: which of LLVM's fast-math flags float arithmetic (and
/// math calls) carry. `fastmath=True` is all of them; a set names some.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FastMath(u8);

impl FastMath {
    /// Numba's names; `fast` is all of them. Flag `i` is bit `1 << i`, the bit of LLVM's
    /// C API (`LLVMFastMathAllowReassoc` is 1, `LLVMFastMathNoNaNs` 2, ...), so that
    /// [`FastMath::bits`] is LLVM's flags.
    pub const NAMES: [&'static str; 7] = ["reassoc", "nnan", "ninf", "nsz", "arcp", "contract", "afn"];
    pub const NONE: FastMath = FastMath(0);
    pub const ALL: FastMath = FastMath(0x7f);

    /// The flag named `name` (or all of them for `fast`); `None` for an unknown name.
    pub fn flag(name: &str) -> Option<FastMath> {
        if name == "fast" {
            return Some(FastMath::ALL);
        }
        Self::NAMES.iter().position(|n| *n == name).map(|i| FastMath(1 << i))
    }

    pub fn union(self, other: FastMath) -> FastMath {
        FastMath(self.0 | other.0)
    }

    pub fn contains(self, name: &str) -> bool {
        Self::flag(name).is_some_and(|f| f.0 & self.0 == f.0 && f.0 != 0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The flags as LLVM's C API numbers them (`LLVMFastMathFlags`).
    pub fn bits(self) -> u8 {
        self.0
    }

    /// The names of the flags set, in [`FastMath::NAMES`] order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Self::NAMES.into_iter().enumerate().filter(move |(i, _)| self.0 & (1 << i) != 0).map(|(_, n)| n)
    }
}

impl std::str::FromStr for FastMath {
    type Err = String;

    /// The [`Display`](std::fmt::Display) form back: `true`, `false` or names joined by `+`.
    fn from_str(text: &str) -> Result<FastMath, String> {
        match text {
            "true" => Ok(FastMath::ALL),
            "false" => Ok(FastMath::NONE),
            _ => text.split('+').try_fold(FastMath::NONE, |acc, name| {
                FastMath::flag(name)
                    .map(|f| acc.union(f))
                    .ok_or_else(|| format!("expected `true`, `false` or fastmath flags joined by `+`, found `{text}`"))
            }),
        }
    }
}

impl std::fmt::Display for FastMath {
    /// `true` (all), `false` (none) or the names joined by `+` (`nnan+contract`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            FastMath::ALL => f.write_str("true"),
            FastMath::NONE => f.write_str("false"),
            _ => f.write_str(&self.names().collect::<Vec<_>>().join("+")),
        }
    }
}

/// Per-compilation options that change generated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CodegenOptions {
    pub fastmath: FastMath,
    pub error_model: ErrorModel,
    /// Check array indices and raise IndexError (`boundscheck=True`).
    pub boundscheck: bool,
    /// `parallel=True`: `prange` loops the frontend can prove independent run on the
    /// thread pool (`ExprKind::ParallelFor`), and reference counts are atomic.
    pub parallel: bool,
}

impl Default for CodegenOptions {
    fn default() -> Self {
        CodegenOptions { fastmath: FastMath::NONE, error_model: ErrorModel::Python, boundscheck: false, parallel: false }
    }
}

/// A local variable (parameters included).
#[derive(Clone, Debug, PartialEq)]
pub struct Var {
    pub name: String,
    pub ty: Type,
}

/// One specialised function.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    /// The Python name (`fib`).
    pub name: String,
    /// A unique symbol name in the generated module (`fib__int64`).
    pub symbol: String,
    pub filename: String,
    /// Parameters, in order, as indices into `vars`.
    pub params: Vec<VarId>,
    pub vars: Vec<Var>,
    pub ret: Type,
    pub body: Block,
    pub span: Span,
    /// This function's own `boundscheck` (a `@jit` callee's keyword, as Numba compiles
    /// each dispatcher with its own flags); None: the program's option.
    pub boundscheck: Option<bool>,
}

impl Function {
    /// Call `visit` with the callee of every call in the body.
    pub fn visit_calls(&self, visit: &mut dyn FnMut(FuncId)) {
        walk_block(&self.body, &mut |e| {
            if let ExprKind::Call { func, .. } | ExprKind::ParallelFor { func, .. } = &e.kind {
                visit(*func);
            }
        });
    }

    pub fn param_types(&self) -> Vec<Type> {
        self.params.iter().map(|&p| self.vars[p].ty.clone()).collect()
    }
}

/// A compiled unit: the entry function and everything it calls.
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    pub functions: Vec<Function>,
    pub entry: FuncId,
    pub options: CodegenOptions,
    /// What the frontend tells the user about the program's `prange` loops: which run on
    /// the thread pool, which serially and why. Not part of the IR text.
    pub notes: Vec<LoopNote>,
}

/// A `prange` loop of a `parallel=True` program, as the frontend decided it.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopNote {
    pub filename: String,
    pub line: u32,
    /// Runs on the thread pool (else serially).
    pub parallel: bool,
    /// "runs on the thread pool (a sum into `s`)", or the reason it runs serially.
    pub message: String,
}

impl Program {
    pub fn entry_function(&self) -> &Function {
        &self.functions[self.entry]
    }

    /// For each function, whether it can call itself (directly or through others).
    pub fn recursive_functions(&self) -> Vec<bool> {
        let n = self.functions.len();
        let callees: Vec<Vec<FuncId>> = self
            .functions
            .iter()
            .map(|f| {
                let mut out = Vec::new();
                f.visit_calls(&mut |id| out.push(id));
                out
            })
            .collect();
        (0..n)
            .map(|start| {
                let mut seen = vec![false; n];
                let mut stack = callees[start].clone();
                while let Some(f) = stack.pop() {
                    if f == start {
                        return true;
                    }
                    if f < n && !seen[f] {
                        seen[f] = true;
                        stack.extend(&callees[f]);
                    }
                }
                false
            })
            .collect()
    }
}

pub type Block = Vec<Stmt>;

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

impl Stmt {
    /// The statement's own expressions (not those of nested blocks), in evaluation order.
    pub fn exprs(&self) -> Vec<&Expr> {
        match &self.kind {
            StmtKind::Assign { value: e, .. } | StmtKind::Expr(e) | StmtKind::Return(e) | StmtKind::Del(e) => vec![e],
            StmtKind::If { cond, .. } | StmtKind::While { cond, .. } => vec![cond],
            StmtKind::ForRange { start, stop, step, .. } => vec![start, stop, step],
            StmtKind::Store { array, indices, value } => {
                std::iter::once(array).chain(indices.iter()).chain(std::iter::once(value)).collect()
            }
            StmtKind::StoreView { target, value } => vec![target, value],
            StmtKind::PtrStore { ptr, index, value } => vec![ptr, index, value],
            StmtKind::Break | StmtKind::Continue | StmtKind::Raise { .. } | StmtKind::Try { .. } => vec![],
        }
    }

    /// The nested blocks of a compound statement.
    pub fn blocks(&self) -> Vec<&Block> {
        match &self.kind {
            StmtKind::If { then_body, else_body, .. } => vec![then_body, else_body],
            StmtKind::While { body, .. } | StmtKind::ForRange { body, .. } => vec![body],
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                std::iter::once(body).chain(handlers.iter().map(|h| &h.body)).chain([orelse, finalbody]).collect()
            }
            _ => vec![],
        }
    }

    /// The nested blocks, mutably (same order as [`Stmt::blocks`]).
    pub fn blocks_mut(&mut self) -> Vec<&mut Block> {
        match &mut self.kind {
            StmtKind::If { then_body, else_body, .. } => vec![then_body, else_body],
            StmtKind::While { body, .. } | StmtKind::ForRange { body, .. } => vec![body],
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                std::iter::once(body).chain(handlers.iter_mut().map(|h| &mut h.body)).chain([orelse, finalbody]).collect()
            }
            _ => vec![],
        }
    }
}

/// Visit every statement in a block, nested blocks included (outer first).
pub fn walk_stmts(block: &[Stmt], visit: &mut dyn FnMut(&Stmt)) {
    for s in block {
        visit(s);
        for inner in s.blocks() {
            walk_stmts(inner, visit);
        }
    }
}

/// Visit every expression (and sub-expression) in a block, nested blocks included.
pub fn walk_block(block: &Block, visit: &mut dyn FnMut(&Expr)) {
    for s in block {
        for e in s.exprs() {
            e.walk(visit);
        }
        for b in s.blocks() {
            walk_block(b, visit);
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    Assign { var: VarId, value: Expr },
    If { cond: Expr, then_body: Block, else_body: Block },
    While { cond: Expr, body: Block },
    /// `for var in range(start, stop, step)`: a counted loop. `step` is checked non-zero.
    ForRange { var: VarId, start: Expr, stop: Expr, step: Expr, body: Block },
    Break,
    Continue,
    Return(Expr),
    /// An expression evaluated for its effects (a call, say).
    Expr(Expr),
    /// `raise Kind("message")` / a failed `assert`.
    Raise { exc: ExcKind, message: String },
    /// `array[indices] = value`: the value (any numeric type) is converted to the
    /// element type as NumPy assignment does (truncating, no exception).
    Store { array: Expr, indices: Vec<Expr>, value: Expr },
    /// `target[...] = value` for a view `target` (a slice): the value, a scalar or an
    /// array (a `Map` is computed element by element), is broadcast to the view's shape.
    StoreView { target: Expr, value: Expr },
    /// `p[index] = value` on a raw pointer (converted as NumPy assignment).
    PtrStore { ptr: Expr, index: Expr, value: Expr },
    /// `try` / `except` / `else` / `finally` for exceptions raised in compiled code: an
    /// exception in `body` runs the first handler that catches its kind (then
    /// `finalbody`), or `finalbody` and goes on propagating; `orelse` runs when `body`
    /// ends normally. `finalbody` runs on every way out, `return`, `break` and
    /// `continue` included (the frontend refuses those inside `finalbody` itself).
    Try { body: Block, handlers: Vec<Handler>, orelse: Block, finalbody: Block },
    /// `del name`: the variable (a `Var` expression, read: deleting an unbound name
    /// raises) is unbound afterwards; what it held is released.
    Del(Expr),
}

/// One `except` clause: the kinds it catches (the builtin classes named and their
/// subclasses; every kind for a bare `except:` or `except Exception:`).
#[derive(Clone, Debug, PartialEq)]
pub struct Handler {
    pub kinds: Vec<ExcKind>,
    pub body: Block,
}

/// Declares the exceptions compiled code raises, once: the enum, its runtime codes (the
/// numbers generated code and the runtime pass around), and its Python names. The
/// bindings map each to its Python class with an exhaustive match.
macro_rules! exception_kinds {
    ($($name:ident = $code:literal,)*) => {
        /// An exception compiled code can raise (a builtin Python exception class).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u32)]
        pub enum ExcKind {
            $($name = $code,)*
        }

        impl ExcKind {
            /// Every kind, in code order.
            pub const ALL: &'static [ExcKind] = &[$(ExcKind::$name,)*];

            pub fn from_name(name: &str) -> Option<ExcKind> {
                match name {
                    $(stringify!($name) => Some(ExcKind::$name),)*
                    _ => None,
                }
            }

            pub fn from_code(code: u32) -> Option<ExcKind> {
                match code {
                    $($code => Some(ExcKind::$name),)*
                    _ => None,
                }
            }

            /// The runtime's code (what `ferrojit_rt_raise` receives).
            pub const fn code(self) -> u32 {
                self as u32
            }

            /// The Python class's name.
            pub fn name(self) -> &'static str {
                match self {
                    $(ExcKind::$name => stringify!($name),)*
                }
            }
        }
    };
}

exception_kinds! {
    ZeroDivisionError = 1,
    ValueError = 2,
    OverflowError = 3,
    AssertionError = 4,
    IndexError = 5,
    TypeError = 6,
    RuntimeError = 7,
    Exception = 8,
    UnboundLocalError = 9,
    RecursionError = 10,
    MemoryError = 11,
    KeyError = 12,
    LookupError = 13,
    ArithmeticError = 14,
    NotImplementedError = 15,
    NameError = 16,
    AttributeError = 17,
}

/// The text of float `**`'s OverflowError, whose CPython args are `(34, 'Numerical result
/// out of range')` (errno ERANGE), as `str()` shows them.
pub const ERANGE_TEXT: &str = "(34, 'Numerical result out of range')";

impl ExcKind {
    /// Whether an `except` clause naming the builtin class `class` catches this kind:
    /// the class itself or one of its bases, as in CPython's class tree.
    pub fn caught_by(self, class: &str) -> bool {
        use ExcKind::*;
        if matches!(class, "Exception" | "BaseException") || class == self.name() {
            return true;
        }
        let bases: &[&str] = match self {
            ZeroDivisionError | OverflowError => &["ArithmeticError"],
            IndexError | KeyError => &["LookupError"],
            RecursionError | NotImplementedError => &["RuntimeError"],
            UnboundLocalError => &["NameError"],
            _ => &[],
        };
        bases.contains(&class)
    }
}

/// The source name of a variable: the frontend gives each web of a Python name (the
/// assignments that reach common uses) a variable of its own, `x`, `x#1`, `x#2`...
pub fn source_name(var: &str) -> &str {
    var.split('#').next().unwrap_or(var)
}
