//! Turns what happened to a test process into a verdict: pure functions, no processes.
//!
//! Invariant: `passed` needs both a clean exit (code 0) and the harness's proof for this very
//! test, which only the harness can write (see `lab_harness`). Nothing the process printed can
//! make a test pass; what it printed only feeds the messages, cut for display.

use std::time::Duration;

use crate::model::Verdict;

/// The longest message a report carries for one test.
const MESSAGE_CAP: usize = 4000;

/// How a test process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Exited(i32),
    Signaled(i32),
    /// Stopped by the grader at its time limit.
    TimedOut,
    /// Stopped by the grader because it printed more than it may.
    OutputFlood {
        limit_bytes: usize,
    },
}

/// Everything the grader saw of one test run.
#[derive(Debug, Clone, Copy)]
pub struct Observed<'a> {
    pub ending: Ending,
    /// What came back on the proof channel.
    pub proof: &'a str,
    /// The proof the harness writes when this test returns.
    pub expected_proof: &'a str,
    pub stdout: &'a str,
    pub stderr: &'a str,
    pub time_limit: Duration,
}

/// The verdict of test `name`, with the message a report shows.
pub fn judge(name: &str, observed: &Observed) -> (Verdict, Option<String>) {
    let (verdict, message) = match observed.ending {
        Ending::TimedOut => (
            Verdict::TimedOut,
            Some(format!(
                "the test did not finish within its time limit of {:.1} s and was stopped (an endless loop, or a wait that never ends?)",
                observed.time_limit.as_secs_f64()
            )),
        ),
        Ending::OutputFlood { limit_bytes } => (
            Verdict::Crashed,
            Some(format!(
                "the test printed more than {} MiB and was stopped (printing in a loop?)",
                limit_bytes >> 20
            )),
        ),
        Ending::Signaled(signal) => (
            Verdict::Crashed,
            Some(format!(
                "the test process was killed by {}{}",
                signal_name(signal),
                last_lines(observed.stderr, 5)
            )),
        ),
        Ending::Exited(0) if observed.proof == observed.expected_proof => (Verdict::Passed, None),
        Ending::Exited(101) => (Verdict::Failed, Some(failure_message(name, observed.stdout))),
        Ending::Exited(0) => (
            Verdict::ExitedEarly,
            Some(
                "the test process exited with code 0 before the test returned (does the code call std::process::exit?)"
                    .to_string(),
            ),
        ),
        Ending::Exited(code) => (
            Verdict::ExitedEarly,
            Some(format!(
                "the test process exited with code {code} before the test finished (does the code call std::process::exit?)"
            )),
        ),
    };
    (verdict, message.map(|m| cap_message(&m)))
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
        .filter(|line| !line.trim().is_empty())
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
        libc::SIGABRT => "SIGABRT (abort; also how a stack overflow or a failed allocation ends)",
        libc::SIGSEGV => "SIGSEGV (invalid memory access)",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGTERM => "SIGTERM",
        libc::SIGXCPU => "SIGXCPU (it used more CPU time than its limit)",
        libc::SIGXFSZ => "SIGXFSZ (it wrote a file larger than its limit)",
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

#[cfg(test)]
mod tests {
    use super::*;

    const PROOF: &str = "ab12\n";

    fn observed(ending: Ending, proof: &'static str) -> Observed<'static> {
        Observed {
            ending,
            proof,
            expected_proof: PROOF,
            stdout: "",
            stderr: "",
            time_limit: Duration::from_secs(2),
        }
    }

    fn verdict(ending: Ending, proof: &'static str) -> Verdict {
        judge("t", &observed(ending, proof)).0
    }

    #[test]
    fn a_pass_needs_exit_code_zero_and_the_tests_own_proof() {
        assert_eq!(verdict(Ending::Exited(0), PROOF), Verdict::Passed);
        assert_eq!(verdict(Ending::Exited(0), ""), Verdict::ExitedEarly);
        assert_eq!(verdict(Ending::Exited(0), "ab13\n"), Verdict::ExitedEarly);
        assert_eq!(
            verdict(Ending::Exited(0), "ab12\nab12\n"),
            Verdict::ExitedEarly
        );
        assert_eq!(verdict(Ending::Exited(3), PROOF), Verdict::ExitedEarly);
    }

    #[test]
    fn a_proof_does_not_outweigh_a_failure_a_crash_or_a_timeout() {
        assert_eq!(verdict(Ending::Exited(101), PROOF), Verdict::Failed);
        assert_eq!(
            verdict(Ending::Signaled(libc::SIGABRT), PROOF),
            Verdict::Crashed
        );
        assert_eq!(verdict(Ending::TimedOut, PROOF), Verdict::TimedOut);
        assert_eq!(
            verdict(
                Ending::OutputFlood {
                    limit_bytes: 8 << 20
                },
                PROOF
            ),
            Verdict::Crashed
        );
    }

    #[test]
    fn limits_are_named_in_the_message() {
        let (_, message) = judge("t", &observed(Ending::Signaled(libc::SIGXCPU), ""));
        assert!(message.unwrap().contains("CPU time"));
        let (_, message) = judge(
            "t",
            &observed(
                Ending::OutputFlood {
                    limit_bytes: 8 << 20,
                },
                "",
            ),
        );
        assert!(message.unwrap().contains("more than 8 MiB"));
        let (_, message) = judge("t", &observed(Ending::TimedOut, ""));
        assert!(message.unwrap().contains("2.0 s"));
    }

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

    #[test]
    fn long_messages_are_cut_on_a_character_boundary() {
        let long = "é".repeat(MESSAGE_CAP);
        let cut = cap_message(&long);
        assert!(cut.ends_with("[... cut at 4000 bytes]"));
        assert!(cut.len() < long.len());
    }
}
