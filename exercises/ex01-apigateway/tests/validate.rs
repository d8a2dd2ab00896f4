use ex01::{parse_new_customer, ApiError, NewCustomer, MAX_BODY_BYTES};

use crate::common::request_of;

fn body_of(name: &str) -> Vec<u8> {
    request_of(name).body
}

fn invalid_field(result: Result<NewCustomer, ApiError>) -> (&'static str, String) {
    match result {
        Err(ApiError::InvalidField { field, reason }) => (field, reason),
        other => panic!("expected Err(ApiError::InvalidField {{ .. }}), got {other:?}"),
    }
}

#[lab_harness::graded]
#[test]
fn a_valid_body_becomes_a_new_customer() {
    assert_eq!(
        parse_new_customer(&body_of("rest_post_customer")),
        Ok(NewCustomer {
            id: "c-2001".into(),
            firstname: "Filipa".into(),
            lastname: Some("Rocha".into()),
            email: Some("filipa.rocha@example.com".into()),
        }),
        "every field of the posted JSON object, as sent"
    );
}

#[lab_harness::graded]
#[test]
fn malformed_json_is_400_never_a_panic() {
    let result = parse_new_customer(&body_of("rest_post_malformed_json"));
    assert!(
        matches!(&result, Err(error @ ApiError::MalformedJson { reason }) if error.status() == 400 && !reason.is_empty()),
        "the body is cut off mid-JSON: expected Err(MalformedJson) with the parser's message, \
         got {result:?}"
    );
}

#[lab_harness::graded]
#[test]
fn a_body_that_is_not_an_object_is_400() {
    assert_eq!(
        parse_new_customer(&body_of("rest_post_not_an_object")),
        Err(ApiError::NotAnObject),
        "the body is a JSON array: valid JSON, but no customer"
    );
}

#[lab_harness::graded]
#[test]
fn an_empty_firstname_is_400_naming_the_field() {
    let (field, reason) = invalid_field(parse_new_customer(&body_of("rest_post_invalid_customer")));
    assert_eq!(field, "firstname", "firstname is checked before email");
    assert!(
        reason.contains("empty"),
        "the reason says what is wrong: {reason:?}"
    );
}

#[lab_harness::graded]
#[test]
fn a_missing_id_is_400_naming_the_field() {
    let (field, reason) = invalid_field(parse_new_customer(br#"{"firstname": "Gil"}"#));
    assert_eq!(field, "id", "the body has no id, which is required");
    assert!(reason.contains("required"), "{reason:?}");
    let (field, _) = invalid_field(parse_new_customer(b"{}"));
    assert_eq!(
        field, "id",
        "an empty object lacks both: id is checked first"
    );
    let (field, reason) = invalid_field(parse_new_customer(br#"{"id": "c-1"}"#));
    assert_eq!(
        (field, reason.as_str()),
        ("firstname", "is required"),
        "firstname is required too"
    );
}

#[lab_harness::graded]
#[test]
fn a_field_of_the_wrong_type_is_400() {
    let (field, reason) = invalid_field(parse_new_customer(br#"{"id": "c-1", "firstname": 42}"#));
    assert_eq!(
        (field, reason.as_str()),
        ("firstname", "must be a string"),
        "firstname must be a string"
    );
}

#[lab_harness::graded]
#[test]
fn an_email_without_a_domain_is_400() {
    for email in [
        "filipa@",
        "filipa",
        "@example.com",
        "a@b@example.com",
        "fi lipa@example.com",
        "f@example.",
    ] {
        let body = format!(r#"{{"id": "c-1", "firstname": "Filipa", "email": "{email}"}}"#);
        let (field, _) = invalid_field(parse_new_customer(body.as_bytes()));
        assert_eq!(field, "email", "{email:?} is not an email address");
    }
    let body = br#"{"id": "c-1", "firstname": "Filipa", "email": null}"#;
    assert!(
        parse_new_customer(body).is_ok(),
        "a null email is an absent one"
    );
}

#[lab_harness::graded]
#[test]
fn a_body_over_the_limit_is_413() {
    let body = body_of("rest_post_too_large");
    assert!(
        body.len() > MAX_BODY_BYTES,
        "the fixture's body must be over the limit for this test to mean anything"
    );
    let result = parse_new_customer(&body);
    assert!(
        matches!(&result, Err(error @ ApiError::TooLarge { .. }) if error.status() == 413),
        "expected Err(TooLarge) with status 413, got {result:?}"
    );
}

#[lab_harness::graded]
#[test]
fn the_size_is_checked_before_parsing() {
    let body = vec![b'{'; MAX_BODY_BYTES + 1];
    let result = parse_new_customer(&body);
    assert!(
        matches!(&result, Err(ApiError::TooLarge { limit }) if *limit == MAX_BODY_BYTES),
        "a body over the limit is refused for its size, whatever it holds: expected \
         Err(TooLarge {{ limit: {MAX_BODY_BYTES} }}), got {result:?}"
    );
}

#[lab_harness::graded]
#[test]
fn a_body_of_exactly_the_limit_is_read() {
    let json = br#"{"id": "c-2001", "firstname": "Filipa"}"#;
    let mut body = json.to_vec();
    body.resize(MAX_BODY_BYTES, b' ');
    let result = parse_new_customer(&body);
    assert!(
        result.is_ok(),
        "a body of exactly {MAX_BODY_BYTES} bytes is not over the limit: got {result:?}"
    );
}

#[lab_harness::graded]
#[test]
fn a_name_of_spaces_is_empty() {
    let (field, reason) = invalid_field(parse_new_customer(
        br#"{"id": "c-2001", "firstname": "   "}"#,
    ));
    assert_eq!(
        (field, reason.as_str()),
        ("firstname", "must not be empty"),
        "a firstname of spaces is empty once trimmed"
    );
}

#[lab_harness::graded]
#[test]
fn optional_fields_that_are_there_must_be_strings() {
    for (body, name) in [
        (
            r#"{"id": "c-2001", "firstname": "Filipa", "lastname": 42}"#,
            "lastname",
        ),
        (
            r#"{"id": "c-2001", "firstname": "Filipa", "email": ["f@example.com"]}"#,
            "email",
        ),
    ] {
        let (field, reason) = invalid_field(parse_new_customer(body.as_bytes()));
        assert_eq!(
            (field, reason.as_str()),
            (name, "must be a string"),
            "{body}: an optional field may be absent or null, not of another type"
        );
    }
}

#[lab_harness::graded]
#[test]
fn values_are_kept_as_sent_and_other_fields_ignored() {
    let body = br#"{"id": "c-2001", "firstname": " Filipa ", "lastname": null, "vip": true}"#;
    assert_eq!(
        parse_new_customer(body),
        Ok(NewCustomer {
            id: "c-2001".into(),
            firstname: " Filipa ".into(),
            lastname: None,
            email: None,
        }),
        "trimming only decides whether a value is empty; fields the API does not know are ignored"
    );
}
