use std::collections::HashMap;

use aws_sdk_kms::operation::decrypt::DecryptInput;
use aws_sdk_kms::operation::encrypt::EncryptInput;
use aws_sdk_kms::Client;
use aws_smithy_mocks::mock;
use ex06::{decrypt_email, encrypt_email, Failure, KEY_ALIAS};
use lab_support::{Fixture, Requests};
use lab_support_kms::{mock_client, recorded_blob, response};

use crate::common::{CUSTOMER_ID, EMAIL};

fn context_of(id: &str) -> HashMap<String, String> {
    HashMap::from([("customerId".to_string(), id.to_string())])
}

#[lab_harness::graded]
#[tokio::test]
async fn the_email_is_encrypted_under_the_lab_key_with_the_customer_id_as_context() {
    let encrypts = Requests::<EncryptInput>::new();
    let rule = mock!(Client::encrypt)
        .match_requests(encrypts.matcher())
        .then_http_response(|| response("encrypt_email"));
    let client = mock_client(&[&rule]);

    let result = encrypt_email(&client, CUSTOMER_ID, EMAIL).await;

    let recorded = recorded_blob("encrypt_email", "CiphertextBlob");
    assert!(
        matches!(&result, Ok(blob) if *blob == recorded),
        "expected Ok(the CiphertextBlob KMS returned), got {result:?}"
    );
    let encrypt = encrypts.only("Encrypt");
    assert_eq!(encrypt.key_id(), Some(KEY_ALIAS), "the lab's key alias");
    assert_eq!(
        encrypt.plaintext().map(|blob| blob.as_ref()),
        Some(EMAIL.as_bytes()),
        "the plaintext is the email's bytes"
    );
    assert_eq!(
        encrypt.encryption_context(),
        Some(&context_of(CUSTOMER_ID)),
        "the context is the customer's id, and only that"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn the_email_is_decrypted_with_the_same_context() {
    let decrypts = Requests::<DecryptInput>::new();
    let rule = mock!(Client::decrypt)
        .match_requests(decrypts.matcher())
        .then_http_response(|| response("decrypt_email"));
    let client = mock_client(&[&rule]);
    let ciphertext = recorded_blob("encrypt_email", "CiphertextBlob");

    let result = decrypt_email(&client, CUSTOMER_ID, &ciphertext).await;

    assert_eq!(result, Ok(EMAIL.to_string()));
    let decrypt = decrypts.only("Decrypt");
    assert_eq!(
        decrypt.ciphertext_blob().map(|blob| blob.as_ref()),
        Some(ciphertext.as_slice()),
        "the ciphertext sent is the stored one"
    );
    assert_eq!(
        decrypt.encryption_context(),
        Some(&context_of(CUSTOMER_ID)),
        "KMS decrypts only with the context the email was encrypted with"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn a_ciphertext_kms_refuses_is_a_failure_not_a_panic() {
    let decrypts = Requests::<DecryptInput>::new();
    let rule = mock!(Client::decrypt)
        .match_requests(decrypts.matcher())
        .then_http_response(|| response("decrypt_email_other_customer"));
    let client = mock_client(&[&rule]);
    let ciphertext = recorded_blob("encrypt_email", "CiphertextBlob");

    let result = decrypt_email(&client, "c-1001", &ciphertext).await;

    assert_eq!(
        result,
        Err(Failure::Aws {
            code: "InvalidCiphertextException".to_string()
        })
    );
    assert_eq!(
        decrypts.only("Decrypt").encryption_context(),
        Some(&context_of("c-1001")),
        "the context is the id asked for"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn an_answer_without_its_blob_is_a_failure_not_a_panic() {
    let no_ciphertext = Fixture::expect("kms", "encrypt_email").without("CiphertextBlob");
    let encrypt = mock!(Client::encrypt).then_http_response(move || no_ciphertext.http_response());
    let no_plaintext = Fixture::expect("kms", "decrypt_email").without("Plaintext");
    let decrypt = mock!(Client::decrypt).then_http_response(move || no_plaintext.http_response());
    let client = mock_client(&[&encrypt, &decrypt]);

    assert_eq!(
        encrypt_email(&client, CUSTOMER_ID, EMAIL).await,
        Err(Failure::Aws {
            code: "NoCiphertext".to_string()
        })
    );
    assert_eq!(
        decrypt_email(&client, CUSTOMER_ID, b"ciphertext").await,
        Err(Failure::Aws {
            code: "NoPlaintext".to_string()
        })
    );
}
