//! `#[graded]`, put above `#[test]` or `#[tokio::test]` on every graded test.
//!
//! The attribute rewrites the test's body into
//! `{ begin(); <the body, run to its end>; passed(<its name>) }`: the secret is taken before any
//! code under test runs, and a pass is proven only after the body returned. It works on tokens
//! alone (no `syn`), so it adds nothing to the exercises' build.

use proc_macro::{Delimiter, Group, TokenStream, TokenTree};

#[proc_macro_attribute]
pub fn graded(args: TokenStream, item: TokenStream) -> TokenStream {
    if !args.is_empty() {
        return compile_error("#[graded] takes no arguments");
    }
    let mut tokens: Vec<TokenTree> = item.into_iter().collect();
    let is_async = tokens
        .iter()
        .any(|t| matches!(t, TokenTree::Ident(i) if i.to_string() == "async"));
    let name = tokens.windows(2).find_map(|pair| match pair {
        [TokenTree::Ident(keyword), TokenTree::Ident(name)] if keyword.to_string() == "fn" => {
            Some(name.to_string())
        }
        _ => None,
    });
    let Some(name) = name else {
        return compile_error("#[graded] goes on a test function");
    };
    let body = match tokens.pop() {
        Some(TokenTree::Group(body)) if body.delimiter() == Delimiter::Brace => body,
        _ => return compile_error("#[graded] goes on a test function with a body"),
    };
    // The body keeps its own tokens and spans, so a failing assertion reports its own line.
    let body_tree = TokenTree::Group(body.clone());
    let mut wrapped = parse("::lab_harness::begin(); let () = ");
    if is_async {
        wrapped.extend(parse("async move"));
        wrapped.extend([body_tree]);
        wrapped.extend(parse(".await;"));
    } else {
        let mut closure = parse("move ||");
        closure.extend([body_tree]);
        wrapped.extend([TokenTree::Group(Group::new(
            Delimiter::Parenthesis,
            closure,
        ))]);
        wrapped.extend(parse("();"));
    }
    wrapped.extend(parse(&format!(
        "::lab_harness::passed(::core::module_path!(), {name:?});"
    )));
    let mut group = Group::new(Delimiter::Brace, wrapped);
    group.set_span(body.span());
    tokens.push(TokenTree::Group(group));
    tokens.into_iter().collect()
}

fn parse(code: &str) -> TokenStream {
    code.parse().expect("the wrapper is valid Rust")
}

fn compile_error(message: &str) -> TokenStream {
    format!("::core::compile_error!({message:?});")
        .parse()
        .expect("a valid compile_error! call")
}
