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
//!   Cargo would build under that name.
//! - Nothing the grader's target dir holds is replaced. A unit's fingerprint folder is linked
//!   whole under another name and then renamed, so a run stopped halfway leaves no half unit.
//! - Reuse only saves time: when it cannot be done (another file system, an unexpected layout),
//!   the grader builds everything itself, as before.
//!
//! The course's target dir is trusted as much as the course: it must hold only what Cargo built
//! from the course's own sources (see the instructor guide).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::build::cargo_program;

/// Cargo's profile folder for the `dev` and `test` profiles, the only ones the grader builds.
const PROFILE_DIR: &str = "debug";

/// The course's own build, as far as the grader may share it.
#[derive(Debug)]
pub struct SharedBuild {
    /// The course's profile folder, `<build dir>/debug`.
    course: PathBuf,
    /// The names of the course workspace's crates and targets, with `-` as `_`.
    own: HashSet<String>,
}

impl SharedBuild {
    /// The build of the course at `course_root`, found with `cargo metadata`; why not, if not.
    pub fn find(course_root: &Path) -> Result<SharedBuild, String> {
        let (build_dir, own) = course_layout(course_root)?;
        Ok(SharedBuild {
            course: build_dir.join(PROFILE_DIR),
            own,
        })
    }

    /// Before the grader builds: links the course's third-party units into `work_target`, and
    /// returns how many files it linked.
    pub fn link_into(&self, work_target: &Path) -> Result<usize, String> {
        if !self.course.join(".fingerprint").is_dir() {
            return Err(format!("{} holds no build yet", self.course.display()));
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
        link_units(from, into, &self.own).map_err(|e| {
            format!(
                "cannot link {} into {}: {e}",
                from.display(),
                into.display()
            )
        })
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

fn same_folder(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Links every unit in `from` that belongs to no crate of `own` and that `into` lacks.
fn link_units(from: &Path, into: &Path, own: &HashSet<String>) -> std::io::Result<usize> {
    let mut count = 0;
    // `deps` holds each unit's files side by side; `.fingerprint` and `build` one folder per unit.
    for folder in ["deps", ".fingerprint", "build"] {
        let source = from.join(folder);
        let Ok(entries) = std::fs::read_dir(&source) else {
            continue;
        };
        let target = into.join(folder);
        std::fs::create_dir_all(&target)?;
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if !is_third_party_unit(name, own) {
                continue;
            }
            let destination = target.join(name);
            if destination.symlink_metadata().is_ok() {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                let partial = target.join(format!(".{name}.{}.partial", std::process::id()));
                count += link_tree(&entry.path(), &partial)?;
                std::fs::rename(&partial, &destination)?;
            } else if kind.is_file() {
                std::fs::hard_link(entry.path(), &destination)?;
                count += 1;
            }
        }
    }
    Ok(count)
}

/// Recreates the folder `from` at `to`, each file a hard link to the original.
fn link_tree(from: &Path, to: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(to)?;
    let mut count = 0;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let destination = to.join(entry.file_name());
        if kind.is_dir() {
            count += link_tree(&entry.path(), &destination)?;
        } else if kind.is_file() {
            std::fs::hard_link(entry.path(), &destination)?;
            count += 1;
        }
    }
    Ok(count)
}

/// Whether a file or folder named `name` (`libserde-0123456789abcdef.rlib`, `serde-0123…`) is a
/// unit of a crate not in `own`. Names without a unit hash are never units to share.
fn is_third_party_unit(name: &str, own: &HashSet<String>) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    let Some((crate_part, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    if hash.len() != 16 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
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
}
