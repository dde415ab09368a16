//! Answers the frontend's questions from live Python objects: a function's source, and
//! what a global or closure name refers to (frozen at compile time).

use crate::dispatcher::Dispatcher;
use ferrojit_frontend::{ConstArray, ConstValue, FunctionKey, FunctionSource, GlobalValue, Resolver};
use numpy::{PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyModule, PyString, PyTuple, PyType};
use ferrojit_frontend::source::{dedent, BlockFinder};
use std::cell::RefCell;

pub struct PyResolver<'py> {
    py: Python<'py>,
    /// Functions known to this compilation; the index is the `FunctionKey`.
    functions: RefCell<Vec<Bound<'py, PyAny>>>,
    /// Global arrays frozen into the code, to keep alive with it.
    arrays: RefCell<Vec<Bound<'py, PyAny>>>,
    /// Overloaded functions (`GlobalValue::Overloaded`'s key is the index) with their
    /// full names.
    overloaded: RefCell<Vec<(Bound<'py, PyAny>, String)>>,
    /// Implementations chosen so far, by overload and argument types: each is chosen
    /// once per compilation (the typing function may return a new closure each time).
    chosen: RefCell<OverloadCache>,
    /// The `boundscheck` keyword of callees reached through their dispatcher.
    boundscheck: RefCell<std::collections::HashMap<FunctionKey, bool>>,
}

type OverloadCache = std::collections::HashMap<(u64, Vec<ferrojit_ir::Type>, Vec<(String, ferrojit_ir::Type)>), Option<FunctionKey>>;

impl<'py> PyResolver<'py> {
    pub fn new(root: Bound<'py, PyAny>) -> PyResolver<'py> {
        PyResolver {
            py: root.py(),
            functions: RefCell::new(vec![root]),
            arrays: RefCell::new(Vec::new()),
            overloaded: RefCell::new(Vec::new()),
            chosen: RefCell::new(Default::default()),
            boundscheck: RefCell::new(Default::default()),
        }
    }

    /// The global arrays the compiled code refers to.
    pub fn keepalive(&self) -> Vec<Py<PyAny>> {
        self.arrays.borrow().iter().map(|a| a.clone().unbind()).collect()
    }

    fn const_array(&self, original: &Bound<'py, PyUntypedArray>) -> GlobalValue {
        // Frozen by value, as Numba does: a private copy that later writes to the global
        // cannot change, kept alive with the compiled code.
        let copy = match original.call_method0("copy") {
            Ok(c) => c,
            Err(e) => return GlobalValue::Unsupported(format!("an array ferrojit could not copy ({e})")),
        };
        let Ok(a) = copy.cast::<PyUntypedArray>() else {
            return GlobalValue::Unsupported("an array-like object".into());
        };
        match crate::values::array_type(a) {
            Ok(t) => {
                // SAFETY: a live array object.
                let data = unsafe { (*a.as_array_ptr()).fields.data } as u64;
                self.arrays.borrow_mut().push(a.clone().into_any());
                GlobalValue::Array(ConstArray {
                    data,
                    dtype: t.dtype,
                    shape: a.shape().iter().map(|&d| d as i64).collect(),
                    strides: a.strides().iter().map(|&s| s as i64).collect(),
                    layout: t.layout,
                })
            }
            Err(why) => GlobalValue::Unsupported(why),
        }
    }

    fn overloaded_key(&self, obj: &Bound<'py, PyAny>, name: String) -> GlobalValue {
        let mut list = self.overloaded.borrow_mut();
        let key = match list.iter().position(|(o, _)| o.is(obj)) {
            Some(i) => i,
            None => {
                list.push((obj.clone(), name.clone()));
                list.len() - 1
            }
        };
        GlobalValue::Overloaded { key: key as u64, name }
    }

    /// What `ferrojit.extending` knows of `obj`: compiled as user code
    /// (`register_jitable`), overloaded (`@overload`), or nothing.
    fn extension(&self, obj: &Bound<'py, PyAny>) -> PyResult<Option<GlobalValue>> {
        let ext = self.py.import("ferrojit.extending")?;
        let kind = ext.call_method1("_kind", (obj,))?;
        if kind.is_none() {
            return Ok(None);
        }
        let name: String = obj.getattr("__name__").and_then(|n| n.extract()).unwrap_or_else(|_| "<function>".into());
        Ok(Some(match kind.extract::<String>()?.as_str() {
            "jitable" => GlobalValue::Function(self.key_of(obj.clone())),
            _ => {
                let module: Option<String> = obj.getattr("__module__").ok().and_then(|m| m.extract().ok());
                let full = match module {
                    Some(m) => format!("{m}.{name}"),
                    None => name,
                };
                self.overloaded_key(obj, full)
            }
        }))
    }

    fn function(&self, key: FunctionKey) -> Option<Bound<'py, PyAny>> {
        self.functions.borrow().get(key as usize).cloned()
    }

    fn key_of(&self, func: Bound<'py, PyAny>) -> FunctionKey {
        let mut fs = self.functions.borrow_mut();
        if let Some(i) = fs.iter().position(|f| f.is(&func)) {
            return i as FunctionKey;
        }
        fs.push(func);
        (fs.len() - 1) as FunctionKey
    }

    fn lookup(&self, func: &Bound<'py, PyAny>, name: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let code = func.getattr("__code__")?;
        let freevars: Vec<String> = code.getattr("co_freevars")?.extract()?;
        if let Some(i) = freevars.iter().position(|v| v == name) {
            let closure = func.getattr("__closure__")?;
            let cell = closure.get_item(i)?;
            return Ok(cell.getattr("cell_contents").ok());
        }
        let globals = func.getattr("__globals__")?;
        if let Ok(d) = globals.cast::<PyDict>() {
            if let Some(v) = d.get_item(name)? {
                return Ok(Some(v));
            }
        }
        let builtins = self.py.import("builtins")?;
        Ok(builtins.getattr(name).ok())
    }

    fn constant(&self, obj: &Bound<'py, PyAny>) -> Option<ConstValue> {
        if obj.is_instance_of::<PyBool>() {
            return obj.extract::<bool>().ok().map(ConstValue::Bool);
        }
        if obj.is_instance_of::<PyInt>() {
            return obj.extract::<i64>().ok().map(ConstValue::Int);
        }
        if obj.is_instance_of::<PyFloat>() {
            return obj.extract::<f64>().ok().map(ConstValue::Float);
        }
        if obj.is_none() {
            return Some(ConstValue::None);
        }
        if let Ok(s) = obj.cast_exact::<pyo3::types::PyString>() {
            return s.to_str().ok().map(|t| ConstValue::Str(t.to_string()));
        }
        if obj.is_exact_instance_of::<pyo3::types::PyComplex>() {
            let z = obj.cast::<pyo3::types::PyComplex>().ok()?;
            use pyo3::types::PyComplexMethods;
            return Some(ConstValue::Complex(z.real(), z.imag()));
        }
        if let Ok(t) = obj.cast::<PyTuple>() {
            return t.iter().map(|x| self.constant(&x)).collect::<Option<Vec<_>>>().map(ConstValue::Tuple);
        }
        None
    }

    /// What compiled code makes of a Python object.
    pub fn classify(&self, obj: &Bound<'py, PyAny>) -> GlobalValue {
        self.classify_inner(obj).unwrap_or_else(|e| GlobalValue::Unsupported(format!("an object ferrojit could not inspect ({e})")))
    }

    fn classify_inner(&self, obj: &Bound<'py, PyAny>) -> PyResult<GlobalValue> {
        let py = self.py;
        if let Ok(d) = obj.cast::<Dispatcher>() {
            let d = d.borrow();
            let key = self.key_of(d.py_func.bind(py).clone());
            // a jitted callee keeps its own boundscheck (as Numba compiles each
            // dispatcher with its flags); the environment overrides all of them
            if key != 0 && crate::driver::boundscheck_from_env().is_none() {
                self.boundscheck.borrow_mut().insert(key, d.boundscheck_keyword());
            }
            return Ok(GlobalValue::Function(key));
        }
        // The plain function being compiled (or one of its jitted callees), named
        // through a global that wasn't rebound to the dispatcher: `fibj = jit(fib)`
        // with `fib` calling `fib`. Compile the call natively.
        if let Some(i) = self.functions.borrow().iter().position(|f| f.is(obj)) {
            return Ok(GlobalValue::Function(i as FunctionKey));
        }
        if let Some(c) = self.constant(obj) {
            return Ok(GlobalValue::Const(c));
        }
        if obj.is_instance_of::<PyInt>() {
            return Ok(GlobalValue::Unsupported("an int too large for 64 bits".into()));
        }
        if let Ok(m) = obj.cast::<PyModule>() {
            return Ok(GlobalValue::Module(m.name()?.to_string()));
        }
        // Only an already-imported NumPy can have made an ndarray; checking first keeps
        // compiling scalar code from importing NumPy (tens of milliseconds).
        if numpy_loaded(py) {
            if let Ok(a) = obj.cast::<PyUntypedArray>() {
                return Ok(self.const_array(a));
            }
        }
        // A ctypes function object (only an imported ctypes can have made one).
        if let Some(g) = c_function(py, obj)? {
            return Ok(g);
        }
        // A `@vectorize` ufunc (eager), or a lazy one (a DUFunc): its kernel.
        if let Some((kernel, loops)) = crate::ufunc::vectorized(obj) {
            return Ok(GlobalValue::Vectorized { key: self.key_of(kernel), loops });
        }
        if obj.get_type().name().is_ok_and(|n| n == "DUFunc") && obj.hasattr("_sigs")? {
            let kernel = obj.getattr("py_func")?;
            return Ok(GlobalValue::Vectorized { key: self.key_of(kernel), loops: Vec::new() });
        }
        // ferrojit.types.float64 and friends work as dtypes and conversions.
        if let Ok(t) = obj.cast::<crate::types::NativeType>() {
            let ty = &t.get().ty;
            if ferrojit_ir::DType::from_type(ty).is_some() {
                return Ok(GlobalValue::NumpyDType(ty.to_string()));
            }
            return Ok(GlobalValue::TypeObject(ty.to_string()));
        }
        let builtins = py.import("builtins")?;
        if let Ok(name) = obj.getattr("__name__").and_then(|n| n.extract::<String>()) {
            if let Ok(b) = builtins.getattr(name.as_str()) {
                if b.is(obj) {
                    if let Ok(t) = obj.cast::<PyType>() {
                        if t.is_subclass_of::<pyo3::exceptions::PyBaseException>()? {
                            return Ok(GlobalValue::ExceptionClass(name));
                        }
                    }
                    // A builtin the compiler does not lower itself may be in the library
                    // written in Python (`builtins.divmod`).
                    if !ferrojit_frontend::tables::is_builtin_intrinsic(&name) {
                        let full = format!("builtins.{name}");
                        let ext = py.import("ferrojit.extending")?;
                        if ext.call_method1("_in_library", (&full,))?.is_truthy()? {
                            return Ok(self.overloaded_key(obj, full));
                        }
                    }
                    return Ok(GlobalValue::Builtin(name));
                }
            }
            // `@overload` / `register_jitable` (checked after the cheap cases above).
            if let Some(g) = self.extension(obj)? {
                return Ok(g);
            }
            let module: Option<String> = obj.getattr("__module__").ok().and_then(|m| m.extract().ok());
            if module.as_deref() == Some("math") {
                return Ok(GlobalValue::ModuleFunction { module: "math".into(), name });
            }
            if module.as_deref() == Some("cmath") {
                return Ok(GlobalValue::ModuleFunction { module: "cmath".into(), name });
            }
            if module.as_deref().is_some_and(|m| m.starts_with("ferrojit")) && matches!(name.as_str(), "carray" | "farray" | "objmode" | "empty_list" | "prange") {
                return Ok(GlobalValue::Builtin(name));
            }
            if module.as_deref() == Some("ferrojit.typed") && name == "Dict" {
                return Ok(GlobalValue::Builtin("dict".into()));
            }
            if module.as_deref() == Some("ferrojit.typed") && name == "List" {
                // `typed.List()` / `typed.List(iterable)` make lists as `list` does.
                let full = "builtins.list".to_string();
                let ext = py.import("ferrojit.extending")?;
                if ext.call_method1("_in_library", (&full,))?.is_truthy()? {
                    return Ok(self.overloaded_key(&builtins.getattr("list")?, full));
                }
            }
            if module.as_deref().is_some_and(|m| m == "numpy" || m.starts_with("numpy.")) {
                if let Ok(t) = obj.cast::<PyType>() {
                    let np = py.import("numpy")?;
                    // NumPy's scalar classes, and `np.ndarray` (for `isinstance`).
                    if t.is_subclass(&np.getattr("generic")?)? || t.is(&np.getattr("ndarray")?) {
                        return Ok(GlobalValue::NumpyDType(name));
                    }
                }
                // The full path, found by identity: `np.emath.sqrt` is not `np.sqrt`.
                let module = numpy_namespace(py, obj, &name, module.as_deref().unwrap_or("numpy"));
                // The library written in Python (python/ferrojit/_lib) implements it? Not
                // asked for the compiler's own intrinsics (the typing tables), so kernels
                // that use only those never import the library.
                let intrinsic = module == "numpy" && ferrojit_frontend::tables::is_numpy_intrinsic(&name);
                let full = format!("{module}.{name}");
                if !intrinsic {
                    let ext = py.import("ferrojit.extending")?;
                    if ext.call_method1("_in_library", (&full,))?.is_truthy()? {
                        return Ok(self.overloaded_key(obj, full));
                    }
                }
                return Ok(GlobalValue::ModuleFunction { module, name });
            }
            if obj.cast::<PyType>().is_ok() {
                if obj.hasattr("_ferrojit_jitclass")? {
                    return Ok(GlobalValue::Unsupported(format!(
                        "the jitclass `{name}` (ferrojit does not compile classes yet: it runs as a plain Python class, and compiled code cannot create or use its instances)"
                    )));
                }
                return Ok(GlobalValue::Unsupported(format!("the class `{name}` (compiled code cannot create or use Python objects)")));
            }
            // A plain Python function (a `def` with its source): compiled like a jitted
            // callee when called, specialised per argument types (Numba refuses these).
            let function_type = py.import("types")?.getattr("FunctionType")?;
            if obj.get_type().is(&function_type) {
                // (A lambda too: its source is the one lambda on its line.)
                return Ok(GlobalValue::Function(self.key_of(obj.clone())));
            }
            if obj.hasattr("__code__")? {
                return Ok(GlobalValue::Unsupported(format!("the Python callable `{name}` (compiled code calls functions defined with `def`)")));
            }
        }
        let tname = obj.get_type().name()?.to_string();
        Ok(GlobalValue::Unsupported(format!("a `{tname}` object")))
    }
}

/// NumPy's public namespaces, with the module that implements each.
const NUMPY_NAMESPACES: &[(&str, &str)] = &[
    ("numpy", "numpy"),
    ("numpy.linalg", "numpy.linalg"),
    ("numpy.random", "numpy.random"),
    ("numpy.fft", "numpy.fft"),
    ("numpy.emath", "numpy.lib.scimath"),
    ("numpy.ma", "numpy.ma"),
    ("numpy.char", "numpy.char"),
    ("numpy.strings", "numpy.strings"),
    ("numpy.polynomial", "numpy.polynomial"),
    ("numpy.testing", "numpy.testing"),
];

/// The public namespace that holds `obj` as `name` (`numpy.linalg` for
/// `np.linalg.norm`, `numpy.emath` for `np.emath.sqrt`), else the module that defines it.
/// Only namespaces already imported are asked (an object of one has imported it).
fn numpy_namespace(py: Python<'_>, obj: &Bound<'_, PyAny>, name: &str, defined_in: &str) -> String {
    let Ok(modules) = py.import("sys").and_then(|sys| sys.getattr("modules")) else { return defined_in.to_string() };
    for (public, module) in NUMPY_NAMESPACES {
        let found = modules.get_item(*module).ok().and_then(|m| m.getattr(name).ok());
        if found.is_some_and(|f| f.is(obj)) {
            return public.to_string();
        }
    }
    defined_in.to_string()
}

fn numpy_loaded(py: Python<'_>) -> bool {
    py.import("sys")
        .and_then(|sys| sys.getattr("modules"))
        .and_then(|m| m.contains("numpy"))
        .unwrap_or(false)
}

impl PyResolver<'_> {
    /// A function's source read as `inspect.getsource` reads it (the file's lines from
    /// `linecache`, refreshed if the file changed, from the code object's first line),
    /// delimited by [`BlockFinder`] instead of Python's tokenizer; `None` when that is
    /// not certain, and the caller asks `inspect`.
    fn source_from_linecache(&self, func: &Bound<'_, PyAny>, name: &str) -> Option<String> {
        let code = func.getattr("__code__").ok()?;
        let filename = code.getattr("co_filename").ok()?;
        let first: usize = code.getattr("co_firstlineno").ok()?.extract().ok()?;
        let linecache = self.py.import("linecache").ok()?;
        linecache.call_method1("checkcache", (&filename,)).ok()?;
        let lines = linecache.call_method1("getlines", (&filename, func.getattr("__globals__").ok()?)).ok()?;
        let lines = lines.cast::<PyList>().ok()?;
        let mut finder = BlockFinder::new();
        for line in lines.iter().skip(first.checked_sub(1)?) {
            let line = line.cast::<PyString>().ok()?.to_cow().ok()?;
            if !finder.feed(&line) {
                break;
            }
        }
        finder.finish(name)
    }
}

impl<'py> Resolver for PyResolver<'py> {
    fn function_source(&self, key: FunctionKey) -> Result<FunctionSource, String> {
        let func = self.function(key).ok_or_else(|| format!("unknown function key {key}"))?;
        let name: String = func.getattr("__name__").and_then(|n| n.extract()).unwrap_or_else(|_| "<function>".into());
        let fast = self.source_from_linecache(&func, &name);
        let source: String = match fast {
            Some(s) => Ok(s),
            None => self.py.import("inspect").and_then(|inspect| inspect.call_method1("getsource", (&func,))).and_then(|s| s.extract()),
        }
            .map_err(|e| {
                format!(
                    "cannot compile `{name}`: its source code is not available ({e}). ferrojit compiles from source, \
                     so define the function in a file (not in the REPL, exec() or a lambda)"
                )
            })?;
        let code = func.getattr("__code__").map_err(|e| e.to_string())?;
        let filename: String = code.getattr("co_filename").and_then(|f| f.extract()).unwrap_or_default();
        let first_line: u32 = code.getattr("co_firstlineno").and_then(|f| f.extract()).unwrap_or(1);
        let (source, col_offset) = dedent(&source);
        let mut defaults = Vec::new();
        if let Ok(d) = func.getattr("__defaults__") {
            if let Ok(t) = d.cast::<PyTuple>() {
                defaults = t.iter().map(|v| self.classify(&v)).collect();
            }
        }
        let mut kwdefaults = Vec::new();
        if let Ok(d) = func.getattr("__kwdefaults__") {
            if let Ok(d) = d.cast::<PyDict>() {
                for (k, v) in d.iter() {
                    if let Ok(k) = k.extract::<String>() {
                        kwdefaults.push((k, self.classify(&v)));
                    }
                }
            }
        }
        let boundscheck = self.boundscheck.borrow().get(&key).copied();
        Ok(FunctionSource { name, filename, source, first_line, col_offset, defaults, kwdefaults, boundscheck })
    }

    fn global(&self, key: FunctionKey, name: &str) -> GlobalValue {
        let Some(func) = self.function(key) else { return GlobalValue::NotFound };
        match self.lookup(&func, name) {
            Ok(Some(v)) => self.classify(&v),
            Ok(None) => GlobalValue::NotFound,
            Err(e) => GlobalValue::Unsupported(format!("a name ferrojit could not look up ({e})")),
        }
    }

    fn overload(&self, key: u64, args: &[ferrojit_ir::Type], kwargs: &[(String, ferrojit_ir::Type)]) -> Result<Option<FunctionKey>, String> {
        let cache_key = (key, args.to_vec(), kwargs.to_vec());
        if let Some(k) = self.chosen.borrow().get(&cache_key) {
            return Ok(*k);
        }
        let result = self.choose_overload(key, args, kwargs)?;
        self.chosen.borrow_mut().insert(cache_key, result);
        Ok(result)
    }

    fn python_function(&self, key: FunctionKey, source: &str, first_line: u32) -> Result<u64, String> {
        let made = (|| -> PyResult<Bound<'py, PyAny>> {
            let py = self.py;
            let func = self.function(key).ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("unknown function"))?;
            let globals = func.getattr("__globals__")?;
            let filename: String = func.getattr("__code__")?.getattr("co_filename")?.extract()?;
            // Blank lines first, so tracebacks name the block's own lines in the file.
            let padded = format!("{}{source}", "\n".repeat(first_line.saturating_sub(2) as usize));
            let builtins = py.import("builtins")?;
            let code = builtins.getattr("compile")?.call1((padded, filename, "exec"))?;
            let namespace = pyo3::types::PyDict::new(py);
            builtins.getattr("exec")?.call1((code, globals, &namespace))?;
            namespace.get_item("__ferrojit_objmode__")?.ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("no function made"))
        })();
        match made {
            Ok(f) => Ok(crate::values::keep_function(&f)),
            Err(e) => Err(e.to_string()),
        }
    }

    fn function_value(&self, id: u64) -> GlobalValue {
        match crate::values::function_object(self.py, id) {
            Some(f) => self.classify(&f),
            None => GlobalValue::NotFound,
        }
    }

    fn library(&self, full_name: &str) -> GlobalValue {
        let found = (|| -> PyResult<Option<GlobalValue>> {
            let py = self.py;
            let ext = py.import("ferrojit.extending")?;
            if !ext.call_method1("_in_library", (full_name,))?.is_truthy()? {
                return Ok(None);
            }
            let Some((module, name)) = full_name.rsplit_once('.') else { return Ok(None) };
            let obj = match py.import(module) {
                Ok(m) => m.getattr(name)?,
                // A method of a builtin type (`builtins.list.index`), or a private helper
                // of the library (`builtins.list._slice`): the library's own key object.
                Err(_) => ext.call_method1("_library_object", (full_name,))?,
            };
            Ok(Some(self.overloaded_key(&obj, full_name.to_string())))
        })();
        found.ok().flatten().unwrap_or(GlobalValue::NotFound)
    }

    fn import_module(&self, path: &str) -> GlobalValue {
        match self.py.import(path) {
            Ok(m) => self.classify(m.as_any()),
            Err(_) => GlobalValue::NotFound,
        }
    }

    fn module_attr(&self, module: &str, attr: &str) -> GlobalValue {
        let Ok(m) = self.py.import(module) else { return GlobalValue::NotFound };
        match m.getattr(attr) {
            Ok(v) => self.classify(&v),
            Err(_) => GlobalValue::NotFound,
        }
    }
}

impl<'py> PyResolver<'py> {
    fn choose_overload(&self, key: u64, args: &[ferrojit_ir::Type], kwargs: &[(String, ferrojit_ir::Type)]) -> Result<Option<FunctionKey>, String> {
        let Some((obj, name)) = self.overloaded.borrow().get(key as usize).cloned() else {
            return Err(format!("unknown overload key {key}"));
        };
        let py = self.py;
        let chosen = (|| -> PyResult<Option<Bound<'py, PyAny>>> {
            let wrap = |t: &ferrojit_ir::Type| Py::new(py, crate::types::NativeType { ty: t.clone() });
            let pos = PyTuple::new(py, args.iter().map(wrap).collect::<PyResult<Vec<_>>>()?)?;
            let kw = PyDict::new(py);
            for (k, t) in kwargs {
                kw.set_item(k, wrap(t)?)?;
            }
            let ext = py.import("ferrojit.extending")?;
            let r = ext.call_method1("_resolve", (&obj, &name, pos, kw))?;
            Ok(if r.is_none() { None } else { Some(r) })
        })();
        match chosen {
            Ok(None) => Ok(None),
            Ok(Some(f)) => {
                // A dispatcher returned as the implementation: compile its Python function.
                let f = match f.cast::<Dispatcher>() {
                    Ok(d) => d.borrow().py_func.bind(py).clone(),
                    Err(_) => f,
                };
                if !f.hasattr("__code__").unwrap_or(false) {
                    return Err("the overload returned something that is not a Python function".into());
                }
                Ok(Some(self.key_of(f)))
            }
            Err(e) => Err(format!("choosing its implementation raised {e}")),
        }
    }
}

/// A ctypes function object (`CFUNCTYPE(...)(address)`, a function of a `CDLL`) as a C
/// function compiled code calls by address: its `argtypes` and `restype` as numbers and
/// pointers. None for any other object; `Unsupported` when its types are missing or
/// not numbers and pointers.
fn c_function(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Option<GlobalValue>> {
    use ferrojit_ir::Type;
    let Ok(ctypes) = py.import("sys").and_then(|s| s.getattr("modules")).and_then(|m| m.get_item("ctypes")) else {
        return Ok(None);
    };
    if !obj.is_instance(&ctypes.getattr("_CFuncPtr")?)? {
        return Ok(None);
    }
    let ty_of = |t: &Bound<'_, PyAny>| -> PyResult<Option<(Type, bool)>> {
        if t.is_none() {
            return Ok(Some((Type::None, false)));
        }
        let size: usize = ctypes.getattr("sizeof")?.call1((t,))?.extract()?;
        let code: Option<String> = t.getattr("_type_").ok().and_then(|c| c.extract().ok());
        let is_ptr = t.is(&ctypes.getattr("c_void_p")?) || t.is(&ctypes.getattr("c_char_p")?) || t.cast::<PyType>().is_ok_and(|c| c.is_subclass(&ctypes.getattr("_Pointer").expect("ctypes._Pointer")).unwrap_or(false));
        if is_ptr {
            return Ok(Some((Type::Int(ferrojit_ir::IntKind::I64), true)));
        }
        use ferrojit_ir::{FloatKind, IntKind};
        Ok(match (code.as_deref(), size) {
            (Some("d"), 8) => Some((Type::Float(FloatKind::F64), false)),
            (Some("f"), 4) => Some((Type::Float(FloatKind::F32), false)),
            (Some("b" | "h" | "i" | "l" | "q"), n) => Some((Type::Int(match n { 1 => IntKind::I8, 2 => IntKind::I16, 4 => IntKind::I32, _ => IntKind::I64 }), false)),
            (Some("B" | "H" | "I" | "L" | "Q"), n) => Some((Type::Int(match n { 1 => IntKind::U8, 2 => IntKind::U16, 4 => IntKind::U32, _ => IntKind::U64 }), false)),
            _ => None,
        })
    };
    let argtypes = obj.getattr("argtypes")?;
    if argtypes.is_none() {
        return Ok(Some(GlobalValue::Unsupported("a ctypes function without `argtypes` (set them: compiled code calls it with those types)".into())));
    }
    let mut params = Vec::new();
    for t in argtypes.try_iter()? {
        match ty_of(&t?)? {
            Some((t, p)) if t != Type::None => params.push((t, p)),
            _ => return Ok(Some(GlobalValue::Unsupported("a ctypes function whose argument types are not numbers or pointers".into()))),
        }
    }
    let ret = match ty_of(&obj.getattr("restype")?)? {
        Some((_, true)) => Type::Int(ferrojit_ir::IntKind::I64),
        Some((t, false)) => t,
        None => return Ok(Some(GlobalValue::Unsupported("a ctypes function whose result type is not a number, a pointer or None".into()))),
    };
    let addr: u64 = ctypes.getattr("cast")?.call1((obj, ctypes.getattr("c_void_p")?))?.getattr("value")?.extract()?;
    Ok(Some(GlobalValue::CFunction { addr, params, ret }))
}
