//! Python values and the entry ABI: typing arguments, packing them into 8-byte slots,
//! and boxing results.

use ferrojit_frontend::ArgType;
use ferrojit_ir::{FloatKind, IntKind, Type};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyComplexMethods, PyDict, PyDictMethods, PyFloat, PyInt, PySet, PySetMethods, PyTuple};
use pyo3::Borrowed;

/// The type compiled code gives a Python value, or why it has none.
pub fn type_of(obj: &Bound<'_, PyAny>) -> ArgType {
    if obj.is_instance_of::<PyBool>() {
        return ArgType::Known(Type::Bool);
    }
    if obj.is_instance_of::<PyInt>() {
        return ArgType::Known(Type::Int(IntKind::I64));
    }
    if obj.is_instance_of::<PyFloat>() {
        return ArgType::Known(Type::Float(FloatKind::F64));
    }
    if obj.is_exact_instance_of::<PyComplex>() {
        return ArgType::Known(Type::Complex(FloatKind::F64));
    }
    if let Ok(s) = obj.cast::<pyo3::types::PyString>() {
        // Known when compiling: each string value is its own specialisation.
        return match s.to_str() {
            Ok(text) => ArgType::Known(Type::Str(text.to_string())),
            Err(_) => ArgType::Unsupported("a string that is not valid UTF-8".into()),
        };
    }
    if obj.is_none() {
        return ArgType::Known(Type::None);
    }
    if let Ok(a) = obj.cast::<PyUntypedArray>() {
        return match array_type(a) {
            Ok(t) => ArgType::Known(Type::Array(t)),
            Err(why) => ArgType::Unsupported(why),
        };
    }
    if let Some(t) = numpy_scalar_type(obj) {
        return ArgType::Known(t);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let mut items = Vec::new();
        for x in t.iter() {
            match type_of(&x) {
                ArgType::Known(ty) => items.push(ty),
                ArgType::Unsupported(what) => return ArgType::Unsupported(format!("a tuple containing {what}")),
            }
        }
        return ArgType::Known(Type::Tuple(items));
    }
    if let Ok(l) = obj.cast::<pyo3::types::PyList>() {
        return list_type(l);
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return dict_type(d);
    }
    if let Ok(s) = obj.cast::<PySet>() {
        return match unified_items(s.iter(), "a set", "items") {
            Ok(Some(k)) if ferrojit_llvm::item_layout(&k).0 <= 64 => ArgType::Known(Type::set(k)),
            Ok(Some(k)) => ArgType::Unsupported(format!("a set of {k}")),
            Ok(None) => ArgType::Unsupported("an empty set (compiled code cannot tell its item type)".into()),
            Err(why) => ArgType::Unsupported(why),
        };
    }
    if is_function_object(obj) {
        return ArgType::Known(Type::Function(register_function(obj)));
    }
    let name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
    ArgType::Unsupported(format!("a `{name}` object"))
}

/// A Python list's type in compiled code: its items' types unified (ints and floats make
/// floats, as Numba's reflected lists). An empty list has no item type.
fn list_type(l: &Bound<'_, pyo3::types::PyList>) -> ArgType {
    let item = match unified_items(l.iter(), "a list", "items") {
        Ok(t) => t,
        Err(why) => return ArgType::Unsupported(why),
    };
    // An empty `typed.List.empty_list(item_type)` knows its item type.
    match item.or_else(|| declared_type(l.as_any(), "_item_type")) {
        Some(t) if ferrojit_llvm::item_layout(&t).0 <= 64 => ArgType::Known(Type::List(Box::new(t))),
        Some(t) => ArgType::Unsupported(format!("a list of {t}")),
        None => ArgType::Unsupported("an empty list (compiled code cannot tell its item type: make it with typed.List.empty_list(types.float64))".into()),
    }
}

/// The type of the items of a Python list or dict (`what`, `part`: "a list", "items";
/// "a dict", "keys"), unified (ints and floats make floats); None when there are none.
fn unified_items<'py>(items: impl Iterator<Item = Bound<'py, PyAny>>, what: &str, part: &str) -> Result<Option<Type>, String> {
    let mut item: Option<Type> = None;
    for x in items {
        let t = match type_of(&x) {
            ArgType::Known(t) => t.list_item(),
            ArgType::Unsupported(why) => return Err(format!("{what} containing {why}")),
        };
        item = Some(match item {
            None => t,
            Some(u) if u == t => u,
            Some(u) => match u.unify(&t) {
                Some(w) if !matches!(w, Type::Optional(_)) => w,
                _ => return Err(format!("{what} of {part} of different types ({u} and {t})")),
            },
        });
    }
    Ok(item)
}

/// The type an empty `typed.List` / `typed.Dict` was made for (its attribute `attr`).
fn declared_type(obj: &Bound<'_, PyAny>, attr: &str) -> Option<Type> {
    let t = obj.getattr(attr).ok()?;
    Some(t.cast::<crate::types::NativeType>().ok()?.get().ty.clone())
}

/// A Python dict's type in compiled code: its keys' and values' types unified (as a
/// list's items); an empty dict needs `typed.Dict.empty(key_type, value_type)`.
fn dict_type(d: &Bound<'_, PyDict>) -> ArgType {
    let (k, v) = match (unified_items(d.keys().iter(), "a dict", "keys"), unified_items(d.values().iter(), "a dict", "values")) {
        (Ok(k), Ok(v)) => (k, v),
        (Err(why), _) | (_, Err(why)) => return ArgType::Unsupported(why),
    };
    let k = k.or_else(|| declared_type(d.as_any(), "_key_type"));
    let v = v.or_else(|| declared_type(d.as_any(), "_value_type"));
    match (k, v) {
        (Some(k), Some(v)) => {
            let ty = Type::dict(k.clone(), v.clone());
            if [&k, &v].iter().all(|t| ferrojit_llvm::item_layout(t).0 <= 64) {
                ArgType::Known(ty)
            } else {
                ArgType::Unsupported(format!("a {ty}"))
            }
        }
        _ => ArgType::Unsupported("an empty dict (compiled code cannot tell its key and value types: make it with typed.Dict.empty(types.int64, types.float64))".into()),
    }
}

/// Functions passed as arguments, by their [`Type::Function`] number (the object's
/// address). The table keeps each object alive, so a number never names two objects
/// and a specialisation for one function is never used for another.
static FUNCTIONS: std::sync::Mutex<Vec<(u64, Py<PyAny>)>> = std::sync::Mutex::new(Vec::new());

fn register_function(obj: &Bound<'_, PyAny>) -> u64 {
    let id = obj.as_ptr() as u64;
    let mut table = FUNCTIONS.lock().unwrap_or_else(|p| p.into_inner());
    if !table.iter().any(|(k, _)| *k == id) {
        table.push((id, obj.clone().unbind()));
    }
    id
}

/// Keep `obj` alive for compiled code and give its number (an objmode block's function).
pub fn keep_function(obj: &Bound<'_, PyAny>) -> u64 {
    register_function(obj)
}

/// The function object behind a [`Type::Function`] number.
pub fn function_object<'py>(py: Python<'py>, id: u64) -> Option<Bound<'py, PyAny>> {
    let table = FUNCTIONS.lock().unwrap_or_else(|p| p.into_inner());
    table.iter().find(|(k, _)| *k == id).map(|(_, f)| f.bind(py).clone())
}

/// Whether compiled code takes `obj` as a function argument: a jitted function, a
/// function defined with `def` (or `lambda`), a builtin function (`math.sin`), a NumPy
/// ufunc.
fn is_function_object(obj: &Bound<'_, PyAny>) -> bool {
    if obj.cast::<crate::dispatcher::Dispatcher>().is_ok() {
        return true;
    }
    let ty = obj.get_type();
    let name = ty.name().map(|n| n.to_string()).unwrap_or_default();
    let module = ty.module().map(|m| m.to_string()).unwrap_or_default();
    // (and ctypes function objects: `CFUNCTYPE(...)(address)`, a `CDLL`'s functions)
    matches!((module.as_str(), name.as_str()), ("builtins", "function" | "builtin_function_or_method") | ("numpy", "ufunc") | ("ctypes", "CFunctionType" | "_FuncPtr"))
}

/// The type of a NumPy scalar (`np.float32(1)`, `np.int64(3)`), if `obj` is one.
fn numpy_scalar_type(obj: &Bound<'_, PyAny>) -> Option<Type> {
    let ty = obj.get_type();
    let module: String = ty.getattr("__module__").ok()?.extract().ok()?;
    if module != "numpy" {
        return None;
    }
    let name: String = ty.getattr("__name__").ok()?.extract().ok()?;
    let t = ferrojit_ir::type_from_name(&name)?;
    match t {
        Type::Bool | Type::Int(_) | Type::Float(_) | Type::Complex(_) => Some(t),
        _ => None,
    }
}

/// Bit `i` is set when argument `i` is a NumPy scalar (`np.int64(3)`, `np.float32(1)`):
/// "strong" in NumPy 2's promotion (NEP 50). An `np.int64` has the type of a Python int,
/// so it gets its own specialisation. Cheap for Python numbers and arrays.
pub fn numpy_scalar_mask(args: &Bound<'_, PyTuple>) -> u64 {
    let mut mask = 0;
    for (i, a) in args.iter_borrowed().enumerate().take(64) {
        // SAFETY: type checks on a live object.
        let plain = unsafe {
            let p = a.as_ptr();
            pyo3::ffi::PyFloat_CheckExact(p) != 0
                || pyo3::ffi::PyLong_CheckExact(p) != 0
                || pyo3::ffi::PyBool_Check(p) != 0
                || pyo3::ffi::PyUnicode_CheckExact(p) != 0
                || pyo3::ffi::PyComplex_CheckExact(p) != 0
        };
        if plain || a.cast::<PyUntypedArray>().is_ok() || a.cast::<PyTuple>().is_ok() {
            continue;
        }
        if numpy_scalar_type(&a).is_some() {
            mask |= 1 << i;
        }
    }
    mask
}

/// Whether `obj` can be passed where `ty` is expected: exactly (the type `type_of` would
/// give), or by conversion (`convert`: an int where a float64 or int32 is declared).
pub fn matches(obj: &Bound<'_, PyAny>, ty: &Type, convert: bool) -> bool {
    if !obj.is_instance_of::<PyFloat>() && !obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>() {
        if let Some(t) = numpy_scalar_type(obj) {
            return if convert { t.is_numeric() && ty.is_numeric() || t.is_number() && ty.is_complex() } else { &t == ty };
        }
    }
    match ty {
        Type::Bool => obj.is_instance_of::<PyBool>(),
        Type::Int(k) => {
            obj.is_instance_of::<PyInt>()
                && (!obj.is_instance_of::<PyBool>() || convert)
                && (convert || *k == IntKind::I64)
        }
        Type::Float(k) => {
            if obj.is_instance_of::<PyFloat>() {
                convert || *k == FloatKind::F64
            } else {
                convert && obj.is_instance_of::<PyInt>()
            }
        }
        // A Python complex, or (converting) any Python number.
        Type::Complex(k) => {
            if obj.is_instance_of::<PyComplex>() {
                convert || *k == FloatKind::F64
            } else {
                convert && (obj.is_instance_of::<PyFloat>() || obj.is_instance_of::<PyInt>())
            }
        }
        Type::None => obj.is_none(),
        // (the representation itself, as a tuple: the library's own tests build it)
        Type::Tuple(items) if ty.is_table() && obj.is_instance_of::<PyTuple>() => {
            let t = obj.cast::<PyTuple>().expect("a tuple");
            t.len() == items.len() && t.iter().zip(items).all(|(x, ty)| matches(&x, ty, convert))
        }
        Type::Tuple(_) if ty.is_set() => match obj.cast::<PySet>() {
            Ok(s) => !s.is_empty() && s.iter().all(|x| list_item_matches(&x, ty.as_set().expect("a set"))),
            Err(_) => false,
        },
        Type::Tuple(_) if ty.is_dict() => match obj.cast::<PyDict>() {
            Ok(d) if d.is_empty() => matches!(dict_type(d), ArgType::Known(t) if t == *ty),
            Ok(d) => {
                let (k, v) = ty.as_dict().expect("a dict");
                d.iter().all(|(x, y)| list_item_matches(&x, k) && list_item_matches(&y, v))
            }
            Err(_) => false,
        },
        Type::Tuple(items) => match obj.cast::<PyTuple>() {
            Ok(t) => t.len() == items.len() && t.iter().zip(items).all(|(x, ty)| matches(&x, ty, convert)),
            Err(_) => false,
        },
        Type::Array(a) => array_matches(obj, a, convert),
        // A pointer argument is an address (an int), as ctypes passes it.
        Type::Pointer(_) => obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>(),
        Type::Function(id) => obj.as_ptr() as u64 == *id,
        Type::Optional(t) => obj.is_none() || matches(obj, t, convert),
        Type::Str(text) => obj.cast::<pyo3::types::PyString>().is_ok_and(|s| s.to_str().is_ok_and(|t| t == text)),
        // Any string, for a specialisation compiled for run-time strings (see the dispatcher).
        Type::Text => obj.is_instance_of::<pyo3::types::PyString>(),
        Type::List(item) => match obj.cast::<pyo3::types::PyList>() {
            Ok(l) if l.is_empty() => matches!(list_type(l), ArgType::Known(Type::List(t)) if *t == **item),
            Ok(l) => l.iter().all(|x| list_item_matches(&x, item)),
            Err(_) => false,
        },
        Type::Unknown => false,
    }
}

/// Whether `x` can be an item of a list of `item` (ints in a list of floats).
fn list_item_matches(x: &Bound<'_, PyAny>, item: &Type) -> bool {
    match item {
        Type::Float(_) | Type::Complex(_) => matches(x, item, true) && !x.is_instance_of::<PyBool>() || matches(x, item, false),
        Type::Tuple(items) => match x.cast::<PyTuple>() {
            Ok(t) => t.len() == items.len() && t.iter().zip(items).all(|(y, ty)| list_item_matches(&y, ty)),
            Err(_) => false,
        },
        t => matches(x, t, false),
    }
}

/// Argument slots: on the stack for the usual few arguments.
pub struct Slots {
    inline: [u64; 16],
    len: usize,
    spill: Vec<u64>,
    /// Run-time strings and lists made for `str` and `list` arguments: released when the
    /// slots are.
    strings: Vec<*mut ferrojit_runtime::MemInfo>,
    /// The Python lists passed in, with their compiled copies and item types: written
    /// back after the call ([`Slots::reflect`]), as Numba's reflected lists.
    lists: Vec<(Py<pyo3::types::PyList>, *mut ferrojit_runtime::MemInfo, Type)>,
    /// The Python dicts passed in, with their compiled keys, values and hashes lists
    /// and its type: written back after the call, as lists are.
    dicts: Vec<(Py<PyAny>, [*mut ferrojit_runtime::MemInfo; 3], Type)>,
    /// Packing the items of a list: arrays are recorded in `arrays`.
    nested: bool,
    /// The Python arrays passed inside lists and dicts (borrowed by compiled code, as
    /// array arguments are): owners of the views that come back.
    arrays: Vec<Py<PyAny>>,
}

impl Drop for Slots {
    fn drop(&mut self) {
        self.release_strings();
    }
}

impl Slots {
    pub fn new() -> Slots {
        Slots { inline: [0; 16], len: 0, spill: Vec::new(), strings: Vec::new(), lists: Vec::new(), dicts: Vec::new(), nested: false, arrays: Vec::new() }
    }

    /// Write each list argument's items back into the Python list it came from (the
    /// compiled code may have changed them), before the compiled copies are released.
    pub fn reflect(&mut self, py: Python<'_>, owners: &[Bound<'_, PyAny>]) -> PyResult<()> {
        for (pylist, mi, item) in std::mem::take(&mut self.lists) {
            let items = list_items(py, mi, &item, owners)?;
            pylist.bind(py).as_any().set_item(pyo3::types::PySlice::full(py), items)?;
        }
        for (target, [k, v, h], ty) in std::mem::take(&mut self.dicts) {
            let fresh = dict_from_lists(py, [k, v, h], &ty, owners)?;
            let target = target.bind(py);
            if let Ok(d) = target.cast::<PyDict>() {
                d.clear();
                d.update(fresh.as_mapping())?;
            } else {
                // a set: its items are the fresh dict's keys
                target.call_method0("clear")?;
                target.call_method1("update", (fresh,))?;
            }
        }
        Ok(())
    }

    /// The arrays passed inside lists and dicts (see `arrays`).
    pub fn nested_arrays<'py>(&self, py: Python<'py>) -> Vec<Bound<'py, PyAny>> {
        self.arrays.iter().map(|a| a.bind(py).clone()).collect()
    }

    /// Whether lists or dicts were passed in (written back after the call).
    pub fn has_lists(&self) -> bool {
        !self.lists.is_empty() || !self.dicts.is_empty()
    }

    fn release_strings(&mut self) {
        self.lists.clear();
        self.dicts.clear();
        self.arrays.clear();
        for s in self.strings.drain(..) {
            // SAFETY: made by `pack`, which holds this one reference.
            unsafe { ferrojit_runtime::release(s) };
        }
    }
    #[inline]
    pub fn push(&mut self, v: u64) {
        if self.len < self.inline.len() {
            self.inline[self.len] = v;
        } else {
            if self.spill.is_empty() {
                self.spill.extend_from_slice(&self.inline);
            }
            self.spill.push(v);
        }
        self.len += 1;
    }
    pub fn clear(&mut self) {
        self.len = 0;
        self.spill.clear();
        self.release_strings();
    }
    pub fn as_slice(&self) -> &[u64] {
        if self.len <= self.inline.len() {
            &self.inline[..self.len]
        } else {
            &self.spill
        }
    }
}

/// The hot path for the common types: if `obj` has exactly type `ty`, append its slot
/// and return true; otherwise return false (and the caller tries the next
/// specialisation). Tuples and other types take the general path.
#[inline]
pub fn try_pack_exact(obj: Borrowed<'_, '_, PyAny>, ty: &Type, out: &mut Slots) -> PyResult<bool> {
    match ty {
        Type::Float(FloatKind::F64) => {
            if !obj.is_instance_of::<PyFloat>() {
                return Ok(false);
            }
            // SAFETY: `obj` is a float (checked above).
            out.push(unsafe { pyo3::ffi::PyFloat_AsDouble(obj.as_ptr()) }.to_bits());
            Ok(true)
        }
        Type::Int(IntKind::I64) if obj.is_instance_of::<PyInt>() => {
            if obj.is_instance_of::<PyBool>() {
                return Ok(false);
            }
            pack(&obj, ty, out)?;
            Ok(true)
        }
        Type::Bool if obj.is_instance_of::<PyBool>() => {
            out.push(obj.is(&PyBool::new(obj.py(), true)) as u64);
            Ok(true)
        }
        Type::Array(at) => {
            let Ok(a) = obj.cast::<PyUntypedArray>() else { return Ok(false) };
            if array_type(&a).ok() != Some(*at) {
                return Ok(false);
            }
            pack_array(&obj, at.dtype.itemsize() as isize, out)?;
            Ok(true)
        }
        _ => {
            if !matches(&obj, ty, false) {
                return Ok(false);
            }
            pack(&obj, ty, out)?;
            Ok(true)
        }
    }
}

/// Append `obj`'s slots for type `ty`.
pub fn pack(obj: &Bound<'_, PyAny>, ty: &Type, out: &mut Slots) -> PyResult<()> {
    match ty {
        Type::Bool => out.push(obj.is_truthy()? as u64),
        Type::Int(IntKind::U64) => out.push(obj.extract::<u64>().map_err(|_| {
            PyOverflowError::new_err(format!("{} does not fit in uint64", obj.repr().map(|r| r.to_string()).unwrap_or_default()))
        })?),
        Type::Int(_) if obj.is_instance_of::<PyBool>() => out.push(obj.is_truthy()? as u64),
        Type::Int(_) => {
            let v: i64 = obj.extract().map_err(|_| {
                PyOverflowError::new_err(format!(
                    "Python int {} too large to convert to int64",
                    obj.repr().map(|r| r.to_string()).unwrap_or_default()
                ))
            })?;
            out.push(v as u64);
        }
        Type::Float(_) => out.push(obj.extract::<f64>()?.to_bits()),
        Type::Complex(_) => {
            // A Python complex, a NumPy complex scalar, or (converted) any real number.
            let (re, im) = match obj.cast::<PyComplex>() {
                Ok(z) => (z.real(), z.imag()),
                Err(_) => {
                    let z: Bound<'_, PyAny> = obj.py().import("builtins")?.getattr("complex")?.call1((obj,))?;
                    let z = z.cast_into::<PyComplex>().map_err(|_| PyTypeError::new_err("expected a complex number"))?;
                    (z.real(), z.imag())
                }
            };
            out.push(re.to_bits());
            out.push(im.to_bits());
        }
        Type::None | Type::Function(_) | Type::Str(_) => {}
        Type::Optional(t) => {
            if obj.is_none() {
                for _ in 0..=ferrojit_llvm::slot_count(t) {
                    out.push(0);
                }
            } else {
                out.push(1);
                pack(obj, t, out)?;
            }
        }
        Type::Array(at) => {
            if out.nested {
                // (an array inside a list or a dict: what its views returned or written
                // back may lie in)
                out.arrays.push(obj.clone().unbind());
            }
            pack_array(obj, at.dtype.itemsize() as isize, out)?
        }
        Type::Pointer(_) => out.push(obj.extract::<u64>()?),
        Type::Text => {
            let text = obj.cast::<pyo3::types::PyString>().map_err(|_| PyTypeError::new_err("expected a str"))?.to_str()?;
            let s = ferrojit_runtime::str_from_text(text);
            if s.is_null() {
                return Err(pyo3::exceptions::PyMemoryError::new_err("out of memory"));
            }
            out.push(s as u64);
            out.strings.push(s);
        }
        Type::Tuple(_) if ty.is_table() && !obj.is_instance_of::<PyTuple>() => {
            let py = obj.py();
            let (keys, vals) = if let Ok(d) = obj.cast::<PyDict>() {
                (d.keys(), d.values())
            } else {
                let s = obj.cast::<PySet>().map_err(|_| PyTypeError::new_err("expected a dict or a set"))?;
                let keys = pyo3::types::PyList::new(py, s.iter())?;
                let trues = pyo3::types::PyList::new(py, keys.iter().map(|_| true))?;
                (keys, trues)
            };
            let (k, v) = ty.as_table().expect("a dict or a set");
            let int64 = Type::Int(IntKind::I64);
            let parts = [(keys, k), (vals, v), (pyo3::types::PyList::empty(py), &int64), (pyo3::types::PyList::empty(py), &int64)];
            let mut made = Vec::new();
            for (l, item) in parts {
                let mi = new_list(&l, item, &mut out.arrays)?;
                out.push(mi as u64);
                out.strings.push(mi);
                made.push(mi);
            }
            out.dicts.push((obj.clone().unbind(), [made[0], made[1], made[2]], ty.clone()));
        }
        Type::Tuple(items) => {
            let t = obj.cast::<PyTuple>().map_err(|_| PyTypeError::new_err("expected a tuple"))?;
            for (x, ty) in t.iter().zip(items) {
                pack(&x, ty, out)?;
            }
        }
        Type::List(item) => {
            let l = obj.cast::<pyo3::types::PyList>().map_err(|_| PyTypeError::new_err("expected a list"))?;
            let mi = new_list(l, item, &mut out.arrays)?;
            out.push(mi as u64);
            out.strings.push(mi);
            out.lists.push((l.clone().unbind(), mi, (**item).clone()));
        }
        Type::Unknown => return Err(PyTypeError::new_err("a value of unknown type")),
    }
    Ok(())
}

/// A compiled list holding `l`'s items (one reference, the caller's).
fn new_list(l: &Bound<'_, pyo3::types::PyList>, item: &Type, arrays: &mut Vec<Py<PyAny>>) -> PyResult<*mut ferrojit_runtime::MemInfo> {
    let (words, mask) = ferrojit_llvm::item_layout(item);
    let n = l.len() as i64;
    let mi = ferrojit_runtime::ferrojit_rt_list_new(words as i64, mask as i64, n);
    if mi.is_null() {
        let _ = ferrojit_runtime::take_error();
        return Err(pyo3::exceptions::PyMemoryError::new_err("out of memory"));
    }
    let mut tmp = Slots::new();
    tmp.nested = true;
    for (k, x) in l.iter().enumerate() {
        tmp.clear();
        if let Err(e) = pack(&x, item, &mut tmp) {
            // SAFETY: ours; the items stored so far are released with it.
            unsafe { ferrojit_runtime::release(mi) };
            return Err(e);
        }
        // The references the item's words hold now belong to the list.
        tmp.strings.clear();
        tmp.lists.clear();
        tmp.dicts.clear();
        arrays.append(&mut tmp.arrays);
        // SAFETY: the list was made with room for n items of `words` words.
        unsafe {
            let h = ferrojit_runtime::list_header(mi);
            std::ptr::copy_nonoverlapping(tmp.as_slice().as_ptr(), h.items.add(k * words as usize), words as usize);
            h.len = k as i64 + 1;
        }
    }
    Ok(mi)
}

/// A Python list of the items of compiled list `mi` (borrowed: the list keeps them).
pub fn list_items<'py>(py: Python<'py>, mi: *mut ferrojit_runtime::MemInfo, item: &Type, owners: &[Bound<'py, PyAny>]) -> PyResult<Bound<'py, pyo3::types::PyList>> {
    // SAFETY: a live list block.
    let (len, words) = unsafe {
        let h = ferrojit_runtime::list_header(mi);
        (h.len, h.words as usize)
    };
    let out = pyo3::types::PyList::empty(py);
    for i in 0..len {
        // SAFETY: 0 <= i < len; the references are taken for the boxed value to own.
        let w = unsafe {
            ferrojit_runtime::ferrojit_list_incref_item(mi, i);
            let h = ferrojit_runtime::list_header(mi);
            std::slice::from_raw_parts(h.items.add(i as usize * words), words)
        };
        let mut pos = 0;
        out.append(unpack(py, item, w, &mut pos, owners)?)?;
    }
    Ok(out)
}

/// A Python dict of the live entries of a compiled dict's keys, values and hashes lists
/// (borrowed): in insertion order; an entry whose hash is -1 is deleted; a key given
/// twice (a dict not indexed yet) keeps its first place and takes its last value.
pub fn dict_from_lists<'py>(py: Python<'py>, lists: [*mut ferrojit_runtime::MemInfo; 3], ty: &Type, owners: &[Bound<'py, PyAny>]) -> PyResult<Bound<'py, PyDict>> {
    let (k, v) = ty.as_table().expect("a dict or a set");
    let keys = list_items(py, lists[0], k, owners)?;
    let vals = list_items(py, lists[1], v, owners)?;
    // SAFETY: a live list block of int64 items (one word each).
    let hashes: &[u64] = unsafe {
        let h = ferrojit_runtime::list_header(lists[2]);
        std::slice::from_raw_parts(h.items, h.len as usize)
    };
    let out = PyDict::new(py);
    for (i, (key, val)) in keys.iter().zip(vals.iter()).enumerate() {
        if hashes.get(i).is_some_and(|&h| h as i64 == -1) {
            continue;
        }
        out.set_item(key, val)?;
    }
    Ok(out)
}

/// Build the Python value of type `ty` from slots, advancing `pos`. `owners` are the
/// arrays a returned view of borrowed memory may lie in (arguments, globals).
pub fn unpack<'py>(py: Python<'py>, ty: &Type, slots: &[u64], pos: &mut usize, owners: &[Bound<'py, PyAny>]) -> PyResult<Bound<'py, PyAny>> {
    if ty.is_table() {
        // A dict (a set): a new Python dict of its entries (set of its keys), and the
        // references to its four lists the compiled code handed over released.
        let mis: Vec<*mut ferrojit_runtime::MemInfo> = slots[*pos..*pos + 4].iter().map(|&w| w as *mut ferrojit_runtime::MemInfo).collect();
        *pos += 4;
        let d = dict_from_lists(py, [mis[0], mis[1], mis[2]], ty, owners);
        for mi in mis {
            // SAFETY: the references are ours to release.
            unsafe { ferrojit_runtime::release(mi) };
        }
        if ty.is_set() {
            return Ok(PySet::new(py, d?.keys().iter())?.into_any());
        }
        return Ok(d?.into_any());
    }
    if let Type::Tuple(items) = ty {
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            values.push(unpack(py, item, slots, pos, owners)?);
        }
        return Ok(PyTuple::new(py, values)?.into_any());
    }
    if let Type::Optional(t) = ty {
        let has = slots[*pos] != 0;
        *pos += 1;
        if !has {
            *pos += ferrojit_llvm::slot_count(t);
            return Ok(py.None().into_bound(py));
        }
        return unpack(py, t, slots, pos, owners);
    }
    if let Type::Array(a) = ty {
        let n = 2 + 2 * a.ndim as usize;
        let words = &slots[*pos..*pos + n];
        *pos += n;
        return unpack_array(py, a, words, owners);
    }
    if *ty == Type::None {
        return Ok(py.None().into_bound(py));
    }
    if let Type::Str(text) = ty {
        return Ok(pyo3::types::PyString::new(py, text).into_any());
    }
    if let Type::Function(id) = ty {
        // A function passed in from Python (compiled code returns only those).
        return crate::values::function_object(py, *id).ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("compiled code returned an unknown function"));
    }
    if let Type::List(item) = ty {
        // A list: a new Python list of its items, and the reference the compiled code
        // handed over released.
        let mi = slots[*pos] as *mut ferrojit_runtime::MemInfo;
        *pos += 1;
        let items = list_items(py, mi, item, owners);
        // SAFETY: the reference is ours to release.
        unsafe { ferrojit_runtime::release(mi) };
        return Ok(items?.into_any());
    }
    if *ty == Type::Text {
        // A run-time string: its text copied into a Python str, and the reference the
        // compiled code handed over released.
        let mi = slots[*pos] as *mut ferrojit_runtime::MemInfo;
        *pos += 1;
        // SAFETY: compiled code returned a live string block holding one reference for us.
        let text = pyo3::types::PyString::new(py, unsafe { ferrojit_runtime::str_text(mi) }).into_any();
        // SAFETY: as above; the reference is ours to release.
        unsafe { ferrojit_runtime::release(mi) };
        return Ok(text);
    }
    let raw = slots[*pos];
    *pos += 1;
    Ok(match ty {
        Type::Bool => PyBool::new(py, raw != 0).to_owned().into_any(),
        Type::Int(IntKind::U64) | Type::Pointer(_) => raw.into_pyobject(py)?.into_any(),
        Type::Int(_) => (raw as i64).into_pyobject(py)?.into_any(),
        Type::Float(_) => PyFloat::new(py, f64::from_bits(raw)).into_any(),
        Type::Complex(_) => {
            let im = slots[*pos];
            *pos += 1;
            PyComplex::from_doubles(py, f64::from_bits(raw), f64::from_bits(im)).into_any()
        }
        _ => py.None().into_bound(py),
    })
}

// ---- arrays ---------------------------------------------------------------------------

use ferrojit_ir::{ArrayType, DType, Layout};
use numpy::npyffi::{self, NPY_ARRAY_WRITEABLE, PY_ARRAY_API};
use numpy::{PyArrayDescrMethods, PyUntypedArray, PyUntypedArrayMethods};

/// The compiled type of a NumPy array, or why it can't be used.
pub fn array_type(a: &Bound<'_, PyUntypedArray>) -> Result<ArrayType, String> {
    let descr = a.dtype();
    // The type number identifies the builtin numeric dtypes without Python calls (this
    // runs on every call with an array argument).
    use npyffi::NPY_TYPES::*;
    let num = descr.num();
    let is = |t: npyffi::NPY_TYPES| num == t as i32;
    let dtype = match () {
        _ if is(NPY_BOOL) => DType::Bool,
        _ if is(NPY_BYTE) => DType::Int(IntKind::I8),
        _ if is(NPY_UBYTE) => DType::Int(IntKind::U8),
        _ if is(NPY_SHORT) => DType::Int(IntKind::I16),
        _ if is(NPY_USHORT) => DType::Int(IntKind::U16),
        _ if is(NPY_INT) => DType::Int(IntKind::I32),
        _ if is(NPY_UINT) => DType::Int(IntKind::U32),
        _ if is(NPY_LONG) || is(NPY_LONGLONG) => DType::Int(IntKind::I64),
        _ if is(NPY_ULONG) || is(NPY_ULONGLONG) => DType::Int(IntKind::U64),
        _ if is(NPY_FLOAT) => DType::Float(FloatKind::F32),
        _ if is(NPY_DOUBLE) => DType::Float(FloatKind::F64),
        _ if is(NPY_CFLOAT) => DType::Complex(FloatKind::F32),
        _ if is(NPY_CDOUBLE) => DType::Complex(FloatKind::F64),
        _ => {
            let name = descr.str().map(|s| s.to_string()).unwrap_or_else(|_| "?".into());
            return Err(format!("an array of dtype {name} (supported: bool, int8..int64, uint8..uint64, float32, float64, complex64, complex128)"));
        }
    };
    if descr.is_native_byteorder() == Some(false) {
        return Err("an array in non-native byte order (use arr.astype(arr.dtype.newbyteorder('=')))".into());
    }
    if !a.is_aligned() {
        return Err(crate::dispatcher::UNALIGNED.into());
    }
    if a.ndim() > 32 {
        return Err("an array with more than 32 dimensions".into());
    }
    let layout = if a.is_c_contiguous() {
        Layout::C
    } else if a.is_fortran_contiguous() {
        Layout::F
    } else {
        Layout::A
    };
    // SAFETY: `as_array_ptr` is a live PyArrayObject for the lifetime of `a`.
    let writeable = unsafe { (*a.as_array_ptr()).fields.flags & NPY_ARRAY_WRITEABLE != 0 };
    let mut t = ArrayType::new(dtype, a.ndim() as u8, layout).normalized();
    t.readonly = !writeable;
    Ok(t)
}

/// Whether an array argument fits a compiled array type: exactly, or (for explicit
/// signatures) any layout where the signature says `A` and any writability where it
/// says read-only.
fn array_matches(obj: &Bound<'_, PyAny>, ty: &ArrayType, convert: bool) -> bool {
    let Ok(a) = obj.cast::<PyUntypedArray>() else { return false };
    let Ok(at) = array_type(a) else { return false };
    if convert {
        at.dtype == ty.dtype
            && at.ndim == ty.ndim
            && (ty.layout == Layout::A || ty.layout == at.layout)
            && (ty.readonly || !at.readonly)
    } else {
        at == *ty
    }
}

fn pack_array(obj: &Bound<'_, PyAny>, item: isize, out: &mut Slots) -> PyResult<()> {
    let a = obj.cast::<PyUntypedArray>().map_err(|_| PyTypeError::new_err("expected a NumPy array"))?;
    // SAFETY: a live PyArrayObject.
    let data = unsafe { (*a.as_array_ptr()).fields.data } as u64;
    out.push(0); // borrowed: no MemInfo
    out.push(data);
    for &d in a.shape() {
        out.push(d as u64);
    }
    // Compiled code indexes in elements (stride / itemsize, an exact division), so
    // every stride must be a multiple of the item size. NumPy's ALIGNED flag (checked
    // by `array_type`) guarantees that except on axes of length 0 or 1, whose strides
    // are never used to reach a second element: those become 0.
    for &s in a.strides() {
        let s = if item > 0 && s % item != 0 { 0 } else { s };
        out.push(s as i64 as u64);
    }
    Ok(())
}

/// Owns one reference to memory allocated by compiled code; the `base` of arrays
/// returned to Python, so NumPy frees the memory when the last view goes.
#[pyclass(module = "ferrojit._native", frozen)]
pub struct MemInfoOwner {
    meminfo: usize,
}

impl Drop for MemInfoOwner {
    fn drop(&mut self) {
        // SAFETY: the owner holds exactly one reference taken when the array was returned.
        unsafe { ferrojit_runtime::release(self.meminfo as *mut ferrojit_runtime::MemInfo) };
    }
}

pub fn typenum(dtype: DType) -> npyffi::NPY_TYPES {
    use npyffi::NPY_TYPES::*;
    match dtype {
        DType::Bool => NPY_BOOL,
        DType::Int(IntKind::I8) => NPY_BYTE,
        DType::Int(IntKind::I16) => NPY_SHORT,
        DType::Int(IntKind::I32) => NPY_INT,
        // NumPy's int64 on LP64 platforms is `long` ('l'): arrays and loops with
        // `longlong` ('q') compare equal but print their dtype (`dtype=int64`).
        DType::Int(IntKind::I64) => NPY_LONG,
        DType::Int(IntKind::U8) => NPY_UBYTE,
        DType::Int(IntKind::U16) => NPY_USHORT,
        DType::Int(IntKind::U32) => NPY_UINT,
        DType::Int(IntKind::U64) => NPY_ULONG,
        DType::Float(FloatKind::F32) => NPY_FLOAT,
        DType::Float(FloatKind::F64) => NPY_DOUBLE,
        DType::Complex(FloatKind::F32) => NPY_CFLOAT,
        DType::Complex(FloatKind::F64) => NPY_CDOUBLE,
    }
}

/// A NumPy array over memory compiled code owns (valid only while the caller keeps that
/// memory: copy it to keep it); read-only unless `writable`.
pub fn array_view<'py>(py: Python<'py>, dtype: DType, data: u64, shape: &[i64], strides: &[i64], writable: bool) -> PyResult<Bound<'py, PyAny>> {
    let mut shape: Vec<npyffi::npy_intp> = shape.iter().map(|&x| x as npyffi::npy_intp).collect();
    let mut strides: Vec<npyffi::npy_intp> = strides.iter().map(|&x| x as npyffi::npy_intp).collect();
    // SAFETY: the descriptor reference is stolen by PyArray_NewFromDescr; the buffers
    // outlive the call; the caller keeps `data` valid while the array is used.
    unsafe {
        let descr = PY_ARRAY_API.PyArray_DescrFromType(py, typenum(dtype) as i32);
        let subtype = npyffi::get_type_object(py, npyffi::NpyTypes::PyArray_Type);
        let arr = PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            subtype,
            descr,
            shape.len() as i32,
            shape.as_mut_ptr(),
            strides.as_mut_ptr(),
            data as *mut std::ffi::c_void,
            if writable { NPY_ARRAY_WRITEABLE } else { 0 },
            std::ptr::null_mut(),
        );
        if arr.is_null() {
            return Err(PyErr::fetch(py));
        }
        Ok(Bound::from_owned_ptr(py, arr))
    }
}

/// The byte range `[lo, hi)` an array's elements occupy.
fn extent(data: u64, shape: &[i64], strides: &[i64], itemsize: i64) -> (u64, u64) {
    let (mut lo, mut hi) = (0i64, 0i64);
    for (&n, &s) in shape.iter().zip(strides) {
        if n == 0 {
            return (data, data);
        }
        let span = (n - 1) * s;
        if span < 0 {
            lo += span;
        } else {
            hi += span;
        }
    }
    ((data as i64 + lo) as u64, (data as i64 + hi + itemsize) as u64)
}

/// Wrap an array returned by compiled code as an ndarray. Memory compiled code owns gets
/// a [`MemInfoOwner`] base; borrowed memory (a view of an argument or of a global) gets
/// the array it lies in as its base, so it stays valid.
fn unpack_array<'py>(py: Python<'py>, at: &ArrayType, words: &[u64], owners: &[Bound<'py, PyAny>]) -> PyResult<Bound<'py, PyAny>> {
    let n = at.ndim as usize;
    let meminfo = words[0];
    let data = words[1];
    let mut shape: Vec<npyffi::npy_intp> = words[2..2 + n].iter().map(|&w| w as i64 as npyffi::npy_intp).collect();
    let mut strides: Vec<npyffi::npy_intp> = words[2 + n..2 + 2 * n].iter().map(|&w| w as i64 as npyffi::npy_intp).collect();
    let base: Bound<'py, PyAny> = if meminfo != 0 {
        Bound::new(py, MemInfoOwner { meminfo: meminfo as usize })?.into_any()
    } else {
        let shape64: Vec<i64> = shape.iter().map(|&x| x as i64).collect();
        let strides64: Vec<i64> = strides.iter().map(|&x| x as i64).collect();
        let (lo, hi) = extent(data, &shape64, &strides64, at.dtype.itemsize() as i64);
        let found = owners.iter().find(|o| {
            let Ok(a) = o.cast::<PyUntypedArray>() else { return false };
            // SAFETY: live array object.
            let d = unsafe { (*a.as_array_ptr()).fields.data } as u64;
            let s: Vec<i64> = a.shape().iter().map(|&x| x as i64).collect();
            let st: Vec<i64> = a.strides().iter().map(|&x| x as i64).collect();
            let (olo, ohi) = extent(d, &s, &st, a.dtype().itemsize() as i64);
            lo >= olo && hi <= ohi && (lo < hi || lo == olo)
        });
        match found {
            Some(o) => o.clone(),
            None if lo == hi => {
                // An empty array: nothing to keep alive; give it fresh (empty) memory.
                let np = py.import("numpy")?;
                let dims: Vec<usize> = shape.iter().map(|&x| x as usize).collect();
                return np.call_method1("empty", (dims, at.dtype.name()));
            }
            None => {
                // A view outside every argument's memory: an index past the end of an
                // axis (not checked under boundscheck=False, as in Numba).
                return Err(pyo3::exceptions::PyIndexError::new_err(
                    "compiled code returned a view that reaches outside its array's memory: an index out of range? \
                     (indices are not checked: the function is compiled with boundscheck=False)",
                ));
            }
        }
    };
    let flags = if at.readonly { 0 } else { NPY_ARRAY_WRITEABLE };
    // SAFETY: the descriptor reference is stolen by PyArray_NewFromDescr; shape/strides
    // buffers outlive the call; `data` stays valid because `base` keeps it alive.
    unsafe {
        let descr = PY_ARRAY_API.PyArray_DescrFromType(py, typenum(at.dtype) as i32);
        let subtype = npyffi::get_type_object(py, npyffi::NpyTypes::PyArray_Type);
        let arr = PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            subtype,
            descr,
            n as i32,
            shape.as_mut_ptr(),
            strides.as_mut_ptr(),
            data as *mut std::ffi::c_void,
            flags,
            std::ptr::null_mut(),
        );
        if arr.is_null() {
            return Err(PyErr::fetch(py));
        }
        let arr = Bound::from_owned_ptr(py, arr);
        if PY_ARRAY_API.PyArray_SetBaseObject(py, arr.as_ptr() as *mut npyffi::PyArrayObject, base.into_ptr()) != 0 {
            return Err(PyErr::fetch(py));
        }
        Ok(arr)
    }
}
