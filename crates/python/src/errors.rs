//! Exception classes and the conversion of every Rust error into a Python exception.

use ferrojit_frontend::FrontendError;
use ferrojit_ir::ExcKind;
use ferrojit_llvm::BackendError;
use pyo3::exceptions::{
    PyAssertionError, PyException, PyIndexError, PyOverflowError, PyRuntimeError, PyTypeError, PyValueError,
    PyZeroDivisionError,
};
use pyo3::{create_exception, PyErr};

create_exception!(
    ferrojit.errors,
    TypingError,
    PyTypeError,
    "The function uses Python outside the subset ferrojit compiles, or types don't fit."
);
create_exception!(
    ferrojit.errors,
    PerformanceWarning,
    pyo3::exceptions::PyUserWarning,
    "Code runs slower than it could: e.g. a function fell back to the Python interpreter."
);
create_exception!(
    ferrojit.errors,
    InternalCompilerError,
    PyRuntimeError,
    "A bug in ferrojit. Please report it with the function that triggered it."
);

pub fn frontend_error(e: FrontendError) -> PyErr {
    match e {
        FrontendError::Typing(d) => TypingError::new_err(d.to_string()),
        FrontendError::Source(s) => TypingError::new_err(s),
        FrontendError::Internal(s) => InternalCompilerError::new_err(format!("{s}\n(this is a bug in ferrojit)")),
    }
}

pub fn backend_error(e: BackendError) -> PyErr {
    if let BackendError::Config(message) = e {
        return pyo3::exceptions::PyValueError::new_err(message);
    }
    InternalCompilerError::new_err(format!("{e}\n(this is a bug in ferrojit)"))
}

/// The text of CPython's errno-style OverflowError (`2.0 ** 1e10`).

/// The start of a ValueError's message that is NumPy's LinAlgError.
const LINALG_ERROR: &str = "\u{0}LinAlgError:";

/// The start of a KeyError's message that is the repr of the missing key.
const KEY_REPR: &str = "\u{0}repr:";

/// The Python exception for an error raised by compiled code.
pub fn runtime_error(code: u32, message: String) -> PyErr {
    match ExcKind::from_code(code) {
        Some(ExcKind::ZeroDivisionError) => PyZeroDivisionError::new_err(message),
        // The library's np.linalg raises NumPy's LinAlgError (a ValueError) by a marked
        // message (compiled code raises builtin classes only).
        Some(ExcKind::ValueError) if message.starts_with(LINALG_ERROR) => pyo3::Python::attach(|py| {
            use pyo3::types::PyAnyMethods;
            let text = message[LINALG_ERROR.len()..].to_string();
            match py.import("numpy.linalg").and_then(|m| m.getattr("LinAlgError")) {
                Ok(class) => PyErr::from_type(class.cast_into::<pyo3::types::PyType>().expect("LinAlgError is a class"), text),
                Err(_) => PyValueError::new_err(text),
            }
        }),
        Some(ExcKind::ValueError) => PyValueError::new_err(message),
        // CPython's errno-style OverflowError of a float `**` (libm's ERANGE): its args
        // are `(34, 'Numerical result out of range')`, not the text.
        Some(ExcKind::OverflowError) if message == ferrojit_ir::ERANGE_TEXT => PyOverflowError::new_err((34, "Numerical result out of range")),
        Some(ExcKind::OverflowError) => PyOverflowError::new_err(message),
        Some(ExcKind::AssertionError) => {
            if message.is_empty() {
                PyAssertionError::new_err(())
            } else {
                PyAssertionError::new_err(message)
            }
        }
        Some(ExcKind::IndexError) => PyIndexError::new_err(message),
        Some(ExcKind::TypeError) => PyTypeError::new_err(message),
        Some(ExcKind::RuntimeError) => PyRuntimeError::new_err(message),
        Some(ExcKind::Exception) => PyException::new_err(message),
        Some(ExcKind::UnboundLocalError) => pyo3::exceptions::PyUnboundLocalError::new_err(message),
        Some(ExcKind::RecursionError) => pyo3::exceptions::PyRecursionError::new_err(message),
        Some(ExcKind::MemoryError) => pyo3::exceptions::PyMemoryError::new_err(message),
        Some(ExcKind::KeyError) => match message.strip_prefix(KEY_REPR) {
            // The library's dicts raise KeyError(key) as the key's repr: the exception
            // gets the key itself, as CPython's (`KeyError(3)`, `KeyError('a')`).
            Some(text) => pyo3::Python::attach(|py| {
                use pyo3::types::PyAnyMethods;
                let key = py.import("ast").and_then(|ast| ast.call_method1("literal_eval", (text,))).or_else(|_| py.import("builtins").and_then(|b| b.getattr("float")?.call1((text,))));
                match key {
                    Ok(k) => pyo3::exceptions::PyKeyError::new_err((k.unbind(),)),
                    Err(_) => pyo3::exceptions::PyKeyError::new_err(text.to_string()),
                }
            }),
            None => pyo3::exceptions::PyKeyError::new_err(message),
        },
        Some(ExcKind::LookupError) => pyo3::exceptions::PyLookupError::new_err(message),
        Some(ExcKind::ArithmeticError) => pyo3::exceptions::PyArithmeticError::new_err(message),
        Some(ExcKind::NotImplementedError) => pyo3::exceptions::PyNotImplementedError::new_err(message),
        Some(ExcKind::NameError) => pyo3::exceptions::PyNameError::new_err(message),
        Some(ExcKind::AttributeError) => pyo3::exceptions::PyAttributeError::new_err(message),
        None => InternalCompilerError::new_err(format!("compiled code raised unknown exception {code}: {message}")),
    }
}
