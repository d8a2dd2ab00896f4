//! A class at scale, on the fixture course: a batch journaled and resumed, sharded and merged,
//! git repositories graded with their commit.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command as Process;

use serde_json::Value;

use crate::support::{assert_succeeded, copy_tree, fixture_course, fixture_submission, grader};

/// A folder of submissions: `alice` the stubs as handed out, `bob` with `add` multiplying (one
/// more test passes), `carol` handed in nothing, `dave` the stubs again.
fn class() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let original = fixture_submission();
    for name in ["alice", "bob", "dave"] {
        copy_tree(original.path(), &folder.path().join(name));
    }
    multiply_in(&folder.path().join("bob"));
    std::fs::create_dir(folder.path().join("carol")).unwrap();
    folder
}

fn multiply_in(submission: &Path) {
    let lib = submission.join("exercises/ex01-basics/src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    let changed = text.replace("    a + b\n}\n\n/// Never", "    a * b\n}\n\n/// Never");
    assert_ne!(text, changed, "the fixture's stub adds");
    std::fs::write(&lib, changed).unwrap();
}

/// `grader report --submissions FOLDER --format json EXTRA…`: exit code, report, standard error.
fn batch(folder: &Path, work: &Path, extra: &[&str]) -> (i32, Value, String) {
    let output = grader(&fixture_course(), work)
        .args(["report", "--format", "json", "--submissions"])
        .arg(folder)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.code().unwrap_or(-1), report, stderr)
}

fn scores(report: &Value) -> Vec<(String, u64)> {
    report
        .as_array()
        .unwrap_or_else(|| panic!("an array of results: {report}"))
        .iter()
        .map(|r| {
            (
                r["submission"]["name"].as_str().unwrap().to_string(),
                r["points"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn expected_scores() -> Vec<(String, u64)> {
    [("alice", 2), ("bob", 3), ("carol", 0), ("dave", 2)]
        .map(|(name, points)| (name.to_string(), points))
        .to_vec()
}

#[test]
fn an_interrupted_batch_is_refused_a_fresh_start_and_resumed_grades_only_the_rest() {
    let class = class();
    let work = tempfile::tempdir().unwrap();
    let (code, report, stderr) = batch(class.path(), work.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(scores(&report), expected_scores());
    assert!(
        stderr.contains("[2/4] bob: 3/"),
        "a line per submission in a log: {stderr}"
    );

    // An interruption while dave was being graded: his result was never journaled, and the
    // batch never finished.
    let journal = work.path().join("batch");
    std::fs::remove_file(journal.join("results/dave.json")).unwrap();
    let header = journal.join("batch.json");
    let text = std::fs::read_to_string(&header).unwrap();
    std::fs::write(
        &header,
        text.replace("\"finished\": true", "\"finished\": false"),
    )
    .unwrap();
    // And bob worked on after the batch had graded him.
    let bob_lib = class.path().join("bob/exercises/ex01-basics/src/lib.rs");
    let text = std::fs::read_to_string(&bob_lib).unwrap();
    std::fs::write(&bob_lib, text.replace("a * b", "a + b")).unwrap();

    let (code, _, stderr) = batch(class.path(), work.path(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("an unfinished batch of") && stderr.contains("pass --resume"),
        "{stderr}"
    );
    assert!(
        journal.join("results/alice.json").is_file(),
        "nothing discarded"
    );

    let (code, report, stderr) = batch(class.path(), work.path(), &["--resume"]);
    assert_eq!(code, 0, "{stderr}");
    let kept: Vec<&str> = ["alice", "bob", "carol", "dave"]
        .into_iter()
        .filter(|name| {
            stderr.lines().any(|l| {
                l.contains(&format!("] {name}: ")) && l.ends_with("kept from the earlier run")
            })
        })
        .collect();
    assert_eq!(
        kept,
        ["alice", "carol"],
        "bob changed, dave was never done: {stderr}"
    );
    assert_eq!(
        scores(&report),
        [("alice", 2), ("bob", 2), ("carol", 0), ("dave", 2)].map(|(n, p)| (n.to_string(), p))
    );
    let text = std::fs::read_to_string(&header).unwrap();
    assert!(text.contains("\"finished\": true"), "{text}");
}

#[test]
fn two_shards_merged_are_the_whole_batch() {
    let class = class();
    let work = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut shard_names = Vec::new();
    for shard in ["1/2", "2/2"] {
        let (code, report, stderr) = batch(class.path(), work.path(), &["--shard", shard]);
        assert_eq!(code, 0, "{stderr}");
        let file = out.path().join(format!("shard-{}.json", &shard[..1]));
        std::fs::write(&file, serde_json::to_string(&report).unwrap()).unwrap();
        shard_names.push(
            scores(&report)
                .into_iter()
                .map(|(n, _)| n)
                .collect::<Vec<_>>(),
        );
    }
    let mut all: Vec<String> = shard_names.concat();
    all.sort();
    assert_eq!(
        all,
        ["alice", "bob", "carol", "dave"],
        "each in one shard: {shard_names:?}"
    );

    let merged = grader(&fixture_course(), work.path())
        .args(["merge", "--format", "json"])
        .arg(out.path().join("shard-1.json"))
        .arg(out.path().join("shard-2.json"))
        .output()
        .unwrap();
    assert_succeeded(&merged);
    let merged: Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(scores(&merged), expected_scores());

    let alone = grader(&fixture_course(), work.path())
        .arg("merge")
        .arg(out.path().join("shard-1.json"))
        .output()
        .unwrap();
    assert_succeeded(&alone);
    let stderr = String::from_utf8_lossy(&alone.stderr);
    assert!(
        stderr.contains("warning: no result of shard 2/2: was its report left out?"),
        "{stderr}"
    );

    let twice = grader(&fixture_course(), work.path())
        .args(["merge"])
        .arg(out.path().join("shard-1.json"))
        .arg(out.path().join("shard-1.json"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&twice.stderr);
    assert_eq!(twice.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is in both"), "{stderr}");
}

#[test]
fn a_folder_of_git_repositories_is_graded_with_each_commit() {
    let class = class();
    let git = |dir: &Path, args: &[&str]| {
        let output = Process::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=Student", "-c", "user.email=s@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert_succeeded(&output);
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    };
    let bob = class.path().join("bob");
    git(&bob, &["init", "-q", "-b", "main"]);
    git(&bob, &["add", "-A"]);
    git(&bob, &["commit", "-q", "-m", "ex01 multiplies"]);
    git(&bob, &["pack-refs", "--all"]);
    let commit = git(&bob, &["rev-parse", "HEAD"]);
    std::fs::write(class.path().join("clone-urls.txt"), "file:///bob\n").unwrap();
    let work = tempfile::tempdir().unwrap();

    let (code, report, stderr) = batch(class.path(), work.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: not graded, as a submission is a folder: clone-urls.txt"),
        "{stderr}"
    );
    let commits: Vec<Option<&str>> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["submission"]["commit"].as_str())
        .collect();
    assert_eq!(commits, [None, Some(commit.as_str()), None, None]);

    let csv = grader(&fixture_course(), work.path())
        .args(["report", "--format", "csv", "--restart", "--submissions"])
        .arg(class.path())
        .output()
        .unwrap();
    assert_succeeded(&csv);
    let csv = String::from_utf8_lossy(&csv.stdout);
    let bob_row = csv.lines().find(|l| l.starts_with("bob,")).unwrap();
    assert!(
        csv.starts_with("submission,") && bob_row.ends_with(&commit),
        "{csv}"
    );
}

#[test]
fn bad_batch_input_is_one_line_naming_it() {
    let class = class();
    let zipped = tempfile::tempdir().unwrap();
    std::fs::write(zipped.path().join("erin.zip"), "PK").unwrap();
    let work = tempfile::tempdir().unwrap();
    let (code, _, stderr) = batch(zipped.path(), work.path(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("holds only files (erin.zip): put each submission in a folder"),
        "{stderr}"
    );

    let (code, _, stderr) = batch(class.path(), work.path(), &["--shard", "3/2"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--shard 3/2: i must be between 1 and n"),
        "{stderr}"
    );
    assert!(
        !work.path().join("batch").exists(),
        "nothing graded, nothing journaled"
    );

    let not_json = class.path().join("alice/notes.json");
    std::fs::write(&not_json, "[1, 2]").unwrap();
    let output = grader(&fixture_course(), work.path())
        .arg("merge")
        .arg(&not_json)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("notes.json: not a report of `grader report --format json`"),
        "{stderr}"
    );
}

#[test]
fn a_batch_stopped_by_ctrl_c_keeps_what_it_graded_and_resume_finishes_it() {
    let class = class();
    let work = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("grader"));
    command
        .arg("--course")
        .arg(fixture_course())
        .arg("--work-dir")
        .arg(work.path())
        .args(["report", "--format", "json", "--submissions"])
        .arg(class.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        // As a terminal's Ctrl-C: SIGINT to the grader's process group, with SIGINT's default
        // action even when this test runs in the background (where it is inherited ignored).
        .process_group(0);
    // SAFETY: signal(2) only, between fork and exec.
    unsafe {
        command.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    let mut running = command.spawn().unwrap();
    let results = work.path().join("batch/results");
    let first_result = std::time::Instant::now();
    while !std::fs::read_dir(&results).is_ok_and(|mut d| {
        d.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".json")))
    }) {
        assert!(
            first_result.elapsed() < std::time::Duration::from_secs(300),
            "no result journaled"
        );
        assert!(
            running.try_wait().unwrap().is_none(),
            "the batch ended early"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // SAFETY: kill(2) on the process group of the child we started and have not waited for.
    unsafe { libc::kill(-(running.id() as libc::pid_t), libc::SIGINT) };
    let status = running.wait().unwrap();
    assert!(!status.success(), "interrupted before the last submission");

    let journaled = std::fs::read_dir(&results)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            !name.to_string_lossy().starts_with('.')
        })
        .count();
    assert!((1..4).contains(&journaled), "{journaled} results kept");
    let (code, report, stderr) = batch(class.path(), work.path(), &["--resume"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(scores(&report), expected_scores());
    let kept = stderr.matches("kept from the earlier run").count();
    assert!(kept >= 1, "{stderr}");
}
