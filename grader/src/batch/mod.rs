//! Grades a folder of submissions, one after the other with one build cache, each result
//! journaled as it is done ([`journal`]), optionally only one shard's share ([`shard`]);
//! [`merge`] joins the shards' reports.
//!
//! Invariants:
//! - one submission's failure never stops the batch: a missing or malformed submission scores
//!   0 with why, and one the grader could not grade (its machine or toolchain failed) scores 0
//!   with the error, is not journaled, and makes the batch unfinished, so `--resume` grades it
//!   again;
//! - the results are in name order whatever order they were graded or resumed in.

pub mod journal;
pub mod merge;
pub mod shard;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::grade::{grade, ungradable, Event, Options, Submission, WorkDir};
use crate::manifest::Course;
use crate::model::{BatchInfo, SubmissionResult};
use crate::overlay::changed_outside_src;
use journal::{course_digest, submission_digest, Header, Journal, Mode};
use shard::Shard;

/// What to grade of a folder of submissions, and what to do with an earlier batch's journal.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions {
    pub shard: Option<Shard>,
    pub mode: Mode,
}

/// Something worth showing while a batch runs.
#[derive(Debug)]
pub enum BatchEvent<'a> {
    /// The batch's submissions are known, and where their results go.
    Started {
        submissions: usize,
        journal: &'a Path,
    },
    /// Grading of the `index`th submission (from 0) begins.
    Grading { index: usize, name: &'a str },
    /// Something of the current submission's grading.
    Grade(Event<'a>),
    /// A submission's result is in (`reused`: from the journal of an earlier run).
    Graded {
        index: usize,
        result: &'a SubmissionResult,
        took: Duration,
        reused: bool,
    },
    /// The grader could not grade a submission; it scores 0 with `why` until graded again.
    NotGraded { name: &'a str, why: &'a str },
    /// A submission's result is in the report but could not be journaled.
    NotJournaled { name: &'a str, why: &'a str },
}

pub struct Outcome {
    /// One per submission of the shard, in name order.
    pub results: Vec<SubmissionResult>,
    /// The submissions the grader could not grade (see [`BatchEvent::NotGraded`]).
    pub not_graded: Vec<String>,
    /// The submissions graded whose result could not be journaled: a resumed batch grades
    /// them again.
    pub not_journaled: Vec<String>,
    /// How many results came from an earlier run's journal.
    pub reused: usize,
}

/// Grades every submission in `folder` (each subfolder is one) that `batch.shard` holds.
pub fn grade_batch(
    course_root: &Path,
    course: &Course,
    work: &WorkDir,
    options: &Options,
    folder: &Path,
    batch: BatchOptions,
    on_event: &mut dyn FnMut(BatchEvent),
) -> Result<Outcome, Error> {
    let paths: Vec<PathBuf> = submissions_in(folder)?
        .into_iter()
        .filter(|path| batch.shard.is_none_or(|shard| shard.holds(&name_of(path))))
        .collect();
    let folder = std::fs::canonicalize(folder).map_err(|e| Error::io("cannot read", folder, e))?;
    let header = Header {
        grader_version: env!("CARGO_PKG_VERSION").to_string(),
        course: course_digest(course_root, course, &[work.root(), &folder])?,
        submissions: folder.display().to_string(),
        exercise: options.only.clone(),
        shard: batch.shard.map(|s| s.to_string()),
        emulator_tier: Some(options.emulator.is_some()),
        finished: false,
    };
    let batch_info = BatchInfo {
        course_digest: header.course.clone(),
        shard: header.shard.clone(),
        emulator_tier: options.emulator.is_some(),
    };
    let journal = Journal::open(&work.batch(), header, batch.mode)?;
    on_event(BatchEvent::Started {
        submissions: paths.len(),
        journal: journal.dir(),
    });
    let mut outcome = Outcome {
        results: Vec::new(),
        not_graded: Vec::new(),
        not_journaled: Vec::new(),
        reused: 0,
    };
    for (index, path) in paths.iter().enumerate() {
        let name = name_of(path);
        on_event(BatchEvent::Grading { index, name: &name });
        let started = Instant::now();
        let graded = submission_digest(path, course).and_then(|digest| {
            if let Some(earlier) = journal.earlier(&name, &digest) {
                return Ok((relabelled(earlier, course_root, course, path), true));
            }
            let result = match Submission::workspace(path) {
                Ok(submission) => grade(
                    course_root,
                    course,
                    &submission,
                    work,
                    options,
                    &mut |event| on_event(BatchEvent::Grade(event)),
                )?,
                Err(why) => ungradable(course, options, path, &why.to_string()),
            };
            if let Err(error) = journal.record(&name, &digest, &result) {
                on_event(BatchEvent::NotJournaled {
                    name: &name,
                    why: &error.to_string(),
                });
                outcome.not_journaled.push(name.clone());
            }
            Ok((result, false))
        });
        let result = match graded {
            Ok((result, reused)) => {
                outcome.reused += usize::from(reused);
                on_event(BatchEvent::Graded {
                    index,
                    result: &result,
                    took: started.elapsed(),
                    reused,
                });
                result
            }
            Err(error) => {
                let why = format!("the grader could not grade this submission: {error}");
                on_event(BatchEvent::NotGraded {
                    name: &name,
                    why: &why,
                });
                outcome.not_graded.push(name.clone());
                ungradable(course, options, path, &why)
            }
        };
        outcome.results.push(SubmissionResult {
            batch: Some(batch_info.clone()),
            ..result
        });
    }
    if outcome.not_graded.is_empty() && outcome.not_journaled.is_empty() {
        journal.finish()?;
    }
    Ok(outcome)
}

/// A journaled result, with what describes the folder as it is now rather than as it was: its
/// path, its commit (the sources graded are the same, not necessarily the commit) and the
/// course's files it changes.
fn relabelled(
    mut result: SubmissionResult,
    course_root: &Path,
    course: &Course,
    path: &Path,
) -> SubmissionResult {
    result.submission.path = path.display().to_string();
    result.submission.commit = crate::git::head_commit(path);
    if path.join("exercises").is_dir() {
        if let Ok(changes) = changed_outside_src(course_root, path, course) {
            result.ignored_changes = changes;
        }
    }
    result
}

/// The name a submission's results go by: its folder's name.
fn name_of(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The submissions in a folder of submissions: each subfolder is one, in name order; names
/// that start with a dot are skipped, and so are files ([`files_in`] lists them).
pub fn submissions_in(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let (mut folders, files) = entries(dir)?;
    if folders.is_empty() {
        let held = if files.is_empty() {
            "nothing".to_string()
        } else {
            format!("only files ({})", files.join(", "))
        };
        return Err(Error::BadInput(format!(
            "submissions folder {} holds {held}: put each submission in a folder of its own (unpack archives first)",
            dir.display()
        )));
    }
    folders.sort();
    Ok(folders)
}

/// The names of the files (not folders) in a folder of submissions, which are not graded.
pub fn files_in(dir: &Path) -> Result<Vec<String>, Error> {
    let (_, mut files) = entries(dir)?;
    files.sort();
    Ok(files)
}

/// The subfolders and the names of the other entries of `dir`, less those starting with a dot.
fn entries(dir: &Path) -> Result<(Vec<PathBuf>, Vec<String>), Error> {
    if !dir.is_dir() {
        return Err(Error::BadInput(format!(
            "submissions folder {} does not exist or is not a folder",
            dir.display()
        )));
    }
    let (mut folders, mut files) = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))? {
        let path = entry.map_err(|e| Error::io("cannot read", dir, e))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(String::from) else {
            return Err(Error::BadInput(format!(
                "submissions folder {} holds {}, a name that is not UTF-8: rename it",
                dir.display(),
                crate::render::one_line(&name_of(&path))
            )));
        };
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            folders.push(path);
        } else {
            files.push(name);
        }
    }
    Ok((folders, files))
}
