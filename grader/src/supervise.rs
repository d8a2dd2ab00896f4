//! Runs one graded test in a boxed process of its own, with a time limit, and records what
//! happened; [`crate::judge`] turns that into a verdict.
//!
//! Invariants:
//! - each test gets a fresh secret on a pipe and a pipe of its own for the harness's proof;
//!   the grader keeps the secret and checks the proof, the process never learns it by any
//!   other way (not the command line, not the environment);
//! - the test runs with an empty environment but for what the grader sets, in a fresh scratch
//!   folder, inside [`crate::sandbox`]'s box;
//! - once its verdict is in, nothing the test started is left running: its process group is
//!   killed, and with namespaces its whole PID namespace dies with it;
//! - output is kept raw (its last [`OUTPUT_KEPT`] bytes per stream) and only cut for display.

use std::io::Read;
use std::os::fd::AsRawFd;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::judge::{judge, Ending, Observed};
use crate::model::Verdict;
use crate::sandbox::{Confinement, Limits};

/// The most output kept from each of a test's streams (the end of it is kept).
const OUTPUT_KEPT: usize = 64 * 1024;
/// A test that prints more than this, on either stream, is stopped.
pub const OUTPUT_LIMIT: usize = 8 << 20;
/// How long the grader waits for a finished test's streams to close.
const DRAIN_WAIT: Duration = Duration::from_secs(2);

/// One test to run.
pub struct TestJob<'a> {
    pub binary: &'a Path,
    pub name: &'a str,
    /// The package folder: Cargo runs tests from there, and so do we.
    pub cwd: &'a Path,
    pub env: &'a [(String, String)],
    pub time_limit: Duration,
    /// The test's own folder, where its home and temporary folder are; emptied before it runs.
    pub scratch: PathBuf,
    /// The box: what the test may read, write (its exercise's scratch folder, which holds
    /// `scratch`) and execute, and its limits.
    pub confinement: &'a Confinement,
}

#[derive(Debug, Clone)]
pub struct TestRun {
    pub verdict: Verdict,
    pub message: Option<String>,
    pub duration: Duration,
}

pub fn run_test(job: &TestJob) -> Result<TestRun, Error> {
    fresh_folder(&job.scratch)?;
    let secret = fresh_secret()?;
    let (secret_read, mut secret_write) =
        std::io::pipe().map_err(|e| Error::Tool(format!("cannot make a pipe: {e}")))?;
    let (mut proof_read, proof_write) =
        std::io::pipe().map_err(|e| Error::Tool(format!("cannot make a pipe: {e}")))?;
    std::io::Write::write_all(&mut secret_write, &secret)
        .map_err(|e| Error::Tool(format!("cannot write to a pipe: {e}")))?;
    drop(secret_write);

    let mut command = Command::new(job.binary);
    command
        .args(["--exact", job.name, "--test-threads=1"])
        .current_dir(job.cwd)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", &job.scratch)
        .env("TMPDIR", &job.scratch)
        .env("RUST_BACKTRACE", "0")
        .env(lab_harness::GRADED_ENV, "1")
        .envs(job.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    job.confinement.install(
        &mut command,
        secret_read.as_raw_fd(),
        proof_write.as_raw_fd(),
        Limits::for_test(job.time_limit.as_secs_f64()),
        &job.scratch,
    )?;
    let started = Instant::now();
    let spawned = command.spawn();
    drop(secret_read);
    drop(proof_write);
    let mut child = spawned.map_err(|error| Error::Tool(cannot_run(job.binary, &error)))?;

    let (events, happened) = mpsc::channel();
    let flood = Arc::new(AtomicBool::new(false));
    let stdout = capture(
        child.stdout.take(),
        OUTPUT_KEPT,
        Some((flood.clone(), events.clone())),
    );
    let stderr = capture(
        child.stderr.take(),
        OUTPUT_KEPT,
        Some((flood.clone(), events.clone())),
    );
    let (proof_sender, proof_receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut proof = Vec::new();
        let _ = (&mut proof_read).take(4096).read_to_end(&mut proof);
        let _ = proof_sender.send(String::from_utf8_lossy(&proof).into_owned());
    });

    let group = child.id() as libc::pid_t;
    std::thread::spawn(move || {
        let _ = events.send(Event::Ended(child.wait()));
    });
    let ending = wait_with_limit(group, job.time_limit, &flood, &happened)?;
    let duration = started.elapsed();
    // Whatever the test started (a server, a child binary) ends with it.
    kill_group(group);
    let stdout = stdout.recv_timeout(DRAIN_WAIT).unwrap_or_default();
    let stderr = stderr.recv_timeout(DRAIN_WAIT).unwrap_or_default();
    let proof = proof_receiver.recv_timeout(DRAIN_WAIT).unwrap_or_default();
    let expected_proof = lab_harness::proof_line(&secret, job.name);
    let (verdict, message) = judge(
        job.name,
        &Observed {
            ending,
            proof: &proof,
            expected_proof: &expected_proof,
            stdout: &stdout,
            stderr: &stderr,
            time_limit: job.time_limit,
        },
    );
    let _ = std::fs::remove_dir_all(&job.scratch);
    Ok(TestRun {
        verdict,
        message,
        duration,
    })
}

/// Runs every job, `workers` at a time, and returns their runs in the jobs' order; `on_done`
/// hears of each run as it finishes.
pub fn run_all(
    jobs: &[TestJob],
    workers: usize,
    on_done: &mut dyn FnMut(usize, &TestRun),
) -> Result<Vec<TestRun>, Error> {
    let next = AtomicUsize::new(0);
    let mut runs: Vec<Option<TestRun>> = vec![None; jobs.len()];
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..workers.clamp(1, jobs.len().max(1)) {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= jobs.len() || sender.send((index, run_test(&jobs[index]))).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        for (index, run) in receiver {
            let run = run?;
            on_done(index, &run);
            runs[index] = Some(run);
        }
        Ok::<(), Error>(())
    })?;
    Ok(runs
        .into_iter()
        .map(|run| run.expect("every job ran"))
        .collect())
}

fn fresh_folder(dir: &Path) -> Result<(), Error> {
    if dir.exists() && std::fs::remove_dir_all(dir).is_err() {
        // A test made part of it unremovable (a folder without permissions): set it aside, so
        // that it costs no other test its run.
        let aside = dir.with_extension(format!(
            "stale-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |since| since.as_nanos())
        ));
        std::fs::rename(dir, &aside)
            .map_err(|e| Error::io("cannot remove or set aside", dir, e))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    // The test runs as another user (`nobody`) where namespaces allow; the box keeps other
    // tests out of it.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777))
        .map_err(|e| Error::io("cannot set permissions of", dir, e))
}

fn fresh_secret() -> Result<[u8; lab_harness::SECRET_LEN], Error> {
    let mut secret = [0u8; lab_harness::SECRET_LEN];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut secret))
        .map_err(|e| Error::Tool(format!("cannot read /dev/urandom: {e}")))?;
    Ok(secret)
}

/// What the threads watching a test report.
enum Event {
    Ended(std::io::Result<std::process::ExitStatus>),
    /// A stream passed [`OUTPUT_LIMIT`].
    Flood,
}

/// Reads `stream` to its end on a thread of its own, keeping its last `kept` bytes; once it
/// passed [`OUTPUT_LIMIT`], raises the flag and reports [`Event::Flood`].
fn capture(
    stream: Option<impl Read + Send + 'static>,
    kept: usize,
    flood: Option<(Arc<AtomicBool>, mpsc::Sender<Event>)>,
) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    let Some(mut stream) = stream else {
        let _ = sender.send(String::new());
        return receiver;
    };
    std::thread::spawn(move || {
        let mut tail: Vec<u8> = Vec::new();
        let mut total = 0usize;
        let mut buffer = [0u8; 8192];
        while let Ok(n) = stream.read(&mut buffer) {
            if n == 0 {
                break;
            }
            total += n;
            tail.extend_from_slice(&buffer[..n]);
            if tail.len() > 2 * kept {
                tail.drain(..tail.len() - kept);
            }
            if total > OUTPUT_LIMIT {
                if let Some((flag, events)) = &flood {
                    if !flag.swap(true, Ordering::SeqCst) {
                        let _ = events.send(Event::Flood);
                    }
                }
            }
        }
        if tail.len() > kept {
            tail.drain(..tail.len() - kept);
        }
        let _ = sender.send(String::from_utf8_lossy(&tail).into_owned());
    });
    receiver
}

/// Waits for the test whose process group is `group` to end, until `limit`, or until it floods
/// its output; stops it in the last two cases.
fn wait_with_limit(
    group: libc::pid_t,
    limit: Duration,
    flood: &AtomicBool,
    happened: &mpsc::Receiver<Event>,
) -> Result<Ending, Error> {
    let stopped = |ending: Ending| {
        kill_group(group);
        // The waiter thread reaps the killed process.
        while let Ok(event) = happened.recv() {
            if matches!(event, Event::Ended(_)) {
                break;
            }
        }
        Ok(ending)
    };
    match happened.recv_timeout(limit) {
        Ok(Event::Ended(Ok(status))) => Ok(match (status.code(), status.signal()) {
            _ if flood.load(Ordering::SeqCst) => Ending::OutputFlood {
                limit_bytes: OUTPUT_LIMIT,
            },
            (Some(code), _) => Ending::Exited(code),
            (None, Some(signal)) => Ending::Signaled(signal),
            (None, None) => Ending::Exited(-1),
        }),
        Ok(Event::Ended(Err(error))) => {
            Err(Error::Tool(format!("cannot wait for a test: {error}")))
        }
        Ok(Event::Flood) => stopped(Ending::OutputFlood {
            limit_bytes: OUTPUT_LIMIT,
        }),
        Err(mpsc::RecvTimeoutError::Timeout) => stopped(Ending::TimedOut),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(Error::Tool("lost track of a test process".to_string()))
        }
    }
}

fn kill_group(group: libc::pid_t) {
    // SAFETY: kill(2) with a negative pid signals the process group the child leads; it has no
    // memory-safety preconditions.
    unsafe {
        libc::kill(-group, libc::SIGKILL);
    }
}

/// The scratch folder of test `index` in `scratch`.
pub fn scratch_for(scratch: &Path, index: usize) -> PathBuf {
    scratch.join(format!("test-{index}"))
}

/// Why a boxed test could not start, and what to do about it.
fn cannot_run(binary: &Path, error: &std::io::Error) -> String {
    let mut why = format!("cannot run {}: {error}", binary.display());
    if error.kind() == std::io::ErrorKind::PermissionDenied {
        why.push_str(
            ". Run as root, the grader boxes each test as the unprivileged user nobody, who must be \
             able to enter every folder above the course (chmod o+x on each); or run it as a \
             regular user",
        );
    }
    why
}
