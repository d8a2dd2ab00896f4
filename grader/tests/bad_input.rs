use crate::support::*;

fn fails_with(command: &mut assert_cmd::Command, code: i32, expected: &str) {
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in stderr: {stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing half-written on stdout");
}

#[test]
fn a_submission_folder_that_does_not_exist_is_exit_2() {
    let work = tempfile::tempdir().unwrap();
    fails_with(
        grader(&fixture_course(), work.path()).args(["report", "--submission", "/no/such/folder"]),
        2,
        "submission folder /no/such/folder does not exist",
    );
}

#[test]
fn a_submission_without_exercises_is_exit_2() {
    let work = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    fails_with(
        grader(&fixture_course(), work.path())
            .args(["report", "--submission"])
            .arg(empty.path()),
        2,
        "has no exercises/ folder",
    );
}

#[test]
fn a_malformed_manifest_is_exit_2_naming_the_file() {
    let course = tempfile::tempdir().unwrap();
    copy_tree(&fixture_course(), course.path());
    let manifest = course.path().join("exercises/course.toml");
    std::fs::write(&manifest, "title = \"unterminated\n").unwrap();
    let work = tempfile::tempdir().unwrap();
    fails_with(
        grader(course.path(), work.path()).arg("report"),
        2,
        &manifest.display().to_string(),
    );
}

#[test]
fn a_manifest_naming_an_unknown_exercise_is_exit_2() {
    let course = tempfile::tempdir().unwrap();
    copy_tree(&fixture_course(), course.path());
    let manifest = course.path().join("exercises/course.toml");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("dir = \"ex02-broken\"", "dir = \"ex09-nowhere\"");
    std::fs::write(&manifest, text).unwrap();
    let work = tempfile::tempdir().unwrap();
    fails_with(
        grader(course.path(), work.path()).arg("report"),
        2,
        "exercise `broken`: unknown exercise",
    );
}

#[test]
fn a_manifest_listing_a_test_that_does_not_exist_is_exit_2() {
    let course = tempfile::tempdir().unwrap();
    copy_tree(&fixture_course(), course.path());
    let manifest = course.path().join("exercises/course.toml");
    let text = std::fs::read_to_string(&manifest).unwrap().replace(
        "name = \"behaviour::adds\"",
        "name = \"behaviour::subtracts\"",
    );
    std::fs::write(&manifest, text).unwrap();
    let work = tempfile::tempdir().unwrap();
    fails_with(
        grader(course.path(), work.path()).arg("report"),
        2,
        "lists tests that do not exist: behaviour::subtracts",
    );
}

#[test]
fn help_documents_the_exit_codes() {
    let output = assert_cmd::cargo::cargo_bin_cmd!("grader")
        .arg("--help")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    for line in ["Exit codes:", "report", "verify", "2  bad input"] {
        assert!(stdout.contains(line), "--help lacks {line:?}: {stdout}");
    }
}

#[test]
fn an_unknown_exercise_is_exit_2_listing_the_known_ones() {
    let work = tempfile::tempdir().unwrap();
    for command in [
        ["report", "--exercise", "ex09"],
        ["verify", "--exercise", "ex09"],
    ] {
        fails_with(
            grader(&fixture_course(), work.path()).args(command),
            2,
            "--exercise ex09: the course has no such exercise; its exercises are basics, broken, boxed",
        );
    }
    fails_with(
        grader(&fixture_course(), work.path()).args(["watch", "ex09"]),
        2,
        "no exercise ex09 in the course; its exercises are basics, broken, boxed",
    );
}

#[test]
fn an_output_file_in_a_missing_folder_is_exit_2_before_any_grading() {
    let work = tempfile::tempdir().unwrap();
    fails_with(
        grader(&fixture_course(), work.path()).args([
            "report",
            "--format",
            "junit",
            "--output",
            "/no/such/folder/report.xml",
        ]),
        2,
        "--output /no/such/folder/report.xml: the folder /no/such/folder does not exist",
    );
    assert!(
        !work.path().join("target").exists(),
        "nothing was built for a report that could not be written"
    );
}

#[test]
fn a_one_submission_format_for_a_folder_of_submissions_is_exit_2() {
    let work = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    fails_with(
        grader(&fixture_course(), work.path())
            .args(["report", "--format", "gradescope", "--submissions"])
            .arg(folder.path()),
        2,
        "--format junit, gradescope, prairielearn, github and title report one submission",
    );
}

#[test]
fn a_roster_naming_a_missing_folder_is_exit_2_naming_its_line() {
    let work = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir(folder.path().join("alice")).unwrap();
    let roster = folder.path().join("roster.csv");
    std::fs::write(&roster, "id,name,folder\n1,Alice,alice\n2,Bob,bob\n").unwrap();
    fails_with(
        grader(&fixture_course(), work.path())
            .args(["report", "--format", "csv", "--submissions"])
            .arg(folder.path())
            .arg("--roster")
            .arg(&roster),
        2,
        &format!(
            "roster {}:3: {} has no folder bob",
            roster.display(),
            folder.path().display()
        ),
    );
}

#[test]
fn require_box_grades_only_where_the_box_is_whole() {
    let work = tempfile::tempdir().unwrap();
    let mut command = grader(&fixture_course(), work.path());
    command.args(["--require-box", "report", "--format", "json"]);
    match grader::sandbox::Support::probe().shortfall() {
        Some(_) => fails_with(
            &mut command,
            3,
            "--require-box: the box around tests is incomplete",
        ),
        None => assert_succeeded(&command.output().unwrap()),
    }
}
