//! `grader verify`: every test passes on the reference solutions and fails on the stubs.

use std::path::Path;

use crate::error::Error;
use crate::grade::{grade, Event, Options, Submission, WorkDir};
use crate::manifest::Course;
use crate::model::{SubmissionResult, Verdict};

/// One graded test's verdicts on the solution and on the stub.
#[derive(Debug, Clone)]
pub struct VerifyRow {
    pub exercise: String,
    pub test: String,
    pub on_solution: Verdict,
    pub on_stub: Verdict,
    /// What is wrong with this test, if anything.
    pub problem: Option<String>,
}

#[derive(Debug, Clone)]
pub struct VerifyOutcome {
    pub rows: Vec<VerifyRow>,
    /// Stub files that differ from the ones generated from the solutions.
    pub stub_drift: Vec<String>,
}

impl VerifyOutcome {
    pub fn problems(&self) -> impl Iterator<Item = &VerifyRow> {
        self.rows.iter().filter(|row| row.problem.is_some())
    }

    pub fn is_sound(&self) -> bool {
        self.problems().next().is_none() && self.stub_drift.is_empty()
    }
}

pub fn verify(
    course_root: &Path,
    course: &Course,
    work: &WorkDir,
    options: &Options,
    on_event: &mut dyn FnMut(Event),
) -> Result<VerifyOutcome, Error> {
    let solutions = Submission {
        name: "solutions".into(),
        path: course_root.join("solutions"),
        sources: course_root.join("solutions"),
        is_workspace: false,
        commit: None,
    };
    let stubs = Submission {
        name: "stubs".into(),
        path: course_root.to_path_buf(),
        sources: course_root.join("exercises"),
        is_workspace: false,
        commit: None,
    };
    let on_solution = grade(course_root, course, &solutions, work, options, on_event)?;
    let on_stub = grade(course_root, course, &stubs, work, options, on_event)?;
    let mut outcome = compare(&on_solution, &on_stub);
    outcome.stub_drift = crate::stubs::drift(course_root, course)?;
    if let Some(id) = &options.only {
        let exercise = course.exercises.iter().find(|e| e.id == *id);
        let prefix = exercise.map(|e| e.src_below(Path::new("exercises")));
        outcome.stub_drift.retain(|path| {
            prefix
                .as_ref()
                .is_some_and(|p| Path::new(path).starts_with(p))
        });
    }
    Ok(outcome)
}

fn compare(on_solution: &SubmissionResult, on_stub: &SubmissionResult) -> VerifyOutcome {
    let mut rows = Vec::new();
    for (solved, stubbed) in on_solution.exercises.iter().zip(&on_stub.exercises) {
        for (solution_test, stub_test) in solved.tests.iter().zip(&stubbed.tests) {
            // A tier this verification does not run proves nothing either way.
            if solution_test.verdict == Verdict::NotRun && stub_test.verdict == Verdict::NotRun {
                continue;
            }
            let mut problems = Vec::new();
            if solution_test.verdict != Verdict::Passed {
                let why = solution_test
                    .message
                    .as_deref()
                    .or(solved.message.as_deref())
                    .unwrap_or("");
                problems.push(format!(
                    "is {} on the solution: {}",
                    solution_test.verdict.as_str(),
                    first_line(why)
                ));
            }
            match stub_test.verdict {
                Verdict::Failed => {}
                Verdict::Passed => problems.push(
                    "passes on the stub: a test that passes on a stub proves nothing".to_string(),
                ),
                other => problems.push(format!(
                    "is {} on the stub: a stub must compile and fail the test",
                    other.as_str()
                )),
            }
            rows.push(VerifyRow {
                exercise: solved.id.clone(),
                test: solution_test.name.clone(),
                on_solution: solution_test.verdict,
                on_stub: stub_test.verdict,
                problem: (!problems.is_empty()).then(|| problems.join("; and ")),
            });
        }
    }
    VerifyOutcome {
        rows,
        stub_drift: Vec::new(),
    }
}

fn first_line(text: &str) -> &str {
    text.lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("")
}
