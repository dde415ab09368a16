//! Lowering calls: builtins, the `math` module, and other jitted functions.

use crate::function::{FunctionLowerer, LResult};
use crate::{GlobalValue, FunctionKey};
use ferrojit_ir::{ExcKind, BinOp, Const, DType, Expr, ExprKind, MathFn, ReduceOp, Type, FLOAT64, INT64};
use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;

impl FunctionLowerer<'_, '_> {
    pub fn lower_call(&mut self, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range();
        if let Some(e) = self.caught_call(c)? {
            return Ok(e);
        }
        if let Some(e) = self.objmode_call(c)? {
            return Ok(e);
        }
        if let ast::Expr::Name(n) = c.func.as_ref() {
            if let Some(kind) = n.id.as_str().strip_prefix("$parallel_") {
                return self.parallel_for(c, kind);
            }
            if n.id.as_str() == "$range_len" {
                return self.range_len(c);
            }
            if matches!(n.id.as_str(), "$zero_like" | "$one_like" | "$is_number") {
                return self.parallel_intrinsic(n.id.as_str(), c);
            }
        }
        let callee_text = self.snippet(c.func.range());
        let target = match c.func.as_ref() {
            ast::Expr::Name(n) if !self.locals.contains(n.id.as_str()) => self.global(n.id.as_str()),
            ast::Expr::Attribute(a) => match self.resolve_attribute(a)? {
                Some(g) => g,
                None => {
                    let base = self.lower_object(&a.value, ExcKind::AttributeError, format!("'NoneType' object has no attribute '{}'", a.attr))?;
                    if matches!(base.ty, Type::Array(_)) {
                        return self.array_method(base, a.attr.as_str(), c);
                    }
                    if base.ty.is_any_str() {
                        return self.str_method(base, a.attr.as_str(), c);
                    }
                    if base.ty.is_list() {
                        return self.list_method(base, a.attr.as_str(), c);
                    }
                    if base.ty.is_table() {
                        return self.dict_method(base, a.attr.as_str(), c);
                    }
                    if let Some(class) = object_class(&base.ty) {
                        return self.object_method(base, &class, a.attr.as_str(), c);
                    }
                    let base = match self.number_method(base.clone(), a.attr.as_str(), c.args.len() + c.keywords.len(), range)? {
                        Some(e) => return Ok(e),
                        None => base,
                    };
                    return Err(self.err(range, format!("methods of {} values are not supported in compiled code (`{callee_text}`)", base.ty)));
                }
            },
            ast::Expr::Name(n) => {
                // A function passed as an argument (or a local bound to one): called
                // directly, as the function it is.
                let v = self.var(n.id.as_str());
                match self.var_type(v).cloned() {
                    // A capturing inner function as a value: `(g, k1, ...)`; the call
                    // passes the captured values back as the keywords `g` takes them by.
                    Some(Type::Tuple(items)) if matches!(items.first(), Some(Type::Function(id)) if !self.b.function_value(*id).1.is_empty()) => {
                        let Some(Type::Function(id)) = items.first() else { unreachable!("matched above") };
                        let (g, captures) = self.b.function_value(*id);
                        let GlobalValue::Function(key) = g else {
                            return Err(self.err(c.func.range(), format!("`{callee_text}` is a function compiled code does not know")));
                        };
                        let mut call = c.clone();
                        for (i, k) in captures.iter().enumerate() {
                            let index = ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Int((i + 1).into()), kind: None, range: c.range });
                            let item = ast::Expr::Subscript(ast::ExprSubscript { value: c.func.clone(), slice: Box::new(index), ctx: ast::ExprContext::Load, range: c.range });
                            call.keywords.push(ast::Keyword { arg: Some(ast::Identifier::new(k.clone())), value: item, range: c.range });
                        }
                        return self.jitted_call(key, &call, &callee_text);
                    }
                    Some(Type::Function(id)) => {
                        match self.b.function_value(id).0 {
                            GlobalValue::Unsupported(what) => {
                                return Err(self.err(c.func.range(), format!("`{callee_text}` is {what}, which compiled code cannot call")))
                            }
                            GlobalValue::NotFound => return Err(self.err(c.func.range(), format!("`{callee_text}` is a function compiled code does not know"))),
                            g => g,
                        }
                    }
                    _ => {
                        return Err(self.err(c.func.range(), format!("`{}` is a local variable, not a function", ferrojit_ir::source_name(n.id.as_str()))));
                    }
                }
            }
            other => {
                // A call of what an expression gives (`make_op(k)(x)`): a function value.
                let callee = self.lower_expr(other)?;
                let Type::Function(id) = callee.ty else {
                    let why = if matches!(callee.ty, Type::Tuple(_)) { " (a function that carries captured variables: call it through a name, `g = ...; g(x)`)" } else { "" };
                    return Err(self.err(c.func.range(), format!("only functions can be called in compiled code, not a {}{why}", callee.ty)));
                };
                let GlobalValue::Function(key) = self.b.function_value(id).0 else {
                    return Err(self.err(c.func.range(), "only named functions can be called in compiled code"));
                };
                let call = self.jitted_call(key, c, &callee_text)?;
                return Ok(self.after(callee, call));
            }
        };
        match target {
            GlobalValue::Builtin(name) => self.builtin_call(&name, c),
            GlobalValue::ModuleFunction { module, name } if module == "math" => {
                let many_coordinates = name == "hypot" && c.args.len() != 2;
                if (MathFn::from_name(&name).is_none() && name != "log") || many_coordinates {
                    // isclose, gcd, frexp, fsum...: the library written in Python.
                    return match self.b.resolver.library(&format!("math.{name}")) {
                        GlobalValue::Overloaded { key, name: full } => self.overloaded_call(key, c, &full),
                        _ => Err(self.err(range, format!("math.{name} is not supported in compiled code yet"))),
                    };
                }
                let args = self.positional_args(c, &callee_text)?;
                if let Some(z) = args.iter().find(|a| a.ty.is_complex()) {
                    let _ = z;
                    return Err(self.err(range, format!("must be real number, not complex (`math.{name}`; use `cmath.{name}`)")));
                }
                self.math_call(&name, args, range)
            }
            GlobalValue::ModuleFunction { module, name } if module == "cmath" => {
                let intrinsic = crate::complex::CMATH_INTRINSICS.contains(&name.as_str());
                if !intrinsic {
                    // polar, rect: the library written in Python.
                    return match self.b.resolver.library(&format!("cmath.{name}")) {
                        GlobalValue::Overloaded { key, name: full } => self.overloaded_call(key, c, &full),
                        _ => Err(self.err(range, format!("`cmath.{name}` is not supported in compiled code yet"))),
                    };
                }
                let args = self.positional_args(c, &callee_text)?;
                self.cmath_call(&name, args, range)
            }
            GlobalValue::Function(key) => self.jitted_call(key, c, &callee_text),
            GlobalValue::Vectorized { key, loops } => self.vectorized_call(key, &loops, c, &callee_text),
            GlobalValue::Overloaded { key, name } if matches!(name.as_str(), "numpy.array" | "numpy.asarray") => self.array_with_dtype(key, c, &name),
            GlobalValue::Overloaded { key, name } => self.overloaded_call(key, c, &name),
            GlobalValue::ModuleFunction { module, name } if crate::array::numpy_function(&module, &name) => self.numpy_call(&name, c),
            GlobalValue::NumpyDType(d) => {
                let args = self.positional_args(c, &callee_text)?;
                let [x] = <[Expr; 1]>::try_from(args).map_err(|_| self.err(range, format!("`{callee_text}()` takes one argument")))?;
                let ty = ferrojit_ir::type_from_name(&d).ok_or_else(|| self.err(range, format!("unknown NumPy type {d}")))?;
                // (a complex number only to a complex type)
                if !(x.ty.is_numeric() || x.ty.is_complex() && ty.is_complex()) {
                    return Err(self.err(range, format!("cannot convert a {} to {d}", x.ty)));
                }
                // A NumPy scalar (strong in NumPy 2's promotion: `np.int64(0) + int8`
                // is int64), whatever the argument was.
                let span = self.span(range);
                let t = self.temp(&ty);
                let read = Expr::new(ExprKind::NumpySemantics(Box::new(Expr::new(ExprKind::Var(t), ty.clone(), span))), ty.clone(), span);
                Ok(Expr::new(ExprKind::Let { var: t, value: Box::new(x.cast_to(&ty)), body: Box::new(read) }, ty, span))
            }
            GlobalValue::Array(_) => Err(self.err(range, format!("`{callee_text}` is an array, not a function"))),
            GlobalValue::NotFound => Err(self.err(c.func.range(), format!("name `{callee_text}` is not defined"))),
            GlobalValue::ExceptionClass(name) => {
                Err(self.err(range, format!("`{name}(...)` can only appear in a `raise` statement in compiled code")))
            }
            GlobalValue::ModuleFunction { module, name } => Err(self.err(
                range,
                format!("`{module}.{name}` is not supported in compiled code yet"),
            )),
            GlobalValue::Unsupported(what) => Err(self.err(
                range,
                format!("`{callee_text}` is {what}; compiled code cannot call it"),
            )),
            GlobalValue::Module(m) => Err(self.err(range, format!("`{callee_text}` is the module `{m}`, not a function"))),
            GlobalValue::Const(_) => Err(self.err(range, format!("`{callee_text}` is a constant, not a function"))),
            GlobalValue::TypeObject(t) => Err(self.err(range, format!("`{callee_text}` is the type {t}; compiled code cannot call it"))),
            GlobalValue::CFunction { addr, params, ret } => self.c_function_call(addr, &params, ret, c, &callee_text),
        }
    }

    fn positional_args(&mut self, c: &ast::ExprCall, name: &str) -> LResult<Vec<Expr>> {
        if !c.keywords.is_empty() {
            return Err(self.err(c.range(), format!("`{name}` takes no keyword arguments in compiled code")));
        }
        let mut out = Vec::new();
        for a in &c.args {
            if matches!(a, ast::Expr::Starred(_)) {
                return Err(self.err(a.range(), "`*args` in calls is not supported in compiled code"));
            }
            // (a call's result that may be None: its value, a None raising TypeError)
            let e = self.lower_expr(a)?;
            out.push(Self::stored_value(e));
        }
        Ok(out)
    }

    fn builtin_call(&mut self, name: &str, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range();
        let span = self.span(range);
        if name == "carray" || name == "farray" {
            return self.carray_call(name, c);
        }
        if name == "print" {
            return self.print_call(c);
        }
        if name == "dict" || name == "dict_empty" {
            return self.dict_call(c, name == "dict_empty");
        }
        if name == "set" {
            return self.set_call(c);
        }
        if name == "empty_list" {
            // `typed.List.empty_list(types.float64)`: an empty list of those items.
            let ([t] | [t, _]) = c.args.as_slice() else {
                return Err(self.err(range, "List.empty_list() takes the item type (and `allocated`)"));
            };
            let d = self.dtype_of(t)?;
            return Ok(crate::lists::list_op(ferrojit_ir::ListOp::New, vec![], Type::List(Box::new(d.to_type())), span));
        }
        if name == "isinstance" {
            return self.isinstance_call(c);
        }
        if matches!(name, "min" | "max") && !c.keywords.is_empty() {
            // `max(l, key=f)`, `min(l, default=x)`: the library written in Python.
            return match self.b.resolver.library(&format!("builtins.{name}")) {
                GlobalValue::Overloaded { key, name: full } => self.overloaded_call(key, c, &full),
                _ => Err(self.err(range, format!("{name}() with keywords is not supported in compiled code"))),
            };
        }
        if name == "bool" && c.args.len() == 1 && c.keywords.is_empty() {
            // bool(None) is False: the truth value of a value that may be None.
            let t = self.lower_test(&c.args[0])?;
            return Ok(self.python_scalar(t));
        }
        let mut args = self.positional_args(c, name)?;
        if let (true, [a]) = (name == "len", args.as_mut_slice()) {
            if let ExprKind::OptionalValue { value, .. } = &a.kind {
                // A value that may be None: CPython's TypeError when it is.
                let opt = (**value).clone();
                *a = self.optional_value(opt, ExcKind::TypeError, "object of type 'NoneType' has no len()".into());
            }
        }
        let numeric = |s: &Self, e: &Expr| -> LResult<()> {
            if e.ty.is_numeric() {
                Ok(())
            } else {
                Err(s.err(range, format!("{name}() of a {} is not supported", e.ty)))
            }
        };
        match (name, args.len()) {
            ("complex", _) => self.complex_call(args, range),
            ("abs", 1) if args[0].ty.is_complex() => {
                let z = args.remove(0);
                Ok(self.complex_abs(z, range))
            }
            ("int" | "float", 1) if args[0].ty.is_complex() => {
                Err(self.err(range, format!("{name}() argument must be a string or a real number, not 'complex'")))
            }
            ("abs", 1) => {
                let x = args.remove(0);
                numeric(self, &x)?;
                if x.ty.is_float() {
                    let ty = x.ty.clone();
                    // abs() of a NumPy scalar is a NumPy scalar (as CPython calls its __abs__).
                    // The operand is evaluated first, with its own rules (`abs(s *
                    // math.acos(x))` still raises the domain error).
                    let strong = self.is_numpy_scalar(&x);
                    let fabs = |x: Expr| Expr::new(ExprKind::Math { func: MathFn::Fabs, args: vec![x.cast_to(&FLOAT64)] }, FLOAT64, span).cast_to(&ty);
                    if !strong {
                        return Ok(fabs(x));
                    }
                    let t = self.temp(&ty);
                    let r = Expr::new(ExprKind::NumpySemantics(Box::new(fabs(Expr::new(ExprKind::Var(t), ty.clone(), span)))), ty.clone(), span);
                    return Ok(Expr::new(ExprKind::Let { var: t, value: Box::new(x), body: Box::new(r) }, ty, span));
                }
                let ty = if x.ty == Type::Bool { INT64 } else { x.ty.clone() };
                let x = x.cast_to(&ty);
                let t = self.temp(&ty);
                let read = Expr::new(ExprKind::Var(t), ty.clone(), span);
                let zero = Expr::constant(Const::Int(0), span).cast_to(&ty);
                let neg = Expr::new(ExprKind::Unary { op: ferrojit_ir::UnaryOp::Neg, operand: Box::new(read.clone()) }, ty.clone(), span);
                let cond = Expr::new(ExprKind::Compare { op: ferrojit_ir::CmpOp::Lt, lhs: Box::new(read.clone()), rhs: Box::new(zero) }, Type::Bool, span);
                let body = Expr::new(ExprKind::IfExp { cond: Box::new(cond), then: Box::new(neg), orelse: Box::new(read) }, ty.clone(), span);
                Ok(Expr::new(ExprKind::Let { var: t, value: Box::new(x), body: Box::new(body) }, ty, span))
            }
            ("min" | "max", 1) if matches!(args[0].ty, Type::Array(_) | Type::List(_)) || args[0].ty.is_table() => {
                // Of an array's items: the library written in Python (builtins.min/max).
                match self.b.resolver.library(&format!("builtins.{name}")) {
                    GlobalValue::Overloaded { key, name: full } => self.overloaded_call(key, c, &full),
                    _ => Err(self.err(range, format!("{name}() of an array is not supported in compiled code"))),
                }
            }
            ("min" | "max", n) if n >= 1 => {
                let mut bindings = Vec::new();
                if n == 1 {
                    let t = args.remove(0);
                    let t = if matches!(t.ty, Type::Tuple(_)) { self.reusable(t, &mut bindings) } else { t };
                    args = self.tuple_items(t, range)?;
                    if args.is_empty() {
                        return Err(self.err(range, format!("{name}() arg is an empty sequence")));
                    }
                }
                let mut ty = args[0].ty.clone();
                for a in &args {
                    numeric(self, a)?;
                    if a.ty != ty {
                        ty = ferrojit_ir::arith_promote(&ty, &a.ty);
                    }
                }
                // Items NumPy scalars and Python numbers: each bound once, so that the
                // result's flag (which won) can read them again (crate::function::numpy_flag).
                let flags: Vec<bool> = args.iter().map(|a| self.is_numpy_scalar(a)).collect();
                let args: Vec<Expr> = if flags.iter().any(|f| *f != flags[0]) && ty.is_number() && !ty.is_complex() {
                    args.into_iter().map(|a| self.reusable(a, &mut bindings).cast_to(&ty)).collect()
                } else {
                    args.into_iter().map(|a| a.cast_to(&ty)).collect()
                };
                Ok(crate::array::with_bindings(Expr::new(ExprKind::MinMax { is_max: name == "max", args }, ty, span), bindings))
            }
            ("int", 0) => Ok(Expr::constant(Const::Int(0), span)),
            ("float", 0) => Ok(Expr::constant(Const::Float(0.0), span)),
            ("bool", 0) => Ok(Expr::constant(Const::Bool(false), span)),
            ("float", 1) => {
                if let ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) = &c.args[0] {
                    let v = match s.trim().to_ascii_lowercase().as_str() {
                        "inf" | "+inf" | "infinity" => f64::INFINITY,
                        "-inf" | "-infinity" => f64::NEG_INFINITY,
                        "nan" | "+nan" | "-nan" => f64::NAN,
                        other => other.parse().map_err(|_| self.err(range, format!("could not convert string to float: {s:?}")))?,
                    };
                    return Ok(Expr::constant(Const::Float(v), span));
                }
                let x = args.remove(0);
                numeric(self, &x)?;
                Ok(self.python_scalar(x.cast_to(&FLOAT64)))
            }
            ("int", 1) => {
                let x = args.remove(0);
                numeric(self, &x)?;
                Ok(self.python_scalar(x.cast_to(&INT64)))
            }
            ("bool", 1) => {
                let x = args.remove(0);
                let t = self.truth(x, range)?;
                Ok(self.python_scalar(t))
            }
            ("round", 1) => {
                let x = args.remove(0);
                numeric(self, &x)?;
                if x.ty.is_float() {
                    Ok(Expr::new(ExprKind::Round(Box::new(x)), INT64, span))
                } else {
                    Ok(x.cast_to(&INT64))
                }
            }
            ("round", 2) if args[1].ty == Type::None => {
                let x = args.remove(0);
                numeric(self, &x)?;
                Ok(if x.ty.is_float() { Expr::new(ExprKind::Round(Box::new(x)), INT64, span) } else { x.cast_to(&INT64) })
            }
            ("round", 2) => {
                let n = args.remove(1);
                let x = args.remove(0);
                numeric(self, &x)?;
                self.round_digits(x, n, range)
            }
            ("len", 1) if args[0].ty.is_any_str() => {
                let s = args.remove(0);
                Ok(self.str_len(s, range))
            }
            ("str", 1) => {
                let x = args.remove(0);
                self.str_of(x, range)
            }
            ("len", 1) => match &args[0].ty {
                t if t.is_table() => {
                    let d = args.remove(0);
                    self.dict_len(d, range)
                }
                Type::Tuple(items) => {
                    // (the tuple is still evaluated: its items' effects, a None's error)
                    let n = Expr::constant(Const::Int(items.len() as i64), span);
                    let t = args.remove(0);
                    Ok(self.after(t, n))
                }
                Type::Array(_) => {
                    let a = args.remove(0);
                    self.array_len(a, range)
                }
                Type::List(_) => {
                    let l = args.remove(0);
                    Ok(self.list_len(l, span))
                }
                t => Err(self.err(range, format!("len() of a {t} is not supported"))),
            },
            ("range" | "prange", _) => Err(self.err(range, format!("{name}() can only be used as the iterable of a `for` loop in compiled code"))),
            ("abs" | "int" | "float" | "bool" | "round" | "len" | "min" | "max", n) => {
                Err(self.err(range, format!("{name}() with {n} arguments is not supported")))
            }
            _ => Err(self.err(range, format!("the builtin `{name}` is not supported in compiled code yet"))),
        }
    }

    /// `carray(ptr, shape[, dtype])` / `farray`: an array view of C memory.
    fn carray_call(&mut self, name: &str, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range();
        let span = self.span(range);
        let p = self.np_params(c, name, crate::tables::ferrojit_params(name).unwrap_or(&["ptr", "shape", "dtype"]))?;
        let (Some(ptr_arg), Some(shape_arg)) = (p[0], p[1]) else {
            return Err(self.err(range, format!("{name}() needs a pointer and a shape")));
        };
        let ptr = self.lower_expr(ptr_arg)?;
        let pd = match ptr.ty {
            Type::Pointer(pd) => pd,
            // an address (`arr.ctypes.data`, a C function's `c_void_p` result)
            Type::Int(_) => None,
            _ => return Err(self.err(range, format!("{name}() needs a pointer (a cfunc argument) or an address, not {}", ptr.ty))),
        };
        let ptr = if ptr.ty.is_int() { ptr.cast_to(&INT64) } else { ptr };
        let dtype = match (p[2], pd) {
            (Some(d), _) => self.dtype_of(d)?,
            (None, Some(d)) => d,
            (None, None) => return Err(self.err(range, format!("{name}() of a voidptr needs a dtype"))),
        };
        if let (Some(pdt), Some(_)) = (pd, p[2]) {
            if pdt != dtype {
                return Err(self.err(range, format!("{name}(): the pointer is to {} but dtype is {}", pdt.name(), dtype.name())));
            }
        }
        let shape_value = self.lower_expr(shape_arg)?;
        let mut b = Vec::new();
        let shape = self.shape_of_expr(shape_value, &mut b, shape_arg.range())?;
        let layout = if name == "carray" { ferrojit_ir::Layout::C } else { ferrojit_ir::Layout::F };
        let at = ferrojit_ir::ArrayType::new(dtype, shape.len() as u8, layout).normalized();
        let e = Expr::new(ExprKind::CArray { ptr: Box::new(ptr), shape }, Type::Array(at), span);
        Ok(crate::array::with_bindings(e, b))
    }

    /// The items of tuple `t`, the tuple evaluated once: the first item carries the
    /// binding that evaluates it (`f(*t)`, `print(*t)`, `a[t]`).
    pub(crate) fn spread_tuple(&mut self, t: Expr, range: TextRange) -> LResult<Vec<Expr>> {
        let mut bindings = Vec::new();
        let t = self.reusable(t, &mut bindings);
        let mut items = self.tuple_items(t, range)?;
        if let (Some(first), false) = (items.first_mut(), bindings.is_empty()) {
            let g = std::mem::replace(first, Expr::constant(Const::None, first.span));
            *first = crate::array::with_bindings(g, bindings);
        }
        Ok(items)
    }

    fn tuple_items(&mut self, t: Expr, range: TextRange) -> LResult<Vec<Expr>> {
        let Type::Tuple(items) = t.ty.clone() else {
            return Err(self.err(range, format!("expected a tuple, found {}", t.ty)));
        };
        match t.kind {
            ExprKind::Tuple(parts) => Ok(parts),
            ExprKind::Var(_) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, ty)| Expr::new(ExprKind::TupleGet { tuple: Box::new(t.clone()), index: i }, ty.clone(), t.span))
                .collect()),
            _ => Err(self.err(range, "assign the tuple to a variable first")),
        }
    }

    pub fn math_call(&mut self, name: &str, mut args: Vec<Expr>, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        for a in &args {
            if !a.ty.is_numeric() {
                return Err(self.err(range, format!("math.{name}() of a {} is not supported", a.ty)));
            }
        }
        // math.log(x, base)
        if name == "log" && args.len() == 2 {
            let base = args.pop().map(|b| b.cast_to(&FLOAT64));
            let x = args.pop().map(|x| x.cast_to(&FLOAT64));
            let (Some(x), Some(base)) = (x, base) else { return Err(self.err(range, "math.log takes 1 or 2 arguments")) };
            let lx = Expr::new(ExprKind::Math { func: MathFn::Log, args: vec![x] }, FLOAT64, span);
            let lb = Expr::new(ExprKind::Math { func: MathFn::Log, args: vec![base] }, FLOAT64, span);
            return Ok(Expr::new(ExprKind::Binary { op: BinOp::Div, lhs: Box::new(lx), rhs: Box::new(lb) }, FLOAT64, span));
        }
        let Some(func) = MathFn::from_name(name) else {
            return Err(self.err(range, format!("math.{name} is not supported in compiled code yet")));
        };
        if args.len() != func.arity() {
            return Err(self.err(range, format!("math.{name}() takes {} argument(s), {} given", func.arity(), args.len())));
        }
        if func == MathFn::Ldexp && !(args[1].ty.is_int() || args[1].ty == Type::Bool) {
            return Err(self.err(range, "Expected an int as second argument to ldexp."));
        }
        // Integer arguments where Python's answer is exact without floats.
        if args.len() == 1 && !args[0].ty.is_float() {
            match func {
                MathFn::Floor | MathFn::Ceil | MathFn::Trunc => return Ok(args.remove(0).cast_to(&INT64)),
                MathFn::Isnan | MathFn::Isinf => return Ok(Expr::constant(Const::Bool(false), span)),
                MathFn::Isfinite => return Ok(Expr::constant(Const::Bool(true), span)),
                _ => {}
            }
        }
        let args: Vec<Expr> = args.into_iter().map(|a| a.cast_to(&FLOAT64)).collect();
        if func.is_predicate() {
            return Ok(Expr::new(ExprKind::Math { func, args }, Type::Bool, span));
        }
        let call = Expr::new(ExprKind::Math { func, args }, FLOAT64, span);
        Ok(match func {
            // Python 3's math.floor/ceil/trunc return ints (raising for nan and inf).
            MathFn::Floor | MathFn::Ceil | MathFn::Trunc => call.cast_to(&INT64),
            _ => call,
        })
    }

    /// A call of an overloaded function: its arguments are lowered first, their types
    /// choose the implementation, which is then called like a jitted function.
    fn overloaded_call(&mut self, key: u64, c: &ast::ExprCall, name: &str) -> LResult<Expr> {
        let range = c.range();
        // A builtin is named as Python code names it: `sum`, not `builtins.sum`.
        let name = name.strip_prefix("builtins.").unwrap_or(name);
        let (mut pos, kws) = self.lower_call_args(c)?;
        if matches!(name, "list" | "sorted" | "sum" | "min" | "max" | "any" | "all") && pos.first().is_some_and(|d| d.ty.is_table()) {
            // (of a dict or a set: of its keys, in insertion order)
            let d = pos.remove(0);
            pos.insert(0, self.dict_keys(d, range)?);
        }
        self.overloaded_with(key, pos, kws, range, name)
    }

    /// A call of an overloaded function with lowered arguments: their types choose the
    /// implementation.
    pub(crate) fn overloaded_with(&mut self, key: u64, pos: Vec<Expr>, kws: Vec<(String, Expr, TextRange)>, range: TextRange, name: &str) -> LResult<Expr> {
        let types: Vec<Type> = pos.iter().map(|e| e.ty.clone()).collect();
        let kw_types: Vec<(String, Type)> = kws.iter().map(|(k, e, _)| (k.clone(), e.ty.clone())).collect();
        match self.b.resolver.overload(key, &types, &kw_types) {
            Ok(Some(impl_key)) => self.call_with(impl_key, pos, kws, range, name),
            Ok(None) if types.iter().any(|t| matches!(t, Type::Optional(_))) => {
                // No implementation takes a value that may be None: the value it holds
                // (None raises TypeError when the call runs, as CPython's would).
                let pos = pos.into_iter().map(Self::stored_value).collect();
                self.overloaded_with(key, pos, kws, range, name)
            }
            Ok(None) => {
                let mut sig: Vec<String> = types.iter().map(|t| t.to_string()).collect();
                sig.extend(kw_types.iter().map(|(k, t)| format!("{k}={t}")));
                Err(self.err(range, format!("`{name}` has no compiled implementation for ({})", sig.join(", "))))
            }
            Err(why) => Err(self.err(range, format!("`{name}`: {why}"))),
        }
    }

    /// The arguments of a call, lowered in call-site order: positional ones, then the
    /// keywords with their names and ranges.
    #[allow(clippy::type_complexity)]
    pub(crate) fn lower_call_args(&mut self, c: &ast::ExprCall) -> LResult<(Vec<Expr>, Vec<(String, Expr, TextRange)>)> {
        let mut pos = Vec::new();
        for a in &c.args {
            if let ast::Expr::Starred(s) = a {
                // `f(*t)` of a tuple: its items, in order (the tuple evaluated once).
                let t = self.lower_expr(&s.value)?;
                if !matches!(t.ty, Type::Tuple(_)) {
                    return Err(self.err(a.range(), format!("`*` in a call needs a tuple in compiled code, not a {}", t.ty)));
                }
                pos.extend(self.spread_tuple(t, a.range())?);
                continue;
            }
            pos.push(self.lower_keep_optional(a)?);
        }
        let mut kws = Vec::new();
        for k in &c.keywords {
            let Some(kw) = &k.arg else {
                return Err(self.err(k.range(), "`**kwargs` in calls is not supported in compiled code"));
            };
            kws.push((kw.to_string(), self.lower_keep_optional(&k.value)?, k.range()));
        }
        Ok((pos, kws))
    }

    /// `$parallel_for(g(0, n, captures...))`, an outlined `prange` loop (crate::parallel):
    /// the call of `g` becomes `ParallelFor`, `g` run over chunks of `0..n` on the pool;
    /// `$parallel_sum(...)` (`prod`, `min`, `max`): `g` returns its chunk's partial result,
    /// and the value is their combination.
    fn parallel_for(&mut self, c: &ast::ExprCall, kind: &str) -> LResult<Expr> {
        let reduce = match kind {
            "for" => None,
            op => Some(ReduceOp::from_name(op).ok_or_else(|| self.err(c.range(), format!("internal: $parallel_{op}")))?),
        };
        let [inner] = c.args.as_slice() else { return Err(self.err(c.range(), "internal: $parallel_for takes one call")) };
        let call = self.lower_expr(inner)?;
        let ty = if reduce.is_some() { call.ty.clone() } else { Type::None };
        if reduce.is_some() && !(ty.is_number() || ty == Type::Bool) {
            return Err(self.err(c.range(), format!("internal: a `prange` reduction of a {ty}")));
        }
        match call.kind {
            ExprKind::Call { func, args } if args.len() >= 2 => Ok(Expr::new(ExprKind::ParallelFor { func, args, reduce }, ty, call.span)),
            _ => Err(self.err(c.range(), "internal: the outlined `prange` loop is not a direct call")),
        }
    }

    /// `$range_len(start, stop, step)` (crate::parallel; `step` a constant other than 0):
    /// `len(range(start, stop, step))` computed in uint64, so that `stop - start` cannot
    /// overflow, as an int64 at most 2**63 - 1 (a loop that long never ends anyway).
    fn range_len(&mut self, c: &ast::ExprCall) -> LResult<Expr> {
        use ferrojit_ir::{CmpOp, IntKind};
        let range = c.range();
        let span = self.span(range);
        let [start, stop, step] = c.args.as_slice() else { return Err(self.err(range, "internal: $range_len takes three arguments")) };
        let mut bounds = Vec::new();
        for a in [start, stop] {
            let e = self.lower_expr(a)?;
            if !(e.ty.is_int() || e.ty == Type::Bool) {
                return Err(self.err(a.range(), format!("range() arguments must be integers, not {}", e.ty)));
            }
            bounds.push(e.cast_to(&INT64));
        }
        let step = match self.lower_expr(step)?.kind {
            ExprKind::Const(Const::Int(s)) if s != 0 => s,
            _ => return Err(self.err(range, "internal: $range_len's step is a constant other than 0")),
        };
        let stop = bounds.pop().expect("two bounds");
        let start = bounds.pop().expect("two bounds");
        // (start and stop are read twice: bound to temporaries)
        let (ts, tp) = (self.temp(&INT64), self.temp(&INT64));
        let var = |t| Expr::new(ExprKind::Var(t), INT64, span);
        let (lo, hi) = if step > 0 { (var(ts), var(tp)) } else { (var(tp), var(ts)) };
        let u64t = Type::Int(IntKind::U64);
        // (constants as int64 cast to uint64: the IR text spells them so)
        let u = |v: i64| Expr::new(ExprKind::Const(Const::Int(v)), INT64, span).cast_to(&u64t);
        let bin = |op, l: Expr, r: Expr| Expr::new(ExprKind::Binary { op, lhs: Box::new(l), rhs: Box::new(r) }, u64t.clone(), span);
        let diff = bin(BinOp::Sub, hi.clone().cast_to(&u64t), lo.clone().cast_to(&u64t));
        let count = bin(BinOp::Add, bin(BinOp::FloorDiv, bin(BinOp::Sub, diff, u(1)), u(step.unsigned_abs() as i64)), u(1));
        let clamped = Expr::new(ExprKind::MinMax { is_max: false, args: vec![count, u(i64::MAX)] }, u64t.clone(), span).cast_to(&INT64);
        let runs = Expr::new(ExprKind::Compare { op: CmpOp::Gt, lhs: Box::new(hi), rhs: Box::new(lo) }, Type::Bool, span);
        let zero = Expr::new(ExprKind::Const(Const::Int(0)), INT64, span);
        let n = Expr::new(ExprKind::IfExp { cond: Box::new(runs), then: Box::new(clamped), orelse: Box::new(zero) }, INT64, span);
        let inner = Expr::new(ExprKind::Let { var: tp, value: Box::new(stop), body: Box::new(n) }, INT64, span);
        Ok(Expr::new(ExprKind::Let { var: ts, value: Box::new(start), body: Box::new(inner) }, INT64, span))
    }

    /// The outlined reductions' helpers (crate::parallel): `$zero_like(x)`, `$one_like(x)`
    /// (the identity of `+` / `*` in `x`'s type) and `$is_number(x)` (a constant).
    fn parallel_intrinsic(&mut self, name: &str, c: &ast::ExprCall) -> LResult<Expr> {
        let [arg] = c.args.as_slice() else { return Err(self.err(c.range(), format!("internal: {name} takes one argument"))) };
        let x = self.lower_expr(arg)?;
        let span = self.span(c.range());
        let constant = |k: Const, ty: Type| Expr::new(ExprKind::Const(k), ty, span);
        Ok(match name {
            "$is_number" => constant(Const::Bool(x.ty.is_number() || x.ty == Type::Bool), Type::Bool),
            _ => {
                let one = name == "$one_like";
                // (a bool accumulator counts in ints, as `True + True` does)
                let ty = if x.ty == Type::Bool { Type::Int(ferrojit_ir::IntKind::I64) } else { x.ty.clone() };
                constant(Const::Int(one as i64), Type::Int(ferrojit_ir::IntKind::I64)).cast_to(&ty)
            }
        })
    }

    fn jitted_call(&mut self, key: FunctionKey, c: &ast::ExprCall, name: &str) -> LResult<Expr> {
        let (pos, kws) = self.lower_call_args(c)?;
        self.call_with(key, pos, kws, c.range(), name)
    }

    /// Call jitted function `key` with lowered arguments (bound to its parameters by
    /// position and keyword, defaults filled in).
    pub(crate) fn call_with(&mut self, key: FunctionKey, pos: Vec<Expr>, kws: Vec<(String, Expr, TextRange)>, range: TextRange, name: &str) -> LResult<Expr> {
        let span = self.span(range);
        let callee = self.b.parsed(key)?;
        let params: Vec<String> = callee
            .def
            .args
            .posonlyargs
            .iter()
            .chain(&callee.def.args.args)
            .chain(&callee.def.args.kwonlyargs)
            .map(|p| p.def.arg.to_string())
            .collect();
        let n_positional = callee.def.args.posonlyargs.len() + callee.def.args.args.len();
        let mut slots: Vec<Option<Expr>> = vec![None; params.len()];
        let (n_args, has_keywords) = (pos.len(), !kws.is_empty());
        let mut extra = Vec::new();
        for (i, a) in pos.into_iter().enumerate() {
            if i >= n_positional {
                if callee.vararg.is_none() {
                    return Err(self.err(range, format!("{name}() takes {n_positional} positional arguments but {n_args} were given")));
                }
                extra.push(a);
                continue;
            }
            slots[i] = Some(a);
        }
        let mut order: Vec<usize> = (0..n_args.min(n_positional)).collect();
        if callee.vararg.is_some() {
            // `*args`: the extra positional arguments as a tuple (its last parameter).
            let ty = Type::Tuple(extra.iter().map(|e| e.ty.clone()).collect());
            let last = params.len() - 1;
            slots[last] = Some(Expr::new(ExprKind::Tuple(extra), ty, span));
            order.push(last);
        }
        for (kw, value, kw_range) in kws {
            let Some(i) = params.iter().position(|p| *p == kw).filter(|_| callee.vararg.as_deref() != Some(kw.as_str())) else {
                return Err(self.err(kw_range, format!("{name}() got an unexpected keyword argument `{kw}`")));
            };
            if slots[i].is_some() {
                return Err(self.err(kw_range, format!("{name}() got multiple values for argument `{kw}`")));
            }
            slots[i] = Some(value);
            order.push(i);
        }
        // Arguments are evaluated in call-site order; with keywords that can differ from
        // parameter order, so bind each to a temporary first.
        let mut bindings = Vec::new();
        // Whether each argument is a NumPy scalar, known before a temporary hides it.
        let mut bound_strong: Vec<Option<bool>> = vec![None; slots.len()];
        if has_keywords {
            for i in order {
                let Some(value) = slots[i].take() else { continue };
                if matches!(value.kind, ExprKind::Var(_) | ExprKind::Const(_)) {
                    slots[i] = Some(value);
                    continue;
                }
                bound_strong[i] = Some(self.is_numpy_scalar(&value));
                let t = self.temp(&value.ty);
                let ty = value.ty.clone();
                slots[i] = Some(Expr::new(ExprKind::Var(t), ty, value.span));
                bindings.push((t, value));
            }
        }
        let defaults = callee.info.defaults.clone();
        let first_default = n_positional.saturating_sub(defaults.len());
        let mut args = Vec::new();
        for (i, slot) in slots.into_iter().enumerate() {
            let value = match slot {
                Some(v) => v,
                None => {
                    let default = if i < n_positional && i >= first_default {
                        defaults.get(i - first_default).cloned()
                    } else {
                        callee.info.kwdefaults.iter().find(|(n, _)| n == &params[i]).map(|(_, v)| v.clone())
                    };
                    match default {
                        Some(GlobalValue::Const(cv)) => self.const_value(&cv, range),
                        Some(_) => {
                            return Err(self.err(range, format!("the default value of `{}` in {name}() is not a number or tuple", params[i])));
                        }
                        None => return Err(self.err(range, format!("{name}() missing required argument `{}`", params[i]))),
                    }
                }
            };
            args.push(value);
        }
        for a in &args {
            if !(a.ty.is_number() || matches!(a.ty, Type::Tuple(_) | Type::None | Type::Array(_) | Type::Pointer(_) | Type::Function(_) | Type::Str(_) | Type::Text | Type::Optional(_) | Type::List(_))) {
                return Err(self.err(range, format!("cannot pass a {} to {name}()", a.ty)));
            }
        }
        let types: Vec<Type> = args.iter().map(|a| a.ty.clone()).collect();
        // An array element or a NumPy function's result stays a NumPy scalar in the callee
        // (its arithmetic follows NumPy's rules there too, as in CPython).
        let strong: Vec<bool> = args.iter().zip(&bound_strong).map(|(a, b)| b.unwrap_or_else(|| self.is_numpy_scalar(a))).collect();
        let id = match self.b.specialize(key, &types, &strong) {
            Ok(id) => id,
            Err(crate::FrontendError::Typing(mut d)) => {
                let sig: Vec<String> = types.iter().map(|t| t.to_string()).collect();
                d.notes.push(format!(
                    "while compiling `{name}({})`, called at {}:{}",
                    sig.join(", "),
                    self.pf.map.filename,
                    span.line
                ));
                return Err(crate::function::LErr::Fatal(crate::FrontendError::Typing(d)));
            }
            Err(e) => return Err(e.into()),
        };
        if id == self.id {
            self.read_return_type();
        }
        let Some(ret) = self.b.return_type(id) else {
            return Err(self.pending(
                range,
                format!("cannot infer the return type of recursive `{name}`: give it a path that returns without recursing first"),
            ));
        };
        let mut call = Expr::new(ExprKind::Call { func: id, args }, ret.clone(), span);
        while let Some((t, value)) = bindings.pop() {
            call = Expr::new(ExprKind::Let { var: t, value: Box::new(value), body: Box::new(call) }, ret.clone(), span);
        }
        Ok(call)
    }

    /// `print(a, "text", b, sep=" ", end="\n", flush=False)`: numbers, None and string
    /// constants, handed to Python's own `print` when it runs (ExprKind::Print).
    fn print_call(&mut self, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range();
        let span = self.span(range);
        let text = |e: &ast::Expr| match e {
            ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(s), .. }) => Some(s.clone()),
            _ => None,
        };
        let mut args = Vec::new();
        for a in &c.args {
            if let Some(t) = text(a) {
                args.push(ferrojit_ir::PrintArg::Text(t));
                continue;
            }
            if let ast::Expr::Starred(st) = a {
                // `print(*t)` of a tuple: its items, as separate arguments
                let t = self.lower_expr(&st.value)?;
                if !matches!(t.ty, Type::Tuple(_)) {
                    return Err(self.err(a.range(), format!("print(*x) of a {} is not supported in compiled code (of a tuple it is)", t.ty)));
                }
                for v in self.spread_tuple(t, a.range())? {
                    if !ferrojit_ir::printable(&v.ty) {
                        return Err(self.err(a.range(), format!("print() of a {} is not supported in compiled code yet", v.ty)));
                    }
                    args.push(ferrojit_ir::PrintArg::Value(v));
                }
                continue;
            }
            let v = self.lower_keep_optional(a)?;
            let v = match &v.ty {
                // A string that may be None: its text, or "None" (the payload read only
                // when present).
                Type::Optional(inner) if inner.is_any_str() => {
                    let t = self.temp(&v.ty);
                    let read = Expr::new(ExprKind::Var(t), v.ty.clone(), span);
                    let has = Expr::new(ExprKind::OptionalHas(Box::new(read.clone())), Type::Bool, span);
                    let value = Expr::new(ExprKind::OptionalValue { value: Box::new(read), what: String::new() }, (**inner).clone(), span);
                    let text = Expr::new(ExprKind::FormatStr { template: "{}".into(), args: vec![ferrojit_ir::PrintArg::Value(value)] }, Type::Text, span);
                    let none = Expr::constant(Const::Str("None".into()), span).cast_to(&Type::Text);
                    let pick = Expr::new(ExprKind::IfExp { cond: Box::new(has), then: Box::new(text), orelse: Box::new(none) }, Type::Text, span);
                    Expr::new(ExprKind::Let { var: t, value: Box::new(v), body: Box::new(pick) }, Type::Text, span)
                }
                _ => v,
            };
            if !ferrojit_ir::printable(&v.ty) {
                return Err(self.err(
                    a.range(),
                    format!("print() of a {} is not supported in compiled code yet (numbers, None, tuples, arrays and string constants are)", v.ty),
                ));
            }
            args.push(ferrojit_ir::PrintArg::Value(v));
        }
        let (mut sep, mut end, mut flush, mut stderr) = (" ".to_string(), "\n".to_string(), false, false);
        for k in &c.keywords {
            let key = k.arg.as_deref().unwrap_or("**");
            let none = matches!(&k.value, ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::None, .. }));
            match key {
                "sep" | "end" => {
                    let value = match (text(&k.value), none) {
                        (Some(t), _) => t,
                        (None, true) => if key == "sep" { " ".into() } else { "\n".into() },
                        _ => return Err(self.err(k.value.range(), format!("print()'s `{key}` must be a constant string in compiled code"))),
                    };
                    if key == "sep" {
                        sep = value;
                    } else {
                        end = value;
                    }
                }
                "flush" => {
                    flush = match &k.value {
                        ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Bool(b), .. }) => *b,
                        _ => return Err(self.err(k.value.range(), "print()'s `flush` must be True or False in compiled code")),
                    };
                }
                "file" => {
                    // `sys.stdout` / `sys.stderr` (looked up when the print runs), None
                    let stream = match &k.value {
                        _ if none => Some(false),
                        ast::Expr::Attribute(a) => match (a.value.as_ref(), a.attr.as_str()) {
                            (ast::Expr::Name(m), attr @ ("stdout" | "stderr")) if !self.locals.contains(m.id.as_str()) && matches!(self.global(m.id.as_str()), GlobalValue::Module(ref n) if n == "sys") => Some(attr == "stderr"),
                            _ => None,
                        },
                        _ => None,
                    };
                    stderr = stream.ok_or_else(|| self.err(k.value.range(), "print()'s `file` must be sys.stdout or sys.stderr in compiled code"))?;
                }
                _ => return Err(self.err(range, format!("print()'s `{key}` argument is not supported in compiled code (output goes to sys.stdout)"))),
            }
        }
        Ok(Expr::new(ExprKind::Print { args, sep, end, flush, stderr }, Type::None, span))
    }

    /// `round(x, n)`: a Python float rounds to the nearest decimal with `n` digits, ties
    /// to even on its exact value, as CPython (the runtime's `ferrojit_rt_round_digits`);
    /// an int rounds to a multiple of `10**-n` (a constant `n`), ties to even.
    fn round_digits(&mut self, x: Expr, n: Expr, range: TextRange) -> LResult<Expr> {
        let span = self.span(range);
        if !(n.ty.is_int() || n.ty == Type::Bool) {
            return Err(self.err(range, format!("round()'s ndigits must be an integer, not {}", n.ty)));
        }
        if x.ty.is_float() {
            if self.is_numpy_scalar(&x) {
                // NumPy's own round (multiply, rint, divide) differs from Python's in the
                // last digit (round(np.float64(2.675), 2) is 2.68, of a float 2.67).
                return Err(self.err(
                    range,
                    "round() of a NumPy float with ndigits is not supported in compiled code yet; round float(x) for Python's result",
                ));
            }
            let args = vec![x.cast_to(&FLOAT64), n.cast_to(&INT64).cast_to(&FLOAT64)];
            return Ok(Expr::new(ExprKind::Math { func: MathFn::RoundDigits, args }, FLOAT64, span));
        }
        let ExprKind::Const(Const::Int(digits)) = n.cast_to(&INT64).kind else {
            return Err(self.err(range, "round() of an integer needs a constant ndigits in compiled code"));
        };
        let result_ty = if x.ty == Type::Bool { INT64 } else { x.ty.clone() };
        if digits >= 0 {
            return Ok(x.cast_to(&result_ty)); // (a bool rounds to an int)
        }
        let k = digits.unsigned_abs();
        if k >= 19 {
            // every int64 is below 10**19 / 2 in magnitude: the nearest multiple is 0
            return Ok(Expr::constant(Const::Int(0), span).cast_to(&result_ty));
        }
        // Computed in 64 bits (uint64 stays unsigned), then converted back.
        let ty = if result_ty == Type::Int(ferrojit_ir::IntKind::U64) { result_ty.clone() } else { INT64 };
        let x = x.cast_to(&ty);
        let m = Expr::constant(Const::Int(10i64.pow(k as u32)), span).cast_to(&ty);
        let bin = |op, a: Expr, b: Expr| Expr::new(ExprKind::Binary { op, lhs: Box::new(a), rhs: Box::new(b) }, ty.clone(), span);
        let cmp = |op, a: Expr, b: Expr| Expr::new(ExprKind::Compare { op, lhs: Box::new(a), rhs: Box::new(b) }, Type::Bool, span);
        let t = self.temp(&ty);
        let xv = Expr::new(ExprKind::Var(t), ty.clone(), span);
        let q = self.temp(&ty);
        let qv = Expr::new(ExprKind::Var(q), ty.clone(), span);
        // q = x // m; r2 = 2 * (x - q * m); up when r2 > m, or r2 == m and q is odd
        let r2 = bin(BinOp::Mul, Expr::constant(Const::Int(2), span).cast_to(&ty), bin(BinOp::Sub, xv.clone(), bin(BinOp::Mul, qv.clone(), m.clone())));
        let odd = cmp(ferrojit_ir::CmpOp::Ne, bin(BinOp::BitAnd, qv.clone(), Expr::constant(Const::Int(1), span).cast_to(&ty)), Expr::constant(Const::Int(0), span).cast_to(&ty));
        let r2_t = self.temp(&ty);
        let r2v = Expr::new(ExprKind::Var(r2_t), ty.clone(), span);
        let up = Expr::new(
            ExprKind::Or(
                Box::new(cmp(ferrojit_ir::CmpOp::Gt, r2v.clone(), m.clone())),
                Box::new(Expr::new(ExprKind::And(Box::new(cmp(ferrojit_ir::CmpOp::Eq, r2v, m.clone())), Box::new(odd)), Type::Bool, span)),
            ),
            Type::Bool,
            span,
        );
        let rounded = Expr::new(
            ExprKind::IfExp { cond: Box::new(up), then: Box::new(bin(BinOp::Mul, bin(BinOp::Add, qv.clone(), Expr::constant(Const::Int(1), span).cast_to(&ty)), m.clone())), orelse: Box::new(bin(BinOp::Mul, qv, m.clone())) },
            ty.clone(),
            span,
        );
        let with_r2 = Expr::new(ExprKind::Let { var: r2_t, value: Box::new(r2), body: Box::new(rounded) }, ty.clone(), span);
        let with_q = Expr::new(ExprKind::Let { var: q, value: Box::new(bin(BinOp::FloorDiv, xv, m)), body: Box::new(with_r2) }, ty.clone(), span);
        Ok(Expr::new(ExprKind::Let { var: t, value: Box::new(x), body: Box::new(with_q) }, ty, span).cast_to(&result_ty))
    }
}

impl FunctionLowerer<'_, '_> {
    /// A `@vectorize` ufunc called from compiled code: its kernel as the element function
    /// of an element-wise map over the broadcast arguments (no ufunc call, no temporary
    /// beyond the result), or called directly on numbers. The loop is NumPy's choice
    /// among the ufunc's (the first its safe casting allows: Python numbers are weak), or
    /// for a lazy one the arguments' own element types.
    fn vectorized_call(&mut self, key: crate::FunctionKey, loops: &[(Vec<Type>, Type)], c: &ast::ExprCall, callee_text: &str) -> LResult<Expr> {
        let range = c.range;
        let span = self.span(range);
        let args = self.positional_args(c, callee_text)?;
        let mut parts = Vec::new();
        for a in args {
            parts.push(self.map_parts(a, range)?);
        }
        let (inputs, bodies, ndim) = self.merge(parts);
        let elems: Vec<(Type, bool)> = bodies.iter().map(|(b, weak)| (b.ty.clone(), *weak)).collect();
        let chosen: Option<(Vec<Type>, Option<Type>)> = if loops.is_empty() {
            Some((elems.iter().map(|(t, _)| t.clone()).collect(), None))
        } else {
            loops
                .iter()
                .find(|(ins, _)| ins.len() == elems.len() && ins.iter().zip(&elems).all(|(to, (from, weak))| safe_cast(from, *weak, to)))
                .map(|(ins, out)| (ins.clone(), Some(out.clone())))
        };
        let Some((loop_in, loop_out)) = chosen else {
            let given: Vec<String> = elems.iter().map(|(t, _)| t.to_string()).collect();
            return Err(self.err(range, format!("`{callee_text}` has no loop for arguments of types ({}) (ufunc '{callee_text}' not supported for the input types)", given.join(", "))));
        };
        let strong = vec![true; loop_in.len()];
        let id = self.b.specialize(key, &loop_in, &strong).map_err(crate::function::LErr::Fatal)?;
        let ret = match self.b.return_type(id) {
            Some(t) => t,
            None => return Err(self.err(range, format!("`{callee_text}` calls itself through its ufunc"))),
        };
        let out_ty = loop_out.unwrap_or_else(|| ret.clone());
        if DType::from_type(&out_ty).is_none() {
            return Err(self.err(range, format!("`{callee_text}` returns {out_ty}; a ufunc's result is a number or a bool")));
        }
        let call_args: Vec<Expr> = bodies.into_iter().zip(&loop_in).map(|((b, _), t)| b.cast_to(t)).collect();
        let body = Expr::new(ExprKind::Call { func: id, args: call_args }, ret, span).cast_to(&out_ty);
        Ok(self.make_map(inputs, body, ndim, span))
    }
}

/// Whether NumPy's safe casting takes a `from` operand (weak: a Python number, NEP 50)
/// to a loop's `to` type.
fn safe_cast(from: &Type, weak: bool, to: &Type) -> bool {
    if from == to {
        return true;
    }
    if weak {
        return match from {
            Type::Bool => to.is_number(),
            Type::Int(_) => matches!(to, Type::Int(_) | Type::Float(_) | Type::Complex(_)),
            Type::Float(_) => matches!(to, Type::Float(_) | Type::Complex(_)),
            Type::Complex(_) => to.is_complex(),
            _ => false,
        };
    }
    crate::elementwise::numpy_promote(from, false, to, false) == *to
}

impl FunctionLowerer<'_, '_> {
    /// A call of a C function (a ctypes function object): each argument converted to its
    /// parameter's type (an array passed for a pointer gives its data's address; the
    /// array must outlive the call, as in C), called directly by address.
    fn c_function_call(&mut self, addr: u64, params: &[(Type, bool)], ret: Type, c: &ast::ExprCall, callee_text: &str) -> LResult<Expr> {
        let range = c.range();
        let span = self.span(range);
        if !c.keywords.is_empty() {
            return Err(self.err(range, format!("`{callee_text}` is a C function: it takes no keyword arguments")));
        }
        if c.args.len() != params.len() {
            return Err(self.err(range, format!("`{callee_text}` takes {} arguments ({} given)", params.len(), c.args.len())));
        }
        let mut args = Vec::new();
        for (a, (ty, pointer)) in c.args.iter().zip(params) {
            let e = self.lower_expr(a)?;
            let e = match &e.ty {
                Type::Array(_) if *pointer && !matches!(e.kind, ExprKind::Var(_)) => {
                    return Err(self.err(a.range(), "an array passed to a C function must be a name (`buf`), which keeps it alive for the call"));
                }
                Type::Array(_) if *pointer => Expr::new(ExprKind::ArrayAttr { array: Box::new(e), attr: ferrojit_ir::ArrayAttr::Data }, INT64, span),
                t if t.is_numeric() => e.cast_to(ty),
                t => return Err(self.err(a.range(), format!("a C function takes numbers{}, not a {t}", if *pointer { " and arrays (for pointers)" } else { "" }))),
            };
            args.push(e);
        }
        Ok(Expr::new(ExprKind::CCall { addr, args }, ret, span))
    }
}

impl FunctionLowerer<'_, '_> {
    /// `np.array(x, dtype)` / `np.asarray(x, dtype=...)`: the library's array of `x`,
    /// converted to the dtype as `astype` converts (NumPy's casts; a float list into an
    /// int dtype truncates, as NumPy's unsafe-cast of a list does not: NumPy raises for
    /// nothing here either).
    fn array_with_dtype(&mut self, key: u64, c: &ast::ExprCall, name: &str) -> LResult<Expr> {
        let range = c.range();
        let dtype_arg = match (c.args.as_slice(), c.keywords.as_slice()) {
            ([_, d], []) => Some(d),
            ([_], [k]) if k.arg.as_ref().is_some_and(|a| a.as_str() == "dtype") => Some(&k.value),
            _ => None,
        };
        let Some(d) = dtype_arg.filter(|d| !matches!(d, ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::None, .. }))) else {
            return self.overloaded_call(key, c, name);
        };
        let dtype = self.dtype_of(d)?;
        let x = self.lower_expr(&c.args[0])?;
        if let Type::Array(at) = &x.ty {
            if at.dtype == dtype && name == "numpy.asarray" {
                return Ok(x); // (asarray of an array of the dtype: the array itself)
            }
        }
        let shown = name.strip_prefix("numpy.").unwrap_or(name);
        let a = if matches!(x.ty, Type::Array(_)) {
            if name == "numpy.array" {
                Expr::new(ExprKind::CopyArray(Box::new(x.clone())), x.ty.clone(), self.span(range))
            } else {
                x
            }
        } else {
            self.overloaded_with(key, vec![x], vec![], range, &format!("np.{shown}"))?
        };
        let Type::Array(at) = &a.ty else {
            return Err(self.err(range, format!("np.{shown}() with a dtype of a {} is not supported in compiled code", a.ty)));
        };
        if at.dtype == dtype {
            return Ok(a);
        }
        self.astype(a, dtype, range)
    }
}

/// The class of an object compiled code holds as a tuple marked by its first item (an
/// `np.random.Generator` argument: `ferrojit._random_generator`), or None.
pub(crate) fn object_class(t: &Type) -> Option<String> {
    match t {
        Type::Tuple(items) => match items.first() {
            Some(Type::Str(class)) if class.starts_with("numpy.random.") => Some(class.clone()),
            _ => None,
        },
        _ => None,
    }
}

impl FunctionLowerer<'_, '_> {
    /// `obj.name(...)` of such an object: the library's `<class>.<name>`, the object first.
    fn object_method(&mut self, obj: Expr, class: &str, name: &str, c: &ast::ExprCall) -> LResult<Expr> {
        let range = c.range;
        let full = format!("{class}.{name}");
        let shown = full.replace("numpy.", "np.");
        if let GlobalValue::Overloaded { key, .. } = self.b.resolver.library(&full) {
            let (mut pos, kws) = self.lower_call_args(c)?;
            pos.insert(0, obj);
            return self.overloaded_with(key, pos, kws, range, &shown);
        }
        Err(self.err(range, format!("`{shown}()` is not supported in compiled code yet")))
    }
}
