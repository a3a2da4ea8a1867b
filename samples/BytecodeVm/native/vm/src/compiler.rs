//! Bytecode compiler: walks the AST once and emits a flat instruction list
//! per function. Names are resolved here, so the VM never looks a variable
//! up by name: locals become stack slots, top-level variables global slots,
//! calls direct function indices.

use crate::ops::{arith, Arith};
use crate::parser::{BinOp, Expr, FnDecl, Stmt, UnOp};
use crate::value::{FxBuild, Heap, Value};
use std::collections::HashMap;
use std::rc::Rc;

/// One VM instruction. Operands are indices into the constant table,
/// local/global slots or absolute jump targets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Const(u32),
    SmallInt(i32),
    Nil,
    True,
    False,
    Pop,
    LoadLocal(u32),
    StoreLocal(u32),
    /// Top-level variables, by slot (index in `Program::names`).
    LoadGlobal(u32),
    StoreGlobal(u32),
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Neg,
    Not,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Jump(u32),
    JumpIfFalse(u32),
    /// `a && b`: if the top is false, jump and keep it; else pop it.
    JumpIfFalseKeep(u32),
    /// `a || b`: if the top is true, jump and keep it; else pop it.
    JumpIfTrueKeep(u32),
    Call(u32),
    Builtin(Builtin),
    Return,
    MakeArray(u32),
    Index,
    SetIndex,
}

/// Functions implemented in Rust. Arity is checked at compile time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Len,
    Str,
    Int,
    Float,
    Emit,
    Push,
    Pop,
    Substr,
    Ord,
    Chr,
    Split,
    Join,
    Sqrt,
    Abs,
    Min,
    Max,
    Map,
    Has,
    Keys,
    Array,
}

impl Builtin {
    pub fn lookup(name: &str) -> Option<(Builtin, usize)> {
        Some(match name {
            "len" => (Builtin::Len, 1),
            "str" => (Builtin::Str, 1),
            "int" => (Builtin::Int, 1),
            "float" => (Builtin::Float, 1),
            "emit" => (Builtin::Emit, 1),
            "push" => (Builtin::Push, 2),
            "pop" => (Builtin::Pop, 1),
            "substr" => (Builtin::Substr, 3),
            "ord" => (Builtin::Ord, 2),
            "chr" => (Builtin::Chr, 1),
            "split" => (Builtin::Split, 2),
            "join" => (Builtin::Join, 2),
            "sqrt" => (Builtin::Sqrt, 1),
            "abs" => (Builtin::Abs, 1),
            "min" => (Builtin::Min, 2),
            "max" => (Builtin::Max, 2),
            "map" => (Builtin::Map, 0),
            "has" => (Builtin::Has, 2),
            "keys" => (Builtin::Keys, 1),
            "array" => (Builtin::Array, 2),
            _ => return None,
        })
    }

    pub fn arity(self) -> usize {
        match self {
            Builtin::Map => 0,
            Builtin::Len
            | Builtin::Str
            | Builtin::Int
            | Builtin::Float
            | Builtin::Emit
            | Builtin::Pop
            | Builtin::Chr
            | Builtin::Sqrt
            | Builtin::Abs
            | Builtin::Keys => 1,
            Builtin::Substr => 3,
            _ => 2,
        }
    }
}

pub struct Function {
    pub name: Rc<str>,
    pub arity: u32,
    /// Parameters plus every `let` in the body (slots are never reused).
    pub nlocals: u32,
    pub code: Vec<Op>,
    /// Source line of each instruction, for error messages.
    pub lines: Vec<u32>,
}

/// A constant-table entry; the VM turns string constants into heap strings.
#[derive(Clone, Debug)]
pub enum Const {
    Int(i64),
    Float(f64),
    Str(Rc<str>),
}

pub struct Program {
    pub functions: Vec<Function>,
    pub consts: Vec<Const>,
    pub main: usize,
    /// Names of the global slots (for error messages).
    pub names: Vec<Rc<str>>,
}

/// Per-function compilation state.
struct FnState {
    code: Vec<Op>,
    lines: Vec<u32>,
    /// Block scopes, innermost last; empty for top-level code.
    scopes: Vec<Vec<(Rc<str>, u32)>>,
    nlocals: u32,
    is_main: bool,
}

pub struct Compiler {
    consts: Vec<Const>,
    /// String interning: identical literals share one constant.
    strings: HashMap<Rc<str>, u32, FxBuild>,
    ints: HashMap<i64, u32, FxBuild>,
    /// Global name -> index in `names`.
    globals: HashMap<Rc<str>, u32, FxBuild>,
    names: Vec<Rc<str>>,
    /// name -> (function index, arity)
    fns: HashMap<Rc<str>, (u32, u32), FxBuild>,
}

pub fn compile(program: &[Stmt]) -> Result<Program, String> {
    let mut c = Compiler {
        consts: Vec::new(),
        strings: HashMap::default(),
        ints: HashMap::default(),
        globals: HashMap::default(),
        names: Vec::new(),
        fns: HashMap::default(),
    };

    // Pass 1: hoist top-level functions so calls may precede definitions.
    let decls: Vec<&FnDecl> = program
        .iter()
        .filter_map(|s| if let Stmt::Fn(d) = s { Some(d) } else { None })
        .collect();
    for (i, d) in decls.iter().enumerate() {
        if Builtin::lookup(&d.name).is_some() {
            return Err(format!(
                "line {}: '{}' is a builtin function",
                d.line, d.name
            ));
        }
        if c.fns
            .insert(d.name.clone(), (i as u32, d.params.len() as u32))
            .is_some()
        {
            return Err(format!(
                "line {}: function '{}' defined twice",
                d.line, d.name
            ));
        }
    }

    // Pass 2: top-level statements form `main`; it declares the globals.
    let mut main = FnState::new(true);
    for stmt in program.iter().filter(|s| !matches!(s, Stmt::Fn(_))) {
        c.stmt(&mut main, stmt)?;
    }
    main.emit(Op::Nil, 0);
    main.emit(Op::Return, 0);

    // Pass 3: function bodies, now that every global is known.
    let mut functions = Vec::with_capacity(decls.len() + 1);
    for d in &decls {
        let mut f = FnState::new(false);
        let mut params = Vec::new();
        for (slot, p) in d.params.iter().enumerate() {
            if params.iter().any(|(n, _): &(Rc<str>, u32)| n == p) {
                return Err(format!("line {}: duplicate parameter '{p}'", d.line));
            }
            params.push((p.clone(), slot as u32));
        }
        f.nlocals = params.len() as u32;
        f.scopes.push(params);
        c.block(&mut f, &d.body)?;
        f.emit(Op::Nil, d.line);
        f.emit(Op::Return, d.line);
        functions.push(f.finish(d.name.clone(), d.params.len() as u32));
    }
    functions.push(main.finish(Rc::from("<main>"), 0));

    Ok(Program {
        main: functions.len() - 1,
        functions,
        consts: c.consts,
        names: c.names,
    })
}

impl FnState {
    fn new(is_main: bool) -> Self {
        FnState {
            code: Vec::new(),
            lines: Vec::new(),
            scopes: Vec::new(),
            nlocals: 0,
            is_main,
        }
    }

    fn emit(&mut self, op: Op, line: u32) -> usize {
        self.code.push(op);
        self.lines.push(line);
        self.code.len() - 1
    }

    fn here(&self) -> u32 {
        self.code.len() as u32
    }

    /// Points the jump at `at` to the current end of the code.
    fn patch(&mut self, at: usize) {
        let target = self.here();
        self.code[at] = match self.code[at] {
            Op::Jump(_) => Op::Jump(target),
            Op::JumpIfFalse(_) => Op::JumpIfFalse(target),
            Op::JumpIfFalseKeep(_) => Op::JumpIfFalseKeep(target),
            Op::JumpIfTrueKeep(_) => Op::JumpIfTrueKeep(target),
            other => other,
        };
    }

    fn local(&self, name: &str) -> Option<u32> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|s| s.iter().rev())
            .find(|(n, _)| &**n == name)
            .map(|&(_, slot)| slot)
    }

    fn finish(self, name: Rc<str>, arity: u32) -> Function {
        Function {
            name,
            arity,
            nlocals: self.nlocals,
            code: self.code,
            lines: self.lines,
        }
    }
}

impl Compiler {
    fn constant(&mut self, v: Const) -> u32 {
        self.consts.push(v);
        (self.consts.len() - 1) as u32
    }

    fn string_const(&mut self, s: &Rc<str>) -> u32 {
        if let Some(&i) = self.strings.get(s) {
            return i;
        }
        let i = self.constant(Const::Str(s.clone()));
        self.strings.insert(s.clone(), i);
        i
    }

    fn int_const(&mut self, v: i64) -> u32 {
        if let Some(&i) = self.ints.get(&v) {
            return i;
        }
        let i = self.constant(Const::Int(v));
        self.ints.insert(v, i);
        i
    }

    fn global_name(&mut self, name: &Rc<str>) -> u32 {
        if let Some(&i) = self.globals.get(name) {
            return i;
        }
        self.names.push(name.clone());
        let i = (self.names.len() - 1) as u32;
        self.globals.insert(name.clone(), i);
        i
    }

    fn block(&mut self, f: &mut FnState, body: &[Stmt]) -> Result<(), String> {
        let scoped = !f.is_main;
        if scoped {
            f.scopes.push(Vec::new());
        }
        for s in body {
            self.stmt(f, s)?;
        }
        if scoped {
            f.scopes.pop();
        }
        Ok(())
    }

    fn stmt(&mut self, f: &mut FnState, stmt: &Stmt) -> Result<(), String> {
        match stmt {
            Stmt::Let(name, value, line) => {
                self.expr(f, value)?;
                if f.is_main {
                    let slot = self.global_name(name);
                    f.emit(Op::StoreGlobal(slot), *line);
                } else {
                    let slot = f.nlocals;
                    f.nlocals += 1;
                    if let Some(scope) = f.scopes.last_mut() {
                        scope.push((name.clone(), slot));
                    }
                    f.emit(Op::StoreLocal(slot), *line);
                }
            }
            Stmt::Assign(name, value, line) => {
                self.expr(f, value)?;
                let op = self.resolve_store(f, name, *line)?;
                f.emit(op, *line);
            }
            Stmt::SetIndex(obj, idx, value, line) => {
                self.expr(f, obj)?;
                self.expr(f, idx)?;
                self.expr(f, value)?;
                f.emit(Op::SetIndex, *line);
            }
            Stmt::If(cond, then, otherwise) => {
                self.expr(f, cond)?;
                let line = *f.lines.last().unwrap_or(&0);
                let skip_then = f.emit(Op::JumpIfFalse(0), line);
                self.block(f, then)?;
                if otherwise.is_empty() {
                    f.patch(skip_then);
                } else {
                    let skip_else = f.emit(Op::Jump(0), line);
                    f.patch(skip_then);
                    self.block(f, otherwise)?;
                    f.patch(skip_else);
                }
            }
            Stmt::While(cond, body) => {
                let top = f.here();
                self.expr(f, cond)?;
                let line = *f.lines.last().unwrap_or(&0);
                let exit = f.emit(Op::JumpIfFalse(0), line);
                self.block(f, body)?;
                f.emit(Op::Jump(top), line);
                f.patch(exit);
            }
            Stmt::Return(value, line) => {
                match value {
                    Some(v) => self.expr(f, v)?,
                    None => {
                        f.emit(Op::Nil, *line);
                    }
                }
                f.emit(Op::Return, *line);
            }
            Stmt::Expr(e, line) => {
                self.expr(f, e)?;
                f.emit(Op::Pop, *line);
            }
            Stmt::Fn(d) => {
                return Err(format!(
                    "line {}: functions can only be declared at top level",
                    d.line
                ));
            }
        }
        Ok(())
    }

    fn resolve_store(&self, f: &FnState, name: &str, line: u32) -> Result<Op, String> {
        if let Some(slot) = f.local(name) {
            Ok(Op::StoreLocal(slot))
        } else if let Some(&g) = self.globals.get(name) {
            Ok(Op::StoreGlobal(g))
        } else {
            Err(format!(
                "line {line}: assignment to undeclared variable '{name}'"
            ))
        }
    }

    fn expr(&mut self, f: &mut FnState, e: &Expr) -> Result<(), String> {
        match e {
            Expr::Int(v) => {
                let op = match i32::try_from(*v) {
                    Ok(small) => Op::SmallInt(small),
                    Err(_) => Op::Const(self.int_const(*v)),
                };
                f.emit(op, 0);
            }
            Expr::Float(v) => {
                let c = self.constant(Const::Float(*v));
                f.emit(Op::Const(c), 0);
            }
            Expr::Str(s) => {
                let c = self.string_const(s);
                f.emit(Op::Const(c), 0);
            }
            Expr::Bool(b) => {
                f.emit(if *b { Op::True } else { Op::False }, 0);
            }
            Expr::Nil => {
                f.emit(Op::Nil, 0);
            }
            Expr::Var(name, line) => {
                let op = if let Some(slot) = f.local(name) {
                    Op::LoadLocal(slot)
                } else if let Some(&g) = self.globals.get(name) {
                    Op::LoadGlobal(g)
                } else {
                    return Err(format!("line {line}: undefined variable '{name}'"));
                };
                f.emit(op, *line);
            }
            Expr::Array(items, line) => {
                for item in items {
                    self.expr(f, item)?;
                }
                f.emit(Op::MakeArray(items.len() as u32), *line);
            }
            Expr::Unary(op, operand, line) => {
                self.expr(f, operand)?;
                f.emit(if *op == UnOp::Neg { Op::Neg } else { Op::Not }, *line);
            }
            Expr::Binary(BinOp::And, l, r, line) | Expr::Binary(BinOp::Or, l, r, line) => {
                let is_and = matches!(e, Expr::Binary(BinOp::And, ..));
                self.expr(f, l)?;
                let jump = f.emit(
                    if is_and {
                        Op::JumpIfFalseKeep(0)
                    } else {
                        Op::JumpIfTrueKeep(0)
                    },
                    *line,
                );
                self.expr(f, r)?;
                f.patch(jump);
            }
            Expr::Binary(op, l, r, line) => {
                if let Some(v) = fold(*op, l, r) {
                    return self.expr(f, &v);
                }
                self.expr(f, l)?;
                self.expr(f, r)?;
                let op = match op {
                    BinOp::Add => Op::Add,
                    BinOp::Sub => Op::Sub,
                    BinOp::Mul => Op::Mul,
                    BinOp::Div => Op::Div,
                    BinOp::Mod => Op::Mod,
                    BinOp::Eq => Op::Eq,
                    BinOp::Ne => Op::Ne,
                    BinOp::Lt => Op::Lt,
                    BinOp::Le => Op::Le,
                    BinOp::Gt => Op::Gt,
                    BinOp::Ge => Op::Ge,
                    BinOp::And | BinOp::Or => unreachable!("handled above"),
                };
                f.emit(op, *line);
            }
            Expr::Call(name, args, line) => {
                let (op, arity) = if let Some(&(idx, arity)) = self.fns.get(name) {
                    (Op::Call(idx), arity as usize)
                } else if let Some((b, arity)) = Builtin::lookup(name) {
                    (Op::Builtin(b), arity)
                } else {
                    return Err(format!("line {line}: unknown function '{name}'"));
                };
                if args.len() != arity {
                    return Err(format!(
                        "line {line}: '{name}' takes {arity} argument(s), {} given",
                        args.len()
                    ));
                }
                for a in args {
                    self.expr(f, a)?;
                }
                f.emit(op, *line);
            }
            Expr::Index(obj, idx, line) => {
                self.expr(f, obj)?;
                self.expr(f, idx)?;
                f.emit(Op::Index, *line);
            }
        }
        Ok(())
    }
}

/// Constant folding: `2 * 3` compiles to `6`. Uses the VM's own arithmetic so
/// folded and run-time results agree; anything that would fail (division by
/// zero) is left for the VM to report at run time.
fn fold(op: BinOp, l: &Expr, r: &Expr) -> Option<Expr> {
    let lit = |e: &Expr| match e {
        Expr::Int(v) => Some(Value::Int(*v)),
        Expr::Float(v) => Some(Value::Float(*v)),
        _ => None,
    };
    let (a, b) = (lit(l)?, lit(r)?);
    let op = match op {
        BinOp::Add => Arith::Add,
        BinOp::Sub => Arith::Sub,
        BinOp::Mul => Arith::Mul,
        BinOp::Div => Arith::Div,
        BinOp::Mod => Arith::Mod,
        _ => return None,
    };
    match arith(&mut Heap::new(), op, a, b).ok()? {
        Value::Int(v) => Some(Expr::Int(v)),
        Value::Float(v) => Some(Expr::Float(v)),
        _ => None,
    }
}
