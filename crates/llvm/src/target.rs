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

static HOST: OnceLock<std::result::Result<Host, BackendError>> = OnceLock::new();

/// The x86-64 micro-architecture levels `FERROJIT_CPU` accepts, each with the features
/// it adds to the one before (LLVM's names; the levels of the x86-64 psABI).
const X86_LEVELS: [(&str, &str); 4] = [
    ("x86-64", "+cmov,+cx8,+fxsr,+mmx,+sse,+sse2"),
    ("x86-64-v2", "+cx16,+sahf,+popcnt,+sse3,+sse4.1,+sse4.2,+ssse3"),
    ("x86-64-v3", "+avx,+avx2,+bmi,+bmi2,+f16c,+fma,+lzcnt,+movbe,+xsave"),
    ("x86-64-v4", "+avx512f,+avx512bw,+avx512cd,+avx512dq,+avx512vl"),
];

/// The CPU code is compiled for: the host, or the level `FERROJIT_CPU` names (for results
/// that must not depend on which machine compiled them, e.g. no AVX-512 vector math).
pub fn host() -> Result<&'static Host> {
    HOST.get_or_init(|| {
        Target::initialize_native(&InitializationConfig::default())
            .map_err(|e| BackendError::Llvm(format!("cannot initialise the native target: {e}")))?;
        llvm_options_from_env();
        let host = Host {
            cpu: TargetMachine::get_host_cpu_name().to_string(),
            features: TargetMachine::get_host_cpu_features().to_string(),
            triple: TargetMachine::get_default_triple().as_str().to_string_lossy().into_owned(),
        };
        match std::env::var("FERROJIT_CPU") {
            Ok(name) if !matches!(name.as_str(), "" | "host" | "native") => chosen_cpu(host, &name),
            _ => Ok(host),
        }
    })
    .as_ref()
    .map_err(|e| match e {
        BackendError::Config(m) => BackendError::Config(m.clone()),
        other => BackendError::Llvm(other.to_string()),
    })
}

/// The target for `FERROJIT_CPU=name`: an x86-64 level this CPU can run.
fn chosen_cpu(host: Host, name: &str) -> Result<Host> {
    let names: Vec<&str> = X86_LEVELS.iter().map(|(n, _)| *n).collect();
    let Some(level) = names.iter().position(|n| *n == name) else {
        return Err(BackendError::Config(format!(
            "FERROJIT_CPU={name:?} is not a CPU ferrojit can target; use one of {} or host",
            names.join(", ")
        )));
    };
    if !host.triple.starts_with("x86_64") {
        return Err(BackendError::Config(format!("FERROJIT_CPU={name} names an x86-64 level, but this machine is {}", host.triple)));
    }
    let features: Vec<&str> = X86_LEVELS[..=level].iter().flat_map(|(_, f)| f.split(',')).collect();
    let have: std::collections::HashSet<&str> = host.features.split(',').collect();
    let missing: Vec<&str> = features.iter().filter(|f| !have.contains(*f)).map(|f| &f[1..]).collect();
    if !missing.is_empty() {
        return Err(BackendError::Config(format!(
            "FERROJIT_CPU={name}: this CPU ({}) lacks {}, so code compiled for it could not run here",
            host.cpu,
            missing.join(", ")
        )));
    }
    Ok(Host { cpu: name.to_string(), features: features.join(","), triple: host.triple })
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
