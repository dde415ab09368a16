//! Subscripts and the other postfix operations on an expression (`.T`, `.shape`,
//! `.real`, `.fill(v)`, `.reshape(...)`): what `a[...]: t` is (element, slice, pointer
//! element, tuple item) follows from the base and the printed type.

use super::cursor::{is_label_char, Cursor};
use super::stmt::FnParser;
use super::PResult;
use crate::*;

/// One subscript item before it is known what the subscript is.
pub(super) enum Item {
    Expr(Expr),
    Range(Option<Expr>, Option<Expr>, Option<Expr>),
    NewAxis,
    /// `[...]`: the target of a store into a view.
    Ellipsis,
}

impl FnParser<'_> {
    /// A primary expression and the postfix operations on it (subscripts, `.T`, `.shape`,
    /// `.fill(v)`, `.reshape(...)`). With `bare`, a final subscript without `: type` (a
    /// store's target, a view's operand) is returned unbuilt.
    pub(super) fn postfix(&mut self, c: &mut Cursor, bare: bool) -> PResult<(Expr, Option<Vec<Item>>)> {
        let mut e = self.primary(c)?;
        loop {
            let at = c.pos;
            if c.peek() == Some('[') {
                let items = self.items(c)?;
                if let Type::Tuple(tys) = &e.ty {
                    let index = match items.as_slice() {
                        [Item::Expr(Expr { kind: ExprKind::Const(Const::Int(k)), .. })] => usize::try_from(*k).ok(),
                        _ => None,
                    };
                    let index = index.ok_or_else(|| c.err_at(at, "a tuple index is a non-negative integer"))?;
                    let t = tys.get(index).cloned().ok_or_else(|| c.err_at(at, format!("index {index} of a {}", e.ty)))?;
                    e = self.node(ExprKind::TupleGet { tuple: Box::new(e), index }, t);
                    continue;
                }
                if !c.rest().starts_with(": ") {
                    if bare {
                        return Ok((e, Some(items)));
                    }
                    return Err(c.err("expected `: type` after the subscript"));
                }
                let t = self.typed(c)?;
                e = self.subscript(c, at, e, items, t)?;
            } else if c.rest().starts_with(".T") && !c.rest()[2..].starts_with(is_label_char) {
                c.pos += 2;
                let Type::Array(a) = e.ty else { return Err(c.err_at(at, format!("`.T` of a {}", e.ty))) };
                let layout = match a.layout {
                    Layout::C if a.ndim > 1 => Layout::F,
                    Layout::F => Layout::C,
                    l => l,
                };
                let t = Type::Array(ArrayType { layout, ..a }.normalized());
                e = self.node(ExprKind::Transpose(Box::new(e)), t);
            } else if c.eat(".shape") || c.eat(".strides") || c.eat(".size") || c.eat(".data") {
                let attr = match &c.s[at..c.pos] {
                    ".shape" => ArrayAttr::Shape,
                    ".strides" => ArrayAttr::Strides,
                    ".data" => ArrayAttr::Data,
                    _ => ArrayAttr::Size,
                };
                let Type::Array(a) = e.ty else { return Err(c.err_at(at, format!("`{}` of a {}", &c.s[at..c.pos], e.ty))) };
                let t = match attr {
                    ArrayAttr::Size | ArrayAttr::Data => INT64,
                    _ => Type::Tuple(vec![INT64; a.ndim as usize]),
                };
                e = self.node(ExprKind::ArrayAttr { array: Box::new(e), attr }, t);
            } else if (c.rest().starts_with(".real") || c.rest().starts_with(".imag")) && !c.rest()[5..].starts_with(is_label_char) {
                let imag = c.rest().starts_with(".imag");
                c.pos += 5;
                let t = match e.ty {
                    Type::Complex(k) => Type::Float(k),
                    Type::Array(ArrayType { dtype: DType::Complex(k), ndim, readonly, .. }) => {
                        Type::Array(ArrayType { dtype: DType::Float(k), ndim, layout: Layout::A, readonly })
                    }
                    _ => return Err(c.err_at(at, format!("`{}` of a {}", &c.s[at..c.pos], e.ty))),
                };
                e = self.node(ExprKind::ComplexPart { value: Box::new(e), imag }, t);
            } else if c.eat(".fill(") {
                let value = self.expr(c)?;
                c.expect(")")?;
                e = self.node(ExprKind::Fill { array: Box::new(e), value: Box::new(value) }, Type::None);
            } else if c.eat(".reshape(") {
                let shape = self.list(c, ")")?;
                let t = self.typed(c)?;
                e = self.node(ExprKind::Reshape { array: Box::new(e), shape }, t);
            } else {
                return Ok((e, None));
            }
        }
    }

    /// `[item, ...]`.
    fn items(&mut self, c: &mut Cursor) -> PResult<Vec<Item>> {
        c.expect("[")?;
        let mut out = Vec::new();
        if c.eat("]") {
            return Ok(out);
        }
        loop {
            out.push(self.item(c)?);
            if c.eat("]") {
                return Ok(out);
            }
            c.expect(", ")?;
        }
    }

    fn item(&mut self, c: &mut Cursor) -> PResult<Item> {
        if c.rest().starts_with("...]") {
            c.pos += 3;
            return Ok(Item::Ellipsis);
        }
        if c.rest().starts_with("None,") || c.rest().starts_with("None]") {
            c.pos += 4;
            return Ok(Item::NewAxis);
        }
        let start = if c.peek() == Some(':') { None } else { Some(self.expr(c)?) };
        if !c.eat(":") {
            return start.map(Item::Expr).ok_or_else(|| c.err("expected a subscript"));
        }
        // Printed as `start:stop:step`; `start:` and `start:stop` are read too.
        let ends = |c: &Cursor| matches!(c.peek(), Some(',' | ']'));
        let stop = if c.peek() == Some(':') || ends(c) { None } else { Some(self.expr(c)?) };
        if ends(c) {
            return Ok(Item::Range(start, stop, None));
        }
        c.expect(":")?;
        let step = if ends(c) { None } else { Some(self.expr(c)?) };
        Ok(Item::Range(start, stop, step))
    }

    /// `base[items]: t`: an element, a slice or a pointer element.
    fn subscript(&self, c: &Cursor, at: usize, base: Expr, items: Vec<Item>, t: Type) -> PResult<Expr> {
        let plain = items.iter().all(|i| matches!(i, Item::Expr(_)));
        if matches!(base.ty, Type::Pointer(_)) {
            let [index] = <[Expr; 1]>::try_from(plain_indices(c, at, items)?)
                .map_err(|_| c.err_at(at, "a pointer takes one index"))?;
            return Ok(self.node(ExprKind::PtrIndex { ptr: Box::new(base), index: Box::new(index) }, t));
        }
        if plain && !matches!(t, Type::Array(_)) {
            let indices = plain_indices(c, at, items)?;
            return Ok(self.node(ExprKind::Index { array: Box::new(base), indices }, t));
        }
        let items = items
            .into_iter()
            .map(|i| match i {
                Item::Expr(e) => Ok(SliceItem::Index(e)),
                Item::Range(start, stop, step) => Ok(SliceItem::Range { start, stop, step }),
                Item::NewAxis => Ok(SliceItem::NewAxis),
                Item::Ellipsis => Err(c.err_at(at, "`...` only as the target of a store")),
            })
            .collect::<PResult<Vec<_>>>()?;
        Ok(self.node(ExprKind::Slice { array: Box::new(base), items }, t))
    }
}

/// Items that must all be plain expressions (indices).
pub(super) fn plain_indices(c: &Cursor, at: usize, items: Vec<Item>) -> PResult<Vec<Expr>> {
    items
        .into_iter()
        .map(|i| match i {
            Item::Expr(e) => Ok(e),
            _ => Err(c.err_at(at, "expected indices (no slices, `None` or `...`)")),
        })
        .collect()
}
