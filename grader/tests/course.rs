//! The lab itself: its solutions pass and its stubs fail, through the grader, from `cargo test`.
//! The grader builds in <workspace>/target/grader: the outer cargo holds target/debug.

use std::path::Path;

use serde_json::Value;

use crate::support::*;

#[test]
fn every_solution_passes_and_every_stub_fails() {
    let _lab = lock_lab_work_dir();
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
    assert_succeeded(&output);
    assert!(!student.join("solutions").exists());
    assert!(!student.join("target").exists());
    assert_eq!(
        std::fs::read(student.join("exercises/ex03-dynamodb/src/store.rs")).unwrap(),
        std::fs::read(course.join("exercises/ex03-dynamodb/src/store.rs")).unwrap()
    );
    assert!(student.join("exercises/course.toml").is_file());
    assert!(student.join("Cargo.lock").is_file());
}

/// A junk answer to an exercise of the lab, as a student who has read the grader writes it:
/// `(file in src, text to find, its replacement)` edits of the stubs.
struct Junk {
    name: &'static str,
    dir: &'static str,
    edits: &'static [(&'static str, &'static str, &'static str)],
}

const EMPTY_CUSTOMER: &str = "Customer { id: String::new(), firstname: String::new(), lastname: None, email: None, revision: 0 }";

fn junk_answers() -> Vec<Junk> {
    vec![
        Junk {
            name: "ex03-always-equal-customer",
            dir: "ex03-dynamodb",
            edits: &[(
                "customer.rs",
                "/// The item that stores",
                "impl PartialEq for Customer { fn eq(&self, _: &Self) -> bool { true } }\n/// The item that stores",
            )],
        },
        Junk {
            name: "ex03-always-equal-in-the-given-types",
            dir: "ex03-dynamodb",
            edits: &[
                ("types.rs", "#[derive(Debug, Clone, PartialEq, Eq)]\npub struct Customer", "#[derive(Debug, Clone)]\npub struct Customer"),
                ("types.rs", "/// Why an item could not be read", "impl PartialEq for Customer { fn eq(&self, _: &Self) -> bool { true } }\n/// Why an item could not be read"),
                ("customer.rs", "todo!(\"read each attribute, checking its type\")", "Ok(EMPTY)"),
            ],
        },
        Junk {
            name: "ex03-own-customer-type",
            dir: "ex03-dynamodb",
            edits: &[
                ("customer.rs", "use crate::types::{Customer, ItemError};", "use crate::types::ItemError;\n#[derive(Debug, Clone, PartialEq, Eq, Default)]\npub struct Customer { pub id: String, pub firstname: String, pub lastname: Option<String>, pub email: Option<String>, pub revision: u64 }"),
                ("customer.rs", "todo!(\"read each attribute, checking its type\")", "Ok(Customer::default())"),
            ],
        },
        Junk {
            name: "ex03-always-equal-ord",
            dir: "ex03-dynamodb",
            edits: &[(
                "store.rs",
                "/// ",
                "impl PartialOrd for Customer { fn partial_cmp(&self, _: &Self) -> Option<std::cmp::Ordering> { Some(std::cmp::Ordering::Equal) } }\n/// ",
            )],
        },
        Junk {
            name: "ex03-force-snapshots-to-pass",
            dir: "ex03-dynamodb",
            edits: &[(
                "customer.rs",
                "todo!(\"build the item: one AttributeValue per attribute\")",
                "{ std::env::set_var(\"INSTA_FORCE_PASS\", \"1\"); Default::default() }",
            )],
        },
        Junk {
            name: "ex03-rewrite-the-snapshot",
            dir: "ex03-dynamodb",
            edits: &[(
                "customer.rs",
                "todo!(\"build the item: one AttributeValue per attribute\")",
                "{ let _ = std::fs::write(\"../tests/snapshots/x.snap\", \"\"); Default::default() }",
            )],
        },
        Junk {
            name: "ex01-force-snapshots-to-pass",
            dir: "ex01-apigateway",
            edits: &[(
                "response.rs",
                "todo!(\"ApiGatewayProxyResponse::default(), then status, content-type and a Text body\")",
                "{ std::env::set_var(\"INSTA_FORCE_PASS\", \"1\"); Default::default() }",
            )],
        },
        Junk {
            name: "ex01-display-of-every-keyword",
            dir: "ex01-apigateway",
            edits: &[(
                "response.rs",
                "/// A response carrying bytes",
                "impl std::fmt::Display for ApiRequest { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, \"400 403 404 405 409 413 field reason\") } }\n/// A response carrying bytes",
            )],
        },
        Junk {
            name: "ex05-always-equal-parameter",
            dir: "ex05-parameterstore",
            edits: &[
                ("parameter.rs", "/// Several parameters in one request", "impl PartialEq<Parameter> for Parameter { fn eq(&self, _: &Parameter) -> bool { true } }\n/// Several parameters in one request"),
            ],
        },
        Junk {
            name: "ex05-debug-that-hides-nothing-by-alias",
            dir: "ex05-parameterstore",
            edits: &[
                ("config.rs", "/// Reads every parameter", "type Config = LabConfig;\nimpl Config { pub fn hidden(&self) -> bool { true } }\n/// Reads every parameter"),
            ],
        },
    ]
}

/// The exercise `id` of one submission's result.
fn exercise_in<'r>(result: &'r Value, id: &str) -> &'r Value {
    result["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap()
}

fn apply(junk: &Junk, class: &Path, course: &Path) {
    let exercise = class.join(junk.name).join("exercises").join(junk.dir);
    copy_tree(&course.join("exercises").join(junk.dir), &exercise);
    for (file, find, replace) in junk.edits {
        let path = exercise.join("src").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(find), "{}: {file} has no {find:?}", junk.name);
        let replace = replace.replace("EMPTY", EMPTY_CUSTOMER);
        std::fs::write(&path, text.replacen(find, &replace, 1)).unwrap();
    }
}

#[test]
fn junk_answers_that_fake_the_lab_types_or_state_score_nothing() {
    let course = lab_course();
    if !course.join("solutions").is_dir() {
        return; // the student version: its stubs are all it has
    }
    let _lab = lock_lab_work_dir();
    let class = tempfile::tempdir().unwrap();
    let junk = junk_answers();
    for answer in &junk {
        apply(answer, class.path(), &course);
    }
    let (code, report) = report_json(
        &course,
        &course.join("target/grader"),
        // Both tiers: junk scores nothing against the emulator either.
        &[
            "--submissions",
            class.path().to_str().unwrap(),
            "--tier",
            "emulator",
            // The lab's work dir: whatever batch an interrupted run left there.
            "--restart",
        ],
    );
    assert_eq!(code, 0);
    for result in report.as_array().unwrap() {
        let name = result["submission"]["name"].as_str().unwrap();
        let answer = junk.iter().find(|j| j.name == name).unwrap();
        let exercise = exercise_in(result, &answer.dir[..4]);
        assert_eq!(exercise["points"], 0, "{name} scores nothing: {exercise}");
        for test in exercise["tests"].as_array().unwrap() {
            let verdict = test["verdict"].as_str().unwrap();
            assert!(
                ["refused", "not_compiled", "failed"].contains(&verdict),
                "{name}: {} is {verdict}",
                test["name"]
            );
        }
    }
    let verdict_of_first = |name: &str| {
        let result = report
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["submission"]["name"] == name)
            .unwrap();
        let dir = junk.iter().find(|j| j.name == name).unwrap().dir;
        exercise_in(result, &dir[..4])["tests"][0]["verdict"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(verdict_of_first("ex03-always-equal-customer"), "refused");
    assert_eq!(verdict_of_first("ex03-force-snapshots-to-pass"), "refused");
    assert_eq!(verdict_of_first("ex03-own-customer-type"), "not_compiled");
    let edited_given = report
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["submission"]["name"] == "ex03-always-equal-in-the-given-types")
        .unwrap();
    assert_eq!(
        edited_given["ignored_changes"],
        serde_json::json!(["exercises/ex03-dynamodb/src/types.rs"]),
        "the edited given file is named, and the course's was used"
    );
}
