//! `grader merge`: the JSON reports of a batch's shards, joined into one class's results.
//!
//! Invariants: the reports must come from the same course and grader and grade the same
//! exercises, and no submission may be in two of them (shards of different splits, or a report
//! given twice); the merged results are in submission name order, as one batch's are.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::SubmissionResult;

/// The results in the JSON report at `path`: a folder of submissions' (an array) or one
/// submission's.
pub fn read(path: &Path) -> Result<Vec<SubmissionResult>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("cannot read", path, e))?;
    let bad = |error: serde_json::Error| {
        Error::BadInput(format!(
            "{}: not a report of `grader report --format json` ({error})",
            path.display()
        ))
    };
    if text.trim_start().starts_with('[') {
        serde_json::from_str(&text).map_err(bad)
    } else {
        Ok(vec![serde_json::from_str(&text).map_err(bad)?])
    }
}

/// The results of every report, each with the file it came from, as one batch's.
pub fn merge(
    reports: Vec<(PathBuf, Vec<SubmissionResult>)>,
) -> Result<Vec<SubmissionResult>, Error> {
    let mut merged: Vec<(PathBuf, SubmissionResult)> = Vec::new();
    for (file, results) in reports {
        for result in results {
            if let Some((first_file, first)) = merged.first() {
                let refuse = |what: String| {
                    Error::BadInput(format!(
                        "{} and {} {what}: merge only the shards of one batch",
                        first_file.display(),
                        file.display()
                    ))
                };
                if first.course != result.course {
                    return Err(refuse(format!(
                        "grade different courses ({:?}, {:?})",
                        first.course, result.course
                    )));
                }
                if first.grader_version != result.grader_version {
                    return Err(refuse(format!(
                        "were graded by different graders ({}, {})",
                        first.grader_version, result.grader_version
                    )));
                }
                if exercise_ids(first) != exercise_ids(&result) {
                    return Err(refuse(format!(
                        "grade different exercises ({}; {})",
                        exercise_ids(first).join(", "),
                        exercise_ids(&result).join(", ")
                    )));
                }
            }
            if let Some((other, _)) = merged
                .iter()
                .find(|(_, r)| r.submission.name == result.submission.name)
            {
                return Err(Error::BadInput(format!(
                    "submission {} is in both {} and {}: merge only the shards of one batch, each once",
                    result.submission.name,
                    other.display(),
                    file.display()
                )));
            }
            merged.push((file.clone(), result));
        }
    }
    let mut results: Vec<SubmissionResult> = merged.into_iter().map(|(_, r)| r).collect();
    results.sort_by(|a, b| a.submission.name.cmp(&b.submission.name));
    Ok(results)
}

fn exercise_ids(result: &SubmissionResult) -> Vec<&str> {
    result.exercises.iter().map(|e| e.id.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    fn named(name: &str) -> SubmissionResult {
        let mut result = sample::result();
        result.submission.name = name.into();
        result
    }

    #[test]
    fn shards_join_in_name_order() {
        let merged = merge(vec![
            ("1.json".into(), vec![named("carol"), named("alice")]),
            ("2.json".into(), vec![named("bob")]),
        ])
        .unwrap();
        let names: Vec<&str> = merged.iter().map(|r| r.submission.name.as_str()).collect();
        assert_eq!(names, ["alice", "bob", "carol"]);
    }

    #[test]
    fn a_submission_in_two_reports_or_reports_of_other_gradings_are_refused() {
        let twice = merge(vec![
            ("1.json".into(), vec![named("alice")]),
            ("2.json".into(), vec![named("alice")]),
        ]);
        let error = twice.unwrap_err().to_string();
        assert!(
            error.contains("alice is in both 1.json and 2.json"),
            "{error}"
        );

        let mut other_course = named("bob");
        other_course.course = "Another".into();
        let error = merge(vec![
            ("1.json".into(), vec![named("alice")]),
            ("2.json".into(), vec![other_course]),
        ])
        .unwrap_err()
        .to_string();
        assert!(error.contains("grade different courses"), "{error}");

        let mut one_exercise = named("bob");
        one_exercise.exercises.truncate(1);
        let error = merge(vec![
            ("1.json".into(), vec![named("alice")]),
            ("2.json".into(), vec![one_exercise]),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("grade different exercises (ex01, ex02; ex01)"),
            "{error}"
        );

        let mut older = named("bob");
        older.grader_version = "0.0.1".into();
        let error = merge(vec![
            ("1.json".into(), vec![named("alice")]),
            ("2.json".into(), vec![older]),
        ])
        .unwrap_err()
        .to_string();
        assert!(error.contains("different graders"), "{error}");
    }
}
