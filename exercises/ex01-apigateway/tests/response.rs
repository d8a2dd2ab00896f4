use ex01::{binary_response, error_response, json_response, ApiError};
use serde_json::json;

use crate::common::{header, json_body, snapshot_of};

#[lab_harness::graded]
#[test]
fn json_response_sets_status_content_type_and_a_text_body() {
    let response = json_response(201, &json!({"id": "c-2001", "firstname": "Filipa"}));
    insta::assert_json_snapshot!(snapshot_of(&response, &["content-type"]));
}

#[lab_harness::graded]
#[test]
fn binary_response_is_base64_encoded() {
    let png_signature = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    let response = binary_response(200, "image/png", &png_signature);
    assert!(
        response.is_base64_encoded,
        "binary bodies travel as base64 text"
    );
    insta::assert_json_snapshot!(snapshot_of(&response, &["content-type"]));
}

#[lab_harness::graded]
#[test]
fn an_error_response_names_the_field_and_the_reason() {
    let error = ApiError::InvalidField {
        field: "email",
        reason: "is not an email address".into(),
    };
    insta::assert_json_snapshot!(snapshot_of(
        &error_response(&error),
        &["content-type", "allow"]
    ));
}

#[lab_harness::graded]
#[test]
fn a_content_type_that_is_no_header_value_becomes_octet_stream() {
    let response = binary_response(200, "image/png\n", &[0x89, b'P', b'N', b'G']);
    assert_eq!(
        header(&response, "content-type"),
        Some("application/octet-stream"),
        "a line break cannot be part of a header value: the generic binary type instead, never \
         a panic"
    );
}

#[lab_harness::graded]
#[test]
fn an_error_about_no_field_has_no_field_in_its_body() {
    let error = ApiError::NoSuchCustomer {
        id: "c-9999".into(),
    };
    assert_eq!(
        json_body(&error_response(&error)),
        json!({ "error": error.to_string() }),
        "the body names a field only when the error is about one"
    );
}
