//! Value types, their names (Numba's spellings) and signature strings.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntKind {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntKind {
    pub fn bits(self) -> u32 {
        match self {
            IntKind::I8 | IntKind::U8 => 8,
            IntKind::I16 | IntKind::U16 => 16,
            IntKind::I32 | IntKind::U32 => 32,
            IntKind::I64 | IntKind::U64 => 64,
        }
    }
    pub fn signed(self) -> bool {
        matches!(self, IntKind::I8 | IntKind::I16 | IntKind::I32 | IntKind::I64)
    }
    pub fn name(self) -> &'static str {
        match self {
            IntKind::I8 => "int8",
            IntKind::I16 => "int16",
            IntKind::I32 => "int32",
            IntKind::I64 => "int64",
            IntKind::U8 => "uint8",
            IntKind::U16 => "uint16",
            IntKind::U32 => "uint32",
            IntKind::U64 => "uint64",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FloatKind {
    F32,
    F64,
}

impl FloatKind {
    pub fn name(self) -> &'static str {
        match self {
            FloatKind::F32 => "float32",
            FloatKind::F64 => "float64",
        }
    }
}

/// The element type of an array.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    Bool,
    Int(IntKind),
    Float(FloatKind),
    /// `complex64` (two float32) or `complex128` (two float64), real part first.
    Complex(FloatKind),
}

impl DType {
    /// Every dtype, in runtime-code order.
    pub const ALL: [DType; 13] = [
        DType::Bool,
        DType::Int(IntKind::I8),
        DType::Int(IntKind::I16),
        DType::Int(IntKind::I32),
        DType::Int(IntKind::I64),
        DType::Int(IntKind::U8),
        DType::Int(IntKind::U16),
        DType::Int(IntKind::U32),
        DType::Int(IntKind::U64),
        DType::Float(FloatKind::F32),
        DType::Float(FloatKind::F64),
        DType::Complex(FloatKind::F32),
        DType::Complex(FloatKind::F64),
    ];

    /// The number that names this dtype to the runtime (`ferrojit_rt_sort`): its index
    /// in [`DType::ALL`], declared once here for the code generator and the runtime.
    pub fn runtime_code(self) -> i32 {
        DType::ALL.iter().position(|d| *d == self).unwrap_or(0) as i32
    }

    pub fn from_runtime_code(code: i32) -> Option<DType> {
        usize::try_from(code).ok().and_then(|i| DType::ALL.get(i).copied())
    }

    pub fn to_type(self) -> Type {
        match self {
            DType::Bool => Type::Bool,
            DType::Int(k) => Type::Int(k),
            DType::Float(k) => Type::Float(k),
            DType::Complex(k) => Type::Complex(k),
        }
    }
    pub fn from_type(t: &Type) -> Option<DType> {
        match t {
            Type::Bool => Some(DType::Bool),
            Type::Int(k) => Some(DType::Int(*k)),
            Type::Float(k) => Some(DType::Float(*k)),
            Type::Complex(k) => Some(DType::Complex(*k)),
            _ => None,
        }
    }
    /// Bytes per element.
    pub fn itemsize(self) -> u64 {
        match self {
            DType::Bool => 1,
            DType::Int(k) => k.bits() as u64 / 8,
            DType::Float(FloatKind::F32) => 4,
            DType::Float(FloatKind::F64) => 8,
            DType::Complex(FloatKind::F32) => 8,
            DType::Complex(FloatKind::F64) => 16,
        }
    }
    /// The alignment NumPy guarantees for an aligned array: the item size, or for
    /// complex numbers the size of one part.
    pub fn alignment(self) -> u64 {
        match self {
            DType::Complex(_) => self.itemsize() / 2,
            _ => self.itemsize(),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::Int(k) => k.name(),
            DType::Float(k) => k.name(),
            DType::Complex(k) => complex_name(k),
        }
    }
}

/// `complex64` / `complex128`: NumPy's names, by the size of the whole number.
pub fn complex_name(k: FloatKind) -> &'static str {
    match k {
        FloatKind::F32 => "complex64",
        FloatKind::F64 => "complex128",
    }
}

/// Memory layout of an array, as far as the compiler knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    /// C-contiguous: the last axis varies fastest, strides follow from the shape.
    C,
    /// Fortran-contiguous: the first axis varies fastest.
    F,
    /// Any strides (views, negative steps).
    A,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::C => "C",
            Layout::F => "F",
            Layout::A => "A",
        }
    }
}

/// A NumPy array: element type, number of dimensions, layout, writability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArrayType {
    pub dtype: DType,
    pub ndim: u8,
    pub layout: Layout,
    pub readonly: bool,
}

impl ArrayType {
    pub fn new(dtype: DType, ndim: u8, layout: Layout) -> ArrayType {
        ArrayType { dtype, ndim, layout, readonly: false }
    }
    /// A 0- or 1-D contiguous array is both C and F; we call it C.
    pub fn normalized(mut self) -> ArrayType {
        if self.ndim <= 1 && self.layout == Layout::F {
            self.layout = Layout::C;
        }
        self
    }
}

/// The type of a value in compiled code.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Bool,
    Int(IntKind),
    Float(FloatKind),
    /// A complex number of two floats of this kind (Python's `complex` is complex128).
    Complex(FloatKind),
    /// A heterogeneous, immutable tuple of values.
    Tuple(Vec<Type>),
    /// Python's `None` (what a function without `return value` returns).
    None,
    /// A NumPy array (a reference to refcounted or borrowed memory).
    Array(ArrayType),
    /// A raw C pointer to elements (`CPointer(float64)`), or `voidptr` (`None`); only in
    /// `cfunc` signatures, indexed like `p[0]` or wrapped with `carray`.
    Pointer(Option<DType>),
    /// A function passed as an argument (a jitted or plain Python function, a `math` or
    /// NumPy function...): known when compiling, so calls to it are direct (inlined by
    /// LLVM), never through a boxed object. The number identifies the object to the
    /// bindings (which keep it alive); the value itself carries no data.
    Function(u64),
    /// A value or `None` (Numba's `Optional`): a function that returns a number on some
    /// paths and `None` on others, a variable assigned both. The payload is a number or
    /// a tuple of numbers.
    Optional(Box<Type>),
    /// A string known when compiling (a literal, a `str` argument: each value is its own
    /// specialisation, as Numba's `literally`); no run-time data.
    Str(String),
    /// A string computed when the code runs (`str(i)`, `s + t` of such strings, an
    /// f-string of run-time values): a reference-counted runtime block of UTF-8 (see
    /// crates/runtime/src/strings.rs), immutable.
    Text,
    /// A Python list of items of one type (numbers of mixed kinds unify, as in Numba's
    /// reflected lists): a pointer to a reference-counted runtime block (see
    /// crates/runtime/src/lists.rs) whose items are stored in slot form (each scalar
    /// leaf one 8-byte word), so the bindings read and write them as they do arguments.
    List(Box<Type>),
    /// The item type of a list not known yet: `[]` before the `append` that decides it.
    Unknown,
}

pub const INT64: Type = Type::Int(IntKind::I64);
/// The first item of a dict's representation (see [`Type::dict`]).
pub const DICT_MARKER: &str = "\u{0}dict";
/// The first item of a set's representation (see [`Type::set`]).
pub const SET_MARKER: &str = "\u{0}set";
pub const FLOAT64: Type = Type::Float(FloatKind::F64);

impl Type {
    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Bool | Type::Int(_) | Type::Float(_))
    }
    pub fn is_scalar(&self) -> bool {
        self.is_numeric() || matches!(self, Type::None)
    }
    pub fn is_int(&self) -> bool {
        matches!(self, Type::Int(_))
    }
    pub fn is_float(&self) -> bool {
        matches!(self, Type::Float(_))
    }
    /// Whether `Optional(self)` exists: numbers, arrays, run-time strings, lists and
    /// tuples of them. (An absent value's payload is all zeros: a null reference,
    /// which reference counting skips.)
    pub fn can_be_optional(&self) -> bool {
        match self {
            Type::Tuple(items) => items.iter().all(|t| t.can_be_optional() || matches!(t, Type::Optional(_) | Type::None)),
            Type::Array(_) | Type::Text => true,
            Type::List(item) => **item != Type::Unknown,
            t => t.is_number(),
        }
    }
    /// A string known when compiling.
    pub fn is_str(&self) -> bool {
        matches!(self, Type::Str(_))
    }
    /// A string of either kind (known when compiling, or computed at run time).
    pub fn is_any_str(&self) -> bool {
        matches!(self, Type::Str(_) | Type::Text)
    }
    /// The item type a list stores for values of this type: strings are run-time
    /// strings (a literal's value is not part of a list's type).
    pub fn list_item(&self) -> Type {
        match self {
            Type::Str(_) => Type::Text,
            Type::Tuple(_) if self.is_dict() || self.is_set() => self.clone(),
            Type::Tuple(items) => Type::Tuple(items.iter().map(Type::list_item).collect()),
            t => t.clone(),
        }
    }
    /// The 8-byte words a value of this type takes in the entry ABI's slots (and as a
    /// list item): one per scalar leaf; an array's meminfo, data, shape and strides.
    pub fn slot_count(&self) -> usize {
        match self {
            Type::Tuple(items) => items.iter().map(Type::slot_count).sum(),
            Type::Complex(_) => 2,
            Type::Optional(t) => 1 + t.slot_count(),
            Type::None | Type::Function(_) | Type::Str(_) => 0,
            Type::Array(a) => 2 + 2 * a.ndim as usize,
            _ => 1,
        }
    }
    pub fn is_list(&self) -> bool {
        matches!(self, Type::List(_))
    }
    /// A Python dict of keys `k` and values `v`. Its representation is a tuple whose
    /// first item is the marker [`DICT_MARKER`] (a string known when compiling: no
    /// run-time data) and then four shared lists: the keys and values in insertion
    /// order, the entries' hashes (-1: deleted) and the hash table (`table[0]` the
    /// number of live entries, then the slots); an empty table means "not indexed yet"
    /// (a literal, a dict passed in). Code generation, reference counting and the
    /// Python boundary handle it as the tuple it is; the lowering dispatches its
    /// operations to the library written in Python (python/ferrojit/_lib/dicts.py).
    pub fn dict(k: Type, v: Type) -> Type {
        let list = |t: Type| Type::List(Box::new(t));
        Type::Tuple(vec![Type::Str(DICT_MARKER.into()), list(k), list(v), list(INT64), list(INT64)])
    }
    /// The key and value types of a dict (see [`Type::dict`]).
    pub fn as_dict(&self) -> Option<(&Type, &Type)> {
        self.as_table().filter(|_| self.table_marker() == Some(DICT_MARKER))
    }
    /// The marker of a dict's or a set's representation.
    fn table_marker(&self) -> Option<&str> {
        match self {
            Type::Tuple(items) if items.len() == 5 => match &items[0] {
                Type::Str(m) if m == DICT_MARKER || m == SET_MARKER => Some(m),
                _ => None,
            },
            _ => None,
        }
    }
    /// The key and value types of a dict or a set (whose values are bools): the hash
    /// tables of the library (python/ferrojit/_lib/dicts.py).
    pub fn as_table(&self) -> Option<(&Type, &Type)> {
        self.table_marker()?;
        match self {
            Type::Tuple(items) => match (&items[1], &items[2]) {
                (Type::List(k), Type::List(v)) => Some((k, v)),
                _ => None,
            },
            _ => None,
        }
    }
    pub fn is_table(&self) -> bool {
        self.as_table().is_some()
    }
    /// A table of the same kind as this one (a dict or a set) with these types.
    pub fn table_like(&self, k: Type, v: Type) -> Type {
        if self.is_set() {
            Type::set(k)
        } else {
            Type::dict(k, v)
        }
    }
    pub fn is_dict(&self) -> bool {
        self.as_dict().is_some()
    }
    /// A Python set of items `k`: the representation of a dict (see [`Type::dict`]) of
    /// bool values, marked [`SET_MARKER`], so the library's hash table serves both.
    pub fn set(k: Type) -> Type {
        let list = |t: Type| Type::List(Box::new(t));
        Type::Tuple(vec![Type::Str(SET_MARKER.into()), list(k), list(Type::Bool), list(INT64), list(INT64)])
    }
    /// The item type of a set (see [`Type::set`]).
    pub fn as_set(&self) -> Option<&Type> {
        self.as_table().filter(|_| self.table_marker() == Some(SET_MARKER)).map(|(k, _)| k)
    }
    pub fn is_set(&self) -> bool {
        self.as_set().is_some()
    }
    /// `[]` whose items are not known yet.
    pub fn is_list_of_unknown(&self) -> bool {
        matches!(self, Type::List(t) if **t == Type::Unknown)
    }
    pub fn is_complex(&self) -> bool {
        matches!(self, Type::Complex(_))
    }
    /// A number of any kind: bool, int, float or complex ([`Type::is_numeric`] leaves
    /// complex out, since it has no order and no conversion to the other kinds).
    pub fn is_number(&self) -> bool {
        self.is_numeric() || self.is_complex()
    }

    /// The type two values unify to when one variable holds both (`x = 1` then
    /// `x = 2.5`), or `None` if they cannot share a variable.
    pub fn unify(&self, other: &Type) -> Option<Type> {
        if self == other {
            return Some(self.clone());
        }
        match (self, other) {
            // `None` on some paths, a value on others.
            // (a string known when compiling becomes a run-time string: it has no value
            // of its own to hold)
            (Type::None, t) | (t, Type::None) if t.can_be_optional() || t.is_str() => Some(Type::Optional(Box::new(t.list_item()))),
            (Type::Optional(a), Type::None) | (Type::None, Type::Optional(a)) => Some(Type::Optional(a.clone())),
            (Type::Optional(a), Type::Optional(b)) => a.unify(b).filter(Type::can_be_optional).map(|t| Type::Optional(Box::new(t))),
            (Type::Optional(a), t) | (t, Type::Optional(a)) => a.unify(t).filter(Type::can_be_optional).map(|t| Type::Optional(Box::new(t))),
            (Type::Tuple(a), Type::Tuple(b)) if a.len() == b.len() => {
                a.iter().zip(b).map(|(x, y)| x.unify(y)).collect::<Option<Vec<_>>>().map(Type::Tuple)
            }
            (a, b) if a.is_number() && b.is_number() => Some(arith_promote(a, b)),
            // Different strings, or one known only at run time: a run-time string.
            (a, b) if a.is_any_str() && b.is_any_str() => Some(Type::Text),
            // A list's items: `[]` takes the type of what is appended; numbers widen.
            (Type::List(a), Type::List(b)) => match (a.as_ref(), b.as_ref()) {
                (Type::Unknown, t) | (t, Type::Unknown) => Some(Type::List(Box::new(t.clone()))),
                (a, b) => a.unify(b).map(|t| Type::List(Box::new(t))),
            },
            (Type::Array(a), Type::Array(b)) if a.dtype == b.dtype && a.ndim == b.ndim => {
                let layout = if a.layout == b.layout { a.layout } else { Layout::A };
                Some(Type::Array(ArrayType { dtype: a.dtype, ndim: a.ndim, layout, readonly: a.readonly || b.readonly }))
            }
            _ => None,
        }
    }
}

/// The result type of arithmetic between two scalars (Numba's scalar rules): bools act as
/// integers; integer arithmetic happens in 64 bits (unsigned only when both are unsigned
/// and one is uint64); any float makes the result a float, float32 only if no int64-sized integer or
/// float64 takes part.
pub fn arith_promote(a: &Type, b: &Type) -> Type {
    use Type::*;
    if a.is_complex() || b.is_complex() {
        // complex64 only if the other side fits float32 (as NumPy's rules for numbers
        // with a type): complex64 with float32, bool or small ints; complex128 otherwise.
        let part = |t: &Type| match t {
            Complex(k) => Float(*k),
            t => t.clone(),
        };
        return match arith_promote(&part(a), &part(b)) {
            Float(k) => Complex(k),
            _ => Complex(FloatKind::F64),
        };
    }
    match (a, b) {
        (Float(FloatKind::F64), _) | (_, Float(FloatKind::F64)) => FLOAT64,
        (Float(FloatKind::F32), Float(FloatKind::F32)) => Float(FloatKind::F32),
        (Float(FloatKind::F32), Int(k)) | (Int(k), Float(FloatKind::F32)) if k.bits() <= 16 => {
            Float(FloatKind::F32)
        }
        (Float(FloatKind::F32), Bool) | (Bool, Float(FloatKind::F32)) => Float(FloatKind::F32),
        (Float(_), _) | (_, Float(_)) => FLOAT64,
        // Unsigned with unsigned: uint64 when one is (int64 would turn 2**64 - 1 into -1).
        (Int(x), Int(y)) if !x.signed() && !y.signed() && (*x == IntKind::U64 || *y == IntKind::U64) => Int(IntKind::U64),
        _ => INT64,
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => f.write_str("bool"),
            Type::Int(k) => f.write_str(k.name()),
            Type::Float(k) => f.write_str(k.name()),
            Type::Complex(k) => f.write_str(complex_name(*k)),
            Type::None => f.write_str("none"),
            Type::Pointer(Some(d)) => write!(f, "CPointer({})", d.name()),
            Type::Pointer(None) => f.write_str("voidptr"),
            Type::Function(id) => write!(f, "function#{id:x}"),
            Type::Optional(t) => write!(f, "optional({t})"),
            Type::Str(s) => write!(f, "str({s:?})"),
            Type::Text => f.write_str("str"),
            Type::List(t) => write!(f, "list({t})"),
            Type::Unknown => f.write_str("?"),
            Type::Array(a) => {
                if a.readonly {
                    f.write_str("readonly ")?;
                }
                write!(f, "array({}, {}d, {})", a.dtype.name(), a.ndim, a.layout.name())
            }
            Type::Tuple(_) if self.is_dict() => {
                let (k, v) = self.as_dict().expect("a dict");
                write!(f, "dict({k}, {v})")
            }
            Type::Tuple(_) if self.is_set() => write!(f, "set({})", self.as_set().expect("a set")),
            Type::Tuple(items) => {
                f.write_str("(")?;
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                if items.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str(")")
            }
        }
    }
}

/// Look up a type by one of Numba's names or short aliases (`float64`, `f8`, `intp`, ...).
pub fn type_from_name(name: &str) -> Option<Type> {
    use IntKind::*;
    Some(match name {
        "boolean" | "bool_" | "b1" | "bool" => Type::Bool,
        "int8" | "i1" | "byte" | "char" => Type::Int(I8),
        "int16" | "i2" | "short" => Type::Int(I16),
        "int32" | "i4" | "intc" => Type::Int(I32),
        "int64" | "i8" | "intp" | "int_" | "long_" | "longlong" | "ssize_t" | "int" => Type::Int(I64),
        "uint8" | "u1" | "uchar" => Type::Int(U8),
        "uint16" | "u2" | "ushort" => Type::Int(U16),
        "uint32" | "u4" | "uintc" => Type::Int(U32),
        "uint64" | "u8" | "uintp" | "uint" | "ulonglong" | "size_t" => Type::Int(U64),
        "float32" | "f4" | "single" => Type::Float(FloatKind::F32),
        "float64" | "f8" | "double" | "float_" | "float" => FLOAT64,
        "complex64" | "c8" | "csingle" => Type::Complex(FloatKind::F32),
        "complex128" | "c16" | "cdouble" | "complex_" | "complex" => Type::Complex(FloatKind::F64),
        "none" | "void" | "None" => Type::None,
        "unicode_type" | "str" | "string" => Type::Text,
        _ => return None,
    })
}

/// A function signature: argument types and, if given, the return type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Signature {
    pub args: Vec<Type>,
    pub ret: Option<Type>,
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = &self.ret {
            write!(f, "{r}")?;
        }
        f.write_str("(")?;
        for (i, t) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{t}")?;
        }
        f.write_str(")")
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("invalid signature {text:?}: {reason}")]
pub struct SignatureError {
    pub text: String,
    pub reason: String,
}

/// Parse a Numba signature string: `"f8(f8, i8)"`, `"(int64,)"`, `"void(f8)"`,
/// `"Tuple((f8, i8))(f8)"` is not accepted, but `"(f8, i8)(f8)"` is.
pub fn parse_signature(text: &str) -> Result<Signature, SignatureError> {
    let err = |reason: &str| SignatureError { text: text.to_string(), reason: reason.to_string() };
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err(err("it is empty"));
    }
    if !s.ends_with(')') {
        return Err(err("expected `return_type(arg_type, ...)`, e.g. \"f8(f8, i8)\""));
    }
    // The argument list is the last balanced parenthesised group.
    let bytes = s.as_bytes();
    let mut depth = 0i32;
    let mut open = None;
    for i in (0..bytes.len()).rev() {
        match bytes[i] {
            b')' => depth += 1,
            b'(' => {
                depth -= 1;
                if depth == 0 {
                    open = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let open = open.ok_or_else(|| err("unbalanced parentheses"))?;
    let ret_text = &s[..open];
    let args_text = &s[open + 1..s.len() - 1];
    let ret = if ret_text.is_empty() { None } else { Some(parse_type(ret_text).map_err(|r| err(&r))?) };
    let args = split_top_level(args_text)
        .into_iter()
        .filter(|a| !a.is_empty())
        .map(|a| parse_type(a).map_err(|r| err(&r)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Signature { args, ret })
}

fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// Parse one type: a name, or a parenthesised tuple `(f8, i8)`.
pub fn parse_type(s: &str) -> Result<Type, String> {
    if s.chars().any(char::is_whitespace) {
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        return parse_type(&compact);
    }
    // Numba's `Tuple(a, b)` and `UniTuple(a, n)`.
    if let Some(inner) = s.strip_prefix("Tuple(") {
        return parse_type(&format!("({inner}"));
    }
    if let Some(inner) = s.strip_prefix("UniTuple(").and_then(|r| r.strip_suffix(')')) {
        let (item, n) = inner.rsplit_once(',').ok_or_else(|| format!("bad tuple type `{s}`"))?;
        let n: usize = n.parse().map_err(|_| format!("bad tuple length in `{s}`"))?;
        let item = parse_type(item)?;
        return Ok(Type::Tuple(vec![item; n]));
    }
    // The form types print in (`array(float64, 2d, C)`).
    if let Some(inner) = s.strip_prefix("array(").and_then(|r| r.strip_suffix(')')) {
        let parts: Vec<&str> = inner.split(',').collect();
        let [dtype, ndim, layout] = parts.as_slice() else { return Err(format!("bad array type `{s}`")) };
        let dtype = type_from_name(dtype).as_ref().and_then(DType::from_type).ok_or_else(|| format!("unknown array element type `{dtype}`"))?;
        let ndim: u8 = ndim.strip_suffix('d').and_then(|n| n.parse().ok()).ok_or_else(|| format!("bad array rank in `{s}`"))?;
        let layout = match *layout {
            "C" => Layout::C,
            "F" => Layout::F,
            "A" => Layout::A,
            other => return Err(format!("bad array layout `{other}`")),
        };
        return Ok(Type::Array(ArrayType::new(dtype, ndim, layout).normalized()));
    }
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        let items = split_top_level(inner)
            .into_iter()
            .filter(|a| !a.is_empty())
            .map(parse_type)
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Type::Tuple(items));
    }
    if s == "voidptr" {
        return Ok(Type::Pointer(None));
    }
    if let Some(inner) = s.strip_prefix("CPointer(").and_then(|r| r.strip_suffix(')')) {
        let t = parse_type(inner)?;
        let d = DType::from_type(&t).ok_or_else(|| format!("CPointer of `{inner}`: pointers to numbers only"))?;
        return Ok(Type::Pointer(Some(d)));
    }
    if let Some(open) = s.find('[') {
        let dtype_name = &s[..open];
        let dims = s[open..].strip_prefix('[').and_then(|r| r.strip_suffix(']')).ok_or_else(|| format!("bad array type `{s}`"))?;
        let dtype = type_from_name(dtype_name)
            .as_ref()
            .and_then(DType::from_type)
            .ok_or_else(|| format!("unknown array element type `{dtype_name}`"))?;
        let axes: Vec<&str> = dims.split(',').collect();
        let ndim = axes.len() as u8;
        for a in &axes {
            if *a != ":" && *a != "::1" {
                return Err(format!("bad array dimension `{a}` in `{s}` (use `:` or `::1`)"));
            }
        }
        let layout = match axes.iter().position(|a| *a == "::1") {
            None => Layout::A,
            Some(i) if i + 1 == axes.len() => Layout::C,
            Some(0) => Layout::F,
            Some(_) => return Err(format!("`::1` must be on the first or last axis in `{s}`")),
        };
        return Ok(Type::Array(ArrayType::new(dtype, ndim, layout).normalized()));
    }
    type_from_name(s).ok_or_else(|| format!("unknown type name `{s}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_signatures() {
        let sig = parse_signature("f8(f8, i8)").unwrap();
        assert_eq!(sig.args, vec![FLOAT64, INT64]);
        assert_eq!(sig.ret, Some(FLOAT64));
        let sig = parse_signature("(int32,)").unwrap();
        assert_eq!(sig.args, vec![Type::Int(IntKind::I32)]);
        assert_eq!(sig.ret, None);
        let sig = parse_signature("(f8, i8)(f8)").unwrap();
        assert_eq!(sig.ret, Some(Type::Tuple(vec![FLOAT64, INT64])));
        assert_eq!(parse_signature("void()").unwrap().ret, Some(Type::None));
        let sig = parse_signature("f8[:](f8[:, ::1], u1[::1])").unwrap();
        assert_eq!(sig.ret, Some(Type::Array(ArrayType::new(DType::Float(FloatKind::F64), 1, Layout::A))));
        assert_eq!(sig.args[0], Type::Array(ArrayType::new(DType::Float(FloatKind::F64), 2, Layout::C)));
        assert_eq!(sig.args[1].to_string(), "array(uint8, 1d, C)");
        let sig = parse_signature("intc(CPointer(float64), intp, CPointer(float64), voidptr)").unwrap();
        assert_eq!(sig.args[0], Type::Pointer(Some(DType::Float(FloatKind::F64))));
        assert_eq!(sig.args[3], Type::Pointer(None));
    }

    #[test]
    fn rejects_bad_signatures() {
        assert!(parse_signature("f8(f8").is_err());
        assert!(parse_signature("").is_err());
        let e = parse_signature("f8(banana)").unwrap_err();
        assert!(e.reason.contains("banana"), "{e}");
    }

    #[test]
    fn promotion_follows_numba() {
        use IntKind::*;
        assert_eq!(arith_promote(&Type::Int(I32), &Type::Int(I32)), INT64);
        assert_eq!(arith_promote(&Type::Int(U64), &Type::Int(U64)), Type::Int(U64));
        assert_eq!(arith_promote(&Type::Int(U8), &Type::Int(U8)), INT64);
        assert_eq!(arith_promote(&Type::Bool, &Type::Bool), INT64);
        assert_eq!(arith_promote(&INT64, &FLOAT64), FLOAT64);
        assert_eq!(arith_promote(&Type::Float(FloatKind::F32), &Type::Int(I64)), FLOAT64);
        assert_eq!(INT64.unify(&FLOAT64), Some(FLOAT64));
        assert_eq!(INT64.unify(&Type::Tuple(vec![])), None);
    }
}
