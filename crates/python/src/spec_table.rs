//! An append-only table of specialisations that readers scan without taking a lock.
//!
//! The call path runs on every call from every thread, so it must not contend: slots are
//! filled once (under the dispatcher's compile lock) and published by bumping `len` with
//! release ordering; readers load `len` with acquire ordering and read the filled slots.
//! Entries are never removed, so `&T` stays valid as long as the table. Past the fixed
//! capacity (rare: dozens of signatures) entries go to a locked overflow list.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

const CAPACITY: usize = 32;

pub struct SpecTable<T> {
    slots: [OnceLock<Arc<T>>; CAPACITY],
    len: AtomicUsize,
    overflow: RwLock<Vec<Arc<T>>>,
}

impl<T> SpecTable<T> {
    pub fn new() -> Self {
        SpecTable { slots: std::array::from_fn(|_| OnceLock::new()), len: AtomicUsize::new(0), overflow: RwLock::new(Vec::new()) }
    }

    /// Append (callers serialise pushes with their own lock).
    pub fn push(&self, value: Arc<T>) {
        let n = self.len.load(Ordering::Acquire);
        if n < CAPACITY && self.slots[n].set(value.clone()).is_ok() {
            self.len.store(n + 1, Ordering::Release);
            return;
        }
        self.overflow.write().unwrap_or_else(|p| p.into_inner()).push(value);
    }

    /// The first entry satisfying `pred`.
    pub fn find(&self, mut pred: impl FnMut(&T) -> bool) -> Option<&T> {
        let n = self.len.load(Ordering::Acquire);
        for slot in &self.slots[..n] {
            if let Some(v) = slot.get() {
                if pred(v) {
                    return Some(v);
                }
            }
        }
        if n == CAPACITY {
            let overflow = self.overflow.read().unwrap_or_else(|p| p.into_inner());
            if let Some(v) = overflow.iter().find(|v| pred(v)) {
                // SAFETY-free alternative: overflow entries are Arcs that are never removed,
                // so hand out a reference tied to the table through the Arc's allocation.
                let ptr: *const T = Arc::as_ptr(v);
                // The Arc lives in `overflow` until the table is dropped.
                return Some(unsafe { &*ptr });
            }
        }
        None
    }

    pub fn all(&self) -> Vec<Arc<T>> {
        let n = self.len.load(Ordering::Acquire);
        let mut out: Vec<Arc<T>> = self.slots[..n].iter().filter_map(|s| s.get().cloned()).collect();
        out.extend(self.overflow.read().unwrap_or_else(|p| p.into_inner()).iter().cloned());
        out
    }
}
