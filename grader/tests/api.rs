//! `grader api`: the class lab's API on 127.0.0.1, driven with curl as the lab's last step
//! drives the deployed one, its customer then found in the emulator's table.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use grader::emulator::seed::{call, Service};
use grader::emulator::Address;
use serde_json::{json, Value};

use crate::support::{lab_course, lock_lab_work_dir};

/// curl, as a student runs it: the status, the headers and the body.
fn curl(args: &[&str]) -> (u16, String, String) {
    let output = Command::new("curl")
        .args(["-s", "-i", "--max-time", "60"])
        .args(args)
        .output()
        .expect("curl runs");
    let text = String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("curl {args:?}: no HTTP answer: {text}"));
    (status, head.to_lowercase(), body.to_string())
}

fn processes_running(marker: &str) -> usize {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|entry| {
            std::fs::read(entry.path().join("cmdline"))
                .is_ok_and(|cmdline| String::from_utf8_lossy(&cmdline).contains(marker))
        })
        .count()
}

#[test]
fn a_customer_posted_with_curl_is_stored_in_the_table_and_read_back() {
    let lab = lab_course();
    if !lab.join("solutions").is_dir() {
        return; // the student version: its stubs cannot serve
    }
    let _lab = lock_lab_work_dir();
    let work = lab.join("target/grader");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("grader"))
        .arg("--course")
        .arg(&lab)
        .arg("--work-dir")
        .arg(&work)
        .args(["api", "--solutions"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut value = |name: &str| {
        let line = lines.next().expect("a line").unwrap();
        line.strip_prefix(&format!("{name}="))
            .unwrap_or_else(|| panic!("{name}=... first, not {line}"))
            .to_string()
    };
    let url = value("API_URL");
    let key = value("API_KEY");
    let emulator = value("AWS_ENDPOINT_URL");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let key_header = format!("x-api-key: {key}");

    let (status, head, body) = curl(&[
        "-X",
        "POST",
        &format!("{url}/customers"),
        "-H",
        &key_header,
        "-H",
        "content-type: application/json",
        "-d",
        r#"{"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.com"}"#,
    ]);
    assert_eq!(status, 201, "{head}{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["id"]
        .as_str()
        .expect("the new id")
        .to_string();
    assert!(
        head.contains(&format!("location: /customers/{id}")),
        "{head}"
    );

    let port = emulator
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap();
    let stored = call(
        &Address {
            port,
            network: None,
        },
        Service::DYNAMODB,
        "GetItem",
        json!({"TableName": "DA_Serverless", "Key": {"id": {"S": id}}}),
    )
    .unwrap();
    assert_eq!(stored["Item"]["firstname"]["S"], "Ada", "{stored}");
    assert!(
        stored["Item"]["email"]["B"].is_string(),
        "the email is stored encrypted, as binary: {stored}"
    );

    let (status, _, body) = curl(&[&format!("{url}/customers/{id}"), "-H", &key_header]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"id": id, "firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.com"})
    );

    let (status, _, body) = curl(&[&format!("{url}/customers/{id}"), "-H", "x-api-key: wrong"]);
    assert_eq!((status, body.as_str()), (403, r#"{"message":"Forbidden"}"#));
    let (status, _, body) = curl(&[&format!("{url}/orders"), "-H", &key_header]);
    assert_eq!(
        (status, body.as_str()),
        (403, r#"{"message":"Missing Authentication Token"}"#)
    );

    drop(child.stdin.take()); // the end of standard input: stop
    assert!(child.wait().unwrap().success());
    let function = work.join("target/debug/customers-api");
    assert_eq!(
        processes_running(&function.display().to_string()),
        0,
        "the function is stopped with the API"
    );
    assert!(
        Command::new("curl")
            .args(["-s", "--max-time", "2", &url])
            .status()
            .is_ok_and(|status| !status.success()),
        "nothing listens on {url} any more"
    );
}
