use aws_sdk_ssm::operation::get_parameter::GetParameterInput;
use aws_sdk_ssm::operation::get_parameters::GetParametersInput;
use aws_sdk_ssm::operation::put_parameter::PutParameterInput;
use aws_sdk_ssm::types::ParameterType;
use aws_sdk_ssm::Client;
use aws_smithy_mocks::mock;
use ex05::{
    get_parameter, get_parameters, parameter_from_sdk, put_parameter, Fetched, Parameter,
    ParameterError,
};
use lab_support::{Fixture, Requests};
use lab_support_ssm::{mock_client, response};

const API_KEY: &str = "/da-serverless/dev/api_key";
const TABLE_NAME: &str = "/da-serverless/dev/table_name";

#[lab_harness::graded]
#[tokio::test]
async fn get_parameter_asks_for_decryption_and_returns_the_parameter() {
    let gets = Requests::<GetParameterInput>::new();
    let rule = mock!(Client::get_parameter)
        .match_requests(gets.matcher())
        .then_http_response(|| response("get_parameter_secure"));
    let client = mock_client(&[&rule]);

    let result = get_parameter(&client, API_KEY).await;

    let expected = Parameter {
        name: API_KEY.into(),
        value: "k-7Hq2-lab-api-key".into(),
        version: 1,
        kind: ParameterType::SecureString,
    };
    assert_eq!(
        result,
        Ok(expected),
        "the parameter as the recorded answer has it, its SecureString value decrypted"
    );
    let get = gets.only("GetParameter");
    assert_eq!(
        get.name(),
        Some(API_KEY),
        "GetParameter asks for the name it was given"
    );
    assert_eq!(
        get.with_decryption(),
        Some(true),
        "without WithDecryption, a SecureString comes back encrypted"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_parameter_of_a_missing_name_is_not_found_naming_it() {
    let rule =
        mock!(Client::get_parameter).then_http_response(|| response("get_parameter_missing"));
    let client = mock_client(&[&rule]);

    let result = get_parameter(&client, "/da-serverless/dev/no_such_key").await;

    assert_eq!(
        result,
        Err(ParameterError::NotFound {
            name: "/da-serverless/dev/no_such_key".into()
        }),
        "Parameter Store answered ParameterNotFound"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_parameter_throttled_is_throttled() {
    let rule =
        mock!(Client::get_parameter).then_http_response(|| response("get_parameter_throttled"));
    let client = mock_client(&[&rule]);

    let result = get_parameter(&client, API_KEY).await;

    assert_eq!(
        result,
        Err(ParameterError::Throttled),
        "Parameter Store answered ThrottlingException"
    );
}

/// What `get_parameters` found, as (name, value) in name order: neither the contract nor AWS
/// says in which order they come.
pub fn found_in_name_order(fetched: &Fetched) -> Vec<(&str, &str)> {
    let mut found: Vec<(&str, &str)> = fetched
        .found
        .iter()
        .map(|p| (p.name.as_str(), p.value.as_str()))
        .collect();
    found.sort();
    found
}

#[lab_harness::graded]
#[tokio::test]
async fn get_parameters_returns_the_found_parameters_and_the_invalid_names() {
    let gets = Requests::<GetParametersInput>::new();
    let rule = mock!(Client::get_parameters)
        .match_requests(gets.matcher())
        .then_http_response(|| response("get_parameters_mixed"));
    let client = mock_client(&[&rule]);
    let names = [TABLE_NAME, API_KEY, "/da-serverless/dev/no_such_key"];

    let result = get_parameters(&client, &names).await;

    let fetched = result.expect("GetParameters succeeds even when some names do not exist");
    let found = found_in_name_order(&fetched);
    let mut expected = [
        (TABLE_NAME, "DA_Serverless"),
        (API_KEY, "k-7Hq2-lab-api-key"),
    ];
    expected.sort();
    assert_eq!(
        found, expected,
        "the two names that exist come back with their values, the secret one decrypted"
    );
    assert_eq!(
        fetched.invalid,
        ["/da-serverless/dev/no_such_key"],
        "the name that does not exist is reported, not an error"
    );
    let get = gets.only("GetParameters");
    let mut sent: Vec<&str> = get.names().iter().map(String::as_str).collect();
    sent.sort();
    let mut asked = names.to_vec();
    asked.sort();
    assert_eq!(sent, asked, "every name goes into the one request");
    assert_eq!(
        get.with_decryption(),
        Some(true),
        "without WithDecryption a SecureString comes back encrypted"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_parameters_refuses_more_than_ten_names_without_asking() {
    let gets = Requests::<GetParametersInput>::new();
    let rule = mock!(Client::get_parameters)
        .match_requests(gets.matcher())
        .then_http_response(|| response("get_parameters_mixed"));
    let client = mock_client(&[&rule]);
    let names: Vec<String> = (1..=11)
        .map(|n| format!("/da-serverless/dev/key_{n}"))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();

    let result = get_parameters(&client, &names).await;

    assert_eq!(
        result,
        Err(ParameterError::TooManyNames { count: 11 }),
        "GetParameters takes at most 10 names: 11 are refused before any request"
    );
    assert_eq!(
        gets.count(),
        0,
        "AWS would refuse the request: do not send it"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_parameters_sends_exactly_ten_names_in_one_request() {
    let gets = Requests::<GetParametersInput>::new();
    let rule = mock!(Client::get_parameters)
        .match_requests(gets.matcher())
        .then_http_response(|| response("get_parameters_mixed"));
    let client = mock_client(&[&rule]);
    let names: Vec<String> = (1..=10)
        .map(|n| format!("/da-serverless/dev/key_{n}"))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();

    let result = get_parameters(&client, &names).await;

    assert!(
        result.is_ok(),
        "10 names is the most one GetParameters takes, not too many: expected Ok, got {result:?}"
    );
    let sent = gets.only("GetParameters");
    let mut sent_names = sent.names().to_vec();
    sent_names.sort();
    let mut expected: Vec<String> = names.iter().map(|name| name.to_string()).collect();
    expected.sort();
    assert_eq!(sent_names, expected, "all ten names go in the one request");
}

#[lab_harness::graded]
#[tokio::test]
async fn put_parameter_creates_a_parameter_at_version_1() {
    let puts = Requests::<PutParameterInput>::new();
    let rule = mock!(Client::put_parameter)
        .match_requests(puts.matcher())
        .then_http_response(|| response("put_parameter_created"));
    let client = mock_client(&[&rule]);

    let result = put_parameter(
        &client,
        TABLE_NAME,
        "DA_Serverless",
        ParameterType::String,
        false,
    )
    .await;

    assert_eq!(
        result,
        Ok(1),
        "a new parameter starts at version 1, as the answer says"
    );
    let put = puts.only("PutParameter");
    assert_eq!(
        put.name(),
        Some(TABLE_NAME),
        "the parameter is written under the name given"
    );
    assert_eq!(
        put.value(),
        Some("DA_Serverless"),
        "the value is sent as given"
    );
    assert_eq!(
        put.r#type(),
        Some(&ParameterType::String),
        "the type is sent as given: a table name is no secret"
    );
    assert_ne!(put.overwrite(), Some(true), "overwrite was not asked for");
}

#[lab_harness::graded]
#[tokio::test]
async fn put_parameter_with_overwrite_returns_the_new_version() {
    let puts = Requests::<PutParameterInput>::new();
    let rule = mock!(Client::put_parameter)
        .match_requests(puts.matcher())
        .then_http_response(|| response("put_parameter_overwritten"));
    let client = mock_client(&[&rule]);

    let result = put_parameter(
        &client,
        TABLE_NAME,
        "DA_Serverless_v2",
        ParameterType::String,
        true,
    )
    .await;

    assert_eq!(result, Ok(2), "each overwrite makes a new version");
    assert_eq!(
        puts.only("PutParameter").overwrite(),
        Some(true),
        "replacing a parameter needs Overwrite, or Parameter Store refuses"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn put_parameter_without_overwrite_on_an_existing_name_is_already_exists() {
    let rule = mock!(Client::put_parameter).then_http_response(|| response("put_parameter_exists"));
    let client = mock_client(&[&rule]);

    let result = put_parameter(
        &client,
        TABLE_NAME,
        "DA_Serverless",
        ParameterType::String,
        false,
    )
    .await;

    assert_eq!(
        result,
        Err(ParameterError::AlreadyExists {
            name: TABLE_NAME.into()
        }),
        "Parameter Store answered ParameterAlreadyExists"
    );
}

/// Parameter Store's ThrottlingException answer under another error code. Recorded for
/// GetParameter; every operation answers errors in the same JSON shape.
fn error_answer(code: &str) -> Fixture {
    Fixture::expect("ssm", "get_parameter_throttled").with_error_code(code, "Something failed.")
}

#[lab_harness::graded]
#[tokio::test]
async fn get_parameter_reports_other_errors_as_service_errors() {
    let answer = error_answer("InternalServerError");
    let rule = mock!(Client::get_parameter).then_http_response(move || answer.http_response());
    let client = mock_client(&[&rule]);

    let result = get_parameter(&client, API_KEY).await;

    assert!(
        matches!(&result, Err(ParameterError::Service(description)) if !description.is_empty()),
        "Parameter Store answered InternalServerError, a code with no variant of its own: \
         expected Err(ParameterError::Service(<a description>)), got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_parameter_of_an_answer_without_a_parameter_is_incomplete() {
    let answer = Fixture::expect("ssm", "get_parameter_secure").without("Parameter");
    let rule = mock!(Client::get_parameter).then_http_response(move || answer.http_response());
    let client = mock_client(&[&rule]);

    let result = get_parameter(&client, API_KEY).await;

    assert_eq!(
        result,
        Err(ParameterError::Incomplete("Parameter")),
        "an answer with no Parameter has nothing to return: say what is missing"
    );
}

#[lab_harness::graded]
#[test]
fn parameter_from_sdk_needs_a_name_and_a_value() {
    use aws_sdk_ssm::types::Parameter as SdkParameter;
    let without_name = SdkParameter::builder().value("DA_Serverless").build();
    let without_value = SdkParameter::builder().name(TABLE_NAME).build();
    let without_type = SdkParameter::builder()
        .name(TABLE_NAME)
        .value("DA_Serverless")
        .version(3)
        .build();

    assert_eq!(
        parameter_from_sdk(&without_name),
        Err(ParameterError::Incomplete("Name")),
        "a parameter without a name"
    );
    assert_eq!(
        parameter_from_sdk(&without_value),
        Err(ParameterError::Incomplete("Value")),
        "a parameter without a value"
    );
    assert_eq!(
        parameter_from_sdk(&without_type),
        Ok(Parameter {
            name: TABLE_NAME.into(),
            value: "DA_Serverless".into(),
            version: 3,
            kind: ParameterType::String,
        }),
        "name, value and version copied; a parameter without a type is a String"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_parameters_and_put_parameter_pass_errors_through_the_mapping() {
    let gets =
        mock!(Client::get_parameters).then_http_response(|| response("get_parameter_throttled"));
    let puts =
        mock!(Client::put_parameter).then_http_response(|| response("get_parameter_throttled"));
    let client = mock_client(&[&gets, &puts]);

    let fetched = get_parameters(&client, &[TABLE_NAME, API_KEY]).await;
    let put = put_parameter(
        &client,
        TABLE_NAME,
        "DA_Serverless",
        ParameterType::String,
        false,
    )
    .await;

    assert_eq!(
        fetched,
        Err(ParameterError::Throttled),
        "GetParameters was throttled: map_ssm_error names it"
    );
    assert_eq!(
        put,
        Err(ParameterError::Throttled),
        "PutParameter was throttled, which says nothing about whether the name exists"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn an_answer_not_from_parameter_store_is_a_service_error() {
    let answer = Fixture::not_from_the_service();
    let rule = mock!(Client::get_parameter).then_http_response(move || answer.http_response());
    let client = mock_client(&[&rule]);

    let result = get_parameter(&client, API_KEY).await;

    assert!(
        matches!(&result, Err(ParameterError::Service(description)) if !description.is_empty()),
        "a proxy answered with an HTML page, so the error has no Parameter Store code at all: \
         expected Err(ParameterError::Service(<a description>)), got {result:?}"
    );
}
