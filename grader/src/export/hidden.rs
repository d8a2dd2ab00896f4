//! What `grader export` leaves out of the student's copy: the hidden tests.
//!
//! Invariants:
//! - an exercise's hidden tests are its graded tests' module `hidden` and nothing else (the
//!   manifest refuses a hidden test outside it, or one in it that is not marked hidden), so
//!   leaving out `tests/hidden.rs` (or `tests/hidden/`), its snapshots and the one `mod hidden;`
//!   line leaves out every hidden test and no other;
//! - the exported manifest lists no hidden test and says, per exercise, how many it withheld and
//!   their points, so a report on the student's copy never reads as complete;
//! - a `tests/main.rs` whose `mod hidden;` line cannot be found with certainty is refused, never
//!   guessed at.

use std::path::Path;

use toml_edit::{value, DocumentMut, InlineTable, Item};

use crate::error::Error;
use crate::manifest::{Course, HIDDEN_MODULE};

/// The line of `tests/main.rs` that declares the hidden tests' module.
fn module_line() -> String {
    format!("mod {HIDDEN_MODULE};")
}

/// Whether `relative` (a path in the course) holds hidden tests or their snapshots.
pub fn is_hidden_file(relative: &Path) -> bool {
    let parts: Vec<&str> = relative.iter().filter_map(|p| p.to_str()).collect();
    let source = format!("{HIDDEN_MODULE}.rs");
    let snapshot = format!("__{HIDDEN_MODULE}__");
    match parts.as_slice() {
        ["exercises", _, "tests", file] => *file == source,
        ["exercises", _, "tests", "snapshots", file] => file.contains(&snapshot),
        ["exercises", _, "tests", folder, ..] => *folder == HIDDEN_MODULE,
        _ => false,
    }
}

/// `tests/main.rs` of an exercise without its `mod hidden;` line. `has_hidden` says whether the
/// manifest lists hidden tests for it: then that line must be there exactly once.
pub fn main_without_hidden(text: &str, has_hidden: bool, path: &Path) -> Result<String, Error> {
    let line = module_line();
    let found = text.lines().filter(|l| l.trim() == line).count();
    let declares = |l: &str| {
        l.match_indices(&format!("mod {HIDDEN_MODULE}"))
            .any(|(at, found)| {
                let next = l[at + found.len()..].chars().next();
                !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
    };
    let declared_elsewhere = text.lines().any(|l| l.trim() != line && declares(l));
    if declared_elsewhere || (has_hidden && found != 1) {
        return Err(Error::BadInput(format!(
            "{}: cannot leave the hidden tests out: the file must declare them with exactly one line `{line}` and nowhere else",
            path.display()
        )));
    }
    let mut out: String = text
        .split_inclusive('\n')
        .filter(|l| l.trim() != line)
        .collect();
    if !text.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    Ok(out)
}

/// The manifest's text without its hidden tests, each exercise that had some saying how many
/// and their points (`withheld = { tests = 1, points = 2 }`). Comments and order are kept.
pub fn manifest_without_hidden(text: &str, course: &Course, path: &Path) -> Result<String, Error> {
    let refuse = |why: &str| Error::Manifest {
        path: path.to_path_buf(),
        message: format!("cannot write the student's copy: {why}"),
    };
    let mut doc: DocumentMut = text.parse().map_err(|e| refuse(&format!("{e}")))?;
    let exercises = doc
        .get_mut("exercise")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| refuse("no [[exercise]] tables"))?;
    for (table, exercise) in exercises.iter_mut().zip(&course.exercises) {
        let hidden: Vec<_> = exercise.tests.iter().filter(|t| t.hidden).collect();
        if hidden.is_empty() {
            continue;
        }
        let tests = table
            .get_mut("test")
            .and_then(Item::as_array_of_tables_mut)
            .ok_or_else(|| refuse("an exercise's tests are not [[exercise.test]] tables"))?;
        tests.retain(|test| !test.get("hidden").and_then(Item::as_bool).unwrap_or(false));
        let before = exercise.withheld.map_or((0, 0), |w| (w.tests, w.points));
        let tests = i64::from(before.0) + hidden.len() as i64;
        let points = i64::from(before.1) + hidden.iter().map(|t| i64::from(t.points)).sum::<i64>();
        let mut withheld = InlineTable::new();
        withheld.insert("tests", tests.into());
        withheld.insert("points", points.into());
        table.insert("withheld", value(withheld));
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"title = "t"

[[exercise]]
id = "a"
dir = "ex01-a"
title = "A"

# kept
[[exercise.test]]
name = "visible"
points = 3

# the secret
[[exercise.test]]
name = "hidden::one"
hidden = true
points = 2

[[exercise.test]]
name = "hidden::two"
hidden = true

[[exercise]]
id = "b"
dir = "ex02-b"
title = "B"

[[exercise.test]]
name = "only"
"#;

    fn course() -> Course {
        toml::from_str(MANIFEST).unwrap()
    }

    #[test]
    fn the_manifest_loses_its_hidden_tests_and_counts_them() {
        let text = manifest_without_hidden(MANIFEST, &course(), Path::new("course.toml")).unwrap();
        let exported: Course = toml::from_str(&text).unwrap();
        let names: Vec<&str> = exported.exercises[0]
            .tests
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(names, ["visible"]);
        let withheld = exported.exercises[0].withheld.expect("withheld is set");
        assert_eq!((withheld.tests, withheld.points), (2, 3));
        assert!(exported.exercises[1].withheld.is_none(), "{text}");
        assert_eq!(exported.exercises[1].tests.len(), 1);
        assert!(
            text.contains("# kept") && !text.contains("the secret"),
            "{text}"
        );
    }

    #[test]
    fn the_module_line_goes_and_nothing_else() {
        let main = "mod common;\n\nmod hidden;\nmod read;\n";
        let out = main_without_hidden(main, true, Path::new("main.rs")).unwrap();
        assert_eq!(out, "mod common;\n\nmod read;\n");
        let untouched = main_without_hidden("mod read;", false, Path::new("main.rs")).unwrap();
        assert_eq!(untouched, "mod read;");
        let similar = "mod hidden_costs;\nmod hidden;\n";
        let out = main_without_hidden(similar, true, Path::new("main.rs")).unwrap();
        assert_eq!(out, "mod hidden_costs;\n");
    }

    #[test]
    fn a_module_line_that_is_not_certain_is_refused() {
        for main in [
            "mod read;\n",
            "mod hidden;\nmod hidden;\n",
            "#[path = \"x.rs\"] mod hidden;\n",
            "mod hidden { mod inner; }\n",
        ] {
            let error = main_without_hidden(main, true, Path::new("ex/tests/main.rs")).unwrap_err();
            assert!(error.to_string().contains("ex/tests/main.rs"), "{error}");
        }
    }

    #[test]
    fn hidden_files_are_the_module_and_its_snapshots() {
        for hidden in [
            "exercises/ex01-a/tests/hidden.rs",
            "exercises/ex01-a/tests/hidden/mod.rs",
            "exercises/ex01-a/tests/snapshots/graded__hidden__x.snap",
        ] {
            assert!(is_hidden_file(Path::new(hidden)), "{hidden}");
        }
        for kept in [
            "exercises/ex01-a/tests/main.rs",
            "exercises/ex01-a/tests/snapshots/graded__read__x.snap",
            "exercises/ex01-a/src/hidden.rs",
            "docs/hidden.rs",
        ] {
            assert!(!is_hidden_file(Path::new(kept)), "{kept}");
        }
    }
}
