use aws_sdk_dynamodb::operation::get_item::GetItemError;
use aws_sdk_dynamodb::Client;
use aws_smithy_mocks::mock;
use ex06::{failure_from, failure_response, Failure, RETRY_AFTER_SECS};
use lab_support::Fixture;
use lab_support_dynamodb::mock_client;

use crate::common::{body_of, header, REQUEST_ID, TABLE};

/// The error of a GetItem answered with `fixture`.
async fn get_item_error(fixture: Fixture) -> aws_sdk_dynamodb::error::SdkError<GetItemError> {
    let rule = mock!(Client::get_item).then_http_response(move || fixture.http_response());
    let client = mock_client(&[&rule]);
    client
        .get_item()
        .table_name(TABLE)
        .key(
            "id",
            aws_sdk_dynamodb::types::AttributeValue::S("c-1".into()),
        )
        .send()
        .await
        .expect_err("the fixture is an error")
}

#[lab_harness::graded]
#[tokio::test]
async fn throttling_codes_are_throttled_whatever_the_service() {
    for code in [
        "ThrottlingException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
    ] {
        let fixture =
            Fixture::expect("dynamodb", "get_item_throttled").with_error_code(code, "slow down");
        let error = get_item_error(fixture).await;
        assert_eq!(
            failure_from(&error),
            Failure::Throttled {
                code: code.to_string()
            }
        );
    }
}

#[lab_harness::graded]
#[tokio::test]
async fn a_failed_condition_is_a_conflict_and_other_codes_are_kept() {
    let fixture = Fixture::expect("dynamodb", "put_item_duplicate");
    assert_eq!(
        failure_from(&get_item_error(fixture).await),
        Failure::Conflict
    );

    let fixture = Fixture::expect("dynamodb", "get_item_missing_table");
    assert_eq!(
        failure_from(&get_item_error(fixture).await),
        Failure::Aws {
            code: "ResourceNotFoundException".to_string()
        }
    );

    let no_code = Fixture::not_from_the_service();
    assert_eq!(
        failure_from(&get_item_error(no_code).await),
        Failure::Aws {
            code: "unknown".to_string()
        },
        "an answer with no error code"
    );
}

#[lab_harness::graded]
#[test]
fn throttling_is_503_with_retry_after() {
    let failure = Failure::Throttled {
        code: "ThrottlingException".to_string(),
    };
    let response = failure_response(&failure, REQUEST_ID);
    assert_eq!(response.status_code, 503);
    assert_eq!(
        header(&response, "retry-after"),
        Some(RETRY_AFTER_SECS.to_string().as_str())
    );
    let body = body_of(&response);
    assert!(body["message"].is_string(), "a message: {body}");
    assert!(
        !body.to_string().contains("ThrottlingException"),
        "nothing AWS said: {body}"
    );
}

#[lab_harness::graded]
#[test]
fn other_failures_are_500_with_the_request_id_and_no_aws_words() {
    let failure = Failure::Aws {
        code: "AccessDeniedException".to_string(),
    };
    let response = failure_response(&failure, REQUEST_ID);
    assert_eq!(response.status_code, 500);
    let body = body_of(&response);
    assert_eq!(
        body["requestId"], REQUEST_ID,
        "the invocation's request id: {body}"
    );
    assert!(body["message"].is_string(), "a message: {body}");
    assert!(
        !body.to_string().contains("AccessDenied"),
        "never the AWS error code: {body}"
    );

    let conflict = failure_response(&Failure::Conflict, REQUEST_ID);
    assert_eq!(conflict.status_code, 409);
    assert!(body_of(&conflict)["message"].is_string());
}
