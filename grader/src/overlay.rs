//! Lays a submission's sources over a pristine copy of the course workspace.
//!
//! Which file comes from where is [`crate::files::owner`]'s to say: the submission supplies only
//! the `.rs` files it owns, everything else comes from the course. Files are written only when
//! their content differs, so Cargo's fingerprints stay valid for everything the submission did
//! not change, and rebuilds cost only the changed crates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::files::{owner, skip_nobodys, walk, Kind, Links, Owner};
use crate::manifest::{Course, Exercise};

/// Cargo writes a lock file when the course has none: the overlay keeps it, or every build
/// resolves anew.
const CARGO_MADE: &str = "Cargo.lock";

/// Brings `overlay` to the course at `course_root`, with the sources of each exercise in
/// `submitted` taken from its `src` folder instead. The submitted folders must have passed the
/// policy check (no links); anything in them a submission does not own is left out.
pub fn lay(
    course_root: &Path,
    overlay: &Path,
    course: &Course,
    submitted: &[(&Exercise, PathBuf)],
) -> Result<(), Error> {
    let replaced = |id: &str| submitted.iter().any(|(e, _)| e.id == id);
    let mut wanted: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for found in walk(course_root, Links::Follow, &skip_nobodys(course))? {
        let keep = match owner(&found.relative, course) {
            Owner::Nobody => false,
            Owner::Submission(id) => !replaced(id),
            Owner::Course => true,
        };
        if keep && matches!(found.kind, Kind::File { .. }) {
            wanted.insert(found.relative.clone(), course_root.join(&found.relative));
        }
    }
    for (exercise, src) in submitted {
        let in_workspace = exercise.src_below(Path::new("exercises"));
        for found in walk(src, Links::Report, &|_| false)? {
            let relative = in_workspace.join(&found.relative);
            let owned = owner(&relative, course) == Owner::Submission(&exercise.id);
            if owned && matches!(found.kind, Kind::File { .. }) {
                wanted.insert(relative, src.join(&found.relative));
            }
        }
    }
    for (relative, from) in &wanted {
        copy_if_changed(from, &overlay.join(relative))?;
    }
    if overlay.is_dir() {
        for found in walk(overlay, Links::Report, &|_| false)? {
            if !wanted.contains_key(&found.relative) && found.relative != Path::new(CARGO_MADE) {
                remove(&overlay.join(&found.relative))?;
            }
        }
    }
    Ok(())
}

fn copy_if_changed(from: &Path, to: &Path) -> Result<(), Error> {
    let new = std::fs::read(from).map_err(|e| Error::io("cannot read", from, e))?;
    if std::fs::read(to).ok().as_deref() == Some(new.as_slice()) {
        return Ok(());
    }
    if let Some(parent) = to.parent() {
        // A file where a folder must go, left by an earlier submission.
        if parent.is_file() {
            remove(parent)?;
        }
        std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
    }
    if to.is_dir() {
        remove(to)?;
    }
    std::fs::write(to, new).map_err(|e| Error::io("cannot write", to, e))
}

fn remove(path: &Path) -> Result<(), Error> {
    let result = if path.is_dir() && !path.is_symlink() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    result.map_err(|e| Error::io("cannot remove", path, e))
}

/// Files of a submission that the course owns and that differ from the course's (tests,
/// fixtures, snapshots, Cargo files, given sources), and links anywhere: grading ignores them,
/// and the report names them.
pub fn changed_outside_src(
    course_root: &Path,
    submission_root: &Path,
    course: &Course,
) -> Result<Vec<String>, Error> {
    let mut changed = Vec::new();
    for found in walk(submission_root, Links::Report, &skip_nobodys(course))? {
        if found.relative == Path::new(CARGO_MADE)
            || matches!(owner(&found.relative, course), Owner::Submission(_))
        {
            continue;
        }
        let theirs = match found.kind {
            Kind::File { .. } => std::fs::read(submission_root.join(&found.relative)).ok(),
            Kind::Link if same_link(course_root, submission_root, &found.relative) => continue,
            _ => None,
        };
        let ours = std::fs::read(course_root.join(&found.relative)).ok();
        if theirs.is_none() || ours != theirs {
            changed.push(found.relative.to_string_lossy().into_owned());
        }
    }
    Ok(changed)
}

/// Whether `relative` is a link to the same place in both trees (the course may hold links).
fn same_link(course_root: &Path, submission_root: &Path, relative: &Path) -> bool {
    let ours = std::fs::read_link(course_root.join(relative));
    let theirs = std::fs::read_link(submission_root.join(relative));
    matches!((ours, theirs), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    fn modified(path: &Path) -> std::time::SystemTime {
        std::fs::metadata(path).unwrap().modified().unwrap()
    }

    fn course() -> Course {
        toml::from_str(
            "title = \"t\"\n[[exercise]]\nid = \"a\"\ndir = \"ex01-a\"\ntitle = \"A\"\ngiven = [\"types.rs\"]\n[[exercise.test]]\nname = \"x\"\n",
        )
        .unwrap()
    }

    fn course_tree(root: &Path) {
        write(&root.join("Cargo.toml"), "[workspace]");
        write(&root.join("target/debug/big"), "build output");
        write(&root.join("solutions/ex01-a/src/lib.rs"), "solution");
        write(&root.join("exercises/ex01-a/src/lib.rs"), "stub");
        write(&root.join("exercises/ex01-a/src/types.rs"), "given types");
        write(&root.join("exercises/ex01-a/tests/main.rs"), "tests");
    }

    #[test]
    fn the_overlay_takes_the_submissions_sources_and_the_course_for_everything_else() {
        let root = tempfile::tempdir().unwrap();
        let submission = tempfile::tempdir().unwrap();
        let overlay = tempfile::tempdir().unwrap();
        course_tree(root.path());
        let src = submission.path().join("src");
        write(&src.join("lib.rs"), "student");
        write(&src.join("types.rs"), "impl PartialEq for Everything");
        write(&src.join("notes.txt"), "not a source");
        write(&overlay.path().join("Cargo.lock"), "written by cargo");
        write(
            &overlay.path().join("exercises/ex01-a/src/old.rs"),
            "an earlier submission",
        );
        let course = course();

        lay(
            root.path(),
            overlay.path(),
            &course,
            &[(&course.exercises[0], src)],
        )
        .unwrap();

        let o = overlay.path();
        assert_eq!(read(&o.join("exercises/ex01-a/src/lib.rs")), "student");
        assert_eq!(
            read(&o.join("exercises/ex01-a/src/types.rs")),
            "given types"
        );
        assert_eq!(read(&o.join("exercises/ex01-a/tests/main.rs")), "tests");
        assert!(!o.join("exercises/ex01-a/src/notes.txt").exists());
        assert!(!o.join("exercises/ex01-a/src/old.rs").exists());
        assert!(!o.join("target").exists() && !o.join("solutions").exists());
        assert_eq!(read(&o.join("Cargo.lock")), "written by cargo");
    }

    #[test]
    fn laying_again_rewrites_only_changed_files() {
        let root = tempfile::tempdir().unwrap();
        let overlay = tempfile::tempdir().unwrap();
        course_tree(root.path());
        let course = course();
        lay(root.path(), overlay.path(), &course, &[]).unwrap();
        let tests = overlay.path().join("exercises/ex01-a/tests/main.rs");
        let untouched = modified(&tests);
        std::thread::sleep(std::time::Duration::from_millis(20));
        write(&root.path().join("exercises/ex01-a/src/lib.rs"), "new stub");

        lay(root.path(), overlay.path(), &course, &[]).unwrap();

        assert_eq!(
            modified(&tests),
            untouched,
            "Cargo does not rebuild for an unchanged file"
        );
        assert_eq!(
            read(&overlay.path().join("exercises/ex01-a/src/lib.rs")),
            "new stub"
        );
    }

    #[test]
    fn a_changed_given_file_a_changed_test_and_a_link_are_named() {
        let root = tempfile::tempdir().unwrap();
        let submission = tempfile::tempdir().unwrap();
        course_tree(root.path());
        course_tree(submission.path());
        let s = submission.path();
        write(
            &s.join("exercises/ex01-a/src/lib.rs"),
            "the student's own work",
        );
        write(
            &s.join("exercises/ex01-a/src/types.rs"),
            "changed given types",
        );
        write(&s.join("exercises/ex01-a/tests/main.rs"), "weakened tests");
        std::os::unix::fs::symlink("/etc/hostname", s.join("fixture.json")).unwrap();

        let changed = changed_outside_src(root.path(), s, &course()).unwrap();

        assert_eq!(
            changed,
            [
                "exercises/ex01-a/src/types.rs",
                "exercises/ex01-a/tests/main.rs",
                "fixture.json"
            ]
        );
    }
}
