//! Hostile submissions of the fixture course, written as a student who has read the grader
//! would write them: each must end with exactly the verdict below, earn nothing it did not
//! earn, and change nothing outside its box.
//!
//! The `boxed` exercise lifts every policy rule a box can hold, so these cases show the box
//! (and the pass proof, and the build's confinement) holding on their own; the `basics` cases
//! show the policy check refusing.

use std::io::ErrorKind;
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::*;

struct Case {
    name: &'static str,
    /// The exercise folder the case replaces the sources of.
    dir: &'static str,
    /// `src/lib.rs`, with COURSE, SUBMISSION, WORK, PORT and MARKER filled in.
    lib: &'static str,
    /// The verdict of the exercise's first test.
    verdict: &'static str,
}

const FORGED_PROOFS: &str = r#"
pub fn four() -> u32 {
    use std::io::Write;
    let fake = "0".repeat(64);
    println!("{fake}");
    eprintln!("{fake}");
    for path in ["/dev/fd/4", "/proc/self/fd/4", "/dev/fd/3", "/proc/self/fd/3"] {
        if let Ok(mut file) = std::fs::OpenOptions::new().write(true).open(path) {
            let _ = writeln!(file, "{fake}");
        }
    }
    std::process::exit(0)
}
"#;

const PANIC_HOOK_EXIT: &str = r#"
pub fn four() -> u32 {
    std::panic::set_hook(Box::new(|_| {
        println!("test returns_four ... ok");
        std::process::exit(0)
    }));
    0
}
"#;

const PASS_IN_A_CHILD: &str = r#"
pub fn four() -> u32 {
    if std::env::var_os("HOSTILE_CHILD").is_some() {
        return 4;
    }
    let exe = std::env::current_exe().unwrap();
    let _ = std::process::Command::new(exe)
        .args(["--exact", "returns_four"])
        .env("HOSTILE_CHILD", "1")
        .status();
    0
}
"#;

const READ_THE_SOLUTION: &str = r#"
pub fn four() -> u32 {
    match std::fs::read_to_string("COURSE/solutions/ex03-boxed/src/lib.rs") {
        Ok(text) if text.contains("    4\n") => 4,
        _ => 0,
    }
}
"#;

const INCLUDE_THE_SOLUTION: &str = r#"
const SOLUTION: &str = include_str!("COURSE/solutions/ex03-boxed/src/lib.rs");
pub fn four() -> u32 {
    if SOLUTION.contains("    4\n") { 4 } else { 0 }
}
"#;

const PATH_TO_THE_SOLUTION: &str = r#"
#[path = "COURSE/solutions/ex03-boxed/src/lib.rs"]
mod solution;
pub fn four() -> u32 {
    solution::four()
}
"#;

const WRITE_AND_DELETE_OUTSIDE: &str = r#"
pub fn four() -> u32 {
    let _ = std::fs::write("SUBMISSION/pwned", "x");
    let _ = std::fs::remove_dir_all("SUBMISSION/exercises/ex03-boxed/src");
    let _ = std::fs::write("WORK/pwned", "x");
    let _ = std::fs::write("WORK/workspace/exercises/ex03-boxed/tests/main.rs", "");
    let _ = std::fs::write("COURSE/pwned", "x");
    4
}
"#;

const LEAVE_A_PROCESS_RUNNING: &str = r#"
pub fn four() -> u32 {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("HOSTILE_SLEEPER").is_some() {
        std::thread::sleep(std::time::Duration::from_secs(60));
        return 4;
    }
    let _ = std::process::Command::new(std::env::current_exe().unwrap())
        .arg0("MARKER")
        .args(["--exact", "returns_four"])
        .env("HOSTILE_SLEEPER", "1")
        .process_group(0)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    4
}
"#;

const REACH_THE_HOSTS_LOOPBACK: &str = r#"
pub fn four() -> u32 {
    match std::net::TcpStream::connect("127.0.0.1:PORT") {
        Ok(_) => 4,
        Err(_) => 0,
    }
}
"#;

const MEMORY_HOG: &str = r#"
pub fn four() -> u32 {
    let hog = vec![1u8; 16 << 30];
    hog.len() as u32
}
"#;

const THREAD_BOMB: &str = r#"
pub fn four() -> u32 {
    let threads: Vec<_> = (0..100_000)
        .map(|_| std::thread::spawn(|| std::thread::sleep(std::time::Duration::from_secs(1))))
        .collect();
    threads.len() as u32
}
"#;

const OUTPUT_FLOOD: &str = r#"
pub fn four() -> u32 {
    use std::io::Write;
    let line = "flood ".repeat(200);
    let mut out = std::io::stdout();
    loop {
        let _ = writeln!(out, "{line}");
    }
}
"#;

const HUGE_FILE: &str = r#"
pub fn four() -> u32 {
    let chunk = vec![0u8; 1 << 20];
    let mut file = std::fs::File::create(std::env::temp_dir().join("huge")).unwrap();
    for _ in 0..200 {
        std::io::Write::write_all(&mut file, &chunk).unwrap();
    }
    4
}
"#;

const FILL_THE_DISK: &str = r#"
pub fn four() -> u32 {
    let chunk = vec![0u8; 1 << 20];
    for n in 0..100 {
        let mut file = std::fs::File::create(std::env::temp_dir().join(format!("part-{n}"))).unwrap();
        for _ in 0..40 {
            std::io::Write::write_all(&mut file, &chunk).unwrap();
        }
    }
    4
}
"#;

const UNSAFE_DESPITE_THE_LINT: &str = r#"
#![allow(unsafe_code)]
pub fn four() -> u32 {
    unsafe { std::ptr::read(&0u32) }
}
"#;

/// `basics`, with only `process` allowed: the policy check refuses these before any build.
const READ_A_FILE_IN_BASICS: &str = r#"
pub fn add(a: i32, b: i32) -> i32 {
    let _ = std::fs::read_to_string("COURSE/solutions/ex01-basics/src/lib.rs");
    a + b
}
"#;

const FORCE_SNAPSHOTS_TO_PASS: &str = r#"
pub fn add(a: i32, b: i32) -> i32 {
    std::env::set_var("INSTA_FORCE_PASS", "1");
    a + b
}
"#;

const PATH_IN_BASICS: &str = r#"
#[cfg_attr(all(), path = "COURSE/solutions/ex01-basics/src/lib.rs")]
mod solution;
pub use solution::add;
"#;

const MACRO_BUILT_PATH: &str = r#"
macro_rules! call { ($m:ident, $f:ident) => { std::$m::$f } }
pub fn add(a: i32, b: i32) -> i32 {
    let _ = call!(fs, read_to_string)("COURSE/solutions/ex01-basics/src/lib.rs");
    a + b
}
"#;

const LEAK_THE_BUILD_ENVIRONMENT: &str = r#"
pub fn add(a: i32, b: i32) -> i32 {
    assert!(option_env!("HOME").is_none(), "{:?}", option_env!("HOME"));
    a + b
}
"#;

fn cases() -> Vec<Case> {
    let boxed = |name, lib, verdict| Case {
        name,
        dir: "ex03-boxed",
        lib,
        verdict,
    };
    let basics = |name, lib| Case {
        name,
        dir: "ex01-basics",
        lib,
        verdict: "refused",
    };
    vec![
        boxed("forged-proofs", FORGED_PROOFS, "exited_early"),
        boxed("panic-hook-exit", PANIC_HOOK_EXIT, "exited_early"),
        boxed("pass-in-a-child", PASS_IN_A_CHILD, "failed"),
        boxed("read-the-solution", READ_THE_SOLUTION, "failed"),
        boxed("include-the-solution", INCLUDE_THE_SOLUTION, "not_compiled"),
        boxed("path-to-the-solution", PATH_TO_THE_SOLUTION, "not_compiled"),
        boxed(
            "write-and-delete-outside",
            WRITE_AND_DELETE_OUTSIDE,
            "passed",
        ),
        boxed("leave-a-process-running", LEAVE_A_PROCESS_RUNNING, "passed"),
        boxed(
            "reach-the-hosts-loopback",
            REACH_THE_HOSTS_LOOPBACK,
            "failed",
        ),
        boxed("memory-hog", MEMORY_HOG, "crashed"),
        boxed("thread-bomb", THREAD_BOMB, "failed"),
        boxed("output-flood", OUTPUT_FLOOD, "crashed"),
        boxed("huge-file", HUGE_FILE, "crashed"),
        boxed("fill-the-disk", FILL_THE_DISK, "failed"),
        boxed(
            "unsafe-despite-the-lint",
            UNSAFE_DESPITE_THE_LINT,
            "not_compiled",
        ),
        basics("read-a-file-in-basics", READ_A_FILE_IN_BASICS),
        basics("force-snapshots-to-pass", FORCE_SNAPSHOTS_TO_PASS),
        basics("path-in-basics", PATH_IN_BASICS),
        basics("macro-built-path", MACRO_BUILT_PATH),
        basics("leak-the-build-environment", LEAK_THE_BUILD_ENVIRONMENT),
    ]
}

/// The cases that give the right answer on purpose: their pass is earned.
const EARNED: [&str; 2] = ["write-and-delete-outside", "leave-a-process-running"];

fn fill(
    template: &str,
    course: &Path,
    submission: &Path,
    work: &Path,
    port: u16,
    marker: &str,
) -> String {
    template
        .replace("COURSE", &course.display().to_string())
        .replace("SUBMISSION", &submission.display().to_string())
        .replace("WORK", &work.display().to_string())
        .replace("PORT", &port.to_string())
        .replace("MARKER", marker)
}

/// A submission holding only the exercise `dir` of the fixture course, its `src/lib.rs` replaced.
fn write_submission(class: &Path, case: &Case, lib: &str) -> PathBuf {
    let root = class.join(case.name);
    let exercise = root.join("exercises").join(case.dir);
    copy_tree(
        &fixture_course().join("exercises").join(case.dir),
        &exercise,
    );
    std::fs::write(exercise.join("src/lib.rs"), lib).unwrap();
    root
}

fn first_verdict(result: &Value, dir: &str) -> (String, u64) {
    let id = if dir == "ex03-boxed" {
        "boxed"
    } else {
        "basics"
    };
    let exercise = result["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap();
    let test = &exercise["tests"][0];
    (
        test["verdict"].as_str().unwrap().to_string(),
        test["points"].as_u64().unwrap(),
    )
}

fn processes_named(marker: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
            if String::from_utf8_lossy(&cmdline).contains(marker) {
                found.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
    }
    found
}

fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_below(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn hostile_submissions_get_exactly_their_verdict_and_change_nothing_outside() {
    let course = fixture_course();
    let class = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let marker = format!("hostile-sleeper-{}", std::process::id());
    let course_files_before = files_below(&course);

    let cases = cases();
    for case in &cases {
        let submission = class.path().join(case.name);
        let lib = fill(case.lib, &course, &submission, work.path(), port, &marker);
        write_submission(class.path(), case, &lib);
    }
    let linked = class.path().join("linked-solution");
    copy_tree(
        &course.join("exercises/ex03-boxed"),
        &linked.join("exercises/ex03-boxed"),
    );
    let lib = linked.join("exercises/ex03-boxed/src/lib.rs");
    std::fs::remove_file(&lib).unwrap();
    std::os::unix::fs::symlink(course.join("solutions/ex03-boxed/src/lib.rs"), &lib).unwrap();
    let submissions_before = files_below(class.path());

    let (code, report) = report_json(
        &course,
        work.path(),
        &["--submissions", class.path().to_str().unwrap()],
    );
    assert_eq!(code, 0);

    let results = report.as_array().expect("one result per submission");
    let mut expected: Vec<(String, &str)> = cases
        .iter()
        .map(|case| (case.name.to_string(), case.verdict))
        .collect();
    expected.push(("linked-solution".to_string(), "refused"));
    expected.sort();
    let mut inflated = Vec::new();
    let mut got = Vec::new();
    for result in results {
        let name = result["submission"]["name"].as_str().unwrap().to_string();
        let dir = if name == "linked-solution" {
            "ex03-boxed"
        } else {
            cases.iter().find(|c| c.name == name).unwrap().dir
        };
        let (verdict, points) = first_verdict(result, dir);
        if points > 0 && !EARNED.contains(&name.as_str()) {
            inflated.push(name.clone());
        }
        got.push((name, verdict));
    }
    got.sort();
    let got_refs: Vec<(String, &str)> = got.iter().map(|(n, v)| (n.clone(), v.as_str())).collect();
    assert_eq!(
        got_refs, expected,
        "every hostile submission's exact verdict"
    );
    assert_eq!(inflated, Vec::<String>::new(), "no grade it did not earn");

    let message_of = |name: &str| {
        results
            .iter()
            .find(|r| r["submission"]["name"] == name)
            .map(|r| r["exercises"].to_string())
            .unwrap()
    };
    assert!(message_of("output-flood").contains("printed more than"));
    assert!(message_of("huge-file").contains("SIGXFSZ"));
    assert!(message_of("memory-hog").contains("memory allocation"));
    assert!(message_of("fill-the-disk").contains("StorageFull"));
    assert!(message_of("read-a-file-in-basics").contains("rule filesystem"));
    assert!(message_of("force-snapshots-to-pass").contains("rule env-write"));
    assert!(message_of("path-in-basics").contains("rule path-attribute"));
    assert!(message_of("linked-solution").contains("rule link"));
    assert!(message_of("macro-built-path").contains("rule macro-path"));
    assert!(message_of("leak-the-build-environment").contains("rule build-env"));

    assert_eq!(
        processes_named(&marker),
        Vec::<String>::new(),
        "no process outlives its test"
    );
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == ErrorKind::WouldBlock),
        "no test reached a server outside its box"
    );
    assert_eq!(
        files_below(&course),
        course_files_before,
        "the course is untouched"
    );
    assert_eq!(
        files_below(class.path()),
        submissions_before,
        "the submissions are untouched"
    );
    assert!(!work.path().join("pwned").exists());
    assert_eq!(
        std::fs::read(
            work.path()
                .join("workspace/exercises/ex03-boxed/tests/main.rs")
        )
        .unwrap(),
        std::fs::read(course.join("exercises/ex03-boxed/tests/main.rs")).unwrap(),
        "the overlay's tests are untouched"
    );
}
