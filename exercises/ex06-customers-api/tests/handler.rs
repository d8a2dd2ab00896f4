use aws_lambda_events::apigw::ApiGatewayProxyRequest;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use ex06::{handle, App};
use lab_support::apigateway::rest_event;
use lab_support::Fixture;
use lab_support_kms::recorded_blob;
use serde_json::json;

use crate::common::{
    app, body_of, header, mocked_clients, recorded_flow, Calls, APP_KEY, APP_TABLE, CUSTOMER_ID,
    EMAIL, NEW_ID, REQUEST_ID,
};

/// An app whose PutItem, GetItem, Encrypt and Decrypt calls are answered with the fixtures
/// `put`, `get` (of DynamoDB), `encrypt` and `decrypt` (of KMS).
fn app_answering(put: &str, get: &str, encrypt: &str, decrypt: &str) -> (App, Calls) {
    app_answering_get(put, Fixture::expect("dynamodb", get), encrypt, decrypt)
}

/// Like [`app_answering`], with GetItem answered by the fixture `get` itself.
fn app_answering_get(put: &str, get: Fixture, encrypt: &str, decrypt: &str) -> (App, Calls) {
    let (dynamodb, kms, calls) = mocked_clients([
        Fixture::expect("dynamodb", put),
        get,
        Fixture::expect("kms", encrypt),
        Fixture::expect("kms", decrypt),
    ]);
    (app(dynamodb, kms), calls)
}

/// The event `name`, with this app's key in place of the fixture's.
fn request(name: &str) -> ApiGatewayProxyRequest {
    let mut event = rest_event(name);
    event
        .headers
        .insert("x-api-key", APP_KEY.parse().expect("a header value"));
    event
}

/// The app of the recorded flow: every call succeeds.
fn recorded_app() -> (App, Calls) {
    let (dynamodb, kms, calls) = mocked_clients(recorded_flow());
    (app(dynamodb, kms), calls)
}

#[lab_harness::graded]
#[tokio::test]
async fn a_missing_or_wrong_api_key_is_403_before_any_aws_call() {
    let (app, calls) = recorded_app();
    let mut get_without_key = request("rest_get_new_customer");
    get_without_key.headers.clear();
    let mut unknown_path_wrong_key = rest_event("rest_get_unknown_path");
    unknown_path_wrong_key.headers.insert(
        "x-api-key",
        "k-handler-tost-api-key".parse().expect("a header value"),
    );
    for (about, event) in [
        (
            "a POST with a wrong key",
            rest_event("rest_post_wrong_api_key"),
        ),
        (
            "a POST with no headers",
            rest_event("rest_post_without_headers"),
        ),
        ("a GET without the key", get_without_key),
        ("an unknown path with a wrong key", unknown_path_wrong_key),
        (
            "the fixtures' key, which is not this app's",
            rest_event("rest_post_new_customer"),
        ),
    ] {
        let response = handle(&app, &event, REQUEST_ID).await;
        assert_eq!(response.status_code, 403, "{about}");
    }
    assert_eq!(
        calls.total(),
        0,
        "no AWS call for a request without the key"
    );
    let with_key = handle(&app, &request("rest_post_new_customer"), REQUEST_ID).await;
    assert_ne!(with_key.status_code, 403, "the lab's key opens the API");
}

#[lab_harness::graded]
#[tokio::test]
async fn post_stores_the_customer_and_answers_201_with_its_location() {
    let (app, calls) = recorded_app();

    let response = handle(&app, &request("rest_post_new_customer"), REQUEST_ID).await;

    assert_eq!(response.status_code, 201, "body {:?}", response.body);
    assert_eq!(body_of(&response), json!({"id": NEW_ID}));
    let location = format!("/customers/{NEW_ID}");
    assert_eq!(header(&response, "location"), Some(location.as_str()));
    let encrypt = calls.encrypts.only("Encrypt");
    assert_eq!(
        encrypt.plaintext().map(|blob| blob.as_ref()),
        Some(EMAIL.as_bytes())
    );
    assert_eq!(
        encrypt
            .encryption_context()
            .and_then(|context| context.get("customerId")),
        Some(&NEW_ID.to_string()),
        "the email is bound to the new id"
    );
    let put = calls.puts.only("PutItem");
    assert_eq!(
        put.table_name(),
        Some(APP_TABLE),
        "the table of the configuration"
    );
    let item = put.item().cloned().unwrap_or_default();
    assert_eq!(
        item.get("id"),
        Some(&AttributeValue::S(NEW_ID.to_string())),
        "the id is the new one"
    );
    assert_eq!(
        item.get("email"),
        Some(&AttributeValue::B(Blob::new(recorded_blob(
            "encrypt_email",
            "CiphertextBlob"
        )))),
        "the email stored is KMS's ciphertext"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn an_invalid_post_is_400_before_any_aws_call() {
    let (app, calls) = recorded_app();

    let invalid = handle(&app, &request("rest_post_invalid_customer"), REQUEST_ID).await;
    let malformed = handle(&app, &request("rest_post_malformed_json"), REQUEST_ID).await;

    assert_eq!(invalid.status_code, 400);
    assert_eq!(
        body_of(&invalid)["message"],
        "firstname is missing or invalid",
        "the message is the refusal's Display"
    );
    assert_eq!(malformed.status_code, 400);
    assert_eq!(
        body_of(&malformed)["message"],
        "the body is not a JSON object"
    );
    assert_eq!(
        calls.total(),
        0,
        "no AWS call for a request the function refuses"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_answers_the_customer_with_the_email_decrypted() {
    let (app, calls) = recorded_app();

    let response = handle(&app, &request("rest_get_new_customer"), REQUEST_ID).await;

    assert_eq!(response.status_code, 200, "body {:?}", response.body);
    // Sorted: the order of a JSON object's keys is not part of the contract.
    insta::with_settings!({sort_maps => true}, {
        insta::assert_json_snapshot!(body_of(&response));
    });
    let get = calls.gets.only("GetItem");
    assert_eq!(
        get.table_name(),
        Some(APP_TABLE),
        "the table of the configuration"
    );
    assert_eq!(
        get.key().and_then(|key| key.get("id")),
        Some(&AttributeValue::S(CUSTOMER_ID.to_string())),
        "the id from the path"
    );
    let decrypt = calls.decrypts.only("Decrypt");
    assert_eq!(
        decrypt
            .encryption_context()
            .and_then(|context| context.get("customerId")),
        Some(&CUSTOMER_ID.to_string())
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn get_of_an_unknown_id_is_404() {
    let (app, calls) = app_answering(
        "put_item_encrypted_email",
        "get_item_absent",
        "encrypt_email",
        "decrypt_email",
    );

    let response = handle(&app, &request("rest_get_new_customer"), REQUEST_ID).await;

    assert_eq!(response.status_code, 404);
    assert!(body_of(&response)["message"].is_string());
    assert_eq!(calls.decrypts.count(), 0, "nothing to decrypt");
    assert_eq!(
        calls.gets.count(),
        1,
        "the table says whether the customer exists"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn an_unknown_route_is_404() {
    let (app, calls) = recorded_app();
    for name in [
        "rest_get_unknown_path",
        "rest_delete_customers",
        "rest_options_preflight",
    ] {
        let response = handle(&app, &request(name), REQUEST_ID).await;
        assert_eq!(response.status_code, 404, "{name}");
    }
    assert_eq!(calls.total(), 0);
    let known = handle(&app, &request("rest_get_new_customer"), REQUEST_ID).await;
    assert_ne!(known.status_code, 404, "GET /customers/{{id}} is a route");
}

#[lab_harness::graded]
#[tokio::test]
async fn an_aws_failure_becomes_its_answer() {
    let (throttled, _) = app_answering(
        "put_item_encrypted_email",
        "get_item_throttled",
        "encrypt_email",
        "decrypt_email",
    );
    let response = handle(&throttled, &request("rest_get_new_customer"), REQUEST_ID).await;
    assert_eq!(response.status_code, 503, "DynamoDB throttled the read");
    assert!(header(&response, "retry-after").is_some());

    let (kms_throttled, calls) = app_answering(
        "put_item_encrypted_email",
        "get_item_encrypted_email",
        "encrypt_throttled",
        "decrypt_email",
    );
    let response = handle(
        &kms_throttled,
        &request("rest_post_new_customer"),
        REQUEST_ID,
    )
    .await;
    assert_eq!(response.status_code, 503, "KMS throttled the encryption");
    assert_eq!(
        calls.puts.count(),
        0,
        "nothing is stored without its ciphertext"
    );

    let (refused, _) = app_answering(
        "put_item_encrypted_email",
        "get_item_encrypted_email",
        "encrypt_email",
        "decrypt_email_other_customer",
    );
    let response = handle(&refused, &request("rest_get_new_customer"), REQUEST_ID).await;
    assert_eq!(response.status_code, 500, "KMS refused the ciphertext");
    assert_eq!(body_of(&response)["requestId"], REQUEST_ID);
}

#[lab_harness::graded]
#[tokio::test]
async fn get_of_a_customer_without_a_lastname_answers_null() {
    let mut item = Fixture::expect("dynamodb", "get_item_encrypted_email");
    if let Some(item) = item.response.body["Item"].as_object_mut() {
        item.remove("lastname");
    }
    let (app, _) = app_answering_get(
        "put_item_encrypted_email",
        item,
        "encrypt_email",
        "decrypt_email",
    );

    let response = handle(&app, &request("rest_get_new_customer"), REQUEST_ID).await;

    assert_eq!(response.status_code, 200, "body {:?}", response.body);
    assert_eq!(
        body_of(&response),
        json!({"id": CUSTOMER_ID, "firstname": "Filipa", "lastname": null, "email": EMAIL}),
        "the lastname is there, and null"
    );
}
