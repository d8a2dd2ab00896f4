use crate::support::*;

#[test]
fn report_gives_every_way_a_test_can_end_its_verdict() {
    let work = tempfile::tempdir().unwrap();
    let (code, report) = report_json(&fixture_course(), work.path(), &["--show-hidden"]);

    assert_eq!(code, 0, "report exits 0 whatever the score");
    assert!(
        work.path().join("target").is_dir() && !work.path().join("workspace/target").exists(),
        "the overlay builds into the work dir's own target dir"
    );
    let expected = [
        ("basics/behaviour::adds", "passed"),
        ("basics/behaviour::multiplies", "failed"),
        ("basics/behaviour::counts_down", "timed_out"),
        ("basics/behaviour::checks_the_input", "crashed"),
        ("basics/behaviour::leaves_quietly", "exited_early"),
        ("basics/behaviour::recurses", "crashed"),
        ("basics/hidden::secret", "failed"),
        ("broken/doubles", "not_compiled"),
        ("boxed/returns_four", "failed"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(test, verdict)| (test.to_string(), verdict.to_string()))
        .collect();
    assert_eq!(verdicts(&report), expected);
    assert_eq!(report["points"], 2, "only `adds` (2 points) passed");
    assert_eq!(report["max_points"], 12);

    let basics = &report["exercises"][0];
    let multiplies = &basics["tests"][1];
    let message = multiplies["message"].as_str().unwrap();
    assert!(
        message.contains("3 times 4") && message.contains("left: 7"),
        "{message}"
    );
    assert_eq!(multiplies["hint"], "Multiply, do not add.");
    let recurses = basics["tests"][5]["message"].as_str().unwrap();
    assert!(recurses.contains("overflowed its stack"), "{recurses}");
    let broken = &report["exercises"][1];
    assert!(
        broken["message"]
            .as_str()
            .unwrap()
            .contains("cannot multiply"),
        "the compiler's error is in the report: {}",
        broken["message"]
    );
}

#[test]
fn hidden_tests_count_but_show_no_name_message_or_hint() {
    let work = tempfile::tempdir().unwrap();
    let (_, report) = report_json(&fixture_course(), work.path(), &[]);

    let hidden = &report["exercises"][0]["tests"][6];
    assert_eq!(hidden["name"], "hidden test 7");
    assert_eq!(hidden["verdict"], "failed");
    assert_eq!(hidden["max_points"], 1, "hidden tests still count");
    assert!(
        hidden["message"].is_null() && hidden["hint"].is_null(),
        "{hidden}"
    );
}

#[test]
fn a_submission_is_graded_on_its_src_only_and_edits_elsewhere_are_named() {
    let submission = fixture_submission();
    let root = submission.path();
    // The student fixes `multiplies` ...
    let lib = root.join("exercises/ex01-basics/src/lib.rs");
    let fixed = std::fs::read_to_string(&lib).unwrap().replace(
        "pub fn multiply(a: i32, b: i32) -> i32 {\n    a + b",
        "pub fn multiply(a: i32, b: i32) -> i32 {\n    a * b",
    );
    std::fs::write(&lib, fixed).unwrap();
    // ... and weakens a test so that a wrong `secret` would pass.
    let tests = root.join("exercises/ex01-basics/tests/hidden.rs");
    let weakened = std::fs::read_to_string(&tests)
        .unwrap()
        .replace("42, \"the secret", "41, \"the secret");
    std::fs::write(&tests, weakened).unwrap();
    let work = tempfile::tempdir().unwrap();

    let (code, report) = report_json(
        &fixture_course(),
        work.path(),
        &["--submission", root.to_str().unwrap(), "--show-hidden"],
    );

    assert_eq!(code, 0);
    assert_eq!(
        verdict_of(&report, "basics/behaviour::multiplies"),
        "passed"
    );
    assert_eq!(
        verdict_of(&report, "basics/hidden::secret"),
        "failed",
        "the course's test is used, not the student's edited copy"
    );
    assert_eq!(report["points"], 3);
    assert_eq!(
        report["ignored_changes"],
        serde_json::json!(["exercises/ex01-basics/tests/hidden.rs"])
    );
}

#[test]
fn an_exercise_missing_from_a_submission_is_graded_zero_and_named() {
    let submission = fixture_submission();
    std::fs::remove_dir_all(submission.path().join("exercises/ex02-broken/src")).unwrap();
    let work = tempfile::tempdir().unwrap();

    let (code, report) = report_json(
        &fixture_course(),
        work.path(),
        &["--submission", submission.path().to_str().unwrap()],
    );

    assert_eq!(code, 0);
    assert_eq!(verdict_of(&report, "broken/doubles"), "missing");
    assert!(report["exercises"][1]["message"]
        .as_str()
        .unwrap()
        .contains("exercises/ex02-broken/src"));
    assert_eq!(
        verdict_of(&report, "basics/behaviour::adds"),
        "passed",
        "the other exercises are graded normally"
    );
}

#[test]
fn verify_names_tests_that_pass_on_a_stub_or_do_not_compile() {
    let work = tempfile::tempdir().unwrap();
    let output = grader(&fixture_course(), work.path())
        .arg("verify")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);

    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("basics behaviour::adds passes on the stub"),
        "{stdout}"
    );
    assert!(
        stdout.contains("broken doubles is not_compiled on the stub"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("on the solution"),
        "every test passes on the fixture solutions: {stdout}"
    );
    assert!(
        stdout.contains("stub out of date: exercises/ex01-basics/src/lib.rs"),
        "the fixture stubs are not generated from its solutions: {stdout}"
    );
}

#[test]
fn the_table_report_shows_points_verdicts_and_hints() {
    let work = tempfile::tempdir().unwrap();
    let output = grader(&fixture_course(), work.path())
        .arg("report")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);

    assert!(output.status.success());
    assert!(stdout.contains("Total: 2 / 12 points"), "{stdout}");
    assert!(stdout.contains("hint: Multiply, do not add."), "{stdout}");
    assert!(!stdout.contains("A hint only instructors see"), "{stdout}");
}

/// The whole JSON report, with what varies between runs and machines (durations, paths, the
/// compiler's text) replaced, kept as a snapshot: a change to the result model shows in review.
#[test]
fn the_json_report_model_is_stable() {
    let work = tempfile::tempdir().unwrap();
    let (_, mut report) = report_json(&fixture_course(), work.path(), &[]);
    report["submission"]["path"] = "[course]".into();
    report["grader_version"] = "[version]".into();
    for exercise in report["exercises"].as_array_mut().unwrap() {
        if let Some(message) = exercise["message"].as_str() {
            let first = message.lines().next().unwrap_or("").to_string();
            exercise["message"] = format!("{first} [compiler output]").into();
        }
        for test in exercise["tests"].as_array_mut().unwrap() {
            test["duration_ms"] = 0.into();
        }
    }
    insta::assert_json_snapshot!(sorted(report));
}

/// The same value with every object's keys in alphabetical order, whichever order serde_json keeps.
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        serde_json::Value::Array(items) => items.into_iter().map(sorted).collect(),
        other => other,
    }
}

#[test]
fn export_refuses_stubs_that_are_not_generated_from_the_solutions() {
    let work = tempfile::tempdir().unwrap();
    let dest = tempfile::tempdir().unwrap();
    let output = grader(&fixture_course(), work.path())
        .arg("export")
        .arg(dest.path().join("student"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Run `grader stubs` first"), "{stderr}");
    assert!(
        !dest.path().join("student/exercises").exists(),
        "nothing half-written"
    );
}

#[test]
fn a_folder_of_submissions_is_graded_one_by_one_and_a_broken_one_scores_zero() {
    let folder = tempfile::tempdir().unwrap();
    let original = fixture_submission();
    copy_tree(original.path(), &folder.path().join("alice"));
    copy_tree(original.path(), &folder.path().join("bob"));
    let bob_lib = folder.path().join("bob/exercises/ex01-basics/src/lib.rs");
    let fixed = std::fs::read_to_string(&bob_lib)
        .unwrap()
        .replace("    a + b\n}\n\n/// Never", "    a * b\n}\n\n/// Never");
    std::fs::write(&bob_lib, fixed).unwrap();
    std::fs::create_dir(folder.path().join("carol")).unwrap(); // handed in nothing
    let work = tempfile::tempdir().unwrap();

    let (code, report) = report_json(
        &fixture_course(),
        work.path(),
        &["--submissions", folder.path().to_str().unwrap()],
    );

    assert_eq!(code, 0);
    let scores: Vec<(String, u64)> = report
        .as_array()
        .expect("one result per submission")
        .iter()
        .map(|r| {
            (
                r["submission"]["name"].as_str().unwrap().to_string(),
                r["points"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        scores,
        [
            ("alice".to_string(), 2),
            ("bob".to_string(), 3),
            ("carol".to_string(), 0)
        ]
    );
    let carol = &report[2]["exercises"][0];
    assert_eq!(carol["tests"][0]["verdict"], "missing");
    assert!(carol["message"]
        .as_str()
        .unwrap()
        .contains("has no exercises/ folder"));
}

#[test]
fn without_a_command_the_grader_shows_progress_and_the_next_step() {
    let work = tempfile::tempdir().unwrap();
    let output = grader(&fixture_course(), work.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);

    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("basics") && stdout.contains("1/7") && stdout.contains("2/8"),
        "one of basics' seven tests passed, for 2 of its 8 points: {stdout}"
    );
    assert!(stdout.contains("Total: 2 / 12 points"), "{stdout}");
    assert!(
        stdout.contains("Next: basics Every way a test can end"),
        "the first unfinished exercise: {stdout}"
    );
    assert!(
        stdout.contains("behaviour::multiplies (failed)")
            && stdout.contains("3 times 4")
            && stdout.contains("hint: Multiply, do not add.")
            && stdout.contains("cargo test -p basics -- --exact behaviour::multiplies"),
        "its first failing test, with its message, hint and how to run it alone: {stdout}"
    );
    assert!(!stdout.contains("A hint only instructors see"), "{stdout}");
}

#[test]
fn hint_shows_a_tests_hint_by_its_short_name() {
    let work = tempfile::tempdir().unwrap();
    let output = grader(&fixture_course(), work.path())
        .args(["hint", "basics", "multiplies"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);

    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("behaviour::multiplies\n    Multiply, do not add."),
        "{stdout}"
    );
    let unknown = grader(&fixture_course(), work.path())
        .args(["hint", "nope"])
        .output()
        .unwrap();
    assert_eq!(
        unknown.status.code(),
        Some(2),
        "an unknown exercise is bad input"
    );
    assert!(
        String::from_utf8_lossy(&unknown.stderr)
            .contains("its exercises are basics, broken, boxed"),
        "the error lists the exercises there are"
    );
}

/// The inode of the one library in `folder` whose name starts with `prefix`.
fn inode_of(folder: &std::path::Path, prefix: &str) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let found: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(prefix) && name.ends_with(".rlib")
        })
        .collect();
    assert_eq!(found.len(), 1, "one {prefix}*.rlib in {}", folder.display());
    found[0].metadata().unwrap().ino()
}

/// `cargo build` of the fixture course into `target`; returns what Cargo printed.
fn build_fixture_course(target: &std::path::Path, args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO"))
        .arg("build")
        .args(args)
        .current_dir(fixture_course())
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

#[test]
fn the_course_and_the_grader_compile_each_third_party_crate_once_between_them() {
    let course_target = tempfile::tempdir().unwrap();
    let report_beside_course = |work: &std::path::Path| {
        let output = grader(&fixture_course(), work)
            .env("CARGO_TARGET_DIR", course_target.path())
            .args(["report", "--format", "json"])
            .output()
            .unwrap();
        assert!(output.status.success());
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        verdicts(&report)
    };
    // The student built only an exercise's library: no third-party crate yet.
    build_fixture_course(course_target.path(), &["--lib", "-p", "basics"]);
    let course_deps = course_target.path().join("debug/deps");
    let first = tempfile::tempdir().unwrap();

    let first_verdicts = report_beside_course(first.path());

    let first_deps = first.path().join("target/debug/deps");
    assert_eq!(
        inode_of(&course_deps, "libsha2-"),
        inode_of(&first_deps, "libsha2-"),
        "the grader's compiled sha2 is linked back into the course's target dir"
    );
    assert_ne!(
        inode_of(&course_deps, "libbasics-"),
        inode_of(&first_deps, "libbasics-"),
        "an exercise's crate is never shared"
    );
    let tests_build = build_fixture_course(course_target.path(), &["--tests", "-p", "basics"]);
    assert!(
        !tests_build.contains("sha2") && tests_build.contains("lab-harness"),
        "the student's next build compiles the workspace's crates only:\n{tests_build}"
    );

    let second = tempfile::tempdir().unwrap();
    let second_verdicts = report_beside_course(second.path());

    assert_eq!(
        inode_of(&second.path().join("target/debug/deps"), "libsha2-"),
        inode_of(&course_deps, "libsha2-"),
        "a new work dir starts from the course's compiled sha2, and Cargo keeps it"
    );
    assert_eq!(second_verdicts, first_verdicts);
}

#[test]
fn one_exercise_is_graded_alone() {
    let work = tempfile::tempdir().unwrap();

    let (code, report) = report_json(&fixture_course(), work.path(), &["--exercise", "boxed"]);

    assert_eq!(code, 0);
    let exercises: Vec<&str> = report["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(exercises, ["boxed"]);
    assert_eq!(report["max_points"], 1, "only boxed's point is at stake");
    let built = std::fs::read_dir(work.path().join("target/debug/deps"))
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().starts_with("libbasics-"));
    assert!(!built, "the other exercises are not built");
}

#[test]
fn every_format_writes_its_file_whole_with_the_tables_points() {
    let work = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    for (format, total) in [
        ("markdown", "**Total: 2 / 12 points**"),
        ("junit", "<property name=\"points\" value=\"2\"/>"),
        ("csv", ",2,12\r\n"),
        ("gradescope", "\"score\": 2"),
        (
            "github",
            "::notice title=Score::Fixture course: 2 / 12 points",
        ),
    ] {
        let file = out.path().join(format!("report.{format}"));
        let output = grader(&fixture_course(), work.path())
            .args(["report", "--format", format, "--output"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}");
        assert!(output.stdout.is_empty(), "the report goes to the file only");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(total), "{format}: {text}");
        let mode = std::os::unix::fs::PermissionsExt::mode(&file.metadata().unwrap().permissions());
        assert_eq!(mode & 0o777, 0o644, "{format}: a report others may read");
    }
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".grader-report"))
        .collect();
    assert!(names.is_empty(), "no temporary file is left: {names:?}");
}

#[test]
fn a_gradebook_with_a_roster_carries_the_students_ids() {
    let folder = tempfile::tempdir().unwrap();
    copy_tree(fixture_submission().path(), &folder.path().join("alice"));
    std::fs::create_dir(folder.path().join("zoe")).unwrap(); // handed in, but not on the roster
    let roster = folder.path().join("roster.csv");
    std::fs::write(&roster, "id,name,folder\ns-1,\"Alice, A.\",alice\n").unwrap();
    let work = tempfile::tempdir().unwrap();

    let output = grader(&fixture_course(), work.path())
        .args(["report", "--format", "csv", "--submissions"])
        .arg(folder.path())
        .arg("--roster")
        .arg(&roster)
        .output()
        .unwrap();

    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "id,name,submission,basics,broken,boxed,total,max_points\r\ns-1,\"Alice, A.\",alice,2,0,0,2,12\r\n,,zoe,0,0,0,0,12\n"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not in the roster, so graded without an id: zoe"),
        "{stderr}"
    );
}

#[test]
fn on_github_actions_a_report_in_the_log_cannot_issue_workflow_commands() {
    let work = tempfile::tempdir().unwrap();
    let run = |format: &str| {
        let output = grader(&fixture_course(), work.path())
            .env("GITHUB_ACTIONS", "true")
            .args(["report", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stdout).into_owned()
    };

    let table = run("table");
    let first = table.lines().next().unwrap();
    let token = first.strip_prefix("::stop-commands::").expect(first);
    assert!(
        token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()),
        "{token}"
    );
    assert!(table.ends_with(&format!("::{token}::\n")), "{table}");

    let commands = run("github");
    assert!(!commands.contains("::stop-commands::"), "{commands}");
}

#[test]
fn a_submitted_binary_named_like_a_third_party_crate_is_never_shared_with_the_course() {
    let course_target = tempfile::tempdir().unwrap();
    build_fixture_course(course_target.path(), &["--lib", "-p", "basics"]);
    let submission = fixture_submission();
    let bin = submission.path().join("exercises/ex01-basics/src/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(
        bin.join("sha2.rs"),
        "fn main() {\n    println!(\"planted\");\n}\n",
    )
    .unwrap();
    let work = tempfile::tempdir().unwrap();

    let output = grader(&fixture_course(), work.path())
        .env("CARGO_TARGET_DIR", course_target.path())
        .args(["report", "--format", "json", "--submission"])
        .arg(submission.path())
        .output()
        .unwrap();

    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        !verdicts(&report).is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let binaries_named_sha2 = |deps: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(deps)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|name| name.starts_with("sha2-") && !name.contains('.'))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(
        !binaries_named_sha2(&work.path().join("target/debug/deps")).is_empty(),
        "the planted binary was built in the work dir (else this test proves nothing)"
    );
    assert_eq!(
        binaries_named_sha2(&course_target.path().join("debug/deps")),
        Vec::<String>::new(),
        "a submission's binary never reaches the course's target dir"
    );
    assert!(!course_target.path().join("debug/sha2").exists());
}
