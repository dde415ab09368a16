//! `cache=True`: compiled machine code kept on disk, loaded by a later process without
//! LLVM's optimiser or code generator (issue 18).
//!
//! The frontend still runs (milliseconds); its typed program *is* the key: the program's
//! text holds every function the entry calls (jitted or plain, from any module), the
//! constants it froze (globals, closure values), the argument types and options; the key
//! adds the files the functions come from, the host CPU and features, ferrojit's and
//! LLVM's versions (ferrojit_llvm::key_text), hashed with SHA-256. An edited callee in
//! another module, a changed global or an upgrade gives another key: an entry is never
//! stale. Programs that embed an address of this process (a frozen global array, an
//! `objmode` block) are compiled as usual and not cached.
//!
//! Where: `FERROJIT_CACHE_DIR`, else `__pycache__/` next to the source, else (no source
//! file, a directory that cannot be written) `$XDG_CACHE_HOME/ferrojit` or
//! `~/.cache/ferrojit`. A directory that other users may write (group- or world-writable,
//! not ours, or world-writable without the sticky bit) is not used, nor is a file that is
//! not ours. One file per entry, `<source stem>.<function>.<key prefix>.fjc`:
//!
//! ```text
//! FJC1\n  key (64 hex)\n  entry symbol\n  vector functions (space-separated)\n
//! SHA-256 of the object (64 hex)\n  object length\n  object bytes
//! ```
//!
//! written to a temporary file and renamed into place (two processes compiling the same
//! function both succeed; a reader sees a whole file or none). A truncated, corrupt or
//! foreign file is reported with a `RuntimeWarning` and compiled again (never loaded).

use ferrojit_ir::Program;
use pyo3::prelude::*;
use std::collections::HashMap;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const MAGIC: &[u8] = b"FJC1\n";

/// Where a specialisation's code came from (for `stats` and the annotation report).
#[derive(Clone, Debug)]
pub enum CacheState {
    /// `cache=True` not asked for.
    Off,
    /// Loaded from this file.
    Hit(PathBuf),
    /// Compiled, and stored in this file (or, with `stored` false, could not be).
    Miss { file: PathBuf, stored: bool },
    /// Compiled, not cacheable: why.
    Uncached(String),
}

impl CacheState {
    pub fn describe(&self) -> String {
        match self {
            CacheState::Off => "not cached (cache=False)".into(),
            CacheState::Hit(f) => format!("loaded from the cache: {}", f.display()),
            CacheState::Miss { file, stored: true } => format!("compiled, and cached in {}", file.display()),
            CacheState::Miss { file, stored: false } => format!("compiled; could not write the cache entry {}", file.display()),
            CacheState::Uncached(why) => format!("compiled, not cached: {why}"),
        }
    }
}

/// Keys loaded in this process: their entry addresses (an object is linked once).
static LOADED: Mutex<Option<HashMap<String, usize>>> = Mutex::new(None);

/// The entry point of `program` (`cfunc`: its C entry point, else the dispatcher's), from
/// the cache or compiled (and cached).
pub fn entry(py: Python<'_>, py_func: &Bound<'_, PyAny>, program: &Program, cfunc: bool) -> PyResult<(usize, CacheState)> {
    if let Err(why) = ferrojit_llvm::cacheable(program) {
        return Ok((compile_plain(py, program, cfunc)?, CacheState::Uncached(why.into())));
    }
    let text = ferrojit_llvm::key_text(program, cfunc).map_err(crate::errors::backend_error)?;
    let key = sha256_hex(py, text.as_bytes())?;
    let Some(dir) = cache_dir(py, py_func)? else {
        return Ok((compile_plain(py, program, cfunc)?, CacheState::Uncached("no cache directory this user may use".into())));
    };
    let file = dir.join(file_name(py_func, &key)?);
    if let Some(&addr) = LOADED.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert_with(HashMap::new).get(&key) {
        return Ok((addr, CacheState::Hit(file)));
    }
    let entry_name = format!("fjc_{}", &key[..32]);
    match read_entry(py, &file, &key, &entry_name) {
        Ok(Some((bytes, vector))) => match py.detach(|| ferrojit_llvm::load_object(&bytes, &entry_name, &vector)) {
            Ok(addr) => {
                remember(&key, addr);
                return Ok((addr, CacheState::Hit(file)));
            }
            Err(e) => warn_entry(py, &file, &e.to_string())?,
        },
        Ok(None) => {}
        Err(why) => warn_entry(py, &file, &why)?,
    }
    let object = py
        .detach(|| std::panic::catch_unwind(|| ferrojit_llvm::compile_object(program, &entry_name, cfunc)))
        .map_err(|p| crate::dispatcher::panic_error("the LLVM backend", p))?
        .map_err(crate::errors::backend_error)?;
    let stored = write_entry(py, &file, &key, &entry_name, &object).is_ok();
    let addr = py
        .detach(|| ferrojit_llvm::load_object(&object.bytes, &entry_name, &object.vector_functions))
        .map_err(crate::errors::backend_error)?;
    remember(&key, addr);
    Ok((addr, CacheState::Miss { file, stored }))
}

fn remember(key: &str, addr: usize) {
    LOADED.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert_with(HashMap::new).insert(key.to_string(), addr);
}

fn compile_plain(py: Python<'_>, program: &Program, cfunc: bool) -> PyResult<usize> {
    Ok(py
        .detach(|| std::panic::catch_unwind(|| if cfunc { ferrojit_llvm::compile_cfunc(program) } else { ferrojit_llvm::compile(program) }))
        .map_err(|p| crate::dispatcher::panic_error("the LLVM backend", p))?
        .map_err(crate::errors::backend_error)?
        .entry)
}

fn sha256_hex(py: Python<'_>, data: &[u8]) -> PyResult<String> {
    let h = py.import("hashlib")?.call_method1("sha256", (pyo3::types::PyBytes::new(py, data),))?;
    h.call_method0("hexdigest")?.extract()
}

fn warn_entry(py: Python<'_>, file: &Path, why: &str) -> PyResult<()> {
    let msg = format!("ferrojit: ignoring the cache entry {} ({why}); compiling again", file.display());
    let category = py.get_type::<pyo3::exceptions::PyRuntimeWarning>();
    PyErr::warn(py, &category, &std::ffi::CString::new(msg).unwrap_or_default(), 1)
}

/// `<source stem>.<qualified name>.<key prefix>.fjc`, with only `[A-Za-z0-9_]` kept.
fn file_name(py_func: &Bound<'_, PyAny>, key: &str) -> PyResult<String> {
    let clean = |s: &str| -> String { s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect() };
    let filename: String = py_func.getattr("__code__")?.getattr("co_filename")?.extract()?;
    let stem = Path::new(&filename).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let qual: String = py_func.getattr("__qualname__").and_then(|q| q.extract()).unwrap_or_else(|_| "function".into());
    Ok(format!("{}.{}.{}.fjc", clean(&stem), clean(&qual), &key[..24]))
}

/// The directory entries go to (see the module doc), created if needed; None if no
/// directory this user may safely use.
fn cache_dir(py: Python<'_>, py_func: &Bound<'_, PyAny>) -> PyResult<Option<PathBuf>> {
    let _ = py;
    if let Some(d) = std::env::var_os("FERROJIT_CACHE_DIR").filter(|d| !d.is_empty()) {
        let d = PathBuf::from(d);
        return Ok(usable(&d, true).then_some(d));
    }
    let filename: String = py_func.getattr("__code__")?.getattr("co_filename")?.extract()?;
    let source = Path::new(&filename);
    if source.is_file() {
        if let Some(parent) = source.parent() {
            let d = if parent.as_os_str().is_empty() { PathBuf::from("__pycache__") } else { parent.join("__pycache__") };
            if usable(&d, true) && writable(&d) {
                return Ok(Some(d));
            }
        }
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")));
    Ok(base.map(|b| b.join("ferrojit")).filter(|d| usable(d, true)))
}

/// Whether `dir` exists (made if `create`) and no other user may write it.
fn usable(dir: &Path, create: bool) -> bool {
    if create && std::fs::create_dir_all(dir).is_err() {
        return false;
    }
    let Ok(meta) = std::fs::metadata(dir) else { return false };
    let mode = meta.permissions().mode();
    // SAFETY: geteuid cannot fail.
    let me = unsafe { libc::geteuid() };
    let others_write = mode & 0o022 != 0;
    let sticky = mode & 0o1000 != 0;
    meta.is_dir() && !(others_write && meta.uid() != me) && !(mode & 0o002 != 0 && !sticky)
}

fn writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".ferrojit-probe-{}", std::process::id()));
    let ok = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

/// The object and vector functions of a valid entry for `key`, None when there is no
/// entry, or why the file is not a valid one.
fn read_entry(py: Python<'_>, file: &Path, key: &str, entry_name: &str) -> Result<Option<(Vec<u8>, Vec<String>)>, String> {
    let data = match std::fs::read(file) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read it: {e}")),
    };
    // SAFETY: geteuid cannot fail.
    if std::fs::metadata(file).map(|m| m.uid()).ok() != Some(unsafe { libc::geteuid() }) {
        return Err("it belongs to another user".into());
    }
    let rest = data.strip_prefix(MAGIC).ok_or("not a ferrojit cache file")?;
    let mut lines = rest.splitn(6, |&b| b == b'\n');
    let mut line = || -> Result<String, String> { lines.next().map(|l| String::from_utf8_lossy(l).into_owned()).ok_or_else(|| "truncated".to_string()) };
    if line()? != key {
        return Err("its key is another program's".into());
    }
    if line()? != entry_name {
        return Err("its entry point is another program's".into());
    }
    let vector: Vec<String> = line()?.split_whitespace().map(str::to_string).collect();
    let sum = line()?;
    let len: usize = line()?.parse().map_err(|_| "a bad length".to_string())?;
    let object = lines.next().ok_or("truncated")?;
    if object.len() != len {
        return Err(format!("truncated ({} of {len} bytes)", object.len()));
    }
    if sha256_hex(py, object).map_err(|e| e.to_string())? != sum {
        return Err("its checksum does not match (corrupt)".into());
    }
    Ok(Some((object.to_vec(), vector)))
}

fn write_entry(py: Python<'_>, file: &Path, key: &str, entry_name: &str, object: &ferrojit_llvm::Object) -> Result<(), String> {
    let sum = sha256_hex(py, &object.bytes).map_err(|e| e.to_string())?;
    let mut data = MAGIC.to_vec();
    let header = format!("{key}\n{entry_name}\n{}\n{sum}\n{}\n", object.vector_functions.join(" "), object.bytes.len());
    data.extend_from_slice(header.as_bytes());
    data.extend_from_slice(&object.bytes);
    let tmp = file.with_extension(format!("fjc.{}.tmp", std::process::id()));
    std::fs::write(&tmp, &data).map_err(|e| e.to_string())?;
    std::fs::rename(&tmp, file).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        e.to_string()
    })
}
