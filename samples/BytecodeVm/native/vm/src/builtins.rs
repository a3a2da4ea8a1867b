//! The builtin functions (`len`, `push`, `substr`, `emit`, ...).

use crate::compiler::Builtin;
use crate::fail;
use crate::error::RtResult;
use crate::ops::{as_index, compare, type_error1, Cmp, MAX_ARRAY};
use crate::value::{Checksum, Handle, Heap, Value};

fn int_arg(v: Value, what: &str) -> RtResult<i64> {
    match v {
        Value::Int(i) => Ok(i),
        other => Err(type_error1(what, other)),
    }
}

fn str_arg(v: Value, what: &str) -> RtResult<Handle> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(type_error1(what, other)),
    }
}

fn array_arg(v: Value, what: &str) -> RtResult<Handle> {
    match v {
        Value::Array(a) => Ok(a),
        other => Err(type_error1(what, other)),
    }
}

fn map_arg(v: Value, what: &str) -> RtResult<Handle> {
    match v {
        Value::Map(m) => Ok(m),
        other => Err(type_error1(what, other)),
    }
}

fn float_of(v: Value, what: &str) -> RtResult<f64> {
    match v {
        Value::Int(i) => Ok(i as f64),
        Value::Float(f) => Ok(f),
        other => Err(type_error1(what, other)),
    }
}

/// Runs a builtin on its arguments (the top `args.len()` stack values).
pub fn call_builtin(
    b: Builtin,
    args: &[Value],
    heap: &mut Heap,
    sum: &mut Checksum,
) -> RtResult<Value> {
    Ok(match b {
        Builtin::Len => match args[0] {
            Value::Str(s) => Value::Int(heap.str(s).len() as i64),
            Value::Array(a) => Value::Int(heap.array(a).len() as i64),
            Value::Map(m) => Value::Int(heap.map(m).len() as i64),
            other => return Err(type_error1("len() needs a string, array or map", other)),
        },
        Builtin::Str => match args[0] {
            Value::Str(s) => Value::Str(s),
            other => {
                let text = heap.display(other);
                heap.new_str(&text)?
            }
        },
        Builtin::Int => match args[0] {
            Value::Int(i) => Value::Int(i),
            Value::Float(f) if f.is_finite() => Value::Int(f as i64),
            Value::Bool(b) => Value::Int(b as i64),
            Value::Str(s) => match heap.str(s).trim().parse::<i64>() {
                Ok(i) => Value::Int(i),
                Err(_) => return Err(fail!("int(): cannot parse {:?}", heap.str(s))),
            },
            other => return Err(type_error1("int() needs a number, bool or string", other)),
        },
        Builtin::Float => match args[0] {
            Value::Str(s) => match heap.str(s).trim().parse::<f64>() {
                Ok(f) => Value::Float(f),
                Err(_) => return Err(fail!("float(): cannot parse {:?}", heap.str(s))),
            },
            other => Value::Float(float_of(other, "float() needs a number or string")?),
        },
        Builtin::Emit => {
            sum.add(heap, args[0]);
            Value::Nil
        }
        Builtin::Push => {
            let a = array_arg(args[0], "push() needs an array")?;
            let items = heap.array_mut(a);
            if items.len() as i64 >= MAX_ARRAY {
                return Err(fail!("push(): array too large"));
            }
            items.push(args[1]);
            Value::Nil
        }
        Builtin::Pop => {
            let a = array_arg(args[0], "pop() needs an array")?;
            match heap.array_mut(a).pop() {
                Some(v) => v,
                None => return Err(fail!("pop() from an empty array")),
            }
        }
        Builtin::Substr => {
            let s = heap.str(str_arg(args[0], "substr() needs a string")?);
            let start = int_arg(args[1], "substr() start must be an int")?;
            let len = int_arg(args[2], "substr() length must be an int")?;
            if start < 0 || len < 0 || start.saturating_add(len) as u64 > s.len() as u64 {
                return Err(fail!(
                    "substr({start}, {len}) out of range for length {}",
                    s.len()
                ));
            }
            match s.get(start as usize..(start + len) as usize) {
                Some(sub) => {
                    let sub = sub.to_owned();
                    heap.new_str(&sub)?
                }
                None => return Err(fail!("substr() splits a character")),
            }
        }
        Builtin::Ord => {
            let s = heap.str(str_arg(args[0], "ord() needs a string")?);
            let i = as_index(args[1], s.len())?;
            Value::Int(s.as_bytes()[i] as i64)
        }
        Builtin::Chr => {
            let c = int_arg(args[0], "chr() needs an int")?;
            match u8::try_from(c) {
                Ok(b) if b.is_ascii() => heap.new_str((b as char).encode_utf8(&mut [0; 4]))?,
                _ => return Err(fail!("chr({c}): not an ASCII code")),
            }
        }
        Builtin::Split => {
            let s = heap.str(str_arg(args[0], "split() needs a string")?);
            let sep = heap.str(str_arg(args[1], "split() separator must be a string")?);
            if sep.is_empty() {
                return Err(fail!("split() separator is empty"));
            }
            let parts: Vec<String> = s.split(sep).map(str::to_owned).collect();
            let mut items = Vec::with_capacity(parts.len());
            for p in &parts {
                items.push(heap.new_str(p)?);
            }
            heap.new_array(items)?
        }
        Builtin::Join => {
            let sep = heap.str(str_arg(args[1], "join() separator must be a string")?);
            let a = heap.array(array_arg(args[0], "join() needs an array")?);
            let mut out = String::new();
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                match *v {
                    Value::Str(s) => out.push_str(heap.str(s)),
                    v => out.push_str(&heap.display(v)),
                }
            }
            heap.new_str(&out)?
        }
        Builtin::Sqrt => {
            let x = float_of(args[0], "sqrt() needs a number")?;
            if x < 0.0 {
                return Err(fail!("sqrt() of negative number {x}"));
            }
            Value::Float(x.sqrt())
        }
        Builtin::Abs => match args[0] {
            Value::Int(i) => Value::Int(i.wrapping_abs()),
            Value::Float(f) => Value::Float(f.abs()),
            other => return Err(type_error1("abs() needs a number", other)),
        },
        Builtin::Min | Builtin::Max => {
            let op = if b == Builtin::Min { Cmp::Le } else { Cmp::Ge };
            if compare(heap, op, args[0], args[1])? {
                args[0]
            } else {
                args[1]
            }
        }
        Builtin::Map => heap.new_map()?,
        Builtin::Has => {
            let table = heap.map(map_arg(args[0], "has() needs a map")?);
            Value::Bool(match args[1] {
                Value::Int(k) => table.ints.contains_key(&k),
                Value::Str(k) => table.strs.contains_key(heap.str(k)),
                _ => false,
            })
        }
        Builtin::Keys => {
            // integer keys first, each group sorted: a deterministic order
            let table = heap.map(map_arg(args[0], "keys() needs a map")?);
            let mut ints: Vec<i64> = table.ints.keys().copied().collect();
            ints.sort_unstable();
            let mut strs: Vec<String> = table.strs.keys().map(|k| k.to_string()).collect();
            strs.sort_unstable();
            let mut keys: Vec<Value> = ints.into_iter().map(Value::Int).collect();
            for s in &strs {
                keys.push(heap.new_str(s)?);
            }
            heap.new_array(keys)?
        }
        Builtin::Array => {
            let n = int_arg(args[0], "array() size must be an int")?;
            if !(0..=MAX_ARRAY).contains(&n) {
                return Err(fail!("array({n}): size out of range"));
            }
            heap.new_array(vec![args[1]; n as usize])?
        }
    })
}
