//! The proof that a graded test passed, and the only code that can write it.
//!
//! Under `cargo test` this crate does nothing. When the grader runs a test it sets
//! [`GRADED_ENV`] and hands the process two descriptors: [`SECRET_FD`], a pipe holding a fresh
//! secret, and [`PROOF_FD`], a pipe back to the grader. `#[graded]` wraps each graded test so that
//! [`begin`] runs first and [`passed`] runs only once the test's body has returned.
//!
//! Invariants:
//! - [`begin`] reads the secret and closes [`SECRET_FD`] before any code under test runs, and
//!   keeps [`PROOF_FD`] only as a close-on-exec duplicate: a process the test starts inherits
//!   neither.
//! - The proof is an HMAC-SHA256 of the test's name under the secret ([`proof_line`]): without
//!   the secret no other code can write one, and a proof for one test is no proof for another.
//! - [`begin`] makes the process non-dumpable, so a program the test starts (which runs as the
//!   same unprivileged user) cannot attach to it to read the secret.
//! - Exercise crates cannot name this crate: it is a dev-dependency of their tests only, and
//!   their own code is `unsafe_code = "forbid"`, so it cannot reach the secret in memory or the
//!   descriptors by number.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, RawFd};
use std::sync::Mutex;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub use lab_harness_macros::graded;

/// Set by the grader (to any value) in the environment of a test process it runs.
pub const GRADED_ENV: &str = "LAB_HARNESS_GRADED";
/// The descriptor the grader passes the secret on.
pub const SECRET_FD: RawFd = 3;
/// The descriptor the proof goes back to the grader on.
pub const PROOF_FD: RawFd = 4;
/// The secret's length in bytes.
pub const SECRET_LEN: usize = 32;

struct Proof {
    secret: [u8; SECRET_LEN],
    out: File,
}

static PROOF: Mutex<Option<Proof>> = Mutex::new(None);

/// Takes the secret and the proof channel, when the grader runs this process. Idempotent.
pub fn begin() {
    if std::env::var_os(GRADED_ENV).is_none() {
        return;
    }
    let mut proof = PROOF
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // Only the grader's pipes: in a process the grader did not start, these numbers may be
    // anyone's (a runtime's epoll descriptor), and taking one over would close it under them.
    if proof.is_some() || !is_pipe(SECRET_FD) || !is_pipe(PROOF_FD) {
        return;
    }
    // No other process of the box's user may attach to this one and read the secret.
    // SAFETY: prctl(PR_SET_DUMPABLE) takes plain integers.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
    // SAFETY: the grader opened both descriptors for this process before it started, and this
    // is the one place that takes them over (the `is_some` check above runs it once).
    let (mut input, out) = unsafe { (File::from_raw_fd(SECRET_FD), File::from_raw_fd(PROOF_FD)) };
    let mut secret = [0u8; SECRET_LEN];
    let read = input.read_exact(&mut secret);
    drop(input);
    // `try_clone` duplicates with close-on-exec; dropping `out` closes the inheritable original.
    let out = out.try_clone();
    if let (Ok(()), Ok(out)) = (read, out) {
        *proof = Some(Proof { secret, out });
    }
}

/// Proves to the grader that the test `module_path::name` returned. Called by `#[graded]` after
/// the test's body; does nothing outside the grader.
pub fn passed(module_path: &str, name: &str) {
    let mut proof = PROOF
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(mut proof) = proof.take() {
        let line = proof_line(&proof.secret, &test_name(module_path, name));
        let _ = proof.out.write_all(line.as_bytes());
    }
}

/// The test's name as the harness lists it: its module path without the crate, then its name.
pub fn test_name(module_path: &str, name: &str) -> String {
    match module_path.split_once("::") {
        Some((_crate, module)) => format!("{module}::{name}"),
        None => name.to_string(),
    }
}

/// The line that proves `test` passed under `secret`: the hex HMAC-SHA256, then a newline.
pub fn proof_line(secret: &[u8], test: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(b"lab-harness passed\0");
    mac.update(test.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut line: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    line.push('\n');
    line
}

fn is_pipe(fd: RawFd) -> bool {
    // SAFETY: fstat writes only into the zeroed struct it is given; it fails on a descriptor
    // that is not open.
    unsafe {
        let mut stat: libc::stat = std::mem::zeroed();
        libc::fstat(fd, &mut stat) == 0 && (stat.st_mode & libc::S_IFMT) == libc::S_IFIFO
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_drops_the_crate_and_keeps_the_modules() {
        assert_eq!(
            test_name("graded::store::put", "works"),
            "store::put::works"
        );
        assert_eq!(test_name("graded", "works"), "works");
    }

    #[test]
    fn a_proof_depends_on_the_secret_and_the_test() {
        let one = proof_line(&[1; SECRET_LEN], "a::b");
        assert_eq!(one.len(), 65);
        assert_ne!(one, proof_line(&[2; SECRET_LEN], "a::b"));
        assert_ne!(one, proof_line(&[1; SECRET_LEN], "a::c"));
        assert_eq!(one, proof_line(&[1; SECRET_LEN], "a::b"));
    }
}
