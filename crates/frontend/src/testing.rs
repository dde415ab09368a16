//! A [`Resolver`] over in-memory sources, for tests of this crate and the backend.
//!
//! Each source is a `(name, text)` pair; the function's key is its index. Globals resolve
//! to the other functions by name, the usual builtins, `math`, `np` (NumPy as the typing
//! tables list it), a few constants
//! (`K = 7`, `SCALE = 0.5`, `PAIR = (1, 2.5)`), and builtin exceptions.

use crate::{ConstValue, FunctionSource, GlobalValue, Resolver};

pub struct MockResolver {
    pub sources: Vec<(&'static str, &'static str)>,
}

impl MockResolver {
    pub fn new(sources: &[(&'static str, &'static str)]) -> MockResolver {
        MockResolver { sources: sources.to_vec() }
    }
}

impl Resolver for MockResolver {
    fn function_source(&self, key: u64) -> Result<FunctionSource, String> {
        let (name, src) = self.sources.get(key as usize).ok_or("no such function")?;
        Ok(FunctionSource {
            name: name.to_string(),
            filename: "test.py".into(),
            source: src.to_string(),
            first_line: 1,
            col_offset: 0,
            defaults: vec![],
            kwdefaults: vec![],
            boundscheck: None,
        })
    }

    fn global(&self, _key: u64, name: &str) -> GlobalValue {
        if let Some(i) = self.sources.iter().position(|(n, _)| *n == name) {
            return GlobalValue::Function(i as u64);
        }
        match name {
            "range" | "prange" | "abs" | "min" | "max" | "int" | "float" | "round" | "len" | "bool" | "print" | "complex" => {
                GlobalValue::Builtin(name.into())
            }
            "math" => GlobalValue::Module("math".into()),
            "cmath" => GlobalValue::Module("cmath".into()),
            "np" | "numpy" => GlobalValue::Module("numpy".into()),
            "K" => GlobalValue::Const(ConstValue::Int(7)),
            "SCALE" => GlobalValue::Const(ConstValue::Float(0.5)),
            "PAIR" => GlobalValue::Const(ConstValue::Tuple(vec![ConstValue::Int(1), ConstValue::Float(2.5)])),
            "ValueError" | "ZeroDivisionError" | "AssertionError" | "ArithmeticError" | "IndexError" => GlobalValue::ExceptionClass(name.into()),
            "MyInt" => GlobalValue::Unsupported("the class `MyInt` (compiled code cannot create or use Python objects)".into()),
            _ => GlobalValue::NotFound,
        }
    }

    fn import_module(&self, path: &str) -> GlobalValue {
        match path {
            "math" | "numpy" => GlobalValue::Module(path.into()),
            _ => GlobalValue::NotFound,
        }
    }

    /// NumPy as the typing tables know it: its functions, ufuncs and scalar types.
    fn module_attr(&self, module: &str, attr: &str) -> GlobalValue {
        if module != "numpy" {
            return GlobalValue::NotFound;
        }
        if ferrojit_ir::type_from_name(attr).is_some() {
            return GlobalValue::NumpyDType(attr.into());
        }
        if crate::tables::is_numpy_intrinsic(attr) {
            GlobalValue::ModuleFunction { module: "numpy".into(), name: attr.into() }
        } else {
            GlobalValue::NotFound
        }
    }
}
