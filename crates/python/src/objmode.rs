//! The hook behind `with objmode(...)` blocks (crates/frontend/src/objmode.rs,
//! crates/runtime/src/print.rs `ferrojit_rt_pycall`): with the GIL taken (also from a
//! `nogil=True` function), the block's function is called with the values compiled code
//! hands over (numbers, strings, tuples; arrays as writable views of the same memory), and
//! its result is converted to the declared output types into entry-ABI slots: numbers as
//! the arguments of a compiled function are, strings as run-time strings, arrays copied
//! (C order) into runtime memory that compiled code then owns.

use ferrojit_ir::{ExcKind, Type};
use ferrojit_runtime::PrintItem;
use numpy::{PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

pub fn install() {
    ferrojit_runtime::set_pycall_hook(|func, items, ty, out| Python::attach(|py| call(py, func, items, ty, out).map_err(|e| kind_and_text(py, e))));
}

fn call(py: Python<'_>, func: u64, items: &[PrintItem<'_>], ty: &str, out: *mut u64) -> PyResult<()> {
    let f = crate::values::function_object(py, func).ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("objmode: unknown block"))?;
    let args = crate::print::objects_with(py, items, true)?;
    let result = f.call1(PyTuple::new(py, args)?)?;
    let ty = ferrojit_ir::parse_type(ty).map_err(pyo3::exceptions::PyRuntimeError::new_err)?;
    if ty == Type::None {
        return Ok(());
    }
    let mut slots = Vec::new();
    let mut made = Vec::new();
    if let Err(e) = pack_owned(&result, &ty, &mut slots, &mut made) {
        for m in made {
            // SAFETY: made just now, holding one reference each.
            unsafe { ferrojit_runtime::release(m) };
        }
        return Err(e);
    }
    // SAFETY: compiled code made room for this type's slots at `out`.
    unsafe { std::ptr::copy_nonoverlapping(slots.as_ptr(), out, slots.len()) };
    Ok(())
}

/// `obj` as slots of type `ty`, owning its memory (the runtime blocks made are in `made`).
fn pack_owned(obj: &Bound<'_, PyAny>, ty: &Type, out: &mut Vec<u64>, made: &mut Vec<*mut ferrojit_runtime::MemInfo>) -> PyResult<()> {
    let mismatch = || PyTypeError::new_err(format!("objmode output: expected {ty}, got {}", obj.get_type().name().map(|n| n.to_string()).unwrap_or_default()));
    match ty {
        Type::Tuple(items) => {
            let t = obj.cast::<PyTuple>().map_err(|_| mismatch())?;
            if t.len() != items.len() {
                return Err(mismatch());
            }
            for (x, t) in t.iter().zip(items) {
                pack_owned(&x, t, out, made)?;
            }
        }
        Type::Text => {
            let s = obj.cast::<PyString>().map_err(|_| mismatch())?.to_str()?;
            let m = ferrojit_runtime::str_from_text(s);
            if m.is_null() {
                return Err(pyo3::exceptions::PyMemoryError::new_err("out of memory"));
            }
            made.push(m);
            out.push(m as u64);
        }
        Type::Array(at) => {
            let a = obj.cast::<PyUntypedArray>().map_err(|_| mismatch())?;
            let np = obj.py().import("numpy")?;
            let want = np.getattr("dtype")?.call1((at.dtype.name(),))?;
            if a.ndim() != at.ndim as usize || !a.dtype().as_any().eq(&want)? {
                return Err(PyTypeError::new_err(format!(
                    "objmode output: expected {ty}, got an array of {} with {} dimensions",
                    a.dtype(),
                    a.ndim()
                )));
            }
            let c = np.call_method1("ascontiguousarray", (a,))?;
            let c = c.cast::<PyUntypedArray>()?;
            let itemsize = at.dtype.itemsize() as i64;
            let shape: Vec<i64> = c.shape().iter().map(|&n| n as i64).collect();
            let bytes = shape.iter().product::<i64>() * itemsize;
            let m = ferrojit_runtime::ferrojit_rt_alloc(bytes);
            if m.is_null() {
                return Err(pyo3::exceptions::PyMemoryError::new_err("out of memory"));
            }
            made.push(m);
            // SAFETY: a fresh block of `bytes` bytes; `c` is C-contiguous with that many.
            let data = unsafe {
                let data = (*m).data;
                std::ptr::copy_nonoverlapping((*c.as_array_ptr()).fields.data as *const u8, data, bytes as usize);
                data
            };
            out.push(m as u64);
            out.push(data as u64);
            out.extend(shape.iter().map(|&n| n as u64));
            let mut strides = vec![itemsize; shape.len()];
            for d in (0..shape.len().saturating_sub(1)).rev() {
                strides[d] = strides[d + 1] * shape[d + 1];
            }
            out.extend(strides.iter().map(|&s| s as u64));
        }
        t if t.is_number() => {
            let mut slots = crate::values::Slots::new();
            crate::values::pack(obj, t, &mut slots).map_err(|_| mismatch())?;
            out.extend_from_slice(slots.as_slice());
        }
        _ => return Err(mismatch()),
    }
    Ok(())
}

/// A Python exception as the runtime's (kind, message): the nearest builtin class it
/// derives from that compiled code knows (`Exception` otherwise, the message naming it).
fn kind_and_text(py: Python<'_>, e: PyErr) -> (u32, String) {
    let text = e.value(py).str().map(|s| s.to_string()).unwrap_or_default();
    let ty = e.get_type(py);
    let name = ty.name().map(|n| n.to_string()).unwrap_or_default();
    if let Ok(mro) = ty.getattr("__mro__").and_then(|m| m.extract::<Vec<Bound<'_, PyAny>>>()) {
        for base in mro {
            let base_name: String = base.getattr("__name__").and_then(|n| n.extract()).unwrap_or_default();
            if let Some(k) = ExcKind::from_name(&base_name) {
                let message = if base_name == name { text } else { format!("{name}: {text}") };
                return (k.code(), message);
            }
        }
    }
    (ExcKind::Exception.code(), format!("{name}: {text}"))
}
