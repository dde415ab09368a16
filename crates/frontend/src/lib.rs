//! The frontend: Python source text in, a verified-ready typed [`Program`] out.
//!
//! Stages, all driven by [`compile`]:
//! 1. **Parse** ([`source`]): the function's source (from `inspect.getsource`) is parsed
//!    by rustpython-parser; byte ranges map back to the original file's line and column.
//! 2. **Desugar** ([`desugar`]) into a smaller core (`for`/`while` ... `else` become a
//!    flag and an `if`), then **split webs** ([`webs`]): each group of assignments that
//!    reach common uses becomes its own variable, so a name may change type.
//!    `FERROJIT_DUMP_HIR=1` prints the result.
//! 3. **Resolve** ([`resolve`]): names not assigned in the function are asked of a
//!    [`Resolver`] (implemented by the Python bindings) and frozen: modules, constants,
//!    other jitted functions. The frontend never touches Python objects itself.
//! 4. **Infer** ([`infer`]): the type of every web and the return type, solved once by
//!    propagation over the def-use graph (only the statements that read a changed type
//!    are typed again), then **lower** ([`function`], [`stmt`], [`expr`], [`call`]) the
//!    body to typed IR in one pass over the solved types. Calls to other jitted
//!    functions specialise them for the argument types ([`program`]), recursion included.
//! 5. **Check definite assignment** ([`definite`]): reads that may see an unassigned
//!    local raise `UnboundLocalError` at run time, as in CPython.
//! 6. **Optimise** ([`optimize`]): small leaf callees are inlined, and gathers that stay
//!    the same over two or more loops are copied once (results unchanged).
//!
//! Every user mistake becomes a [`FrontendError::Typing`] with a span; nothing here panics
//! on user input.

/// The associated items every `ast::fold::Fold` over the parser's ranges repeats (the
/// folds of desugaring, lifting and webs only rewrite nodes, never ranges).
#[macro_export]
#[doc(hidden)]
macro_rules! range_fold {
    () => {
        type TargetU = rustpython_parser::text_size::TextRange;
        type Error = std::convert::Infallible;
        type UserContext = ();

        fn will_map_user(&mut self, _user: &rustpython_parser::text_size::TextRange) {}

        fn map_user(
            &mut self,
            user: rustpython_parser::text_size::TextRange,
            _context: (),
        ) -> Result<rustpython_parser::text_size::TextRange, Self::Error> {
            Ok(user)
        }
    };
}

pub mod array;
pub mod array_methods;
pub mod call;
pub mod closures;
pub mod complex;
pub mod comprehensions;
pub mod definite;
pub mod desugar;
pub mod dicts;
pub mod elementwise;
pub mod error;
pub mod exceptions;
pub mod expr;
pub mod function;
pub mod generators;
pub mod fusion;
pub mod imports;
pub mod infer;
pub mod isinstance;
pub mod iteration;
pub mod lists;
pub mod numpy_calls;
pub mod numpy_scalars;
pub mod objmode;
pub mod optimize;
pub mod parallel;
pub mod reuse_maps;
pub mod program;
pub mod slicing;
pub mod resolve;
pub mod source;
pub mod stmt;
pub mod strings;
pub mod tables;
pub mod testing;
pub mod ufuncs;
pub mod webs;

pub use error::{Diagnostic, FrontendError};
pub use program::compile;
pub use resolve::{ArgType, ConstArray, ConstValue, FunctionKey, FunctionSource, GlobalValue, Resolver};

pub type Result<T> = std::result::Result<T, FrontendError>;
