//! Hidden tests of exercise 1: graded by the instructor, left out of the student's copy (see
//! docs/instructor-guide.md, "The student repository").

use ex01::{check_api_key, ApiError};

use crate::common::{request_of, API_KEY};

/// A key sent is the expected key only whole: the sent key being where the expected one starts
/// does not make it right.
#[lab_harness::graded]
#[test]
fn a_key_that_the_expected_key_only_starts_with_is_refused() {
    let longer = format!("{API_KEY}-2");
    assert_eq!(
        check_api_key(&request_of("rest_post_customer"), &longer),
        Err(ApiError::WrongApiKey),
        "the request sends {API_KEY:?}, the lab expects {longer:?}"
    );
}
