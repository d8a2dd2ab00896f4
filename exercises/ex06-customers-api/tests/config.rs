use aws_sdk_ssm::operation::get_parameters::GetParametersInput;
use aws_sdk_ssm::Client;
use aws_smithy_mocks::mock;
use ex06::{load_config, parameter_name, ConfigError};
use lab_support::{Fixture, Requests};
use lab_support_ssm::{mock_client, response};

use crate::common::{API_KEY, TABLE};

#[lab_harness::graded]
#[test]
fn parameter_names_are_below_the_stage() {
    assert_eq!(
        parameter_name("dev", "DB_NAME"),
        "/da-serverless/dev/DB_NAME"
    );
    assert_eq!(parameter_name("qa", "API_KEY"), "/da-serverless/qa/API_KEY");
}

#[lab_harness::graded]
#[tokio::test]
async fn the_configuration_is_read_in_one_call_with_decryption() {
    let calls = Requests::<GetParametersInput>::new();
    let rule = mock!(Client::get_parameters)
        .match_requests(calls.matcher())
        .then_http_response(|| response("get_parameters_lab"));
    let client = mock_client(&[&rule]);

    let config = load_config(&client, "dev").await;

    let config = config.unwrap_or_else(|error| panic!("expected the config, got {error:?}"));
    assert_eq!(config.table, TABLE, "the table is DB_NAME's value");
    assert_eq!(config.api_key, API_KEY, "the API key is API_KEY's value");
    assert!(
        !format!("{config:?}").contains(API_KEY),
        "the configuration's Debug (given) never shows the key"
    );
    let call = calls.only("GetParameters");
    let mut names = call.names().to_vec();
    names.sort();
    assert_eq!(
        names,
        ["/da-serverless/dev/API_KEY", "/da-serverless/dev/DB_NAME"],
        "both names, in one call"
    );
    assert_eq!(
        call.with_decryption(),
        Some(true),
        "API_KEY is a SecureString: ask for it decrypted"
    );

    // The same answer with its parameters in the other order: each value is found by its name.
    let mut reversed = Fixture::expect("ssm", "get_parameters_lab");
    if let Some(parameters) = reversed.response.body["Parameters"].as_array_mut() {
        parameters.reverse();
    }
    let rule = mock!(Client::get_parameters).then_http_response(move || reversed.http_response());
    let client = mock_client(&[&rule]);
    let config = load_config(&client, "dev").await;
    let config = config.unwrap_or_else(|error| panic!("expected the config, got {error:?}"));
    assert_eq!(
        (config.table.as_str(), config.api_key.as_str()),
        (TABLE, API_KEY),
        "the parameters in another order"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_missing_parameter_is_named() {
    let calls = Requests::<GetParametersInput>::new();
    let rule = mock!(Client::get_parameters)
        .match_requests(calls.matcher())
        .then_http_response(|| response("get_parameters_lab_no_api_key"));
    let client = mock_client(&[&rule]);

    let config = load_config(&client, "qa").await;

    assert_eq!(
        config.map(|config| config.table),
        Err(ConfigError::Missing {
            name: "/da-serverless/qa/API_KEY".to_string()
        }),
        "qa has no API_KEY: Parameter Store lists it in InvalidParameters"
    );
    let mut names = calls.only("GetParameters").names().to_vec();
    names.sort();
    assert_eq!(
        names,
        ["/da-serverless/qa/API_KEY", "/da-serverless/qa/DB_NAME"],
        "the names of the stage asked for"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn parameter_store_refusing_is_unavailable_not_a_panic() {
    let rule =
        mock!(Client::get_parameters).then_http_response(|| response("get_parameters_throttled"));
    let client = mock_client(&[&rule]);

    let config = load_config(&client, "dev").await;

    assert_eq!(
        config.map(|config| config.table),
        Err(ConfigError::Unavailable {
            code: "ThrottlingException".to_string()
        })
    );
}
