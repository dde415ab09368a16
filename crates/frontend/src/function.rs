//! Lowering one function: variables, parameters and returns.
//!
//! In: a parsed, desugared, web-split function and its argument types. Out: its typed IR.
//! [`crate::infer`] first solves every web's type (each assignment unifies the web's type
//! with the assigned value's); the body is then lowered once over those types (with
//! conversions at assignments to each web's final type). A read of a web or a recursive
//! call whose type is still unknown then makes that statement *pending*: the program
//! really is untypeable (e.g. a variable read before any assignment) and the pending
//! reason is the error.

use crate::program::{Declared, ProgramBuilder};
use crate::source::ParsedFunction;
use crate::{ArgType, FrontendError, FunctionKey, Result};
use ferrojit_ir::{Block, Const, Expr, ExprKind, FuncId, Function, Span, Stmt, StmtKind, Type, Var, VarId};
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

const MAX_PASSES: usize = 32;

/// Why lowering of a statement stopped.
pub enum LErr {
    /// A type it needs isn't known yet in this pass.
    Pending,
    Fatal(FrontendError),
}

impl From<FrontendError> for LErr {
    fn from(e: FrontendError) -> LErr {
        LErr::Fatal(e)
    }
}

pub type LResult<T> = std::result::Result<T, LErr>;

pub struct FunctionLowerer<'b, 'r> {
    pub b: &'b mut ProgramBuilder<'r>,
    pub pf: Rc<ParsedFunction>,
    pub key: FunctionKey,
    pub id: FuncId,
    pub(crate) var_names: Vec<String>,
    pub(crate) var_types: Vec<Option<Type>>,
    pub(crate) var_fixed: Vec<bool>,
    /// Where each variable was first assigned (for the error when a merge cannot unify).
    var_first: Vec<Option<TextRange>>,
    /// Variables holding NumPy scalars ("strong" in NumPy 2's promotion, NEP 50): a
    /// NumPy-scalar argument, or assigned only array elements, reductions, NumPy
    /// functions' results... (`None`: no assignment seen yet). A variable also assigned
    /// a Python number stays weak, so `total = 0; total += a[i]` computes each sum in
    /// the element's type, as CPython does once `total` holds a NumPy scalar.
    pub(crate) var_numpy: Vec<Option<bool>>,
    /// Variables assigned a NumPy scalar at least once (with `var_numpy`: those assigned
    /// NumPy scalars on some paths and Python numbers on others).
    pub(crate) var_numpy_some: Vec<bool>,
    /// Such a variable's hidden flag: whether it holds a NumPy scalar now (set at each
    /// assignment, [`Self::set_numpy_flags`]), so that an operation whose rules differ
    /// (`v % 0.0`: nan for a NumPy float, ZeroDivisionError for a Python one) takes the
    /// rules of the value it has, as CPython does.
    pub(crate) numpy_flags: HashMap<VarId, VarId>,
    /// The same for the items of tuple-typed variables (`t = (0, np.sqrt(x))`).
    pub(crate) var_numpy_items: HashMap<VarId, Vec<bool>>,
    var_index: HashMap<String, VarId>,
    /// Names assigned anywhere in the body: local throughout, as in Python.
    pub locals: HashSet<String>,
    /// The body holds a `del`: reads of names are kept even where a value is folded
    /// (`len(s)` of a known string), so a deleted name still raises when read.
    pub has_del: bool,
    /// A web's type, NumPy-scalar mark or the return type changed (temporaries aside).
    user_changed: bool,
    /// Temporaries of the lowering (typed where made; not part of inference).
    pub(crate) is_temp: Vec<bool>,
    /// Inference ([`crate::infer`]): lower statements without their nested bodies.
    pub headers_only: bool,
    /// Inference: the webs read while typing a site (`None`: not recording).
    pub reads: Option<HashSet<VarId>>,
    /// Inference: webs whose type changed since the solver last looked.
    pub dirty: Vec<VarId>,
    pending: Option<(TextRange, String)>,
    temp_counter: usize,
    /// Lowering a name whose optional value is kept (`return x`, `y = x`, `x is None`,
    /// a test): otherwise reading an optional variable takes its value (TypeError when
    /// it holds None, as CPython's operations on None).
    pub keep_optional: bool,
    /// Inference: a read of a web still typed `None` waited (see `none_is_final`).
    pub none_waited: bool,
    /// Inference's last step: a web still typed `None` is None for good (read as it is).
    pub none_is_final: bool,
    /// The final lowering: whether every `return` so far gave a NumPy scalar (`None`:
    /// no `return` yet).
    pub numpy_return: Option<bool>,
    check_counter: usize,
    pub(crate) python_counter: usize,
    pub loop_depth: usize,
    pub ret: Option<Type>,
    declared_ret: Option<Type>,
    /// `locals={name: type}`: every web of the name has the declared type.
    declared_locals: Vec<(String, Type)>,
    /// Names bound by import statements in the body (crate::imports).
    pub imports: HashMap<String, crate::GlobalValue>,
    /// Parameters are variables `0..param_count`.
    pub param_count: usize,
    /// The source of the `for` loop body whose iterable is being lowered (crate::lists).
    pub loop_body: Option<String>,
}

impl<'b, 'r> FunctionLowerer<'b, 'r> {
    pub fn lower(
        b: &'b mut ProgramBuilder<'r>,
        pf: Rc<ParsedFunction>,
        key: FunctionKey,
        id: FuncId,
        symbol: String,
        args: &[ArgType],
        declared: &Declared,
    ) -> Result<Function> {
        let def = &pf.def;
        let map = &pf.map;
        if def.args.vararg.is_some() || def.args.kwarg.is_some() {
            return Err(map.error(def.range(), "functions with **kwargs cannot be compiled yet"));
        }
        let params: Vec<&ast::ArgWithDefault> =
            def.args.posonlyargs.iter().chain(&def.args.args).chain(&def.args.kwonlyargs).collect();
        if params.len() != args.len() {
            return Err(FrontendError::Internal(format!(
                "`{}` takes {} arguments, {} given",
                def.name,
                params.len(),
                args.len()
            )));
        }
        let mut locals: HashSet<String> = params.iter().map(|p| p.def.arg.to_string()).collect();
        collect_assigned(&def.body, &mut locals);
        let mut fl = FunctionLowerer {
            b,
            pf: pf.clone(),
            key,
            id,
            var_names: Vec::new(),
            var_types: Vec::new(),
            var_fixed: Vec::new(),
            var_first: Vec::new(),
            var_numpy: Vec::new(),
            var_numpy_some: Vec::new(),
            numpy_flags: HashMap::new(),
            var_numpy_items: HashMap::new(),
            var_index: HashMap::new(),
            locals,
            has_del: crate::function::contains_del(&def.body),
            user_changed: false,
            is_temp: Vec::new(),
            headers_only: false,
            reads: None,
            dirty: Vec::new(),
            pending: None,
            temp_counter: 0,
            keep_optional: false,
            none_waited: false,
            none_is_final: false,
            numpy_return: None,
            check_counter: 0,
            python_counter: 0,
            loop_depth: 0,
            ret: None,
            declared_ret: declared.ret.clone(),
            declared_locals: declared.locals.clone(),
            imports: HashMap::new(),
            param_count: params.len(),
            loop_body: None,
        };
        // Inner functions (crate::closures) are names for lifted functions.
        for (name, key) in &pf.local_functions {
            fl.imports.insert(name.clone(), crate::GlobalValue::Function(*key));
        }
        let mut assigned: HashSet<String> = params.iter().map(|p| p.def.arg.to_string()).collect();
        collect_assigned_except_imports(&def.body, &mut assigned);
        if let Err(e) = fl.collect_imports(&def.body, &assigned) {
            return Err(match e {
                LErr::Fatal(e) => e,
                LErr::Pending => FrontendError::Internal("an import waited for a type".into()),
            });
        }
        // Parameters first, so their ids are 0..n.
        let mut param_types = Vec::new();
        for (i, (p, a)) in params.iter().zip(args).enumerate() {
            let name = p.def.arg.to_string();
            match a {
                ArgType::Known(t) => {
                    let v = fl.var(&name);
                    fl.var_types[v] = Some(t.clone());
                    fl.var_numpy[v] = Some(declared.numpy_scalars.get(i).copied().unwrap_or(false));
                    fl.var_numpy_some[v] = fl.var_numpy[v] == Some(true);
                    param_types.push(t.clone());
                }
                ArgType::Unsupported(what) => {
                    let range = first_use(&pf, &name).unwrap_or(p.def.range());
                    let mut d = map.diagnostic(
                        range,
                        format!(
                            "argument `{name}` is {what}, which compiled code cannot use \
                             (supported argument types: numbers, strings, NumPy arrays, lists and tuples of these, functions)"
                        ),
                    );
                    d.notes.push(format!("in `{}`, compiled for the types it was called with", def.name));
                    return Err(FrontendError::Typing(Box::new(d)));
                }
            }
        }
        for (name, ty) in &declared.locals {
            let v = fl.var(name);
            fl.var_types[v] = Some(ty.clone());
            fl.var_fixed[v] = true;
        }
        // Types are solved once (crate::infer); the body is then lowered once, and
        // that lowering must find every type already final.
        crate::infer::solve(&mut fl, &def.body)?;
        fl.drop_temporaries();
        let mut body = None;
        for pass in 0..MAX_PASSES {
            fl.user_changed = false;
            fl.pending = None;
            fl.numpy_return = None;
            fl.temp_counter = 0;
            fl.check_counter = 0;
            fl.python_counter = 0;
            let block = fl.lower_block(&def.body)?;
            if !fl.user_changed {
                if let Some((range, why)) = fl.pending.take() {
                    return Err(map.error(range, why));
                }
                body = Some(block);
                let strong = fl.numpy_return == Some(true);
                fl.b.set_numpy_return(fl.id, strong);
                break;
            }
            if pass == 0 && strict_inference() {
                let changed: Vec<String> = fl.dirty.iter().map(|&v| fl.describe_web(v)).collect();
                return Err(FrontendError::Internal(format!(
                    "type inference missed a type that lowering `{}` found: {}",
                    def.name,
                    changed.join(", ")
                )));
            }
            fl.dirty.clear();
        }
        let Some(body) = body else {
            return Err(map.error(def.range(), "type inference did not settle (types keep widening)"));
        };
        let strong_params: Vec<(VarId, bool)> = (0..param_types.len()).map(|i| (i, declared.numpy_scalars.get(i).copied().unwrap_or(false))).collect();
        let mut body = fl.set_numpy_flags(body, &strong_params, map.span(def.range()));
        // Falling off the end returns None.
        if !always_returns(&body) {
            match &fl.ret {
                None | Some(Type::None) => {
                    fl.ret = Some(Type::None);
                    let span = map.span(def.range());
                    body.push(Stmt {
                        kind: StmtKind::Return(Expr::constant(Const::None, span)),
                        span,
                    });
                }
                Some(t) => {
                    let t = t.clone();
                    return Err(map.error(
                        def.range(),
                        format!(
                            "`{}` returns {t} on some paths but can reach its end, which returns None; \
                             add a final `return`",
                            def.name
                        ),
                    ));
                }
            }
        }
        let ret = fl.ret.clone().unwrap_or(Type::None);
        // A parameter whose variable widened (an int argument later assigned a float)
        // gets a hidden parameter of the argument's type, converted on entry.
        let mut param_vars = Vec::new();
        let mut prologue = Vec::new();
        for (i, ty) in param_types.iter().enumerate() {
            if fl.var_types[i].as_ref() == Some(ty) {
                param_vars.push(i);
            } else {
                let hidden = fl.var_names.len();
                fl.var_names.push(format!("$arg{i}"));
                fl.var_types.push(Some(ty.clone()));
                fl.var_fixed.push(true);
                fl.var_numpy.push(Some(false));
                fl.var_numpy_some.push(false);
                let span = map.span(def.range());
                let target = fl.var_types[i].clone().unwrap_or(Type::None);
                let value = Expr::new(ExprKind::Var(hidden), ty.clone(), span).cast_to(&target);
                prologue.push(Stmt { kind: StmtKind::Assign { var: i, value }, span });
                param_vars.push(hidden);
            }
        }
        prologue.extend(body);
        let vars = fl
            .var_names
            .iter()
            .zip(&fl.var_types)
            .map(|(n, t)| Var { name: n.clone(), ty: t.clone().unwrap_or(Type::None) })
            .collect();
        let mut function = Function {
            name: def.name.to_string(),
            symbol,
            filename: map.filename.clone(),
            params: param_vars,
            vars,
            ret,
            body: prologue,
            span: map.span(def.range()),
            boundscheck: None,
        };
        crate::definite::add_unbound_checks(&mut function);
        Ok(function)
    }

    // ---- helpers used by the statement and expression lowering ----------------------

    pub fn span(&self, range: TextRange) -> Span {
        self.pf.map.span(range)
    }

    pub fn err(&self, range: TextRange, message: impl Into<String>) -> LErr {
        LErr::Fatal(self.pf.map.error(range, message))
    }

    pub fn snippet(&self, range: TextRange) -> String {
        self.pf.map.snippet(range).to_string()
    }

    /// Mark the current statement pending on something not yet typed.
    pub fn pending(&mut self, range: TextRange, why: impl Into<String>) -> LErr {
        if self.pending.is_none() {
            self.pending = Some((range, why.into()));
        }
        LErr::Pending
    }

    pub fn var(&mut self, name: &str) -> VarId {
        if let Some(&v) = self.var_index.get(name) {
            if let Some(reads) = &mut self.reads {
                reads.insert(v);
            }
            return v;
        }
        let v = self.var_names.len();
        self.var_names.push(name.to_string());
        self.var_types.push(None);
        self.var_fixed.push(false);
        self.var_first.push(None);
        self.var_numpy.push(None);
        self.var_numpy_some.push(false);
        self.is_temp.push(false);
        self.var_index.insert(name.to_string(), v);
        if let Some(reads) = &mut self.reads {
            reads.insert(v);
        }
        let source = ferrojit_ir::source_name(name);
        if let Some((_, ty)) = self.declared_locals.iter().find(|(n, _)| n == source) {
            self.var_types[v] = Some(ty.clone());
            self.var_fixed[v] = true;
        }
        v
    }

    pub fn var_type(&self, v: VarId) -> Option<&Type> {
        self.var_types[v].as_ref()
    }

    /// The variable's name in the source (`x` for each of `x`'s webs).
    pub fn var_name(&self, v: VarId) -> &str {
        ferrojit_ir::source_name(&self.var_names[v])
    }

    /// A fresh hidden variable (names are stable across passes).
    pub fn temp(&mut self, ty: &Type) -> VarId {
        let name = format!("${}", self.temp_counter);
        self.temp_counter += 1;
        self.temp_named(name, ty)
    }

    /// A hidden variable for a check that only some passes emit (NumPy's range check of
    /// a Python int), numbered apart from [`Self::temp`] so that the others keep their
    /// names from pass to pass.
    pub fn check_temp(&mut self, ty: &Type) -> VarId {
        let name = format!("$check{}", self.check_counter);
        self.check_counter += 1;
        self.temp_named(name, ty)
    }

    pub(crate) fn temp_named(&mut self, name: String, ty: &Type) -> VarId {
        let v = self.var(&name);
        self.is_temp[v] = true;
        // Each temporary is assigned at one place: it takes that value's type (temporaries
        // are not part of inference, so this changes no web).
        self.var_types[v] = Some(ty.clone());
        v
    }

    /// Record that `v` is assigned a value of type `ty`; returns the variable's type now.
    pub fn unify_var(&mut self, v: VarId, ty: &Type, range: TextRange) -> LResult<Type> {
        let current = self.var_types[v].clone();
        match current {
            None => {
                self.var_types[v] = Some(ty.clone());
                self.var_first[v] = Some(range);
                self.mark_changed(v);
                Ok(ty.clone())
            }
            Some(t) if &t == ty => Ok(t),
            Some(t) if self.var_fixed[v] => {
                if t.unify(ty).is_none() {
                    return Err(self.err(
                        range,
                        format!("`{}` is declared {t} but is assigned a {ty}", self.var_name(v)),
                    ));
                }
                Ok(t)
            }
            Some(t) => match t.unify(ty) {
                Some(u) => {
                    if u != t {
                        self.var_types[v] = Some(u.clone());
                        self.mark_changed(v);
                    }
                    Ok(u)
                }
                None => {
                    let first = match self.var_first.get(v).copied().flatten() {
                        Some(r) if r != range => format!(" (assigned on line {})", self.span(r).line),
                        _ => String::new(),
                    };
                    Err(self.err(
                        range,
                        format!(
                            "variable `{}` cannot hold both {t}{first} and {ty}: where control flow merges, \
                             a variable keeps one type in compiled code",
                            self.var_name(v)
                        ),
                    ))
                }
            },
        }
    }

    /// Forget the temporaries that typing made (the lowering makes its own): the webs
    /// keep their order, so parameters stay `0..n`.
    fn drop_temporaries(&mut self) {
        let keep: Vec<usize> = (0..self.var_names.len()).filter(|&v| !self.is_temp[v]).collect();
        fn pick<T: Clone>(vals: &mut Vec<T>, keep: &[usize]) {
            *vals = keep.iter().map(|&v| vals[v].clone()).collect();
        }
        pick(&mut self.var_names, &keep);
        pick(&mut self.var_types, &keep);
        pick(&mut self.var_fixed, &keep);
        pick(&mut self.var_first, &keep);
        pick(&mut self.var_numpy, &keep);
        pick(&mut self.var_numpy_some, &keep);
        let new_id: HashMap<usize, usize> = keep.iter().enumerate().map(|(new, &old)| (old, new)).collect();
        let flags = std::mem::take(&mut self.numpy_flags);
        self.numpy_flags = flags.into_iter().filter_map(|(v, f)| Some((*new_id.get(&v)?, *new_id.get(&f)?))).collect();
        // (renumbered as the variables are)
        let items = std::mem::take(&mut self.var_numpy_items);
        self.var_numpy_items = keep.iter().enumerate().filter_map(|(new, old)| items.get(old).map(|i| (new, i.clone()))).collect();
        self.is_temp = vec![false; keep.len()];
        self.var_index = self.var_names.iter().enumerate().map(|(v, n)| (n.clone(), v)).collect();
    }

    /// Note that web `v`'s type or mark changed (or the return type, [`crate::infer::RET`]).
    pub(crate) fn mark_changed(&mut self, v: VarId) {
        if v == crate::infer::RET || !self.is_temp[v] {
            self.user_changed = true;
            self.dirty.push(v);
        }
    }

    /// Inference reads the return type (a call of this very function).
    pub fn read_return_type(&mut self) {
        if let Some(reads) = &mut self.reads {
            reads.insert(crate::infer::RET);
        }
    }

    /// `name: type` of a web, for internal errors.
    fn describe_web(&self, v: VarId) -> String {
        if v == crate::infer::RET {
            return format!("return: {}", self.ret.as_ref().map_or("?".into(), |t| t.to_string()));
        }
        let ty = self.var_types[v].as_ref().map_or("?".into(), |t| t.to_string());
        format!("{}: {ty}", self.var_names[v])
    }

    /// Unify a returned value's type into the function's return type.
    pub fn note_return(&mut self, ty: &Type, range: TextRange) -> LResult<Type> {
        // A function returned to Python must be a Python object: one passed in. (Between
        // compiled functions any function value may be returned: `make_adder(k)`.)
        fn named_here(t: &Type) -> bool {
            match t {
                Type::Function(id) => id & crate::program::FUNCTION_VALUES != 0,
                Type::Tuple(items) => items.iter().any(named_here),
                _ => false,
            }
        }
        if self.id == 0 && named_here(ty) {
            return Err(self.err(range, "compiled code cannot return a function to Python that it named itself (call it here, or return its result)"));
        }
        if let Some(d) = &self.declared_ret {
            if d.unify(ty).is_none() && !(d == &Type::None && ty == &Type::None) {
                return Err(self.err(range, format!("returns {ty}, but the signature says {d}")));
            }
            let d = d.clone();
            if self.ret.as_ref() != Some(&d) {
                self.ret = Some(d.clone());
                self.mark_changed(crate::infer::RET);
                self.b.set_partial_return(self.id, d.clone());
            }
            return Ok(d);
        }
        let new = match &self.ret {
            None => ty.clone(),
            Some(t) => t.unify(ty).ok_or_else(|| {
                self.err(range, format!("returns {ty} here but {t} elsewhere: a function has one return type"))
            })?,
        };
        if self.ret.as_ref() != Some(&new) {
            self.ret = Some(new.clone());
            self.mark_changed(crate::infer::RET);
            self.b.set_partial_return(self.id, new.clone());
        }
        Ok(new)
    }

    pub fn lower_block(&mut self, stmts: &[ast::Stmt]) -> Result<Block> {
        let mut out = Vec::new();
        if self.headers_only {
            return Ok(out); // inference types each nested statement as its own site
        }
        for s in stmts {
            match self.lower_stmt(s) {
                Ok(mut lowered) => out.append(&mut lowered),
                Err(LErr::Pending) => {}
                Err(LErr::Fatal(e)) => return Err(e),
            }
            if always_returns(&out) {
                // What follows can never run (as after `if True: return x`, whose `if`
                // was decided when compiling): CPython never types it, nor do we.
                break;
            }
        }
        Ok(out)
    }
}

/// `FERROJIT_STRICT_INFER=1` (set by the test suite): a type that inference missed is
/// an internal error instead of a second lowering pass.
fn strict_inference() -> bool {
    std::env::var("FERROJIT_STRICT_INFER").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Whether control can never fall off the end of `block`.
pub fn always_returns(block: &Block) -> bool {
    match block.last().map(|s| &s.kind) {
        Some(StmtKind::Return(_)) | Some(StmtKind::Raise { .. }) => true,
        Some(StmtKind::If { then_body, else_body, .. }) => always_returns(then_body) && always_returns(else_body),
        // Every way out returns or raises: the normal path (body or `else`) and every
        // handler (an exception no handler catches propagates), or `finally` itself.
        Some(StmtKind::Try { body, handlers, orelse, finalbody }) => {
            always_returns(finalbody)
                || ((always_returns(body) || always_returns(orelse)) && handlers.iter().all(|h| always_returns(&h.body)))
        }
        Some(StmtKind::While { cond, body }) => {
            matches!(cond.kind, ExprKind::Const(Const::Bool(true))) && !contains_break(body)
        }
        _ => false,
    }
}

fn contains_break(block: &Block) -> bool {
    block.iter().any(|s| match &s.kind {
        StmtKind::Break => true,
        StmtKind::If { then_body, else_body, .. } => contains_break(then_body) || contains_break(else_body),
        StmtKind::Try { .. } => s.blocks().into_iter().any(|b| contains_break(b)),
        _ => false, // breaks inside nested loops belong to those loops
    })
}

/// Names an assignment target binds (`x`, `x, y`, `*rest`; not `a[i]` nor `o.f`).
pub(crate) fn collect_targets(e: &ast::Expr, out: &mut HashSet<String>) {
    match e {
        ast::Expr::Name(n) => {
            out.insert(n.id.to_string());
        }
        ast::Expr::Tuple(t) => t.elts.iter().for_each(|x| collect_targets(x, out)),
        ast::Expr::List(t) => t.elts.iter().for_each(|x| collect_targets(x, out)),
        ast::Expr::Starred(s) => collect_targets(&s.value, out),
        _ => {}
    }
}

pub(crate) fn collect_assigned(stmts: &[ast::Stmt], out: &mut HashSet<String>) {
    collect_names(stmts, out, true);
}

fn collect_assigned_except_imports(stmts: &[ast::Stmt], out: &mut HashSet<String>) {
    collect_names(stmts, out, false);
}

/// Names a block binds (assignments, loop targets, definitions; imports if asked).
fn collect_names(stmts: &[ast::Stmt], out: &mut HashSet<String>, imports: bool) {
    let collect_assigned = |stmts: &[ast::Stmt], out: &mut HashSet<String>| collect_names(stmts, out, imports);
    for s in stmts {
        match s {
            ast::Stmt::Assign(a) => a.targets.iter().for_each(|t| collect_targets(t, out)),
            ast::Stmt::AugAssign(a) => collect_targets(&a.target, out),
            ast::Stmt::Delete(d) => d.targets.iter().for_each(|t| collect_targets(t, out)),
            ast::Stmt::AnnAssign(a) => collect_targets(&a.target, out),
            ast::Stmt::For(f) => {
                collect_targets(&f.target, out);
                collect_assigned(&f.body, out);
                collect_assigned(&f.orelse, out);
            }
            ast::Stmt::While(w) => {
                collect_assigned(&w.body, out);
                collect_assigned(&w.orelse, out);
            }
            ast::Stmt::If(i) => {
                collect_assigned(&i.body, out);
                collect_assigned(&i.orelse, out);
            }
            ast::Stmt::With(w) => collect_assigned(&w.body, out),
            ast::Stmt::Try(t) => {
                for b in crate::exceptions::try_blocks(t) {
                    collect_assigned(b, out);
                }
            }
            ast::Stmt::FunctionDef(f) => {
                out.insert(f.name.to_string());
            }
            ast::Stmt::ClassDef(c) => {
                out.insert(c.name.to_string());
            }
            ast::Stmt::Import(i) if imports => i.names.iter().for_each(|a| {
                let n = a.asname.as_ref().unwrap_or(&a.name).to_string();
                out.insert(n.split('.').next().unwrap_or("").to_string());
            }),
            ast::Stmt::ImportFrom(i) if imports => i.names.iter().for_each(|a| {
                out.insert(a.asname.as_ref().unwrap_or(&a.name).to_string());
            }),
            _ => {}
        }
    }
}

/// The first place in the body where `name` is read, widened to cover `name.attr`.
fn first_use(pf: &ParsedFunction, name: &str) -> Option<TextRange> {
    let first = pf.def.body.first()?.range().start();
    let end = pf.def.range().end();
    if first > end {
        return None; // (inlined code first: crate::generators)
    }
    let text = pf.map.snippet(TextRange::new(first, end));
    let bytes = text.as_bytes();
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut from = 0;
    while let Some(pos) = text[from..].find(name) {
        let s = from + pos;
        let e = s + name.len();
        let before_ok = s == 0 || (!is_ident(bytes[s - 1]) && bytes[s - 1] != b'.');
        let after_ok = e >= bytes.len() || !is_ident(bytes[e]);
        if before_ok && after_ok {
            let mut stop = e;
            if bytes.get(stop) == Some(&b'.') {
                stop += 1;
                while stop < bytes.len() && is_ident(bytes[stop]) {
                    stop += 1;
                }
            }
            let start = first + rustpython_parser::text_size::TextSize::from(s as u32);
            let stop = first + rustpython_parser::text_size::TextSize::from(stop as u32);
            return Some(TextRange::new(start, stop));
        }
        from = e;
    }
    None
}

/// Whether a body holds a `del` statement (at any depth of compound statements).
pub(crate) fn contains_del(stmts: &[ast::Stmt]) -> bool {
    stmts.iter().any(|s| match s {
        ast::Stmt::Delete(_) => true,
        ast::Stmt::If(i) => contains_del(&i.body) || contains_del(&i.orelse),
        ast::Stmt::For(f) => contains_del(&f.body) || contains_del(&f.orelse),
        ast::Stmt::While(w) => contains_del(&w.body) || contains_del(&w.orelse),
        ast::Stmt::Try(t) => crate::exceptions::try_blocks(t).into_iter().any(|b| contains_del(b)),
        _ => false,
    })
}
