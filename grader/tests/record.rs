//! `grader record`: the fixtures are what the recorders record, and recording twice changes
//! nothing but what every recording draws afresh.

use std::collections::BTreeSet;
use std::path::PathBuf;

use grader::record::{changed_beyond_volatile, read_recorded};

use crate::support::{assert_succeeded, grader, lab_course};

#[test]
fn two_recordings_and_the_committed_fixtures_are_the_same_but_for_volatile_values() {
    let lab = lab_course();
    let work = tempfile::tempdir().unwrap();
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    for into in [first.path(), second.path()] {
        let output = grader(&lab, work.path())
            .arg("record")
            .arg("--into")
            .arg(into)
            .output()
            .unwrap();
        assert_succeeded(&output);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("fixtures recorded into"), "{stdout}");
    }
    let first = read_recorded(first.path()).unwrap();
    let second = read_recorded(second.path()).unwrap();
    let committed = read_recorded(&lab.join("fixtures")).unwrap();
    assert!(first.len() >= 40, "{} fixtures", first.len());
    assert_eq!(
        changed_beyond_volatile(&first, &second),
        Vec::<PathBuf>::new(),
        "a second recording changes only timestamps, generated ids, ciphertexts and data keys"
    );
    assert_eq!(
        changed_beyond_volatile(&committed, &first),
        Vec::<PathBuf>::new(),
        "every committed fixture is what its recorder records"
    );
    let recorded: BTreeSet<_> = first.keys().collect();
    let kept: BTreeSet<_> = committed.keys().collect();
    assert_eq!(
        recorded, kept,
        "no fixture is made by hand, none is left unrecorded"
    );
    for (path, fixture) in &first {
        let by = fixture["recorded"]["by"].as_str().unwrap_or("");
        assert!(
            by.starts_with("fixtures/recorder/record_"),
            "{}: provenance names its recorder: {by}",
            path.display()
        );
        assert!(
            fixture["recorded"]["from"]
                .as_str()
                .is_some_and(|from| from.contains("moto_server 5.2.5")),
            "{}: provenance names the emulator",
            path.display()
        );
    }
}
