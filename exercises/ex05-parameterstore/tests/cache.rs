use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_ssm::operation::get_parameter::GetParameterInput;
use aws_sdk_ssm::Client;
use aws_smithy_mocks::mock;
use ex05::{Clock, ParameterCache, ParameterError};
use lab_support::Requests;
use lab_support_ssm::{mock_client, response};

const API_KEY: &str = "/da-serverless/dev/api_key";
const TTL: Duration = Duration::from_secs(60);

/// A clock the test moves by hand.
#[derive(Clone, Default)]
struct TestClock(Arc<Mutex<Duration>>);

impl TestClock {
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> Duration {
        *self.0.lock().unwrap()
    }
}

fn always_answering(fixture: &'static str, gets: &Requests<GetParameterInput>) -> Client {
    let rule = mock!(Client::get_parameter)
        .match_requests(gets.matcher())
        .sequence()
        .http_response(move || response(fixture))
        .repeatedly()
        .build();
    mock_client(&[&rule])
}

#[lab_harness::graded]
#[tokio::test]
async fn the_cache_asks_once_within_the_time_to_live() {
    let gets = Requests::new();
    let client = always_answering("get_parameter_secure", &gets);
    let clock = TestClock::default();
    let mut cache = ParameterCache::new(TTL, clock.clone());

    let first = cache.get(&client, API_KEY).await;
    clock.advance(Duration::from_secs(59));
    let second = cache.get(&client, API_KEY).await;

    assert!(first.is_ok(), "{first:?}");
    assert_eq!(first, second, "the same parameter both times");
    assert_eq!(
        gets.count(),
        1,
        "59 s after the first read, the cached value is still fresh"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn the_cache_asks_again_once_the_time_to_live_has_passed() {
    let gets = Requests::new();
    let client = always_answering("get_parameter_secure", &gets);
    let clock = TestClock::default();
    let mut cache = ParameterCache::new(TTL, clock.clone());

    let first = cache.get(&client, API_KEY).await;
    clock.advance(TTL);
    let second = cache.get(&client, API_KEY).await;
    let fetched_after_expiry = gets.count();
    let third = cache.get(&client, API_KEY).await;

    assert!(
        first.is_ok() && second.is_ok() && third.is_ok(),
        "{first:?} {second:?} {third:?}"
    );
    assert_eq!(
        fetched_after_expiry, 2,
        "after the time to live, the value is fetched again"
    );
    assert_eq!(
        gets.count(),
        2,
        "the value fetched again is kept, with its new time: asked right after, it comes from \
         the cache"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn the_cache_keeps_each_name_apart() {
    let gets = Requests::new();
    let client = always_answering("get_parameter_secure", &gets);
    let mut cache = ParameterCache::new(TTL, TestClock::default());

    let first = cache.get(&client, API_KEY).await;
    let second = cache.get(&client, "/da-serverless/dev/other").await;

    assert!(first.is_ok() && second.is_ok(), "{first:?} {second:?}");
    let asked: Vec<String> = gets
        .all()
        .iter()
        .filter_map(|g| g.name().map(str::to_string))
        .collect();
    assert_eq!(
        asked,
        [API_KEY, "/da-serverless/dev/other"],
        "one request per name"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn the_cache_does_not_keep_errors() {
    let gets = Requests::<GetParameterInput>::new();
    let rule = mock!(Client::get_parameter)
        .match_requests(gets.matcher())
        .sequence()
        .http_response(|| response("get_parameter_throttled"))
        .http_response(|| response("get_parameter_secure"))
        .build();
    let client = mock_client(&[&rule]);
    let mut cache = ParameterCache::new(TTL, TestClock::default());

    let first = cache.get(&client, API_KEY).await;
    let second = cache.get(&client, API_KEY).await;

    assert_eq!(
        first,
        Err(ParameterError::Throttled),
        "the first read is throttled, and the cache passes the error on"
    );
    assert!(
        second.is_ok(),
        "a failed read is retried on the next call: got {second:?}"
    );
    assert_eq!(
        gets.count(),
        2,
        "a failure is not cached: the second call asks Parameter Store again"
    );
}
