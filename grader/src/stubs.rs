//! Stubs are generated from the reference solutions, so their signatures and contracts cannot
//! drift apart. In a solution file:
//!
//! - `// stub: todo!("...")` as the first line of a function body: in the stub, the whole body is
//!   that line (without the `// stub: `);
//! - lines between `// stub-omit-start` and `// stub-omit-end` (private helpers) are left out;
//! - `// stub-only: <text>` becomes `<text>` in the stub (an `allow` for the untouched stubs).
//!
//! Everything else is copied as it is: imports, types, doc comments.
//!
//! Where a body starts and ends comes from parsing the solution (`syn`), never from its layout: a
//! marker that is not the first line of a function's body, or a body whose closing brace shares
//! its line with other code, is refused with its file and line, and no stub is written.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::manifest::Course;

const BODY: &str = "// stub: ";
const ONLY: &str = "// stub-only: ";
const OMIT_START: &str = "// stub-omit-start";
const OMIT_END: &str = "// stub-omit-end";

/// The stub of one solution file.
pub fn stub_of(solution: &str, file: &Path) -> Result<String, Error> {
    let marker_error = |line: usize, message: &str| {
        Error::BadInput(format!("{}:{}: {message}", file.display(), line + 1))
    };
    let bodies = function_bodies(solution)
        .map_err(|e| Error::BadInput(format!("{}: does not parse as Rust: {e}", file.display())))?;
    let mut out = String::new();
    let mut lines = solution.lines().enumerate();
    while let Some((number, line)) = lines.next() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if let Some(body) = trimmed.strip_prefix(BODY) {
            // Lines are counted from 0 here and from 1 in spans.
            let Some(&(_, close)) = bodies.iter().find(|(open, _)| *open == number) else {
                return Err(marker_error(
                    number,
                    "a `// stub:` marker must be the first line of a function's body, right after its `{`",
                ));
            };
            out.push_str(&format!("{indent}{body}\n"));
            for (skipped, next) in lines.by_ref() {
                if skipped + 1 == close {
                    if next.trim() != "}" {
                        return Err(marker_error(
                            skipped,
                            "the closing brace of a body with a `// stub:` marker must stand on a line of its own",
                        ));
                    }
                    out.push_str(next);
                    out.push('\n');
                    break;
                }
            }
        } else if trimmed == OMIT_START {
            loop {
                match lines.next() {
                    Some((_, next)) if next.trim() == OMIT_END => break,
                    Some(_) => {}
                    None => {
                        return Err(marker_error(
                            number,
                            "`// stub-omit-start` without `// stub-omit-end`",
                        ))
                    }
                }
            }
        } else if let Some(text) = trimmed.strip_prefix(ONLY) {
            out.push_str(&format!("{indent}{text}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    let stub = collapse_blank_runs(&out);
    syn::parse_file(&stub).map_err(|e| {
        Error::BadInput(format!(
            "{}: its stub would not parse ({e}): check its markers",
            file.display()
        ))
    })?;
    Ok(stub)
}

/// The lines (from 1) of every function body's opening and closing brace in `source`.
fn function_bodies(source: &str) -> syn::Result<Vec<(usize, usize)>> {
    struct Bodies(Vec<(usize, usize)>);
    impl Bodies {
        fn add(&mut self, block: &syn::Block) {
            let span = block.brace_token.span;
            self.0
                .push((span.open().start().line, span.close().start().line));
        }
    }
    impl<'ast> syn::visit::Visit<'ast> for Bodies {
        fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
            self.add(&item.block);
            syn::visit::visit_item_fn(self, item);
        }
        fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
            self.add(&item.block);
            syn::visit::visit_impl_item_fn(self, item);
        }
        fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
            if let Some(block) = &item.default {
                self.add(block);
            }
            syn::visit::visit_trait_item_fn(self, item);
        }
    }
    let file = syn::parse_file(source)?;
    let mut bodies = Bodies(Vec::new());
    syn::visit::visit_file(&mut bodies, &file);
    Ok(bodies.0)
}

/// Omitted regions leave blank lines behind: keep at most one in a row, and none at the end.
fn collapse_blank_runs(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    format!("{}\n", out.trim_end())
}

/// One stub file, relative to the course root, and what it should contain.
pub struct StubFile {
    pub path: PathBuf,
    pub text: String,
}

/// The stub files of every exercise, generated from `solutions/<dir>/src`.
pub fn generate(course_root: &Path, course: &Course) -> Result<Vec<StubFile>, Error> {
    let mut stubs = Vec::new();
    for exercise in &course.exercises {
        let solution_src = exercise.src_below(&course_root.join("solutions"));
        for file in rust_files(&solution_src)? {
            let relative = file.strip_prefix(&solution_src).expect("below the src dir");
            let text =
                std::fs::read_to_string(&file).map_err(|e| Error::io("cannot read", &file, e))?;
            stubs.push(StubFile {
                path: exercise.src_below(Path::new("exercises")).join(relative),
                text: stub_of(&text, &file)?,
            });
        }
    }
    Ok(stubs)
}

/// The files of `exercises/*/src` that differ from the stubs generated from the solutions, or
/// that no solution file stands behind.
pub fn drift(course_root: &Path, course: &Course) -> Result<Vec<String>, Error> {
    let stubs = generate(course_root, course)?;
    let mut differing = Vec::new();
    for stub in &stubs {
        let current = std::fs::read_to_string(course_root.join(&stub.path)).ok();
        if current.as_deref() != Some(stub.text.as_str()) {
            differing.push(stub.path.display().to_string());
        }
    }
    for exercise in &course.exercises {
        let relative_src = exercise.src_below(Path::new("exercises"));
        for file in rust_files(&course_root.join(&relative_src))? {
            let relative = relative_src.join(
                file.strip_prefix(course_root.join(&relative_src))
                    .expect("below"),
            );
            if !stubs.iter().any(|stub| stub.path == relative) {
                differing.push(format!("{} (no solution file)", relative.display()));
            }
        }
    }
    differing.sort();
    Ok(differing)
}

/// Writes the generated stubs over `exercises/*/src` under `root`.
pub fn write(root: &Path, stubs: &[StubFile]) -> Result<(), Error> {
    for stub in stubs {
        let path = root.join(&stub.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        std::fs::write(&path, &stub.text).map_err(|e| Error::io("cannot write", &path, e))?;
    }
    Ok(())
}

fn rust_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))? {
        let path = entry.map_err(|e| Error::io("cannot read", dir, e))?.path();
        if path.is_dir() {
            files.extend(rust_files(&path)?);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_become_their_marker_and_omitted_regions_go() {
        let solution = "\
// stub-only: #![allow(unused_variables)]
/// Doubles.
pub fn double(n: i32) -> i32 {
    // stub: todo!(\"multiply by two\")
    let twice = n * 2;
    if twice > 0 {
        return twice;
    }
    twice
}

// stub-omit-start
fn helper() {}
// stub-omit-end

pub struct Kept;
";
        let expected = "\
#![allow(unused_variables)]
/// Doubles.
pub fn double(n: i32) -> i32 {
    todo!(\"multiply by two\")
}

pub struct Kept;
";
        assert_eq!(stub_of(solution, Path::new("lib.rs")).unwrap(), expected);
    }

    #[test]
    fn a_solution_that_does_not_parse_is_refused_naming_the_file() {
        let error = stub_of(
            "fn f() {\n    // stub: todo!()\n    1\n",
            Path::new("src/x.rs"),
        )
        .unwrap_err();
        assert!(
            error.to_string().starts_with("src/x.rs: does not parse"),
            "{error}"
        );
    }

    #[test]
    fn the_body_ends_where_the_parser_says_not_where_the_indentation_suggests() {
        let solution = "\
pub fn text() -> &'static str {
    // stub: todo!(\"the text\")
    \"a string with a line
}
that looks like the end\"
}

pub fn kept() {}
";
        let expected = "\
pub fn text() -> &'static str {
    todo!(\"the text\")
}

pub fn kept() {}
";
        assert_eq!(stub_of(solution, Path::new("lib.rs")).unwrap(), expected);
    }

    #[test]
    fn a_marker_it_cannot_place_with_certainty_is_refused_naming_the_line() {
        let not_first = "fn f() -> i32 {\n    let a = 1;\n    // stub: todo!()\n    a\n}\n";
        let in_a_block = "fn f(b: bool) -> i32 {\n    if b {\n        // stub: todo!()\n        1\n    } else {\n        2\n    }\n}\n";
        let outside = "// stub: todo!()\nfn f() {}\n";
        for (solution, line) in [(not_first, 3), (in_a_block, 3), (outside, 1)] {
            let error = stub_of(solution, Path::new("src/x.rs"))
                .unwrap_err()
                .to_string();
            assert!(
                error.starts_with(&format!(
                    "src/x.rs:{line}: a `// stub:` marker must be the first line"
                )),
                "{error}"
            );
        }
        let shared_close = "fn f() -> i32 {\n    // stub: todo!()\n    1 }\n";
        let error = stub_of(shared_close, Path::new("src/x.rs"))
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("src/x.rs:3: the closing brace"),
            "{error}"
        );
    }

    #[test]
    fn methods_and_default_trait_methods_have_bodies_too() {
        let solution = "struct S;\nimpl S {\n    pub fn f(&self) -> i32 {\n        // stub: todo!()\n        41\n    }\n}\ntrait T {\n    fn g(&self) -> i32 {\n        // stub: todo!()\n        42\n    }\n}\n";
        let stub = stub_of(solution, Path::new("lib.rs")).unwrap();
        assert_eq!(stub.matches("todo!()").count(), 2, "{stub}");
        assert!(!stub.contains("41") && !stub.contains("42"), "{stub}");
    }
}
