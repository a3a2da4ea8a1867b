//! Operations on values: arithmetic, comparison and indexing, shared by the
//! VM's instructions, the builtins and the compiler's constant folder.

use crate::error::{Error, RtResult};
use crate::fail;
use crate::value::{Heap, Value};
use std::cmp::Ordering;

/// Largest array or string a program may create in one step.
pub const MAX_ARRAY: i64 = 1 << 24;

pub fn type_error(op: &str, a: Value, b: Value) -> Error {
    fail!(
        "type error: cannot apply '{op}' to {} and {}",
        a.type_name(),
        b.type_name()
    )
}

pub fn type_error1(what: &str, v: Value) -> Error {
    fail!("type error: {what}, got {}", v.type_name())
}

pub fn div_by_zero() -> Error {
    fail!("division by zero")
}

pub fn out_of_bounds(i: i64, len: usize) -> Error {
    fail!("index {i} out of bounds for length {len}")
}

/// Arithmetic operators, shared by the VM, the builtins and the compiler's
/// constant folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

impl Arith {
    fn symbol(self) -> &'static str {
        match self {
            Arith::Add => "+",
            Arith::Sub => "-",
            Arith::Mul => "*",
            Arith::Div => "/",
            Arith::Mod => "%",
        }
    }
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Applies an arithmetic operator. Ints wrap on overflow; mixing an int and
/// a float gives a float; `+` also concatenates strings and arrays and
/// `string * int` repeats a string.
pub fn arith(heap: &mut Heap, op: Arith, a: Value, b: Value) -> RtResult<Value> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(Value::Int(match op {
            Arith::Add => x.wrapping_add(y),
            Arith::Sub => x.wrapping_sub(y),
            Arith::Mul => x.wrapping_mul(y),
            Arith::Div | Arith::Mod if y == 0 => return Err(div_by_zero()),
            Arith::Div => x.wrapping_div(y),
            Arith::Mod => x.wrapping_rem(y),
        })),
        (Value::Float(x), Value::Float(y)) => float_arith(op, x, y),
        (Value::Int(x), Value::Float(y)) => float_arith(op, x as f64, y),
        (Value::Float(x), Value::Int(y)) => float_arith(op, x, y as f64),
        (a, b) => arith_slow(heap, op, a, b),
    }
}

/// The rarer operand types: string and array concatenation, string repetition.
fn arith_slow(heap: &mut Heap, op: Arith, a: Value, b: Value) -> RtResult<Value> {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) if op == Arith::Add => {
            let (x, y) = (heap.str(x), heap.str(y));
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            heap.new_str(&s)
        }
        (Value::Str(x), Value::Int(n)) if op == Arith::Mul => {
            let x = heap.str(x);
            if n < 0 || (n as u64).saturating_mul(x.len() as u64) > MAX_ARRAY as u64 {
                return Err(fail!("string repeat count {n} out of range"));
            }
            let s = x.repeat(n as usize);
            heap.new_str(&s)
        }
        (Value::Array(x), Value::Array(y)) if op == Arith::Add => {
            let mut items = heap.array(x).clone();
            items.extend_from_slice(heap.array(y));
            heap.new_array(items)
        }
        (a, b) => Err(type_error(op.symbol(), a, b)),
    }
}

fn float_arith(op: Arith, x: f64, y: f64) -> RtResult<Value> {
    Ok(Value::Float(match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::Div | Arith::Mod if y == 0.0 => return Err(div_by_zero()),
        Arith::Div => x / y,
        Arith::Mod => x % y,
    }))
}

/// Applies a comparison. `==`/`!=` work on any values; ordering works on
/// numbers (int and float mix) and strings. NaN compares false.
pub fn compare(heap: &Heap, op: Cmp, a: Value, b: Value) -> RtResult<bool> {
    let ord = match (a, b) {
        _ if op == Cmp::Eq => return Ok(heap.equals(a, b)),
        _ if op == Cmp::Ne => return Ok(!heap.equals(a, b)),
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(&y)),
        (Value::Float(x), Value::Float(y)) => x.partial_cmp(&y),
        (Value::Int(x), Value::Float(y)) => (x as f64).partial_cmp(&y),
        (Value::Float(x), Value::Int(y)) => x.partial_cmp(&(y as f64)),
        (Value::Str(x), Value::Str(y)) => Some(heap.str(x).cmp(heap.str(y))),
        _ => {
            let sym = match op {
                Cmp::Lt => "<",
                Cmp::Le => "<=",
                Cmp::Gt => ">",
                _ => ">=",
            };
            return Err(type_error(sym, a, b));
        }
    };
    Ok(match (op, ord) {
        (_, None) => false,
        (Cmp::Lt, Some(o)) => o == Ordering::Less,
        (Cmp::Le, Some(o)) => o != Ordering::Greater,
        (Cmp::Gt, Some(o)) => o == Ordering::Greater,
        (_, Some(o)) => o != Ordering::Less,
    })
}

pub fn as_index(v: Value, len: usize) -> RtResult<usize> {
    match v {
        Value::Int(i) if i >= 0 && (i as u64) < len as u64 => Ok(i as usize),
        Value::Int(i) => Err(out_of_bounds(i, len)),
        other => Err(type_error1("index must be an int", other)),
    }
}

#[cold]
fn missing_key(heap: &Heap, key: Value) -> Error {
    fail!("key not found: {}", heap.display(key))
}

/// `obj[idx]` for arrays, maps and strings (a one-byte string).
pub fn index(heap: &mut Heap, obj: Value, idx: Value) -> RtResult<Value> {
    match obj {
        Value::Array(a) => {
            let a = heap.array(a);
            let i = as_index(idx, a.len())?;
            Ok(a[i])
        }
        Value::Map(m) => {
            let table = heap.map(m);
            let found = match idx {
                Value::Int(k) => table.ints.get(&k),
                Value::Str(k) => table.strs.get(heap.str(k)),
                other => return Err(type_error1("map key must be int or string", other)),
            };
            match found {
                Some(v) => Ok(*v),
                None => Err(missing_key(heap, idx)),
            }
        }
        Value::Str(s) => {
            let text = heap.str(s);
            let i = as_index(idx, text.len())?;
            match text.get(i..i + 1) {
                Some(ch) => {
                    let ch = ch.to_owned();
                    heap.new_str(&ch)
                }
                None => Err(fail!("index {i} is not on a character boundary")),
            }
        }
        other => Err(type_error1(
            "only arrays, maps and strings can be indexed",
            other,
        )),
    }
}

/// `obj[idx] = v` for arrays (existing index) and maps (any int/string key).
pub fn set_index(heap: &mut Heap, obj: Value, idx: Value, v: Value) -> RtResult<()> {
    match obj {
        Value::Array(a) => {
            let a = heap.array_mut(a);
            let i = as_index(idx, a.len())?;
            a[i] = v;
            Ok(())
        }
        Value::Map(m) => match idx {
            Value::Int(k) => {
                heap.map_mut(m).ints.insert(k, v);
                Ok(())
            }
            Value::Str(k) => {
                let (table, key) = heap.map_and_key(m, k);
                match table.strs.get_mut(key) {
                    Some(slot) => *slot = v,
                    None => {
                        table.strs.insert(Box::from(key), v);
                    }
                }
                Ok(())
            }
            other => Err(type_error1("map key must be int or string", other)),
        },
        other => Err(type_error1(
            "only arrays and maps support item assignment",
            other,
        )),
    }
}
