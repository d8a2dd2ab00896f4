//! What a student sees beside their work: the course's progress exercise by exercise and the one
//! next step (`grader status`), and the hints of the manifest (`grader hint`).
//!
//! Rendering is pure: a result model and the manifest in, text out. Hidden tests count in the
//! progress but never show their name, message or hint, as in every report.

use crate::manifest::{Course, Exercise};
use crate::model::{ExerciseResult, SubmissionResult, TestResult};

/// At most this many lines of a failure's message: the start of it says what went wrong.
const MESSAGE_LINES: usize = 12;

/// The progress of every exercise and the next step.
pub fn status(result: &SubmissionResult, course: &Course) -> String {
    let mut out = format!("{}\n\n", result.course);
    let id_width = result
        .exercises
        .iter()
        .map(|e| e.id.len())
        .max()
        .unwrap_or(0);
    for exercise in &result.exercises {
        let passed = exercise.passed();
        let mark = if exercise.is_done() { "done" } else { "    " };
        out.push_str(&format!(
            "  {mark}  {:id_width$}  {:>3}/{:<3} tests  {:>3}/{:<3} points  {}\n",
            exercise.id,
            passed,
            exercise.tests.len(),
            exercise.points,
            exercise.max_points,
            exercise.title
        ));
    }
    out.push_str(&format!(
        "\nTotal: {} / {} points\n",
        result.points, result.max_points
    ));
    if let Some(note) = result.withheld_note() {
        out.push_str(&format!("{note}\n"));
    }
    out.push('\n');
    out.push_str(&next_step(result, course));
    out
}

/// The first exercise, in the course's order, with a test that does not pass, and what to do.
fn next_step(result: &SubmissionResult, course: &Course) -> String {
    let Some(exercise) = result.exercises.iter().find(|e| !e.is_done()) else {
        return match result.withheld_note() {
            None => "Every exercise is done.\n".to_string(),
            Some(note) => format!("Every test in this copy passes; {note}.\n"),
        };
    };
    let manifest = course.exercises.iter().find(|e| e.id == exercise.id);
    let mut out = format!("Next: {} {}\n", exercise.id, exercise.title);
    if let Some(doc) = manifest.and_then(|e| e.doc.as_deref()) {
        out.push_str(&format!("  read {doc}\n"));
    }
    if let Some(message) = &exercise.message {
        out.push_str(&format!("\n{}\n", shortened(message, "  ")));
        return out;
    }
    match first_visible_failure(exercise) {
        Some(test) => {
            out.push_str(&format!("\n  {} ({})\n", test.name, test.verdict.as_str()));
            out.push_str(&failure_detail(test));
            out.push_str(&format!(
                "\n  run it: cargo test -p {} -- --exact {}\n",
                exercise.id, test.name
            ));
        }
        None => out.push_str("  only hidden tests fail: read the contracts again\n"),
    }
    out
}

pub(crate) fn first_visible_failure(exercise: &ExerciseResult) -> Option<&TestResult> {
    exercise
        .tests
        .iter()
        .find(|t| t.verdict.went_wrong() && !t.hidden)
}

/// A failing test's message (its first lines) and hint, indented under its name.
pub(crate) fn failure_detail(test: &TestResult) -> String {
    let mut out = String::new();
    if let Some(message) = &test.message {
        out.push_str(&format!("{}\n", shortened(message, "    ")));
    }
    if let Some(hint) = &test.hint {
        out.push_str(&format!("    hint: {hint}\n"));
    }
    out
}

/// The first lines of `text`, indented, with a note of how many were left out.
pub(crate) fn shortened(text: &str, prefix: &str) -> String {
    let text = crate::render::printable(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = lines
        .iter()
        .take(MESSAGE_LINES)
        .map(|line| format!("{prefix}{line}"))
        .collect();
    if lines.len() > MESSAGE_LINES {
        out.push(format!(
            "{prefix}[{} more lines: `grader report` shows them all]",
            lines.len() - MESSAGE_LINES
        ));
    }
    out.join("\n")
}

/// Why `grader hint` has nothing to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HintError {
    #[error("no exercise {id} in the course; its exercises are {known}")]
    NoExercise { id: String, known: String },
    #[error("no test of {exercise} is named {name} or ends with it; run `grader hint {exercise}` to list them")]
    NoTest { exercise: String, name: String },
}

/// The hints of `exercise_id`'s tests, or of the one test whose full name is `test` or ends with
/// `::test`. Hidden tests are left out.
pub fn hints(course: &Course, exercise_id: &str, test: Option<&str>) -> Result<String, HintError> {
    let exercise = course
        .exercises
        .iter()
        .find(|e| e.id == exercise_id)
        .ok_or_else(|| HintError::NoExercise {
            id: exercise_id.to_string(),
            known: course
                .exercises
                .iter()
                .map(|e| e.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let visible = exercise.tests.iter().filter(|t| !t.hidden);
    let chosen: Vec<_> = match test {
        None => visible.collect(),
        Some(name) => visible
            .filter(|t| t.name == name || t.name.ends_with(&format!("::{name}")))
            .collect(),
    };
    if chosen.is_empty() {
        if let Some(name) = test {
            return Err(HintError::NoTest {
                exercise: exercise.id.clone(),
                name: name.to_string(),
            });
        }
    }
    let mut out = heading(exercise);
    for spec in chosen {
        let hint = spec
            .hint
            .as_deref()
            .unwrap_or("(no hint: the contract says it all)");
        out.push_str(&format!("\n  {}\n    {hint}\n", spec.name));
    }
    Ok(out)
}

fn heading(exercise: &Exercise) -> String {
    match &exercise.doc {
        Some(doc) => format!("{} {} (read {doc})\n", exercise.id, exercise.title),
        None => format!("{} {}\n", exercise.id, exercise.title),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SubmissionInfo;
    use crate::model::Verdict;

    fn course() -> Course {
        toml::from_str(
            r#"
            title = "Course"
            [[exercise]]
            id = "ex01"
            dir = "ex01-a"
            title = "First"
            doc = "docs/a.md"
            [[exercise.test]]
            name = "m::one"
            hint = "Think of one."
            [[exercise.test]]
            name = "m::secret"
            hidden = true
            hint = "Never shown."
            [[exercise]]
            id = "ex02"
            dir = "ex02-b"
            title = "Second"
            [[exercise.test]]
            name = "two"
            "#,
        )
        .unwrap()
    }

    fn test(name: &str, verdict: Verdict, hidden: bool, message: &str) -> TestResult {
        TestResult {
            name: name.into(),
            verdict,
            points: u32::from(verdict == Verdict::Passed),
            max_points: 1,
            message: (!message.is_empty()).then(|| message.to_string()),
            hint: Some(format!("hint of {name}")),
            hidden,
            duration_ms: 1,
            tier: Default::default(),
        }
    }

    fn result(first: Vec<TestResult>, second: Vec<TestResult>) -> SubmissionResult {
        SubmissionResult::new(
            "Course",
            SubmissionInfo {
                name: "s".into(),
                path: "/s".into(),
                commit: None,
            },
            vec![
                ExerciseResult::new("ex01", "First", None, first),
                ExerciseResult::new("ex02", "Second", None, second),
            ],
            Vec::new(),
        )
    }

    #[test]
    fn the_next_step_is_the_first_visible_failure_of_the_first_unfinished_exercise() {
        let model = result(
            vec![
                test("m::one", Verdict::Passed, false, ""),
                test("m::secret", Verdict::Failed, true, "secret message"),
            ],
            vec![test("two", Verdict::Failed, false, "left: 1\nright: 2")],
        );

        let text = status(&model, &course());

        assert!(
            text.contains("Next: ex01 First\n  read docs/a.md"),
            "{text}"
        );
        assert!(text.contains("only hidden tests fail"), "{text}");
        assert!(
            !text.contains("secret"),
            "hidden tests show nothing: {text}"
        );
        assert!(text.contains("1/2   tests"), "{text}");
    }

    #[test]
    fn a_failure_shows_its_message_hint_and_how_to_run_it() {
        let model = result(
            vec![test("m::one", Verdict::Passed, false, "")],
            vec![test("two", Verdict::Failed, false, "left: 1\nright: 2")],
        );

        let text = status(&model, &course());

        assert!(text.contains("  done  ex01"), "{text}");
        assert!(
            text.contains("  two (failed)\n    left: 1\n    right: 2\n    hint: hint of two"),
            "{text}"
        );
        assert!(text.contains("cargo test -p ex02 -- --exact two"), "{text}");
        assert!(text.contains("Total: 1 / 2 points"), "{text}");
    }

    #[test]
    fn a_long_message_is_cut_for_display_only() {
        let long: Vec<String> = (1..=20).map(|n| format!("line {n}")).collect();
        let model = result(
            vec![test("m::one", Verdict::Failed, false, &long.join("\n"))],
            vec![],
        );

        let text = status(&model, &course());

        assert!(text.contains("line 12\n"), "{text}");
        assert!(!text.contains("line 13"), "{text}");
        assert!(text.contains("[8 more lines"), "{text}");
        assert_eq!(
            model.exercises[0].tests[0].message.as_deref(),
            Some(long.join("\n").as_str()),
            "the model keeps the whole message"
        );
    }

    #[test]
    fn when_everything_passes_there_is_no_next_step() {
        let model = result(
            vec![
                test("m::one", Verdict::Passed, false, ""),
                test("m::secret", Verdict::Passed, true, ""),
            ],
            vec![test("two", Verdict::Passed, false, "")],
        );
        assert!(status(&model, &course()).ends_with("Every exercise is done.\n"));
    }

    #[test]
    fn hints_list_an_exercise_or_one_test_by_its_short_name() {
        let all = hints(&course(), "ex01", None).unwrap();
        assert!(all.starts_with("ex01 First (read docs/a.md)"), "{all}");
        assert!(all.contains("m::one\n    Think of one."), "{all}");
        assert!(
            !all.contains("Never shown"),
            "hidden hints stay hidden: {all}"
        );

        let one = hints(&course(), "ex01", Some("one")).unwrap();
        assert!(one.contains("Think of one."), "{one}");
        assert!(matches!(
            hints(&course(), "ex01", Some("secret")),
            Err(HintError::NoTest { .. })
        ));
        assert!(matches!(
            hints(&course(), "ex09", None),
            Err(HintError::NoExercise { .. })
        ));
    }
}
