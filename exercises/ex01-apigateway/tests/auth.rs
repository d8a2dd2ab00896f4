use ex01::{check_api_key, constant_time_eq, ApiError};

use crate::common::{request_of, API_KEY};

#[lab_harness::graded]
#[test]
fn constant_time_eq_compares_whole_slices() {
    assert!(
        constant_time_eq(b"k-7Hq2", b"k-7Hq2"),
        "two equal keys compare equal"
    );
    assert!(
        constant_time_eq(b"", b""),
        "two empty slices are equal: there is no byte that differs"
    );
    assert!(!constant_time_eq(b"k-7Hq2", b"k-7Hq3"), "last byte differs");
    assert!(
        !constant_time_eq(b"x-7Hq2", b"k-7Hq2"),
        "first byte differs"
    );
    assert!(
        !constant_time_eq(b"k-7Hq", b"k-7Hq2"),
        "a prefix is not the key"
    );
    assert!(!constant_time_eq(b"k-7Hq2", b""), "nothing is not the key");
    assert!(
        !constant_time_eq(&[0x01, 0x02], &[0x00, 0x03]),
        "two bytes differ, each by the same bit: differences must add up, never cancel out"
    );
}

#[lab_harness::graded]
#[test]
fn the_right_api_key_passes() {
    assert_eq!(
        check_api_key(&request_of("rest_post_customer"), API_KEY),
        Ok(()),
        "the request carries the lab's key in x-api-key"
    );
}

#[lab_harness::graded]
#[test]
fn a_missing_api_key_is_refused() {
    assert_eq!(
        check_api_key(&request_of("rest_post_without_headers"), API_KEY),
        Err(ApiError::MissingApiKey),
        "the request has no x-api-key header at all"
    );
}

#[lab_harness::graded]
#[test]
fn a_wrong_api_key_is_refused() {
    assert_eq!(
        check_api_key(&request_of("rest_post_wrong_api_key"), API_KEY),
        Err(ApiError::WrongApiKey),
        "the key differs from the lab's in its last character"
    );
}
