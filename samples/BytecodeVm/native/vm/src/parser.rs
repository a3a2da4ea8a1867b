//! Recursive-descent parser for statements, precedence climbing for
//! expressions. Produces the AST the compiler walks.

use crate::lexer::{Tok, Token};
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
}

#[derive(Debug)]
pub enum Expr {
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    Bool(bool),
    Nil,
    Var(Rc<str>, u32),
    Array(Vec<Expr>, u32),
    Unary(UnOp, Box<Expr>, u32),
    Binary(BinOp, Box<Expr>, Box<Expr>, u32),
    Call(Rc<str>, Vec<Expr>, u32),
    Index(Box<Expr>, Box<Expr>, u32),
}

#[derive(Debug)]
pub enum Stmt {
    Let(Rc<str>, Expr, u32),
    Assign(Rc<str>, Expr, u32),
    SetIndex(Expr, Expr, Expr, u32),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    While(Expr, Vec<Stmt>),
    Return(Option<Expr>, u32),
    Expr(Expr, u32),
    Fn(FnDecl),
}

#[derive(Debug)]
pub struct FnDecl {
    pub name: Rc<str>,
    pub params: Vec<Rc<str>>,
    pub body: Vec<Stmt>,
    pub line: u32,
}

/// Nesting limit: keeps hostile input from overflowing the native stack
/// (which would abort the host process rather than return an error).
const MAX_DEPTH: u32 = 200;

/// Binding power of a binary operator; higher binds tighter.
fn binop_of(tok: &Tok) -> Option<(BinOp, u8)> {
    Some(match tok {
        Tok::OrOr => (BinOp::Or, 1),
        Tok::AndAnd => (BinOp::And, 2),
        Tok::EqEq => (BinOp::Eq, 3),
        Tok::NotEq => (BinOp::Ne, 3),
        Tok::Lt => (BinOp::Lt, 4),
        Tok::Le => (BinOp::Le, 4),
        Tok::Gt => (BinOp::Gt, 4),
        Tok::Ge => (BinOp::Ge, 4),
        Tok::Plus => (BinOp::Add, 5),
        Tok::Minus => (BinOp::Sub, 5),
        Tok::Star => (BinOp::Mul, 6),
        Tok::Slash => (BinOp::Div, 6),
        Tok::Percent => (BinOp::Mod, 6),
        _ => return None,
    })
}

pub struct Parser {
    toks: Vec<Token>,
    pos: usize,
    depth: u32,
}

impl Parser {
    pub fn new(toks: Vec<Token>) -> Self {
        Parser {
            toks,
            pos: 0,
            depth: 0,
        }
    }

    /// Parses a whole program (a list of statements up to end of input).
    pub fn parse_program(mut self) -> Result<Vec<Stmt>, String> {
        let mut stmts = Vec::new();
        while self.peek() != &Tok::Eof {
            stmts.push(self.statement()?);
        }
        Ok(stmts)
    }

    fn peek(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    fn line(&self) -> u32 {
        self.toks[self.pos].line
    }

    fn advance(&mut self) -> Tok {
        let t = self.toks[self.pos].tok.clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn expect(&mut self, want: Tok, what: &str) -> Result<(), String> {
        if *self.peek() == want {
            self.advance();
            Ok(())
        } else {
            Err(self.error(&format!("expected {what}")))
        }
    }

    fn error(&self, msg: &str) -> String {
        format!("line {}: {msg}, found {}", self.line(), self.peek())
    }

    fn ident(&mut self, what: &str) -> Result<Rc<str>, String> {
        match self.peek() {
            Tok::Ident(name) => {
                let name = name.clone();
                self.advance();
                Ok(name)
            }
            _ => Err(self.error(&format!("expected {what}"))),
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!("line {}: program nested too deeply", self.line()));
        }
        Ok(())
    }

    fn block(&mut self) -> Result<Vec<Stmt>, String> {
        self.expect(Tok::LBrace, "'{'")?;
        self.enter()?;
        let mut body = Vec::new();
        while !matches!(self.peek(), Tok::RBrace | Tok::Eof) {
            body.push(self.statement()?);
        }
        self.expect(Tok::RBrace, "'}'")?;
        self.depth -= 1;
        Ok(body)
    }

    fn statement(&mut self) -> Result<Stmt, String> {
        let line = self.line();
        match self.peek() {
            Tok::Let => {
                self.advance();
                let name = self.ident("variable name after 'let'")?;
                self.expect(Tok::Assign, "'=' in let")?;
                let value = self.expr(0)?;
                self.expect(Tok::Semi, "';' after let")?;
                Ok(Stmt::Let(name, value, line))
            }
            Tok::Fn => {
                self.advance();
                let name = self.ident("function name")?;
                self.expect(Tok::LParen, "'(' after function name")?;
                let mut params = Vec::new();
                if *self.peek() != Tok::RParen {
                    loop {
                        params.push(self.ident("parameter name")?);
                        if *self.peek() == Tok::Comma {
                            self.advance();
                        } else {
                            break;
                        }
                    }
                }
                self.expect(Tok::RParen, "')' after parameters")?;
                let body = self.block()?;
                Ok(Stmt::Fn(FnDecl {
                    name,
                    params,
                    body,
                    line,
                }))
            }
            Tok::If => self.if_statement(),
            Tok::While => {
                self.advance();
                let cond = self.expr(0)?;
                let body = self.block()?;
                Ok(Stmt::While(cond, body))
            }
            Tok::Return => {
                self.advance();
                let value = if *self.peek() == Tok::Semi {
                    None
                } else {
                    Some(self.expr(0)?)
                };
                self.expect(Tok::Semi, "';' after return")?;
                Ok(Stmt::Return(value, line))
            }
            _ => {
                // expression statement or assignment (target = value;)
                let target = self.expr(0)?;
                let stmt = if *self.peek() == Tok::Assign {
                    self.advance();
                    let value = self.expr(0)?;
                    match target {
                        Expr::Var(name, _) => Stmt::Assign(name, value, line),
                        Expr::Index(obj, idx, _) => Stmt::SetIndex(*obj, *idx, value, line),
                        _ => return Err(format!("line {line}: invalid assignment target")),
                    }
                } else {
                    Stmt::Expr(target, line)
                };
                self.expect(Tok::Semi, "';' after statement")?;
                Ok(stmt)
            }
        }
    }

    fn if_statement(&mut self) -> Result<Stmt, String> {
        self.advance(); // 'if'
        let cond = self.expr(0)?;
        let then = self.block()?;
        let otherwise = if *self.peek() == Tok::Else {
            self.advance();
            if *self.peek() == Tok::If {
                self.enter()?;
                let nested = self.if_statement()?;
                self.depth -= 1;
                vec![nested]
            } else {
                self.block()?
            }
        } else {
            Vec::new()
        };
        Ok(Stmt::If(cond, then, otherwise))
    }

    /// Precedence climbing: parses operators binding at least `min_prec`.
    fn expr(&mut self, min_prec: u8) -> Result<Expr, String> {
        self.enter()?;
        let mut lhs = self.unary()?;
        while let Some((op, prec)) = binop_of(self.peek()) {
            if prec < min_prec {
                break;
            }
            let line = self.line();
            self.advance();
            // all binary operators are left-associative
            let rhs = self.expr(prec + 1)?;
            lhs = Expr::Binary(op, Box::new(lhs), Box::new(rhs), line);
        }
        self.depth -= 1;
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        let line = self.line();
        let op = match self.peek() {
            Tok::Minus => UnOp::Neg,
            Tok::Bang => UnOp::Not,
            _ => return self.postfix(),
        };
        self.advance();
        self.enter()?;
        let operand = self.unary()?;
        self.depth -= 1;
        // fold negative literals right away
        Ok(match (op, operand) {
            (UnOp::Neg, Expr::Int(v)) => Expr::Int(v.wrapping_neg()),
            (UnOp::Neg, Expr::Float(v)) => Expr::Float(-v),
            (op, e) => Expr::Unary(op, Box::new(e), line),
        })
    }

    fn postfix(&mut self) -> Result<Expr, String> {
        let mut e = self.primary()?;
        while *self.peek() == Tok::LBracket {
            let line = self.line();
            self.advance();
            let idx = self.expr(0)?;
            self.expect(Tok::RBracket, "']'")?;
            e = Expr::Index(Box::new(e), Box::new(idx), line);
        }
        Ok(e)
    }

    fn args(&mut self, close: Tok, what: &str) -> Result<Vec<Expr>, String> {
        let mut items = Vec::new();
        if *self.peek() != close {
            loop {
                items.push(self.expr(0)?);
                if *self.peek() == Tok::Comma {
                    self.advance();
                } else {
                    break;
                }
            }
        }
        self.expect(close, what)?;
        Ok(items)
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let line = self.line();
        match self.peek().clone() {
            Tok::Int(v) => {
                self.advance();
                Ok(Expr::Int(v))
            }
            Tok::Float(v) => {
                self.advance();
                Ok(Expr::Float(v))
            }
            Tok::Str(s) => {
                self.advance();
                Ok(Expr::Str(s))
            }
            Tok::True => {
                self.advance();
                Ok(Expr::Bool(true))
            }
            Tok::False => {
                self.advance();
                Ok(Expr::Bool(false))
            }
            Tok::Nil => {
                self.advance();
                Ok(Expr::Nil)
            }
            Tok::Ident(name) => {
                self.advance();
                if *self.peek() == Tok::LParen {
                    self.advance();
                    let args = self.args(Tok::RParen, "')' after arguments")?;
                    Ok(Expr::Call(name, args, line))
                } else {
                    Ok(Expr::Var(name, line))
                }
            }
            Tok::LParen => {
                self.advance();
                let e = self.expr(0)?;
                self.expect(Tok::RParen, "')'")?;
                Ok(e)
            }
            Tok::LBracket => {
                self.advance();
                let items = self.args(Tok::RBracket, "']' after array items")?;
                Ok(Expr::Array(items, line))
            }
            _ => Err(self.error("expected an expression")),
        }
    }
}
