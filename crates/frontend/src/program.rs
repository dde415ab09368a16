//! The set of specialised functions being built for one compilation, and the entry point
//! [`compile`].

use crate::function::FunctionLowerer;
use crate::source::{parse_function, ParsedFunction};
use crate::{ArgType, FrontendError, FunctionKey, GlobalValue, Resolver, Result};
use ferrojit_ir::{CodegenOptions, FuncId, Function, Program, Type};
use std::collections::HashMap;
use std::rc::Rc;

/// What the caller pins down beyond argument types.
#[derive(Clone, Debug, Default)]
pub struct Declared {
    /// Return type from an explicit signature (`"f8(i8)"`): returns are converted to it.
    pub ret: Option<Type>,
    /// `locals={"x": float64}`: variables with a fixed type.
    pub locals: Vec<(String, Type)>,
    /// Parameters whose arguments are NumPy scalars (`np.int64(3)`, `np.int8(3)`, not
    /// `3`): strong in NumPy 2's promotion. Missing entries are false: parameters typed by
    /// an explicit signature (`"i4(i4)"`) take Python numbers, whatever their type.
    pub numpy_scalars: Vec<bool>,
}

pub struct ProgramBuilder<'r> {
    pub resolver: &'r dyn Resolver,
    parsed: HashMap<FunctionKey, Rc<ParsedFunction>>,
    /// Specialisations by function, argument types and which arguments are NumPy scalars.
    specs: HashMap<(FunctionKey, Vec<Type>, Vec<bool>), FuncId>,
    functions: Vec<Option<Function>>,
    /// Return types known so far for functions still being lowered (recursion).
    partial_ret: HashMap<FuncId, Type>,
    /// Inner functions' synthetic keys -> the resolver key of the function defining them.
    outer_of: HashMap<FunctionKey, FunctionKey>,
    /// Functions every `return` of which gives a NumPy scalar (`return np.sqrt(x)`): a
    /// call of one is a NumPy scalar too, as in CPython.
    numpy_returns: HashMap<FuncId, bool>,
    /// Functions used as values in this program (`Type::Function(FUNCTION_VALUES | i)`):
    /// what each is, and the names its calls pass from the value's captured items (an
    /// inner function reading its enclosing function's variables).
    function_values: Vec<(GlobalValue, Vec<String>)>,
    /// Inner functions' captured names, by key.
    captures: HashMap<FunctionKey, Vec<String>>,
    /// `parallel=True`: independent `prange` loops are outlined (crate::parallel).
    parallel: bool,
    /// Each `prange` loop: parallel or serial, and why (warnings, the annotation report).
    notes: Vec<ferrojit_ir::LoopNote>,
}

/// `Type::Function` ids of functions used as values in compiled code (ids below are the
/// bindings', Python objects' addresses).
pub const FUNCTION_VALUES: u64 = 1 << 62;

/// How deep functions lifted out of functions may nest (comprehensions in generators in
/// comprehensions...): a generator that runs itself in a comprehension would nest forever.
const MAX_LIFT_DEPTH: usize = 24;

/// Inner functions get keys from here up (the resolver's keys count from 0).
const SYNTHETIC_KEYS: FunctionKey = 1 << 62;

impl<'r> ProgramBuilder<'r> {
    pub fn parsed(&mut self, key: FunctionKey) -> Result<Rc<ParsedFunction>> {
        if let Some(p) = self.parsed.get(&key) {
            return Ok(p.clone());
        }
        let info = self.resolver.function_source(key).map_err(FrontendError::Source)?;
        let mut parsed = parse_function(info)?;
        {
            // `list(g(n))` of a generator `g` as `list(x for x in g(n))`, before
            // comprehensions are lifted (crate::generators)
            let (resolver, rkey, filename) = (self.resolver, self.resolver_key(key), parsed.map.filename.clone());
            crate::generators::wrap_consumed(&mut parsed.def, &mut |name| generator_def(resolver, rkey, &filename, name).is_some());
        }
        // Inner functions are lifted out first (crate::closures), each then a function of
        // its own with a synthetic key that resolves names as its enclosing one does.
        let resolver = self.resolver;
        let rkey = self.resolver_key(key);
        let is_objmode = |e: &rustpython_parser::ast::Expr| crate::imports::names_objmode(resolver, rkey, e);
        parsed.objmode = crate::objmode::extract(&mut parsed.def, &parsed.map, &is_objmode).map_err(|(range, why)| parsed.map.error(range, why))?;
        if self.parallel {
            let is_prange = |e: &rustpython_parser::ast::Expr| crate::imports::names_builtin(resolver, rkey, e, "prange");
            let map = parsed.map.clone();
            let text = |r| map.snippet(r).to_string();
            for (range, decision) in crate::parallel::outline(&mut parsed.def, &is_prange, &text) {
                let line = parsed.map.span(range).line;
                let (parallel, message) = match decision {
                    Ok(None) => (true, "runs on the thread pool".to_string()),
                    Ok(Some(what)) => (true, format!("runs on the thread pool ({what})")),
                    Err(why) => (false, format!("runs serially: {why}")),
                };
                self.notes.push(ferrojit_ir::LoopNote { filename: parsed.map.filename.clone(), line, parallel, message });
            }
        }
        let rkey = self.resolver_key(key);
        self.lift_inner(rkey, &mut parsed, &[], 0)?;
        self.insert_parsed(key, parsed)
    }

    /// Inline the generators the loops of `parsed` run (crate::generators), then lift its
    /// inner functions (crate::closures), each then a function of its own with a
    /// synthetic key that resolves names as function `rkey` (the outermost) does; an
    /// inner function's own generators, comprehensions and lambdas are handled the same
    /// way (`depth`: how deep). `outer` are the functions its enclosing function can call
    /// by name.
    fn lift_inner(&mut self, rkey: FunctionKey, parsed: &mut ParsedFunction, outer: &[(String, FunctionKey)], depth: usize) -> Result<()> {
        if depth > MAX_LIFT_DEPTH {
            return Err(parsed.map.error(parsed.def.range, "functions, comprehensions or generators nested too deep (a generator that runs itself?) are not supported in compiled code"));
        }
        // Its own inner functions first: a loop's body copied at each `yield` of the
        // generator it runs then holds calls of them, not their definitions.
        let mut lifted = crate::closures::lift(&mut parsed.def).map_err(|(range, why)| parsed.map.error(range, why))?;
        let inlined = {
            let (resolver, filename) = (self.resolver, parsed.map.filename.clone());
            let mut find = |name: &str| generator_def(resolver, rkey, &filename, name).map(|mut def| {
                crate::generators::wrap_consumed(&mut def, &mut |n| generator_def(resolver, rkey, &filename, n).is_some());
                crate::generators::Generator { def }
            });
            crate::generators::inline(&mut parsed.def, &mut find, &mut parsed.map).map_err(|(range, why)| parsed.map.error(range, why))?
        };
        if inlined {
            // the generators' own comprehensions, lambdas and inner functions
            lifted.extend(crate::closures::lift_tagged(&mut parsed.def, "g").map_err(|(range, why)| parsed.map.error(range, why))?);
        }
        let mut locals = outer.to_vec();
        let mut inner = Vec::new();
        for l in lifted {
            let k = SYNTHETIC_KEYS + self.outer_of.len() as FunctionKey;
            self.outer_of.insert(k, rkey);
            locals.retain(|(n, _)| *n != l.name);
            locals.push((l.name.clone(), k));
            self.captures.insert(k, l.captures.clone());
            let info = crate::FunctionSource { name: l.name, defaults: l.defaults, kwdefaults: Vec::new(), ..parsed.info.clone() };
            inner.push((k, ParsedFunction { def: l.def, map: parsed.map.clone(), info, local_functions: Vec::new(), vararg: None, objmode: Vec::new() }));
        }
        parsed.local_functions = locals.clone();
        for (k, mut pf) in inner {
            self.lift_inner(rkey, &mut pf, &locals, depth + 1)?;
            self.insert_parsed(k, pf)?;
        }
        Ok(())
    }

    /// Desugar a parsed function, split its webs, and keep it.
    fn insert_parsed(&mut self, key: FunctionKey, mut parsed: ParsedFunction) -> Result<Rc<ParsedFunction>> {
        let def = crate::desugar::desugar(parsed.def);
        parsed.def = crate::webs::split_webs(def);
        if std::env::var("FERROJIT_DUMP_HIR").is_ok_and(|v| !v.is_empty() && v != "0") {
            println!("---- HIR: {} ({}) ----\n{}", parsed.def.name, parsed.map.filename, crate::desugar::hir_text(&parsed.def));
        }
        let parsed = Rc::new(parsed);
        self.parsed.insert(key, parsed.clone());
        Ok(parsed)
    }

    /// The key the resolver knows for function `key`: an inner function resolves names
    /// as the function that defines it.
    pub fn resolver_key(&self, key: FunctionKey) -> FunctionKey {
        self.outer_of.get(&key).copied().unwrap_or(key)
    }

    /// The return type of a function, as far as it is known (a function being lowered
    /// may not know it yet).
    pub fn return_type(&self, id: FuncId) -> Option<Type> {
        match self.functions.get(id) {
            Some(Some(f)) => Some(f.ret.clone()),
            _ => self.partial_ret.get(&id).cloned(),
        }
    }

    /// Whether function `id` (lowered) returns a NumPy scalar on every path.
    pub fn returns_numpy_scalar(&self, id: FuncId) -> bool {
        self.numpy_returns.get(&id).copied().unwrap_or(false)
    }

    pub fn set_numpy_return(&mut self, id: FuncId, strong: bool) {
        self.numpy_returns.insert(id, strong);
    }

    /// The `Type::Function` id of a function used as a value (one per function).
    pub fn function_value_id(&mut self, g: GlobalValue) -> u64 {
        let captures = match &g {
            GlobalValue::Function(k) => self.captures.get(k).cloned().unwrap_or_default(),
            _ => Vec::new(),
        };
        let i = match self.function_values.iter().position(|(x, _)| *x == g) {
            Some(i) => i,
            None => {
                self.function_values.push((g, captures));
                self.function_values.len() - 1
            }
        };
        FUNCTION_VALUES | i as u64
    }

    /// What the function with `Type::Function` id `id` is, and the names of its captures.
    pub fn function_value(&self, id: u64) -> (GlobalValue, Vec<String>) {
        if id & FUNCTION_VALUES != 0 {
            return self.function_values.get((id & !FUNCTION_VALUES) as usize).cloned().unwrap_or((GlobalValue::NotFound, Vec::new()));
        }
        (self.resolver.function_value(id), Vec::new())
    }

    pub fn set_partial_return(&mut self, id: FuncId, ty: Type) {
        self.partial_ret.insert(id, ty);
    }

    pub fn function_name(&self, id: FuncId) -> String {
        self.functions.get(id).and_then(|f| f.as_ref()).map_or_else(|| format!("#{id}"), |f| f.name.clone())
    }

    /// Specialise function `key` for concrete argument types (`numpy_scalars`: which are
    /// NumPy scalars, strong in NumPy 2's promotion, as a caller's array element is), lowering
    /// it unless it is already done or in progress (recursion).
    pub fn specialize(&mut self, key: FunctionKey, args: &[Type], numpy_scalars: &[bool]) -> Result<FuncId> {
        if let Some(&id) = self.specs.get(&(key, args.to_vec(), numpy_scalars.to_vec())) {
            return Ok(id);
        }
        let args: Vec<ArgType> = args.iter().cloned().map(ArgType::Known).collect();
        let declared = Declared { numpy_scalars: numpy_scalars.to_vec(), ..Declared::default() };
        self.lower_new(key, &args, &declared)
    }

    fn lower_new(&mut self, key: FunctionKey, args: &[ArgType], declared: &Declared) -> Result<FuncId> {
        let parsed = self.parsed(key)?;
        let id = self.functions.len();
        self.functions.push(None);
        let known = ArgType::all_known(args);
        if let Some(known) = known {
            let mut strong = declared.numpy_scalars.clone();
            strong.resize(known.len(), false);
            self.specs.insert((key, known, strong), id);
        }
        let symbol = format!("{}__{}", parsed.info.name, id);
        let boundscheck = parsed.info.boundscheck;
        let mut function = FunctionLowerer::lower(self, parsed, key, id, symbol, args, declared)?;
        function.boundscheck = boundscheck;
        self.partial_ret.remove(&id);
        self.functions[id] = Some(function);
        Ok(id)
    }
}

/// Compile the function `root` for the given argument types into a typed program.
pub fn compile(
    resolver: &dyn Resolver,
    root: FunctionKey,
    args: &[ArgType],
    declared: &Declared,
    options: CodegenOptions,
) -> Result<Program> {
    let mut program = compile_unoptimized(resolver, root, args, declared, options)?;
    crate::optimize::optimize(&mut program);
    Ok(program)
}

/// [`compile`] without the [`crate::optimize`] rewrites: what they start from (the
/// passes' file tests are written from it).
pub fn compile_unoptimized(
    resolver: &dyn Resolver,
    root: FunctionKey,
    args: &[ArgType],
    declared: &Declared,
    options: CodegenOptions,
) -> Result<Program> {
    let mut builder = ProgramBuilder {
        resolver,
        parsed: HashMap::new(),
        specs: HashMap::new(),
        functions: Vec::new(),
        partial_ret: HashMap::new(),
        outer_of: HashMap::new(),
        numpy_returns: HashMap::new(),
        function_values: Vec::new(),
        captures: HashMap::new(),
        parallel: options.parallel,
        notes: Vec::new(),
    };
    let entry = builder.lower_new(root, args, declared)?;
    let functions = builder
        .functions
        .into_iter()
        .map(|f| f.ok_or_else(|| FrontendError::Internal("a function was left unlowered".into())))
        .collect::<Result<Vec<_>>>()?;
    Ok(Program { functions, entry, options, notes: builder.notes })
}

/// The definition of `name` as function `rkey` sees it, when it is a generator function
/// of the same module (file `filename`: its names then resolve as the caller's).
fn generator_def(resolver: &dyn Resolver, rkey: FunctionKey, filename: &str, name: &str) -> Option<rustpython_parser::ast::StmtFunctionDef> {
    if name == crate::generators::LITERAL_UNROLL_ATTRIBUTE {
        return Some(crate::generators::literal_unroll());
    }
    let GlobalValue::Function(g) = resolver.global(rkey, name) else { return None };
    let info = resolver.function_source(g).ok()?;
    if info.name == "literal_unroll" && crate::generators::is_ferrojit_init(&info.filename) {
        return Some(crate::generators::literal_unroll());
    }
    if info.filename != filename {
        return None;
    }
    let source = parse_function(info).ok()?;
    crate::generators::is_generator(&source.def).then_some(source.def)
}
