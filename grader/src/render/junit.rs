//! JUnit XML, the format CI test reporters read: a test suite per exercise, a test case per
//! graded test with its time, and a failure (or an error, for a test that never ran to a verdict
//! of its own) with its message. The points are properties, so the XML carries the score too.

use crate::model::{SubmissionResult, Verdict};

/// One submission as one `<testsuites>` document.
pub fn junit(result: &SubmissionResult, show_hidden: bool) -> String {
    let result = super::shown(result, show_hidden);
    let count = |pick: fn(Verdict) -> bool| {
        result
            .exercises
            .iter()
            .flat_map(|e| &e.tests)
            .filter(|t| pick(t.verdict))
            .count()
    };
    let skipped = result
        .exercises
        .iter()
        .filter(|e| e.withheld.is_some())
        .count();
    let skipped = skipped + count(|v| v == Verdict::NotRun);
    let tests = count(|v| v != Verdict::NotRun) + skipped;
    let failures = count(is_failure);
    let errors = count(is_error);
    let seconds = |ms: u64| format!("{:.3}", ms as f64 / 1000.0);
    let total_ms: u64 = result
        .exercises
        .iter()
        .flat_map(|e| &e.tests)
        .map(|t| t.duration_ms)
        .sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{}\">\n",
        attribute(&format!("{}: {}", result.course, result.submission.name)),
        seconds(total_ms)
    ));
    out.push_str(&format!(
        "  <properties>\n    <property name=\"points\" value=\"{}\"/>\n    <property name=\"max_points\" value=\"{}\"/>\n  </properties>\n",
        result.points, result.max_points
    ));
    for exercise in &result.exercises {
        let of =
            |pick: fn(Verdict) -> bool| exercise.tests.iter().filter(|t| pick(t.verdict)).count();
        let skipped = usize::from(exercise.withheld.is_some()) + of(|v| v == Verdict::NotRun);
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{skipped}\" time=\"{}\">\n",
            attribute(&exercise.id),
            of(|v| v != Verdict::NotRun) + skipped,
            of(is_failure),
            of(is_error),
            seconds(exercise.tests.iter().map(|t| t.duration_ms).sum())
        ));
        out.push_str(&format!(
            "    <properties>\n      <property name=\"points\" value=\"{}\"/>\n      <property name=\"max_points\" value=\"{}\"/>\n    </properties>\n",
            exercise.points, exercise.max_points
        ));
        for test in &exercise.tests {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{}\"",
                attribute(&exercise.id),
                attribute(&test.name),
                seconds(test.duration_ms)
            ));
            if test.verdict == Verdict::Passed {
                out.push_str("/>\n");
                continue;
            }
            if test.verdict == Verdict::NotRun {
                out.push_str(&format!(
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                    attribute(test.message.as_deref().unwrap_or("not run"))
                ));
                continue;
            }
            let element = if is_failure(test.verdict) {
                "failure"
            } else {
                "error"
            };
            let message = super::message_of(exercise, test);
            let mut body = message.to_string();
            if let Some(hint) = &test.hint {
                body.push_str(&format!("\nhint: {hint}"));
            }
            out.push_str(&format!(
                ">\n      <{element} message=\"{}\" type=\"{}\">{}</{element}>\n    </testcase>\n",
                attribute(message.lines().next().unwrap_or(test.verdict.as_str())),
                test.verdict.as_str(),
                text(&body)
            ));
        }
        if let Some(note) = exercise.withheld_note() {
            // One case for them all: a reporter then counts them as skipped, never as passed.
            out.push_str(&format!(
                "    <testcase classname=\"{0}\" name=\"hidden tests\" time=\"0.000\">\n      <skipped message=\"{1}\"/>\n    </testcase>\n",
                attribute(&exercise.id),
                attribute(&note)
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// A failed assertion is a failure; a test that timed out, crashed, did not compile and so on
/// is an error, as JUnit tells them apart.
fn is_failure(verdict: Verdict) -> bool {
    verdict == Verdict::Failed
}

fn is_error(verdict: Verdict) -> bool {
    !matches!(verdict, Verdict::Passed | Verdict::Failed | Verdict::NotRun)
}

/// Characters XML 1.0 cannot hold at all (most control characters) become U+FFFD.
fn allowed(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
        c => c,
    }
}

fn text(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars().map(allowed) {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // A parser would read a raw one as a line feed.
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

fn attribute(value: &str) -> String {
    text(value)
        .replace('"', "&quot;")
        .replace('\n', "&#10;")
        .replace('\t', "&#9;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn the_report_is_well_formed_junit_with_one_case_per_test() {
        let text = junit(&sample::result(), false);
        let xml = roxmltree::Document::parse(&text).expect("well-formed XML");
        let root = xml.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        assert_eq!(root.attribute("tests"), Some("6"));
        assert_eq!(root.attribute("failures"), Some("2"));
        assert_eq!(root.attribute("errors"), Some("3"));
        let cases: Vec<_> = root
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(cases.len(), 6);
        let failure = cases[1]
            .children()
            .find(|n| n.has_tag_name("failure"))
            .expect("a failed test has a failure");
        let message = failure.text().unwrap();
        assert!(
            message.contains("3 <times> 4 & \"more\"") && message.contains("hint: Multiply"),
            "the message survives escaping: {message}"
        );
        assert!(message.contains("bell \u{FFFD} ]]>"), "{message}");
        assert!(
            cases[2].children().any(|n| n.has_tag_name("error")),
            "a timeout is an error"
        );
        assert_eq!(cases[1].attribute("time"), Some("0.012"));
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn a_submission_renders_as_junit() {
        insta::assert_snapshot!(junit(&sample::result(), false));
    }
}
