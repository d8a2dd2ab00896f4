//! `grader export`: the student version of the course, without the reference solutions.

use std::path::Path;

use crate::error::Error;
use crate::files::{skip_nobodys, walk, Kind, Links};
use crate::manifest::Course;
use crate::stubs;

/// Copies the course at `course_root` to `dest` without what is nobody's (`solutions/`, build
/// output, version control: see [`crate::files::owner`]), after checking that the
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
    let mut written = 0;
    for found in walk(course_root, Links::Follow, &skip_nobodys(course))? {
        if !matches!(found.kind, Kind::File { .. }) {
            continue;
        }
        let (from, to) = (
            course_root.join(&found.relative),
            dest.join(&found.relative),
        );
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        std::fs::copy(&from, &to).map_err(|e| Error::io("cannot write", &to, e))?;
        written += 1;
    }
    Ok(written)
}
