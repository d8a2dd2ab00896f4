//! `grader watch`: grades the exercise the student works on at every save, shows its first
//! failures with their hints, and moves on to the next exercise when every test passes.
//!
//! Invariants:
//! - It grades exactly as `grader report` does: the same overlay, build and boxes, in the grader's
//!   own work dir. The editor's `cargo check` works on the course's target dir, so neither ever
//!   waits for the other's lock.
//! - Only the current exercise is built and run after a save.
//! - Nothing here renders: [`screen`] turns results into text, [`input`] turns the operating
//!   system's events into [`input::Input`]s.

pub mod input;
pub mod screen;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::SystemTime;

use crate::error::Error;
use crate::grade::{Options, Submission, WorkDir};
use crate::manifest::Course;
use crate::model::{ExerciseResult, SubmissionResult};
use crate::progress::grade_with_progress;
use input::{Input, TerminalSettings};
use screen::{failing_hints, keys, screen, test_list, Palette};

/// How the watch runs.
#[derive(Debug, Clone, Default)]
pub struct WatchOptions {
    /// Start with this exercise (by id) instead of the first one not done.
    pub start: Option<String>,
    /// Test again only when asked (a key), not on file events: for folders where they do not
    /// arrive (network drives, some WSL setups).
    pub manual: bool,
}

/// What to do after waiting for input.
enum Next {
    Run(usize),
    Quit,
}

/// Watches the course workspace at `course_root` until the student quits.
pub fn watch(
    course_root: &Path,
    course: &Course,
    work: &WorkDir,
    options: &Options,
    watch: &WatchOptions,
) -> Result<(), Error> {
    if course.exercises.is_empty() {
        return Err(Error::BadInput("the course has no exercises".into()));
    }
    let out = Output::new();
    let exercises = std::fs::canonicalize(course_root.join("exercises"))
        .map_err(|e| Error::io("cannot read", course_root.join("exercises"), e))?;
    let sources: Vec<PathBuf> = course
        .exercises
        .iter()
        .map(|e| exercises.join(&e.dir).join("src"))
        .collect();
    let start = match &watch.start {
        Some(id) => match course.exercises.iter().position(|e| e.id == *id) {
            Some(index) => Some(index),
            None => {
                let known: Vec<&str> = course.exercises.iter().map(|e| e.id.as_str()).collect();
                return Err(Error::BadInput(format!(
                    "no exercise {id} in the course; its exercises are {}",
                    known.join(", ")
                )));
            }
        },
        None => None,
    };
    let submission = Submission::workspace(course_root)?;
    let (sender, receiver) = channel();
    let _watcher = if watch.manual {
        None
    } else {
        Some(input::watch_sources(&exercises, sender.clone())?)
    };
    let _terminal = TerminalSettings::save();
    input::read_keys(sender);
    let mut inputs = Inputs { receiver };
    let mut states: Vec<SourcesState> = sources.iter().map(|src| SourcesState::of(src)).collect();

    let (mut current, mut shown) = match start {
        Some(index) => (index, None),
        None => {
            let all = run(course_root, course, &submission, work, options, None)?;
            let index = all
                .exercises
                .iter()
                .position(|e| !e.is_done())
                .unwrap_or(course.exercises.len() - 1);
            (index, Some(all.exercises[index].clone()))
        }
    };
    let mut note = String::new();
    loop {
        let exercise = &course.exercises[current];
        let result = match shown.take() {
            Some(result) => Ok(result),
            None => run(
                course_root,
                course,
                &submission,
                work,
                options,
                Some(&exercise.id),
            )
            .map(|mut r| r.exercises.remove(0)),
        };
        let src = format!("exercises/{}/src", exercise.dir);
        out.clear();
        out.show(&note);
        note.clear();
        let last = match result {
            Ok(result) => {
                out.show(&screen(&result, exercise, &out.palette));
                if result.is_done() {
                    if let Some(next) = course.exercises.get(current + 1) {
                        let done = if result.withheld.is_some() {
                            "passes every test here"
                        } else {
                            "is done"
                        };
                        note = format!(
                            "{} {done}: on to {} {}.\n\n",
                            exercise.id, next.id, next.title
                        );
                        current += 1;
                        continue;
                    }
                    let withheld = course.exercises.iter().any(|e| e.withheld.is_some());
                    out.show(if withheld {
                        "\nEvery test in this copy passes; your instructor runs the hidden ones.\n"
                    } else {
                        "\nEvery exercise is done.\n"
                    });
                }
                Some(result)
            }
            Err(error) => {
                out.show(&format!("grader: {error}\n"));
                None
            }
        };
        out.show(&format!("\n{}", keys(watch.manual, &src)));
        match inputs.wait(
            current,
            &sources,
            &mut states,
            last.as_ref(),
            &out,
            watch.manual,
        ) {
            Next::Run(index) => current = index,
            Next::Quit => {
                out.show("\n");
                return Ok(());
            }
        }
    }
}

/// Grades the workspace, or one exercise of it, with a progress bar.
fn run(
    course_root: &Path,
    course: &Course,
    submission: &Submission,
    work: &WorkDir,
    options: &Options,
    only: Option<&str>,
) -> Result<SubmissionResult, Error> {
    let options = Options {
        only: only.map(str::to_string),
        ..options.clone()
    };
    grade_with_progress(course_root, course, submission, work, &options)
}

struct Inputs {
    receiver: Receiver<Input>,
}

impl Inputs {
    fn next(&mut self) -> Option<Input> {
        self.receiver.recv().ok()
    }

    /// Waits for the input that starts the next run (of `current` or another exercise), showing
    /// the list or the hints of `last` on their keys meanwhile.
    fn wait(
        &mut self,
        current: usize,
        sources: &[PathBuf],
        states: &mut [SourcesState],
        last: Option<&ExerciseResult>,
        out: &Output,
        manual: bool,
    ) -> Next {
        loop {
            let Some(input) = self.next() else {
                return Next::Quit;
            };
            match input {
                Input::Saved(path) => {
                    // The operating system reports reads too (the grader's own among them):
                    // only a changed file starts a run.
                    if let Some(index) = sources.iter().position(|src| path.starts_with(src)) {
                        let now = SourcesState::of(&sources[index]);
                        if now != states[index] {
                            states[index] = now;
                            return Next::Run(index);
                        }
                    }
                }
                Input::Rescan => {
                    let changed = (0..sources.len()).find(|&index| {
                        let now = SourcesState::of(&sources[index]);
                        let changed = now != states[index];
                        states[index] = now;
                        changed
                    });
                    if let Some(index) = changed {
                        return Next::Run(index);
                    }
                }
                Input::Key('r' | '\n') => return Next::Run(current),
                Input::Key('n') => return Next::Run((current + 1) % sources.len()),
                Input::Key('h') => {
                    if let Some(result) = last {
                        out.show(&format!("\n{}", failing_hints(result)));
                    }
                }
                Input::Key('l') => {
                    if let Some(result) = last {
                        out.show(&format!("\n{}", test_list(result, &out.palette)));
                    }
                }
                Input::Key('q') => return Next::Quit,
                Input::Closed if manual => return Next::Quit,
                Input::Key(_) | Input::Closed => {}
            }
        }
    }
}

/// No `NO_COLOR` (https://no-color.org: set and not empty means no colours).
fn wants_colours() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// The Rust sources below a `src` folder, each with its modification time and length.
#[derive(Debug, PartialEq, Eq)]
struct SourcesState(Vec<(PathBuf, Option<SystemTime>, u64)>);

impl SourcesState {
    fn of(src: &Path) -> SourcesState {
        let mut files = Vec::new();
        let mut folders = vec![src.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
                let path = entry.path();
                match entry.metadata() {
                    Ok(meta) if meta.is_dir() => folders.push(path),
                    Ok(meta) if input::is_source(&path) => {
                        files.push((path, meta.modified().ok(), meta.len()))
                    }
                    _ => {}
                }
            }
        }
        files.sort();
        SourcesState(files)
    }
}

/// Standard output: on a terminal the screen is cleared before each run, and lines end in
/// `\r\n` because key reading keeps the terminal in raw mode.
struct Output {
    terminal: bool,
    palette: Palette,
}

impl Output {
    fn new() -> Output {
        let terminal = std::io::stdout().is_terminal();
        Output {
            terminal,
            palette: Palette::new(terminal && wants_colours() && console::colors_enabled()),
        }
    }

    fn clear(&self) {
        if self.terminal {
            self.show("\x1b[2J\x1b[H");
        } else {
            self.show("\n");
        }
    }

    fn show(&self, text: &str) {
        let text = if self.terminal {
            text.replace('\n', "\r\n")
        } else {
            text.to_string()
        };
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
    }
}
