//! The lab itself: its solutions pass and its stubs fail, through the grader, from `cargo test`.
//! The grader builds in <workspace>/target/grader: the outer cargo holds target/debug.

use crate::support::*;

#[test]
fn every_solution_passes_and_every_stub_fails() {
    let course = lab_course();
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
