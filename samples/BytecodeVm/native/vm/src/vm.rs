//! The stack machine: one value stack shared by all frames, a frame stack
//! for calls, and a single dispatch loop over `Op`. Values are `Copy`;
//! strings, arrays and maps live in the run's `Heap`. The work of each
//! instruction is in `ops` (values) and `builtins`; runtime errors carry a
//! message that `locate` prefixes with the source line.

use crate::builtins::call_builtin;
use crate::compiler::{Const, Op, Program};
use crate::fail;
use crate::error::Error;
use crate::ops::{arith, compare, index, set_index, type_error1, Arith, Cmp};
use crate::value::{Checksum, Heap, Value};

/// Deepest call nesting before the run fails with "stack overflow".
pub const MAX_FRAMES: usize = 10_000;

struct Frame {
    func: usize,
    ip: usize,
    base: usize,
}

/// Adds "line N in f" to a runtime error.
fn locate(prog: &Program, func: usize, ip: usize, msg: Error) -> String {
    let msg = msg.0;
    let f = &prog.functions[func];
    // literals carry line 0: use the nearest earlier instruction with a line
    let line = f.lines[..=ip.min(f.lines.len() - 1)]
        .iter()
        .rev()
        .find(|&&l| l != 0)
        .copied();
    match line {
        Some(l) => format!("line {l} in {}: {msg}", f.name),
        None => format!("in {}: {msg}", f.name),
    }
}

/// Executes `prog` from its main function. `emit`ted values and then the
/// value of a top-level `return` (nil otherwise) are mixed into `sum`;
/// returns that value as text.
pub fn run(prog: &Program, sum: &mut Checksum) -> Result<String, String> {
    let mut heap = Heap::new();
    let result = execute(prog, &mut heap, sum)?;
    sum.add(&heap, result);
    Ok(heap.display(result))
}

fn execute(prog: &Program, heap: &mut Heap, sum: &mut Checksum) -> Result<Value, String> {
    // String constants become heap strings, shared by every use.
    let mut consts = Vec::with_capacity(prog.consts.len());
    for c in &prog.consts {
        consts.push(match c {
            Const::Int(v) => Value::Int(*v),
            Const::Float(v) => Value::Float(*v),
            Const::Str(s) => match heap.new_str(s) {
                Ok(v) => v,
                Err(e) => return Err(e.0.to_string()),
            },
        });
    }
    let mut stack: Vec<Value> = Vec::with_capacity(1024);
    let mut frames: Vec<Frame> = Vec::with_capacity(64);
    // Top-level variables, by slot; `None` until first assigned.
    let mut globals: Vec<Option<Value>> = vec![None; prog.names.len()];

    let mut func = prog.main;
    let mut code: &[Op] = &prog.functions[func].code;
    let mut ip = 0usize;
    let mut base = 0usize;

    // Fails the run with the error located at the current instruction.
    macro_rules! tri {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(msg) => return Err(locate(prog, func, ip - 1, msg)),
            }
        };
    }
    macro_rules! pop {
        () => {
            stack.pop().expect("value stack underflow")
        };
    }
    macro_rules! binary {
        ($op:expr) => {{
            let b = pop!();
            let a = pop!();
            stack.push(tri!(arith(heap, $op, a, b)));
        }};
    }
    macro_rules! comparison {
        ($op:expr) => {{
            let b = pop!();
            let a = pop!();
            stack.push(Value::Bool(tri!(compare(heap, $op, a, b))));
        }};
    }
    // Conditions must be booleans: `if 1 { }` is a type error.
    macro_rules! truth {
        ($v:expr) => {
            match $v {
                Value::Bool(b) => b,
                other => tri!(Err(type_error1("condition must be a bool", other))),
            }
        };
    }

    loop {
        let op = code[ip];
        ip += 1;
        match op {
            Op::Const(i) => stack.push(consts[i as usize]),
            Op::SmallInt(v) => stack.push(Value::Int(v as i64)),
            Op::Nil => stack.push(Value::Nil),
            Op::True => stack.push(Value::Bool(true)),
            Op::False => stack.push(Value::Bool(false)),
            Op::Pop => {
                pop!();
            }
            Op::LoadLocal(s) => {
                let v = stack[base + s as usize];
                stack.push(v);
            }
            Op::StoreLocal(s) => {
                let v = pop!();
                stack[base + s as usize] = v;
            }
            Op::LoadGlobal(g) => match &globals[g as usize] {
                Some(v) => stack.push(*v),
                None => {
                    let name = &prog.names[g as usize];
                    tri!(Err(fail!("variable '{name}' used before it was set")))
                }
            },
            Op::StoreGlobal(g) => globals[g as usize] = Some(pop!()),
            Op::Add => binary!(Arith::Add),
            Op::Sub => binary!(Arith::Sub),
            Op::Mul => binary!(Arith::Mul),
            Op::Div => binary!(Arith::Div),
            Op::Mod => binary!(Arith::Mod),
            Op::Neg => {
                let v = match pop!() {
                    Value::Int(i) => Value::Int(i.wrapping_neg()),
                    Value::Float(f) => Value::Float(-f),
                    other => tri!(Err(type_error1("cannot negate", other))),
                };
                stack.push(v);
            }
            Op::Not => {
                let v = pop!();
                let b = truth!(v);
                stack.push(Value::Bool(!b));
            }
            Op::Eq => comparison!(Cmp::Eq),
            Op::Ne => comparison!(Cmp::Ne),
            Op::Lt => comparison!(Cmp::Lt),
            Op::Le => comparison!(Cmp::Le),
            Op::Gt => comparison!(Cmp::Gt),
            Op::Ge => comparison!(Cmp::Ge),
            Op::Jump(t) => ip = t as usize,
            Op::JumpIfFalse(t) => {
                let v = pop!();
                if !truth!(v) {
                    ip = t as usize;
                }
            }
            Op::JumpIfFalseKeep(t) => {
                let top = *stack.last().expect("value stack underflow");
                if truth!(top) {
                    stack.pop();
                } else {
                    ip = t as usize;
                }
            }
            Op::JumpIfTrueKeep(t) => {
                let top = *stack.last().expect("value stack underflow");
                if truth!(top) {
                    ip = t as usize;
                } else {
                    stack.pop();
                }
            }
            Op::Call(f) => {
                if frames.len() >= MAX_FRAMES {
                    tri!(Err(fail!(
                        "stack overflow: more than {MAX_FRAMES} nested calls"
                    )));
                }
                let callee = &prog.functions[f as usize];
                frames.push(Frame { func, ip, base });
                // arguments are already on the stack: they become slots 0..arity
                base = stack.len() - callee.arity as usize;
                stack.resize(base + callee.nlocals as usize, Value::Nil);
                func = f as usize;
                code = &callee.code;
                ip = 0;
            }
            Op::Builtin(b) => {
                let start = stack.len() - b.arity();
                let result = tri!(call_builtin(b, &stack[start..], heap, sum));
                stack.truncate(start);
                stack.push(result);
            }
            Op::Return => {
                let result = pop!();
                stack.truncate(base);
                match frames.pop() {
                    Some(caller) => {
                        func = caller.func;
                        ip = caller.ip;
                        base = caller.base;
                        code = &prog.functions[func].code;
                        stack.push(result);
                    }
                    None => return Ok(result),
                }
            }
            Op::MakeArray(n) => {
                let items = stack.split_off(stack.len() - n as usize);
                stack.push(tri!(heap.new_array(items)));
            }
            Op::Index => {
                let idx = pop!();
                let obj = pop!();
                stack.push(tri!(index(heap, obj, idx)));
            }
            Op::SetIndex => {
                let v = pop!();
                let idx = pop!();
                let obj = pop!();
                tri!(set_index(heap, obj, idx, v));
            }
        }
    }
}
