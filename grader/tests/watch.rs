//! `grader watch`, driven as a person drives it: in a real terminal (tmux), with keys and saves.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::*;

/// A tmux server of the test's own, killed when the test ends however it ends.
struct Terminal {
    socket: String,
}

impl Terminal {
    /// Runs `command` in a 160x50 terminal of a server named after `test`; the pane stays after
    /// the command ends.
    fn start(test: &str, command: &str) -> Terminal {
        let socket = format!("grader-{test}-{}", std::process::id());
        let terminal = Terminal { socket };
        let started = terminal
            .tmux(&["new-session", "-d", "-x", "160", "-y", "50"])
            .arg(format!(
                // Job control, as in an interactive shell: the command gets a process group of
                // its own, as Ctrl-C expects.
                "set -m; {command}; echo \"watch ended: $?\"; \
                 stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon' | sed 's/^/terminal: /'; sleep 600"
            ))
            .status()
            .expect("tmux runs: the watch tests need it (apt-get install tmux)");
        assert!(started.success(), "tmux could not start a session");
        terminal
    }

    fn tmux(&self, args: &[&str]) -> Command {
        let mut command = Command::new("tmux");
        command.args(["-L", &self.socket]).args(args);
        command
    }

    fn screen(&self) -> String {
        let output = self.tmux(&["capture-pane", "-p"]).output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The screen with its colours, as escape sequences.
    fn screen_with_colours(&self) -> String {
        let output = self.tmux(&["capture-pane", "-p", "-e"]).output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn press(&self, key: &str) {
        assert!(self.tmux(&["send-keys", key]).status().unwrap().success());
    }

    /// Waits until the screen shows `text`, and returns the screen.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "the terminal never showed {text:?}; it shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]).status();
    }
}

fn shell_quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// `grader watch basics` on `course`, in a terminal, after `environment` (`NAME=value ...`).
fn watch_in_terminal(test: &str, course: &Path, work: &Path, environment: &str) -> Terminal {
    Terminal::start(
        test,
        &format!(
            "{environment} {} --course {} --work-dir {} watch basics",
            shell_quoted(Path::new(env!("CARGO_BIN_EXE_grader"))),
            shell_quoted(course),
            shell_quoted(work),
        ),
    )
}

const RED: &str = "\u{1b}[31m";

#[test]
fn watch_tests_again_on_save_answers_keys_and_quits() {
    let course = tempfile::tempdir().unwrap();
    copy_tree(&fixture_course(), course.path());
    let work = tempfile::tempdir().unwrap();
    let terminal = watch_in_terminal("save-keys-quit", course.path(), work.path(), "");

    let first = terminal.wait_for("q: quit");
    assert!(
        first.contains("basics Every way a test can end") && first.contains("1/7 tests"),
        "{first}"
    );
    assert!(
        first.contains("✗ behaviour::multiplies (failed)")
            && first.contains("hint: Multiply, do not add."),
        "the first failure comes with its hint:\n{first}"
    );
    assert!(
        terminal.screen_with_colours().contains(RED),
        "a terminal shows colours"
    );

    terminal.press("l");
    let listed = terminal.wait_for("✓ behaviour::adds (passed, 2/2 points)");
    assert!(listed.contains("hidden tests: 0 of 1 pass"), "{listed}");

    let lib = course.path().join("exercises/ex01-basics/src/lib.rs");
    let fixed = std::fs::read_to_string(&lib)
        .unwrap()
        .replace("    a + b\n}\n\n/// Never", "    a * b\n}\n\n/// Never");
    std::fs::write(&lib, fixed).unwrap();
    // The heading, not the progress bar of the run (which counts tests too).
    terminal.wait_for("2/7 tests  3/8 points");
    // The screen was cleared before its heading: this is the new screen's line of keys.
    let again = terminal.wait_for("q: quit");
    assert!(
        again.contains("✗ behaviour::counts_down (timed_out)") && !again.contains("multiplies"),
        "after the save the next failure is first:\n{again}"
    );

    terminal.press("q");
    terminal.wait_for("watch ended: 0");
    assert!(terminal.wait_for("terminal: ").contains("terminal: icanon"));
}

#[test]
fn no_color_turns_the_colours_off() {
    let work = tempfile::tempdir().unwrap();
    let terminal = watch_in_terminal("no-color", &fixture_course(), work.path(), "NO_COLOR=1");

    let screen = terminal.wait_for("q: quit");

    assert!(screen.contains("✗ behaviour::multiplies"), "{screen}");
    let coloured = terminal.screen_with_colours();
    assert!(!coloured.contains(RED), "{coloured:?}");
}

/// The processes whose command line names `folder`, but the terminal's own (tmux and the shell
/// that ran the watch).
fn processes_in(folder: &Path) -> String {
    let output = Command::new("pgrep")
        .args(["-a", "-f"])
        .arg(folder)
        .output()
        .expect("pgrep runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| {
            let program = line.split_whitespace().nth(1).unwrap_or_default();
            !["tmux", "bash", "sh"].contains(&program)
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn ctrl_c_in_the_middle_of_a_run_leaves_no_process_and_a_working_terminal() {
    let work = tempfile::tempdir().unwrap();
    let terminal = watch_in_terminal("ctrl-c", &fixture_course(), work.path(), "");
    terminal.wait_for("q: quit");

    terminal.press("r");
    // `counts_down` never returns: it runs until its time limit of 3 s.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !processes_in(work.path()).contains("counts_down") {
        assert!(Instant::now() < deadline, "the run never started a test");
        std::thread::sleep(Duration::from_millis(50));
    }
    terminal.press("C-c");

    terminal.wait_for("watch ended: 130");
    // The box's processes die as soon as the grader does; a loaded machine gets a moment, well
    // short of the 3 s CPU limit that would end `counts_down` anyway.
    let deadline = Instant::now() + Duration::from_millis(1500);
    while !processes_in(work.path()).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(processes_in(work.path()), "", "nothing of the run is left");
    let after = terminal.wait_for("terminal: ");
    assert!(
        after.contains("terminal: icanon"),
        "the terminal is back in line mode, not raw:\n{after}"
    );
}
