//! The host target: initialised once; a target machine for the host CPU and features.

use crate::{BackendError, Result};
use inkwell::targets::{CodeModel, InitializationConfig, RelocMode, Target, TargetMachine};
use inkwell::OptimizationLevel;
use std::sync::OnceLock;

pub struct Host {
    pub cpu: String,
    pub features: String,
    pub triple: String,
}

static HOST: OnceLock<std::result::Result<Host, String>> = OnceLock::new();

pub fn host() -> Result<&'static Host> {
    HOST.get_or_init(|| {
        Target::initialize_native(&InitializationConfig::default())?;
        llvm_options_from_env();
        Ok(Host {
            cpu: TargetMachine::get_host_cpu_name().to_string(),
            features: TargetMachine::get_host_cpu_features().to_string(),
            triple: TargetMachine::get_default_triple().as_str().to_string_lossy().into_owned(),
        })
    })
    .as_ref()
    .map_err(|e| BackendError::Llvm(format!("cannot initialise the native target: {e}")))
}

pub fn machine() -> Result<TargetMachine> {
    let h = host()?;
    let triple = TargetMachine::get_default_triple();
    let target = Target::from_triple(&triple).map_err(|e| BackendError::Llvm(e.to_string()))?;
    target
        .create_target_machine(&triple, &h.cpu, &h.features, OptimizationLevel::Aggressive, RelocMode::Default, CodeModel::JITDefault)
        .ok_or_else(|| BackendError::Llvm(format!("no target machine for {}", h.triple)))
}

/// `FERROJIT_LLVM_OPTIONS="-opt1 -opt2"`: LLVM command-line options for the whole
/// process, parsed once (a tuning and debugging knob: `-time-passes`, or `-disable-lsr`,
/// which cuts a third of the compile of strided array loops but made `build_graph` and
/// `pdist` 5-10% slower, so it is not the default).
fn llvm_options_from_env() {
    let Ok(text) = std::env::var("FERROJIT_LLVM_OPTIONS") else { return };
    let args: Vec<std::ffi::CString> =
        std::iter::once("ferrojit").chain(text.split_whitespace()).filter_map(|a| std::ffi::CString::new(a).ok()).collect();
    if args.len() < 2 {
        return;
    }
    let ptrs: Vec<*const std::ffi::c_char> = args.iter().map(|a| a.as_ptr()).collect();
    // SAFETY: NUL-terminated strings that outlive the call.
    unsafe { inkwell::llvm_sys::support::LLVMParseCommandLineOptions(ptrs.len() as i32, ptrs.as_ptr(), std::ptr::null()) };
}
