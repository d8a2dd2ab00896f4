//! PrairieLearn's external-grading `results.json`, as its documentation describes it
//! (docs.prairielearn.com, "External Grading", "Grading results"): `score` as a fraction from 0
//! to 1, a message and output, and one entry per test with its name, description, points,
//! max_points, message and output, which `<pl-external-grader-results>` shows.
//!
//! PrairieLearn has no visibility per test: a hidden test is listed as the other formats list
//! it unless `show_hidden`, by number and without its name, message or hint. Control characters
//! of a message are shown as U+FFFD, as in the table.

use serde::Serialize;

use crate::model::{SubmissionResult, Verdict};

#[derive(Serialize)]
struct Results {
    /// Always true: a submission that does not compile still scores its other exercises.
    gradable: bool,
    score: f64,
    message: String,
    output: String,
    tests: Vec<Test>,
}

#[derive(Serialize)]
struct Test {
    name: String,
    description: String,
    points: u32,
    max_points: u32,
    message: String,
    output: String,
}

pub fn prairielearn(result: &SubmissionResult, show_hidden: bool) -> String {
    let result = super::shown(result, show_hidden);
    let mut tests = Vec::new();
    for exercise in &result.exercises {
        for test in &exercise.tests {
            // Counted nowhere: the results' message says they were not run.
            if test.verdict == Verdict::NotRun {
                continue;
            }
            let passed = test.verdict == Verdict::Passed;
            let said = super::message_of(exercise, test).trim();
            let mut message = if said.is_empty() {
                test.verdict.as_str().to_string()
            } else {
                format!("{}: {said}", test.verdict.as_str())
            };
            if let Some(hint) = test.hint.as_ref().filter(|_| !passed) {
                message.push_str(&format!("\nhint: {hint}"));
            }
            tests.push(Test {
                name: format!("{} {}", exercise.id, test.name),
                description: exercise.title.clone(),
                points: test.points,
                max_points: test.max_points,
                message: if passed {
                    "passed".into()
                } else {
                    super::printable(&message)
                },
                output: String::new(),
            });
        }
    }
    let notes: Vec<String> = result
        .exercises
        .iter()
        .filter_map(|e| e.message.as_deref().map(super::printable))
        .collect();
    let results = Results {
        gradable: true,
        score: if result.max_points == 0 {
            0.0
        } else {
            f64::from(result.points) / f64::from(result.max_points)
        },
        message: super::score_line(&result),
        output: notes.join("\n"),
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
    fn the_score_is_the_fraction_of_points_and_every_test_is_listed() {
        let results: Value = serde_json::from_str(&prairielearn(&sample::result(), false)).unwrap();
        assert_eq!(results["gradable"], true);
        assert_eq!(results["score"], 0.2, "2 of 10 points");
        let tests = results["tests"].as_array().unwrap();
        assert_eq!(tests.len(), 6);
        assert_eq!(tests[3]["name"], "ex01 hidden test 4");
        assert!(tests[1]["message"]
            .as_str()
            .unwrap()
            .contains("hint: Multiply"));
        assert_eq!(tests[0]["message"], "passed");
    }

    #[test]
    fn a_submission_renders_as_results_json() {
        insta::assert_snapshot!(prairielearn(&sample::result(), false));
    }
}
