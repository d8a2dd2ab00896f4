//! The batch's journal: each submission's result on disk as soon as it is graded, so an
//! interrupted batch keeps what it graded and a resumed one grades only the rest.
//!
//! Layout: `<dir>/batch.json` (what the batch grades: course, grader, submissions folder,
//! exercise, shard, and whether it finished) and `<dir>/results/<submission>.json` (a digest of
//! the submission's graded sources and its result). Every file is written whole or not at all.
//!
//! Invariants:
//! - a result is reused only by a batch with the same header, for a submission whose `src`
//!   folders have the same digest (every entry, whatever its kind: [`submission_digest`]);
//! - a result is journaled only when grading finished: a submission the grader could not grade
//!   (a failure of the machine or the toolchain) is graded again on resume;
//! - an unfinished batch is never discarded without being told to (`--restart`).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::files::{owner, skip_nobodys, walk, Found, Kind, Links, Owner};
use crate::manifest::Course;
use crate::model::SubmissionResult;
use crate::policy::MAX_FILE_BYTES;

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
    /// Whether the emulator tier was graded too; absent in journals older than the tier, which
    /// are resumed by no grading (they cannot say which tiers they graded).
    #[serde(default)]
    pub emulator_tier: Option<bool>,
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
    if earlier.emulator_tier != now.emulator_tier {
        let tiers = |emulated: Option<bool>| match emulated {
            Some(true) => "the unit and emulator tiers",
            Some(false) => "the unit tier only",
            None => "tiers it does not record (an older grader)",
        };
        return Some(format!("graded {}", tiers(earlier.emulator_tier)));
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
/// grader …): any change to them changes what a grade means. Folders in `besides` (the work dir,
/// the submissions) are left out when they are inside the course.
pub fn course_digest(
    course_root: &Path,
    course: &Course,
    besides: &[&Path],
) -> Result<String, Error> {
    let root =
        std::fs::canonicalize(course_root).map_err(|e| Error::io("cannot read", course_root, e))?;
    let left_out: Vec<PathBuf> = besides
        .iter()
        .filter_map(|dir| std::fs::canonicalize(dir).ok())
        .filter_map(|dir| dir.strip_prefix(&root).ok().map(Path::to_path_buf))
        .filter(|relative| !relative.as_os_str().is_empty())
        .collect();
    let nobodys = skip_nobodys(course);
    let skip = |relative: &Path| nobodys(relative) || left_out.iter().any(|d| d == relative);
    let mut hash = Sha256::new();
    for found in walk(&root, Links::Follow, &skip)? {
        if owner(&found.relative, course) == Owner::Course {
            add_entry(&mut hash, &root, &found)?;
        }
    }
    Ok(hex(hash))
}

/// The digest of what is graded of the submission at `root`: every entry of every exercise's
/// `src` folder (files with their contents, links with their targets, odd names and special
/// files by kind), so that anything the policy check or the build could judge differently
/// changes it.
pub fn submission_digest(root: &Path, course: &Course) -> Result<String, Error> {
    let mut hash = Sha256::new();
    for exercise in &course.exercises {
        let src = exercise.src_below(&root.join("exercises"));
        let kind = match std::fs::symlink_metadata(&src) {
            Ok(meta) if meta.file_type().is_symlink() => "a link",
            Ok(meta) if meta.is_dir() => "a folder",
            Ok(_) => "a file",
            Err(_) => "absent",
        };
        add_bytes(&mut hash, exercise.dir.as_bytes());
        add_bytes(&mut hash, kind.as_bytes());
        if kind == "a folder" {
            for found in walk(&src, Links::Report, &|_| false)? {
                add_entry(&mut hash, &src, &found)?;
            }
        }
    }
    Ok(hex(hash))
}

/// One entry into `hash`: its path, its kind and what it holds. A file larger than the policy
/// check allows counts by its size (it is refused whatever it holds).
fn add_entry(hash: &mut Sha256, root: &Path, found: &Found) -> Result<(), Error> {
    add_bytes(hash, found.relative.as_os_str().as_encoded_bytes());
    let path = root.join(&found.relative);
    match found.kind {
        Kind::File { bytes } if bytes > MAX_FILE_BYTES => {
            add_bytes(hash, b"a large file");
            add_bytes(hash, &bytes.to_le_bytes());
        }
        Kind::File { .. } => {
            let contents = std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?;
            add_bytes(hash, b"a file");
            add_bytes(hash, &contents);
        }
        Kind::Link => {
            let target =
                std::fs::read_link(&path).map_err(|e| Error::io("cannot read", &path, e))?;
            add_bytes(hash, b"a link");
            add_bytes(hash, target.as_os_str().as_encoded_bytes());
        }
        Kind::BadName => add_bytes(hash, b"a name that is not UTF-8"),
        Kind::Special => add_bytes(hash, b"a special file"),
    }
    Ok(())
}

/// `bytes` with their length first, so that no two sequences of parts hash the same.
fn add_bytes(hash: &mut Sha256, bytes: &[u8]) {
    hash.update((bytes.len() as u64).to_le_bytes());
    hash.update(bytes);
}

fn hex(hash: Sha256) -> String {
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
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
            emulator_tier: Some(false),
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
        std::fs::rename(src.join("main.rs"), src.join("lib.rs")).unwrap();
        assert_eq!(submission_digest(a.path(), &course).unwrap(), first);
        std::os::unix::fs::symlink("/etc/hostname", src.join("notes.txt")).unwrap();
        assert_ne!(
            submission_digest(a.path(), &course).unwrap(),
            first,
            "a link the policy check refuses"
        );
    }

    #[test]
    fn the_course_digest_leaves_out_the_work_dir_and_the_submissions_inside_it() {
        let course_root = tempfile::tempdir().unwrap();
        let course: Course = toml::from_str(
            "title = \"t\"\n[[exercise]]\nid = \"a\"\ndir = \"ex01-a\"\ntitle = \"A\"\n[[exercise.test]]\nname = \"x\"\n",
        )
        .unwrap();
        let tests = course_root.path().join("exercises/ex01-a/tests");
        std::fs::create_dir_all(&tests).unwrap();
        std::fs::write(tests.join("main.rs"), "#[test] fn x() {}").unwrap();
        let work = course_root.path().join(".grader");
        let class = course_root.path().join("class");
        std::fs::create_dir_all(&work).unwrap();
        std::fs::create_dir_all(&class).unwrap();
        let digest = || course_digest(course_root.path(), &course, &[&work, &class]).unwrap();
        let first = digest();
        std::fs::write(work.join("batch.json"), "{}").unwrap();
        std::fs::write(class.join("alice.txt"), "a student's file").unwrap();
        assert_eq!(digest(), first);
        std::fs::write(tests.join("main.rs"), "#[test] fn y() {}").unwrap();
        assert_ne!(digest(), first, "a test changed");
    }

    #[test]
    fn a_batch_of_another_tier_is_not_resumed() {
        let unit = header("/class");
        let emulated = Header {
            emulator_tier: Some(true),
            ..header("/class")
        };
        let older = Header {
            emulator_tier: None,
            ..header("/class")
        };
        assert!(
            mismatch(&older, &unit).is_some(),
            "an older journal is not resumed"
        );
        assert_eq!(mismatch(&unit, &unit.clone()), None);
        assert_eq!(
            mismatch(&unit, &emulated).as_deref(),
            Some("graded the unit tier only")
        );
    }
}
