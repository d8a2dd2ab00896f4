use ex02::{handle_lookup, AppState, Config, HandlerError};
use lab_support::lambda::{invocation, payload};

fn state() -> AppState {
    AppState::new(Config {
        db_name: "DA_Serverless".into(),
    })
}

#[lab_harness::graded]
#[tokio::test]
async fn the_reply_carries_the_request_id_the_table_and_the_customer() {
    let reply = handle_lookup(&state(), invocation(payload("lookup"), "req-0001", 3_000))
        .await
        .expect("a valid lookup is answered");
    assert_eq!(
        reply.request_id, "req-0001",
        "the request id comes from the context"
    );
    assert_eq!(
        reply.table, "DA_Serverless",
        "the table comes from the configuration"
    );
    assert_eq!(
        reply.customer_id, "c-1001",
        "the customer id comes from the event"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn the_remaining_time_comes_from_the_deadline() {
    let reply = handle_lookup(&state(), invocation(payload("lookup"), "req-0002", 3_000))
        .await
        .expect("a valid lookup is answered");
    assert!(
        reply.remaining_ms > 2_000 && reply.remaining_ms <= 3_000,
        "the deadline is 3 s away: remaining_ms should be just under 3000, got {}",
        reply.remaining_ms
    );
    let late = handle_lookup(&state(), invocation(payload("lookup"), "req-0003", 0))
        .await
        .expect("a valid lookup is answered");
    assert!(
        late.remaining_ms <= 5,
        "a passed deadline leaves 0 ms, got {}",
        late.remaining_ms
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn state_is_shared_across_invocations() {
    let state = state();
    let mut counts = Vec::new();
    for n in 1..=3 {
        let reply = handle_lookup(
            &state,
            invocation(payload("lookup"), &format!("req-{n}"), 3_000),
        )
        .await
        .expect("a valid lookup is answered");
        counts.push(reply.invocation);
    }
    assert_eq!(
        counts,
        [1, 2, 3],
        "a warm environment counts its invocations"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn an_invalid_request_is_an_error_the_caller_sees() {
    let result = handle_lookup(
        &state(),
        invocation(payload("lookup_without_id"), "req-0004", 3_000),
    )
    .await;
    assert_eq!(
        result,
        Err(HandlerError::InvalidRequest),
        "an event without an id is the caller's mistake, answered as an error"
    );
    let result = handle_lookup(
        &state(),
        invocation(serde_json::json!({"id": ""}), "req-0005", 3_000),
    )
    .await;
    assert_eq!(
        result,
        Err(HandlerError::InvalidRequest),
        "an empty id is no id"
    );
    let result = handle_lookup(
        &state(),
        invocation(serde_json::json!({"id": 1001}), "req-0006", 3_000),
    )
    .await;
    assert_eq!(
        result,
        Err(HandlerError::InvalidRequest),
        "an id that is a number is not the string the contract asks for"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn the_reply_is_json_with_camel_case_names() {
    let reply = handle_lookup(&state(), invocation(payload("lookup"), "req-0006", 3_000))
        .await
        .expect("a valid lookup is answered");
    let mut json = serde_json::to_value(&reply).unwrap();
    json["remainingMs"] = 0.into();
    insta::assert_json_snapshot!(json);
}
