//! Types as [`crate::Type`]'s `Display` writes them: tuples, arrays, pointers,
//! strings, optionals, lists, functions and the scalar names.

use super::cursor::Cursor;
use super::PResult;
use crate::*;

// ------------------------------------------------------------------------------ types

pub(super) fn ty(c: &mut Cursor) -> PResult<Type> {
    let start = c.pos;
    if c.eat("readonly ") {
        let Type::Array(mut a) = ty(c)? else { return Err(c.err_at(start, "`readonly` applies to array types only")) };
        a.readonly = true;
        return Ok(Type::Array(a));
    }
    if c.eat("(") {
        let mut items = Vec::new();
        if c.eat(")") {
            return Ok(Type::Tuple(items));
        }
        loop {
            items.push(ty(c)?);
            if c.eat(",)") || c.eat(")") {
                return Ok(Type::Tuple(items));
            }
            c.expect(", ")?;
        }
    }
    let name = c.word(|ch| ch.is_ascii_alphanumeric() || ch == '_');
    Ok(match name {
        "array" => {
            c.expect("(")?;
            let dtype = dtype(c)?;
            c.expect(", ")?;
            let at = c.pos;
            let ndim = u8::try_from(c.usize()?).map_err(|_| c.err_at(at, "too many dimensions"))?;
            c.expect("d, ")?;
            let layout = match c.word(|ch| ch.is_ascii_alphabetic()) {
                "C" => Layout::C,
                "F" => Layout::F,
                "A" => Layout::A,
                other => return Err(c.err(format!("expected the layout `C`, `F` or `A`, found `{other}`"))),
            };
            c.expect(")")?;
            Type::Array(ArrayType::new(dtype, ndim, layout))
        }
        "CPointer" => {
            c.expect("(")?;
            let d = dtype(c)?;
            c.expect(")")?;
            Type::Pointer(Some(d))
        }
        "voidptr" => Type::Pointer(None),
        "str" if c.rest().starts_with('(') => {
            c.expect("(")?;
            let text = c.string()?;
            c.expect(")")?;
            Type::Str(text)
        }
        "str" => Type::Text,
        "optional" => {
            c.expect("(")?;
            let t = ty(c)?;
            c.expect(")")?;
            Type::Optional(Box::new(t))
        }
        "list" => {
            c.expect("(")?;
            let t = if c.eat("?") { Type::Unknown } else { ty(c)? };
            c.expect(")")?;
            Type::List(Box::new(t))
        }
        "set" => {
            c.expect("(")?;
            let k = if c.eat("?") { Type::Unknown } else { ty(c)? };
            c.expect(")")?;
            Type::set(k)
        }
        "dict" => {
            c.expect("(")?;
            let k = if c.eat("?") { Type::Unknown } else { ty(c)? };
            c.expect(",")?;
            let v = if c.eat("?") { Type::Unknown } else { ty(c)? };
            c.expect(")")?;
            Type::dict(k, v)
        }
        "function" => {
            c.expect("#")?;
            let at = c.pos;
            let hex = c.word(|ch| ch.is_ascii_hexdigit());
            Type::Function(u64::from_str_radix(hex, 16).map_err(|_| c.err_at(at, "expected a function number in hex"))?)
        }
        "" => return Err(c.err(format!("expected a type, found {}", c.found()))),
        _ => type_from_name(name).ok_or_else(|| c.err_at(start, format!("unknown type `{name}`")))?,
    })
}

fn dtype(c: &mut Cursor) -> PResult<DType> {
    let start = c.pos;
    let t = ty(c)?;
    DType::from_type(&t).ok_or_else(|| c.err_at(start, format!("`{t}` is not an array element type")))
}
