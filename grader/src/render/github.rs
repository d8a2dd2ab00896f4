//! GitHub Actions workflow commands (docs.github.com, "Workflow commands for GitHub Actions"):
//! an error annotation per failing test, on the exercise's source line when its message names
//! one (`panicked at exercises/<dir>/src/<file>:<line>:<column>`), and the score as a notice.

use crate::model::{SubmissionResult, Verdict};

/// Message lines kept in an annotation.
const LINES: usize = 8;

pub fn github(result: &SubmissionResult, show_hidden: bool) -> String {
    let result = super::shown(result, show_hidden);
    let mut out = String::new();
    for exercise in &result.exercises {
        for test in &exercise.tests {
            if matches!(test.verdict, Verdict::Passed | Verdict::NotRun)
                || (test.hidden && !show_hidden)
            {
                continue;
            }
            let message = super::message_of(exercise, test);
            let mut text: Vec<&str> = message.lines().take(LINES).collect();
            let hint = test.hint.as_ref().map(|h| format!("hint: {h}"));
            if let Some(hint) = &hint {
                text.push(hint);
            }
            let mut properties = Vec::new();
            if let Some((file, line)) = source_line(message) {
                properties.push(format!("file={}", property(file)));
                properties.push(format!("line={line}"));
            }
            properties.push(format!(
                "title={}",
                property(&format!(
                    "{} {} ({})",
                    exercise.id,
                    test.name,
                    test.verdict.as_str()
                ))
            ));
            out.push_str(&format!(
                "::error {}::{}\n",
                properties.join(","),
                data(&text.join("\n"))
            ));
        }
    }
    out.push_str(&format!(
        "::notice title=Score::{}\n",
        data(&super::score_line(&result))
    ));
    out
}

/// The first `exercises/<dir>/src/...rs:<line>` a message names.
fn source_line(message: &str) -> Option<(&str, u32)> {
    message.split_whitespace().find_map(|word| {
        let word = word.trim_end_matches([',', ':']);
        let mut parts = word.split(':');
        let file = parts.next()?;
        let line = parts.next()?.parse().ok()?;
        (file.starts_with("exercises/") && file.contains("/src/") && file.ends_with(".rs"))
            .then_some((file, line))
    })
}

/// Escaped as workflow commands require; other control characters (a test's output may hold
/// terminal escapes) become U+FFFD.
fn data(text: &str) -> String {
    super::printable(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn a_failing_test_is_annotated_on_the_source_line_its_message_names() {
        let text = github(&sample::result(), false);
        let first = text.lines().next().unwrap();
        assert!(
            first.starts_with("::error file=exercises/ex01-a/src/lib.rs,line=7,title=ex01 request%3A%3Amultiplies (failed)::panicked at"),
            "{first}"
        );
        assert!(
            first.contains("%0A  left: 7%0A"),
            "lines are escaped: {first}"
        );
        assert!(
            text.contains("::error title=ex01 request%3A%3Acounts_down (timed_out)::ran past"),
            "no source line, no file: {text}"
        );
        assert!(!text.contains("secret"), "{text}");
        assert!(
            text.ends_with("::notice title=Score::Course: 2 / 10 points\n"),
            "{text}"
        );
    }

    #[test]
    fn a_message_cannot_start_a_workflow_command_of_its_own() {
        let mut result = sample::result();
        let forged = "a\r::add-mask::x%0A\n::error::forged\r\n::stop-commands::t";
        for exercise in &mut result.exercises {
            for test in &mut exercise.tests {
                test.message = test.message.as_ref().map(|_| forged.to_string());
                test.hint = test.hint.as_ref().map(|_| forged.to_string());
            }
        }
        let text = github(&result, false);
        let lines: Vec<&str> = text.lines().collect();
        let annotations = lines.iter().filter(|l| l.starts_with("::error ")).count();
        assert_eq!(
            lines.len(),
            annotations + 1,
            "one line per annotation and the score: {text}"
        );
        assert!(
            lines.last().unwrap().starts_with("::notice title=Score::"),
            "{text}"
        );
        assert!(!text.contains('\r'), "{text:?}");
        assert!(
            text.contains("%250A"),
            "a % in a message is escaped: {text}"
        );
    }

    #[test]
    fn a_submission_renders_as_workflow_commands() {
        insta::assert_snapshot!(github(&sample::result(), false));
    }
}
