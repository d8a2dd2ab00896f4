//! What `grader watch` shows: pure rendering of one exercise's result, with colours only when
//! asked for (the caller decides: a terminal, and no `NO_COLOR`).

use console::Style;

use crate::guide::{failure_detail, first_visible_failure, shortened};
use crate::manifest::Exercise;
use crate::model::{ExerciseResult, TestResult, Verdict};

/// Failing tests shown below the first one (by name and hint only).
const MORE_FAILURES: usize = 2;
/// The progress bar's width in characters.
const BAR_WIDTH: usize = 30;

/// Styles for the screen: plain text when colours are off.
#[derive(Debug, Clone)]
pub struct Palette {
    pass: Style,
    fail: Style,
    title: Style,
    dim: Style,
}

impl Palette {
    pub fn new(colors: bool) -> Palette {
        let style = || Style::new().force_styling(colors);
        Palette {
            pass: style().green(),
            fail: style().red(),
            title: style().bold(),
            dim: style().dim(),
        }
    }
}

/// The exercise's title line and its progress bar.
pub fn heading(exercise: &ExerciseResult, manifest: &Exercise, palette: &Palette) -> String {
    let read = manifest
        .doc
        .as_deref()
        .map(|doc| format!("  (read {doc})"))
        .unwrap_or_default();
    let done = exercise.passed();
    let total = exercise.tests.len().max(1);
    let filled = BAR_WIDTH * done / total;
    let bar = format!("[{}{}]", "=".repeat(filled), " ".repeat(BAR_WIDTH - filled));
    format!(
        "{}{read}\n{}  {done}/{} tests  {}/{} points\n",
        palette
            .title
            .apply_to(format!("{} {}", exercise.id, exercise.title)),
        if done == exercise.tests.len() {
            palette.pass.apply_to(bar)
        } else {
            palette.fail.apply_to(bar)
        },
        exercise.tests.len(),
        exercise.points,
        exercise.max_points,
    )
}

/// The heading, then what to do: the first failure with its message, hint and command, the
/// names and hints of the next few, and how many more there are.
pub fn screen(exercise: &ExerciseResult, manifest: &Exercise, palette: &Palette) -> String {
    let mut out = heading(exercise, manifest, palette);
    out.push('\n');
    if let Some(message) = &exercise.message {
        out.push_str(&format!(
            "{}\n",
            palette.fail.apply_to(shortened(message, "  "))
        ));
        return out;
    }
    if exercise.is_done() {
        let done = match exercise.withheld_note() {
            None => format!("{} is done: every test passes.", exercise.id),
            Some(note) => format!("{}: every test here passes; {note}.", exercise.id),
        };
        out.push_str(&format!("{}\n", palette.pass.apply_to(done)));
        return out;
    }
    let Some(first) = first_visible_failure(exercise) else {
        out.push_str("Only hidden tests fail: read the contracts again.\n");
        return out;
    };
    out.push_str(&failure_line(first, palette));
    out.push_str(&failure_detail(first));
    out.push_str(&format!(
        "    {}\n",
        palette.dim.apply_to(format!(
            "run it alone: cargo test -p {} -- --exact {}",
            exercise.id, first.name
        ))
    ));
    let others: Vec<&TestResult> = exercise
        .tests
        .iter()
        .filter(|t| t.verdict.went_wrong() && !t.hidden && t.name != first.name)
        .collect();
    for test in others.iter().take(MORE_FAILURES) {
        out.push_str(&failure_line(test, palette));
        if let Some(hint) = &test.hint {
            out.push_str(&format!("    hint: {hint}\n"));
        }
    }
    if others.len() > MORE_FAILURES {
        out.push_str(&format!(
            "  and {} more failing (l lists them)\n",
            others.len() - MORE_FAILURES
        ));
    }
    out
}

fn failure_line(test: &TestResult, palette: &Palette) -> String {
    format!(
        "{} {} ({})\n",
        palette.fail.apply_to("✗"),
        test.name,
        test.verdict.as_str()
    )
}

/// Every visible test with its verdict, and how many hidden tests pass.
pub fn test_list(exercise: &ExerciseResult, palette: &Palette) -> String {
    let mut out = String::new();
    for test in exercise.tests.iter().filter(|t| !t.hidden) {
        let mark = match test.verdict {
            Verdict::Passed => palette.pass.apply_to("✓"),
            Verdict::NotRun => palette.dim.apply_to("·"),
            _ => palette.fail.apply_to("✗"),
        };
        out.push_str(&format!(
            "{mark} {} ({}, {}/{} points)\n",
            test.name,
            test.verdict.as_str(),
            test.points,
            test.max_points
        ));
    }
    let hidden: Vec<&TestResult> = exercise.tests.iter().filter(|t| t.hidden).collect();
    if !hidden.is_empty() {
        let passing = hidden
            .iter()
            .filter(|t| t.verdict == Verdict::Passed)
            .count();
        out.push_str(&format!(
            "  hidden tests: {passing} of {} pass\n",
            hidden.len()
        ));
    }
    out
}

/// The hints of every visible test that does not pass.
pub fn failing_hints(exercise: &ExerciseResult) -> String {
    let mut out = String::new();
    for test in exercise
        .tests
        .iter()
        .filter(|t| t.verdict.went_wrong() && !t.hidden)
    {
        let hint = test
            .hint
            .as_deref()
            .unwrap_or("(no hint: the contract says it all)");
        out.push_str(&format!("{}\n    {hint}\n", test.name));
    }
    if out.is_empty() {
        out.push_str("No visible test fails.\n");
    }
    out
}

/// The keys the watch understands, for the line under every screen.
pub fn keys(manual: bool, src: &str) -> String {
    let rerun = if manual {
        "r or Enter: test again".to_string()
    } else {
        format!("saving a file in {src} tests again, r: now")
    };
    format!("{rerun} · h: hints · l: list · n: next exercise · q: quit\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Course;

    fn manifest() -> Exercise {
        let course: Course = toml::from_str(
            "title = \"t\"\n[[exercise]]\nid = \"ex01\"\ndir = \"ex01-a\"\ntitle = \"First\"\ndoc = \"docs/a.md\"\n[[exercise.test]]\nname = \"x\"\n",
        )
        .unwrap();
        course.exercises[0].clone()
    }

    fn test(name: &str, verdict: Verdict, hidden: bool) -> TestResult {
        TestResult {
            name: name.into(),
            verdict,
            points: u32::from(verdict == Verdict::Passed),
            max_points: 1,
            message: Some(format!("message of {name}")),
            hint: Some(format!("hint of {name}")),
            hidden,
            duration_ms: 1,
            tier: Default::default(),
        }
    }

    fn exercise(tests: Vec<TestResult>) -> ExerciseResult {
        ExerciseResult::new("ex01", "First", None, tests)
    }

    #[test]
    fn the_first_failure_is_shown_whole_and_the_next_ones_by_hint() {
        let tests = vec![
            test("a", Verdict::Passed, false),
            test("b", Verdict::Failed, false),
            test("secret", Verdict::Failed, true),
            test("c", Verdict::TimedOut, false),
            test("d", Verdict::Failed, false),
            test("e", Verdict::Failed, false),
        ];

        let text = screen(&exercise(tests), &manifest(), &Palette::new(false));

        assert!(
            text.starts_with("ex01 First  (read docs/a.md)\n[=====                         ]  1/6 tests  1/6 points\n"),
            "{text}"
        );
        assert!(
            text.contains("✗ b (failed)\n    message of b\n    hint: hint of b\n    run it alone: cargo test -p ex01 -- --exact b\n"),
            "{text}"
        );
        assert!(
            text.contains("✗ c (timed_out)\n    hint: hint of c\n✗ d (failed)\n    hint: hint of d\n  and 1 more failing"),
            "{text}"
        );
        assert!(!text.contains("message of c"), "{text}");
        assert!(
            !text.contains("secret"),
            "hidden tests show nothing: {text}"
        );
        assert!(!text.contains('\u{1b}'), "no colour when it is off: {text}");
    }

    #[test]
    fn colours_are_only_there_when_asked_for() {
        let failing = exercise(vec![test("b", Verdict::Failed, false)]);
        let text = screen(&failing, &manifest(), &Palette::new(true));
        assert!(text.contains("\u{1b}[31m✗"), "{text:?}");
    }

    #[test]
    fn a_done_exercise_says_so_and_a_compile_error_comes_first() {
        let done = exercise(vec![
            test("a", Verdict::Passed, false),
            test("s", Verdict::Passed, true),
        ]);
        let text = screen(&done, &manifest(), &Palette::new(false));
        assert!(text.contains("ex01 is done"), "{text}");
        assert!(done.is_done());

        let mut broken = exercise(vec![test("a", Verdict::NotCompiled, false)]);
        broken.message = Some("ex01 does not compile:\nerror[E0308]".into());
        let text = screen(&broken, &manifest(), &Palette::new(false));
        assert!(text.contains("  error[E0308]"), "{text}");
        assert!(!text.contains("✗ a"), "{text}");

        let hidden_only = exercise(vec![
            test("a", Verdict::Passed, false),
            test("s", Verdict::Failed, true),
        ]);
        let text = screen(&hidden_only, &manifest(), &Palette::new(false));
        assert!(text.contains("Only hidden tests fail"), "{text}");
        assert!(!hidden_only.is_done());
    }

    #[test]
    fn the_list_and_the_hints_leave_hidden_tests_nameless() {
        let tests = exercise(vec![
            test("a", Verdict::Passed, false),
            test("b", Verdict::Failed, false),
            test("secret", Verdict::Failed, true),
        ]);
        let list = test_list(&tests, &Palette::new(false));
        assert_eq!(
            list,
            "✓ a (passed, 1/1 points)\n✗ b (failed, 0/1 points)\n  hidden tests: 0 of 1 pass\n"
        );
        assert_eq!(failing_hints(&tests), "b\n    hint of b\n");
    }
}
