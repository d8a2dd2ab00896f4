//! Shows grading as it goes: a progress bar on a terminal, one line per build step in a CI log.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use std::path::Path;

use crate::error::Error;
use crate::grade::{grade, Event, Options, Submission, WorkDir};
use crate::manifest::Course;
use crate::model::{SubmissionResult, Verdict};

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
