use aws_sdk_kms::Client;
use aws_smithy_mocks::mock;
use ex04::{decrypt_secret, encrypt_secret, KmsError, KEY_ALIAS};
use lab_support::Fixture;
use lab_support_kms::{mock_client, recorded_blob, response};

use crate::common::{secret_context, SECRET};

async fn encrypt_answered_by(fixture: &'static str) -> Result<Vec<u8>, KmsError> {
    encrypt_answered_with(Fixture::expect("kms", fixture)).await
}

async fn encrypt_answered_with(answer: Fixture) -> Result<Vec<u8>, KmsError> {
    let rule = mock!(Client::encrypt).then_http_response(move || answer.http_response());
    let client = mock_client(&[&rule]);
    encrypt_secret(&client, KEY_ALIAS, SECRET, &secret_context()).await
}

async fn decrypt_answered_by(fixture: &'static str) -> Result<Vec<u8>, KmsError> {
    let rule = mock!(Client::decrypt).then_http_response(move || response(fixture));
    let client = mock_client(&[&rule]);
    let ciphertext = recorded_blob("encrypt", "CiphertextBlob");
    decrypt_secret(&client, "alias/another-key", &ciphertext, &secret_context()).await
}

#[lab_harness::graded]
#[tokio::test]
async fn an_unknown_alias_is_key_not_found() {
    let result = encrypt_answered_by("encrypt_unknown_alias").await;
    assert_eq!(
        result,
        Err(KmsError::KeyNotFound),
        "KMS answered NotFoundException"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_disabled_key_is_key_disabled() {
    let result = encrypt_answered_by("encrypt_disabled").await;
    assert_eq!(
        result,
        Err(KmsError::KeyDisabled),
        "KMS answered DisabledException"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn an_incorrect_key_is_wrong_key() {
    let result = decrypt_answered_by("decrypt_incorrect_key").await;
    assert_eq!(
        result,
        Err(KmsError::WrongKey),
        "KMS answered IncorrectKeyException: the ciphertext was encrypted under another key"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn access_denied_is_access_denied_not_wrong_key() {
    let result = decrypt_answered_by("decrypt_access_denied").await;
    assert_eq!(
        result,
        Err(KmsError::AccessDenied),
        "KMS answered AccessDeniedException: a policy denied the caller, which is not a wrong key"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_key_in_an_unusable_state_is_a_service_error() {
    // The recorded refusal of a disabled key, as KMS answers a key pending deletion.
    let answer = Fixture::expect("kms", "encrypt_disabled")
        .with_error_code("KMSInvalidStateException", "the key is pending deletion");

    let result = encrypt_answered_with(answer).await;

    assert!(
        matches!(&result, Err(KmsError::Service(description)) if !description.is_empty()),
        "KMS answered KMSInvalidStateException, a code with no variant of its own: expected \
         Err(KmsError::Service(<a description>)), got {result:?}"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn throttling_is_throttled() {
    let result = encrypt_answered_by("encrypt_throttled").await;
    assert_eq!(
        result,
        Err(KmsError::Throttled),
        "KMS answered ThrottlingException"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn every_kms_error_reads_as_a_sentence() {
    let mut lines = Vec::new();
    for fixture in [
        "encrypt_unknown_alias",
        "encrypt_disabled",
        "encrypt_throttled",
    ] {
        let error = encrypt_answered_by(fixture).await.expect_err(fixture);
        lines.push(format!("{fixture}: {error}"));
    }
    for fixture in [
        "decrypt_wrong_context",
        "decrypt_access_denied",
        "decrypt_incorrect_key",
    ] {
        let error = decrypt_answered_by(fixture).await.expect_err(fixture);
        lines.push(format!("{fixture}: {error}"));
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[lab_harness::graded]
#[tokio::test]
async fn an_answer_not_from_kms_is_a_service_error() {
    let result = encrypt_answered_with(Fixture::not_from_the_service()).await;

    assert!(
        matches!(&result, Err(KmsError::Service(description)) if !description.is_empty()),
        "a proxy answered with an HTML page, so the error has no KMS code at all: expected \
         Err(KmsError::Service(<a description>)), got {result:?}"
    );
}
