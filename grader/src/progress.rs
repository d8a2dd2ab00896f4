//! Shows grading as it goes: a progress bar on a terminal, one line per build step (or per
//! submission of a batch) in a CI log.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use std::path::Path;

use crate::batch::BatchEvent;
use crate::error::Error;
use crate::grade::{grade, Event, Options, Submission, WorkDir};
use crate::manifest::Course;
use crate::model::{SubmissionResult, Verdict};
use crate::render::one_line;

/// [`grade`] with a [`Progress`] over the tests `options` includes.
pub fn grade_with_progress(
    course_root: &Path,
    course: &Course,
    submission: &Submission,
    work: &WorkDir,
    options: &Options,
) -> Result<SubmissionResult, Error> {
    let mut progress = Progress::new(options.test_count(course));
    let result = grade(
        course_root,
        course,
        submission,
        work,
        options,
        &mut |event| progress.show(event),
    );
    progress.finish();
    result
}

fn not_reused(why: &str) -> String {
    format!(
        "grader: compiling the third-party crates too, as the course's could not be reused: {why}"
    )
}

/// A progress bar on a terminal; one line per build step in a CI log.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new(total: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} tests  {msg}")
                    .expect("a valid progress template")
                    .progress_chars("=> "),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Progress { bar }
    }

    pub fn show(&mut self, event: Event) {
        match (&self.bar, event) {
            (Some(bar), Event::Building { exercises }) => bar.set_message(format!(
                "building {exercises} (a first build takes minutes)"
            )),
            (Some(bar), Event::NotReused { why }) => bar.println(not_reused(why)),
            (None, Event::NotReused { why }) => eprintln!("{}", not_reused(why)),
            (Some(bar), Event::TestDone { exercise, test, .. }) => {
                bar.set_message(format!("{exercise} {test}"));
                bar.inc(1)
            }
            (None, Event::Building { exercises }) => eprintln!("grader: building {exercises}"),
            (
                None,
                Event::TestDone {
                    exercise,
                    test,
                    verdict: Verdict::TimedOut,
                },
            ) => eprintln!("grader: {exercise} {test} timed out"),
            (None, _) => {}
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A batch's progress: on a terminal a bar over the submissions, naming the current one, its
/// tests done and the time left; in a CI log one line per submission graded.
pub struct BatchProgress {
    bar: Option<ProgressBar>,
    total: usize,
    tests_each: usize,
    current: String,
    tests_done: usize,
}

impl BatchProgress {
    /// A batch whose submissions each have `tests_each` graded tests.
    pub fn new(tests_each: usize) -> BatchProgress {
        BatchProgress {
            bar: None,
            total: 0,
            tests_each,
            current: String::new(),
            tests_done: 0,
        }
    }

    pub fn show(&mut self, event: BatchEvent) {
        match event {
            BatchEvent::Started {
                submissions,
                journal,
            } => {
                self.total = submissions;
                self.line(&format!(
                    "grader: grading {submissions} submission(s); each result is kept in {} as it is done, and --resume continues an interrupted batch",
                    journal.display()
                ));
                self.bar = std::io::stderr().is_terminal().then(|| {
                    let bar = ProgressBar::new(submissions as u64);
                    bar.set_style(
                        ProgressStyle::with_template(
                            "{spinner} [{bar:30}] {pos}/{len} submissions, {eta} left  {msg}",
                        )
                        .expect("a valid progress template")
                        .progress_chars("=> "),
                    );
                    bar.enable_steady_tick(std::time::Duration::from_millis(120));
                    bar
                });
            }
            BatchEvent::Grading { name, .. } => {
                self.current = name.to_string();
                self.tests_done = 0;
                self.message("starting");
            }
            BatchEvent::Grade(Event::Building { .. }) => self.message("building"),
            BatchEvent::Grade(Event::NotReused { why }) => self.line(&not_reused(why)),
            BatchEvent::Grade(Event::TestDone { .. }) => {
                self.tests_done += 1;
                let tests = format!("{}/{} tests", self.tests_done, self.tests_each);
                self.message(&tests);
            }
            BatchEvent::Graded {
                index,
                result,
                took,
                reused,
            } => {
                let how = if reused {
                    "kept from the earlier run".to_string()
                } else {
                    format!("in {:.1} s", took.as_secs_f64())
                };
                let line = format!(
                    "grader: [{}/{}] {}: {}/{} points, {how}",
                    index + 1,
                    self.total,
                    one_line(&result.submission.name),
                    result.points,
                    result.max_points
                );
                match &self.bar {
                    Some(bar) => bar.inc(1),
                    None => eprintln!("{line}"),
                }
            }
            BatchEvent::NotJournaled { name, why } => self.line(&format!(
                "grader: warning: {}'s result is in this report but could not be kept for --resume: {}",
                one_line(name),
                one_line(why)
            )),
            BatchEvent::NotGraded { name, why } => {
                self.line(&format!("grader: {}: {}", one_line(name), one_line(why)));
                if let Some(bar) = &self.bar {
                    bar.inc(1);
                }
            }
        }
    }

    fn message(&self, what: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{}: {what}", self.current));
        }
    }

    /// A line above the bar, or on its own in a log.
    fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
