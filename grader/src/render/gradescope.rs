//! Gradescope's `results.json`, as its autograder specification describes it
//! (gradescope-autograders.readthedocs.io, "Autograder Specifications"): the score, and one entry
//! per test with its name, score, max_score, status, output and visibility.

use serde_json::{json, Value};

use crate::model::{SubmissionResult, Verdict};

pub fn gradescope(result: &SubmissionResult, show_hidden: bool) -> String {
    let result = super::shown(result, show_hidden);
    let mut tests = Vec::new();
    for (exercise_number, exercise) in result.exercises.iter().enumerate() {
        for (test_number, test) in exercise.tests.iter().enumerate() {
            let mut output = test
                .message
                .clone()
                .or_else(|| exercise.message.clone())
                .unwrap_or_default();
            if test.verdict != Verdict::Passed {
                if let Some(hint) = &test.hint {
                    output.push_str(&format!("\nhint: {hint}"));
                }
            }
            tests.push(json!({
                "name": format!("{} {}", exercise.id, test.name),
                "number": format!("{}.{}", exercise_number + 1, test_number + 1),
                "score": test.points,
                "max_score": test.max_points,
                "status": if test.verdict == Verdict::Passed { "passed" } else { "failed" },
                "output": if test.verdict == Verdict::Passed {
                    String::new()
                } else {
                    format!("{}: {}", test.verdict.as_str(), output.trim())
                },
                "visibility": if test.hidden { "hidden" } else { "visible" },
            }));
        }
    }
    let results: Value = json!({
        "score": result.points,
        "output": format!("{}: {} / {} points", result.course, result.points, result.max_points),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    });
    serde_json::to_string_pretty(&results).expect("JSON values serialize")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn every_test_has_the_fields_gradescope_reads() {
        let results: Value = serde_json::from_str(&gradescope(&sample::result(), false)).unwrap();
        assert_eq!(results["score"], 2);
        let tests = results["tests"].as_array().unwrap();
        assert_eq!(tests.len(), 6);
        for test in tests {
            for field in [
                "name",
                "score",
                "max_score",
                "status",
                "output",
                "visibility",
            ] {
                assert!(test.get(field).is_some(), "{field} in {test}");
            }
        }
        assert_eq!(tests[3]["visibility"], "hidden");
        assert_eq!(tests[3]["name"], "ex01 hidden test 4");
        assert!(tests[1]["output"]
            .as_str()
            .unwrap()
            .contains("hint: Multiply"));
    }

    #[test]
    fn a_submission_renders_as_results_json() {
        insta::assert_snapshot!(gradescope(&sample::result(), false));
    }
}
