use aws_lambda_events::http::Method;
use ex01::{from_http_event, from_rest_event, ApiError};
use lab_support::apigateway::{http_event, rest_event};

use crate::common::{converted, API_KEY};

#[lab_harness::graded]
#[test]
fn a_rest_event_gives_method_path_and_path_parameters() {
    let request = converted("rest_get_customer");
    assert_eq!(request.method, Method::GET, "the event's httpMethod");
    assert_eq!(request.path, "/customers/c-1001", "the event's path");
    assert_eq!(
        request.path_parameters.get("id").map(String::as_str),
        Some("c-1001"),
        "the {{id}} of the route, as API Gateway matched it"
    );
    assert!(request.body.is_empty(), "a GET has no body");
}

#[lab_harness::graded]
#[test]
fn a_repeated_query_key_keeps_every_value() {
    let request = converted("rest_get_customer");
    assert_eq!(
        request.query_values("tag"),
        ["vip", "eu"],
        "?tag=vip&tag=eu: queryStringParameters keeps one value, multiValueQueryStringParameters both"
    );
}

#[lab_harness::graded]
#[test]
fn headers_are_found_whatever_their_case() {
    let request = converted("rest_post_customer");
    for name in ["x-api-key", "X-Api-Key", "X-API-KEY"] {
        assert_eq!(request.header(name), Some(API_KEY), "looking up {name}");
    }
}

#[lab_harness::graded]
#[test]
fn a_base64_body_is_decoded() {
    let plain = converted("rest_post_customer");
    let encoded = converted("rest_post_customer_base64");
    assert!(
        plain.body.starts_with(b"{\"id\": \"c-2001\""),
        "the plain body is the JSON text: {:?}",
        String::from_utf8_lossy(&plain.body)
    );
    assert_eq!(
        encoded.body, plain.body,
        "with isBase64Encoded, decode the body before use"
    );
}

#[lab_harness::graded]
#[test]
fn a_body_that_is_not_base64_is_an_error_not_a_panic() {
    let mut event = rest_event("rest_post_customer_base64");
    event.body = Some("this is *not* base64!".into());
    assert_eq!(
        from_rest_event(&event),
        Err(ApiError::BadBase64),
        "a body marked base64 that is not base64 is the client's mistake: an error, not a panic"
    );
}

#[lab_harness::graded]
#[test]
fn an_event_without_headers_or_query_converts_to_empty_ones() {
    let request = converted("rest_post_without_headers");
    assert!(
        request.headers.is_empty(),
        "the event has no headers (null), so the request has none: got {:?}",
        request.headers
    );
    assert!(
        request.query.is_empty(),
        "the event has no query string (null), so the request has none: got {:?}",
        request.query
    );
    assert_eq!(
        request.header("x-api-key"),
        None,
        "an event without headers gives a request without headers"
    );
}

#[lab_harness::graded]
#[test]
fn an_http_api_event_gives_the_same_request() {
    let request = from_http_event(&http_event("http_get_customer"))
        .unwrap_or_else(|error| panic!("expected a request, got Err({error:?})"));
    assert_eq!(
        request.method,
        Method::GET,
        "the method is under requestContext.http"
    );
    assert_eq!(
        request.path, "/customers/c-1001",
        "rawPath, on the $default stage"
    );
    assert_eq!(
        request.path_parameters.get("id").map(String::as_str),
        Some("c-1001"),
        "the {{id}} of the route"
    );
    assert_eq!(
        request.query_values("tag"),
        ["vip", "eu"],
        "payload 2.0 joins repeated keys with commas; each value counts"
    );
    assert_eq!(
        request.header("X-Api-Key"),
        Some(API_KEY),
        "payload 2.0 lowercases header names; lookups ignore case"
    );

    let posted = from_http_event(&http_event("http_post_customer_base64")).expect("converts");
    let plain = from_http_event(&http_event("http_post_customer")).expect("converts");
    assert!(
        plain.body.starts_with(br#"{"id": "c-2001""#),
        "the body of a payload 2.0 event, as sent: got {:?}",
        String::from_utf8_lossy(&plain.body)
    );
    assert_eq!(
        posted.body, plain.body,
        "base64 bodies are decoded here too"
    );
}

#[lab_harness::graded]
#[test]
fn an_http_api_event_on_a_named_stage_gives_the_path_without_the_stage() {
    let on_stage = |stage: &str, raw_path: &str| {
        let mut event = http_event("http_get_customer");
        event.request_context.stage = Some(stage.to_string());
        event.raw_path = Some(raw_path.to_string());
        from_http_event(&event)
            .unwrap_or_else(|error| panic!("expected a request, got Err({error:?})"))
            .path
    };
    assert_eq!(
        on_stage("dev", "/dev/customers/c-1001"),
        "/customers/c-1001",
        "on a named stage rawPath starts with /<stage>, which is no part of the resource's path"
    );
    assert_eq!(on_stage("dev", "/dev"), "/", "the stage alone is the root");
    assert_eq!(
        on_stage("dev", "/devices/d-1"),
        "/devices/d-1",
        "a first segment that only starts with the stage's name is part of the path"
    );
    assert_eq!(
        on_stage("$default", "/customers/c-1001"),
        "/customers/c-1001",
        "the $default stage puts no stage in the path"
    );
}

#[lab_harness::graded]
#[test]
fn a_rest_event_with_only_single_value_query_parameters_keeps_them() {
    let mut event = rest_event("rest_get_customer");
    event.multi_value_query_string_parameters = Default::default();
    event.query_string_parameters =
        std::collections::HashMap::from([("tag".to_string(), "eu".to_string())]).into();

    let request = from_rest_event(&event).expect("converts");

    assert_eq!(
        request.query_values("tag"),
        ["eu"],
        "without multiValueQueryStringParameters, the query comes from queryStringParameters"
    );
}

#[lab_harness::graded]
#[test]
fn a_base64_body_is_read_with_the_standard_alphabet() {
    let mut event = rest_event("rest_post_customer_base64");
    // The bytes fb ff fe are "+//+" in the standard alphabet and "-__-" in the URL-safe one.
    event.body = Some("+//+".into());

    let request = from_rest_event(&event);

    assert_eq!(
        request.map(|request| request.body),
        Ok(vec![0xfb, 0xff, 0xfe]),
        "API Gateway encodes binary bodies with the standard base64 alphabet (+ and /)"
    );
}
