//! The emulator tier's AWS (moto server): `grader emulator` starts it on 127.0.0.1 with the
//! course's table, key and parameters, and no process of it outlives the grader.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use grader::emulator::seed::{call, Service};
use grader::emulator::{ensure_venv, Address, Emulator, Network};
use serde_json::{json, Value};

use crate::support::lab_course;

/// The lab's emulator venv, installed once for all these tests (`.ci/run` needs only Python).
fn venv() -> PathBuf {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    VENV.get_or_init(|| {
        let dir = lab_course().join("target/emulator/venv");
        std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
        ensure_venv(&dir).expect("moto installs from PyPI")
    })
    .clone()
}

/// `grader emulator` on the lab, running: the child and the port it printed.
fn start_command() -> (std::process::Child, u16) {
    venv();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("grader"))
        .arg("--course")
        .arg(lab_course())
        .arg("emulator")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let endpoint = lines
        .next()
        .expect("a line")
        .unwrap()
        .strip_prefix("AWS_ENDPOINT_URL=http://127.0.0.1:")
        .expect("the endpoint first, on 127.0.0.1")
        .to_string();
    let rest: Vec<String> = lines.map_while(Result::ok).take(3).collect();
    assert_eq!(
        rest,
        [
            "AWS_REGION=us-east-1",
            "AWS_ACCESS_KEY_ID=testing",
            "AWS_SECRET_ACCESS_KEY=testing"
        ]
    );
    (child, endpoint.parse().unwrap())
}

/// Whether something accepts connections on 127.0.0.1:`port`, within `patience`.
fn stops_listening(port: u16, patience: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < patience {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn on_host(port: u16) -> Address {
    Address {
        port,
        network: None,
    }
}

fn lab_seed_is_there(address: &Address) {
    let table = call(
        address,
        Service::DYNAMODB,
        "DescribeTable",
        json!({"TableName": "DA_Serverless"}),
    )
    .expect("the table");
    assert_eq!(table["Table"]["KeySchema"][0]["AttributeName"], "id");
    let key = call(
        address,
        Service::KMS,
        "DescribeKey",
        json!({"KeyId": "alias/da-serverless"}),
    )
    .expect("the key, under its alias");
    assert_eq!(key["KeyMetadata"]["KeyUsage"], "ENCRYPT_DECRYPT");
    let parameter: Value = call(
        address,
        Service::SSM,
        "GetParameter",
        json!({"Name": "/da-serverless/dev/API_KEY", "WithDecryption": true}),
    )
    .expect("the API key");
    assert_eq!(parameter["Parameter"]["Type"], "SecureString");
    assert_eq!(parameter["Parameter"]["Value"], "lab-api-key-dev");
}

#[test]
fn grader_emulator_serves_the_labs_resources_until_enter_and_leaves_nothing_running() {
    let (mut child, port) = start_command();
    lab_seed_is_there(&on_host(port));

    drop(child.stdin.take()); // the end of standard input
    let status = child.wait().unwrap();
    assert!(status.success());
    assert!(
        stops_listening(port, Duration::from_secs(5)),
        "the server is gone"
    );
}

#[test]
fn the_emulator_dies_with_a_killed_grader() {
    let (mut child, port) = start_command();
    child.kill().unwrap(); // SIGKILL: no destructor runs
    child.wait().unwrap();
    assert!(
        stops_listening(port, Duration::from_secs(5)),
        "the server dies with its grader"
    );
}

#[test]
fn a_reset_forgets_everything_and_a_dropped_emulator_is_stopped() {
    let log = tempfile::NamedTempFile::new().unwrap();
    let emulator = Emulator::start(&venv(), log.path(), Network::Host).unwrap();
    assert!(emulator.endpoint().starts_with("http://127.0.0.1:"));
    let course = grader::manifest::Course::load(&lab_course()).unwrap();
    grader::emulator::seed::apply(emulator.address(), course.emulator.as_ref().unwrap()).unwrap();
    lab_seed_is_there(emulator.address());

    emulator.reset().unwrap();
    let error = call(
        emulator.address(),
        Service::DYNAMODB,
        "DescribeTable",
        json!({"TableName": "DA_Serverless"}),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("ResourceNotFoundException"), "{error}");

    let pid = emulator.pid() as libc::pid_t;
    drop(emulator);
    // SAFETY: kill(2) with signal 0 only asks whether the process exists.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    assert!(!alive, "no process left");
}

#[test]
fn in_a_network_of_its_own_the_emulator_is_reached_only_from_inside() {
    let log = tempfile::NamedTempFile::new().unwrap();
    let emulator = Emulator::start(&venv(), log.path(), Network::Own).unwrap();
    let address = emulator.address().clone();
    assert!(address.network.is_some());
    // SAFETY: geteuid(2) cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", emulator.pid())).unwrap();
        let uid = status.lines().find(|l| l.starts_with("Uid:")).unwrap();
        assert!(
            uid.split_whitespace().skip(1).all(|id| id == "65534"),
            "the server runs as nobody, not as the grader's root: {uid}"
        );
        let environ = std::fs::read(format!("/proc/{}/environ", emulator.pid())).unwrap();
        let environ = String::from_utf8_lossy(&environ);
        assert!(
            environ.contains("DOCKER_HOST=unix:///nonexistent") && !environ.contains("CARGO"),
            "its environment is its own: {environ}"
        );
    }
    let course = grader::manifest::Course::load(&lab_course()).unwrap();
    grader::emulator::seed::apply(&address, course.emulator.as_ref().unwrap()).unwrap();
    lab_seed_is_there(&address);
    // The same port on the machine's loopback is nobody's (or someone else's: not moto).
    let outside = call(
        &on_host(address.port),
        Service::DYNAMODB,
        "DescribeTable",
        json!({"TableName": "DA_Serverless"}),
    );
    assert!(outside.is_err(), "the host's loopback does not reach it");
}

#[test]
fn the_emulator_tier_passes_on_every_solution_and_fails_on_every_stub() {
    let _lab = crate::support::lock_lab_work_dir();
    let course = lab_course();
    if !course.join("solutions").is_dir() {
        return; // the student version: `every_solution_passes_and_every_stub_fails` grades it
    }
    venv();
    let output = crate::support::grader(&course, &course.join("target/grader"))
        .args(["verify", "--tier", "emulator"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "grader verify --tier emulator failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let course_model = grader::manifest::Course::load(&course).unwrap();
    let emulator_tests: Vec<&str> = course_model
        .exercises
        .iter()
        .flat_map(|e| &e.tests)
        .filter(|t| t.tier == grader::manifest::Tier::Emulator)
        .map(|t| t.name.as_str())
        .collect();
    assert!(emulator_tests.len() >= 20, "{emulator_tests:?}");
    for name in emulator_tests {
        let row = stdout
            .lines()
            .find(|line| line.contains(&format!(" {name} ")))
            .unwrap_or_else(|| panic!("{name} was verified:\n{stdout}"));
        let cells: Vec<&str> = row
            .split('|')
            .map(str::trim)
            .filter(|cell| !cell.is_empty())
            .collect();
        assert_eq!(cells[2..], ["passed", "failed", "ok"], "{row}");
    }
}

/// A submission of the lab's solutions at `folder`; `edit` changes `file` of `dir`'s sources.
fn solved_submission(folder: &std::path::Path, edit: Option<(&str, &str, &str, &str)>) {
    let lab = lab_course();
    for entry in std::fs::read_dir(lab.join("solutions")).unwrap().flatten() {
        crate::support::copy_tree(
            &entry.path(),
            &folder.join("exercises").join(entry.file_name()),
        );
    }
    if let Some((dir, file, find, replace)) = edit {
        let path = folder.join("exercises").join(dir).join("src").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(find), "{file} has no {find:?}");
        std::fs::write(&path, text.replacen(find, replace, 1)).unwrap();
    }
}

#[test]
fn what_one_submission_does_to_the_emulator_never_reaches_the_next() {
    let lab = lab_course();
    if !lab.join("solutions").is_dir() {
        return;
    }
    let _lab = crate::support::lock_lab_work_dir();
    venv();
    let class = tempfile::tempdir().unwrap();
    // `a` overwrites the lab's API key in Parameter Store whenever it stores a parameter; `b`,
    // graded after it, reads the key at its cold start.
    solved_submission(
        &class.path().join("a-overwrites-the-key"),
        Some((
            "ex05-parameterstore",
            "parameter.rs",
            "    let output = client\n        .put_parameter()",
            "    let _ = client\n        .put_parameter()\n        .name(\"/da-serverless/dev/API_KEY\")\n        .value(\"stolen\")\n        .r#type(ParameterType::SecureString)\n        .overwrite(true)\n        .send()\n        .await;\n    let output = client\n        .put_parameter()",
        )),
    );
    solved_submission(&class.path().join("b-solved"), None);
    let (code, report) = crate::support::report_json(
        &lab,
        &lab.join("target/grader"),
        &[
            "--submissions",
            class.path().to_str().unwrap(),
            "--tier",
            "emulator",
            "--restart",
        ],
    );
    assert_eq!(code, 0, "{report}");
    let results = report.as_array().unwrap();
    let b = results
        .iter()
        .find(|r| r["submission"]["name"] == "b-solved")
        .unwrap();
    assert_eq!(
        b["points"], b["max_points"],
        "b scores everything, whatever a did to its own emulator: {b}"
    );
    // a loses what its extra call breaks (its own tests of put_parameter, ex06's key): only a.
    let a = results
        .iter()
        .find(|r| r["submission"]["name"] == "a-overwrites-the-key")
        .unwrap();
    assert!(a["points"].as_u64() < a["max_points"].as_u64(), "{a}");
}
