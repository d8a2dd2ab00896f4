//! The batch's journal: each submission's result on disk as soon as it is graded, so an
//! interrupted batch keeps what it graded and a resumed one grades only the rest.
//!
//! Layout: `<dir>/batch.json` (what the batch grades: course, grader, submissions folder,
//! exercise, shard, and whether it finished) and `<dir>/results/<submission>.json` (a digest of
//! the submission's graded sources and its result). Every file is written whole or not at all.
//!
//! Invariants:
//! - a result is reused only by a batch with the same header, for a submission whose graded
//!   sources (the files it owns: `exercises/*/src/**.rs`) have the same digest;
//! - a result is journaled only when grading finished: a submission the grader could not grade
//!   (a failure of the machine or the toolchain) is graded again on resume;
//! - an unfinished batch is never discarded without being told to (`--restart`).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::files::{owner, skip_nobodys, walk, Kind, Links, Owner};
use crate::manifest::Course;
use crate::model::SubmissionResult;

/// What a batch grades: a resumed batch must match it in every field but `finished`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub grader_version: String,
    /// The digest of the course's own files ([`course_digest`]).
    pub course: String,
    /// The folder of submissions, as an absolute path.
    pub submissions: String,
    pub exercise: Option<String>,
    pub shard: Option<String>,
    pub finished: bool,
}

/// What to do with the journal an earlier batch left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Start over, unless an earlier batch did not finish.
    Start,
    /// Keep the earlier batch's results (it must have graded the same thing).
    Resume,
    /// Start over whatever the earlier batch was.
    Restart,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    digest: String,
    result: SubmissionResult,
}

pub struct Journal {
    dir: PathBuf,
    header: Header,
}

impl Journal {
    /// The journal in `dir` for a batch described by `header`, as `mode` says.
    pub fn open(dir: &Path, header: Header, mode: Mode) -> Result<Journal, Error> {
        let header_file = dir.join("batch.json");
        let earlier: Option<Header> = match std::fs::read(&header_file) {
            Ok(bytes) => serde_json::from_slice(&bytes).ok(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io("cannot read", &header_file, e)),
        };
        let keep = match (mode, &earlier) {
            (Mode::Resume, Some(earlier)) => {
                if let Some(why) = mismatch(earlier, &header) {
                    return Err(Error::BadInput(format!(
                        "--resume: the batch in {} {why}; run without --resume, with --restart, to start over",
                        dir.display()
                    )));
                }
                true
            }
            (Mode::Start, Some(earlier)) if !earlier.finished => {
                return Err(Error::BadInput(format!(
                    "an unfinished batch of {} is in {}: pass --resume to continue it, or --restart to start over",
                    earlier.submissions,
                    dir.display()
                )))
            }
            _ => false,
        };
        let results = dir.join("results");
        if !keep && results.exists() {
            std::fs::remove_dir_all(&results)
                .map_err(|e| Error::io("cannot clear", &results, e))?;
        }
        std::fs::create_dir_all(&results).map_err(|e| Error::io("cannot create", &results, e))?;
        let journal = Journal {
            dir: dir.to_path_buf(),
            header: Header {
                finished: false,
                ..header
            },
        };
        journal.write_header()?;
        Ok(journal)
    }

    /// The folder the journal is in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The result journaled for the submission `name`, if its sources still have `digest`.
    pub fn earlier(&self, name: &str, digest: &str) -> Option<SubmissionResult> {
        let bytes = std::fs::read(self.result_file(name)).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        (entry.digest == digest).then_some(entry.result)
    }

    /// Journals the result of the submission `name`, whose sources have `digest`.
    pub fn record(&self, name: &str, digest: &str, result: &SubmissionResult) -> Result<(), Error> {
        let entry = Entry {
            digest: digest.to_string(),
            result: result.clone(),
        };
        let json = serde_json::to_vec(&entry).expect("a result serializes");
        write_whole(&self.result_file(name), &json)
    }

    /// Marks the batch finished: a later batch may start over without `--restart`.
    pub fn finish(mut self) -> Result<(), Error> {
        self.header.finished = true;
        self.write_header()
    }

    fn result_file(&self, name: &str) -> PathBuf {
        self.dir.join("results").join(format!("{name}.json"))
    }

    fn write_header(&self) -> Result<(), Error> {
        let json = serde_json::to_vec_pretty(&self.header).expect("a header serializes");
        write_whole(&self.dir.join("batch.json"), &json)
    }
}

/// Why a batch described by `earlier` is not the one `now` describes, if it is not.
fn mismatch(earlier: &Header, now: &Header) -> Option<String> {
    if earlier.submissions != now.submissions {
        return Some(format!("graded another folder, {}", earlier.submissions));
    }
    if earlier.grader_version != now.grader_version {
        return Some(format!("was graded by grader {}", earlier.grader_version));
    }
    if earlier.course != now.course {
        return Some("was graded against the course as it was before a change".to_string());
    }
    if earlier.exercise != now.exercise {
        let which = |e: &Option<String>| e.clone().unwrap_or_else(|| "every exercise".into());
        return Some(format!("graded {}", which(&earlier.exercise)));
    }
    if earlier.shard != now.shard {
        let which = |s: &Option<String>| {
            s.clone()
                .map_or("no shard".into(), |s| format!("shard {s}"))
        };
        return Some(format!("graded {}", which(&earlier.shard)));
    }
    None
}

/// `bytes` into `file` through a temporary file beside it, renamed into place.
fn write_whole(file: &Path, bytes: &[u8]) -> Result<(), Error> {
    let folder = file.parent().expect("a journal file is in a folder");
    let mut partial = tempfile::Builder::new()
        .prefix(".partial")
        .tempfile_in(folder)
        .map_err(|e| Error::io("cannot write in", folder, e))?;
    partial
        .write_all(bytes)
        .map_err(|e| Error::io("cannot write", file, e))?;
    partial
        .persist(file)
        .map_err(|e| Error::io("cannot write", file, e.error))?;
    Ok(())
}

/// The digest of every file the course owns at `course_root` (tests, fixtures, Cargo files, the
/// grader …): any change to them changes what a grade means.
pub fn course_digest(course_root: &Path, course: &Course) -> Result<String, Error> {
    let files = walk(course_root, Links::Follow, &skip_nobodys(course))?;
    digest_of(
        course_root,
        files
            .iter()
            .map(|f| &f.relative)
            .filter(|relative| owner(relative, course) == Owner::Course),
    )
}

/// The digest of the files a submission at `root` owns: the sources that are graded.
pub fn submission_digest(root: &Path, course: &Course) -> Result<String, Error> {
    let files = walk(root, Links::Report, &skip_nobodys(course))?;
    digest_of(
        root,
        files
            .iter()
            .filter(|f| matches!(f.kind, Kind::File { .. }))
            .map(|f| &f.relative)
            .filter(|relative| matches!(owner(relative, course), Owner::Submission(_))),
    )
}

fn digest_of<'a>(root: &Path, files: impl Iterator<Item = &'a PathBuf>) -> Result<String, Error> {
    let mut hash = Sha256::new();
    for relative in files {
        let path = root.join(relative);
        let bytes = std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?;
        let name = relative.to_string_lossy();
        // Lengths first, so no two file sets hash the same bytes.
        hash.update((name.len() as u64).to_le_bytes());
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    fn header(submissions: &str) -> Header {
        Header {
            grader_version: "1".into(),
            course: "c".into(),
            submissions: submissions.into(),
            exercise: None,
            shard: None,
            finished: false,
        }
    }

    #[test]
    fn a_resumed_batch_keeps_results_whose_sources_did_not_change() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path(), header("/class"), Mode::Start).unwrap();
        journal.record("alice", "d1", &sample::result()).unwrap();
        drop(journal); // interrupted: never finished

        let resumed = Journal::open(dir.path(), header("/class"), Mode::Resume).unwrap();
        let kept = resumed.earlier("alice", "d1").expect("kept");
        assert_eq!(kept.points, sample::result().points);
        assert!(resumed.earlier("alice", "d2").is_none(), "sources changed");
        assert!(resumed.earlier("bob", "d1").is_none(), "never graded");
    }

    #[test]
    fn an_unfinished_batch_is_not_discarded_unless_restarted() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path(), header("/class"), Mode::Start).unwrap();
        journal.record("alice", "d1", &sample::result()).unwrap();
        drop(journal);

        let error = Journal::open(dir.path(), header("/class"), Mode::Start)
            .err()
            .expect("refused")
            .to_string();
        assert!(
            error.contains("pass --resume") && error.contains("--restart"),
            "{error}"
        );
        let restarted = Journal::open(dir.path(), header("/class"), Mode::Restart).unwrap();
        assert!(restarted.earlier("alice", "d1").is_none());
        restarted.finish().unwrap();
        let again = Journal::open(dir.path(), header("/class"), Mode::Start).unwrap();
        assert!(again.earlier("alice", "d1").is_none());
    }

    #[test]
    fn a_batch_of_something_else_cannot_be_resumed() {
        let dir = tempfile::tempdir().unwrap();
        Journal::open(dir.path(), header("/class"), Mode::Start).unwrap();
        let mut other = header("/class");
        other.shard = Some("1/2".into());
        let error = Journal::open(dir.path(), other, Mode::Resume)
            .err()
            .expect("refused")
            .to_string();
        assert!(error.contains("graded no shard"), "{error}");
        let error = Journal::open(dir.path(), header("/other"), Mode::Resume)
            .err()
            .expect("refused")
            .to_string();
        assert!(error.contains("graded another folder, /class"), "{error}");
    }

    #[test]
    fn a_digest_covers_names_and_contents() {
        let a = tempfile::tempdir().unwrap();
        let course: Course = toml::from_str(
            "title = \"t\"\n[[exercise]]\nid = \"a\"\ndir = \"ex01-a\"\ntitle = \"A\"\n[[exercise.test]]\nname = \"x\"\n",
        )
        .unwrap();
        let src = a.path().join("exercises/ex01-a/src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("lib.rs"), "fn a() {}").unwrap();
        std::fs::write(a.path().join("notes.txt"), "not graded").unwrap();
        let first = submission_digest(a.path(), &course).unwrap();
        std::fs::write(a.path().join("notes.txt"), "still not graded").unwrap();
        assert_eq!(submission_digest(a.path(), &course).unwrap(), first);
        std::fs::write(src.join("lib.rs"), "fn b() {}").unwrap();
        assert_ne!(submission_digest(a.path(), &course).unwrap(), first);
        std::fs::write(src.join("lib.rs"), "fn a() {}").unwrap();
        std::fs::rename(src.join("lib.rs"), src.join("main.rs")).unwrap();
        assert_ne!(submission_digest(a.path(), &course).unwrap(), first);
    }
}
