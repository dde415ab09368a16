//! Primary expressions: literals, variables, `$k` inputs, calls, and the named forms
//! (`new`, `view`, `map`, `math.*`, `str.*`, `list.*`, reductions, conversions, ...).

use super::cursor::{is_label_char, Cursor};
use super::stmt::FnParser;
use super::subscript::plain_indices;
use super::types::ty;
use super::PResult;
use crate::*;

impl FnParser<'_> {
    pub(super) fn primary(&mut self, c: &mut Cursor) -> PResult<Expr> {
        let at = c.pos;
        match c.peek() {
            None => return Err(c.err("expected an expression, found the end of the line")),
            Some('(') => return self.paren(c),
            Some('-') if c.rest().starts_with("-(") => {
                c.pos += 2;
                return self.unary(c, UnaryOp::Neg);
            }
            Some('~') => {
                c.expect("~(")?;
                return self.unary(c, UnaryOp::Invert);
            }
            Some('-' | '0'..='9') => return self.number(c),
            Some('"') => return Ok(Expr::constant(Const::Str(c.string()?), self.span)),
            Some('<') => return self.global(c),
            _ => {}
        }
        let word = c.word(is_label_char);
        if word.is_empty() {
            return Err(c.err(format!("expected an expression, found {}", c.found())));
        }
        if c.rest().starts_with(": ") {
            let var = self.lookup(c, at, word)?;
            let t = self.typed(c)?;
            return Ok(self.node(ExprKind::Var(var), t));
        }
        if let Some(k) = word.strip_prefix('$').and_then(|k| k.parse::<usize>().ok()) {
            let t = self.map_inputs.last().and_then(|m| m.get(k)).cloned();
            let t = t.ok_or_else(|| c.err_at(at, format!("`${k}` is not an input of an enclosing map")))?;
            return Ok(self.node(ExprKind::Input(k), t));
        }
        let constant = |k: Const| Ok(Expr::constant(k, self.span));
        match word {
            "True" => return constant(Const::Bool(true)),
            "False" => return constant(Const::Bool(false)),
            "None" => return constant(Const::None),
            "inf" => return constant(Const::Float(f64::INFINITY)),
            "NaN" => return constant(Const::Float(f64::NAN)),
            "not" => {
                c.expect(" (")?;
                return self.unary(c, UnaryOp::Not);
            }
            "call" | "parallel_for" | "parallel_sum" | "parallel_prod" | "parallel_min" | "parallel_max" => {
                // (None: a call; Some(None): a parallel loop; Some(Some(op)): a reduction)
                let parallel = match word {
                    "call" => None,
                    "parallel_for" => Some(None),
                    w => Some(ReduceOp::from_name(&w["parallel_".len()..])),
                };
                c.expect(" ")?;
                let sat = c.pos;
                let symbol = c.word(is_label_char);
                let func = *self.funcs.get(symbol).ok_or_else(|| c.err_at(sat, format!("unknown function `{symbol}`")))?;
                c.expect("(")?;
                let args = self.list(c, ")")?;
                let t = self.typed(c)?;
                let kind = match parallel {
                    Some(reduce) => ExprKind::ParallelFor { func, args, reduce },
                    None => ExprKind::Call { func, args },
                };
                return Ok(self.node(kind, t));
            }
            "view" => {
                c.expect("(")?;
                let inner = c.pos;
                let (array, items) = self.postfix(c, true)?;
                let items = items.ok_or_else(|| c.err_at(inner, "expected `view(array[indices]): type`"))?;
                let indices = plain_indices(c, inner, items)?;
                c.expect(")")?;
                let t = self.typed(c)?;
                return Ok(self.node(ExprKind::View { array: Box::new(array), indices }, t));
            }
            "new" => {
                c.expect(" ")?;
                let t = ty(c)?;
                c.expect("(")?;
                let shape = self.shape(c)?;
                let fill = if c.eat(", fill=") { Some(Box::new(self.expr(c)?)) } else { None };
                c.expect(")")?;
                return Ok(self.node(ExprKind::NewArray { shape, fill }, t));
            }
            "map" => return self.map(c),
            "round" | "copy" | "sort" => {
                c.expect("(")?;
                let x = Box::new(self.expr(c)?);
                c.expect(")")?;
                let t = self.typed(c)?;
                let kind = match word {
                    "round" => ExprKind::Round(x),
                    "copy" => ExprKind::CopyArray(x),
                    _ => ExprKind::Sort(x),
                };
                return Ok(self.node(kind, t));
            }
            "complex" if c.rest().starts_with('(') => {
                c.expect("(")?;
                let re = self.expr(c)?;
                c.expect(", ")?;
                let im = self.expr(c)?;
                c.expect(")")?;
                let Type::Float(k) = re.ty else { return Err(c.err_at(at, format!("the parts of a complex number are floats, not {}", re.ty))) };
                return Ok(self.node(ExprKind::Complex { re: Box::new(re), im: Box::new(im) }, Type::Complex(k)));
            }
            "has" if c.rest().starts_with('(') => {
                c.expect("(")?;
                let x = self.expr(c)?;
                c.expect(")")?;
                return Ok(self.node(ExprKind::OptionalHas(Box::new(x)), Type::Bool));
            }
            "value" if c.rest().starts_with('(') => {
                c.expect("(")?;
                let x = self.expr(c)?;
                c.expect(", ")?;
                let what = c.string()?;
                c.expect(")")?;
                let Type::Optional(t) = x.ty.clone() else { return Err(c.err_at(at, format!("`value` of a {}", x.ty))) };
                return Ok(self.node(ExprKind::OptionalValue { value: Box::new(x), what }, *t));
            }
            "conj" if c.rest().starts_with('(') => {
                c.expect("(")?;
                return self.unary(c, UnaryOp::Conj);
            }
            "bool" | "numpy" if c.rest().starts_with('(') => {
                c.expect("(")?;
                let x = self.expr(c)?;
                c.expect(")")?;
                return Ok(if word == "bool" {
                    self.node(ExprKind::Truth(Box::new(x)), Type::Bool)
                } else {
                    let t = x.ty.clone();
                    self.node(ExprKind::NumpySemantics(Box::new(x)), t)
                });
            }
            "arange" => {
                c.expect("(")?;
                let start = Box::new(self.expr(c)?);
                c.expect(", ")?;
                let stop = Box::new(self.expr(c)?);
                c.expect(", ")?;
                let step = Box::new(self.expr(c)?);
                c.expect(")")?;
                let t = self.typed(c)?;
                return Ok(self.node(ExprKind::Arange { start, stop, step }, t));
            }
            "carray" => {
                c.expect("(")?;
                let ptr = Box::new(self.expr(c)?);
                c.expect(", ")?;
                let shape = self.shape(c)?;
                c.expect(")")?;
                let t = self.typed(c)?;
                return Ok(self.node(ExprKind::CArray { ptr, shape }, t));
            }
            "ccall" => {
                c.expect("(")?;
                let addr = c.hex()?;
                let mut args = Vec::new();
                while !c.eat(")") {
                    c.expect(", ")?;
                    args.push(self.expr(c)?);
                }
                let t = self.typed(c)?;
                return Ok(self.node(ExprKind::CCall { addr, args }, t));
            }
            "pycall" => {
                c.expect("(")?;
                let func = c.hex()?;
                let args = self.print_args_rest(c)?;
                c.expect(")")?;
                let t = self.typed(c)?;
                return Ok(self.node(ExprKind::PyCall { func, args }, t));
            }
            "format_str" => {
                c.expect("(")?;
                let template = c.string()?;
                let args = self.print_args_rest(c)?;
                c.expect(")")?;
                return Ok(self.node(ExprKind::FormatStr { template, args }, Type::Text));
            }
            "raise_format" => {
                c.expect("(")?;
                let exc = self.exc(c)?;
                c.expect(", ")?;
                let template = c.string()?;
                let args = self.print_args_rest(c)?;
                c.expect(")")?;
                return Ok(self.node(ExprKind::RaiseFormat { exc, template, args }, Type::None));
            }
            "print" => {
                c.expect("(")?;
                let mut args = Vec::new();
                while !c.rest().starts_with("sep=") {
                    if c.rest().starts_with('"') {
                        args.push(PrintArg::Text(c.string()?));
                    } else {
                        args.push(PrintArg::Value(self.expr(c)?));
                    }
                    c.expect(", ")?;
                }
                c.expect("sep=")?;
                let sep = c.string()?;
                c.expect(", end=")?;
                let end = c.string()?;
                c.expect(", flush=")?;
                let flush = c.eat("True");
                if !flush {
                    c.expect("False")?;
                }
                let stderr = c.eat(", file=sys.stderr");
                c.expect(")")?;
                return Ok(self.node(ExprKind::Print { args, sep, end, flush, stderr }, Type::None));
            }
            "guard" => {
                c.expect("(")?;
                let cond = Box::new(self.expr(c)?);
                c.expect(", ")?;
                let exc = self.exc(c)?;
                c.expect("(")?;
                let message = c.string()?;
                c.expect("), ")?;
                let value = self.expr(c)?;
                c.expect(")")?;
                let t = value.ty.clone();
                return Ok(self.node(ExprKind::Guard { cond, exc, message, value: Box::new(value) }, t));
            }
            _ => {}
        }
        if let Some(name) = word.strip_prefix("str.") {
            let op = crate::StrOp::from_name(name).ok_or_else(|| c.err_at(at, format!("unknown string operation `{name}`")))?;
            c.expect("(")?;
            let args = self.list(c, ")")?;
            let t = self.typed(c)?;
            return Ok(self.node(ExprKind::Str { op, args }, t));
        }
        if let Some(name) = word.strip_prefix("list.") {
            let op = crate::ListOp::from_name(name).ok_or_else(|| c.err_at(at, format!("unknown list operation `{name}`")))?;
            c.expect("(")?;
            let args = self.list(c, ")")?;
            let t = self.typed(c)?;
            return Ok(self.node(ExprKind::List { op, args }, t));
        }
        if let Some(name) = word.strip_prefix("math.") {
            let func = MathFn::from_name(name)
                .or(match name {
                    "round_digits" => Some(MathFn::RoundDigits),
                    "phase" => Some(MathFn::Phase),
                    _ => None,
                })
                .ok_or_else(|| c.err_at(at, format!("unknown math function `{name}`")))?;
            c.expect("(")?;
            let args = self.list(c, ")")?;
            let t = self.typed(c)?;
            return Ok(self.node(ExprKind::Math { func, args }, t));
        }
        if let Some(op) = word.strip_prefix("cum").and_then(ReduceOp::from_name) {
            c.expect("(")?;
            let array = Box::new(self.expr(c)?);
            c.expect(", axis=")?;
            let axis = if c.eat("None") {
                None
            } else {
                c.expect("Some(")?;
                let a = c.usize()?;
                c.expect(")")?;
                Some(a)
            };
            c.expect(")")?;
            let t = self.typed(c)?;
            return Ok(self.node(ExprKind::Scan { op, array, axis }, t));
        }
        if let Some(op) = ReduceOp::from_name(word).filter(|_| c.rest().starts_with('(')) {
            return self.reduce_or_minmax(c, word, op);
        }
        let is_type = matches!(word, "array" | "readonly" | "CPointer" | "voidptr" | "optional") || type_from_name(word).is_some();
        if is_type {
            // A conversion: `float64(x)`.
            c.pos = at;
            let t = ty(c)?;
            c.expect("(")?;
            let x = self.expr(c)?;
            c.expect(")")?;
            return Ok(self.node(ExprKind::Cast(Box::new(x)), t));
        }
        Err(c.err_at(at, format!("unknown expression `{word}`")))
    }

    /// After `-(`, `~(` or `not (`: the operand and `)`.
    fn unary(&mut self, c: &mut Cursor, op: UnaryOp) -> PResult<Expr> {
        let operand = self.expr(c)?;
        c.expect(")")?;
        let t = operand.ty.clone();
        Ok(self.node(ExprKind::Unary { op, operand: Box::new(operand) }, t))
    }

    fn number(&self, c: &mut Cursor) -> PResult<Expr> {
        let start = c.pos;
        c.eat("-");
        if c.eat("inf") {
            return Ok(Expr::constant(Const::Float(f64::NEG_INFINITY), self.span));
        }
        let digits = c.word(|ch| ch.is_ascii_digit());
        if digits.is_empty() {
            return Err(c.err_at(start, format!("expected a number, found {}", c.found())));
        }
        let mut float = false;
        if c.eat(".") {
            float = true;
            c.word(|ch| ch.is_ascii_digit());
        }
        if c.peek() == Some('e') {
            float = true;
            c.pos += 1;
            let _ = c.eat("-") || c.eat("+");
            c.word(|ch| ch.is_ascii_digit());
        }
        let text = &c.s[start..c.pos];
        let k = if float {
            Const::Float(text.parse().map_err(|_| c.err_at(start, format!("bad float `{text}`")))?)
        } else {
            Const::Int(text.parse().map_err(|_| c.err_at(start, format!("integer `{text}` out of range")))?)
        };
        Ok(Expr::constant(k, self.span))
    }

    /// `<global type shape [..] strides [..] at 0x..>`.
    fn global(&self, c: &mut Cursor) -> PResult<Expr> {
        c.expect("<global ")?;
        let t = ty(c)?;
        c.expect(" shape ")?;
        let shape = c.i64_list()?;
        c.expect(" strides ")?;
        let strides = c.i64_list()?;
        c.expect(" at 0x")?;
        let at = c.pos;
        let hex = c.word(|ch| ch.is_ascii_hexdigit());
        let data = u64::from_str_radix(hex, 16).map_err(|_| c.err_at(at, "expected an address"))?;
        c.expect(">")?;
        Ok(self.node(ExprKind::ConstArray { data, shape, strides }, t))
    }

    /// `map[$0=input, ...](body): type`.
    fn map(&mut self, c: &mut Cursor) -> PResult<Expr> {
        c.expect("[")?;
        let mut inputs = Vec::new();
        if !c.eat("]") {
            loop {
                let at = c.pos;
                c.expect("$")?;
                if c.usize()? != inputs.len() {
                    return Err(c.err_at(at, format!("expected `${}`", inputs.len())));
                }
                c.expect("=")?;
                inputs.push(self.expr(c)?);
                if c.eat("]") {
                    break;
                }
                c.expect(", ")?;
            }
        }
        let elements = inputs
            .iter()
            .map(|x| match &x.ty {
                Type::Array(a) => a.dtype.to_type(),
                t => t.clone(),
            })
            .collect();
        c.expect("(")?;
        self.map_inputs.push(elements);
        let body = self.expr(c);
        self.map_inputs.pop();
        let body = Box::new(body?);
        c.expect(")")?;
        let t = self.typed(c)?;
        Ok(self.node(ExprKind::Map { inputs, body }, t))
    }

    /// `min(...)`/`max(...)` (Python's, of scalars) or a reduction `sum(a)`,
    /// `min(a, axis=1)`.
    fn reduce_or_minmax(&mut self, c: &mut Cursor, word: &str, op: ReduceOp) -> PResult<Expr> {
        let at = c.pos;
        c.expect("(")?;
        let mut args = Vec::new();
        let mut axis = None;
        if !c.eat(")") {
            loop {
                if c.eat("axis=") {
                    axis = Some(c.usize()?);
                } else {
                    args.push(self.expr(c)?);
                }
                if c.eat(")") {
                    break;
                }
                c.expect(", ")?;
            }
        }
        let t = self.typed(c)?;
        let minmax = matches!(word, "min" | "max");
        let one_array = matches!(args.as_slice(), [a] if matches!(a.ty, Type::Array(_)));
        if minmax && axis.is_none() && !one_array {
            return Ok(self.node(ExprKind::MinMax { is_max: word == "max", args }, t));
        }
        let [array] = <[Expr; 1]>::try_from(args).map_err(|_| c.err_at(at, format!("`{word}` reduces one array")))?;
        Ok(self.node(ExprKind::Reduce { op, array: Box::new(array), axis }, t))
    }
}
