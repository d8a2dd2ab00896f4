//! Renderers of the result model: a terminal (or CI log) table and JSON here, and the formats
//! other tools read in the submodules. Rendering is pure: a model in, text out. Every renderer
//! shows the same points, and hidden tests' names, messages and hints only when asked to.

pub mod csv;
pub mod github;
pub mod gradescope;
pub mod junit;
pub mod markdown;
pub mod prairielearn;

use comfy_table::{presets, Cell, CellAlignment, ContentArrangement, Table};

#[cfg(test)]
use crate::model::Withheld;
use crate::model::{ExerciseResult, SubmissionResult, TestResult, Verdict};
use crate::verify::VerifyOutcome;

/// How a table is drawn: box lines for a terminal, Markdown-like ASCII for logs and files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Terminal,
    Plain,
}

pub struct TableOptions {
    pub style: Style,
    /// Show hidden tests' names and messages.
    pub show_hidden: bool,
}

pub fn json(result: &SubmissionResult, show_hidden: bool) -> String {
    serde_json::to_string_pretty(&shown(result, show_hidden)).expect("the result model serializes")
}

/// Many submissions' results as one JSON array.
pub fn json_batch(results: &[SubmissionResult], show_hidden: bool) -> String {
    let shown: Vec<_> = results.iter().map(|r| shown(r, show_hidden)).collect();
    serde_json::to_string_pretty(&shown).expect("the result model serializes")
}

/// The result as a report may show it: hidden tests nameless, without message or hint, unless
/// `show_hidden`.
pub fn shown(result: &SubmissionResult, show_hidden: bool) -> SubmissionResult {
    let mut result = result.clone();
    if !show_hidden {
        for exercise in &mut result.exercises {
            for (index, test) in exercise.tests.iter_mut().enumerate() {
                conceal(test, index);
            }
        }
    }
    result
}

/// One row per submission: points per exercise and in total.
pub fn batch_table(results: &[SubmissionResult], style: Style) -> String {
    let Some(first) = results.first() else {
        return String::new();
    };
    let mut header: Vec<String> = vec!["submission".into()];
    header.extend(first.exercises.iter().map(|e| e.id.clone()));
    header.extend(["total".to_string(), "ignored changes".to_string()]);
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = new_table(style, &header_refs);
    for result in results {
        let mut row = vec![Cell::new(&result.submission.name)];
        for exercise in &result.exercises {
            let text = match exercise.tests.first().map(|t| t.verdict) {
                Some(Verdict::NotCompiled) => "does not compile".to_string(),
                Some(Verdict::Refused) => "refused".to_string(),
                Some(Verdict::Missing) => "missing".to_string(),
                _ => format!("{}/{}", exercise.points, exercise.max_points),
            };
            row.push(Cell::new(text).set_alignment(CellAlignment::Right));
        }
        row.push(
            Cell::new(format!("{}/{}", result.points, result.max_points))
                .set_alignment(CellAlignment::Right),
        );
        row.push(Cell::new(result.ignored_changes.len()).set_alignment(CellAlignment::Right));
        table.add_row(row);
    }
    format!("{}\n{}\n", first.course, table)
}

fn conceal(test: &mut TestResult, index: usize) {
    if test.hidden {
        test.name = format!("hidden test {}", index + 1);
        test.message = None;
        test.hint = None;
    }
}

fn new_table(style: Style, header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(match style {
            Style::Terminal => presets::UTF8_FULL_CONDENSED,
            Style::Plain => presets::ASCII_MARKDOWN,
        })
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    if style == Style::Plain {
        table.set_width(200);
    }
    table
}

/// `, commit 0123456789ab` when the submission is a git repository's checkout, else nothing.
pub fn at_commit(result: &SubmissionResult) -> String {
    result
        .submission
        .commit
        .as_ref()
        .map_or(String::new(), |id| {
            format!(", commit {}", id.get(..12).unwrap_or(id))
        })
}

pub fn table(result: &SubmissionResult, options: &TableOptions) -> String {
    let mut out = format!(
        "{}\nsubmission: {} ({}){}\n",
        result.course,
        result.submission.name,
        result.submission.path,
        at_commit(result)
    );
    let mut details = Vec::new();
    for exercise in &result.exercises {
        out.push_str(&format!(
            "\n{} {}: {} / {} points\n",
            exercise.id, exercise.title, exercise.points, exercise.max_points
        ));
        if let Some(message) = &exercise.message {
            out.push_str(&format!("  {}\n", first_line(message)));
        }
        if let Some(note) = exercise.withheld_note() {
            out.push_str(&format!("  {note}\n"));
        }
        if let Some(note) = exercise.not_run_note() {
            out.push_str(&format!("  {note}\n"));
        }
        let mut table = new_table(options.style, &["test", "verdict", "points", "ms"]);
        for (index, test) in exercise.tests.iter().enumerate() {
            let mut test = test.clone();
            if !options.show_hidden {
                conceal(&mut test, index);
            }
            table.add_row(vec![
                Cell::new(&test.name),
                Cell::new(test.verdict.as_str()),
                Cell::new(format!("{}/{}", test.points, test.max_points))
                    .set_alignment(CellAlignment::Right),
                Cell::new(test.duration_ms).set_alignment(CellAlignment::Right),
            ]);
            let went_wrong = !matches!(test.verdict, Verdict::Passed | Verdict::NotRun);
            if went_wrong && (options.show_hidden || !test.hidden) {
                details.push((exercise.id.clone(), test));
            }
        }
        out.push_str(&table.to_string());
        out.push('\n');
        if let Some(message) = &exercise.message {
            if message.lines().count() > 1 {
                out.push_str(&indent(message, "  "));
                out.push('\n');
            }
        }
    }
    let shown: Vec<_> = details
        .iter()
        .filter(|(_, test)| test.message.is_some() || test.hint.is_some())
        .collect();
    if !shown.is_empty() {
        out.push_str("\nWhat went wrong\n");
        for (exercise, test) in shown {
            out.push_str(&format!(
                "\n{exercise} {} ({})\n",
                test.name,
                test.verdict.as_str()
            ));
            if let Some(message) = &test.message {
                out.push_str(&indent(message, "    "));
                out.push('\n');
            }
            if let Some(hint) = &test.hint {
                out.push_str(&format!("    hint: {hint}\n"));
            }
        }
    }
    if !result.ignored_changes.is_empty() {
        out.push_str(
            "\nChanged outside exercises/*/src, so not used for grading (tests, fixtures and Cargo files come from the course):\n",
        );
        for path in &result.ignored_changes {
            out.push_str(&format!("  {path}\n"));
        }
    }
    out.push_str(&format!(
        "\nTotal: {} / {} points\n",
        result.points, result.max_points
    ));
    if let Some(note) = result.withheld_note() {
        out.push_str(&format!("{note}\n"));
    }
    out
}

pub fn verify_table(outcome: &VerifyOutcome, style: Style) -> String {
    let mut table = new_table(style, &["exercise", "test", "solution", "stub", "check"]);
    for row in &outcome.rows {
        table.add_row(vec![
            Cell::new(&row.exercise),
            Cell::new(&row.test),
            Cell::new(row.on_solution.as_str()),
            Cell::new(row.on_stub.as_str()),
            Cell::new(if row.problem.is_some() {
                "PROBLEM"
            } else {
                "ok"
            }),
        ]);
    }
    let mut out = table.to_string();
    out.push('\n');
    let problems: Vec<_> = outcome.problems().collect();
    for path in &outcome.stub_drift {
        out.push_str(&format!(
            "\nstub out of date: {path} differs from the stub generated from solutions/ (run `grader stubs`)"
        ));
    }
    if !outcome.stub_drift.is_empty() {
        out.push('\n');
    }
    if problems.is_empty() {
        out.push_str(&format!(
            "\nverify: all {} tests pass on the solutions and fail on the stubs\n",
            outcome.rows.len()
        ));
    } else {
        out.push_str(&format!("\nverify: {} problem(s)\n", problems.len()));
        for row in problems {
            out.push_str(&format!(
                "  {} {} {}\n",
                row.exercise,
                row.test,
                row.problem.as_deref().unwrap_or("")
            ));
        }
    }
    out
}

/// [`printable`] on one line: for a name in a line of a log, where a line break could start a
/// line a CI runner reads as a command.
pub fn one_line(text: &str) -> String {
    printable(text).replace('\n', " ")
}

/// Text a test printed, safe to show anywhere: line breaks as `\n` only (a lone `\r` would
/// overwrite a terminal's line or end a Markdown block), and other control characters (terminal
/// escapes a submission's panic message may hold) as U+FFFD.
pub fn printable(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// What a test that did not pass has to say: its own message, or else its exercise's (a build
/// that failed), or else nothing.
pub(crate) fn message_of<'a>(exercise: &'a ExerciseResult, test: &'a TestResult) -> &'a str {
    test.message
        .as_deref()
        .or(exercise.message.as_deref())
        .unwrap_or("")
}

/// The score as every format states it: `<course>: <points> / <max> points`.
/// The score, and the hidden tests the copy withholds if any (they were not run, so a student's
/// copy never reads as complete).
pub(crate) fn score_line(result: &SubmissionResult) -> String {
    let mut line = format!(
        "{}: {} / {} points",
        result.course, result.points, result.max_points
    );
    if let Some(note) = result.withheld_note() {
        line.push_str(&format!("; {note}"));
    }
    let not_run: usize = result.exercises.iter().map(|e| e.not_run().0).sum();
    if not_run > 0 {
        line.push_str(&format!(
            "; {not_run} emulator-tier tests were not run and count nowhere"
        ));
    }
    line
}

/// The score in one line, for a CI check's title: each exercise's points, then the total, e.g.
/// `ex01 30/30, ex03 12/38: 42/68 points`; `(+N hidden)` when the copy withholds hidden tests.
pub fn title(result: &SubmissionResult) -> String {
    let exercises: Vec<String> = result
        .exercises
        .iter()
        .map(|e| format!("{} {}/{}", e.id, e.points, e.max_points))
        .collect();
    let hidden: u32 = result
        .exercises
        .iter()
        .filter_map(|e| e.withheld.map(|w| w.tests))
        .sum();
    let mut hidden = if hidden > 0 {
        format!(" (+{hidden} hidden, not run)")
    } else {
        String::new()
    };
    let not_run: usize = result.exercises.iter().map(|e| e.not_run().0).sum();
    if not_run > 0 {
        hidden.push_str(&format!(" (+{not_run} emulator tier, not run)"));
    }
    format!(
        "{}: {}/{} points{hidden}",
        exercises.join(", "),
        result.points,
        result.max_points
    )
}

fn first_line(text: &str) -> String {
    printable(text.lines().next().unwrap_or(""))
}

fn indent(text: &str, prefix: &str) -> String {
    printable(text)
        .lines()
        .map(|line| format!("{prefix}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
pub(crate) mod sample {
    //! One result model that every renderer's tests render.
    use crate::model::{ExerciseResult, SubmissionInfo, SubmissionResult, TestResult, Verdict};

    fn test(name: &str, verdict: Verdict, points: u32, max: u32) -> TestResult {
        TestResult {
            name: name.into(),
            verdict,
            points,
            max_points: max,
            message: None,
            hint: None,
            hidden: false,
            duration_ms: 12,
            tier: Default::default(),
        }
    }

    pub fn result() -> SubmissionResult {
        let mut failed = test("request::multiplies", Verdict::Failed, 0, 3);
        failed.message = Some(
            "panicked at exercises/ex01-a/src/lib.rs:7:5:\nassertion `left == right` failed: 3 <times> 4 & \"more\"\n  left: 7\n right: 12\n```\nbell \u{7} ]]>".into(),
        );
        failed.hint = Some("Multiply, do not add: `a * b`.".into());
        let mut timed_out = test("request::counts_down", Verdict::TimedOut, 0, 1);
        timed_out.message = Some("ran past its time limit of 3 s".into());
        let mut secret = test("request::secret", Verdict::Failed, 0, 2);
        secret.hidden = true;
        secret.message = Some("the secret message".into());
        secret.hint = Some("the secret hint".into());
        let first = ExerciseResult::new(
            "ex01",
            "First | exercise",
            None,
            vec![
                test("request::adds", Verdict::Passed, 2, 2),
                failed,
                timed_out,
                secret,
            ],
        );
        let broken = ExerciseResult::new(
            "ex02",
            "Second",
            Some("ex02 does not compile:\nerror[E0308]: mismatched types".into()),
            vec![
                test("a", Verdict::NotCompiled, 0, 1),
                test("b", Verdict::NotCompiled, 0, 1),
            ],
        );
        let mut result = SubmissionResult::new(
            "Course",
            SubmissionInfo {
                name: "alice, \"the\" =student".into(),
                path: "/class/alice".into(),
                commit: None,
            },
            vec![first, broken],
            vec!["exercises/ex01-a/tests/main.rs".into()],
        );
        result.grader_version = "0.0.0".into();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(points, max_points)` as each format states them.
    fn totals_of_every_format(result: &SubmissionResult) -> Vec<(&'static str, (u64, u64))> {
        let pair = |text: &str, before: &str| {
            let rest = &text[text.find(before).expect(before) + before.len()..];
            let numbers: Vec<u64> = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|part| !part.is_empty())
                .take(2)
                .map(|n| n.parse().unwrap())
                .collect();
            (numbers[0], numbers[1])
        };
        let options = TableOptions {
            style: Style::Plain,
            show_hidden: false,
        };
        let json: serde_json::Value = serde_json::from_str(&json(result, false)).unwrap();
        let junit_text = junit::junit(result, false);
        let xml = roxmltree::Document::parse(&junit_text).unwrap();
        let property = |name: &str| -> u64 {
            xml.root_element()
                .children()
                .find(|n| n.has_tag_name("properties"))
                .unwrap()
                .children()
                .find(|n| n.attribute("name") == Some(name))
                .unwrap()
                .attribute("value")
                .unwrap()
                .parse()
                .unwrap()
        };
        let gradescope: serde_json::Value =
            serde_json::from_str(&gradescope::gradescope(result, false)).unwrap();
        let max_score: u64 = gradescope["tests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["max_score"].as_u64().unwrap())
            .sum();
        let prairielearn: serde_json::Value =
            serde_json::from_str(&prairielearn::prairielearn(result, false)).unwrap();
        let sum = |field: &str| -> u64 {
            prairielearn["tests"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t[field].as_u64().unwrap())
                .sum()
        };
        let (points, max_points) = (sum("points"), sum("max_points"));
        let fraction = prairielearn["score"].as_f64().unwrap();
        assert!(
            (fraction * max_points as f64 - points as f64).abs() < 1e-9,
            "PrairieLearn's score is the fraction of the points: {fraction}"
        );
        let csv_text = csv::csv(std::slice::from_ref(result), &[]);
        let csv_lines: Vec<&str> = csv_text.trim_end().lines().collect();
        let csv_column = |name: &str| -> u64 {
            // From the end: a submission's name may hold a comma (and is quoted).
            let header: Vec<&str> = csv_lines[0].rsplit(',').collect();
            let at = header.iter().position(|h| *h == name).unwrap();
            csv_lines
                .last()
                .unwrap()
                .rsplit(',')
                .nth(at)
                .unwrap()
                .parse()
                .unwrap()
        };
        vec![
            ("table", pair(&table(result, &options), "Total: ")),
            (
                "json",
                (
                    json["points"].as_u64().unwrap(),
                    json["max_points"].as_u64().unwrap(),
                ),
            ),
            (
                "markdown",
                pair(&markdown::markdown(result, false), "**Total: "),
            ),
            ("junit", (property("points"), property("max_points"))),
            ("csv", (csv_column("total"), csv_column("max_points"))),
            (
                "gradescope",
                (gradescope["score"].as_u64().unwrap(), max_score),
            ),
            ("prairielearn", (points, max_points)),
            (
                "github",
                pair(
                    &github::github(result, false),
                    "::notice title=Score::Course: ",
                ),
            ),
        ]
    }

    #[test]
    fn the_table_shows_no_terminal_escape_of_a_message() {
        let mut result = sample::result();
        result.exercises[0].tests[1].message = Some("\u{1b}[2Jcleared\rover".into());
        let options = TableOptions {
            style: Style::Plain,
            show_hidden: false,
        };
        let text = table(&result, &options);
        assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text:?}");
        assert!(text.contains("\u{FFFD}[2Jcleared\n    over"), "{text}");
    }

    #[test]
    fn every_format_shows_the_same_points() {
        let result = sample::result();
        for (format, totals) in totals_of_every_format(&result) {
            assert_eq!(totals, (2, 10), "{format}");
        }
    }

    /// A student's copy without its hidden tests, every test it holds passing.
    fn withholding_copy() -> SubmissionResult {
        let mut result = sample::result();
        let first = result.exercises.remove(0);
        let passing = first.tests.into_iter().take(1).collect();
        let exercise = ExerciseResult::new(&first.id, &first.title, None, passing).with_withheld(
            Some(Withheld {
                tests: 2,
                points: 3,
            }),
        );
        SubmissionResult::new("Course", result.submission, vec![exercise], Vec::new())
    }

    /// `result` in every format that carries a note for the student (all but JUnit and CSV).
    fn notes_of_every_format(result: &SubmissionResult) -> Vec<(&'static str, String)> {
        let options = TableOptions {
            style: Style::Plain,
            show_hidden: false,
        };
        vec![
            ("table", table(result, &options)),
            ("markdown", markdown::markdown(result, false)),
            ("github", github::github(result, false)),
            ("gradescope", gradescope::gradescope(result, false)),
            ("prairielearn", prairielearn::prairielearn(result, false)),
        ]
    }

    fn with_a_test_not_run() -> SubmissionResult {
        let mut result = sample::result();
        let first = result.exercises.remove(0);
        let mut tests: Vec<TestResult> = first.tests.into_iter().take(1).collect();
        tests.push(TestResult {
            name: "emulator::stores_it".into(),
            verdict: Verdict::NotRun,
            points: 0,
            max_points: 4,
            message: Some("not run: a test of the emulator tier".into()),
            hint: Some("a hint".into()),
            hidden: false,
            duration_ms: 0,
            tier: crate::model::Tier::Emulator,
        });
        let exercise = ExerciseResult::new(&first.id, &first.title, None, tests);
        SubmissionResult::new("Course", result.submission, vec![exercise], Vec::new())
    }

    #[test]
    fn a_test_of_a_tier_not_run_is_counted_nowhere_and_said_not_run_in_every_format() {
        let result = with_a_test_not_run();
        assert_eq!((result.points, result.max_points), (2, 2));
        assert!(result.exercises[0].is_done(), "what ran all passed");
        for (format, text) in notes_of_every_format(&result) {
            assert!(
                text.contains("not run and count nowhere"),
                "{format}: {text}"
            );
        }
        assert!(!github::github(&result, false).contains("emulator::stores_it"));
        assert!(!gradescope::gradescope(&result, false).contains("emulator::stores_it"));
        assert_eq!(
            title(&result),
            "ex01 2/2: 2/2 points (+1 emulator tier, not run)"
        );
        let junit_text = junit::junit(&result, false);
        let xml = roxmltree::Document::parse(&junit_text).unwrap();
        assert_eq!(xml.root_element().attribute("skipped"), Some("1"));
        assert_eq!(xml.root_element().attribute("tests"), Some("2"));
        assert_eq!(xml.root_element().attribute("errors"), Some("0"));
        assert!(
            xml.descendants()
                .filter(|n| n.has_tag_name("testcase"))
                .any(|case| case.attribute("name") == Some("emulator::stores_it")
                    && case.children().any(|c| c.has_tag_name("skipped"))),
            "{junit_text}"
        );
        for (format, totals) in totals_of_every_format(&result) {
            assert_eq!(totals, (2, 2), "{format}: a test not run is in no total");
        }
        let gradebook = csv::csv(std::slice::from_ref(&result), &[]);
        let lines: Vec<&str> = gradebook.lines().collect();
        assert!(
            lines[0].ends_with(",total,max_points,points_not_run"),
            "{gradebook}"
        );
        assert!(lines[1].ends_with(",2,2,4"), "{gradebook}");
    }

    #[test]
    fn a_copy_without_its_hidden_tests_never_reads_as_complete_in_any_format() {
        let result = withholding_copy();
        let note = "2 hidden tests (3 points) are not in this copy";
        for (format, text) in notes_of_every_format(&result) {
            assert!(text.contains(note), "{format}: {text}");
        }
        assert_eq!(title(&result), "ex01 2/2: 2/2 points (+2 hidden, not run)");
        let junit_text = junit::junit(&result, false);
        let xml = roxmltree::Document::parse(&junit_text).unwrap();
        assert_eq!(xml.root_element().attribute("skipped"), Some("1"));
        assert_eq!(xml.root_element().attribute("tests"), Some("2"));
        assert!(
            xml.descendants().any(|n| n.has_tag_name("skipped")
                && n.attribute("message").is_some_and(|m| m.contains(note))),
            "{junit_text}"
        );
        for (format, totals) in totals_of_every_format(&result) {
            assert_eq!(totals, (2, 2), "{format}: withheld points are in no total");
        }
    }

    #[test]
    fn a_report_reads_back_from_its_json() {
        let result = withholding_copy();
        let back: SubmissionResult = serde_json::from_str(&json(&result, true)).unwrap();
        assert_eq!(json(&back, true), json(&result, true));
    }
}
