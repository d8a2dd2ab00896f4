use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use assert_cmd::Command;
use serde_json::Value;

/// The tests that grade the lab share its work dir, or its compiled SDK: one at a time.
static LAB_WORK_DIR: Mutex<()> = Mutex::new(());

/// Waits for the other tests that grade the lab; the guard lets the next one in.
pub fn lock_lab_work_dir() -> MutexGuard<'static, ()> {
    LAB_WORK_DIR
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Fails the test with the command's standard error unless it succeeded.
pub fn assert_succeeded(output: &std::process::Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The tiny course under grader/tests/fixture-course.
pub fn fixture_course() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture-course")
}

/// The lab's own workspace.
pub fn lab_course() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the grader lives in the workspace")
        .to_path_buf()
}

/// The grader binary, on `course`, with a work dir of its own.
pub fn grader(course: &Path, work: &Path) -> Command {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("grader");
    command
        .arg("--course")
        .arg(course)
        .arg("--work-dir")
        .arg(work);
    command
}

/// Runs `grader report --format json` and returns the exit code and the parsed report.
pub fn report_json(course: &Path, work: &Path, extra: &[&str]) -> (i32, Value) {
    let output = grader(course, work)
        .args(["report", "--format", "json"])
        .args(extra)
        .output()
        .expect("the grader runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = serde_json::from_str(&stdout).unwrap_or_else(|error| {
        panic!(
            "report is not JSON ({error}); stdout:\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

/// `exercise/test -> verdict` from a JSON report.
pub fn verdicts(report: &Value) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for exercise in report["exercises"].as_array().expect("exercises") {
        for test in exercise["tests"].as_array().expect("tests") {
            all.push((
                format!(
                    "{}/{}",
                    exercise["id"].as_str().unwrap(),
                    test["name"].as_str().unwrap()
                ),
                test["verdict"].as_str().unwrap().to_string(),
            ));
        }
    }
    all
}

pub fn verdict_of(report: &Value, test: &str) -> String {
    verdicts(report)
        .into_iter()
        .find(|(name, _)| name == test)
        .unwrap_or_else(|| panic!("no test {test} in the report"))
        .1
}

/// Copies a folder tree; a link becomes a link to where the original points (the fixture
/// course links in the lab's harness).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            let points_to = std::fs::canonicalize(entry.path()).unwrap();
            std::os::unix::fs::symlink(points_to, &target).unwrap();
        } else if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A student's copy of the fixture course, in a temporary folder.
pub fn fixture_submission() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &fixture_course().join("exercises"),
        &dir.path().join("exercises"),
    );
    std::fs::copy(
        fixture_course().join("Cargo.toml"),
        dir.path().join("Cargo.toml"),
    )
    .unwrap();
    dir
}
