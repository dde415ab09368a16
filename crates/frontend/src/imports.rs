//! Imports inside a function body: `import math`, `import numpy as np`,
//! `import numpy.linalg`, `from math import sqrt`, `from numpy import zeros as z`.
//!
//! In: the function's body. Out: a table from each bound name to what it names (a
//! module, a function, a constant), resolved once when compiling, as globals are (the
//! module is imported then, as Python would when the statement runs). The import
//! statements themselves lower to nothing, and the names they bind are not variables:
//! every lookup of a non-local name ([`FunctionLowerer::global`]) sees them first.
//!
//! Invariants: a name bound by an import and also assigned in the body is an error (its
//! meaning would depend on the path taken); relative imports and `import *` are errors
//! naming the line. A name is bound for the whole body (CPython would raise
//! UnboundLocalError for a use before the import statement runs: a documented difference).

use crate::function::{FunctionLowerer, LResult};
use crate::GlobalValue;
use rustpython_parser::ast::{self, Ranged};
use std::collections::HashSet;

impl FunctionLowerer<'_, '_> {
    /// What a name that is not a local variable refers to: an import of this function,
    /// else a closure variable, global or builtin.
    pub fn global(&self, name: &str) -> GlobalValue {
        match self.imports.get(name) {
            Some(g) => g.clone(),
            None => self.b.resolver.global(self.b.resolver_key(self.key), name),
        }
    }

    /// Resolve every import statement of `body` (at any depth) into `self.imports`.
    pub fn collect_imports(&mut self, body: &[ast::Stmt], assigned: &HashSet<String>) -> LResult<()> {
        for s in body {
            match s {
                ast::Stmt::Import(i) => {
                    for alias in &i.names {
                        let path = alias.name.as_str();
                        let (bound, value) = match &alias.asname {
                            Some(as_name) => (as_name.to_string(), self.b.resolver.import_module(path)),
                            None => {
                                // `import a.b.c` imports it all and binds `a`.
                                let top = path.split('.').next().unwrap_or(path);
                                if matches!(self.b.resolver.import_module(path), GlobalValue::NotFound) {
                                    (top.to_string(), GlobalValue::NotFound)
                                } else {
                                    (top.to_string(), self.b.resolver.import_module(top))
                                }
                            }
                        };
                        if matches!(value, GlobalValue::NotFound) {
                            return Err(self.err(s.range(), format!("no module named `{path}`")));
                        }
                        self.bind_import(bound, value, s, assigned)?;
                    }
                }
                ast::Stmt::ImportFrom(i) => {
                    let Some(module) = i.module.as_ref().filter(|_| i.level.map_or(0, |l| l.to_u32()) == 0) else {
                        return Err(self.err(s.range(), "relative imports are not supported in compiled code (import at module level)"));
                    };
                    for alias in &i.names {
                        let name = alias.name.as_str();
                        if name == "*" {
                            return Err(self.err(s.range(), "`from ... import *` is not supported in compiled code"));
                        }
                        let mut value = self.b.resolver.module_attr(module, name);
                        if matches!(value, GlobalValue::NotFound) {
                            // A submodule not yet imported: `from numpy import linalg`.
                            value = self.b.resolver.import_module(&format!("{module}.{name}"));
                        }
                        if matches!(value, GlobalValue::NotFound) {
                            return Err(self.err(s.range(), format!("cannot import name `{name}` from `{module}`")));
                        }
                        let bound = alias.asname.as_ref().map_or(name, |a| a.as_str()).to_string();
                        self.bind_import(bound, value, s, assigned)?;
                    }
                }
                ast::Stmt::If(x) => {
                    self.collect_imports(&x.body, assigned)?;
                    self.collect_imports(&x.orelse, assigned)?;
                }
                ast::Stmt::For(x) => {
                    self.collect_imports(&x.body, assigned)?;
                    self.collect_imports(&x.orelse, assigned)?;
                }
                ast::Stmt::While(x) => {
                    self.collect_imports(&x.body, assigned)?;
                    self.collect_imports(&x.orelse, assigned)?;
                }
                ast::Stmt::Try(x) => {
                    for b in crate::exceptions::try_blocks(x) {
                        self.collect_imports(b, assigned)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn bind_import(&mut self, name: String, value: GlobalValue, s: &ast::Stmt, assigned: &HashSet<String>) -> LResult<()> {
        if assigned.contains(&name) {
            return Err(self.err(
                s.range(),
                format!("`{name}` is imported here and also assigned in this function; compiled code needs one meaning for it"),
            ));
        }
        if let Some(old) = self.imports.get(&name) {
            if old != &value {
                return Err(self.err(s.range(), format!("`{name}` is imported twice with different meanings in this function")));
            }
        }
        self.locals.remove(&name);
        self.imports.insert(name, value);
        Ok(())
    }
}

/// Whether `e` names ferrojit's (Numba's) `objmode` context: a global `objmode`, or
/// `module.objmode` of a global module.
pub fn names_objmode(resolver: &dyn crate::Resolver, key: crate::FunctionKey, e: &ast::Expr) -> bool {
    names_builtin(resolver, key, e, "objmode")
}

/// Whether `e` (a name or `module.name`) is ferrojit's builtin `builtin` (`prange`).
pub fn names_builtin(resolver: &dyn crate::Resolver, key: crate::FunctionKey, e: &ast::Expr, builtin: &str) -> bool {
    let g = match e {
        ast::Expr::Name(n) => resolver.global(key, n.id.as_str()),
        ast::Expr::Attribute(a) => match a.value.as_ref() {
            ast::Expr::Name(n) => match resolver.global(key, n.id.as_str()) {
                GlobalValue::Module(m) => resolver.module_attr(&m, a.attr.as_str()),
                _ => return false,
            },
            _ => return false,
        },
        _ => return false,
    };
    matches!(g, GlobalValue::Builtin(b) if b == builtin)
}
