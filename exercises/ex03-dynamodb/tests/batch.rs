use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_dynamodb::operation::batch_write_item::{BatchWriteItemInput, BatchWriteItemOutput};
use aws_sdk_dynamodb::types::{AttributeValue, WriteRequest};
use aws_sdk_dynamodb::Client;
use aws_smithy_mocks::mock;
use ex03::{batch_put_customers, customer_to_item, BatchRetry, StoreError, BATCH_WRITE_LIMIT};
use lab_support::Requests;
use lab_support_dynamodb::{mock_client, response, unprocessed_last};

use crate::common::{many_customers, recorded_five, TABLE};

/// The ids of the customers a BatchWriteItem request puts into the lab's table.
fn ids_put(request: &BatchWriteItemInput) -> Vec<String> {
    writes(request)
        .iter()
        .filter_map(|write| write.put_request())
        .filter_map(|put| match put.item().get("id") {
            Some(AttributeValue::S(id)) => Some(id.clone()),
            _ => None,
        })
        .collect()
}

/// The write requests a BatchWriteItem request sends to the lab's table.
fn writes(request: &BatchWriteItemInput) -> Vec<WriteRequest> {
    request
        .request_items()
        .and_then(|items| items.get(TABLE))
        .cloned()
        .unwrap_or_default()
}

/// BatchWriteItem answers whose first `times` hand the last two write requests back unprocessed
/// (see [`unprocessed_last`]) and whose later ones write everything.
fn two_unprocessed(times: usize) -> impl Fn(&BatchWriteItemInput) -> BatchWriteItemOutput {
    let calls = AtomicUsize::new(0);
    let answer = unprocessed_last(2);
    move |request| {
        if calls.fetch_add(1, Ordering::SeqCst) < times {
            answer(request)
        } else {
            unprocessed_last(0)(request)
        }
    }
}

fn quick_retry(max_retries: u32) -> BatchRetry {
    BatchRetry {
        max_retries,
        first_delay: Duration::from_millis(1),
    }
}

#[lab_harness::graded]
#[tokio::test]
async fn batch_put_sends_chunks_of_at_most_25() {
    let batches = Requests::<BatchWriteItemInput>::new();
    let rule = mock!(Client::batch_write_item)
        .match_requests(batches.matcher())
        .sequence()
        .http_response(|| response("batch_write_all_processed"))
        .repeatedly()
        .build();
    let client = mock_client(&[&rule]);
    let customers = many_customers(60);

    let result = batch_put_customers(&client, TABLE, &customers, &quick_retry(3)).await;

    assert!(result.is_ok(), "expected Ok(()), got {result:?}");
    let requests = batches.all();
    let sizes: Vec<usize> = requests
        .iter()
        .map(|request| ids_put(request).len())
        .collect();
    assert!(
        sizes
            .iter()
            .all(|size| (1..=BATCH_WRITE_LIMIT).contains(size)),
        "every BatchWriteItem call carries 1 to {BATCH_WRITE_LIMIT} puts (DynamoDB refuses more): \
         got calls of {sizes:?}"
    );
    let written: Vec<String> = requests.iter().flat_map(ids_put).collect();
    let expected: Vec<String> = customers.iter().map(|c| c.id.clone()).collect();
    assert_eq!(
        written, expected,
        "one after the other, the calls write every customer exactly once, in order"
    );
    let items: Vec<_> = requests
        .iter()
        .flat_map(writes)
        .map(|write| write.put_request().map(|put| put.item().clone()))
        .collect();
    let expected_items: Vec<_> = customers
        .iter()
        .map(|c| Some(customer_to_item(c)))
        .collect();
    assert!(
        items == expected_items,
        "each write is a PutRequest of customer_to_item(customer), every attribute included"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn batch_put_retries_only_the_unprocessed_items() {
    let batches = Requests::<BatchWriteItemInput>::new();
    let rule = mock!(Client::batch_write_item)
        .match_requests(batches.matcher())
        .then_compute_output(two_unprocessed(1));
    let client = mock_client(&[&rule]);

    let result = batch_put_customers(&client, TABLE, &recorded_five(), &quick_retry(3)).await;

    assert!(result.is_ok(), "expected Ok(()), got {result:?}");
    let requests = batches.all();
    assert_eq!(
        requests.len(),
        2,
        "one call for the five customers, one retry for the two unprocessed ones: {} calls",
        requests.len()
    );
    assert_eq!(
        ids_put(&requests[1]),
        ["c-1004", "c-1005"],
        "the retry sends the two customers the first response left unprocessed, and no other"
    );
    assert_eq!(
        writes(&requests[1]),
        writes(&requests[0])[3..],
        "the retry sends the UnprocessedItems of the previous response as they came back, \
         every attribute included"
    );
}

#[lab_harness::graded]
#[tokio::test(start_paused = true)]
async fn batch_put_waits_longer_before_each_retry() {
    let sent_at = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&sent_at);
    let rule = mock!(Client::batch_write_item)
        .match_requests(move |_| {
            log.lock().unwrap().push(tokio::time::Instant::now());
            true
        })
        .then_compute_output(two_unprocessed(3));
    let client = mock_client(&[&rule]);
    let retry = BatchRetry {
        max_retries: 5,
        first_delay: Duration::from_millis(100),
    };

    let result = batch_put_customers(&client, TABLE, &recorded_five(), &retry).await;

    assert!(result.is_ok(), "expected Ok(()), got {result:?}");
    let sent_at = sent_at.lock().unwrap().clone();
    let waits: Vec<Duration> = sent_at.windows(2).map(|pair| pair[1] - pair[0]).collect();
    assert_eq!(
        waits.len(),
        3,
        "one call and three retries: {} calls",
        sent_at.len()
    );
    let ms = Duration::from_millis;
    assert!(
        (ms(100)..ms(200)).contains(&waits[0])
            && (ms(200)..ms(400)).contains(&waits[1])
            && (ms(400)..ms(800)).contains(&waits[2]),
        "the first retry waits first_delay (100 ms), each later one twice the wait before \
         (200 ms, then 400 ms), on tokio's clock: waited {waits:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn batch_put_gives_up_after_the_retry_limit() {
    let batches = Requests::<BatchWriteItemInput>::new();
    let rule = mock!(Client::batch_write_item)
        .match_requests(batches.matcher())
        .then_compute_output(two_unprocessed(usize::MAX));
    let client = mock_client(&[&rule]);

    let result = batch_put_customers(&client, TABLE, &recorded_five(), &quick_retry(2)).await;

    assert!(
        matches!(
            result,
            Err(StoreError::Unprocessed {
                count: 2,
                attempts: 3
            })
        ),
        "two items stay unprocessed forever: expected \
         Err(StoreError::Unprocessed {{ count: 2, attempts: 3 }}), got {result:?}"
    );
    assert_eq!(
        batches.count(),
        3,
        "the first attempt and two retries, then stop"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn batch_put_gives_each_chunk_its_own_retries() {
    // The first answer to each chunk leaves two of its items unprocessed; the retry of those two
    // writes them. With one retry allowed per chunk, both chunks of 30 customers get written.
    let batches = Requests::<BatchWriteItemInput>::new();
    let rule = mock!(Client::batch_write_item)
        .match_requests(batches.matcher())
        .then_compute_output(|request| {
            let sent = writes(request).len();
            unprocessed_last(if sent > 2 { 2 } else { 0 })(request)
        });
    let client = mock_client(&[&rule]);

    let result = batch_put_customers(&client, TABLE, &many_customers(30), &quick_retry(1)).await;

    assert!(
        result.is_ok(),
        "each of the two chunks needed one retry, and max_retries (1) counts per chunk: \
         expected Ok(()), got {result:?}"
    );
    assert_eq!(
        batches.count(),
        4,
        "two chunks (25 and 5), each sent once and retried once"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn batch_put_passes_errors_through_the_mapping() {
    let rule =
        mock!(Client::batch_write_item).then_http_response(|| response(crate::common::THROTTLED));
    let client = mock_client(&[&rule]);

    let result = batch_put_customers(&client, TABLE, &recorded_five(), &quick_retry(3)).await;

    assert!(
        matches!(result, Err(StoreError::Throttled)),
        "BatchWriteItem itself failed with a throttling code: expected \
         Err(StoreError::Throttled) from map_dynamo_error, got {result:?}"
    );
}
