//! Whole-array operations called by generated code: strided gathers into contiguous
//! buffers and in-place sorting.

/// Copy `n` elements of `itemsize` bytes from `src` (every `stride` bytes) to `dst`
/// (contiguous): a strided 1-D array made contiguous, as one call instead of a loop in
/// the generated code (see the frontend's hoisting of gathers).
///
/// # Safety
/// `src + k * stride` for `k < n` must be readable elements; `dst` must hold `n` of them.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_gather(dst: *mut u8, src: *const u8, n: i64, stride: i64, itemsize: i64) {
    let (n, item) = (n.max(0) as usize, itemsize as usize);
    // SAFETY: the caller's contract above.
    unsafe {
        match item {
            8 => {
                let d = dst as *mut u64;
                for k in 0..n {
                    d.add(k).write(src.offset(k as isize * stride as isize).cast::<u64>().read_unaligned());
                }
            }
            _ => {
                for k in 0..n {
                    std::ptr::copy_nonoverlapping(src.offset(k as isize * stride as isize), dst.add(k * item), item);
                }
            }
        }
    }
}

/// Sort `n` contiguous elements in place. `kind`: the dtype's
/// [`ferrojit_ir::DType::runtime_code`]. NaN sorts last, as in NumPy.
///
/// # Safety
/// `data` must point at `n` writable elements of that kind.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_sort(data: *mut u8, n: i64, kind: i32) {
    let n = n.max(0) as usize;
    // SAFETY (all arms): the caller promises `n` elements of the given type at `data`.
    unsafe {
        use ferrojit_ir::{DType, FloatKind, IntKind};
        match DType::from_runtime_code(kind) {
            Some(DType::Int(IntKind::I8)) => std::slice::from_raw_parts_mut(data as *mut i8, n).sort_unstable(),
            Some(DType::Int(IntKind::I16)) => std::slice::from_raw_parts_mut(data as *mut i16, n).sort_unstable(),
            Some(DType::Int(IntKind::I32)) => std::slice::from_raw_parts_mut(data as *mut i32, n).sort_unstable(),
            Some(DType::Int(IntKind::I64)) => std::slice::from_raw_parts_mut(data as *mut i64, n).sort_unstable(),
            Some(DType::Bool | DType::Int(IntKind::U8)) => std::slice::from_raw_parts_mut(data, n).sort_unstable(),
            Some(DType::Int(IntKind::U16)) => std::slice::from_raw_parts_mut(data as *mut u16, n).sort_unstable(),
            Some(DType::Int(IntKind::U32)) => std::slice::from_raw_parts_mut(data as *mut u32, n).sort_unstable(),
            Some(DType::Int(IntKind::U64)) => std::slice::from_raw_parts_mut(data as *mut u64, n).sort_unstable(),
            Some(DType::Float(FloatKind::F32)) => {
                std::slice::from_raw_parts_mut(data as *mut f32, n).sort_unstable_by(|a, b| nan_last(*a as f64, *b as f64))
            }
            Some(DType::Float(FloatKind::F64)) => std::slice::from_raw_parts_mut(data as *mut f64, n).sort_unstable_by(|a, b| nan_last(*a, *b)),
            // NumPy's order for complex numbers: by real part, then imaginary part.
            Some(DType::Complex(FloatKind::F32)) => std::slice::from_raw_parts_mut(data as *mut [f32; 2], n)
                .sort_unstable_by(|a, b| nan_last(a[0] as f64, b[0] as f64).then(nan_last(a[1] as f64, b[1] as f64))),
            Some(DType::Complex(FloatKind::F64)) => std::slice::from_raw_parts_mut(data as *mut [f64; 2], n)
                .sort_unstable_by(|a, b| nan_last(a[0], b[0]).then(nan_last(a[1], b[1]))),
            None => {}
        }
    }
}

fn nan_last(a: f64, b: f64) -> std::cmp::Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gather_copies_strided_elements() {
        let src: Vec<i64> = (0..20).collect();
        let mut dst = vec![0i64; 5];
        // every 4th element, forwards and backwards
        unsafe { ferrojit_rt_gather(dst.as_mut_ptr().cast(), src.as_ptr().cast(), 5, 32, 8) };
        assert_eq!(dst, [0, 4, 8, 12, 16]);
        unsafe { ferrojit_rt_gather(dst.as_mut_ptr().cast(), src.as_ptr().add(19).cast(), 5, -24, 8) };
        assert_eq!(dst, [19, 16, 13, 10, 7]);
        let bytes: Vec<u8> = (0..30).collect();
        let mut small = vec![0u8; 3];
        unsafe { ferrojit_rt_gather(small.as_mut_ptr(), bytes.as_ptr().add(1), 3, 10, 1) };
        assert_eq!(small, [1, 11, 21]);
        let words: Vec<i32> = (0..12).collect();
        let mut w = vec![0i32; 4];
        unsafe { ferrojit_rt_gather(w.as_mut_ptr().cast(), words.as_ptr().cast(), 4, 12, 4) };
        assert_eq!(w, [0, 3, 6, 9]);
        unsafe { ferrojit_rt_gather(w.as_mut_ptr().cast(), words.as_ptr().cast(), 0, 12, 4) };
        assert_eq!(w, [0, 3, 6, 9]);
    }
}
