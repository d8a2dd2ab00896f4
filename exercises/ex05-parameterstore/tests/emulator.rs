//! The emulator tier: the same functions against Parameter Store's API served locally (moto).
//! Each test writes below a path of its own: the tests of one run share the emulator.
//!
//! Run them beside `cargo run -p grader -- emulator` (export what it prints), with
//! `cargo test -p ex05 --features emulator emulator::`, or let the grader run the tier:
//! `cargo run -p grader -- report --tier emulator --exercise ex05`.

use aws_sdk_ssm::types::ParameterType;
use aws_sdk_ssm::Client;
use ex05::{get_parameter, get_parameters, load_config, put_parameter, ParameterError};
use lab_support::emulator::fresh_id;
use lab_support_ssm::emulator_client;

use crate::parameter::found_in_name_order;

/// A path no other test writes below.
fn fresh_path() -> String {
    format!("/{}", fresh_id("lab-tests"))
}

/// Stores a parameter with the test's own PutParameter: state the function under test must find.
async fn put(client: &Client, name: &str, value: &str, kind: ParameterType) {
    client
        .put_parameter()
        .name(name)
        .value(value)
        .r#type(kind)
        .send()
        .await
        .expect("the test's own PutParameter");
}

/// What Parameter Store holds under `name` (decrypted), read with the test's own GetParameter:
/// its value, version and type.
async fn stored(client: &Client, name: &str) -> (String, i64, ParameterType) {
    let parameter = client
        .get_parameter()
        .name(name)
        .with_decryption(true)
        .send()
        .await
        .expect("the test's own GetParameter")
        .parameter
        .expect("a parameter");
    (
        parameter.value.unwrap_or_default(),
        parameter.version,
        parameter.r#type.expect("a type"),
    )
}

#[lab_harness::graded]
#[tokio::test]
async fn a_stored_parameter_is_read_back_with_its_version() {
    let client = emulator_client();
    let name = format!("{}/table_name", fresh_path());

    let first = put_parameter(&client, &name, "Customers_v1", ParameterType::String, false)
        .await
        .expect("stored");
    let second = put_parameter(&client, &name, "Customers_v2", ParameterType::String, true)
        .await
        .expect("overwritten");

    assert_eq!((first, second), (1, 2), "versions start at 1 and grow by 1");
    assert_eq!(
        stored(&client, &name).await,
        ("Customers_v2".to_string(), 2, ParameterType::String),
        "what Parameter Store holds"
    );
    let parameter = get_parameter(&client, &name).await.expect("read");
    assert_eq!(parameter.name, name);
    assert_eq!(parameter.value, "Customers_v2");
    assert_eq!(parameter.version, 2);
    assert_eq!(parameter.kind, ParameterType::String);
}

#[lab_harness::graded]
#[tokio::test]
async fn storing_an_existing_name_without_overwrite_is_already_exists() {
    let client = emulator_client();
    let name = format!("{}/table_name", fresh_path());
    put_parameter(&client, &name, "first", ParameterType::String, false)
        .await
        .expect("stored");

    let result = put_parameter(&client, &name, "second", ParameterType::String, false).await;

    assert_eq!(
        result,
        Err(ParameterError::AlreadyExists { name: name.clone() })
    );
    assert_eq!(
        stored(&client, &name).await,
        ("first".to_string(), 1, ParameterType::String),
        "the first value is kept"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_secure_string_is_read_back_decrypted() {
    let client = emulator_client();
    let path = fresh_path();
    let name = format!("{path}/api_key");
    put_parameter(
        &client,
        &name,
        "k-secret-1",
        ParameterType::SecureString,
        false,
    )
    .await
    .expect("stored");
    assert_eq!(
        stored(&client, &name).await,
        ("k-secret-1".to_string(), 1, ParameterType::SecureString),
        "stored as a SecureString"
    );
    let other = format!("{path}/other_key");
    put(&client, &other, "k-secret-2", ParameterType::SecureString).await;

    let parameter = get_parameter(&client, &other).await.expect("read");

    assert_eq!(parameter.kind, ParameterType::SecureString);
    assert_eq!(
        parameter.value, "k-secret-2",
        "the value comes back decrypted"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn names_asked_together_come_back_as_found_and_invalid() {
    let client = emulator_client();
    let path = fresh_path();
    let table = format!("{path}/table_name");
    let key = format!("{path}/api_key");
    let missing = format!("{path}/no_such_name");
    put(&client, &table, "Customers", ParameterType::String).await;
    put(&client, &key, "k-2", ParameterType::SecureString).await;

    let fetched = get_parameters(&client, &[&table, &missing, &key])
        .await
        .expect("fetched");

    let found = found_in_name_order(&fetched);
    let mut expected = vec![(key.as_str(), "k-2"), (table.as_str(), "Customers")];
    expected.sort();
    assert_eq!(found, expected, "both found, the SecureString decrypted");
    assert_eq!(fetched.invalid, vec![missing]);
}

#[lab_harness::graded]
#[tokio::test]
async fn the_labs_configuration_is_read_below_its_path_across_pages() {
    let client = emulator_client();
    let path = fresh_path();
    let below = |key: &str| format!("{path}/{key}");
    // More parameters than one page of GetParametersByPath holds, before the lab's: whatever
    // order the pages come in, some of the lab's keys are past the first page.
    for n in 0..14 {
        let name = below(&format!("other/key_{n:02}"));
        put(&client, &name, "ignored", ParameterType::String).await;
    }
    put(
        &client,
        &below("table_name"),
        "DA_Serverless",
        ParameterType::String,
    )
    .await;
    put(
        &client,
        &below("api_key"),
        "k-lab-3",
        ParameterType::SecureString,
    )
    .await;
    put(
        &client,
        &below("limits/page_size"),
        "40",
        ParameterType::String,
    )
    .await;

    let config = load_config(&client, &path).await.expect("loaded");

    assert_eq!(config.table_name, "DA_Serverless");
    assert_eq!(config.api_key, "k-lab-3", "the SecureString is decrypted");
    assert_eq!(config.page_size, 40);
}

#[lab_harness::graded]
#[tokio::test]
async fn a_name_that_does_not_exist_is_not_found() {
    let client = emulator_client();
    let name = format!("{}/table_name", fresh_path());

    let result = get_parameter(&client, &name).await;

    assert_eq!(result, Err(ParameterError::NotFound { name }));
}
