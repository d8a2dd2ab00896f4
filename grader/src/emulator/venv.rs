//! The emulator's venv: `python3 -m venv` and `pip install moto[server]==<pinned>`, once, every
//! other package at the version [`CONSTRAINTS`] pins, so that every machine runs the same server.

use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::error::Error;

/// The moto release the emulator tier runs (PyPI), as the fixture recorder does.
pub const MOTO: &str = "moto[server]==5.2.5";

/// The versions of moto's own dependencies (`pip freeze` of a venv of [`MOTO`]).
const CONSTRAINTS: &str = include_str!("constraints.txt");

/// The venv at `dir`, with [`MOTO`] installed in it; installs it when missing or another pin.
/// Returns `dir`.
pub fn ensure_venv(dir: &Path) -> Result<PathBuf, Error> {
    // Two graders starting at once (a batch's shards, the grader's own tests) install it once.
    let _lock = lock_beside(dir)?;
    let marker = dir.join(".installed");
    let server = dir.join("bin").join("moto_server");
    let python = interpreter();
    let version = Command::new(&python)
        .arg("--version")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
        .unwrap_or_default();
    let installed = format!(
        "{MOTO} {} {version} {}",
        python.display(),
        Sha256::digest(CONSTRAINTS.as_bytes())
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>()
    );
    if server.is_file() && std::fs::read_to_string(&marker).is_ok_and(|pin| pin == installed) {
        return Ok(dir.to_path_buf());
    }
    run(
        Command::new(&python)
            .args(["-m", "venv", "--clear"])
            .arg(dir),
        &format!("{} -m venv", python.display()),
    )?;
    let constraints = dir.join("constraints.txt");
    std::fs::write(&constraints, CONSTRAINTS)
        .map_err(|e| Error::io("cannot write", &constraints, e))?;
    run(
        Command::new(dir.join("bin").join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "-c"])
            .arg(&constraints)
            .arg(MOTO),
        &format!("pip install {MOTO}"),
    )?;
    std::fs::write(&marker, installed).map_err(|e| Error::io("cannot write", &marker, e))?;
    Ok(dir.to_path_buf())
}

/// The Python the venv is made with: the system's when it can make one, since for graded tests
/// the server runs as `nobody`, who may not reach a Python installed in a home folder (pyenv's
/// in `/root`); else the first `python3` on the `PATH`.
fn interpreter() -> PathBuf {
    let system = Path::new("/usr/bin/python3");
    let can_make_venvs = Command::new(system)
        .args(["-c", "import venv, ensurepip"])
        .output()
        .is_ok_and(|output| output.status.success());
    if can_make_venvs {
        system.to_path_buf()
    } else {
        PathBuf::from("python3")
    }
}

/// An exclusive lock on `<dir>.lock`, held until the file is dropped.
fn lock_beside(dir: &Path) -> Result<std::fs::File, Error> {
    let path = dir.with_extension("lock");
    let file = std::fs::File::create(&path).map_err(|e| Error::io("cannot create", &path, e))?;
    // SAFETY: flock(2) on a descriptor this function owns.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } != 0 {
        return Err(Error::io(
            "cannot lock",
            &path,
            std::io::Error::last_os_error(),
        ));
    }
    Ok(file)
}

fn run(command: &mut Command, what: &str) -> Result<(), Error> {
    let output = command.output().map_err(|e| {
        Error::Tool(format!(
            "cannot run {what}: {e} (the emulator tier needs Python 3 with venv)"
        ))
    })?;
    if !output.status.success() {
        return Err(Error::Tool(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(())
}
