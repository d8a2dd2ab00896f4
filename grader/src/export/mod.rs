//! `grader export`: the student repository a class hands out. The course without what is
//! nobody's (`solutions/`, build output, version control: see [`crate::files::owner`]) and
//! without its hidden tests ([`hidden`]), with the student's README, grading workflow and editor
//! settings from `classroom/` ([`classroom`]).
//!
//! Invariants:
//! - the destination holds the whole export or nothing: it is written in a temporary folder
//!   beside it and renamed into place;
//! - it holds only what [`handed_out`] hands out: files git tracks, no links, not `.github/`.

pub mod classroom;
pub mod gradescope;
pub mod handed_out;
pub mod hidden;

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::manifest::{Course, MANIFEST_PATH};
use crate::stubs;

pub use classroom::Pin;
pub use handed_out::HandedOut;

/// What an export wrote.
#[derive(Debug)]
pub struct Exported {
    pub files: usize,
    /// The course's files it left out (see [`HandedOut::left_out`]).
    pub left_out: Option<String>,
}

/// Writes the student repository of the course at `course_root` to `dest` (a folder that must
/// not exist, or be empty), after checking that the stubs in `exercises/*/src` are the ones
/// generated from the solutions.
pub fn export(
    course_root: &Path,
    course: &Course,
    dest: &Path,
    pin: Pin,
) -> Result<Exported, Error> {
    let pin = pin.checked()?;
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
    let dest = std::path::absolute(dest).map_err(|e| Error::io("cannot resolve", dest, e))?;
    refuse_inside(course_root, &dest)?;
    let parent = dest.parent().unwrap_or(Path::new("/"));
    if !parent.is_dir() {
        return Err(Error::BadInput(format!(
            "{}: no such folder to export into; create it first",
            parent.display()
        )));
    }
    let staging = tempfile::Builder::new()
        .prefix(".grader-export")
        .tempdir_in(parent)
        .map_err(|e| Error::io("cannot create a folder in", parent, e))?;
    let handed_out = handed_out::handed_out(course_root, course)?;
    let written = write_all(course_root, course, &handed_out, staging.path(), &pin)?;
    // A temporary folder is private to its owner; the export is for handing out.
    std::fs::set_permissions(
        staging.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .map_err(|e| Error::io("cannot write", staging.path(), e))?;
    if dest.exists() {
        std::fs::remove_dir(&dest).map_err(|e| Error::io("cannot replace", &dest, e))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, &dest).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        Error::io("cannot move the export into", &dest, e)
    })?;
    Ok(Exported {
        files: written,
        left_out: handed_out.left_out(),
    })
}

/// Refuses a destination inside the course (but for its `target/`): the next export, grading
/// and the Gradescope bundle would take it for course files.
fn refuse_inside(course_root: &Path, dest: &Path) -> Result<(), Error> {
    let root =
        std::fs::canonicalize(course_root).map_err(|e| Error::io("cannot read", course_root, e))?;
    let parent = dest.parent().unwrap_or(Path::new("/"));
    let parent = std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
    let dest = parent.join(dest.file_name().unwrap_or_default());
    if dest.starts_with(&root) && !dest.starts_with(root.join("target")) {
        return Err(Error::BadInput(format!(
            "{} is inside the course: export to a folder outside it (or under its target/)",
            dest.display()
        )));
    }
    Ok(())
}

fn write_all(
    course_root: &Path,
    course: &Course,
    handed_out: &HandedOut,
    dest: &Path,
    pin: &Pin,
) -> Result<usize, Error> {
    let mut written = 0;
    for relative in &handed_out.files {
        let replaced = classroom::FILES
            .iter()
            .any(|(_, target)| relative == Path::new(target));
        if hidden::is_hidden_file(relative) || replaced {
            continue;
        }
        let from = course_root.join(relative);
        let to = dest.join(relative);
        match student_text(course, relative, &from)? {
            Some(text) => write(&to, text.as_bytes())?,
            None => {
                create_parent(&to)?;
                std::fs::copy(&from, &to).map_err(|e| Error::io("cannot write", &to, e))?;
            }
        }
        written += 1;
    }
    for (source, target) in classroom::FILES {
        let from = course_root.join(classroom::FOLDER).join(source);
        if !from.is_file() {
            return Err(Error::BadInput(format!(
                "{} not found: a student repository needs it (see docs/instructor-guide.md, \"The student repository\")",
                from.display()
            )));
        }
        let text = read(&from)?;
        let text = if source == "grade.yml" {
            classroom::pinned_workflow(&text, pin, &from)?
        } else {
            text
        };
        write(&dest.join(target), text.as_bytes())?;
        written += 1;
    }
    Ok(written)
}

/// The student's version of a course file that differs from the course's own: the manifest
/// and the graded tests' `main.rs`, both without the hidden tests. `None`: copy it as it is.
fn student_text(course: &Course, relative: &Path, from: &Path) -> Result<Option<String>, Error> {
    if relative == Path::new(MANIFEST_PATH) {
        return hidden::manifest_without_hidden(&read(from)?, course, from).map(Some);
    }
    for exercise in &course.exercises {
        let main: PathBuf = ["exercises", &exercise.dir, "tests", "main.rs"]
            .iter()
            .collect();
        if relative == main {
            let has_hidden = exercise.tests.iter().any(|t| t.hidden);
            return hidden::main_without_hidden(&read(from)?, has_hidden, from).map(Some);
        }
    }
    Ok(None)
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::io("cannot read", path, e))
}

fn create_parent(path: &Path) -> Result<(), Error> {
    match path.parent() {
        Some(parent) => {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))
        }
        None => Ok(()),
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    create_parent(path)?;
    std::fs::write(path, bytes).map_err(|e| Error::io("cannot write", path, e))
}
