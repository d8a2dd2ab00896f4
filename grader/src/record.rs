//! `grader record`: the recorded fixtures of the AWS exercises (`fixtures/{dynamodb,kms,ssm}/`),
//! recorded again from a live endpoint by the course's recorders (`fixtures/recorder/record_*.py`),
//! so that no fixture is ever written by hand.
//!
//! Each recorder runs against a fresh emulator (the grader's moto, reset before each), or against
//! real AWS with the caller's credentials; it rewrites its files, each with its provenance
//! (`recorded.from`, `.at`, `.by`).
//!
//! Some values differ in every recording, by design: when a fixture was recorded, the ids KMS
//! generates (and the ARNs and messages that name them), ciphertexts and data keys, the
//! services' timestamps, and the order of GetParameters' answer. [`normalised`] puts a placeholder in each of those places, and only
//! there: two recordings, or a recording and the committed fixtures, are the same once
//! normalised, or a fixture changed for real ([`changed_beyond_volatile`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::emulator::Emulator;
use crate::error::Error;

/// The folders of `fixtures/` the recorders write.
pub const RECORDED_FOLDERS: [&str; 3] = ["dynamodb", "kms", "ssm"];

/// Keys whose values are timestamps of the service's.
const TIMES: [&str; 4] = [
    "LastModifiedDate",
    "CreationDate",
    "DeletionDate",
    "ValidTo",
];
/// Keys whose values are bytes KMS draws afresh: ciphertexts and data keys.
const FRESH_BYTES: [&str; 3] = ["CiphertextBlob", "Plaintext", "CiphertextForRecipient"];

/// Where the recorders send their requests.
pub enum Endpoint<'a> {
    /// The grader's emulator, reset before each recorder.
    Emulator(&'a Emulator),
    /// Real AWS in `region`, with the credentials of `profile` (or the environment's).
    Aws {
        region: String,
        profile: Option<String>,
    },
}

/// The course's recorders, in name order.
pub fn recorders(course_root: &Path) -> Result<Vec<PathBuf>, Error> {
    let folder = course_root.join("fixtures/recorder");
    let entries = std::fs::read_dir(&folder).map_err(|e| Error::io("cannot read", &folder, e))?;
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("record_") && name.ends_with(".py"))
        })
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(Error::BadInput(format!(
            "{} holds no recorder (record_*.py)",
            folder.display()
        )));
    }
    Ok(found)
}

/// Runs every recorder with `python` (which has botocore: the emulator's venv) against
/// `endpoint`, writing into `into` (a folder laid out as `fixtures/`) or the course's own
/// `fixtures/`. `on_line` hears each line a recorder prints.
pub fn record(
    course_root: &Path,
    python: &Path,
    endpoint: &Endpoint,
    into: Option<&Path>,
    on_line: &mut dyn FnMut(&str),
) -> Result<(), Error> {
    for recorder in recorders(course_root)? {
        let mut command = Command::new(python);
        command
            .arg(&recorder)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env_remove("RECORD_ENDPOINT")
            .env_remove("RECORD_FIXTURES");
        if let Some(into) = into {
            command.env("RECORD_FIXTURES", into);
        }
        match endpoint {
            Endpoint::Emulator(emulator) => {
                emulator.reset()?;
                command
                    .env("RECORD_ENDPOINT", emulator.endpoint())
                    .env(
                        "RECORD_ENDPOINT_LABEL",
                        format!(
                            "moto_server {} (AWS-compatible emulator) on 127.0.0.1",
                            crate::emulator::MOTO.rsplit("==").next().unwrap_or("")
                        ),
                    )
                    .env("AWS_ACCESS_KEY_ID", "testing")
                    .env("AWS_SECRET_ACCESS_KEY", "testing")
                    .env_remove("AWS_SESSION_TOKEN")
                    .env_remove("AWS_PROFILE")
                    .env("AWS_REGION", crate::emulator::seed::REGION);
            }
            Endpoint::Aws { region, profile } => {
                command
                    .env("AWS_REGION", region)
                    .env("RECORD_ENDPOINT_LABEL", format!("AWS {region}"));
                if let Some(profile) = profile {
                    command.env("AWS_PROFILE", profile);
                }
            }
        }
        let name = recorder
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let output = command
            .output()
            .map_err(|e| Error::Tool(format!("cannot run {}: {e}", python.display())))?;
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            on_line(line);
        }
        if !output.status.success() {
            return Err(Error::Tool(format!(
                "recorder {name} failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
    }
    Ok(())
}

/// The fixtures below `fixtures` (a folder laid out as `fixtures/`) of the recorded folders, by
/// path relative to it, parsed.
pub fn read_recorded(fixtures: &Path) -> Result<BTreeMap<PathBuf, Value>, Error> {
    let mut all = BTreeMap::new();
    for folder in RECORDED_FOLDERS {
        let dir = fixtures.join(folder);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let text =
                std::fs::read_to_string(&path).map_err(|e| Error::io("cannot read", &path, e))?;
            let value = serde_json::from_str(&text)
                .map_err(|e| Error::BadInput(format!("{}: not JSON: {e}", path.display())))?;
            all.insert(PathBuf::from(folder).join(entry.file_name()), value);
        }
    }
    Ok(all)
}

/// Of the fixtures `after` records, those that differ from `before`'s beyond what differs in
/// every recording (see [`normalised`]), or that `before` lacks. Derived fixtures (errors no
/// emulator produces, `recorded.derived`) count like the others.
pub fn changed_beyond_volatile(
    before: &BTreeMap<PathBuf, Value>,
    after: &BTreeMap<PathBuf, Value>,
) -> Vec<PathBuf> {
    after
        .iter()
        .filter(|(path, value)| {
            before
                .get(*path)
                .is_none_or(|old| normalised(old) != normalised(value))
        })
        .map(|(path, _)| path.clone())
        .collect()
}

/// `fixture` with a placeholder where every recording has a value of its own: `recorded.at`,
/// the services' timestamps, KMS's ciphertexts and data keys (also as DynamoDB binary values),
/// and every UUID in a string (KMS key ids, the ARNs and messages naming them); and
/// GetParameters' lists in name order.
pub fn normalised(fixture: &Value) -> Value {
    let mut value = fixture.clone();
    if let Some(at) = value.pointer_mut("/recorded/at") {
        *at = Value::String("<time>".into());
    }
    // GetParameters answers in no fixed order (neither AWS's documentation nor moto fixes one).
    if value.pointer("/request/operation") == Some(&Value::from("GetParameters")) {
        for list in [
            "/response/body/Parameters",
            "/response/body/InvalidParameters",
        ] {
            if let Some(Value::Array(items)) = value.pointer_mut(list) {
                items.sort_by_key(|item| item.get("Name").unwrap_or(item).to_string());
            }
        }
    }
    mask(&mut value);
    value
}

fn mask(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if TIMES.contains(&key.as_str()) {
                    *child = Value::String("<time>".into());
                } else if FRESH_BYTES.contains(&key.as_str()) || (key == "B" && child.is_string()) {
                    *child = Value::String("<bytes>".into());
                } else {
                    mask(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask),
        Value::String(text) => *text = without_uuids(text),
        _ => {}
    }
}

/// `text` with each UUID (8-4-4-4-12 hexadecimal digits) as `<uuid>`.
fn without_uuids(text: &str) -> String {
    const SHAPE: [usize; 5] = [8, 4, 4, 4, 12];
    let bytes = text.as_bytes();
    let is_uuid_at = |start: usize| {
        let mut at = start;
        for (index, len) in SHAPE.iter().enumerate() {
            if index > 0 {
                if bytes.get(at) != Some(&b'-') {
                    return false;
                }
                at += 1;
            }
            let Some(run) = bytes.get(at..at + len) else {
                return false;
            };
            if !run.iter().all(u8::is_ascii_hexdigit) {
                return false;
            }
            at += len;
        }
        true
    };
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < bytes.len() {
        if is_uuid_at(index) {
            out.push_str("<uuid>");
            index += 36;
        } else {
            let c = text[index..].chars().next().expect("a char at a boundary");
            out.push(c);
            index += c.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn what_every_recording_draws_afresh_is_masked_and_nothing_else() {
        let fixture = json!({
            "about": "x",
            "recorded": {"from": "moto", "at": "2026-12-04T18:30:44+00:00", "by": "r.py"},
            "request": {"operation": "Decrypt", "body": {"CiphertextBlob": "AAAA", "KeyId": "alias/da-serverless"}},
            "response": {"status": 400, "body": {
                "message": "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b is disabled.",
                "Parameters": [{"Name": "/a", "Value": "v", "Version": 2, "LastModifiedDate": 1796409045.447}],
                "Item": {"email": {"B": "Zm9v"}, "id": {"S": "c-1"}},
            }},
        });
        let masked = normalised(&fixture);
        assert_eq!(masked["recorded"]["at"], "<time>");
        assert_eq!(masked["recorded"]["by"], "r.py");
        assert_eq!(masked["request"]["body"]["CiphertextBlob"], "<bytes>");
        assert_eq!(masked["request"]["body"]["KeyId"], "alias/da-serverless");
        assert_eq!(
            masked["response"]["body"]["message"],
            "arn:aws:kms:us-east-1:123456789012:key/<uuid> is disabled."
        );
        let parameter = &masked["response"]["body"]["Parameters"][0];
        assert_eq!(parameter["LastModifiedDate"], "<time>");
        assert_eq!(
            (&parameter["Value"], &parameter["Version"]),
            (&json!("v"), &json!(2))
        );
        assert_eq!(masked["response"]["body"]["Item"]["email"]["B"], "<bytes>");
        assert_eq!(masked["response"]["body"]["Item"]["id"]["S"], "c-1");
    }

    #[test]
    fn a_value_that_changed_for_real_is_a_changed_fixture() {
        let one = json!({"recorded": {"at": "1"}, "response": {"body": {"Value": "a", "CreationDate": 1}}});
        let same = json!({"recorded": {"at": "2"}, "response": {"body": {"Value": "a", "CreationDate": 2}}});
        let other = json!({"recorded": {"at": "2"}, "response": {"body": {"Value": "b", "CreationDate": 2}}});
        let before = BTreeMap::from([(PathBuf::from("ssm/p.json"), one)]);
        let unchanged = BTreeMap::from([(PathBuf::from("ssm/p.json"), same)]);
        let changed = BTreeMap::from([
            (PathBuf::from("ssm/p.json"), other),
            (PathBuf::from("ssm/new.json"), json!({})),
        ]);
        assert!(changed_beyond_volatile(&before, &unchanged).is_empty());
        assert_eq!(
            changed_beyond_volatile(&before, &changed),
            [PathBuf::from("ssm/new.json"), PathBuf::from("ssm/p.json")]
        );
    }

    #[test]
    fn get_parameters_lists_compare_in_name_order() {
        let answer = |names: [&str; 2]| {
            json!({
                "request": {"operation": "GetParameters"},
                "response": {"body": {"Parameters": [{"Name": names[0]}, {"Name": names[1]}]}},
            })
        };
        assert_eq!(
            normalised(&answer(["/b", "/a"])),
            normalised(&answer(["/a", "/b"]))
        );
        let by_path = |names: [&str; 2]| {
            json!({
                "request": {"operation": "GetParametersByPath"},
                "response": {"body": {"Parameters": [{"Name": names[0]}, {"Name": names[1]}]}},
            })
        };
        assert_ne!(
            normalised(&by_path(["/b", "/a"])),
            normalised(&by_path(["/a", "/b"]))
        );
    }

    #[test]
    fn only_whole_uuids_are_masked() {
        assert_eq!(
            without_uuids("key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b!"),
            "key/<uuid>!"
        );
        assert_eq!(
            without_uuids("c-1001 and 0f1e2d3c-4b5a"),
            "c-1001 and 0f1e2d3c-4b5a"
        );
        assert_eq!(without_uuids("é"), "é");
    }
}
