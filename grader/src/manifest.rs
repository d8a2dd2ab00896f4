//! `exercises/course.toml`: the exercises in order, and per test its points and hint.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::error::Error;

/// The manifest's place in a course workspace.
pub const MANIFEST_PATH: &str = "exercises/course.toml";

const DEFAULT_TIME_LIMIT_SECS: f64 = 10.0;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Course {
    pub title: String,
    /// The time limit of each test, in seconds, unless its exercise sets another.
    #[serde(default)]
    pub time_limit_secs: Option<f64>,
    #[serde(rename = "exercise", default)]
    pub exercises: Vec<Exercise>,
    /// What the emulator tier creates in a fresh emulator (see [`crate::emulator::seed`]).
    #[serde(default)]
    pub emulator: Option<crate::emulator::seed::Seed>,
    /// What `grader api` serves on 127.0.0.1 (see [`crate::api`]).
    #[serde(default)]
    pub api: Option<crate::api::ApiSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// The Cargo package name, e.g. `ex03`.
    pub id: String,
    /// The folder under `exercises/`, e.g. `ex03-dynamodb`.
    pub dir: String,
    pub title: String,
    /// The chapter to read first, relative to the workspace root.
    #[serde(default)]
    pub doc: Option<String>,
    #[serde(default)]
    pub time_limit_secs: Option<f64>,
    /// Files inside `src/` (relative to it) that the course owns: the types the contracts
    /// declare, `lib.rs`. Grading always takes them from the course, never from a submission.
    #[serde(default)]
    pub given: Vec<String>,
    /// Rules of the policy check (`grader::policy`) this exercise's contract needs lifted.
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(rename = "test", default)]
    pub tests: Vec<TestSpec>,
    /// The hidden tests this copy of the course does not hold: `grader export` leaves them out of
    /// the student's copy and counts them here, so its reports can say they were not run.
    #[serde(default)]
    pub withheld: Option<Withheld>,
}

/// How many hidden tests an exported copy left out, and their points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Withheld {
    pub tests: u32,
    pub points: u32,
}

/// The module of the graded tests that holds an exercise's emulator-tier tests, and only them:
/// `tests/emulator.rs`, built only with the exercise's feature `emulator`.
pub const EMULATOR_MODULE: &str = "emulator";

/// Where a test's AWS is: recorded answers in the process (every run), or the emulator tier's
/// server on 127.0.0.1 (`grader report --tier emulator`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    #[default]
    Unit,
    Emulator,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Unit => "unit",
            Tier::Emulator => "emulator",
        }
    }
}

/// The module of the graded tests that holds an exercise's hidden tests, and only them:
/// `tests/hidden.rs`, so `grader export` can leave them out whole.
pub const HIDDEN_MODULE: &str = "hidden";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestSpec {
    /// The test's full name as the test harness lists it, e.g. `read::get_customer_returns_none`.
    pub name: String,
    #[serde(default = "one")]
    pub points: u32,
    #[serde(default)]
    pub hint: Option<String>,
    /// Hidden tests count in the score; reports show them only where the instructor allows.
    #[serde(default)]
    pub hidden: bool,
    /// This test's own time limit, in seconds.
    #[serde(default)]
    pub time_limit_secs: Option<f64>,
    /// The tier the test belongs to: emulator-tier tests live in the [`EMULATOR_MODULE`].
    #[serde(default)]
    pub tier: Tier,
}

impl TestSpec {
    /// Whether the test's full name places it in the [`HIDDEN_MODULE`].
    pub fn is_in_hidden_module(&self) -> bool {
        self.name
            .strip_prefix(HIDDEN_MODULE)
            .is_some_and(|rest| rest.starts_with("::"))
    }
}

fn one() -> u32 {
    1
}

impl Course {
    /// Reads and checks the manifest of the course workspace at `root`.
    pub fn load(root: &Path) -> Result<Course, Error> {
        let path = root.join(MANIFEST_PATH);
        let text = std::fs::read_to_string(&path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                Error::BadInput(format!(
                    "{} not found: {} is not a course workspace (pass --course with the folder that holds exercises/course.toml)",
                    path.display(),
                    root.display()
                ))
            } else {
                Error::io("cannot read", &path, source)
            }
        })?;
        let course: Course = toml::from_str(&text).map_err(|error| Error::Manifest {
            path: path.clone(),
            message: error.to_string().trim_end().to_string(),
        })?;
        course.check(root, &path)?;
        Ok(course)
    }

    fn check(&self, root: &Path, path: &Path) -> Result<(), Error> {
        let fail = |message: String| Error::Manifest {
            path: path.to_path_buf(),
            message,
        };
        if self.exercises.is_empty() {
            return Err(fail("lists no [[exercise]]".into()));
        }
        let mut ids = HashSet::new();
        for exercise in &self.exercises {
            if !ids.insert(exercise.id.as_str()) {
                return Err(fail(format!("exercise `{}` is listed twice", exercise.id)));
            }
            let dir = root.join("exercises").join(&exercise.dir);
            let cargo = dir.join("Cargo.toml");
            let package = std::fs::read_to_string(&cargo).map_err(|_| {
                fail(format!(
                    "exercise `{}`: unknown exercise, {} does not exist",
                    exercise.id,
                    cargo.display()
                ))
            })?;
            if !declares_package(&package, &exercise.id) {
                return Err(fail(format!(
                    "exercise `{}`: {} is not package `{}`",
                    exercise.id,
                    cargo.display(),
                    exercise.id
                )));
            }
            for given in &exercise.given {
                let relative = Path::new(given);
                let plain = relative
                    .components()
                    .all(|part| matches!(part, std::path::Component::Normal(_)));
                if !plain || !given.ends_with(".rs") || !dir.join("src").join(relative).is_file() {
                    return Err(fail(format!(
                        "exercise `{}`: given file `{given}` is not a .rs file under {}",
                        exercise.id,
                        dir.join("src").display()
                    )));
                }
            }
            for rule in &exercise.allow {
                if crate::policy::Rule::from_name(rule).is_none() {
                    return Err(fail(format!(
                        "exercise `{}`: allow names an unknown rule `{rule}` (known: {})",
                        exercise.id,
                        crate::policy::Rule::names().join(", ")
                    )));
                }
            }
            if exercise.tests.is_empty() {
                return Err(fail(format!(
                    "exercise `{}` lists no [[exercise.test]]",
                    exercise.id
                )));
            }
            let mut names = HashSet::new();
            for test in &exercise.tests {
                if !names.insert(test.name.as_str()) {
                    return Err(fail(format!(
                        "exercise `{}`: test `{}` is listed twice",
                        exercise.id, test.name
                    )));
                }
                let in_emulator_module = test
                    .name
                    .strip_prefix(EMULATOR_MODULE)
                    .is_some_and(|rest| rest.starts_with("::"));
                if (test.tier == Tier::Emulator) != in_emulator_module {
                    return Err(fail(format!(
                        "exercise `{}`: test `{}`: emulator-tier tests, and only they, live in the graded tests' module `{EMULATOR_MODULE}` (tests/{EMULATOR_MODULE}.rs, built with the exercise's feature `emulator`); {}",
                        exercise.id,
                        test.name,
                        if in_emulator_module { "mark it `tier = \"emulator\"`" } else { "move it there or drop `tier = \"emulator\"`" }
                    )));
                }
                if test.hidden && test.tier == Tier::Emulator {
                    return Err(fail(format!(
                        "exercise `{}`: test `{}` cannot be both hidden and of the emulator tier",
                        exercise.id, test.name
                    )));
                }
                if test.hidden != test.is_in_hidden_module() {
                    return Err(fail(format!(
                        "exercise `{}`: test `{}`: hidden tests, and only they, live in the graded tests' module `{HIDDEN_MODULE}` (tests/{HIDDEN_MODULE}.rs, named `{HIDDEN_MODULE}::...`), so that `grader export` can leave them out; {}",
                        exercise.id,
                        test.name,
                        if test.hidden { "move it there or drop `hidden = true`" } else { "mark it `hidden = true` or move it out" }
                    )));
                }
            }
            let limits = [self.time_limit_secs, exercise.time_limit_secs]
                .into_iter()
                .chain(exercise.tests.iter().map(|test| test.time_limit_secs));
            for limit in limits.flatten() {
                if !(limit > 0.0 && limit.is_finite()) {
                    return Err(fail(format!(
                        "exercise `{}`: time_limit_secs must be a positive number of seconds, not {limit}",
                        exercise.id
                    )));
                }
            }
        }
        Ok(())
    }

    /// The time limit of `test` of `exercise`: its own, else its exercise's, else the course's.
    /// An emulator-tier test without a limit of its own gets twice its exercise's: its calls go
    /// through one server that every test of the run shares.
    pub fn time_limit(&self, exercise: &Exercise, test: &TestSpec) -> Duration {
        let inherited = exercise
            .time_limit_secs
            .or(self.time_limit_secs)
            .unwrap_or(DEFAULT_TIME_LIMIT_SECS);
        let inherited = match test.tier {
            Tier::Unit => inherited,
            Tier::Emulator => 2.0 * inherited,
        };
        Duration::from_secs_f64(test.time_limit_secs.unwrap_or(inherited))
    }
}

impl Exercise {
    /// Where this exercise's sources live below a sources root (`exercises/` or `solutions/`).
    pub fn src_below(&self, sources_root: &Path) -> PathBuf {
        sources_root.join(&self.dir).join("src")
    }

    /// Whether some of its tests are of the emulator tier (built with its feature `emulator`).
    pub fn has_emulator_tests(&self) -> bool {
        self.tests.iter().any(|t| t.tier == Tier::Emulator)
    }
}

fn declares_package(cargo_toml: &str, id: &str) -> bool {
    let Ok(value) = cargo_toml.parse::<toml::Table>() else {
        return false;
    };
    value
        .get("package")
        .and_then(|package| package.get("name"))
        .and_then(|name| name.as_str())
        == Some(id)
}

/// Compares the tests exercise `id`'s test binaries list with the manifest's `expected` ones
/// (those of the tiers built): every listed test must exist and every existing test must be
/// listed.
pub fn check_tests_listed(
    id: &str,
    expected: &[&TestSpec],
    found: &[String],
    manifest: &Path,
) -> Result<(), Error> {
    let listed: HashSet<&str> = expected.iter().map(|t| t.name.as_str()).collect();
    let existing: HashSet<&str> = found.iter().map(String::as_str).collect();
    let mut missing: Vec<&str> = listed.difference(&existing).copied().collect();
    let mut unlisted: Vec<&str> = existing.difference(&listed).copied().collect();
    missing.sort();
    unlisted.sort();
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!(
            "lists tests that do not exist: {}",
            missing.join(", ")
        ));
    }
    if !unlisted.is_empty() {
        problems.push(format!(
            "does not list these tests (add an [[exercise.test]] for each): {}",
            unlisted.join(", ")
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Manifest {
            path: manifest.to_path_buf(),
            message: format!("exercise `{id}` {}", problems.join("; and ")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_emulator_tier_test_inherits_twice_the_limit_and_keeps_its_own() {
        let course: Course = toml::from_str(
            r#"
title = "t"
time_limit_secs = 5
[[exercise]]
id = "a"
dir = "a"
title = "A"
[[exercise.test]]
name = "unit"
[[exercise.test]]
name = "emulator::inherits"
tier = "emulator"
[[exercise.test]]
name = "emulator::own"
tier = "emulator"
time_limit_secs = 3
"#,
        )
        .unwrap();
        let exercise = &course.exercises[0];
        let limits: Vec<Duration> = exercise
            .tests
            .iter()
            .map(|test| course.time_limit(exercise, test))
            .collect();
        assert_eq!(limits, [5, 10, 3].map(Duration::from_secs));
    }
}
