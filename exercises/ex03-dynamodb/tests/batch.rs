use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_dynamodb::operation::batch_write_item::BatchWriteItemInput;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use aws_smithy_mocks::mock;
use ex03::{batch_put_customers, BatchRetry, StoreError, BATCH_WRITE_LIMIT};
use lab_support::dynamodb::{mock_client, response};
use lab_support::Requests;

use crate::common::{many_customers, recorded_five, TABLE};

/// The ids of the customers a BatchWriteItem request puts into the lab's table.
fn ids_put(request: &BatchWriteItemInput) -> Vec<String> {
    let writes = request
        .request_items()
        .and_then(|items| items.get(TABLE))
        .cloned()
        .unwrap_or_default();
    writes
        .iter()
        .filter_map(|write| write.put_request())
        .filter_map(|put| match put.item().get("id") {
            Some(AttributeValue::S(id)) => Some(id.clone()),
            _ => None,
        })
        .collect()
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
    let expected: Vec<String> = customers.into_iter().map(|c| c.id).collect();
    assert_eq!(
        written, expected,
        "one after the other, the calls write every customer exactly once, in order"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn batch_put_retries_only_the_unprocessed_items() {
    let batches = Requests::<BatchWriteItemInput>::new();
    let rule = mock!(Client::batch_write_item)
        .match_requests(batches.matcher())
        .sequence()
        .http_response(|| response("batch_write_unprocessed"))
        .http_response(|| response("batch_write_all_processed"))
        .build();
    let client = mock_client(&[&rule]);

    let result = batch_put_customers(&client, TABLE, &recorded_five(), &quick_retry(3)).await;

    assert!(result.is_ok(), "expected Ok(()), got {result:?}");
    let requests = batches.all();
    assert_eq!(
        requests.len(),
        2,
        "one call for the five customers, one retry for the two unprocessed ones"
    );
    assert_eq!(
        ids_put(&requests[1]),
        ["c-1004", "c-1005"],
        "the retry sends exactly the UnprocessedItems of the previous response"
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
        .sequence()
        .http_response(|| response("batch_write_unprocessed"))
        .times(2)
        .http_response(|| response("batch_write_all_processed"))
        .build();
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
        2,
        "one call and two retries: {} calls",
        sent_at.len()
    );
    let ms = Duration::from_millis;
    assert!(
        (ms(100)..ms(200)).contains(&waits[0]) && (ms(200)..ms(400)).contains(&waits[1]),
        "the first retry waits first_delay (100 ms), the second twice that (200 ms), on tokio's \
         clock: waited {waits:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn batch_put_gives_up_after_the_retry_limit() {
    let batches = Requests::<BatchWriteItemInput>::new();
    let rule = mock!(Client::batch_write_item)
        .match_requests(batches.matcher())
        .sequence()
        .http_response(|| response("batch_write_unprocessed"))
        .repeatedly()
        .build();
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
