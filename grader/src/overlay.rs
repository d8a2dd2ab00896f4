//! Lays a submission's `exercises/<dir>/src` trees over a pristine copy of the course workspace.
//!
//! Files are written only when their content differs, so Cargo's fingerprints stay valid for
//! everything the submission did not change, and rebuilds cost only the changed crates.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::manifest::Course;

/// Entries of the course root never copied into the overlay.
const SKIPPED_AT_ROOT: [&str; 2] = ["target", "solutions"];

/// Brings `overlay` to the pristine course workspace at `course_root`, except for the `src` trees
/// of the exercises in `replaced`, which the caller fills from the submission.
pub fn sync_pristine(
    course_root: &Path,
    overlay: &Path,
    course: &Course,
    replaced: &HashSet<String>,
) -> Result<(), Error> {
    let skip: HashSet<PathBuf> = course
        .exercises
        .iter()
        .filter(|e| replaced.contains(&e.id))
        .map(|e| PathBuf::from("exercises").join(&e.dir).join("src"))
        .collect();
    let skipped = |relative: &Path| {
        skip.contains(relative)
            || (relative.components().count() == 1
                && SKIPPED_AT_ROOT
                    .iter()
                    .any(|name| relative == Path::new(name)))
    };
    // Cargo writes a lock file when the course has none: keep it, or every build resolves anew.
    let cargo_made = |relative: &Path| relative == Path::new("Cargo.lock");
    sync_tree(course_root, overlay, Path::new(""), &skipped, &cargo_made)
}

/// Makes the tree at `dst` identical to the one at `src`.
pub fn sync_src(src: &Path, dst: &Path) -> Result<(), Error> {
    sync_tree(src, dst, Path::new(""), &|_| false, &|_| false)
}

fn sync_tree(
    src: &Path,
    dst: &Path,
    relative: &Path,
    skip: &dyn Fn(&Path) -> bool,
    preserve: &dyn Fn(&Path) -> bool,
) -> Result<(), Error> {
    std::fs::create_dir_all(dst).map_err(|e| Error::io("cannot create", dst, e))?;
    let mut kept: HashSet<OsString> = HashSet::new();
    for entry in std::fs::read_dir(src).map_err(|e| Error::io("cannot read", src, e))? {
        let entry = entry.map_err(|e| Error::io("cannot read", src, e))?;
        let name = entry.file_name();
        let child = relative.join(&name);
        if is_hidden(&name) || skip(&child) {
            kept.insert(name);
            continue;
        }
        let from = entry.path();
        let to = dst.join(&name);
        let meta = std::fs::metadata(&from).map_err(|e| Error::io("cannot read", &from, e))?;
        if meta.is_dir() {
            if to.is_file() {
                remove(&to)?;
            }
            sync_tree(&from, &to, &child, skip, preserve)?;
        } else {
            if to.is_dir() {
                remove(&to)?;
            }
            copy_if_changed(&from, &to)?;
        }
        kept.insert(name);
    }
    for entry in std::fs::read_dir(dst).map_err(|e| Error::io("cannot read", dst, e))? {
        let entry = entry.map_err(|e| Error::io("cannot read", dst, e))?;
        let name = entry.file_name();
        if !kept.contains(&name) && !preserve(&relative.join(&name)) {
            remove(&entry.path())?;
        }
    }
    Ok(())
}

fn is_hidden(name: &OsString) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn copy_if_changed(from: &Path, to: &Path) -> Result<(), Error> {
    let new = std::fs::read(from).map_err(|e| Error::io("cannot read", from, e))?;
    if std::fs::read(to).ok().as_deref() == Some(new.as_slice()) {
        return Ok(());
    }
    std::fs::write(to, new).map_err(|e| Error::io("cannot write", to, e))
}

fn remove(path: &Path) -> Result<(), Error> {
    let result = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    result.map_err(|e| Error::io("cannot remove", path, e))
}

/// Files of a submission that differ from the course outside `exercises/*/src` (tests, fixtures,
/// snapshots, Cargo files): grading ignores them, and the report names them.
pub fn changed_outside_src(
    course_root: &Path,
    submission_root: &Path,
    course: &Course,
) -> Result<Vec<String>, Error> {
    let src_trees: HashSet<PathBuf> = course
        .exercises
        .iter()
        .map(|e| PathBuf::from("exercises").join(&e.dir).join("src"))
        .collect();
    let mut changed = Vec::new();
    collect_changes(
        course_root,
        submission_root,
        Path::new(""),
        &src_trees,
        &mut changed,
    )?;
    changed.sort();
    Ok(changed)
}

fn collect_changes(
    course_root: &Path,
    submission_root: &Path,
    relative: &Path,
    src_trees: &HashSet<PathBuf>,
    changed: &mut Vec<String>,
) -> Result<(), Error> {
    let dir = submission_root.join(relative);
    for entry in std::fs::read_dir(&dir).map_err(|e| Error::io("cannot read", &dir, e))? {
        let entry = entry.map_err(|e| Error::io("cannot read", &dir, e))?;
        let name = entry.file_name();
        let child = relative.join(&name);
        let at_root = relative.as_os_str().is_empty();
        if is_hidden(&name)
            || src_trees.contains(&child)
            || (at_root && SKIPPED_AT_ROOT.iter().any(|s| name == *s))
            || name == "Cargo.lock"
        {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            collect_changes(course_root, submission_root, &child, src_trees, changed)?;
        } else {
            let ours = std::fs::read(course_root.join(&child)).ok();
            let theirs = std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?;
            if ours.as_deref() != Some(theirs.as_slice()) {
                changed.push(child.to_string_lossy().into_owned());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn modified(path: &Path) -> std::time::SystemTime {
        std::fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn sync_src_rewrites_only_changed_files_and_removes_stale_ones() {
        let src = tempfile::tempdir().unwrap();
        let dst = tempfile::tempdir().unwrap();
        write(&src.path().join("lib.rs"), "same");
        write(&src.path().join("store.rs"), "new");
        write(&dst.path().join("lib.rs"), "same");
        write(&dst.path().join("store.rs"), "old");
        write(
            &dst.path().join("leftover/old.rs"),
            "from an earlier submission",
        );
        let untouched = modified(&dst.path().join("lib.rs"));
        std::thread::sleep(std::time::Duration::from_millis(20));

        sync_src(src.path(), dst.path()).unwrap();

        assert_eq!(
            modified(&dst.path().join("lib.rs")),
            untouched,
            "an unchanged file keeps its mtime, so Cargo does not rebuild for it"
        );
        assert_eq!(
            std::fs::read_to_string(dst.path().join("store.rs")).unwrap(),
            "new"
        );
        assert!(!dst.path().join("leftover").exists());
    }

    #[test]
    fn sync_pristine_skips_target_solutions_and_replaced_src_and_keeps_cargos_lock_file() {
        let course_root = tempfile::tempdir().unwrap();
        let overlay = tempfile::tempdir().unwrap();
        let root = course_root.path();
        write(&root.join("Cargo.toml"), "[workspace]");
        write(&root.join("target/debug/big"), "build output");
        write(&root.join("solutions/ex01-a/src/lib.rs"), "solution");
        write(&root.join("exercises/ex01-a/src/lib.rs"), "stub");
        write(&root.join("exercises/ex01-a/tests/main.rs"), "tests");
        write(&overlay.path().join("Cargo.lock"), "written by cargo");
        write(
            &overlay.path().join("exercises/ex01-a/src/lib.rs"),
            "student",
        );
        let course: Course = toml::from_str(
            "title = \"t\"\n[[exercise]]\nid = \"a\"\ndir = \"ex01-a\"\ntitle = \"A\"\n[[exercise.test]]\nname = \"x\"\n",
        )
        .unwrap();
        let replaced = HashSet::from(["a".to_string()]);

        sync_pristine(root, overlay.path(), &course, &replaced).unwrap();

        let o = overlay.path();
        assert!(o.join("Cargo.toml").is_file());
        assert!(o.join("exercises/ex01-a/tests/main.rs").is_file());
        assert!(!o.join("target").exists() && !o.join("solutions").exists());
        assert_eq!(
            std::fs::read_to_string(o.join("exercises/ex01-a/src/lib.rs")).unwrap(),
            "student",
            "a replaced src tree is left to the submission"
        );
        assert!(o.join("Cargo.lock").is_file());
    }
}
