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

/// The strides of `reshape` as a view, when the old strides allow one: NumPy's
/// `_attempt_nocopy_reshape` for C order (numpy/_core/src/multiarray/shape.c). Axes of
/// length 1 are left out; each group of old axes that maps onto a group of new axes
/// must be contiguous within itself. Returns `None` when the data must be copied (also
/// for an empty array, where a copy costs nothing and no element can alias).
pub fn reshape_strides(old_shape: &[i64], old_strides: &[i64], new_shape: &[i64], itemsize: i64) -> Option<Vec<i64>> {
    if old_shape.iter().any(|&d| d == 0) || new_shape.iter().any(|&d| d <= 0) {
        return None;
    }
    let (olddims, oldstrides): (Vec<i64>, Vec<i64>) =
        old_shape.iter().zip(old_strides).filter(|(&d, _)| d != 1).map(|(&d, &s)| (d, s)).unzip();
    let (oldnd, newnd) = (olddims.len(), new_shape.len());
    let mut newstrides = vec![0i64; newnd];
    let (mut oi, mut oj, mut ni, mut nj) = (0usize, 1usize, 0usize, 1usize);
    while ni < newnd && oi < oldnd {
        let mut np = new_shape[ni];
        let mut op = olddims[oi];
        while np != op {
            if np < op {
                // (trailing 1s of the new shape are handled below)
                np = np.checked_mul(*new_shape.get(nj)?)?;
                nj += 1;
            } else {
                op = op.checked_mul(*olddims.get(oj)?)?;
                oj += 1;
            }
        }
        // Can the old axes oi..oj be combined (C order)?
        for ok in oi..oj - 1 {
            if oldstrides[ok] != olddims[ok + 1] * oldstrides[ok + 1] {
                return None;
            }
        }
        newstrides[nj - 1] = oldstrides[oj - 1];
        for nk in (ni + 1..nj).rev() {
            newstrides[nk - 1] = newstrides[nk] * new_shape[nk];
        }
        ni = nj;
        nj += 1;
        oi = oj;
        oj += 1;
    }
    let last = if ni >= 1 { newstrides[ni - 1] } else { itemsize };
    for s in newstrides.iter_mut().skip(ni) {
        *s = last;
    }
    Some(newstrides)
}

/// [`reshape_strides`] for generated code: writes `new_nd` strides to `out` and returns
/// 1, or returns 0 when the array must be copied.
///
/// # Safety
/// The shape and stride pointers must be valid for their lengths; `out` for `new_nd`.
#[no_mangle]
pub unsafe extern "C" fn ferrojit_rt_reshape_strides(
    old_nd: i64,
    old_shape: *const i64,
    old_strides: *const i64,
    new_nd: i64,
    new_shape: *const i64,
    out: *mut i64,
    itemsize: i64,
) -> i64 {
    // SAFETY: the caller's contract above.
    let (os, ost, ns, o) = unsafe {
        (
            std::slice::from_raw_parts(old_shape, old_nd.max(0) as usize),
            std::slice::from_raw_parts(old_strides, old_nd.max(0) as usize),
            std::slice::from_raw_parts(new_shape, new_nd.max(0) as usize),
            std::slice::from_raw_parts_mut(out, new_nd.max(0) as usize),
        )
    };
    match reshape_strides(os, ost, ns, itemsize) {
        Some(s) => {
            o.copy_from_slice(&s);
            1
        }
        None => 0,
    }
}

#[cfg(test)]
mod reshape_tests {
    use super::reshape_strides;

    #[test]
    fn views_where_numpy_gives_views() {
        // a (3, 1) column of a strided array to (3,): its stride
        assert_eq!(reshape_strides(&[3, 1], &[16, 8], &[3], 4), Some(vec![16]));
        // a[::2] of a (8,) float64 array to (2, 2)
        assert_eq!(reshape_strides(&[4], &[16], &[2, 2], 8), Some(vec![32, 16]));
        // a transposed (3, 4) C array (strides (8, 32)) to (3, 4, 1)
        assert_eq!(reshape_strides(&[3, 4], &[8, 32], &[3, 4, 1], 8), Some(vec![8, 32, 32]));
        // a[:, ::2] of (4, 6): rows of 3 with stride 16, row stride 48; (4, 3) -> (2, 2, 3)
        assert_eq!(reshape_strides(&[4, 3], &[48, 16], &[2, 2, 3], 8), Some(vec![96, 48, 16]));
    }

    #[test]
    fn copies_where_numpy_copies() {
        // a transposed (3, 4) to (12,): not C-contiguous
        assert_eq!(reshape_strides(&[4, 3], &[8, 32], &[12], 8), None);
        // a[:, ::2] of (4, 7) flattened (of (4, 6) it is evenly strided: a view)
        assert_eq!(reshape_strides(&[4, 4], &[56, 16], &[16], 8), None);
        assert_eq!(reshape_strides(&[4, 3], &[48, 16], &[12], 8), Some(vec![16]));
        // empty
        assert_eq!(reshape_strides(&[0, 3], &[24, 8], &[3, 0], 8), None);
    }
}
