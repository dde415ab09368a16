//! The hooks behind `print` and `raise E(f"...")` in compiled code (crates/runtime/src/print.rs): the values
//! become Python objects (Python's own numbers; NumPy scalars for NumPy's sized types)
//! and go to `builtins.print`, so the output is CPython's, through `sys.stdout`
//! (redirections and Jupyter included). The GIL is taken for the call, also from a
//! `nogil=True` function. An exception raised by `print` (a closed stdout) becomes the
//! compiled function's exception, with its kind where it is a builtin one.

use ferrojit_ir::{DType, ExcKind};
use ferrojit_runtime::PrintItem;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

pub fn install_print_hook() {
    ferrojit_runtime::set_print_hook(|items, sep, end, flush, stderr| Python::attach(|py| print(py, items, sep, end, flush, stderr).map_err(|e| kind_and_text(py, e))));
    // `raise E(f"...")`: the message is `template.format(*values)`, as CPython's f-string.
    ferrojit_runtime::set_format_hook(|items, template| {
        Python::attach(|py| {
            let formatted = (|| -> PyResult<String> {
                let objects = PyTuple::new(py, objects(py, items)?)?;
                PyString::new(py, template).call_method1("format", objects)?.extract()
            })();
            formatted.map_err(|e| kind_and_text(py, e))
        })
    });
}

/// A Python exception as the runtime's (kind, message), its kind where it is a builtin one.
fn kind_and_text(py: Python<'_>, e: PyErr) -> (u32, String) {
    let name = e.get_type(py).name().map(|n| n.to_string()).unwrap_or_default();
    let kind = ExcKind::from_name(&name).unwrap_or(ExcKind::Exception);
    let text = e.value(py).str().map(|s| s.to_string()).unwrap_or_default();
    (kind.code(), text)
}

fn print(py: Python<'_>, items: &[PrintItem<'_>], sep: &str, end: &str, flush: bool, stderr: bool) -> PyResult<()> {
    let objects = objects(py, items)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("sep", sep)?;
    kwargs.set_item("end", end)?;
    kwargs.set_item("flush", flush)?;
    if stderr {
        // (looked up now: `contextlib.redirect_stderr` and pytest's capture see it)
        kwargs.set_item("file", py.import("sys")?.getattr("stderr")?)?;
    }
    py.import("builtins")?.getattr("print")?.call(PyTuple::new(py, objects)?, Some(&kwargs))?;
    Ok(())
}

/// The values as Python objects (a tuple marker gathers the items after it); arrays as
/// copies.
fn objects<'py>(py: Python<'py>, items: &[PrintItem<'_>]) -> PyResult<Vec<Bound<'py, PyAny>>> {
    objects_with(py, items, false)
}

/// [`objects`]; with `views`, arrays are writable views of compiled code's memory (valid
/// while the compiled code waits for the call).
pub fn objects_with<'py>(py: Python<'py>, items: &[PrintItem<'_>], views: bool) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let mut objects: Vec<Bound<'_, PyAny>> = Vec::with_capacity(items.len());
    let mut pos = 0;
    while pos < items.len() {
        objects.push(object_at(py, items, &mut pos, views)?);
    }
    Ok(objects)
}

fn object_at<'py>(py: Python<'py>, items: &[PrintItem<'_>], pos: &mut usize, views: bool) -> PyResult<Bound<'py, PyAny>> {
    let item = items.get(*pos).ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err("print: a tuple is missing items"))?;
    *pos += 1;
    Ok(match *item {
        PrintItem::Text(t) => PyString::new(py, t).into_any(),
        PrintItem::None => py.None().into_bound(py),
        PrintItem::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        PrintItem::Int(i) => i.into_pyobject(py)?.into_any(),
        PrintItem::Float(f) => f.into_pyobject(py)?.into_any(),
        PrintItem::Complex(re, im) => pyo3::types::PyComplex::from_doubles(py, re, im).into_any(),
        PrintItem::Numpy { dtype, bits, imag_bits } => numpy_scalar(py, dtype, bits, imag_bits)?,
        PrintItem::Tuple(n) => {
            let mut xs = Vec::with_capacity(n);
            for _ in 0..n {
                xs.push(object_at(py, items, pos, views)?);
            }
            // (a dict's or a set's representation: see `Type::dict`)
            match (n, xs.first().and_then(|m| m.extract::<String>().ok()).as_deref()) {
                (5, Some(ferrojit_ir::DICT_MARKER)) => return printed_dict(py, &xs),
                (5, Some(ferrojit_ir::SET_MARKER)) => {
                    // (its items in its table's order, which is CPython's: a new Python
                    // set could order them otherwise)
                    let d = printed_dict(py, &xs)?;
                    let items = pyo3::types::PyList::new(py, d.try_iter()?.collect::<PyResult<Vec<_>>>()?)?;
                    return py.import("ferrojit._printing")?.getattr("SetText")?.call_method1("of", (items,));
                }
                _ => {}
            }
            PyTuple::new(py, xs)?.into_any()
        }
        PrintItem::List { list, ty } => {
            let item = match ferrojit_ir::parse_type_text(ty) {
                Ok(ferrojit_ir::Type::List(t)) => *t,
                _ => return Err(pyo3::exceptions::PyRuntimeError::new_err(format!("print: unknown list type {ty}"))),
            };
            crate::values::list_items(py, list, &item, &[])?.into_any()
        }
        PrintItem::Array { words, dtype, ndim } => {
            // SAFETY: the compiled code wrote 1 + 2 * ndim words there and waits for
            // this call to return.
            let w = unsafe { std::slice::from_raw_parts(words, 1 + 2 * ndim) };
            let dtype = DType::from_runtime_code(dtype as i32)
                .ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err(format!("print: unknown dtype code {dtype}")))?;
            if views {
                crate::values::array_view(py, dtype, w[0] as u64, &w[1..1 + ndim], &w[1 + ndim..], true)?
            } else {
                // A read-only view of the memory, copied so that the printed object outlives nothing.
                crate::values::array_view(py, dtype, w[0] as u64, &w[1..1 + ndim], &w[1 + ndim..], false)?.call_method0("copy")?
            }
        }
    })
}

/// The dict whose representation (see `Type::dict`) was printed as the tuple `parts`:
/// its live entries in insertion order.
fn printed_dict<'py>(py: Python<'py>, parts: &[Bound<'py, PyAny>]) -> PyResult<Bound<'py, PyAny>> {
    let d = pyo3::types::PyDict::new(py);
    let hashes: Vec<i64> = parts[3].extract()?;
    for (i, (k, v)) in parts[1].try_iter()?.zip(parts[2].try_iter()?).enumerate() {
        if hashes.get(i) != Some(&-1) {
            d.set_item(k?, v?)?;
        }
    }
    Ok(d.into_any())
}

/// `numpy.<dtype>(value)` from the bits compiled code holds.
fn numpy_scalar(py: Python<'_>, code: u32, bits: u64, imag_bits: u64) -> PyResult<Bound<'_, PyAny>> {
    let dtype = DType::from_runtime_code(code as i32)
        .ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err(format!("print: unknown dtype code {code}")))?;
    let ty = py.import("numpy")?.getattr(dtype.name())?;
    match dtype {
        DType::Bool => ty.call1((bits != 0,)),
        DType::Int(k) if k.signed() => ty.call1((bits as i64,)),
        DType::Int(_) => ty.call1((bits,)),
        DType::Float(ferrojit_ir::FloatKind::F32) => ty.call1((f32::from_bits(bits as u32) as f64,)),
        DType::Float(_) => ty.call1((f64::from_bits(bits),)),
        DType::Complex(ferrojit_ir::FloatKind::F32) => {
            let z = pyo3::types::PyComplex::from_doubles(py, f32::from_bits(bits as u32) as f64, f32::from_bits(imag_bits as u32) as f64);
            ty.call1((z,))
        }
        DType::Complex(_) => ty.call1((pyo3::types::PyComplex::from_doubles(py, f64::from_bits(bits), f64::from_bits(imag_bits)),)),
    }
}
