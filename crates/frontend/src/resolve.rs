//! The interface to the Python world: how the frontend learns about globals, closure
//! variables and other jitted functions without touching Python objects.

use ferrojit_ir::Type;

/// Identifies a Python function known to the resolver (the one being compiled is the
/// root; jitted functions it calls get their own keys).
pub type FunctionKey = u64;

/// A compile-time constant value.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Complex(f64, f64),
    Str(String),
    None,
    Tuple(Vec<ConstValue>),
}

/// What a global (or closure) name refers to, frozen at compile time.
#[derive(Clone, Debug, PartialEq)]
pub enum GlobalValue {
    /// A module, by its `__name__` (`math`, `numpy`).
    Module(String),
    Const(ConstValue),
    /// Another jitted function.
    Function(FunctionKey),
    /// A function of a module bound to a name (`from math import sqrt`).
    ModuleFunction { module: String, name: String },
    /// A builtin (`abs`, `range`, ...).
    Builtin(String),
    /// A builtin exception class (`ValueError`).
    ExceptionClass(String),
    /// A NumPy scalar type used as a dtype or conversion (`np.float64`, `np.uint8`).
    NumpyDType(String),
    /// A NumPy array frozen into the code as a read-only constant (Numba's rule for
    /// global arrays). The bindings keep the array alive while the code exists.
    Array(ConstArray),
    /// A function with compiled implementations chosen by argument types: `@overload(f)`
    /// (`ferrojit.extending`) or a NumPy function of the library written in Python
    /// (`python/ferrojit/_lib`). `name` is its full path (`numpy.linspace`).
    Overloaded { key: u64, name: String },
    /// A `@vectorize` ufunc: its kernel (a function to compile) and its loops' argument
    /// and result types in NumPy's order (none for a lazy one: a loop per element types).
    Vectorized { key: FunctionKey, loops: Vec<(Vec<ferrojit_ir::Type>, ferrojit_ir::Type)> },
    /// A `ferrojit.types` object that is not a dtype (`types.int64[:]`), by its text: a
    /// type where one is expected (an objmode output's type).
    TypeObject(String),
    /// A C function (a ctypes function object with `argtypes` and `restype`): its
    /// address, its parameters (a number type, and whether it is a pointer, passed as
    /// an int64 address: an array argument gives its data's) and its result (None:
    /// `void`). Called directly.
    CFunction { addr: u64, params: Vec<(ferrojit_ir::Type, bool)>, ret: ferrojit_ir::Type },
    /// Something compiled code can't use; the text describes it ("a str object").
    Unsupported(String),
    NotFound,
}

/// A global array: where its memory is and how it is laid out.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstArray {
    pub data: u64,
    pub dtype: ferrojit_ir::DType,
    pub shape: Vec<i64>,
    /// Byte strides.
    pub strides: Vec<i64>,
    pub layout: ferrojit_ir::Layout,
}

/// The source of a function, as found by the bindings.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionSource {
    pub name: String,
    pub filename: String,
    /// Dedented source text starting at the `def` (or its first decorator).
    pub source: String,
    /// Line in `filename` of the first line of `source` (1-based).
    pub first_line: u32,
    /// Columns removed by dedenting.
    pub col_offset: u32,
    /// Default values of positional parameters, aligned to the last parameters.
    pub defaults: Vec<GlobalValue>,
    /// Defaults of keyword-only parameters.
    pub kwdefaults: Vec<(String, GlobalValue)>,
    /// The function's own `boundscheck` when it is a `@jit` dispatcher's (None: the
    /// program's option applies).
    pub boundscheck: Option<bool>,
}

/// The type of an argument, or why it has none.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgType {
    Known(Type),
    /// An object compiled code can't take ("str", "list", "MyInt"): compiling reports the
    /// first place the argument is used.
    Unsupported(String),
}

impl ArgType {
    /// The concrete types, if every argument has one.
    pub fn all_known(args: &[ArgType]) -> Option<Vec<Type>> {
        args.iter()
            .map(|a| match a {
                ArgType::Known(t) => Some(t.clone()),
                ArgType::Unsupported(_) => None,
            })
            .collect()
    }
}

/// Implemented by the bindings.
pub trait Resolver {
    fn function_source(&self, key: FunctionKey) -> Result<FunctionSource, String>;
    /// Resolve a name that is not local to function `key`: closure cell, global, builtin.
    fn global(&self, key: FunctionKey, name: &str) -> GlobalValue;
    /// Resolve `module.attr` for a module not known to the frontend.
    fn module_attr(&self, module: &str, attr: &str) -> GlobalValue;
    /// A function of the library written in Python by its full name (`builtins.min`),
    /// when the library has it (`NotFound` otherwise).
    fn library(&self, full_name: &str) -> GlobalValue {
        let _ = full_name;
        GlobalValue::NotFound
    }
    /// What function argument `id` (a [`Type::Function`]) is, as a global naming it would
    /// be: `Function`, `ModuleFunction`, `Builtin`, `Overloaded`...
    fn function_value(&self, id: u64) -> GlobalValue {
        let _ = id;
        GlobalValue::NotFound
    }
    /// A Python function made from `source` (one `def`) in the globals of function `key`
    /// (an objmode block): its [`Type::Function`]-style number, kept alive.
    /// `first_line` is the file line of the source's second line (the body's first).
    fn python_function(&self, key: FunctionKey, source: &str, first_line: u32) -> Result<u64, String> {
        let _ = (key, source, first_line);
        Err("Python functions cannot be made here".into())
    }
    /// `import path` inside a function: the module (imported now, as Python would when
    /// the statement runs), `NotFound` when there is none.
    fn import_module(&self, path: &str) -> GlobalValue;
    /// The implementation of overloaded function `key` for these argument types (the
    /// positional ones, then the keywords): a function to compile like user code, `None`
    /// when no overload accepts the types, `Err` when choosing one failed.
    fn overload(&self, key: u64, args: &[Type], kwargs: &[(String, Type)]) -> Result<Option<FunctionKey>, String> {
        let _ = (key, args, kwargs);
        Ok(None)
    }
}
