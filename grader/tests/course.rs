//! The lab itself: its solutions pass and its stubs fail, through the grader, from `cargo test`.
//! The grader builds in <workspace>/target/grader: the outer cargo holds target/debug.

use crate::support::*;

#[test]
fn every_solution_passes_and_every_stub_fails() {
    let course = lab_course();
    if !course.join("solutions").is_dir() {
        // The student version (`grader export`) has no solutions: grade its stubs instead.
        let (code, report) = report_json(&course, &course.join("target/grader"), &[]);
        assert_eq!(code, 0);
        assert_eq!(report["points"], 0, "the stubs earn nothing");
        assert!(report["max_points"].as_u64().unwrap() > 0);
        return;
    }
    let output = grader(&course, &course.join("target/grader"))
        .arg("verify")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "grader verify failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("pass on the solutions and fail on the stubs"),
        "{stdout}"
    );
}

#[test]
fn the_stubs_are_generated_from_the_solutions() {
    let course = lab_course();
    if !course.join("solutions").is_dir() {
        return; // the student version: nothing to compare with
    }
    let work = tempfile::tempdir().unwrap();
    let output = grader(&course, work.path())
        .args(["stubs", "--check"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn export_writes_the_course_without_solutions() {
    let course = lab_course();
    if !course.join("solutions").is_dir() {
        return; // already the student version
    }
    let work = tempfile::tempdir().unwrap();
    let dest = tempfile::tempdir().unwrap();
    let student = dest.path().join("student");
    let output = grader(&course, work.path())
        .arg("export")
        .arg(&student)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!student.join("solutions").exists());
    assert!(!student.join("target").exists());
    assert_eq!(
        std::fs::read(student.join("exercises/ex03-dynamodb/src/store.rs")).unwrap(),
        std::fs::read(course.join("exercises/ex03-dynamodb/src/store.rs")).unwrap()
    );
    assert!(student.join("exercises/course.toml").is_file());
    assert!(student.join("Cargo.lock").is_file());
}
