//! The emulator tier's AWS: moto server (PyPI `moto[server]`, pinned), installed in a venv under
//! the course's `target/`, started on 127.0.0.1, seeded with the lab's table, key and parameters
//! ([`seed`]), reset between suites, and stopped.
//!
//! Invariants:
//! - the server listens on 127.0.0.1 only: in the grader's network on a port the kernel chose
//!   free, in its own namespace on 4566 (every port is free there);
//! - graded tests get one server per submission ([`PerSubmission`]); boxed in namespaces, it
//!   runs in a network namespace of its own ([`Network::Own`]) that has only a loopback: the
//!   tests join it ([`crate::sandbox::Confinement::join_network`]), so they reach the server and
//!   still nothing past 127.0.0.1, and neither does the server;
//! - it runs with an empty environment but for its own (no `DOCKER_HOST`: moto's Batch and
//!   Lambda backends would start containers), in a private working folder; started by root (as
//!   for graded tests), as `nobody`, with resource limits and under Landlock (it reads its venv
//!   and the system, writes only its folder), so what a test asks of it cannot reach past what
//!   a test may reach;
//! - it runs in a process group of its own that dies with the grader (`PR_SET_PDEATHSIG`), and
//!   [`Emulator`]'s `Drop` kills the whole group and waits for it: no process is left behind on
//!   success, failure or panic;
//! - a server that does not answer in time, or dies, is an error naming its log's last lines,
//!   never a tier silently passed.

mod http;
pub mod seed;
mod venv;

use std::io::Read;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::fd::OwnedFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::sandbox;

pub use venv::{ensure_venv, MOTO};

/// How long a starting server may take to answer.
const READY_WITHIN: Duration = Duration::from_secs(60);

/// Which network the server listens in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Network {
    /// The machine's loopback: for a student's own `cargo test` beside `grader emulator`.
    Host,
    /// A network namespace of its own, where graded tests are boxed (needs root).
    Own,
}

/// Where the server listens: a port of 127.0.0.1, in the grader's network or in the server's
/// own namespace.
#[derive(Debug, Clone)]
pub struct Address {
    pub port: u16,
    /// The server's network namespace, when it has one.
    pub network: Option<Arc<OwnedFd>>,
}

impl Address {
    /// A connection to the server, from whichever network it is in.
    pub fn connect(&self, timeout: Duration) -> std::io::Result<TcpStream> {
        let address = (Ipv4Addr::LOCALHOST, self.port).into();
        match &self.network {
            Some(network) => sandbox::connect_within(network, address, timeout),
            None => TcpStream::connect_timeout(&address, timeout),
        }
    }
}

/// The emulator tier's server for grading: a fresh one for each submission, so that nothing
/// one submission's code did to it (its data, the server's own settings) reaches the next.
#[derive(Debug)]
pub struct PerSubmission {
    venv: PathBuf,
    log: PathBuf,
    network: Network,
    running: std::sync::Mutex<Option<Emulator>>,
}

impl PerSubmission {
    /// Servers of moto from `venv`, logging to `log`, in `network`; none runs yet.
    pub fn new(venv: &Path, log: &Path, network: Network) -> PerSubmission {
        PerSubmission {
            venv: venv.to_path_buf(),
            log: log.to_path_buf(),
            network,
            running: std::sync::Mutex::new(None),
        }
    }

    /// Stops the last submission's server, if any.
    pub fn stop(&self) {
        *self
            .running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }

    /// Stops the last submission's server, if any, and starts one with `seed` created in it;
    /// its address and its endpoint URL.
    pub fn fresh(&self, seed: Option<&seed::Seed>) -> Result<(Address, String), Error> {
        let mut running = self
            .running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *running = None;
        let emulator = Emulator::start(&self.venv, &self.log, self.network)?;
        if let Some(seed) = seed {
            seed::apply(emulator.address(), seed)?;
        }
        let fresh = (emulator.address().clone(), emulator.endpoint());
        *running = Some(emulator);
        Ok(fresh)
    }
}

/// A running moto server.
#[derive(Debug)]
pub struct Emulator {
    child: Child,
    address: Address,
    log: PathBuf,
    /// Its working folder (and home and temporary folder).
    _home: tempfile::TempDir,
}

impl Emulator {
    /// Starts `moto_server` of the venv at `venv` on a free port of 127.0.0.1 in `network`,
    /// logging to `log`, and waits until it answers.
    pub fn start(venv: &Path, log: &Path, network: Network) -> Result<Emulator, Error> {
        // In a namespace of its own every port is free.
        let port = match network {
            Network::Host => free_port()?,
            Network::Own => 4566,
        };
        let server = venv.join("bin").join("moto_server");
        let output = std::fs::File::create(log).map_err(|e| Error::io("cannot create", log, e))?;
        let errors = output
            .try_clone()
            .map_err(|e| Error::io("cannot create", log, e))?;
        let own_network = network == Network::Own;
        // SAFETY: geteuid(2) cannot fail.
        if own_network && unsafe { libc::geteuid() } != 0 {
            return Err(Error::Tool(
                "the emulator tier boxes each test in the server's own network, and making one needs root: run the grader as root (as CI does), or run the tier's tests yourself beside `grader emulator` (cargo test -p exNN --features emulator)".into(),
            ));
        }
        // SAFETY: geteuid(2) cannot fail.
        let as_root = unsafe { libc::geteuid() } == 0;
        let folder = log.parent().unwrap_or(Path::new("."));
        let home = tempfile::Builder::new()
            .prefix("moto-home")
            .tempdir_in(folder)
            .map_err(|e| Error::io("cannot create a folder in", folder, e))?;
        // Run by root, the server runs as nobody, boxed, whatever its network.
        if as_root {
            std::os::unix::fs::chown(home.path(), Some(NOBODY), Some(NOBODY))
                .map_err(|e| Error::io("cannot hand over", home.path(), e))?;
        }
        let mut command = Command::new(&server);
        command
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", home.path())
            .env("TMPDIR", home.path())
            .env("DOCKER_HOST", "unix:///nonexistent/docker.sock")
            .current_dir(home.path())
            .stdin(Stdio::null())
            .stdout(output)
            .stderr(errors)
            .process_group(0);
        // SAFETY: prctl(2) and `sandbox`'s system calls only, between fork and exec.
        unsafe {
            command.pre_exec(move || {
                if own_network {
                    sandbox::enter_new_network()?;
                }
                if as_root {
                    sandbox::limit_server()?;
                    sandbox::become_nobody()?;
                }
                // After the change of user, which clears it.
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        // Kept until the server has started: the child applies the rules from its descriptor.
        let confinement = if as_root {
            let mut paths = sandbox::Paths::system();
            paths.readable.push(venv.to_path_buf());
            paths.readable.extend(python_installation(venv));
            paths.writable.push(home.path().to_path_buf());
            paths.executable.extend(interpreters(venv));
            let confinement = sandbox::Confinement::for_tests(&paths)?;
            confinement.install_rules_only(&mut command);
            Some(confinement)
        } else {
            None
        };
        let mut child = command.spawn().map_err(|e| {
            let why = match e.raw_os_error() {
                Some(libc::EPERM) if own_network => " (a network namespace of its own needs root: the emulator tier boxes each test in the server's network)".to_string(),
                Some(libc::EACCES) if as_root => format!(" (the server runs as nobody, who must be able to reach {} and its Python: every folder above them must be open to others)", venv.display()),
                _ => String::new(),
            };
            Error::Tool(format!("cannot start {}: {e}{why}", server.display()))
        })?;
        drop(confinement);
        let network = if own_network {
            // `spawn` returns once the child has exec'd: it is in its namespace now.
            let fd = sandbox::network_of(child.id()).map_err(|e| {
                Error::Tool(format!("cannot open the emulator's network namespace: {e}"))
            });
            match fd {
                Ok(fd) => Some(Arc::new(fd)),
                Err(error) => {
                    kill_group(&mut child);
                    return Err(error);
                }
            }
        } else {
            None
        };
        let mut emulator = Emulator {
            child,
            address: Address { port, network },
            log: log.to_path_buf(),
            _home: home,
        };
        emulator.wait_until_ready()?;
        Ok(emulator)
    }

    /// `http://127.0.0.1:<port>`: what `AWS_ENDPOINT_URL` is set to.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.address.port)
    }

    pub fn address(&self) -> &Address {
        &self.address
    }

    /// The server's process id (its process group's too).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Forgets every resource: what the next suite sees is only what it seeds.
    pub fn reset(&self) -> Result<(), Error> {
        let answer = http::post(&self.address, "/moto-api/reset", &[], b"")?;
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
            if http::get(&self.address, "/moto-api/").is_ok_and(|answer| answer.status == 200) {
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
            self.address.port,
            self.log.display(),
            tail.join("\n")
        ))
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        kill_group(&mut self.child);
    }
}

/// Kills the process group `child` leads, and waits for `child`.
fn kill_group(child: &mut Child) {
    let group = child.id() as libc::pid_t;
    // SAFETY: kill(2) on the process group the server leads; it has not been waited for, so
    // its id is not reused yet.
    unsafe { libc::kill(-group, libc::SIGKILL) };
    let _ = child.wait();
}

/// The user the server runs as for graded tests (when the grader is root).
const NOBODY: u32 = 65534;

/// What `moto_server` is executed through: its script, and the Python its venv links to.
fn interpreters(venv: &Path) -> Vec<PathBuf> {
    let mut found = vec![venv.join("bin").join("moto_server")];
    for name in ["python", "python3"] {
        let link = venv.join("bin").join(name);
        found.push(link.clone());
        if let Ok(real) = std::fs::canonicalize(&link) {
            found.push(real);
        }
    }
    found
}

/// The Python installation the venv was made from (its standard library), when it is not the
/// system's: `home` in `pyvenv.cfg` names its `bin/`.
fn python_installation(venv: &Path) -> Option<PathBuf> {
    let config = std::fs::read_to_string(venv.join("pyvenv.cfg")).ok()?;
    let home = config.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        (key.trim() == "home").then(|| PathBuf::from(value.trim()))
    })?;
    home.parent().map(Path::to_path_buf)
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
