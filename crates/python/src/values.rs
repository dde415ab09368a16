//! Python values and the entry ABI: typing arguments, packing them into 8-byte slots,
//! and boxing results.

use ferrojit_frontend::ArgType;
use ferrojit_ir::{FloatKind, IntKind, Type};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyTuple};
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
    if obj.is_none() {
        return ArgType::Known(Type::None);
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
    let name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
    ArgType::Unsupported(format!("a `{name}` object"))
}

/// Whether `obj` can be passed where `ty` is expected: exactly (the type `type_of` would
/// give), or by conversion (`convert`: an int where a float64 or int32 is declared).
pub fn matches(obj: &Bound<'_, PyAny>, ty: &Type, convert: bool) -> bool {
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
        Type::None => obj.is_none(),
        Type::Tuple(items) => match obj.cast::<PyTuple>() {
            Ok(t) => t.len() == items.len() && t.iter().zip(items).all(|(x, ty)| matches(&x, ty, convert)),
            Err(_) => false,
        },
    }
}

/// Argument slots: on the stack for the usual few arguments.
pub struct Slots {
    inline: [u64; 16],
    len: usize,
    spill: Vec<u64>,
}

impl Slots {
    pub fn new() -> Slots {
        Slots { inline: [0; 16], len: 0, spill: Vec::new() }
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
        Type::Int(IntKind::I64) => {
            if !obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyBool>() {
                return Ok(false);
            }
            pack(&obj, ty, out)?;
            Ok(true)
        }
        Type::Bool => {
            if !obj.is_instance_of::<PyBool>() {
                return Ok(false);
            }
            out.push(obj.is(&PyBool::new(obj.py(), true)) as u64);
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
        Type::None => {}
        Type::Tuple(items) => {
            let t = obj.cast::<PyTuple>().map_err(|_| PyTypeError::new_err("expected a tuple"))?;
            for (x, ty) in t.iter().zip(items) {
                pack(&x, ty, out)?;
            }
        }
    }
    Ok(())
}

/// Build the Python value of type `ty` from slots, advancing `pos`.
pub fn unpack<'py>(py: Python<'py>, ty: &Type, slots: &[u64], pos: &mut usize) -> PyResult<Bound<'py, PyAny>> {
    if let Type::Tuple(items) = ty {
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            values.push(unpack(py, item, slots, pos)?);
        }
        return Ok(PyTuple::new(py, values)?.into_any());
    }
    if *ty == Type::None {
        return Ok(py.None().into_bound(py));
    }
    let raw = slots[*pos];
    *pos += 1;
    Ok(match ty {
        Type::Bool => PyBool::new(py, raw != 0).to_owned().into_any(),
        Type::Int(IntKind::U64) => raw.into_pyobject(py)?.into_any(),
        Type::Int(_) => (raw as i64).into_pyobject(py)?.into_any(),
        Type::Float(_) => PyFloat::new(py, f64::from_bits(raw)).into_any(),
        _ => py.None().into_bound(py),
    })
}
