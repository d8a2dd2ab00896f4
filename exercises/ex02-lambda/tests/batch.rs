use aws_lambda_events::sqs::{SqsBatchResponse, SqsEvent};
use ex02::handle_batch;
use lab_support::lambda::{invocation, sqs_event};

/// The handler's response to the SQS event fixture `name`.
fn response_to(name: &str) -> SqsBatchResponse {
    handled(sqs_event(name))
}

fn handled(event: SqsEvent) -> SqsBatchResponse {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime
        .block_on(handle_batch(invocation(event, "req-batch", 30_000)))
        .unwrap_or_else(|error| {
            panic!("a batch handler returns Ok even when messages fail, got Err({error:?})")
        })
}

fn failed_ids(name: &str) -> Vec<String> {
    failed_in(response_to(name))
}

fn failed_in(response: SqsBatchResponse) -> Vec<String> {
    response
        .batch_item_failures
        .into_iter()
        .map(|failure| failure.item_identifier)
        .collect()
}

#[lab_harness::graded]
#[test]
fn a_batch_without_failures_reports_none() {
    let failed = failed_ids("sqs_all_valid");
    assert!(
        failed.is_empty(),
        "every message is valid, so none is reported failed (a reported one is delivered again): \
         got {failed:?}"
    );
}

#[lab_harness::graded]
#[test]
fn only_the_failed_messages_are_reported() {
    assert_eq!(
        failed_ids("sqs_some_invalid"),
        [
            "5f7c2d34-8e1a-4b6f-b0c9-2d4e6f8a0b13",
            "e8d7c6b5-a4f3-4e2d-9c1b-0a9f8e7d6c17"
        ],
        "the message that is not JSON and the one with an empty id, by messageId, in batch order"
    );
}

#[lab_harness::graded]
#[test]
fn an_empty_batch_is_fine() {
    let failed = failed_ids("sqs_empty");
    assert!(
        failed.is_empty(),
        "a batch of no messages has no failures: got {failed:?}"
    );
}

#[lab_harness::graded]
#[test]
fn the_batch_response_has_the_shape_sqs_reads() {
    insta::assert_json_snapshot!(response_to("sqs_some_invalid"));
}

#[lab_harness::graded]
#[test]
fn a_message_without_a_usable_id_is_reported() {
    // The messages of a recorded SQS event, each given its own id (m-0, m-1, ...) and body.
    let bodies = [
        Some(r#"{"id": "c-1001"}"#),
        None,
        Some("{}"),
        Some(r#"{"id": 7}"#),
        Some(r#"["c-1002"]"#),
        Some(r#"{"id": "c-1003", "note": "extra fields are fine"}"#),
    ];
    let mut event = sqs_event("sqs_all_valid");
    let template = event.records[0].clone();
    event.records = bodies
        .iter()
        .enumerate()
        .map(|(n, body)| {
            let mut record = template.clone();
            record.message_id = Some(format!("m-{n}"));
            record.body = body.map(str::to_string);
            record
        })
        .collect();

    let failed = failed_in(handled(event));

    assert_eq!(
        failed,
        ["m-1", "m-2", "m-3", "m-4"],
        "no body, no id, an id that is not a string and a body that is not an object are all \
         failures (a message not reported is deleted from the queue); the valid ones are not"
    );
}
