//! `ferrojit.types`: Numba's type objects (`float64`, `int32`, ...) and signatures.

use ferrojit_ir::{parse_signature as parse, type_from_name, Signature, Type};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

#[pyclass(name = "Type", module = "ferrojit.types", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NativeType {
    pub ty: Type,
}

#[pymethods]
impl NativeType {
    #[new]
    fn new(name: &str) -> PyResult<NativeType> {
        if let Some(ty) = type_from_name(name) {
            return Ok(NativeType { ty });
        }
        ferrojit_ir::parse_type(name).map(|ty| NativeType { ty }).map_err(PyTypeError::new_err)
    }

    #[getter]
    fn name(&self) -> String {
        self.ty.to_string()
    }

    fn __repr__(&self) -> String {
        self.ty.to_string()
    }

    fn __str__(&self) -> String {
        self.ty.to_string()
    }

    /// What kind of type this is, for `@overload` functions that choose an
    /// implementation: "bool", "int", "float", "tuple", "none", "array" or "pointer"
    /// (`isinstance(t, types.Array)` and friends test it).
    #[getter]
    fn kind(&self) -> &'static str {
        match &self.ty {
            Type::Bool => "bool",
            Type::Int(_) => "int",
            Type::Float(_) => "float",
            Type::Complex(_) => "complex",
            Type::Tuple(_) => "tuple",
            Type::None => "none",
            Type::Array(_) => "array",
            Type::Pointer(_) => "pointer",
            Type::Function(_) => "function",
            Type::Optional(_) => "optional",
            Type::Str(_) | Type::Text => "str",
            Type::List(_) => "list",
            Type::Unknown => "unknown",
        }
    }

    /// A string known when compiling: its value (Numba's `StringLiteral.literal_value`);
    /// None for other types.
    #[getter]
    fn literal_value(&self) -> Option<String> {
        match &self.ty {
            Type::Str(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// An array's number of dimensions (0 for other types).
    #[getter]
    fn ndim(&self) -> u8 {
        match &self.ty {
            Type::Array(a) => a.ndim,
            _ => 0,
        }
    }

    /// An array's element type (a list's item type); a scalar type is its own dtype.
    #[getter]
    fn dtype(&self) -> Option<NativeType> {
        match &self.ty {
            Type::Array(a) => Some(NativeType { ty: a.dtype.to_type() }),
            Type::List(t) => Some(NativeType { ty: (**t).clone() }),
            t if t.is_number() => Some(NativeType { ty: t.clone() }),
            _ => None,
        }
    }

    /// An array's layout: "C", "F" or "A" (any strides).
    #[getter]
    fn layout(&self) -> Option<&'static str> {
        match &self.ty {
            Type::Array(a) => Some(match a.layout {
                ferrojit_ir::Layout::C => "C",
                ferrojit_ir::Layout::F => "F",
                ferrojit_ir::Layout::A => "A",
            }),
            _ => None,
        }
    }

    /// A number's width in bits (bool: 8).
    #[getter]
    fn bitwidth(&self) -> Option<u32> {
        match &self.ty {
            Type::Bool => Some(8),
            Type::Int(k) => Some(k.bits()),
            Type::Float(ferrojit_ir::FloatKind::F32) => Some(32),
            Type::Float(_) => Some(64),
            _ => None,
        }
    }

    /// Whether an integer type is signed.
    #[getter]
    fn signed(&self) -> Option<bool> {
        match &self.ty {
            Type::Int(k) => Some(k.signed()),
            _ => None,
        }
    }

    /// A tuple's element types.
    #[getter]
    fn types(&self) -> Vec<NativeType> {
        match &self.ty {
            Type::Tuple(ts) => ts.iter().map(|t| NativeType { ty: t.clone() }).collect(),
            _ => vec![],
        }
    }

    /// `float64[:]`, `float64[:, ::1]` (C), `float64[::1, :]` (F): an array type, as in
    /// Numba (the same as the signature string `"f8[:]"`).
    fn __getitem__(&self, key: &Bound<'_, PyAny>) -> PyResult<NativeType> {
        if !self.ty.is_numeric() && self.ty != Type::Bool {
            return Err(PyTypeError::new_err(format!("{} cannot be the element type of an array", self.ty)));
        }
        let items: Vec<Bound<'_, PyAny>> = match key.cast::<PyTuple>() {
            Ok(t) => t.iter().collect(),
            Err(_) => vec![key.clone()],
        };
        let mut axes = Vec::new();
        for item in &items {
            let slice = item.cast::<pyo3::types::PySlice>().map_err(|_| {
                PyTypeError::new_err(format!("array types are written with slices (`{}[:]`, `{}[:, ::1]`), not {}", self.ty, self.ty, item))
            })?;
            let (start, stop, step) = (slice.getattr("start")?, slice.getattr("stop")?, slice.getattr("step")?);
            if !start.is_none() || !stop.is_none() {
                return Err(PyTypeError::new_err("array types take `:` or `::1` for each axis"));
            }
            axes.push(if step.is_none() {
                ":"
            } else if step.extract::<i64>().ok() == Some(1) {
                "::1"
            } else {
                return Err(PyTypeError::new_err("array types take `:` or `::1` for each axis"));
            });
        }
        let spec = format!("{}[{}]", self.ty, axes.join(","));
        ferrojit_ir::parse_type(&spec).map(|ty| NativeType { ty }).map_err(PyTypeError::new_err)
    }

    /// `float64(int64, int64)` makes a signature.
    #[pyo3(signature = (*args))]
    fn __call__(&self, args: &Bound<'_, PyTuple>) -> PyResult<NativeSignature> {
        let mut types = Vec::new();
        for a in args.iter() {
            types.push(type_of_spec(&a)?);
        }
        Ok(NativeSignature { sig: Signature { args: types, ret: Some(self.ty.clone()) } })
    }
}

#[pyclass(name = "Signature", module = "ferrojit.types", frozen)]
#[derive(Clone)]
pub struct NativeSignature {
    pub sig: Signature,
}

#[pymethods]
impl NativeSignature {
    fn __repr__(&self) -> String {
        self.sig.to_string()
    }

    #[getter]
    fn args(&self, py: Python<'_>) -> PyResult<Py<PyTuple>> {
        let items: Vec<NativeType> = self.sig.args.iter().cloned().map(|ty| NativeType { ty }).collect();
        Ok(PyTuple::new(py, items)?.unbind())
    }

    #[getter]
    fn return_type(&self) -> Option<NativeType> {
        self.sig.ret.clone().map(|ty| NativeType { ty })
    }
}

/// `CPointer(float64)`: a C pointer type for cfunc signatures.
#[pyfunction]
#[pyo3(name = "CPointer")]
pub fn cpointer(t: &Bound<'_, PyAny>) -> PyResult<NativeType> {
    let ty = type_of_spec(t)?;
    let d = ferrojit_ir::DType::from_type(&ty).ok_or_else(|| PyTypeError::new_err(format!("CPointer({ty}): pointers to numbers only")))?;
    Ok(NativeType { ty: Type::Pointer(Some(d)) })
}

/// A type given as a `Type` object or a type string.
pub fn type_of_spec(obj: &Bound<'_, PyAny>) -> PyResult<Type> {
    if let Ok(t) = obj.cast::<NativeType>() {
        return Ok(t.get().ty.clone());
    }
    if let Ok(s) = obj.extract::<String>() {
        return ferrojit_ir::parse_type(&s).map_err(PyTypeError::new_err);
    }
    Err(PyTypeError::new_err(format!("expected a ferrojit type, got {}", obj.repr()?)))
}

/// Parse a signature given as a string (`"f8(f8, i8)"`), a `Signature`, or a tuple of
/// argument types.
#[pyfunction]
pub fn parse_signature(obj: &Bound<'_, PyAny>) -> PyResult<NativeSignature> {
    if let Ok(s) = obj.cast::<NativeSignature>() {
        return Ok(s.get().clone());
    }
    if let Ok(text) = obj.extract::<String>() {
        return parse(&text).map(|sig| NativeSignature { sig }).map_err(|e| PyTypeError::new_err(e.to_string()));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let args = t.iter().map(|a| type_of_spec(&a)).collect::<PyResult<Vec<_>>>()?;
        return Ok(NativeSignature { sig: Signature { args, ret: None } });
    }
    Err(PyTypeError::new_err(format!(
        "a signature must be a string like \"f8(f8, i8)\" or built from ferrojit.types, not {}",
        obj.repr()?
    )))
}
