//! Reuses the third-party crates the course's own build compiled: before the grader builds, their
//! compiled units in the course's target dir are hard-linked into the grader's, so the first
//! report after `cargo test -p exNN` compiles only the workspace's own crates, and the compiled
//! SDK is on disk once. After the build, the units the grader compiled are linked back, so
//! `cargo test -p exNN` after a first report does not compile them again either.
//!
//! Invariants:
//! - Only units of crates that are not the course workspace's own are linked. A workspace crate's
//!   unit has the same name in both target dirs (Cargo hashes its path relative to the workspace
//!   root), but the grader's copy is built from other sources, and Cargo judges a workspace crate
//!   fresh by file times alone: a unit of the course's could pass for a submission's.
//! - A registry crate's unit is named by a hash of everything it was compiled from (version,
//!   features, profile, dependencies, compiler), so a unit linked under its name is the unit
//!   Cargo would build under that name. A file in `deps` is shared only if a third-party unit's
//!   fingerprint carries its hash (a submission's binary named `tokio` is not one).
//! - Nothing the grader's target dir holds is replaced. A unit's fingerprint folder is copied
//!   whole under another name and then renamed, so a run stopped halfway leaves no half unit.
//! - Only compiled files are hard links (rustc and the linker replace those, never write into
//!   them); fingerprints, dep-info and build-script output, which Cargo rewrites in place, are
//!   copies, so a rebuild on one side never edits the other's.
//! - When both sides compiled the same unit on their own (two first builds at once), their
//!   crates cannot be mixed: nothing is shared until the grader's target dir is deleted.
//! - Reuse only saves time: when it cannot be done (another file system, an unexpected layout),
//!   the grader builds everything itself, as before.
//!
//! The course's target dir is trusted as much as the course: it must hold only what Cargo built
//! from the course's own sources (see the instructor guide).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use serde_json::Value;

use crate::build::cargo_program;

/// Cargo's profile folder for the `dev` and `test` profiles, the only ones the grader builds.
const PROFILE_DIR: &str = "debug";

/// The course's own build, as far as the grader may share it.
#[derive(Debug, Clone)]
pub struct SharedBuild {
    /// The course's profile folder, `<build dir>/debug`.
    course: PathBuf,
    /// The names of the course workspace's crates and targets, with `-` as `_`.
    own: HashSet<String>,
}

impl SharedBuild {
    /// The build of the course at `course_root`, found with `cargo metadata` once per grader
    /// run (a batch grades many submissions, a watch grades at every save); why not, if not.
    pub fn find(course_root: &Path) -> Result<SharedBuild, String> {
        static FOUND: Mutex<Vec<(PathBuf, Result<SharedBuild, String>)>> = Mutex::new(Vec::new());
        let mut found = FOUND.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, known)) = found.iter().find(|(root, _)| root == course_root) {
            return known.clone();
        }
        let build = course_layout(course_root).map(|(build_dir, own)| SharedBuild {
            course: build_dir.join(PROFILE_DIR),
            own,
        });
        found.push((course_root.to_path_buf(), build.clone()));
        build
    }

    /// Before the grader builds: links the course's third-party units into `work_target`, and
    /// returns how many files it linked.
    pub fn link_into(&self, work_target: &Path) -> Result<usize, String> {
        if !self.course.join(".fingerprint").is_dir() {
            return Ok(0); // nothing built there yet
        }
        self.link(&self.course, &work_target.join(PROFILE_DIR))
    }

    /// After the grader built: links the third-party units it compiled back into the course's
    /// target dir, so that `cargo test -p exNN` after a first report compiles them no more.
    pub fn link_back(&self, work_target: &Path) -> Result<usize, String> {
        if !self.course.join(".fingerprint").is_dir() {
            return Ok(0);
        }
        self.link(&work_target.join(PROFILE_DIR), &self.course)
    }

    fn link(&self, from: &Path, into: &Path) -> Result<usize, String> {
        if same_folder(from, into) {
            return Ok(0);
        }
        std::fs::create_dir_all(into)
            .map_err(|e| format!("cannot create {}: {e}", into.display()))?;
        if !same_file_system(from, into) {
            return Err(format!(
                "{} and {} are on different file systems, and a file can be linked only within one \
                 (put the work dir beside the course's target dir, or pass --no-reuse)",
                from.display(),
                into.display()
            ));
        }
        link_units(from, into, &self.own)
    }
}

/// The course's build folder (where Cargo keeps intermediate artifacts) and the names of the
/// workspace's own crates and targets, with `-` as `_`, from `cargo metadata`.
fn course_layout(course_root: &Path) -> Result<(PathBuf, HashSet<String>), String> {
    let output = Command::new(cargo_program())
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(course_root)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    let folder = metadata["build_directory"]
        .as_str()
        .or_else(|| metadata["target_directory"].as_str())
        .ok_or("cargo metadata names no target directory")?;
    let mut own = HashSet::new();
    for package in metadata["packages"].as_array().into_iter().flatten() {
        own.extend(package["name"].as_str().map(crate_name));
        for target in package["targets"].as_array().into_iter().flatten() {
            own.extend(target["name"].as_str().map(crate_name));
        }
    }
    // Every build script's target is named this, whichever package it belongs to.
    own.remove("build_script_build");
    Ok((PathBuf::from(folder), own))
}

fn crate_name(name: &str) -> String {
    name.replace('-', "_")
}

fn same_file_system(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => false,
    }
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Shares every unit in `from` that belongs to no crate of `own` and that `into` lacks: its
/// compiled files (`.rlib`, `.rmeta`, `.so`) as hard links, its small bookkeeping files (Cargo's
/// fingerprints, dep-info, build-script output), which Cargo rewrites in place, as copies with
/// their modification times.
fn link_units(from: &Path, into: &Path, own: &HashSet<String>) -> Result<usize, String> {
    let io = |what: &str, path: &Path, e: std::io::Error| {
        format!("cannot {what} {}: {e}", path.display())
    };
    let diverged = diverged_files(from, into, own);
    if let Some(name) = diverged.first() {
        return Err(format!(
            "the grader's and the course's builds each compiled {name} (and {} more) on their own, \
             so their crates cannot be mixed; delete {} to share them again",
            diverged.len() - 1,
            into.parent().map_or(into, |p| p).display()
        ));
    }
    let third_party_units: HashSet<String> = entries_of(&from.join(".fingerprint"))
        .into_iter()
        .filter(|name| is_third_party_unit(name, own))
        .filter_map(|name| unit_hash(&name).map(str::to_string))
        .collect();
    let mut count = 0;
    for folder in ["deps", ".fingerprint", "build"] {
        let source = from.join(folder);
        let target = into.join(folder);
        std::fs::create_dir_all(&target).map_err(|e| io("create", &target, e))?;
        for name in entries_of(&source) {
            let is_shared = is_third_party_unit(&name, own)
                && (folder != "deps"
                    || unit_hash(&name).is_some_and(|hash| third_party_units.contains(hash)));
            let destination = target.join(&name);
            if !is_shared || destination.symlink_metadata().is_ok() {
                continue;
            }
            let original = source.join(&name);
            if original.is_dir() {
                // Built under another name first: a run stopped halfway leaves no half unit.
                let partial = target.join(format!(".{name}.{}.partial", std::process::id()));
                count += copy_tree(&original, &partial).map_err(|e| io("copy", &original, e))?;
                std::fs::rename(&partial, &destination)
                    .map_err(|e| io("write", &destination, e))?;
            } else {
                share_file(&original, &destination).map_err(|e| io("link", &original, e))?;
                count += 1;
            }
        }
    }
    Ok(count)
}

/// The names in `folder`, or none if it cannot be read.
fn entries_of(folder: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect()
}

/// The third-party compiled files that `from/deps` and `into/deps` both hold but not as one
/// file (each side builds the workspace's own crates itself): each side
/// compiled that unit itself, and a crate compiled against one cannot link with the other.
fn diverged_files(from: &Path, into: &Path, own: &HashSet<String>) -> Vec<String> {
    use std::os::unix::fs::MetadataExt;
    let mut diverged = Vec::new();
    for name in entries_of(&from.join("deps")) {
        if !is_compiled(Path::new(&name)) || !is_third_party_unit(&name, own) {
            continue;
        }
        let (Ok(ours), Ok(theirs)) = (
            std::fs::metadata(from.join("deps").join(&name)),
            std::fs::metadata(into.join("deps").join(&name)),
        ) else {
            continue;
        };
        if (ours.dev(), ours.ino()) != (theirs.dev(), theirs.ino()) {
            diverged.push(name);
        }
    }
    diverged.sort();
    diverged
}

fn is_compiled(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "rlib" || e == "rmeta" || e == "so")
}

/// A compiled file as a hard link (Cargo and rustc replace those, never rewrite them), anything
/// else as a copy with its modification time.
fn share_file(from: &Path, to: &Path) -> std::io::Result<()> {
    if is_compiled(from) {
        return std::fs::hard_link(from, to);
    }
    std::fs::copy(from, to)?;
    let modified = std::fs::metadata(from)?.modified()?;
    std::fs::File::options()
        .write(true)
        .open(to)?
        .set_modified(modified)
}

/// Recreates the folder `from` at `to`, file by file with [`share_file`].
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(to)?;
    let mut count = 0;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let destination = to.join(entry.file_name());
        if kind.is_dir() {
            count += copy_tree(&entry.path(), &destination)?;
        } else if kind.is_file() {
            share_file(&entry.path(), &destination)?;
            count += 1;
        }
    }
    Ok(count)
}

/// The 16 hex digits that name a unit: `libserde-0123456789abcdef.rlib` -> `0123456789abcdef`.
fn unit_hash(name: &str) -> Option<&str> {
    let stem = name.split('.').next().unwrap_or(name);
    let (_, hash) = stem.rsplit_once('-')?;
    (hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
}

/// Whether a file or folder named `name` (`libserde-0123456789abcdef.rlib`, `serde-0123…`) is a
/// unit of a crate not in `own`. Names without a unit hash are never units to share.
fn is_third_party_unit(name: &str, own: &HashSet<String>) -> bool {
    if unit_hash(name).is_none() {
        return false;
    }
    let stem = name.split('.').next().unwrap_or(name);
    let Some((crate_part, _)) = stem.rsplit_once('-') else {
        return false;
    };
    let crate_part = crate_name(crate_part);
    let is_own = own.contains(&crate_part)
        || crate_part
            .strip_prefix("lib")
            .is_some_and(|rest| own.contains(rest));
    !is_own
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own() -> HashSet<String> {
        ["lab_support", "ex03", "graded", "lab_dylib"]
            .map(String::from)
            .into()
    }

    #[test]
    fn registry_units_are_shared_and_the_workspaces_own_are_not() {
        let own = own();
        for shared in [
            "libserde-0123456789abcdef.rlib",
            "serde-0123456789abcdef.d",
            "aws-sdk-dynamodb-0123456789abcdef",
            "libaws_sdk_dynamodb-0123456789abcdef.rmeta",
            "liblibc-0123456789abcdef.rlib",
            "libserde_derive-0123456789abcdef.so",
        ] {
            assert!(is_third_party_unit(shared, &own), "{shared}");
        }
        for kept in [
            "liblab_support-0123456789abcdef.rlib",
            "lab-support-0123456789abcdef",
            "graded-0123456789abcdef",
            "ex03-0123456789abcdef.d",
            "lab-dylib-0123456789abcdef",
            "liblab_dylib.so",
            "lab_dylib.d",
            "serde-0123.d",
            "serde-0123456789abcdeg.d",
        ] {
            assert!(!is_third_party_unit(kept, &own), "{kept}");
        }
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn units_are_linked_once_and_nothing_of_the_work_dirs_is_replaced() {
        let course = tempfile::tempdir().unwrap();
        let work = tempfile::tempdir().unwrap();
        let from = course.path();
        let into = work.path();
        write(&from.join("deps/libserde-0123456789abcdef.rlib"), "serde");
        write(
            &from.join("deps/liblab_support-0123456789abcdef.rlib"),
            "ours",
        );
        write(
            &from.join(".fingerprint/serde-0123456789abcdef/lib-serde"),
            "f",
        );
        write(&from.join("build/ring-0123456789abcdef/out/lib.a"), "ring");
        // A submission's binary named like a crate: its unit is the exercise's.
        write(&from.join("deps/tokio-fedcba9876543210"), "student's");
        write(
            &from.join(".fingerprint/ex03-fedcba9876543210/bin-tokio"),
            "f",
        );
        write(
            &from.join(".fingerprint/tokio-0123456789abcdef/lib-tokio"),
            "t",
        );
        write(
            &into.join(".fingerprint/tokio-0123456789abcdef/lib-tokio"),
            "own",
        );

        assert_eq!(link_units(from, into, &own()).unwrap(), 3);

        let read = |relative: &str| std::fs::read_to_string(into.join(relative)).unwrap();
        assert_eq!(read("deps/libserde-0123456789abcdef.rlib"), "serde");
        let inode = |path: PathBuf| std::os::unix::fs::MetadataExt::ino(&path.metadata().unwrap());
        assert_eq!(
            inode(into.join("deps/libserde-0123456789abcdef.rlib")),
            inode(from.join("deps/libserde-0123456789abcdef.rlib")),
            "a link, not a copy"
        );
        assert_eq!(read(".fingerprint/serde-0123456789abcdef/lib-serde"), "f");
        let fingerprint = ".fingerprint/serde-0123456789abcdef/lib-serde";
        assert_ne!(
            inode(into.join(fingerprint)),
            inode(from.join(fingerprint)),
            "Cargo rewrites fingerprints in place: a copy"
        );
        let modified = |path: PathBuf| path.metadata().unwrap().modified().unwrap();
        assert_eq!(
            modified(into.join(fingerprint)),
            modified(from.join(fingerprint))
        );
        assert!(!into.join("deps/tokio-fedcba9876543210").exists());
        assert_eq!(read("build/ring-0123456789abcdef/out/lib.a"), "ring");
        assert_eq!(read(".fingerprint/tokio-0123456789abcdef/lib-tokio"), "own");
        assert!(!into
            .join("deps/liblab_support-0123456789abcdef.rlib")
            .exists());
        let leftovers: Vec<_> = std::fs::read_dir(into.join(".fingerprint"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
            .collect();
        assert!(leftovers.is_empty());
        assert_eq!(link_units(from, into, &own()).unwrap(), 0, "all there");
    }

    #[test]
    fn a_unit_both_sides_compiled_on_their_own_stops_all_sharing() {
        let course = tempfile::tempdir().unwrap();
        let work = tempfile::tempdir().unwrap();
        let from = course.path();
        let into = work.path();
        write(&from.join("deps/libserde-0123456789abcdef.rlib"), "serde");
        write(&into.join("deps/libserde-0123456789abcdef.rlib"), "serde");
        write(&from.join("deps/libtokio-0123456789abcdef.rlib"), "tokio");
        write(
            &from.join(".fingerprint/tokio-0123456789abcdef/lib-tokio"),
            "t",
        );

        let refused = link_units(from, into, &own()).unwrap_err();

        assert!(
            refused.contains("libserde-0123456789abcdef.rlib") && refused.contains("delete"),
            "{refused}"
        );
        assert!(!into.join("deps/libtokio-0123456789abcdef.rlib").exists());
    }
}
