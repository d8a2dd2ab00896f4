//! The whole flow, through the Lambda Runtime API: the function starts, reads its configuration,
//! and serves a POST and then a GET of the same customer, as Lambda would hand them to it.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_ssm::operation::get_parameters::GetParametersInput;
use aws_smithy_mocks::mock;
use ex06::{serve, Clients};
use lab_support::events::event_fixture;
use lab_support::runtime_api::{Report, RuntimeApi};
use lab_support::Requests;
use serde_json::Value;

use crate::common::{mocked_clients, recorded_flow, CUSTOMER_ID, EMAIL};

/// The stage the function serves, whose table and key are not dev's (the other tests').
const STAGE: &str = "staging";
const STAGE_TABLE: &str = "DA_Serverless_staging";
const STAGE_KEY: &str = "k-staging-lab-api-key";

/// Longer than any correct function needs, well inside the grader's time limit.
const WAIT: Duration = Duration::from_secs(5);

/// The event `name`, sent with the stage's API key.
fn event_with_stage_key(name: &str) -> Value {
    let mut event = event_fixture("apigateway", name).event;
    event["headers"]["X-Api-Key"] = STAGE_KEY.into();
    event["multiValueHeaders"]["X-Api-Key"] = serde_json::json!([STAGE_KEY]);
    event
}

/// The API Gateway response the function posted for `request_id`: its status and its body.
fn answer(reports: &[Report], request_id: &str) -> (i64, Value) {
    let posted = reports.iter().find_map(|report| match report {
        Report::Response {
            request_id: id,
            body,
        } if id == request_id => Some(body),
        _ => None,
    });
    let posted = posted.unwrap_or_else(|| {
        panic!("no response posted for invocation {request_id}; the function reported {reports:?}")
    });
    let status = posted["statusCode"].as_i64().unwrap_or_default();
    let body = posted["body"]
        .as_str()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or(Value::Null);
    (status, body)
}

#[lab_harness::graded]
#[test]
fn the_function_serves_a_post_then_a_get_through_the_runtime_api() {
    let api = RuntimeApi::start();
    // lambda_runtime reads where its Runtime API is from the environment, as on Lambda. No other
    // test of this exercise reads these variables.
    for (name, value) in [
        ("AWS_LAMBDA_RUNTIME_API", api.address()),
        ("AWS_LAMBDA_FUNCTION_NAME", "da-serverless-customers"),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
    ] {
        std::env::set_var(name, value);
    }

    let configs = Requests::<GetParametersInput>::new();
    let get_parameters = mock!(aws_sdk_ssm::Client::get_parameters)
        .match_requests(configs.matcher())
        .then_http_response(|| lab_support_ssm::response("get_parameters_lab_staging"));
    let (dynamodb, kms, calls) = mocked_clients(recorded_flow());
    let clients = Clients {
        ssm: lab_support_ssm::mock_client(&[&get_parameters]),
        dynamodb,
        kms,
    };
    let function = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let served = runtime.block_on(serve(clients, STAGE, Arc::new(|| CUSTOMER_ID.to_string())));
        eprintln!("the function stopped serving: {served:?}");
    });

    let post = event_with_stage_key("rest_post_new_customer");
    api.invoke("req-post", post, Duration::from_secs(3));
    let (status, body) = answer(
        &api.reports_while_running(1, WAIT, || function.is_finished()),
        "req-post",
    );
    assert_eq!(status, 201, "the POST's answer, body {body}");
    assert_eq!(body["id"], CUSTOMER_ID, "the POST answers the new id");

    let get = event_with_stage_key("rest_get_new_customer");
    api.invoke("req-get", get, Duration::from_secs(3));
    let (status, body) = answer(
        &api.reports_while_running(2, WAIT, || function.is_finished()),
        "req-get",
    );
    assert_eq!(status, 200, "the GET's answer, body {body}");
    assert_eq!(body["email"], EMAIL, "the email, decrypted: {body}");
    assert_eq!(body["firstname"], "Filipa");

    assert_eq!(
        configs.count(),
        1,
        "the configuration is read once, at cold start, not at every invocation"
    );
    assert_eq!(
        (
            calls.encrypts.count(),
            calls.puts.count(),
            calls.gets.count(),
            calls.decrypts.count()
        ),
        (1, 1, 1, 1),
        "(Encrypt, PutItem, GetItem, Decrypt) calls: the POST encrypts and puts, the GET gets and decrypts"
    );
    assert!(
        configs
            .only("GetParameters")
            .names()
            .iter()
            .all(|name| name.starts_with("/da-serverless/staging/")),
        "the configuration of the stage serve was given"
    );
    assert_eq!(
        (
            calls.puts.only("PutItem").table_name(),
            calls.gets.only("GetItem").table_name()
        ),
        (Some(STAGE_TABLE), Some(STAGE_TABLE)),
        "the table is the stage's DB_NAME"
    );
}
