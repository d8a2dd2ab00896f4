//! The emulator tier: the same functions against Parameter Store's API served locally (moto).
//! Each test writes below a path of its own: the tests of one run share the emulator.
//!
//! Run them beside `cargo run -p grader -- emulator` (export what it prints), with
//! `cargo test -p ex05 --features emulator emulator::`, or let the grader run the tier:
//! `cargo run -p grader -- report --tier emulator --exercise ex05`.

use aws_sdk_ssm::types::ParameterType;
use ex05::{get_parameter, get_parameters, load_config, put_parameter, ParameterError};
use lab_support::emulator::fresh_id;
use lab_support_ssm::emulator_client;

/// A path no other test writes below.
fn fresh_path() -> String {
    format!("/{}", fresh_id("lab-tests"))
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
    let kept = get_parameter(&client, &name).await.expect("read");
    assert_eq!(kept.value, "first", "the first value is kept");
}

#[lab_harness::graded]
#[tokio::test]
async fn a_secure_string_is_read_back_decrypted() {
    let client = emulator_client();
    let name = format!("{}/api_key", fresh_path());
    put_parameter(
        &client,
        &name,
        "k-secret-1",
        ParameterType::SecureString,
        false,
    )
    .await
    .expect("stored");

    let parameter = get_parameter(&client, &name).await.expect("read");

    assert_eq!(parameter.kind, ParameterType::SecureString);
    assert_eq!(
        parameter.value, "k-secret-1",
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
    put_parameter(&client, &table, "Customers", ParameterType::String, false)
        .await
        .expect("stored");
    put_parameter(&client, &key, "k-2", ParameterType::SecureString, false)
        .await
        .expect("stored");

    let fetched = get_parameters(&client, &[&table, &missing, &key])
        .await
        .expect("fetched");

    let mut found: Vec<(&str, &str)> = fetched
        .found
        .iter()
        .map(|p| (p.name.as_str(), p.value.as_str()))
        .collect();
    found.sort();
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
    let put = |key: &str, value: &str, kind: ParameterType| {
        let name = format!("{path}/{key}");
        let value = value.to_string();
        let client = client.clone();
        async move {
            put_parameter(&client, &name, &value, kind, false)
                .await
                .expect("stored")
        }
    };
    // More parameters than one page of GetParametersByPath holds, before the lab's: whatever
    // order the pages come in, some of the lab's keys are past the first page.
    for n in 0..14 {
        put(
            &format!("other/key_{n:02}"),
            "ignored",
            ParameterType::String,
        )
        .await;
    }
    put("table_name", "DA_Serverless", ParameterType::String).await;
    put("api_key", "k-lab-3", ParameterType::SecureString).await;
    put("limits/page_size", "40", ParameterType::String).await;

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
