//! The result model: one submission's verdicts and points, per test, per exercise and in total.
//! Every report format renders this, so every surface shows the same score.

use serde::{Deserialize, Serialize};

pub use crate::manifest::{Tier, Withheld};

/// What happened to one graded test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The test harness recorded a pass.
    Passed,
    /// The test harness recorded a failure (an assertion or a panic).
    Failed,
    /// The test ran past its time limit and was killed.
    TimedOut,
    /// The process died of a signal: abort, segmentation fault, stack overflow.
    Crashed,
    /// The process ended without the harness's verdict, as `std::process::exit` in code does.
    ExitedEarly,
    /// The exercise did not compile.
    NotCompiled,
    /// The policy check refused the exercise's code (a construct it has no use for).
    Refused,
    /// The submission has no sources for this exercise.
    Missing,
    /// A test of a tier this grading did not run (the emulator tier without `--tier
    /// emulator`): not counted, neither its points nor its maximum.
    NotRun,
}

impl Verdict {
    /// Whether the test ran and did not pass.
    pub fn went_wrong(self) -> bool {
        !matches!(self, Verdict::Passed | Verdict::NotRun)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::Failed => "failed",
            Verdict::TimedOut => "timed_out",
            Verdict::Crashed => "crashed",
            Verdict::ExitedEarly => "exited_early",
            Verdict::NotCompiled => "not_compiled",
            Verdict::Refused => "refused",
            Verdict::Missing => "missing",
            Verdict::NotRun => "not_run",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SubmissionResult {
    pub course: String,
    pub submission: SubmissionInfo,
    pub points: u32,
    pub max_points: u32,
    pub exercises: Vec<ExerciseResult>,
    /// Files the submission changed outside `exercises/*/src`: they were not used for grading.
    pub ignored_changes: Vec<String>,
    pub grader_version: String,
    /// How a batch graded it (`report --submissions`), so that `grader merge` can tell the
    /// shards of one batch from reports of different gradings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchInfo {
    /// The digest of the course's own files the batch graded against.
    pub course_digest: String,
    /// The shard (`i/n`) the batch graded, if one.
    pub shard: Option<String>,
    /// Whether it graded the emulator tier too.
    #[serde(default)]
    pub emulator_tier: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SubmissionInfo {
    pub name: String,
    pub path: String,
    /// The commit the submission's git repository had checked out, if it is one: the files
    /// graded are the folder's as they were, which a clean clone makes that commit's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExerciseResult {
    pub id: String,
    pub title: String,
    pub points: u32,
    pub max_points: u32,
    /// Why the exercise's tests did not run (compiler errors, missing sources).
    pub message: Option<String>,
    pub tests: Vec<TestResult>,
    /// Hidden tests this copy of the course does not hold, so they were not run: their points
    /// are in neither `points` nor `max_points`.
    pub withheld: Option<Withheld>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestResult {
    pub name: String,
    pub verdict: Verdict,
    pub points: u32,
    pub max_points: u32,
    /// What went wrong, as the test or the grader said it.
    pub message: Option<String>,
    pub hint: Option<String>,
    pub hidden: bool,
    pub duration_ms: u64,
    /// The tier it belongs to (absent: the unit tier).
    #[serde(default, skip_serializing_if = "is_unit")]
    pub tier: Tier,
}

fn is_unit(tier: &Tier) -> bool {
    *tier == Tier::Unit
}

impl ExerciseResult {
    pub fn new(id: &str, title: &str, message: Option<String>, tests: Vec<TestResult>) -> Self {
        ExerciseResult {
            id: id.to_string(),
            title: title.to_string(),
            points: tests.iter().map(|t| t.points).sum(),
            // A test not run is worth its points in a grading that runs its tier, in none here.
            max_points: tests
                .iter()
                .filter(|t| t.verdict != Verdict::NotRun)
                .map(|t| t.max_points)
                .sum(),
            message,
            tests,
            withheld: None,
        }
    }

    /// The same result, saying these hidden tests were not run.
    pub fn with_withheld(self, withheld: Option<Withheld>) -> Self {
        ExerciseResult { withheld, ..self }
    }

    /// Whether every test this copy holds, hidden ones included, passed. Tests it withholds
    /// may still fail: see [`ExerciseResult::withheld_note`].
    pub fn is_done(&self) -> bool {
        self.passed() == self.run().count()
    }

    /// Its tests that were run: all but those of a tier this grading did not run.
    pub fn run(&self) -> impl Iterator<Item = &TestResult> {
        self.tests.iter().filter(|t| t.verdict != Verdict::NotRun)
    }

    /// What to say of its tests of a tier not run, if any: e.g. `6 tests of the emulator tier
    /// (9 points) were not run and count nowhere: grader report --tier emulator runs them`.
    pub fn not_run_note(&self) -> Option<String> {
        let (tests, points) = self.not_run();
        let tier = self
            .tests
            .iter()
            .find(|t| t.verdict == Verdict::NotRun)?
            .tier
            .as_str();
        let (tests, were) = if tests == 1 {
            ("1 test".to_string(), "was")
        } else {
            (format!("{tests} tests"), "were")
        };
        Some(format!(
            "{tests} of the {tier} tier ({points} points) {were} not run and count nowhere: `grader report --tier {tier}` runs them"
        ))
    }

    /// How many of its tests were not run, being of a tier this grading did not run, and
    /// their points.
    pub fn not_run(&self) -> (usize, u32) {
        let not_run: Vec<&TestResult> = self
            .tests
            .iter()
            .filter(|t| t.verdict == Verdict::NotRun)
            .collect();
        (not_run.len(), not_run.iter().map(|t| t.max_points).sum())
    }

    /// What to say of the hidden tests this copy withholds, if any: e.g. `1 hidden test (2
    /// points) is not in this copy: your instructor runs it`.
    pub fn withheld_note(&self) -> Option<String> {
        self.withheld.map(|w| withheld_note(w.tests, w.points))
    }

    /// How many of its tests passed.
    pub fn passed(&self) -> usize {
        self.tests
            .iter()
            .filter(|t| t.verdict == Verdict::Passed)
            .count()
    }
}

/// `1 hidden test (2 points) is not in this copy: your instructor runs it`, and the plural.
pub fn withheld_note(tests: u32, points: u32) -> String {
    let points = if points == 1 {
        "1 point".to_string()
    } else {
        format!("{points} points")
    };
    if tests == 1 {
        format!("1 hidden test ({points}) is not in this copy: your instructor runs it")
    } else {
        format!("{tests} hidden tests ({points}) are not in this copy: your instructor runs them")
    }
}

impl SubmissionResult {
    /// What to say of the hidden tests this copy withholds across every exercise, if any.
    pub fn withheld_note(&self) -> Option<String> {
        let withheld: Vec<Withheld> = self.exercises.iter().filter_map(|e| e.withheld).collect();
        if withheld.is_empty() {
            return None;
        }
        Some(withheld_note(
            withheld.iter().map(|w| w.tests).sum(),
            withheld.iter().map(|w| w.points).sum(),
        ))
    }

    pub fn new(
        course: &str,
        submission: SubmissionInfo,
        exercises: Vec<ExerciseResult>,
        ignored_changes: Vec<String>,
    ) -> Self {
        SubmissionResult {
            course: course.to_string(),
            submission,
            points: exercises.iter().map(|e| e.points).sum(),
            max_points: exercises.iter().map(|e| e.max_points).sum(),
            exercises,
            ignored_changes,
            grader_version: env!("CARGO_PKG_VERSION").to_string(),
            batch: None,
        }
    }
}
