//! The stack limit that recursive compiled functions check on entry, so they raise
//! `RecursionError` instead of overflowing the stack.

thread_local! {
    static STACK_LIMIT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Room left below the limit for the error path and for Python itself.
const STACK_MARGIN: usize = 256 * 1024;

/// The lowest stack address recursive compiled code may use on this thread; a deeper
/// frame raises `RecursionError` instead of overflowing the stack (a segfault).
/// Computed once per thread from the thread's real stack bounds.
#[no_mangle]
pub extern "C" fn ferrojit_rt_stack_limit() -> usize {
    STACK_LIMIT.with(|cell| {
        if cell.get() == 0 {
            cell.set(compute_stack_limit());
        }
        cell.get()
    })
}

fn compute_stack_limit() -> usize {
    let local = 0u8;
    let sp = &local as *const u8 as usize;
    // SAFETY: pthread_getattr_np fills `attr` for the calling thread; we destroy it after.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) == 0 {
            let mut addr: *mut libc::c_void = std::ptr::null_mut();
            let mut size: libc::size_t = 0;
            let ok = libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
            libc::pthread_attr_destroy(&mut attr);
            if ok && !addr.is_null() && size > 0 {
                // Small thread stacks (threading.stack_size) get a proportional margin.
                return addr as usize + STACK_MARGIN.min(size / 8);
            }
        }
    }
    // Unknown bounds: allow 1 MiB below the current frame.
    sp.saturating_sub(1024 * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_limit_is_below_the_current_frame() {
        let local = 0u8;
        let sp = &local as *const u8 as usize;
        let limit = ferrojit_rt_stack_limit();
        assert!(limit < sp && sp - limit > 64 * 1024, "limit {limit:#x} sp {sp:#x}");
        assert_eq!(limit, ferrojit_rt_stack_limit());
    }
}
