//! The emulator tier's AWS: moto server (PyPI `moto[server]`, pinned), installed in a venv under
//! the course's `target/`, started on 127.0.0.1, seeded with the lab's table, key and parameters
//! ([`seed`]), reset between suites, and stopped.
//!
//! Invariants:
//! - the server listens on 127.0.0.1 only, on a port the kernel chose free;
//! - it runs in a process group of its own that dies with the grader (`PR_SET_PDEATHSIG`), and
//!   [`Emulator`]'s `Drop` kills the whole group and waits for it: no process is left behind on
//!   success, failure or panic;
//! - a server that does not answer in time, or dies, is an error naming its log's last lines,
//!   never a tier silently passed.

mod http;
pub mod seed;
mod venv;

use std::io::Read;
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::Error;

pub use venv::{ensure_venv, MOTO};

/// How long a starting server may take to answer.
const READY_WITHIN: Duration = Duration::from_secs(60);

/// A running moto server.
pub struct Emulator {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Emulator {
    /// Starts `moto_server` of the venv at `venv` on a free port of 127.0.0.1, logging to
    /// `log`, and waits until it answers.
    pub fn start(venv: &Path, log: &Path) -> Result<Emulator, Error> {
        let port = free_port()?;
        let server = venv.join("bin").join("moto_server");
        let output = std::fs::File::create(log).map_err(|e| Error::io("cannot create", log, e))?;
        let errors = output
            .try_clone()
            .map_err(|e| Error::io("cannot create", log, e))?;
        let mut command = Command::new(&server);
        command
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(output)
            .stderr(errors)
            .process_group(0);
        // SAFETY: prctl(2) only, between fork and exec.
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .map_err(|e| Error::Tool(format!("cannot start {}: {e}", server.display())))?;
        let mut emulator = Emulator {
            child,
            port,
            log: log.to_path_buf(),
        };
        emulator.wait_until_ready()?;
        Ok(emulator)
    }

    /// `http://127.0.0.1:<port>`: what `AWS_ENDPOINT_URL` is set to.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's process id (its process group's too).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Forgets every resource: what the next suite sees is only what it seeds.
    pub fn reset(&self) -> Result<(), Error> {
        let answer = http::post(self.port, "/moto-api/reset", &[], b"")?;
        if answer.status != 200 {
            return Err(Error::Tool(format!(
                "the emulator did not reset: HTTP {}",
                answer.status
            )));
        }
        Ok(())
    }

    fn wait_until_ready(&mut self) -> Result<(), Error> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(self.failure(&format!("it exited ({status})")));
            }
            if http::get(self.port, "/moto-api/").is_ok_and(|answer| answer.status == 200) {
                return Ok(());
            }
            if started.elapsed() > READY_WITHIN {
                return Err(self.failure(&format!(
                    "it did not answer within {} s",
                    READY_WITHIN.as_secs()
                )));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn failure(&self, what: &str) -> Error {
        let mut text = String::new();
        if let Ok(file) = std::fs::File::open(&self.log) {
            let _ = file.take(64 * 1024).read_to_string(&mut text);
        }
        let tail: Vec<&str> = text.lines().rev().take(10).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Error::Tool(format!(
            "the emulator (moto server on 127.0.0.1:{}) did not start: {what}; the end of {}:\n{}",
            self.port,
            self.log.display(),
            tail.join("\n")
        ))
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let group = self.child.id() as libc::pid_t;
        // SAFETY: kill(2) on the process group the server leads; it has not been waited for,
        // so its id is not reused yet.
        unsafe { libc::kill(-group, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

/// A port of 127.0.0.1 nobody listens on now (the kernel's choice).
fn free_port() -> Result<u16, Error> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| Error::Tool(format!("cannot find a free port on 127.0.0.1: {e}")))?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|e| Error::Tool(format!("cannot find a free port on 127.0.0.1: {e}")))
}
