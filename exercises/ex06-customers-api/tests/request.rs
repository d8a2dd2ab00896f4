use aws_lambda_events::http::{HeaderMap, HeaderValue};
use ex06::{api_key_matches, parse_new_customer, BadRequest, NewCustomer};
use lab_support::apigateway::rest_event;

use crate::common::{API_KEY, EMAIL};

fn with_key(name: &'static str, value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(name, HeaderValue::from_str(value).expect("a header value"));
    headers
}

#[lab_harness::graded]
#[test]
fn the_api_key_header_is_found_whatever_its_case() {
    let event = rest_event("rest_post_new_customer");
    assert!(
        api_key_matches(&event.headers, API_KEY),
        "the event sends X-Api-Key: {API_KEY}"
    );
    assert!(api_key_matches(&with_key("x-api-key", API_KEY), API_KEY));
    assert!(
        !api_key_matches(&with_key("x-api-key", API_KEY), "another-key"),
        "the key must be the expected one"
    );
}

#[lab_harness::graded]
#[test]
fn a_missing_or_wrong_api_key_does_not_match() {
    assert!(!api_key_matches(
        &rest_event("rest_post_wrong_api_key").headers,
        API_KEY
    ));
    assert!(!api_key_matches(
        &rest_event("rest_post_without_headers").headers,
        API_KEY
    ));
    assert!(
        !api_key_matches(&with_key("x-api-key", &API_KEY[..4]), API_KEY),
        "the start of the key is not the key"
    );
    assert!(
        !api_key_matches(&with_key("x-api-key", &format!("{API_KEY}x")), API_KEY),
        "the key and more is not the key"
    );
    assert!(
        !api_key_matches(&with_key("x-api-token", API_KEY), API_KEY),
        "the key must be in x-api-key"
    );
    let mut middle = API_KEY.as_bytes().to_vec();
    middle[API_KEY.len() / 2] ^= 0x01;
    let middle = String::from_utf8(middle).expect("ASCII");
    assert!(
        !api_key_matches(&with_key("x-api-key", &middle), API_KEY),
        "one character off in the middle: {middle}"
    );
    let mut swapped = API_KEY.as_bytes().to_vec();
    swapped.swap(0, 1);
    let swapped = String::from_utf8(swapped).expect("ASCII");
    assert!(
        !api_key_matches(&with_key("x-api-key", &swapped), API_KEY),
        "two characters swapped are two differences, even where they cancel out in a sum"
    );
    assert!(
        api_key_matches(&with_key("x-api-key", API_KEY), API_KEY),
        "the right key matches"
    );
}

#[lab_harness::graded]
#[test]
fn a_valid_body_becomes_a_new_customer() {
    let event = rest_event("rest_post_new_customer");
    assert_eq!(
        parse_new_customer(event.body.as_deref()),
        Ok(NewCustomer {
            firstname: "Filipa".to_string(),
            lastname: Some("Rocha".to_string()),
            email: EMAIL.to_string(),
        })
    );
    assert_eq!(
        parse_new_customer(Some(
            r#"{"id": "c-9", "firstname": " Gil ", "lastname": null, "email": "g@x"}"#
        )),
        Ok(NewCustomer {
            firstname: " Gil ".to_string(),
            lastname: None,
            email: "g@x".to_string(),
        }),
        "values are kept as sent, a null lastname is none, and an id is ignored"
    );
}

#[lab_harness::graded]
#[test]
fn a_body_that_is_not_an_object_is_refused() {
    for body in [
        rest_event("rest_post_malformed_json").body,
        rest_event("rest_post_not_an_object").body,
        None,
    ] {
        assert_eq!(
            parse_new_customer(body.as_deref()),
            Err(BadRequest::NotAnObject),
            "body {body:?}"
        );
    }
    assert_eq!(
        parse_new_customer(Some("{}")),
        Err(BadRequest::Field { field: "firstname" }),
        "an empty object is an object: its first field is missing"
    );
}

#[lab_harness::graded]
#[test]
fn each_field_is_checked_and_the_first_bad_one_named() {
    let cases = [
        (r#"{"firstname": "", "email": "filipa@"}"#, "firstname"),
        (r#"{"firstname": "   ", "email": "f@x"}"#, "firstname"),
        (r#"{"firstname": 7, "email": "f@x"}"#, "firstname"),
        (r#"{"email": "f@x"}"#, "firstname"),
        (
            r#"{"firstname": "F", "lastname": 7, "email": "f@x"}"#,
            "lastname",
        ),
        (r#"{"firstname": "F", "email": "filipa@"}"#, "email"),
        (r#"{"firstname": "F", "email": "@example.com"}"#, "email"),
        (r#"{"firstname": "F", "email": "f@x@y"}"#, "email"),
        (r#"{"firstname": "F", "email": "filipa"}"#, "email"),
        (r#"{"firstname": "F"}"#, "email"),
    ];
    for (body, field) in cases {
        assert_eq!(
            parse_new_customer(Some(body)),
            Err(BadRequest::Field { field }),
            "body {body}"
        );
    }
}
