//! The one rule for which files of a course workspace belong to whom: the overlay, `export`
//! and the tamper report all ask [`owner`], and all walk trees with [`walk`].
//!
//! Invariants:
//! - a submission owns only `.rs` files inside an exercise's `src/`, less the files the course
//!   declares `given` there; everything else (tests, fixtures, snapshots, Cargo files, the
//!   manifest, the given files) is the course's, whatever the submission holds;
//! - build output, version control and the reference solutions are nobody's: never copied into
//!   an overlay, never compared, never exported;
//! - a submission's tree is walked without following links: a link is reported, never read.

use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::manifest::Course;

/// Top-level entries of a workspace that are nobody's.
const NOBODYS_AT_ROOT: [&str; 2] = ["target", "solutions"];
/// Entries that are nobody's wherever they are.
const NOBODYS_ANYWHERE: [&str; 3] = [".git", ".venv", "node_modules"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner<'a> {
    /// The course's: always taken from the course's own copy.
    Course,
    /// The submission's: a source file of the exercise with this id.
    Submission(&'a str),
    /// Nobody's: build output, version control, the solutions.
    Nobody,
}

/// Who owns the file at `relative` (a path inside a workspace).
pub fn owner<'a>(relative: &Path, course: &'a Course) -> Owner<'a> {
    let parts: Vec<&str> = relative
        .components()
        .filter_map(|part| match part {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    if parts.is_empty()
        || NOBODYS_AT_ROOT.contains(&parts[0])
        || parts.iter().any(|part| NOBODYS_ANYWHERE.contains(part))
    {
        return Owner::Nobody;
    }
    if let ["exercises", dir, "src", inside @ ..] = parts.as_slice() {
        if let Some(exercise) = course.exercises.iter().find(|e| e.dir == *dir) {
            let inside = inside.join("/");
            let is_source =
                inside.ends_with(".rs") && !inside.split('/').any(|p| p.starts_with('.'));
            if is_source && !exercise.given.iter().any(|given| given == &inside) {
                return Owner::Submission(&exercise.id);
            }
        }
    }
    Owner::Course
}

/// One entry found by [`walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The path relative to the walked root.
    pub relative: PathBuf,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File {
        bytes: u64,
    },
    /// A symbolic link (only when links are not followed).
    Link,
    /// A name that is not UTF-8.
    BadName,
    /// Anything else: a socket, a device, a pipe.
    Special,
}

/// Whether [`walk`] follows symbolic links: yes in the course's own tree, never in a submission's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    Follow,
    Report,
}

/// Every file below `root`, depth first in name order, skipping what `skip` says (given the
/// relative path); folders are descended, not listed.
pub fn walk(root: &Path, links: Links, skip: &dyn Fn(&Path) -> bool) -> Result<Vec<Found>, Error> {
    let mut found = Vec::new();
    walk_into(root, Path::new(""), links, skip, &mut found)?;
    Ok(found)
}

fn walk_into(
    root: &Path,
    relative: &Path,
    links: Links,
    skip: &dyn Fn(&Path) -> bool,
    found: &mut Vec<Found>,
) -> Result<(), Error> {
    let dir = root.join(relative);
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io("cannot read", &dir, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| Error::io("cannot read", &dir, e))?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let child = relative.join(entry.file_name());
        if skip(&child) {
            continue;
        }
        if entry.file_name().to_str().is_none() {
            found.push(Found {
                relative: child,
                kind: Kind::BadName,
            });
            continue;
        }
        let path = entry.path();
        let meta = match links {
            Links::Follow => std::fs::metadata(&path),
            Links::Report => std::fs::symlink_metadata(&path),
        }
        .map_err(|e| Error::io("cannot read", &path, e))?;
        let kind = if meta.file_type().is_symlink() {
            Kind::Link
        } else if meta.is_dir() {
            walk_into(root, &child, links, skip, found)?;
            continue;
        } else if meta.is_file() {
            Kind::File { bytes: meta.len() }
        } else {
            Kind::Special
        };
        found.push(Found {
            relative: child,
            kind,
        });
    }
    Ok(())
}

/// A `skip` for [`walk`] over a whole workspace: what is nobody's.
/// Of the paths a change touched (relative to the workspace, as `git diff --name-only` lists
/// them), the ones that are the course's: tests, fixtures, snapshots, Cargo files, the manifest,
/// the given files, the workflow, the grader. Sorted, each once.
pub fn protected(changed: &[String], course: &Course) -> Vec<String> {
    let mut found: Vec<String> = changed
        .iter()
        .filter(|path| owner(Path::new(path), course) == Owner::Course)
        .cloned()
        .collect();
    found.sort();
    found.dedup();
    found
}

pub fn skip_nobodys(course: &Course) -> impl Fn(&Path) -> bool + '_ {
    move |relative| owner(relative, course) == Owner::Nobody
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> Course {
        toml::from_str(
            "title = \"t\"\n[[exercise]]\nid = \"a\"\ndir = \"ex01-a\"\ntitle = \"A\"\ngiven = [\"lib.rs\", \"model/types.rs\"]\n[[exercise.test]]\nname = \"x\"\n",
        )
        .unwrap()
    }

    #[test]
    fn a_change_to_tests_workflow_or_given_files_is_protected_and_one_to_sources_is_not() {
        let changed: Vec<String> = [
            "exercises/ex01-a/src/store.rs",
            ".github/workflows/grade.yml",
            "exercises/ex01-a/tests/main.rs",
            "exercises/ex01-a/src/lib.rs",
            "grader/src/judge.rs",
            "target/debug/x",
            "exercises/ex01-a/tests/main.rs",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            protected(&changed, &course()),
            [
                ".github/workflows/grade.yml",
                "exercises/ex01-a/src/lib.rs",
                "exercises/ex01-a/tests/main.rs",
                "grader/src/judge.rs",
            ]
        );
    }

    #[test]
    fn a_submission_owns_only_the_rs_files_of_an_exercise_src_less_the_given_ones() {
        let course = course();
        let owner_of = |path: &str| owner(Path::new(path), &course);
        assert!(matches!(
            owner_of("exercises/ex01-a/src/store.rs"),
            Owner::Submission(_)
        ));
        assert!(matches!(
            owner_of("exercises/ex01-a/src/deep/er.rs"),
            Owner::Submission(_)
        ));
        assert_eq!(owner_of("exercises/ex01-a/src/lib.rs"), Owner::Course);
        assert_eq!(
            owner_of("exercises/ex01-a/src/model/types.rs"),
            Owner::Course
        );
        assert_eq!(owner_of("exercises/ex01-a/src/notes.txt"), Owner::Course);
        assert_eq!(owner_of("exercises/ex01-a/tests/main.rs"), Owner::Course);
        assert_eq!(owner_of("exercises/ex09-unknown/src/lib.rs"), Owner::Course);
        assert_eq!(owner_of("exercises/course.toml"), Owner::Course);
        assert_eq!(owner_of("Cargo.toml"), Owner::Course);
    }

    #[test]
    fn build_output_version_control_and_solutions_are_nobodys() {
        let course = course();
        for path in [
            "target/debug/x",
            "solutions/ex01-a/src/store.rs",
            ".git/config",
            "fixtures/recorder/.venv/bin/python",
        ] {
            assert_eq!(owner(Path::new(path), &course), Owner::Nobody, "{path}");
        }
    }

    #[test]
    fn a_walk_that_reports_links_does_not_follow_them() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.rs"), "fn x() {}").unwrap();
        std::fs::write(root.path().join("lib.rs"), "").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.rs"),
            root.path().join("store.rs"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("dir")).unwrap();

        let reported = walk(root.path(), Links::Report, &|_| false).unwrap();
        let kinds: Vec<(String, Kind)> = reported
            .iter()
            .map(|f| (f.relative.display().to_string(), f.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("dir".to_string(), Kind::Link),
                ("lib.rs".to_string(), Kind::File { bytes: 0 }),
                ("store.rs".to_string(), Kind::Link),
            ]
        );
        let followed = walk(root.path(), Links::Follow, &|_| false).unwrap();
        assert!(followed
            .iter()
            .any(|f| f.relative == Path::new("dir/secret.rs")));
    }
}
