//! `grader export`: the student version of the course, without the reference solutions.

use std::path::Path;

use crate::error::Error;
use crate::manifest::Course;
use crate::stubs;

/// Entries never exported, wherever they are.
const NEVER_EXPORTED: [&str; 3] = [".git", ".venv", "target"];

/// Copies the course at `course_root` to `dest` without `solutions/`, after checking that the
/// stubs in `exercises/*/src` are the ones generated from the solutions. Returns the number of
/// files written.
pub fn export(course_root: &Path, course: &Course, dest: &Path) -> Result<usize, Error> {
    let is_empty_dir = dest
        .read_dir()
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false);
    if dest.exists() && !is_empty_dir {
        return Err(Error::BadInput(format!(
            "{} already exists and is not empty: export into a new folder",
            dest.display()
        )));
    }
    let drift = stubs::drift(course_root, course)?;
    if !drift.is_empty() {
        return Err(Error::BadInput(format!(
            "these stubs differ from the ones generated from solutions/: {}. Run `grader stubs` first",
            drift.join(", ")
        )));
    }
    copy(course_root, dest, true)
}

fn copy(from: &Path, to: &Path, at_root: bool) -> Result<usize, Error> {
    std::fs::create_dir_all(to).map_err(|e| Error::io("cannot create", to, e))?;
    let mut written = 0;
    for entry in std::fs::read_dir(from).map_err(|e| Error::io("cannot read", from, e))? {
        let entry = entry.map_err(|e| Error::io("cannot read", from, e))?;
        let name = entry.file_name();
        if NEVER_EXPORTED.iter().any(|skip| name == *skip) || (at_root && name == "solutions") {
            continue;
        }
        let source = entry.path();
        let target = to.join(&name);
        if source.is_dir() {
            written += copy(&source, &target, false)?;
        } else {
            std::fs::copy(&source, &target).map_err(|e| Error::io("cannot write", &target, e))?;
            written += 1;
        }
    }
    Ok(written)
}
