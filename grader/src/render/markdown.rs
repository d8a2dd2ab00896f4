//! Markdown for a GitHub job summary (or any Markdown viewer): the score per exercise, then the
//! failing tests of each exercise with message and hint, folded (`<details>`) so that a whole
//! class of failures stays readable.

use crate::model::{SubmissionResult, Verdict};

/// One submission.
pub fn markdown(result: &SubmissionResult, show_hidden: bool) -> String {
    let result = super::shown(result, show_hidden);
    let mut out = format!(
        "## {}\n\n{} ({}){}\n\n",
        super::score_line(&result),
        inline(&result.submission.name),
        inline(&result.submission.path),
        super::at_commit(&result)
    );
    out.push_str("| exercise | title | tests passed | points |\n| --- | --- | ---: | ---: |\n");
    for exercise in &result.exercises {
        let passed = exercise.passed();
        let mut withheld = exercise.withheld.map_or(String::new(), |w| {
            format!(" (+{} hidden, not run)", w.tests)
        });
        let (not_run, _) = exercise.not_run();
        if not_run > 0 {
            withheld.push_str(&format!(" (+{not_run} of the emulator tier, not run)"));
        }
        out.push_str(&format!(
            "| {} | {} | {passed}/{}{withheld} | {}/{} |\n",
            exercise.id,
            escape(&exercise.title),
            exercise.run().count(),
            exercise.points,
            exercise.max_points
        ));
    }
    for exercise in &result.exercises {
        let failing: Vec<_> = exercise
            .tests
            .iter()
            .filter(|t| t.verdict != Verdict::Passed && t.verdict != Verdict::NotRun)
            .collect();
        if failing.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n<details><summary>{}: {} of {} tests do not pass</summary>\n\n",
            exercise.id,
            failing.len(),
            exercise.run().count()
        ));
        if let Some(message) = &exercise.message {
            out.push_str(&fenced(message));
        }
        for test in failing {
            out.push_str(&format!(
                "- {} ({}, 0/{} points)\n",
                inline(&test.name),
                test.verdict.as_str(),
                test.max_points
            ));
            if let Some(message) = test
                .message
                .as_deref()
                .filter(|_| exercise.message.is_none())
            {
                out.push_str(&(super::indent(&fenced(message), "  ") + "\n"));
            }
            if let Some(hint) = &test.hint {
                out.push_str(&format!("  hint: {}\n", escape(hint)));
            }
        }
        out.push_str("\n</details>\n");
    }
    if !result.ignored_changes.is_empty() {
        out.push_str("\nChanged outside `exercises/*/src`, so not used for grading:\n\n");
        for path in &result.ignored_changes {
            out.push_str(&format!("- {}\n", inline(path)));
        }
    }
    out.push_str(&format!(
        "\n**Total: {} / {} points**\n",
        result.points, result.max_points
    ));
    if let Some(note) = result.withheld_note() {
        out.push_str(&format!("\n{}\n", escape(&note)));
    }
    out
}

/// The section of a pull request's summary that names the course's files it changed.
pub fn protected(paths: &[String]) -> String {
    if paths.is_empty() {
        return "\nThis change leaves every file of the course as it was.\n".to_string();
    }
    let mut out = format!(
        "\n### This change edits {} of the course's own files\n\nGrading ignores these edits: tests, fixtures, snapshots, Cargo files, the workflow and the grader always come from the course.\n\n",
        paths.len()
    );
    for path in paths {
        out.push_str(&format!("- {}\n", inline(path)));
    }
    out
}

/// Many submissions: one row each.
pub fn markdown_batch(results: &[SubmissionResult]) -> String {
    let Some(first) = results.first() else {
        return String::new();
    };
    let mut out = format!("## {}\n\n| submission |", first.course);
    for exercise in &first.exercises {
        out.push_str(&format!(" {} |", exercise.id));
    }
    out.push_str(" total |\n| --- |");
    out.push_str(&" ---: |".repeat(first.exercises.len() + 1));
    out.push('\n');
    for result in results {
        out.push_str(&format!("| {} |", escape(&result.submission.name)));
        for exercise in &result.exercises {
            out.push_str(&format!(" {}/{} |", exercise.points, exercise.max_points));
        }
        out.push_str(&format!(" {}/{} |\n", result.points, result.max_points));
    }
    out
}

/// Text in a fenced code block, with a fence longer than any run of backticks inside.
fn fenced(text: &str) -> String {
    let text = &super::printable(text);
    let fence = "`".repeat(longest_backtick_run(text).max(2) + 1);
    format!("{fence}text\n{}\n{fence}\n", text.trim_end())
}

/// Code spans for names and paths, whatever characters they hold.
fn inline(text: &str) -> String {
    let text = &super::printable(text).replace('\n', " ");
    let ticks = "`".repeat(longest_backtick_run(text) + 1);
    // A code span's text may not begin or end with a backtick: CommonMark strips one space on
    // each side, so pad with one.
    if text.starts_with('`') || text.ends_with('`') {
        format!("{ticks} {text} {ticks}")
    } else {
        format!("{ticks}{text}{ticks}")
    }
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Text that Markdown and the summary's HTML show as it is.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in super::printable(text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn a_submission_renders_as_a_job_summary() {
        insta::assert_snapshot!(markdown(&sample::result(), false));
    }

    #[test]
    fn a_message_holding_a_fence_stays_inside_its_own_and_hidden_tests_say_nothing() {
        let text = markdown(&sample::result(), false);
        assert!(text.contains("````text\n"), "a longer fence: {text}");
        assert!(!text.contains("secret"), "{text}");
        assert!(
            text.contains("- `hidden test 4` (failed, 0/2 points)"),
            "{text}"
        );
        let shown = markdown(&sample::result(), true);
        assert!(shown.contains("the secret message"), "{shown}");
    }

    #[test]
    fn a_carriage_return_cannot_end_a_block_early() {
        let mut result = sample::result();
        result.exercises[0].tests[1].message =
            Some("x\r</details>\r\r**Total: 10 / 10 points**".into());
        result.ignored_changes = vec!["a\r\r# 100/100".into()];
        let text = markdown(&result, false);
        assert!(!text.contains('\r'), "{text:?}");
        assert!(
            text.contains("  </details>\n"),
            "still inside the indented fence: {text}"
        );
        assert!(text.contains("- `a  # 100/100`"), "{text}");
    }

    #[test]
    fn a_name_with_backticks_at_its_ends_stays_inside_its_code_span() {
        assert_eq!(inline("plain"), "`plain`");
        assert_eq!(inline("a`b"), "``a`b``");
        assert_eq!(inline("`**bold**"), "`` `**bold** ``");
        assert_eq!(inline("x`"), "`` x` ``");
    }

    #[test]
    fn a_batch_is_one_row_per_submission() {
        insta::assert_snapshot!(markdown_batch(&[sample::result(), sample::result()]));
    }
}
