use aws_sdk_kms::operation::decrypt::DecryptInput;
use aws_sdk_kms::operation::encrypt::EncryptInput;
use aws_sdk_kms::Client;
use aws_smithy_mocks::mock;
use ex04::{decrypt_secret, encrypt_secret, KmsError, KEY_ALIAS};
use lab_support::Requests;
use lab_support_kms::{mock_client, recorded_blob, response};

use crate::common::{secret_context, SECRET};
use lab_support::Fixture;

#[lab_harness::graded]
#[tokio::test]
async fn encrypt_secret_sends_the_alias_the_plaintext_and_the_context() {
    let encrypts = Requests::<EncryptInput>::new();
    let rule = mock!(Client::encrypt)
        .match_requests(encrypts.matcher())
        .then_http_response(|| response("encrypt"));
    let client = mock_client(&[&rule]);

    let result = encrypt_secret(&client, KEY_ALIAS, SECRET, &secret_context()).await;

    let recorded = recorded_blob("encrypt", "CiphertextBlob");
    assert!(
        matches!(&result, Ok(blob) if *blob == recorded),
        "expected Ok(the CiphertextBlob KMS returned), got {result:?}"
    );
    let encrypt = encrypts.only("Encrypt");
    assert_eq!(
        encrypt.key_id(),
        Some(KEY_ALIAS),
        "encrypt under the lab's key alias"
    );
    assert_eq!(
        encrypt.plaintext().map(|blob| blob.as_ref()),
        Some(SECRET),
        "the plaintext sent is the secret, as bytes"
    );
    assert_eq!(
        encrypt.encryption_context(),
        Some(&secret_context()),
        "the encryption context binds the ciphertext to its use"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn decrypt_secret_sends_the_ciphertext_the_context_and_the_key() {
    let decrypts = Requests::<DecryptInput>::new();
    let rule = mock!(Client::decrypt)
        .match_requests(decrypts.matcher())
        .then_http_response(|| response("decrypt"));
    let client = mock_client(&[&rule]);
    let ciphertext = recorded_blob("encrypt", "CiphertextBlob");

    let result = decrypt_secret(&client, KEY_ALIAS, &ciphertext, &secret_context()).await;

    assert!(
        matches!(&result, Ok(plaintext) if plaintext == SECRET),
        "expected Ok(the secret's bytes), got {result:?}"
    );
    let decrypt = decrypts.only("Decrypt");
    assert_eq!(
        decrypt.ciphertext_blob().map(|blob| blob.as_ref()),
        Some(ciphertext.as_slice()),
        "Decrypt is sent the ciphertext it was given, byte for byte"
    );
    assert_eq!(
        decrypt.encryption_context(),
        Some(&secret_context()),
        "Decrypt needs the very context Encrypt used"
    );
    assert_eq!(
        decrypt.key_id(),
        Some(KEY_ALIAS),
        "naming the key makes KMS refuse a ciphertext of any other key"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn decrypt_secret_with_another_context_is_invalid_ciphertext() {
    let rule = mock!(Client::decrypt).then_http_response(|| response("decrypt_wrong_context"));
    let client = mock_client(&[&rule]);
    let ciphertext = recorded_blob("encrypt", "CiphertextBlob");
    let mut other = secret_context();
    other.insert("purpose".into(), "other".into());

    let result = decrypt_secret(&client, KEY_ALIAS, &ciphertext, &other).await;

    assert_eq!(
        result,
        Err(KmsError::InvalidCiphertext),
        "KMS answered InvalidCiphertextException: the context differs from the one used to encrypt"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn decrypt_secret_of_bytes_kms_never_encrypted_is_invalid_ciphertext() {
    let rule = mock!(Client::decrypt).then_http_response(|| response("decrypt_not_a_ciphertext"));
    let client = mock_client(&[&rule]);

    let result = decrypt_secret(&client, KEY_ALIAS, b"not a ciphertext", &secret_context()).await;

    assert_eq!(
        result,
        Err(KmsError::InvalidCiphertext),
        "KMS answers InvalidCiphertextException for bytes it never encrypted"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn an_answer_without_its_blob_is_incomplete() {
    let no_blob = Fixture::expect("kms", "encrypt").without("CiphertextBlob");
    let encrypts = mock!(Client::encrypt).then_http_response(move || no_blob.http_response());
    let no_plaintext = Fixture::expect("kms", "decrypt").without("Plaintext");
    let decrypts = mock!(Client::decrypt).then_http_response(move || no_plaintext.http_response());
    let client = mock_client(&[&encrypts, &decrypts]);

    let encrypted = encrypt_secret(&client, KEY_ALIAS, SECRET, &secret_context()).await;
    let decrypted = decrypt_secret(&client, KEY_ALIAS, b"ciphertext", &secret_context()).await;

    assert_eq!(
        encrypted,
        Err(KmsError::Incomplete("CiphertextBlob")),
        "an Encrypt answer without CiphertextBlob has nothing to keep: say which field is missing"
    );
    assert_eq!(
        decrypted,
        Err(KmsError::Incomplete("Plaintext")),
        "a Decrypt answer without Plaintext has nothing to return: say which field is missing"
    );
}
