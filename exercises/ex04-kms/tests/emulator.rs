//! The emulator tier: the same functions against KMS's API served locally (moto), with the
//! lab's key under its alias `alias/da-serverless`.
//!
//! Run them beside `cargo run -p grader -- emulator` (export what it prints), with
//! `cargo test -p ex04 --features emulator emulator::`, or let the grader run the tier:
//! `cargo run -p grader -- report --tier emulator --exercise ex04`.

use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::Client;
use ex04::{decrypt_secret, encrypt_secret, open, seal, EncryptionContext, KmsError};
use lab_support_kms::emulator_client;

use crate::common::{data_key_context, secret_context, SECRET};

/// The lab's key, created by the emulator's seed (exercises/course.toml, `[emulator]`).
const LAB_KEY: &str = "alias/da-serverless";

fn other_context() -> EncryptionContext {
    let mut context = secret_context();
    context.insert("purpose".into(), "something-else".into());
    context
}

/// KMS's own Decrypt of `ciphertext` under `context`, made by the test: what the functions under
/// test produced is checked by KMS, not by themselves.
async fn kms_decrypt(
    client: &Client,
    ciphertext: &[u8],
    context: &EncryptionContext,
) -> Option<Vec<u8>> {
    let output = client
        .decrypt()
        .key_id(LAB_KEY)
        .ciphertext_blob(Blob::new(ciphertext))
        .set_encryption_context(Some(context.clone()))
        .send()
        .await
        .ok()?;
    output.plaintext.map(Blob::into_inner)
}

/// KMS's own Encrypt of `plaintext` under `context`, made by the test.
async fn kms_encrypt(client: &Client, plaintext: &[u8], context: &EncryptionContext) -> Vec<u8> {
    client
        .encrypt()
        .key_id(LAB_KEY)
        .plaintext(Blob::new(plaintext))
        .set_encryption_context(Some(context.clone()))
        .send()
        .await
        .expect("the test's own Encrypt")
        .ciphertext_blob
        .expect("a ciphertext")
        .into_inner()
}

#[lab_harness::graded]
#[tokio::test]
async fn a_secret_encrypted_under_the_labs_alias_decrypts_to_itself() {
    let client = emulator_client();

    let ciphertext = encrypt_secret(&client, LAB_KEY, SECRET, &secret_context())
        .await
        .expect("encrypted");

    assert_eq!(
        kms_decrypt(&client, &ciphertext, &secret_context())
            .await
            .as_deref(),
        Some(SECRET),
        "KMS itself decrypts the ciphertext under the lab's key and the context"
    );
    let by_kms = kms_encrypt(&client, SECRET, &secret_context()).await;
    let plaintext = decrypt_secret(&client, LAB_KEY, &by_kms, &secret_context())
        .await
        .expect("decrypted");
    assert_eq!(
        plaintext, SECRET,
        "a ciphertext KMS made decrypts to its secret"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn kms_refuses_to_decrypt_a_secret_under_another_context() {
    let client = emulator_client();
    let ciphertext = kms_encrypt(&client, SECRET, &secret_context()).await;

    let result = decrypt_secret(&client, LAB_KEY, &ciphertext, &other_context()).await;

    assert_eq!(
        result,
        Err(KmsError::InvalidCiphertext),
        "KMS binds the ciphertext to its encryption context: the context must travel with both requests"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn an_envelope_sealed_under_the_labs_key_opens_to_its_plaintext() {
    let client = emulator_client();
    let plaintext: Vec<u8> = (0..100_000u32).map(|n| (n % 251) as u8).collect();

    let envelope = seal(&client, LAB_KEY, &plaintext, &data_key_context())
        .await
        .expect("sealed");

    assert!(
        !envelope
            .ciphertext
            .windows(64)
            .any(|window| window == &plaintext[..64]),
        "the envelope's ciphertext does not hold the plaintext"
    );
    let data_key = kms_decrypt(&client, &envelope.encrypted_key, &data_key_context()).await;
    assert_eq!(
        data_key.map(|key| key.len()),
        Some(32),
        "the envelope's key is an AES-256 data key that KMS decrypts under the context"
    );
    let opened = open(&client, LAB_KEY, &envelope, &data_key_context())
        .await
        .expect("opened");
    assert_eq!(opened, plaintext);
}

#[lab_harness::graded]
#[tokio::test]
async fn an_envelope_opened_under_another_context_is_refused() {
    let client = emulator_client();
    let envelope = seal(&client, LAB_KEY, b"a customer's email", &data_key_context())
        .await
        .expect("sealed");

    let result = open(&client, LAB_KEY, &envelope, &secret_context()).await;

    assert_eq!(
        result,
        Err(KmsError::InvalidCiphertext),
        "the data key was encrypted under its context: KMS decrypts it under that context only"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn an_alias_that_does_not_exist_is_key_not_found() {
    let client = emulator_client();

    let result = encrypt_secret(&client, "alias/no-such-key", SECRET, &secret_context()).await;

    assert_eq!(result, Err(KmsError::KeyNotFound));
}
