//! Builds the exercises' test binaries with Cargo, in the overlay, with the grader's target dir.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::Value;

use crate::error::Error;
use crate::sandbox::Confinement;

/// The outcome of building one exercise package.
#[derive(Debug)]
pub enum Build {
    /// The package's integration-test binaries (its graded tests live in these), and the
    /// binaries it builds (a test may run them).
    Built {
        test_binaries: Vec<PathBuf>,
        bins: Vec<PathBuf>,
    },
    /// The compiler's errors, rendered as Cargo shows them.
    NotCompiled { errors: String },
}

/// Environment variables an outer Cargo sets for the process it runs (the grader's own tests run
/// inside `cargo test`); they must not leak into the overlay's build.
const OUTER_CARGO_VARS: [&str; 9] = [
    "CARGO_TARGET_DIR",
    "CARGO_BUILD_TARGET_DIR",
    "CARGO_MANIFEST_DIR",
    "CARGO_MANIFEST_PATH",
    "CARGO_PRIMARY_PACKAGE",
    "CARGO_TARGET_TMPDIR",
    "CARGO_MAKEFLAGS",
    "MAKEFLAGS",
    "MFLAGS",
];

/// The `cargo` to run: the one that runs us, if any, so the toolchain stays the same.
pub fn cargo_program() -> PathBuf {
    std::env::var_os("CARGO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("cargo"))
}

/// The `rustc` Cargo runs: `RUSTC` if set, else the one beside that `cargo`, else the `PATH`'s.
fn rustc_program() -> PathBuf {
    if let Some(rustc) = std::env::var_os("RUSTC") {
        return PathBuf::from(rustc);
    }
    let cargo = cargo_program();
    let beside = cargo.with_file_name(format!("rustc{}", std::env::consts::EXE_SUFFIX));
    if cargo.is_absolute() && beside.is_file() {
        beside
    } else {
        PathBuf::from("rustc")
    }
}

/// The `.so` files Cargo put beside `test_binaries`: the workspace's dylibs of shared
/// dependencies (see `support/dylib`: one library, and one per SDK), which the binaries load
/// when they start.
pub fn libraries_beside(test_binaries: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut folders: Vec<&Path> = test_binaries.iter().filter_map(|b| b.parent()).collect();
    folders.sort();
    folders.dedup();
    let mut libraries = Vec::new();
    for folder in folders {
        let entries = std::fs::read_dir(folder).map_err(|e| Error::io("cannot read", folder, e))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|extension| extension == "so") {
                libraries.push(path);
            }
        }
    }
    Ok(libraries)
}

/// Copies the toolchain's `std` shared library (which a binary that links a dylib loads) from
/// `rustc --print target-libdir`, run in `workspace`, into `into`, and returns `into`.
///
/// A boxed test runs as an unprivileged user, who may not be able to reach the toolchain's folder
/// (rustup's lives in root's home, which only root may enter); its copy in the work dir it can.
///
/// Done once per grader run and folder: a batch or a watch grades many times.
pub fn copy_std_library(workspace: &Path, into: &Path) -> Result<PathBuf, Error> {
    static COPIED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let mut copied = COPIED.lock().unwrap_or_else(|p| p.into_inner());
    if copied.iter().any(|done| done == into) && into.is_dir() {
        return Ok(into.to_path_buf());
    }
    let output = Command::new(rustc_program())
        .args(["--print", "target-libdir"])
        .current_dir(workspace)
        .output()
        .map_err(|e| Error::Tool(format!("cannot run rustc --print target-libdir: {e}")))?;
    if !output.status.success() {
        return Err(Error::Tool(format!(
            "rustc --print target-libdir failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let libdir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    std::fs::create_dir_all(into).map_err(|e| Error::io("cannot create", into, e))?;
    let entries = std::fs::read_dir(&libdir).map_err(|e| Error::io("cannot read", &libdir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with("libstd-") && name.ends_with(std::env::consts::DLL_SUFFIX)) {
            continue;
        }
        let copy = into.join(&*name);
        let source = entry.path();
        let original = std::fs::read(&source).map_err(|e| Error::io("cannot read", &source, e))?;
        if std::fs::read(&copy).is_ok_and(|copied| copied == original) {
            continue;
        }
        // Written under another name first: a run stopped halfway leaves no broken library.
        let partial = into.join(format!("{name}.{}.partial", std::process::id()));
        std::fs::copy(&source, &partial).map_err(|e| Error::io("cannot write", &partial, e))?;
        std::fs::rename(&partial, &copy).map_err(|e| Error::io("cannot write", &copy, e))?;
    }
    copied.push(into.to_path_buf());
    Ok(into.to_path_buf())
}

/// The process id of the `cargo build` running now, or 0.
static RUNNING_BUILD: AtomicU32 = AtomicU32::new(0);

/// Stops the `cargo build` running now, if any, as Ctrl-C would (for `grader watch`, whose
/// terminal is raw, so Ctrl-C sends no signal).
pub fn stop_running_build() {
    let pid = RUNNING_BUILD.load(Ordering::SeqCst);
    if pid != 0 {
        // SAFETY: kill(2) on a child of ours that has not been reaped yet.
        unsafe { libc::kill(pid as libc::pid_t, libc::SIGINT) };
    }
}

/// `cargo build --tests --keep-going` (what `cargo test` builds) of `packages` (name, manifest path) in `workspace`, with
/// `target_dir`: one Cargo run builds them all in parallel, and a package that does not compile
/// stops only itself. Cargo runs inside `confinement`, with `tmp_dir` as its temporary folder. Returns each package's outcome by name.
pub fn build_tests(
    workspace: &Path,
    target_dir: &Path,
    tmp_dir: &Path,
    packages: &[(&str, PathBuf)],
    features: &[String],
    confinement: &Confinement,
) -> Result<HashMap<String, Build>, Error> {
    std::fs::create_dir_all(tmp_dir).map_err(|e| Error::io("cannot create", tmp_dir, e))?;
    let mut command = Command::new(cargo_program());
    command
        .args(["build", "--tests", "--keep-going", "--message-format=json"])
        .current_dir(workspace)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, _) in packages {
        command.args(["--package", name]);
    }
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    for name in OUTER_CARGO_VARS {
        command.env_remove(name);
    }
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_CRATE_")
            || name.starts_with("CARGO_BIN_")
        {
            command.env_remove(name.as_ref());
        }
    }
    command
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .env("TMPDIR", tmp_dir);
    confinement.install_rules_only(&mut command);
    let child = command.spawn().map_err(|error| {
        Error::Tool(format!(
            "cannot run {}: {error}. Is Rust installed (https://rustup.rs)?",
            cargo_program().display()
        ))
    })?;
    RUNNING_BUILD.store(child.id(), Ordering::SeqCst);
    let output = child.wait_with_output();
    RUNNING_BUILD.store(0, Ordering::SeqCst);
    let output = output.map_err(|e| Error::Tool(format!("cannot wait for cargo: {e}")))?;
    let mut binaries: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    let mut bins: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
    let mut errors: HashMap<PathBuf, Vec<String>> = HashMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let manifest = PathBuf::from(message["manifest_path"].as_str().unwrap_or_default());
        match message["reason"].as_str() {
            Some("compiler-artifact") if is_integration_test(&message) => {
                if let Some(path) = message["executable"].as_str() {
                    binaries
                        .entry(manifest)
                        .or_default()
                        .push(PathBuf::from(path));
                }
            }
            Some("compiler-artifact") if is_bin(&message) => {
                if let Some(path) = message["executable"].as_str() {
                    bins.entry(manifest).or_default().push(PathBuf::from(path));
                }
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                if let Some(rendered) = message["message"]["rendered"].as_str() {
                    let rendered = rendered.trim_end().to_string();
                    let known = errors.entry(manifest).or_default();
                    // The library is compiled for each test target: keep each error once.
                    if !known.contains(&rendered) {
                        known.push(rendered);
                    }
                }
            }
            _ => {}
        }
    }
    refuse_shared_binaries(&bins)?;
    let mut outcomes = HashMap::new();
    for (name, manifest) in packages {
        let outcome = match (errors.remove(manifest), binaries.remove(manifest)) {
            (None, Some(test_binaries)) => Build::Built {
                test_binaries,
                bins: bins.remove(manifest).unwrap_or_default(),
            },
            (Some(own), _) => Build::NotCompiled {
                errors: own.join("\n\n"),
            },
            (None, None) => {
                let others: Vec<String> = errors.values().flatten().cloned().collect();
                let detail = if others.is_empty() {
                    last_lines(&String::from_utf8_lossy(&output.stderr), 20)
                } else {
                    others.join("\n\n")
                };
                Build::NotCompiled {
                    errors: format!("a crate it depends on did not build:\n{detail}"),
                }
            }
        };
        outcomes.insert(name.to_string(), outcome);
    }
    Ok(outcomes)
}

/// Two packages' binaries of one name are one file: Cargo copies each to `target/debug/<name>`,
/// the last one built wins, and a test's `CARGO_BIN_EXE_<name>` may run the other package's. A
/// course must not have them.
fn refuse_shared_binaries(bins: &HashMap<PathBuf, Vec<PathBuf>>) -> Result<(), Error> {
    let mut owner_of: HashMap<&Path, &Path> = HashMap::new();
    let mut manifests: Vec<&PathBuf> = bins.keys().collect();
    manifests.sort();
    for manifest in manifests {
        for binary in &bins[manifest] {
            if let Some(first) = owner_of.insert(binary, manifest) {
                return Err(Error::Manifest {
                    path: manifest.clone(),
                    message: format!(
                        "its binary {} has the name of one of {}'s: Cargo builds both at {}, so one overwrites the other; rename one of them ([[bin]] name)",
                        binary.file_name().unwrap_or_default().to_string_lossy(),
                        first.display(),
                        binary.display()
                    ),
                });
            }
        }
    }
    Ok(())
}

fn is_integration_test(message: &Value) -> bool {
    message["profile"]["test"] == true
        && message["target"]["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|kind| kind == "test"))
}

fn is_bin(message: &Value) -> bool {
    message["profile"]["test"] == false
        && message["target"]["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|kind| kind == "bin"))
}

fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

/// The names of the tests a test binary holds (`<binary> --list --format terse`). Listing runs
/// no submitted code (Rust has nothing that runs before `main`); it runs all the same with only
/// `env` and inside `confinement`'s filesystem rules.
pub fn list_tests(
    binary: &Path,
    cwd: &Path,
    env: &[(String, String)],
    confinement: &Confinement,
) -> Result<Vec<String>, Error> {
    let mut command = Command::new(binary);
    command
        .args(["--list", "--format", "terse"])
        .current_dir(cwd)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null());
    confinement.install_rules_only(&mut command);
    let output = command
        .output()
        .map_err(|error| Error::Tool(format!("cannot run {}: {error}", binary.display())))?;
    if !output.status.success() {
        return Err(Error::Tool(format!(
            "{} --list failed: {}",
            binary.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_string)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_packages_with_a_binary_of_one_name_are_refused() {
        let mut bins: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
        bins.insert(
            "/c/ex02/Cargo.toml".into(),
            vec!["/t/debug/bootstrap".into()],
        );
        bins.insert(
            "/c/ex06/Cargo.toml".into(),
            vec!["/t/debug/customers-api".into()],
        );
        assert!(refuse_shared_binaries(&bins).is_ok());
        bins.insert(
            "/c/ex07/Cargo.toml".into(),
            vec!["/t/debug/bootstrap".into()],
        );
        let error = refuse_shared_binaries(&bins).unwrap_err().to_string();
        assert!(
            error.starts_with("/c/ex07/Cargo.toml: its binary bootstrap has the name of one of /c/ex02/Cargo.toml's"),
            "{error}"
        );
    }
}
