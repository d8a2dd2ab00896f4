//! `grader merge`: the JSON reports of a batch's shards, joined into one class's results.
//!
//! Invariants: the reports must come from the same course and grader, grade the same exercises
//! and, when a batch wrote them, the same course files and one split into shards; no submission
//! may be in two of them (a report given twice); the merged results are in submission name
//! order, as one batch's are. A shard no result comes from is reported, not refused: a shard of
//! a small class can hold no submission.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::{BatchInfo, SubmissionResult};

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

/// The results of several reports as one batch's.
#[derive(Debug)]
pub struct Merged {
    /// In submission name order.
    pub results: Vec<SubmissionResult>,
    /// The shards of the split (`i/n`) that no result comes from: a report left out, or a shard
    /// that held no submission.
    pub missing_shards: Vec<String>,
}

/// The results of every report, each with the file it came from, as one batch's.
pub fn merge(reports: Vec<(PathBuf, Vec<SubmissionResult>)>) -> Result<Merged, Error> {
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
    let missing_shards = check_one_batch(&merged)?;
    let mut results: Vec<SubmissionResult> = merged.into_iter().map(|(_, r)| r).collect();
    results.sort_by(|a, b| a.submission.name.cmp(&b.submission.name));
    Ok(Merged {
        results,
        missing_shards,
    })
}

/// Refuses results of batches graded against different course files, or of different splits;
/// returns the shards (`i/n`) no result comes from.
fn check_one_batch(merged: &[(PathBuf, SubmissionResult)]) -> Result<Vec<String>, Error> {
    let graded: Vec<(&PathBuf, &BatchInfo)> = merged
        .iter()
        .filter_map(|(file, r)| r.batch.as_ref().map(|b| (file, b)))
        .collect();
    let Some((first_file, first)) = graded.first() else {
        return Ok(Vec::new());
    };
    let refuse = |file: &PathBuf, what: &str| {
        Error::BadInput(format!(
            "{} and {} {what}: merge only the shards of one batch",
            first_file.display(),
            file.display()
        ))
    };
    let count_of = |info: &BatchInfo| {
        info.shard
            .as_deref()
            .and_then(|s| s.split_once('/'))
            .and_then(|(i, n)| Some((i.parse::<u32>().ok()?, n.parse::<u32>().ok()?)))
    };
    let mut seen = Vec::new();
    for (file, info) in &graded {
        if info.course_digest != first.course_digest {
            return Err(refuse(
                file,
                "were graded against different versions of the course",
            ));
        }
        if info.emulator_tier != first.emulator_tier {
            return Err(refuse(
                file,
                "were graded with different tiers (one with --tier emulator, one without)",
            ));
        }
        match (count_of(first), count_of(info)) {
            (None, None) => {}
            (Some((_, n)), Some((i, m))) if n == m => seen.push(i),
            _ => return Err(refuse(file, "are not shards of one split (i/n with one n)")),
        }
    }
    let Some((_, count)) = count_of(first) else {
        return Ok(Vec::new());
    };
    Ok((1..=count)
        .filter(|i| !seen.contains(i))
        .map(|i| format!("{i}/{count}"))
        .collect())
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
        let names: Vec<&str> = merged
            .results
            .iter()
            .map(|r| r.submission.name.as_str())
            .collect();
        assert_eq!(names, ["alice", "bob", "carol"]);
    }

    fn sharded(name: &str, shard: &str, digest: &str) -> SubmissionResult {
        let mut result = named(name);
        result.batch = Some(BatchInfo {
            course_digest: digest.into(),
            shard: Some(shard.into()),
            emulator_tier: false,
        });
        result
    }

    #[test]
    fn shards_of_one_split_and_course_merge_and_a_missing_one_is_named() {
        let merged = merge(vec![
            ("1.json".into(), vec![sharded("alice", "1/3", "d")]),
            ("3.json".into(), vec![sharded("bob", "3/3", "d")]),
        ])
        .unwrap();
        assert_eq!(merged.missing_shards, ["2/3"]);

        for (other, expected) in [
            (
                sharded("bob", "2/3", "e"),
                "different versions of the course",
            ),
            (sharded("bob", "2/4", "d"), "not shards of one split"),
        ] {
            let error = merge(vec![
                ("1.json".into(), vec![sharded("alice", "1/3", "d")]),
                ("2.json".into(), vec![other]),
            ])
            .expect_err("refused")
            .to_string();
            assert!(error.contains(expected), "{error}");
        }
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

        let mut emulated = sharded("bob", "2/2", "d");
        if let Some(batch) = emulated.batch.as_mut() {
            batch.emulator_tier = true;
        }
        let error = merge(vec![
            ("1.json".into(), vec![sharded("alice", "1/2", "d")]),
            ("2.json".into(), vec![emulated]),
        ])
        .unwrap_err()
        .to_string();
        assert!(error.contains("graded with different tiers"), "{error}");
    }
}
