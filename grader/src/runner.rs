//! Runs one test in a process of its own, with a time limit, and reads the harness's verdict.
//!
//! The verdict comes from the exit status and from the test harness's log file (`--logfile`),
//! which only the harness writes: whatever the code under test prints, it cannot make a test pass.

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::model::Verdict;

/// The most output kept from each of a test's streams (the end of it is kept).
const OUTPUT_CAP: usize = 64 * 1024;
/// The longest message a report carries for one test.
const MESSAGE_CAP: usize = 4000;

/// One test to run.
pub struct TestJob<'a> {
    pub binary: &'a Path,
    pub name: &'a str,
    /// The package folder: Cargo runs tests from there, and so do we.
    pub cwd: &'a Path,
    pub env: &'a [(String, String)],
    pub time_limit: Duration,
    /// A file the harness may write its log to; replaced on every run.
    pub log_file: &'a Path,
}

#[derive(Debug, Clone)]
pub struct TestRun {
    pub verdict: Verdict,
    pub message: Option<String>,
    pub duration: Duration,
}

pub fn run_test(job: &TestJob) -> Result<TestRun, Error> {
    let _ = std::fs::remove_file(job.log_file);
    let mut command = Command::new(job.binary);
    command
        .args(["--exact", job.name, "--test-threads=1", "--logfile"])
        .arg(job.log_file)
        .current_dir(job.cwd)
        .env("RUST_BACKTRACE", "0")
        .envs(job.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|error| Error::Tool(format!("cannot run {}: {error}", job.binary.display())))?;
    let stdout = capture(child.stdout.take());
    let stderr = capture(child.stderr.take());
    let status = wait_with_limit(&mut child, job.time_limit)?;
    let duration = started.elapsed();
    // Whatever the test started (a server, a child binary) ends with it.
    kill_group(&child);
    let stdout = join(stdout);
    let stderr = join(stderr);
    let logged = std::fs::read_to_string(job.log_file).unwrap_or_default();
    let (verdict, message) = judge(job.name, status, &logged, &stdout, &stderr, job.time_limit);
    Ok(TestRun {
        verdict,
        message: message.map(|m| cap_message(&m)),
        duration,
    })
}

/// Runs every job, `workers` at a time, and returns their runs in the jobs' order; `on_done` hears
/// of each run as it finishes.
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

fn capture(stream: Option<impl Read + Send + 'static>) -> Option<JoinHandle<String>> {
    let mut stream = stream?;
    Some(std::thread::spawn(move || {
        let mut kept: Vec<u8> = Vec::new();
        let mut buffer = [0u8; 8192];
        while let Ok(n) = stream.read(&mut buffer) {
            if n == 0 {
                break;
            }
            kept.extend_from_slice(&buffer[..n]);
            if kept.len() > 2 * OUTPUT_CAP {
                kept.drain(..kept.len() - OUTPUT_CAP);
            }
        }
        if kept.len() > OUTPUT_CAP {
            kept.drain(..kept.len() - OUTPUT_CAP);
        }
        String::from_utf8_lossy(&kept).into_owned()
    }))
}

fn join(handle: Option<JoinHandle<String>>) -> String {
    handle
        .and_then(|handle| handle.join().ok())
        .unwrap_or_default()
}

/// Waits for the child until `limit`; `None` when it had to be killed.
fn wait_with_limit(child: &mut Child, limit: Duration) -> Result<Option<ExitStatus>, Error> {
    let deadline = Instant::now() + limit;
    let mut pause = Duration::from_millis(1);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(Some(status)),
            Ok(None) if Instant::now() >= deadline => {
                kill_group(child);
                let _ = child.wait();
                return Ok(None);
            }
            Ok(None) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(error) => return Err(Error::Tool(format!("cannot wait for a test: {error}"))),
        }
    }
}

fn kill_group(child: &Child) {
    let group = child.id() as libc::pid_t;
    // SAFETY: kill(2) with a negative pid signals the process group the child leads; it has no
    // memory-safety preconditions.
    unsafe {
        libc::kill(-group, libc::SIGKILL);
    }
}

fn judge(
    name: &str,
    status: Option<ExitStatus>,
    logged: &str,
    stdout: &str,
    stderr: &str,
    limit: Duration,
) -> (Verdict, Option<String>) {
    let Some(status) = status else {
        return (
            Verdict::TimedOut,
            Some(format!(
                "the test did not finish within its time limit of {:.1} s and was stopped (an endless loop, or a wait that never ends?)",
                limit.as_secs_f64()
            )),
        );
    };
    if let Some(signal) = status.signal() {
        let detail = last_lines(stderr, 5);
        return (
            Verdict::Crashed,
            Some(format!(
                "the test process was killed by {}{}",
                signal_name(signal),
                detail
            )),
        );
    }
    let passed = logged.lines().any(|line| line == format!("ok {name}"));
    let failed = logged.lines().any(|line| line == format!("failed {name}"));
    match status.code() {
        Some(0) if passed => (Verdict::Passed, None),
        Some(101) if failed => (Verdict::Failed, Some(failure_message(name, stdout))),
        code => (
            Verdict::ExitedEarly,
            Some(format!(
                "the test process exited with code {} before the test finished (does the code call std::process::exit?)",
                code.map_or("unknown".to_string(), |c| c.to_string())
            )),
        ),
    }
}

/// The test's own failure output: what the harness printed under `---- <name> stdout ----`.
fn failure_message(name: &str, stdout: &str) -> String {
    let marker = format!("---- {name} stdout ----\n");
    let Some(start) = stdout.find(&marker) else {
        return "the test failed".to_string();
    };
    let section = &stdout[start + marker.len()..];
    let end = section.find("\n\nfailures:").unwrap_or(section.len());
    section[..end]
        .lines()
        .filter(|line| !line.starts_with("note: run with `RUST_BACKTRACE=1`"))
        .map(tidy_line)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// A harness line without what changes from run to run: `thread 'name' (1234) panicked at f:1:2:`
/// becomes `panicked at f:1:2:`, and `thread 'name' (1234) has overflowed its stack` loses the id.
fn tidy_line(line: &str) -> String {
    let Some(rest) = line.strip_prefix("thread '") else {
        return line.to_string();
    };
    if let Some(at) = line.find(" panicked at ") {
        return line[at + 1..].to_string();
    }
    let Some(name_end) = rest.find("' (") else {
        return line.to_string();
    };
    let after_name = &rest[name_end + 3..];
    match after_name.find(')') {
        Some(close) if after_name[..close].chars().all(|c| c.is_ascii_digit()) => {
            format!("thread '{}'{}", &rest[..name_end], &after_name[close + 1..])
        }
        _ => line.to_string(),
    }
}

fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<String> = text
        .lines()
        .filter(|line| !line.contains("--logfile") && !line.trim().is_empty())
        .map(tidy_line)
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    format!(
        ":\n{}",
        lines[lines.len().saturating_sub(count)..].join("\n")
    )
}

fn signal_name(signal: i32) -> String {
    let name = match signal {
        libc::SIGABRT => "SIGABRT (abort; also how a stack overflow ends)",
        libc::SIGSEGV => "SIGSEGV (invalid memory access)",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGTERM => "SIGTERM",
        _ => return format!("signal {signal}"),
    };
    name.to_string()
}

fn cap_message(message: &str) -> String {
    if message.len() <= MESSAGE_CAP {
        return message.to_string();
    }
    let mut end = MESSAGE_CAP;
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n[... cut at {MESSAGE_CAP} bytes]", &message[..end])
}

/// A log-file path for test `index` in `scratch`.
pub fn log_file_in(scratch: &Path, index: usize) -> PathBuf {
    scratch.join(format!("test-{index}.log"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_line_drops_thread_ids_and_names() {
        assert_eq!(
            tidy_line("thread 'a::b' (9841) panicked at src/lib.rs:7:5:"),
            "panicked at src/lib.rs:7:5:"
        );
        assert_eq!(
            tidy_line("thread 'a::b' (84) has overflowed its stack"),
            "thread 'a::b' has overflowed its stack"
        );
        assert_eq!(tidy_line("left: 7"), "left: 7");
    }

    #[test]
    fn failure_message_is_the_tests_own_section() {
        let stdout = "running 1 test\ntest t ... FAILED\n\nfailures:\n\n---- t stdout ----\n\
                      thread 't' (5) panicked at tests/main.rs:3:5:\nexpected 1, got 2\n\
                      note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\n\
                      failures:\n    t\n";
        assert_eq!(
            failure_message("t", stdout),
            "panicked at tests/main.rs:3:5:\nexpected 1, got 2"
        );
    }
}
