//! The policy check: reads a submitted `src` tree before anything is built and names the
//! constructs that have no place in these exercises.
//!
//! Each `.rs` file is parsed with `syn` (a file it cannot parse is refused: it would not compile
//! either) and its tokens are scanned, macro bodies included, so a construct hidden in a
//! `macro_rules!` or behind a `use ... as` rename is found too. The box ([`crate::sandbox`])
//! holds whatever a rule misses; the check exists so that a refused construct costs the
//! exercise its points with a message that says why, instead of a puzzling failure.
//!
//! Invariants: the check never follows a link and never reads a file outside the tree; the
//! files the course gives (`given` in `course.toml`) are not the submission's and are skipped;
//! a rule an exercise's contract needs is lifted by its `allow` list, and only there.

use std::collections::HashSet;
use std::path::Path;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

use crate::error::Error;
use crate::files::{walk, Kind, Links};
use crate::manifest::Exercise;

/// The largest source file a submission may hold.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;
/// The most source files one exercise's `src` may hold.
pub const MAX_FILES: usize = 200;

/// A construct the policy refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    Unsafe,
    Extern,
    Process,
    PanicControl,
    CommandLine,
    ProcFs,
    RawFd,
    Filesystem,
    Network,
    EnvRead,
    EnvWrite,
    IncludeFile,
    PathAttribute,
    LinkerAttribute,
    GivenTypeImpl,
    MacroPath,
    BuildEnv,
    Link,
    BadName,
    TooLarge,
    Unparsable,
}

const RULES: [(Rule, &str, &str); 21] = [
    (Rule::Unsafe, "unsafe", "`unsafe` code and inline assembly"),
    (
        Rule::Extern,
        "extern",
        "`extern` blocks, functions and crates",
    ),
    (
        Rule::Process,
        "process",
        "std::process (exit, abort, child processes) and current_exe",
    ),
    (
        Rule::PanicControl,
        "panic-control",
        "panic hooks and catching or resuming panics",
    ),
    (
        Rule::CommandLine,
        "command-line",
        "the process's command-line arguments",
    ),
    (Rule::ProcFs, "proc-fs", "paths into /proc, /sys or /dev"),
    (Rule::RawFd, "raw-fd", "raw file descriptors"),
    (
        Rule::Filesystem,
        "filesystem",
        "reading or writing files (std::fs)",
    ),
    (
        Rule::Network,
        "network",
        "sockets (std::net, TCP, UDP, Unix sockets)",
    ),
    (
        Rule::EnvRead,
        "env-read",
        "reading environment variables (std::env)",
    ),
    (
        Rule::EnvWrite,
        "env-write",
        "changing the environment or the current folder",
    ),
    (
        Rule::IncludeFile,
        "include-file",
        "include!, include_str! and include_bytes!",
    ),
    (
        Rule::PathAttribute,
        "path-attribute",
        "#[path]: a module's file must be where Rust looks for it",
    ),
    (
        Rule::LinkerAttribute,
        "linker-attribute",
        "#[no_mangle], #[export_name], #[link_section], #[link], #[used]",
    ),
    (
        Rule::GivenTypeImpl,
        "given-type-impl",
        "an impl of a type the course gives: its traits and methods are the course's",
    ),
    (
        Rule::MacroPath,
        "macro-path",
        "a path assembled from a macro's arguments ($x::...), or an impl inside a macro",
    ),
    (
        Rule::BuildEnv,
        "build-env",
        "env! and option_env!: the build machine's environment",
    ),
    (
        Rule::Link,
        "link",
        "a symbolic link: links are never followed",
    ),
    (
        Rule::BadName,
        "bad-name",
        "a file name that is not UTF-8, or a special file",
    ),
    (
        Rule::TooLarge,
        "too-large",
        "a source file over 256 KiB, or over 200 files",
    ),
    (
        Rule::Unparsable,
        "unparsable",
        "a file the check cannot parse (it would not compile either)",
    ),
];

impl Rule {
    pub fn name(self) -> &'static str {
        RULES
            .iter()
            .find(|(rule, ..)| *rule == self)
            .expect("every rule is listed")
            .1
    }

    pub fn description(self) -> &'static str {
        RULES
            .iter()
            .find(|(rule, ..)| *rule == self)
            .expect("every rule is listed")
            .2
    }

    pub fn from_name(name: &str) -> Option<Rule> {
        RULES
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(rule, ..)| *rule)
    }

    pub fn names() -> Vec<&'static str> {
        RULES.iter().map(|(_, name, _)| *name).collect()
    }
}

/// One refused construct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file, relative to the exercise's `src`.
    pub file: String,
    /// 1-based; 0 for a finding about the file itself.
    pub line: usize,
    pub rule: Rule,
    /// What was found, e.g. `std::process` or `set_var`.
    pub found: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = if self.line > 0 {
            format!("src/{}:{}", self.file, self.line)
        } else {
            format!("src/{}", self.file)
        };
        write!(
            f,
            "{place}: `{}` (rule {}: {})",
            self.found,
            self.rule.name(),
            self.rule.description()
        )
    }
}

/// Everything the policy refuses in `src`, the submitted `src` folder of `exercise`; the rules
/// in its `allow` list are lifted. `given_types` are the type names its given files declare.
pub fn check(
    exercise: &Exercise,
    src: &Path,
    given_types: &HashSet<String>,
) -> Result<Vec<Finding>, Error> {
    let allowed: HashSet<Rule> = exercise
        .allow
        .iter()
        .filter_map(|name| Rule::from_name(name))
        .collect();
    let mut findings = Vec::new();
    let found = walk(src, Links::Report, &|_| false)?;
    let sources = found
        .iter()
        .filter(|f| f.relative.extension().is_some_and(|ext| ext == "rs"))
        .count();
    if sources > MAX_FILES {
        findings.push(Finding {
            file: String::new(),
            line: 0,
            rule: Rule::TooLarge,
            found: format!("{sources} source files"),
        });
    }
    for entry in &found {
        let file = entry.relative.to_string_lossy().into_owned();
        let about_file = |rule, found: &str| Finding {
            file: file.clone(),
            line: 0,
            rule,
            found: found.to_string(),
        };
        match entry.kind {
            Kind::Link => findings.push(about_file(Rule::Link, "a symbolic link")),
            Kind::BadName => findings.push(about_file(Rule::BadName, "a name that is not UTF-8")),
            Kind::Special => findings.push(about_file(Rule::BadName, "a special file")),
            Kind::File { bytes } => {
                let is_source = entry.relative.extension().is_some_and(|ext| ext == "rs");
                if !is_source
                    || exercise
                        .given
                        .iter()
                        .any(|given| Path::new(given) == entry.relative)
                {
                    continue;
                }
                if bytes > MAX_FILE_BYTES {
                    findings.push(about_file(Rule::TooLarge, &format!("{bytes} bytes")));
                    continue;
                }
                let path = src.join(&entry.relative);
                let text = std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?;
                match String::from_utf8(text) {
                    Ok(text) => findings.extend(check_source(&file, &text, given_types)),
                    Err(_) => findings.push(about_file(Rule::Unparsable, "text that is not UTF-8")),
                }
            }
        }
    }
    findings.retain(|finding| !allowed.contains(&finding.rule));
    Ok(findings)
}

/// The findings in one source file's text.
pub fn check_source(file: &str, text: &str, given_types: &HashSet<String>) -> Vec<Finding> {
    let unparsable = |why: String| {
        vec![Finding {
            file: file.to_string(),
            line: 0,
            rule: Rule::Unparsable,
            found: why,
        }]
    };
    // Lexed once: the same tokens are parsed as a file and scanned.
    let tokens: TokenStream = match text.trim_start_matches('\u{feff}').parse() {
        Ok(tokens) => tokens,
        Err(error) => return unparsable(error.to_string()),
    };
    if let Err(error) = syn::parse2::<syn::File>(tokens.clone()) {
        let line = error.span().start().line;
        return unparsable(format!("line {line}: {error}"));
    }
    let mut scan = Scan {
        file,
        given_types,
        findings: Vec::new(),
    };
    scan.level(&tokens.into_iter().collect::<Vec<_>>(), false, Macro::None);
    scan.findings.sort_by_key(|f| f.line);
    scan.findings.dedup();
    scan.findings
}

/// Idents refused wherever they stand.
const REFUSED_IDENTS: [(&str, Rule); 20] = [
    ("unsafe", Rule::Unsafe),
    ("extern", Rule::Extern),
    ("set_var", Rule::EnvWrite),
    ("remove_var", Rule::EnvWrite),
    ("set_current_dir", Rule::EnvWrite),
    ("set_hook", Rule::PanicControl),
    ("take_hook", Rule::PanicControl),
    ("catch_unwind", Rule::PanicControl),
    ("resume_unwind", Rule::PanicControl),
    ("always_abort", Rule::PanicControl),
    ("current_exe", Rule::Process),
    ("RawFd", Rule::RawFd),
    ("OwnedFd", Rule::RawFd),
    ("BorrowedFd", Rule::RawFd),
    ("FromRawFd", Rule::RawFd),
    ("from_raw_fd", Rule::RawFd),
    ("TcpStream", Rule::Network),
    ("TcpListener", Rule::Network),
    ("UdpSocket", Rule::Network),
    ("UnixStream", Rule::Network),
];

/// Modules refused when named in a path or a `use`.
const REFUSED_MODULES: [(&str, Rule); 5] = [
    ("process", Rule::Process),
    ("fs", Rule::Filesystem),
    ("net", Rule::Network),
    ("fd", Rule::RawFd),
    ("env", Rule::EnvRead),
];

/// Functions refused when named in a path or a `use` (as an argument name they are fine).
const REFUSED_PATH_ENDS: [(&str, Rule); 2] =
    [("args", Rule::CommandLine), ("args_os", Rule::CommandLine)];

/// Macros refused when invoked.
const REFUSED_MACROS: [(&str, Rule); 8] = [
    ("env", Rule::BuildEnv),
    ("option_env", Rule::BuildEnv),
    ("include", Rule::IncludeFile),
    ("include_str", Rule::IncludeFile),
    ("include_bytes", Rule::IncludeFile),
    ("asm", Rule::Unsafe),
    ("global_asm", Rule::Unsafe),
    ("naked_asm", Rule::Unsafe),
];

/// Attribute names refused anywhere inside an attribute (`cfg_attr` too).
const REFUSED_ATTRIBUTES: [(&str, Rule); 7] = [
    ("path", Rule::PathAttribute),
    ("no_mangle", Rule::LinkerAttribute),
    ("export_name", Rule::LinkerAttribute),
    ("link_section", Rule::LinkerAttribute),
    ("link", Rule::LinkerAttribute),
    ("link_name", Rule::LinkerAttribute),
    ("used", Rule::LinkerAttribute),
];

/// Strings that start with these are paths into the kernel's views of processes and devices.
const SYSTEM_PATHS: [&str; 3] = ["/proc", "/sys", "/dev"];

/// Where in a macro a level of tokens stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Macro {
    None,
    /// A `macro_rules!` body.
    Body,
    /// The arguments of a macro invocation.
    Arguments,
}

struct Scan<'a> {
    file: &'a str,
    given_types: &'a HashSet<String>,
    findings: Vec<Finding>,
}

impl Scan<'_> {
    fn found(&mut self, tree: &TokenTree, rule: Rule, found: String) {
        self.findings.push(Finding {
            file: self.file.to_string(),
            line: tree.span().start().line,
            rule,
            found,
        });
    }

    /// Scans one level of tokens; `in_use` when the level is (inside) a `use` item, `in_macro`
    /// when it is inside a `macro_rules!` body or a macro's arguments, where tokens may become
    /// items and paths the plain scan cannot see.
    fn level(&mut self, tokens: &[TokenTree], in_use: bool, in_macro: Macro) {
        let mut in_use_here = in_use;
        for (index, tree) in tokens.iter().enumerate() {
            match tree {
                TokenTree::Ident(ident) => {
                    let name = ident.to_string();
                    let name = name.strip_prefix("r#").unwrap_or(&name);
                    if name == "use" {
                        in_use_here = true;
                    }
                    self.ident(tokens, index, name, in_use_here, in_macro);
                }
                TokenTree::Punct(punct) if punct.as_char() == ';' => in_use_here = in_use,
                TokenTree::Punct(punct) if punct.as_char() == '#' => self.attribute(tokens, index),
                TokenTree::Literal(literal) => {
                    let text = literal.to_string();
                    let content = text.trim_start_matches(['b', 'c', 'r', '#', '"']);
                    if SYSTEM_PATHS.iter().any(|path| content.starts_with(path)) {
                        self.found(tree, Rule::ProcFs, text);
                    }
                }
                TokenTree::Group(group) => {
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    let is_macro_body = index >= 3
                        && matches!(&tokens[index - 3], TokenTree::Ident(i) if i == "macro_rules");
                    let is_macro_call = index >= 2
                        && matches!(&tokens[index - 1], TokenTree::Punct(p) if p.as_char() == '!')
                        && matches!(&tokens[index - 2], TokenTree::Ident(_));
                    let inner_macro = match (in_macro, is_macro_body, is_macro_call) {
                        (Macro::Body, ..) | (_, true, _) => Macro::Body,
                        (Macro::Arguments, ..) | (_, _, true) => Macro::Arguments,
                        _ => Macro::None,
                    };
                    self.level(&inner, in_use_here, inner_macro);
                }
                TokenTree::Punct(punct) if punct.as_char() == '$' && in_macro == Macro::Body => {
                    self.metavariable(tokens, index, in_use_here)
                }
                TokenTree::Punct(_) => {}
            }
        }
    }

    /// `$x` in a `macro_rules!` body: refused where it makes a path or a `use`, since the scan
    /// cannot know what the caller passes.
    fn metavariable(&mut self, tokens: &[TokenTree], index: usize, in_use: bool) {
        if !matches!(tokens.get(index + 1), Some(TokenTree::Ident(_))) {
            return;
        }
        let after_path_sep = index >= 2 && is_path_sep(&tokens[index - 2], &tokens[index - 1]);
        let before_path_sep =
            index + 3 < tokens.len() && is_path_sep(&tokens[index + 2], &tokens[index + 3]);
        if in_use || after_path_sep || before_path_sep {
            let name = tokens[index + 1].to_string();
            self.found(
                &tokens[index],
                Rule::MacroPath,
                format!("${name} in a path"),
            );
        }
    }

    fn ident(
        &mut self,
        tokens: &[TokenTree],
        index: usize,
        name: &str,
        in_use: bool,
        in_macro: Macro,
    ) {
        let tree = &tokens[index];
        for (refused, rule) in REFUSED_IDENTS {
            if name == refused {
                self.found(tree, rule, name.to_string());
            }
        }
        let after_path_sep = index >= 2 && is_path_sep(&tokens[index - 2], &tokens[index - 1]);
        let before_path_sep =
            index + 2 < tokens.len() && is_path_sep(&tokens[index + 1], &tokens[index + 2]);
        for (module, rule) in REFUSED_MODULES {
            if name == module && (in_use || after_path_sep || before_path_sep) {
                self.found(tree, rule, format!("{name}::"));
            }
        }
        for (end, rule) in REFUSED_PATH_ENDS {
            if name == end && (in_use || after_path_sep) {
                self.found(tree, rule, format!("::{name}"));
            }
        }
        let is_macro_call =
            matches!(tokens.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
        for (refused, rule) in REFUSED_MACROS {
            if name == refused && is_macro_call {
                self.found(tree, rule, format!("{name}!"));
            }
        }
        let renamed = matches!(tokens.get(index + 1), Some(TokenTree::Ident(next)) if next == "as");
        if self.given_types.contains(name) && in_use && renamed {
            self.found(tree, Rule::GivenTypeImpl, format!("{name} as ..."));
        }
        match in_macro {
            Macro::Body if name == "impl" => self.found(
                tree,
                Rule::MacroPath,
                "impl inside macro_rules!".to_string(),
            ),
            // In a macro's arguments anything may become an item: check wherever it stands.
            Macro::Arguments if name == "impl" || name == "type" => {
                self.names_given_type(tokens, index, name)
            }
            _ if (name == "impl" || name == "type") && at_item_start(tokens, index) => {
                self.names_given_type(tokens, index, name)
            }
            _ => {}
        }
    }

    /// An `impl` whose self type names a given type, or a `type` alias of one (which would let
    /// an impl name it in disguise): refused. Bounds and trait arguments may name given types.
    fn names_given_type(&mut self, tokens: &[TokenTree], index: usize, keyword: &str) {
        let header: Vec<&TokenTree> = tokens[index + 1..]
            .iter()
            .take_while(|tree| {
                !matches!(tree, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace)
                    && !matches!(tree, TokenTree::Punct(p) if p.as_char() == ';')
            })
            .collect();
        let named = if keyword == "impl" {
            impl_self_type(&header)
        } else {
            header
        };
        for tree in named {
            for name in idents_in(tree) {
                if self.given_types.contains(&name) {
                    self.found(
                        &tokens[index],
                        Rule::GivenTypeImpl,
                        format!("{keyword} ... {name}"),
                    );
                    return;
                }
            }
        }
    }

    /// `#[...]` or `#![...]` at `index`.
    fn attribute(&mut self, tokens: &[TokenTree], index: usize) {
        let mut next = index + 1;
        if matches!(tokens.get(next), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
            next += 1;
        }
        let Some(TokenTree::Group(group)) = tokens.get(next) else {
            return;
        };
        if group.delimiter() != Delimiter::Bracket {
            return;
        }
        let names = idents_in(&tokens[next]);
        for (refused, rule) in REFUSED_ATTRIBUTES {
            if names.iter().any(|name| name == refused) {
                self.found(&tokens[index], rule, format!("#[{refused}]"));
            }
        }
    }
}

/// The self type of an `impl` header (what follows `impl`, up to its body): without the
/// generic parameters, the trait before `for`, and the `where` clause.
fn impl_self_type<'t>(header: &[&'t TokenTree]) -> Vec<&'t TokenTree> {
    let mut rest = header;
    if matches!(rest.first(), Some(TokenTree::Punct(p)) if p.as_char() == '<') {
        let mut depth = 0;
        let mut end = 0;
        for (index, tree) in rest.iter().enumerate() {
            if let TokenTree::Punct(p) = tree {
                let arrow = index > 0
                    && matches!(rest[index - 1], TokenTree::Punct(q) if q.as_char() == '-');
                match p.as_char() {
                    '<' => depth += 1,
                    '>' if !arrow => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    end = index + 1;
                    break;
                }
            }
        }
        rest = &rest[end..];
    }
    let is_ident = |tree: &TokenTree, word: &str| matches!(tree, TokenTree::Ident(i) if i == word);
    if let Some(at) = rest.iter().position(|tree| is_ident(tree, "for")) {
        rest = &rest[at + 1..];
    }
    if let Some(at) = rest.iter().position(|tree| is_ident(tree, "where")) {
        rest = &rest[..at];
    }
    rest.to_vec()
}

/// Whether the token at `index` starts an item: first of its level, or after `;`, a block, an
/// attribute or a visibility (an `impl` in a type, as in `-> impl Trait`, does not).
fn at_item_start(tokens: &[TokenTree], index: usize) -> bool {
    let Some(previous) = index.checked_sub(1).map(|i| &tokens[i]) else {
        return true;
    };
    match previous {
        TokenTree::Punct(p) => p.as_char() == ';',
        TokenTree::Group(g) => {
            matches!(g.delimiter(), Delimiter::Brace | Delimiter::Bracket)
                || (g.delimiter() == Delimiter::Parenthesis
                    && index >= 2
                    && matches!(&tokens[index - 2], TokenTree::Ident(i) if i == "pub"))
        }
        TokenTree::Ident(i) => ["pub", "default", "unsafe"].contains(&i.to_string().as_str()),
        TokenTree::Literal(_) => false,
    }
}

fn is_path_sep(first: &TokenTree, second: &TokenTree) -> bool {
    matches!(
        (first, second),
        (TokenTree::Punct(a), TokenTree::Punct(b))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

/// Every ident in `tree`, groups included.
fn idents_in(tree: &TokenTree) -> Vec<String> {
    match tree {
        TokenTree::Ident(ident) => {
            let name = ident.to_string();
            vec![name.strip_prefix("r#").unwrap_or(&name).to_string()]
        }
        TokenTree::Group(group) => group
            .stream()
            .into_iter()
            .flat_map(|t| idents_in(&t))
            .collect(),
        _ => Vec::new(),
    }
}

/// The names of the types (structs, enums, unions, aliases, traits) a given file declares.
pub fn declared_types(text: &str) -> HashSet<String> {
    let Ok(file) = syn::parse_file(text) else {
        return HashSet::new();
    };
    let mut names = HashSet::new();
    collect_types(&file.items, &mut names);
    names
}

fn collect_types(items: &[syn::Item], names: &mut HashSet<String>) {
    for item in items {
        let name = match item {
            syn::Item::Struct(item) => Some(&item.ident),
            syn::Item::Enum(item) => Some(&item.ident),
            syn::Item::Union(item) => Some(&item.ident),
            syn::Item::Type(item) => Some(&item.ident),
            syn::Item::Trait(item) => Some(&item.ident),
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    collect_types(items, names);
                }
                None
            }
            _ => None,
        };
        if let Some(name) = name {
            names.insert(name.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<(usize, &'static str)> {
        let given = HashSet::from(["Customer".to_string()]);
        check_source("lib.rs", text, &given)
            .into_iter()
            .map(|f| (f.line, f.rule.name()))
            .collect()
    }

    #[test]
    fn plain_exercise_code_passes() {
        let text = r#"
            use std::collections::HashMap;
            /// Uses `std::process` in a comment, and "fs" in a string.
            pub fn add(args: &[i32], process: i32) -> i32 {
                let env = args.iter().sum::<i32>() + process;
                let map: HashMap<&str, i32> = HashMap::new();
                env + map.len() as i32
            }
            impl Helper for Other {}
        "#;
        assert_eq!(rules(text), []);
    }

    #[test]
    fn exits_spawns_and_their_renames_are_refused() {
        assert_eq!(rules("fn f() { std::process::exit(0) }"), [(1, "process")]);
        assert_eq!(
            rules("use std::process as p;\nfn f() { p::abort() }"),
            [(1, "process")]
        );
        assert_eq!(rules("use std::{process};"), [(1, "process")]);
        assert_eq!(
            rules("macro_rules! m { () => { std::process::exit(0) } }"),
            [(1, "process")]
        );
        assert_eq!(
            rules("fn f() { std::env::current_exe(); }"),
            [(1, "env-read"), (1, "process")]
        );
    }

    #[test]
    fn the_environment_the_files_and_the_network_are_refused() {
        assert_eq!(
            rules("fn f() { std::env::set_var(\"INSTA_FORCE_PASS\", \"1\") }"),
            [(1, "env-read"), (1, "env-write")]
        );
        assert_eq!(rules("use std::env::var;"), [(1, "env-read")]);
        assert_eq!(
            rules("fn f() { let a = std::env::args(); }"),
            [(1, "env-read"), (1, "command-line")]
        );
        assert_eq!(rules("use std::fs::write;"), [(1, "filesystem")]);
        assert_eq!(rules("fn f() { \"/proc/self/mem\"; }"), [(1, "proc-fs")]);
        assert_eq!(rules("fn f() { br\"/dev/fd/4\"; }"), [(1, "proc-fs")]);
        assert_eq!(rules("const P: &str = \"/da-serverless/dev/table\";"), []);
        assert_eq!(
            rules("fn f(s: std::net::TcpStream) {}"),
            [(1, "network"), (1, "network")]
        );
    }

    #[test]
    fn unsafe_extern_includes_and_attributes_are_refused() {
        assert_eq!(rules("fn f() { unsafe {} }"), [(1, "unsafe")]);
        assert_eq!(rules("extern \"C\" { fn g(); }"), [(1, "extern")]);
        assert_eq!(
            rules("const S: &str = include_str!(\"../../x.rs\");"),
            [(1, "include-file")]
        );
        assert_eq!(
            rules("#[path = \"../../solutions/x.rs\"]\nmod x;"),
            [(1, "path-attribute")]
        );
        assert_eq!(
            rules("#[cfg_attr(all(), path = \"x.rs\")]\nmod x;"),
            [(1, "path-attribute")]
        );
        assert_eq!(rules("#[no_mangle]\nfn f() {}"), [(1, "linker-attribute")]);
        assert_eq!(
            rules("fn f() { std::panic::set_hook(Box::new(|_| {})) }"),
            [(1, "panic-control")]
        );
    }

    #[test]
    fn impls_of_given_types_are_refused() {
        assert_eq!(
            rules("impl PartialEq for Customer { fn eq(&self, _: &Self) -> bool { true } }"),
            [(1, "given-type-impl")]
        );
        assert_eq!(
            rules("impl Customer { fn to_string(&self) {} }"),
            [(1, "given-type-impl")]
        );
        assert_eq!(
            rules("impl<'a> From<&'a str> for Customer {}"),
            [(1, "given-type-impl")]
        );
        assert_eq!(
            rules("impl<T: Into<String>> Customer {}"),
            [(1, "given-type-impl")]
        );
        assert_eq!(rules("type C = Customer;"), [(1, "given-type-impl")]);
        assert_eq!(rules("use crate::Customer as C;"), [(1, "given-type-impl")]);
        assert_eq!(
            rules("macro_rules! m { ($t:ty) => { impl PartialEq for $t {} } }"),
            [(1, "macro-path")]
        );
        assert_eq!(
            rules("it!(@ impl Customer { pub fn to_string(&self) {} });"),
            [(1, "given-type-impl")]
        );
        assert_eq!(
            rules("it!(@ type C = Customer;);"),
            [(1, "given-type-impl")]
        );
    }

    #[test]
    fn a_given_type_in_a_signature_is_fine() {
        assert_eq!(
            rules("pub fn list() -> impl Iterator<Item = Customer> { std::iter::empty() }\nfn g(c: impl Into<Customer>) {}"),
            []
        );
        assert_eq!(
            rules("impl<C: Customer> Cache<C> {}"),
            [],
            "a bound may name a given trait"
        );
        assert_eq!(
            rules("impl Customer for MyClock {}"),
            [],
            "a given trait for the student's type"
        );
        assert_eq!(
            rules("impl<F: Fn() -> u8> Cache<F> where F: Customer {}"),
            []
        );
    }

    #[test]
    fn paths_built_from_macro_arguments_and_the_build_environment_are_refused() {
        let path_macro = "macro_rules! p { ($m:ident, $f:ident) => { std::$m::$f } }\n\
                          fn f() { p!(process, exit)(0); }";
        assert_eq!(rules(path_macro), [(1, "macro-path"), (1, "macro-path")]);
        assert_eq!(
            rules("macro_rules! u { ($m:ident) => { use std::$m; } }"),
            [(1, "macro-path")]
        );
        assert_eq!(rules("macro_rules! v { ($x:expr) => { $x + 1 } }"), []);
        assert_eq!(
            rules("fn f() { option_env!(\"GITHUB_TOKEN\"); }"),
            [(1, "build-env")]
        );
        assert_eq!(rules("fn f() { env!(\"HOME\"); }"), [(1, "build-env")]);
    }

    #[test]
    fn a_file_that_does_not_parse_is_refused() {
        assert_eq!(rules("fn f( {"), [(0, "unparsable")]);
    }

    #[test]
    fn the_types_a_given_file_declares_are_found() {
        let types = declared_types("pub struct A; pub enum B {} mod m { pub struct C; } fn d() {}");
        assert_eq!(types, HashSet::from(["A".into(), "B".into(), "C".into()]));
    }
}
