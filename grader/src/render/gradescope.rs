//! Gradescope's `results.json`, as its autograder specification describes it
//! (gradescope-autograders.readthedocs.io, "Autograder Specifications"): the score, and one entry
//! per test with its name, score, max_score, status, output and visibility. Control characters
//! of an output are shown as U+FFFD, as in the table.

use serde::Serialize;

use crate::model::{SubmissionResult, Verdict};

/// Structs rather than JSON maps: the fields keep this order whatever features serde_json is
/// built with.
#[derive(Serialize)]
struct Results {
    score: u32,
    output: String,
    visibility: &'static str,
    stdout_visibility: &'static str,
    tests: Vec<Test>,
}

#[derive(Serialize)]
struct Test {
    name: String,
    number: String,
    score: u32,
    max_score: u32,
    status: &'static str,
    output: String,
    visibility: &'static str,
}

pub fn gradescope(result: &SubmissionResult, show_hidden: bool) -> String {
    let result = super::shown(result, show_hidden);
    let mut tests = Vec::new();
    for (exercise_number, exercise) in result.exercises.iter().enumerate() {
        for (test_number, test) in exercise.tests.iter().enumerate() {
            // Counted nowhere: the score line says they were not run.
            if test.verdict == Verdict::NotRun {
                continue;
            }
            let passed = test.verdict == Verdict::Passed;
            let mut output = super::message_of(exercise, test).to_string();
            if let Some(hint) = test.hint.as_ref().filter(|_| !passed) {
                output.push_str(&format!("\nhint: {hint}"));
            }
            tests.push(Test {
                name: format!("{} {}", exercise.id, test.name),
                number: format!("{}.{}", exercise_number + 1, test_number + 1),
                score: test.points,
                max_score: test.max_points,
                status: if passed { "passed" } else { "failed" },
                output: if passed {
                    String::new()
                } else {
                    super::printable(&format!("{}: {}", test.verdict.as_str(), output.trim()))
                },
                visibility: if test.hidden { "hidden" } else { "visible" },
            });
        }
    }
    let results = Results {
        score: result.points,
        output: super::score_line(&result),
        visibility: "visible",
        stdout_visibility: "hidden",
        tests,
    };
    serde_json::to_string_pretty(&results).expect("the results serialize")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;
    use serde_json::Value;

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
