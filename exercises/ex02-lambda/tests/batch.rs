use aws_lambda_events::sqs::SqsBatchResponse;
use ex02::handle_batch;
use lab_support::lambda::{invocation, sqs_event};

/// The handler's response to the SQS event fixture `name`.
fn response_to(name: &str) -> SqsBatchResponse {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime
        .block_on(handle_batch(invocation(
            sqs_event(name),
            "req-batch",
            30_000,
        )))
        .unwrap_or_else(|error| {
            panic!("a batch handler returns Ok even when messages fail, got Err({error:?})")
        })
}

fn failed_ids(name: &str) -> Vec<String> {
    response_to(name)
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
