//! `@vectorize` as a real `numpy.ufunc`: each signature's scalar kernel compiled into a
//! NumPy inner loop (crates/llvm/src/entry.rs `emit_ufunc_loop`), registered with
//! `PyUFunc_FromFuncAndData`, so NumPy does the rest — broadcasting, `out=`, `where=`,
//! `dtype=`, casting and loop selection, `reduce`/`accumulate`/`outer`/`at`,
//! `__array_ufunc__` dispatch.
//!
//! Every loop NumPy calls is [`trampoline`], with the compiled loop in its data: it runs
//! the loop (on the calling thread, or split into chunks on the process-wide pool for
//! `target="parallel"`) and, when the kernel raised, makes that exception the Python
//! error (NumPy then reports it as the ufunc call's failure).
//!
//! Invariants: signatures are scalar (numbers and bools); what NumPy is given (loops,
//! their data, type codes, names) lives as long as the process, as ufuncs do.

use crate::driver::CompileOptions;
use crate::errors::{backend_error, runtime_error};
use crate::types::parse_signature;
use ferrojit_frontend::program::Declared;
use ferrojit_frontend::ArgType;
use ferrojit_ir::{DType, Type};
use numpy::npyffi::{npy_intp, PyUFuncGenericFunction, PY_UFUNC_API};
use ferrojit_ir::Layout;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::ffi::{c_char, c_void, CString};

/// What a loop's `data` points at.
struct LoopData {
    /// `i32 loop(char **args, npy_intp *dims, npy_intp *steps, void *data)`.
    entry: usize,
    parallel: bool,
    /// Operands (inputs and the output).
    nargs: usize,
}

type CompiledLoop = unsafe extern "C" fn(*mut *mut c_char, *mut npy_intp, *mut npy_intp, *mut c_void) -> i32;

extern "C" {
    /// C99's `<fenv.h>` (glibc's libm).
    fn feclearexcept(excepts: std::ffi::c_int) -> std::ffi::c_int;
}

#[cfg(target_arch = "x86_64")]
const FE_ALL_EXCEPT: std::ffi::c_int = 0x3d;
#[cfg(not(target_arch = "x86_64"))]
const FE_ALL_EXCEPT: std::ffi::c_int = 0x1f;

/// Below this many elements a parallel loop runs on the calling thread.
const PARALLEL_MIN: npy_intp = 1 << 14;

/// The inner loop NumPy calls for every signature.
///
/// # Safety
/// Called by NumPy with `nargs` operand pointers and steps, and the `LoopData` this
/// module leaked for the loop.
unsafe extern "C" fn trampoline(args: *mut *mut c_char, dims: *mut npy_intp, steps: *mut npy_intp, data: *mut c_void) {
    // SAFETY: `data` is the `LoopData` given to NumPy with this loop.
    let d = unsafe { &*(data as *const LoopData) };
    // SAFETY: a compiled loop with this ABI (entry.rs `emit_ufunc_loop`).
    let f: CompiledLoop = unsafe { std::mem::transmute::<usize, CompiledLoop>(d.entry) };
    // SAFETY: NumPy's arguments.
    let n = unsafe { *dims };
    let failed = if d.parallel && n >= PARALLEL_MIN {
        // SAFETY: NumPy's arguments, split into disjoint chunks.
        unsafe { crate::pool::run_chunks(f, args, steps, d.nargs, n) }
    } else {
        // SAFETY: NumPy's arguments.
        let status = unsafe { f(args, dims, steps, std::ptr::null_mut()) };
        if status != 0 {
            ferrojit_runtime::take_error()
        } else {
            None
        }
    };
    // Floating-point flags the kernel left are not reported: compiled code may compute
    // both sides of a branch (`sqrt(x) if x > 0 else 0.0`), which would make NumPy warn
    // about values the program never used.
    // SAFETY: clearing this thread's FP status flags.
    unsafe { feclearexcept(FE_ALL_EXCEPT) };
    if let Some((code, message)) = failed {
        Python::attach(|py| runtime_error(code, message).restore(py));
    }
}

/// The ufuncs made here: (the ufunc object's address, its kernel, its loops' argument
/// and result types), so compiled code calling one calls the kernel itself.
type Made = (usize, Py<PyAny>, Vec<(Vec<Type>, Type)>);
static MADE: std::sync::Mutex<Vec<Made>> = std::sync::Mutex::new(Vec::new());

/// The kernel and loops of `obj` if it is a ufunc `make_ufunc` made.
pub fn vectorized<'py>(obj: &Bound<'py, PyAny>) -> Option<(Bound<'py, PyAny>, Vec<(Vec<Type>, Type)>)> {
    let made = MADE.lock().unwrap_or_else(|p| p.into_inner());
    made.iter().find(|(addr, _, _)| *addr == obj.as_ptr() as usize).map(|(_, f, loops)| (f.bind(obj.py()).clone(), loops.clone()))
}

/// `make_ufunc(py_func, signatures, name, doc, identity, options, parallel)`: a
/// `numpy.ufunc` with one compiled loop per signature (`"f8(f8, f8)"` or
/// `types.float64(types.float64, ...)`); a signature without a return type gets the
/// kernel's own.
#[pyfunction]
#[pyo3(signature = (py_func, signatures, name, doc, identity, options, parallel))]
pub fn make_ufunc<'py>(
    py: Python<'py>,
    py_func: Bound<'py, PyAny>,
    signatures: Bound<'py, PyList>,
    name: String,
    doc: String,
    identity: i32,
    options: Bound<'py, PyDict>,
    parallel: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let options = CompileOptions::from_dict(&options)?;
    let code = py_func.getattr("__code__").map_err(|_| PyTypeError::new_err("vectorize() compiles Python functions"))?;
    let n_params: usize = code.getattr("co_argcount")?.extract()?;
    if signatures.is_empty() {
        return Err(PyValueError::new_err("a ufunc needs at least one signature"));
    }
    let mut funcs: Vec<PyUFuncGenericFunction> = Vec::new();
    let mut data: Vec<*mut c_void> = Vec::new();
    let mut types: Vec<c_char> = Vec::new();
    let mut loops = Vec::new();
    for s in signatures.iter() {
        let sig = parse_signature(&s)?.sig;
        if sig.args.len() != n_params {
            return Err(PyTypeError::new_err(format!("signature {sig} has {} argument types but `{name}` takes {n_params} arguments", sig.args.len())));
        }
        for t in sig.args.iter().chain(sig.ret.iter()) {
            if DType::from_type(t).is_none() {
                return Err(PyTypeError::new_err(format!("signature {sig}: a ufunc's arguments and result are numbers or bools, not {t}")));
            }
        }
        let args: Vec<ArgType> = sig.args.iter().cloned().map(ArgType::Known).collect();
        let declared = Declared { ret: sig.ret.clone(), locals: options.locals.clone(), ..Default::default() };
        let (program, keepalive) = crate::driver::typed_program(py_func.clone(), &args, &declared, &options, &name)?;
        let ret = program.entry_function().ret.clone();
        let Some(ret_dtype) = DType::from_type(&ret) else {
            return Err(PyTypeError::new_err(format!("`{name}` returns {ret} for {}: a ufunc's result is a number or a bool", format_args(&sig.args))));
        };
        let compiled = py
            .detach(|| std::panic::catch_unwind(|| ferrojit_llvm::compile_ufunc_loop(&program)))
            .map_err(|p| crate::dispatcher::panic_error("the LLVM backend", p))?
            .map_err(backend_error)?;
        // The code and what it refers to live as long as the ufunc (the process).
        std::mem::forget(keepalive);
        std::mem::forget(program);
        loops.push((sig.args.clone(), ret.clone()));
        let loop_data = Box::new(LoopData { entry: compiled.entry, parallel, nargs: sig.args.len() + 1 });
        funcs.push(Some(trampoline));
        data.push(Box::into_raw(loop_data) as *mut c_void);
        for t in sig.args.iter().chain(std::iter::once(&ret)) {
            let d = DType::from_type(t).unwrap_or(ret_dtype);
            types.push(crate::values::typenum(d) as i32 as c_char);
        }
    }
    let ntypes = funcs.len() as i32;
    let name_c = CString::new(name.clone()).map_err(|_| PyValueError::new_err("a ufunc name without NUL characters"))?;
    let doc_c = CString::new(doc).unwrap_or_default();
    let funcs = Box::leak(funcs.into_boxed_slice());
    let data = Box::leak(data.into_boxed_slice());
    let types = Box::leak(types.into_boxed_slice());
    let name_p = name_c.into_raw();
    let doc_p = doc_c.into_raw();
    // SAFETY: the arrays and strings are leaked (they live as long as the ufunc); the
    // counts match them.
    unsafe {
        let u = PY_UFUNC_API.PyUFunc_FromFuncAndData(
            py,
            funcs.as_mut_ptr(),
            data.as_mut_ptr(),
            types.as_mut_ptr(),
            ntypes,
            n_params as i32,
            1,
            identity,
            name_p,
            doc_p,
            0,
        );
        if u.is_null() {
            return Err(PyErr::fetch(py));
        }
        // (the ufunc object is never freed while its loops exist: kept here with them)
        MADE.lock().unwrap_or_else(|p| p.into_inner()).push((u as usize, py_func.clone().unbind(), loops));
        pyo3::ffi::Py_IncRef(u); // kept alive: its address identifies it in MADE
        Ok(Bound::from_owned_ptr(py, u))
    }
}

fn format_args(args: &[Type]) -> String {
    let items: Vec<String> = args.iter().map(|t| t.to_string()).collect();
    format!("({})", items.join(", "))
}

// ---- @guvectorize -----------------------------------------------------------------

/// One operand of a generalized ufunc: its array rank in the kernel (`None`: a number)
/// and the core dimensions NumPy gives it (indices into `dims[1..]`).
#[derive(Clone)]
struct Operand {
    ndim: Option<usize>,
    core: Vec<usize>,
}

/// What a generalized loop's `data` points at.
struct GuLoopData {
    /// `i32 loop(char **args, i64 n, i64 *steps, i64 *core_shapes, i64 *core_strides)`.
    entry: usize,
    parallel: bool,
    operands: Vec<Operand>,
}

type CompiledGuLoop = unsafe extern "C" fn(*mut *mut c_char, i64, *const i64, *const i64, *const i64) -> i32;

/// The inner loop NumPy calls for every `@guvectorize` signature: lays out each array
/// operand's core shape and strides (a number for a `()` operand declared as an array
/// is a one-element view, as in Numba), then runs the compiled loop.
///
/// # Safety
/// Called by NumPy with a generalized ufunc's arguments and this module's `GuLoopData`.
unsafe extern "C" fn gu_trampoline(args: *mut *mut c_char, dims: *mut npy_intp, steps: *mut npy_intp, data: *mut c_void) {
    // SAFETY: the data given to NumPy with this loop, and NumPy's arguments.
    let (d, n) = unsafe { (&*(data as *const GuLoopData), *dims) };
    let nargs = d.operands.len();
    let (mut shapes, mut strides) = (Vec::new(), Vec::new());
    let mut core_step = nargs;
    for op in &d.operands {
        if op.ndim.is_some() {
            if op.core.is_empty() {
                shapes.push(1i64);
                strides.push(0i64);
            } else {
                for (j, &ix) in op.core.iter().enumerate() {
                    // SAFETY: NumPy passes the core dimensions and their strides.
                    unsafe {
                        shapes.push(*dims.add(1 + ix) as i64);
                        strides.push(*steps.add(core_step + j) as i64);
                    }
                }
            }
        }
        core_step += op.core.len();
    }
    // SAFETY: a compiled loop with this ABI (entry.rs `emit_gufunc_loop`).
    let f: CompiledGuLoop = unsafe { std::mem::transmute::<usize, CompiledGuLoop>(d.entry) };
    // SAFETY: NumPy's outer steps and operand pointers (as addresses: shared by the chunks).
    let outer: Vec<i64> = (0..nargs).map(|k| unsafe { *steps.add(k) } as i64).collect();
    let bases: Vec<usize> = (0..nargs).map(|k| unsafe { *args.add(k) } as usize).collect();
    let run = |start: i64, len: i64| -> Option<(u32, String)> {
        let mut ptrs: Vec<*mut c_char> = (0..nargs).map(|k| (bases[k] as isize + (start * outer[k]) as isize) as *mut c_char).collect();
        // SAFETY: a range of NumPy's outer loop.
        let status = unsafe { f(ptrs.as_mut_ptr(), len, outer.as_ptr(), shapes.as_ptr(), strides.as_ptr()) };
        if status != 0 {
            ferrojit_runtime::take_error()
        } else {
            None
        }
    };
    let failed = if d.parallel && n > 1 { ferrojit_runtime::run_ranges(n as i64, &run) } else { run(0, n as i64) };
    // SAFETY: clearing this thread's FP status flags (see `trampoline`).
    unsafe { feclearexcept(FE_ALL_EXCEPT) };
    if let Some((code, message)) = failed {
        Python::attach(|py| runtime_error(code, message).restore(py));
    }
}

/// `make_gufunc(py_func, signatures, layout, cores, nin, name, doc, options, parallel)`:
/// a generalized `numpy.ufunc` (`PyUFunc_FromFuncAndDataAndSignature`) with one compiled
/// loop per signature (`"void(float64[:], float64, float64[:])"`); `layout` is the
/// signature string NumPy checks (`"(n),()->(n)"`), `cores` each operand's core
/// dimensions as indices of their names in order of first appearance.
#[pyfunction]
#[pyo3(signature = (py_func, signatures, layout, cores, nin, name, doc, options, parallel))]
#[allow(clippy::too_many_arguments)]
pub fn make_gufunc<'py>(
    py: Python<'py>,
    py_func: Bound<'py, PyAny>,
    signatures: Bound<'py, PyList>,
    layout: String,
    cores: Vec<Vec<usize>>,
    nin: usize,
    name: String,
    doc: String,
    options: Bound<'py, PyDict>,
    parallel: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let options = CompileOptions::from_dict(&options)?;
    let nargs = cores.len();
    let code = py_func.getattr("__code__").map_err(|_| PyTypeError::new_err("guvectorize() compiles Python functions"))?;
    let n_params: usize = code.getattr("co_argcount")?.extract()?;
    if n_params != nargs {
        return Err(PyTypeError::new_err(format!("the layout {layout:?} has {nargs} operands but `{name}` takes {n_params} arguments")));
    }
    if signatures.is_empty() {
        return Err(PyValueError::new_err("a gufunc needs at least one signature"));
    }
    let mut funcs: Vec<PyUFuncGenericFunction> = Vec::new();
    let mut data: Vec<*mut c_void> = Vec::new();
    let mut types: Vec<c_char> = Vec::new();
    for s in signatures.iter() {
        let sig = parse_signature(&s)?.sig;
        if sig.args.len() != nargs {
            return Err(PyTypeError::new_err(format!("signature {sig} has {} argument types but the layout {layout:?} has {nargs} operands", sig.args.len())));
        }
        if sig.ret.as_ref().is_some_and(|r| *r != Type::None) {
            return Err(PyTypeError::new_err(format!("signature {sig}: a guvectorize kernel returns nothing (void); it writes its outputs")));
        }
        let mut operands = Vec::new();
        let mut args = Vec::new();
        for (k, t) in sig.args.iter().enumerate() {
            let core = cores[k].clone();
            let (ty, ndim) = match t {
                // Any layout: NumPy's core strides may be anything.
                Type::Array(a) => (Type::Array(ferrojit_ir::ArrayType { layout: Layout::A, readonly: false, ..*a }), Some(a.ndim as usize)),
                t if DType::from_type(t).is_some() => (t.clone(), None),
                t => return Err(PyTypeError::new_err(format!("signature {sig}: operand {k} is a {t}; gufunc operands are arrays or numbers"))),
            };
            match ndim {
                Some(nd) if nd != core.len() && !(core.is_empty() && nd == 1) => {
                    return Err(PyTypeError::new_err(format!("signature {sig}: operand {k} is a {nd}-d array but the layout {layout:?} gives it {} core dimensions", core.len())));
                }
                None if !core.is_empty() => {
                    return Err(PyTypeError::new_err(format!("signature {sig}: operand {k} is a number but the layout {layout:?} gives it core dimensions")));
                }
                _ => {}
            }
            if k >= nin && ndim.is_none() {
                return Err(PyTypeError::new_err(format!("signature {sig}: output operand {k} must be an array (a `()` output is a 1-element array, as in Numba)")));
            }
            let dtype = match &ty {
                Type::Array(a) => a.dtype,
                t => DType::from_type(t).ok_or_else(|| PyTypeError::new_err("operand type"))?,
            };
            types.push(crate::values::typenum(dtype) as i32 as c_char);
            operands.push(Operand { ndim, core });
            args.push(ArgType::Known(ty));
        }
        let declared = Declared { ret: Some(Type::None), locals: options.locals.clone(), ..Default::default() };
        let (program, keepalive) = crate::driver::typed_program(py_func.clone(), &args, &declared, &options, &name)?;
        let compiled = py
            .detach(|| std::panic::catch_unwind(|| ferrojit_llvm::compile_gufunc_loop(&program)))
            .map_err(|p| crate::dispatcher::panic_error("the LLVM backend", p))?
            .map_err(backend_error)?;
        std::mem::forget(keepalive);
        std::mem::forget(program);
        funcs.push(Some(gu_trampoline));
        data.push(Box::into_raw(Box::new(GuLoopData { entry: compiled.entry, parallel, operands })) as *mut c_void);
    }
    let ntypes = funcs.len() as i32;
    let name_p = CString::new(name).map_err(|_| PyValueError::new_err("a gufunc name without NUL characters"))?.into_raw();
    let doc_p = CString::new(doc).unwrap_or_default().into_raw();
    let layout_p = CString::new(layout).map_err(|_| PyValueError::new_err("a layout without NUL characters"))?.into_raw();
    let funcs = Box::leak(funcs.into_boxed_slice());
    let data = Box::leak(data.into_boxed_slice());
    let types = Box::leak(types.into_boxed_slice());
    // SAFETY: as in `make_ufunc`; NumPy parses and checks the layout string.
    unsafe {
        let u = PY_UFUNC_API.PyUFunc_FromFuncAndDataAndSignature(
            py,
            funcs.as_mut_ptr(),
            data.as_mut_ptr(),
            types.as_mut_ptr(),
            ntypes,
            nin as i32,
            (nargs - nin) as i32,
            -1,
            name_p,
            doc_p,
            0,
            layout_p,
        );
        if u.is_null() {
            return Err(PyErr::fetch(py));
        }
        Ok(Bound::from_owned_ptr(py, u))
    }
}
