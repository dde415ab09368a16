//! The runtime: C-ABI helpers that generated code calls, and the table that tells the JIT
//! where they are. Every item is public at the crate root; the modules are private and
//! split the helpers by concern:
//!
//! - **Exception state** (`exceptions`). Compiled functions return a status (`0` ok,
//!   non-zero error). Before returning an error they call [`ferrojit_rt_raise`], which
//!   stores the exception kind and message in a thread-local slot; the bindings
//!   [`take_error`] after the call (on the same thread, with the GIL held again) and raise
//!   the Python exception. Also the `IndexError` helper and the `cfunc` error hook.
//! - **Arithmetic helpers** (`math`) too long to inline everywhere (integer power, exact
//!   `int / int`), and the lookup of libmvec's vector math functions.
//! - **Complex math** (`cmath`): Python's `cmath` functions, complex division and power,
//!   ported from CPython so results, special values and errors are CPython's.
//! - **Array memory** (`alloc`): [`MemInfo`] headers with a reference count, allocated and
//!   freed here, counted for leak tests ([`live_allocations`]).
//! - **Array operations** (`arrays`): strided gathers and in-place sorting.
//! - **Printing** (`print`): `print(...)` hands its values to a hook the bindings set,
//!   which calls Python's `print` (the one place compiled code reaches Python, with the
//!   GIL taken for the call).
//! - **Thread pool** (`pool`): rayon's, for `prange` loops ([`ferrojit_rt_parallel_for`])
//!   and the bindings' parallel ufuncs.
//! - **Stack limit** (`stack`) for recursive compiled functions, which check it on entry
//!   and raise `RecursionError` rather than overflow the stack.
//! - **Symbol table.** [`symbols`] lists every helper by the name generated code
//!   uses; the backend registers each with the JIT, so adding a helper is one line there.
//!
//! Nothing here touches Python (the print hook is the bindings'), and nothing here may
//! panic across the C ABI.

mod alloc;
mod arrays;
mod cmath;
mod exceptions;
mod lists;
mod math;
mod pool;
mod print;
mod stack;
mod strings;

pub use alloc::{ferrojit_rt_alloc, ferrojit_rt_free, live_allocations, release, release_cached_blocks, total_allocations, MemInfo};
pub use arrays::{ferrojit_rt_gather, ferrojit_rt_reshape_strides, ferrojit_rt_sort};
pub use cmath::{
    ferrojit_rt_cdiv, ferrojit_rt_cmath, ferrojit_rt_cpow, Complex128, CMATH_DOMAIN, CMATH_FUNCTIONS, CMATH_OK, CMATH_POWER_OVERFLOW, CMATH_RANGE, CMATH_ZERO_DIVISION,
    CMATH_ZERO_POWER,
};
pub use exceptions::{
    ferrojit_rt_cfunc_error, ferrojit_rt_clear_error, ferrojit_rt_error_kind, ferrojit_rt_handled_kind, ferrojit_rt_handled_message, ferrojit_rt_index_error, ferrojit_rt_reshape_error, ferrojit_rt_restore_error,
    ferrojit_rt_location, ferrojit_rt_save_error, take_location, ferrojit_rt_raise, ferrojit_rt_raise_at, ferrojit_rt_raise_int, ferrojit_rt_raise_int_at, set_cfunc_error_hook, take_error, CfuncErrorHook, ExcCode,
};
pub use lists::{ferrojit_list_incref_item, header as list_header, ferrojit_rt_list_new, ferrojit_rt_list_reserve, ListHeader};
pub use math::{ferrojit_rt_hypot, ferrojit_rt_ldexp, ferrojit_rt_round_digits, ferrojit_rt_int_truediv, ferrojit_rt_ipow, ferrojit_rt_pow, ferrojit_rt_upow, vector_math_symbol};
pub use print::{
    ferrojit_rt_print, ferrojit_rt_pycall, ferrojit_rt_raise_format, ferrojit_rt_str_format, set_pycall_hook, PyCallHook, set_format_hook, set_print_hook, FormatHook, PrintHook, PrintItem, PRINT_ABSENT, PRINT_ARRAY, PRINT_BOOL, PRINT_COMPLEX, PRINT_FLOAT, PRINT_TUPLE, PRINT_INT, PRINT_LIST, PRINT_NONE, PRINT_NUMPY_BASE, PRINT_TEXT,
};
pub use pool::{ferrojit_rt_parallel_for, get_num_threads, pool_size, run_pieces, run_ranges, set_num_threads, ChunkFn};
pub use stack::ferrojit_rt_stack_limit;
pub use strings::{
    ferrojit_rt_str_compare, ferrojit_rt_str_concat, ferrojit_rt_str_contains, ferrojit_rt_str_count, ferrojit_rt_str_endswith, ferrojit_rt_str_eq, ferrojit_rt_str_find,
    ferrojit_rt_str_from_bool, ferrojit_rt_str_from_float, ferrojit_rt_str_from_int, ferrojit_rt_str_getitem, ferrojit_rt_str_hash, ferrojit_rt_str_pyhash, set_hash_secret, has_hash_secret, pyhash, ferrojit_rt_str_isalnum, ferrojit_rt_str_isalpha,
    ferrojit_rt_str_isdigit, ferrojit_rt_str_islower, ferrojit_rt_str_isspace, ferrojit_rt_str_isupper, ferrojit_rt_str_join, ferrojit_rt_str_len, ferrojit_rt_str_lower,
    ferrojit_rt_str_new, ferrojit_rt_str_repeat, ferrojit_rt_str_replace, ferrojit_rt_str_slice, ferrojit_rt_str_startswith, ferrojit_rt_str_strip, ferrojit_rt_str_upper,
    str_from_text, str_text, string_symbols, STR_SLICE_NONE,
};

/// Every helper generated code may call: (symbol name, address).
pub fn symbols() -> Vec<(&'static str, usize)> {
    let mut v = vec![
        ("ferrojit_rt_gather", ferrojit_rt_gather as *const () as usize),
        ("ferrojit_rt_reshape_strides", ferrojit_rt_reshape_strides as *const () as usize),
        ("ferrojit_rt_raise", ferrojit_rt_raise as *const () as usize),
        ("ferrojit_rt_parallel_for", ferrojit_rt_parallel_for as *const () as usize),
        ("ferrojit_rt_print", ferrojit_rt_print as *const () as usize),
        ("ferrojit_rt_raise_format", ferrojit_rt_raise_format as *const () as usize),
        ("ferrojit_rt_raise_int", ferrojit_rt_raise_int as *const () as usize),
        ("ferrojit_rt_raise_at", ferrojit_rt_raise_at as *const () as usize),
        ("ferrojit_rt_raise_int_at", ferrojit_rt_raise_int_at as *const () as usize),
        ("ferrojit_rt_int_truediv", ferrojit_rt_int_truediv as *const () as usize),
        ("ferrojit_rt_ipow", ferrojit_rt_ipow as *const () as usize),
        ("ferrojit_rt_upow", ferrojit_rt_upow as *const () as usize),
        ("ferrojit_rt_pow", ferrojit_rt_pow as *const () as usize),
        ("ferrojit_rt_hypot", ferrojit_rt_hypot as *const () as usize),
        ("ferrojit_rt_ldexp", ferrojit_rt_ldexp as *const () as usize),
        ("ferrojit_rt_round_digits", ferrojit_rt_round_digits as *const () as usize),
        ("ferrojit_rt_stack_limit", ferrojit_rt_stack_limit as *const () as usize),
        ("ferrojit_rt_alloc", ferrojit_rt_alloc as *const () as usize),
        ("ferrojit_rt_index_error", ferrojit_rt_index_error as *const () as usize),
        ("ferrojit_rt_reshape_error", ferrojit_rt_reshape_error as *const () as usize),
        ("ferrojit_rt_sort", ferrojit_rt_sort as *const () as usize),
        ("ferrojit_rt_cfunc_error", ferrojit_rt_cfunc_error as *const () as usize),
        ("ferrojit_rt_free", ferrojit_rt_free as *const () as usize),
        ("ferrojit_rt_cmath", ferrojit_rt_cmath as *const () as usize),
        ("ferrojit_rt_error_kind", ferrojit_rt_error_kind as *const () as usize),
        ("ferrojit_rt_clear_error", ferrojit_rt_clear_error as *const () as usize),
        ("ferrojit_rt_save_error", ferrojit_rt_save_error as *const () as usize),
        ("ferrojit_rt_location", ferrojit_rt_location as *const () as usize),
        ("ferrojit_rt_restore_error", ferrojit_rt_restore_error as *const () as usize),
        ("ferrojit_rt_cdiv", ferrojit_rt_cdiv as *const () as usize),
        ("ferrojit_rt_cpow", ferrojit_rt_cpow as *const () as usize),
        ("ferrojit_rt_str_format", ferrojit_rt_str_format as *const () as usize),
        ("ferrojit_rt_pycall", ferrojit_rt_pycall as *const () as usize),
        ("ferrojit_rt_handled_kind", ferrojit_rt_handled_kind as *const () as usize),
        ("ferrojit_rt_handled_message", ferrojit_rt_handled_message as *const () as usize),
    ];
    v.extend(string_symbols());
    v.extend(lists::list_symbols());
    v
}
