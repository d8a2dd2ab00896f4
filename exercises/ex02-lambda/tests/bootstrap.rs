//! The real `bootstrap` binary, served by a Runtime API on 127.0.0.1 that the test runs itself.

use std::path::Path;
use std::time::Duration;

use lab_support::lambda::payload;
use lab_support::runtime_api::{Function, Report, RuntimeApi};

/// Longer than any correct function needs, well inside the grader's time limit.
const WAIT: Duration = Duration::from_secs(5);

fn bootstrap() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_bootstrap"))
}

#[lab_harness::graded]
#[test]
fn the_bootstrap_answers_each_invocation_through_the_runtime_api() {
    let api = RuntimeApi::start();
    api.invoke("req-a", payload("lookup"), Duration::from_secs(3));
    api.invoke("req-b", payload("lookup"), Duration::from_secs(3));
    let mut function = Function::start(bootstrap(), &api, &[]);

    let reports = function.reports(&api, 2, WAIT);

    let answered: Vec<(String, serde_json::Value)> = reports
        .iter()
        .filter_map(|report| match report {
            Report::Response { request_id, body } => Some((request_id.clone(), body.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(answered.len(), 2, "two responses expected, got {reports:?}");
    assert_eq!(
        (answered[0].0.as_str(), answered[1].0.as_str()),
        ("req-a", "req-b"),
        "each response is posted for its own invocation, in the order they came"
    );
    assert_eq!(
        answered[0].1["customerId"], "c-1001",
        "the response is the handler's reply to the event: {}",
        answered[0].1
    );
    assert_eq!(
        answered[0].1["table"], "DA_Serverless",
        "DB_NAME is unset: the default table"
    );
    assert_eq!(
        answered[1].1["invocation"], 2,
        "one process serves both invocations with the same state"
    );
}

#[lab_harness::graded]
#[test]
fn the_table_comes_from_db_name_read_at_cold_start() {
    let api = RuntimeApi::start();
    api.invoke("req-c", payload("lookup"), Duration::from_secs(3));
    let mut function = Function::start(bootstrap(), &api, &[("DB_NAME", "DA_Serverless_test")]);

    let reports = function.reports(&api, 1, WAIT);

    match reports.first() {
        Some(Report::Response { body, .. }) => assert_eq!(
            body["table"], "DA_Serverless_test",
            "DB_NAME is set when the function starts, so its value is the table: {body}"
        ),
        other => panic!("expected a response, got {other:?}"),
    }
}

#[lab_harness::graded]
#[test]
fn a_failed_invocation_is_reported_to_the_error_endpoint() {
    let api = RuntimeApi::start();
    api.invoke(
        "req-d",
        payload("lookup_without_id"),
        Duration::from_secs(3),
    );
    api.invoke("req-e", payload("lookup"), Duration::from_secs(3));
    let mut function = Function::start(bootstrap(), &api, &[]);

    let reports = function.reports(&api, 2, WAIT);

    match reports.first() {
        Some(Report::Error { request_id, body }) => {
            assert_eq!(
                request_id, "req-d",
                "the error is reported for the invocation that failed"
            );
            assert_eq!(
                body["errorType"], "InvalidRequest",
                "the closure returns handle_lookup's error as it is, so the caller sees its \
                 name: {body}"
            );
        }
        other => panic!("expected an error report for req-d, got {other:?}"),
    }
    assert!(
        matches!(reports.get(1), Some(Report::Response { request_id, .. }) if request_id == "req-e"),
        "one failed invocation does not stop the function: {reports:?}"
    );
}

#[lab_harness::graded]
#[test]
fn a_bad_configuration_is_an_init_error_and_no_event_is_taken() {
    let api = RuntimeApi::start();
    api.invoke("req-f", payload("lookup"), Duration::from_secs(3));
    let mut function = Function::start(bootstrap(), &api, &[("DB_NAME", "no spaces allowed")]);

    let reports = function.reports(&api, 1, WAIT);
    let status = function.exit_status(WAIT);

    match reports.first() {
        Some(Report::InitError { body }) => assert!(
            body["errorMessage"]
                .as_str()
                .unwrap_or("")
                .contains("no spaces allowed"),
            "the init error names the bad value: {body}"
        ),
        other => panic!("expected an init error, got {other:?}"),
    }
    assert_eq!(
        api.polls(),
        0,
        "a function that cannot start must not ask for events"
    );
    assert!(
        matches!(status, Some(status) if !status.success()),
        "the process ends with a failure status, got {status:?}"
    );
}
