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
