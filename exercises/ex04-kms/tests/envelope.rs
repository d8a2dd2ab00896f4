use aws_sdk_kms::operation::decrypt::DecryptInput;
use aws_sdk_kms::operation::generate_data_key::GenerateDataKeyInput;
use aws_sdk_kms::types::DataKeySpec;
use aws_sdk_kms::Client;
use aws_smithy_mocks::mock;
use ex04::{open, seal, KmsError, KEY_ALIAS, NONCE_LEN};
use lab_support::Requests;
use lab_support_kms::{mock_client, recorded_blob, response};

use crate::common::{data_key_context, envelope_of, recorded_data_key};
use lab_support::Fixture;

const PAYLOAD: &[u8] =
    b"{\"id\":\"c-1001\",\"firstname\":\"Ada\",\"notes\":\"a payload too large for Encrypt\"}";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[lab_harness::graded]
#[tokio::test]
async fn seal_asks_kms_for_an_aes_256_data_key_with_the_context() {
    let generates = Requests::<GenerateDataKeyInput>::new();
    let rule = mock!(Client::generate_data_key)
        .match_requests(generates.matcher())
        .then_http_response(|| response("generate_data_key"));
    let client = mock_client(&[&rule]);

    let result = seal(&client, KEY_ALIAS, PAYLOAD, &data_key_context()).await;

    assert!(result.is_ok(), "expected Ok(envelope), got {result:?}");
    let generate = generates.only("GenerateDataKey");
    assert_eq!(
        generate.key_id(),
        Some(KEY_ALIAS),
        "the data key is made under the lab's key"
    );
    assert_eq!(
        generate.key_spec(),
        Some(&DataKeySpec::Aes256),
        "AES-256-GCM needs a 256-bit key: KeySpec AES_256"
    );
    assert_eq!(
        generate.encryption_context(),
        Some(&data_key_context()),
        "the data key is bound to the envelope's encryption context"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn seal_keeps_only_the_encrypted_data_key_beside_the_ciphertext() {
    let rule =
        mock!(Client::generate_data_key).then_http_response(|| response("generate_data_key"));
    let client = mock_client(&[&rule]);

    let envelope = seal(&client, KEY_ALIAS, PAYLOAD, &data_key_context())
        .await
        .expect("seal succeeds");

    assert_eq!(
        envelope.encrypted_key,
        recorded_blob("generate_data_key", "CiphertextBlob"),
        "the envelope keeps GenerateDataKey's CiphertextBlob"
    );
    let data_key = recorded_data_key();
    for (part, bytes) in [
        ("encrypted_key", &envelope.encrypted_key),
        ("nonce", &envelope.nonce),
        ("ciphertext", &envelope.ciphertext),
    ] {
        assert!(
            !contains(bytes, &data_key),
            "the plaintext data key must never be stored, but it is in the envelope's {part}"
        );
    }
    assert_eq!(
        envelope.nonce.len(),
        NONCE_LEN,
        "AES-GCM takes a nonce of NONCE_LEN bytes"
    );
    assert_eq!(
        envelope.ciphertext.len(),
        PAYLOAD.len() + 16,
        "AES-GCM output is the plaintext's length plus a 16-byte tag"
    );
    assert!(
        !contains(&envelope.ciphertext, b"Ada"),
        "the payload is encrypted"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn seal_uses_a_new_nonce_for_every_payload() {
    let rule = mock!(Client::generate_data_key)
        .sequence()
        .http_response(|| response("generate_data_key"))
        .repeatedly()
        .build();
    let client = mock_client(&[&rule]);

    let first = seal(&client, KEY_ALIAS, PAYLOAD, &data_key_context()).await;
    let second = seal(&client, KEY_ALIAS, PAYLOAD, &data_key_context()).await;

    match (first, second) {
        (Ok(first), Ok(second)) => assert_ne!(
            first.nonce, second.nonce,
            "a nonce reused with the same key breaks AES-GCM: draw a random one every time"
        ),
        other => panic!("expected two envelopes, got {other:?}"),
    }
}

#[lab_harness::graded]
#[tokio::test]
async fn open_decrypts_the_data_key_and_returns_the_payload() {
    let decrypts = Requests::<DecryptInput>::new();
    let rule = mock!(Client::decrypt)
        .match_requests(decrypts.matcher())
        .then_http_response(|| response("decrypt_data_key"));
    let client = mock_client(&[&rule]);
    let envelope = envelope_of(PAYLOAD);

    let result = open(&client, KEY_ALIAS, &envelope, &data_key_context()).await;

    assert!(
        matches!(&result, Ok(plaintext) if plaintext == PAYLOAD),
        "expected Ok(the payload), got {result:?}"
    );
    let decrypt = decrypts.only("Decrypt");
    assert_eq!(
        decrypt.ciphertext_blob().map(|blob| blob.as_ref()),
        Some(envelope.encrypted_key.as_slice()),
        "KMS decrypts the encrypted data key, never the payload"
    );
    assert_eq!(
        decrypt.encryption_context(),
        Some(&data_key_context()),
        "Decrypt must present the context the data key was made with"
    );
    assert_eq!(
        decrypt.key_id(),
        Some(KEY_ALIAS),
        "naming the key makes KMS refuse a data key made under any other"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn open_reverses_seal() {
    let generate =
        mock!(Client::generate_data_key).then_http_response(|| response("generate_data_key"));
    let decrypt = mock!(Client::decrypt).then_http_response(|| response("decrypt_data_key"));
    let client = mock_client(&[&generate, &decrypt]);

    let envelope = seal(&client, KEY_ALIAS, PAYLOAD, &data_key_context())
        .await
        .expect("seal succeeds");
    let result = open(&client, KEY_ALIAS, &envelope, &data_key_context()).await;

    assert!(
        matches!(&result, Ok(plaintext) if plaintext == PAYLOAD),
        "expected Ok(the payload), got {result:?}"
    );
}

/// `open` of `envelope`, with KMS's Decrypt answered by `answer`.
async fn open_answered_by(answer: Fixture, envelope: &ex04::Envelope) -> Result<Vec<u8>, KmsError> {
    let rule = mock!(Client::decrypt).then_http_response(move || answer.http_response());
    let client = mock_client(&[&rule]);
    open(&client, KEY_ALIAS, envelope, &data_key_context()).await
}

/// `open` of an envelope changed by `alter`, after checking that the same envelope unchanged opens:
/// a refusal means something only where acceptance works.
async fn open_altered(alter: impl FnOnce(&mut ex04::Envelope)) -> Result<Vec<u8>, KmsError> {
    let mut envelope = envelope_of(PAYLOAD);
    let unaltered = open_answered_by(Fixture::expect("kms", "decrypt_data_key"), &envelope).await;
    assert!(
        matches!(&unaltered, Ok(plaintext) if plaintext == PAYLOAD),
        "the envelope before it was altered opens to its payload: got {unaltered:?}"
    );
    alter(&mut envelope);
    open_answered_by(Fixture::expect("kms", "decrypt_data_key"), &envelope).await
}

#[lab_harness::graded]
#[tokio::test]
async fn open_rejects_a_tampered_ciphertext() {
    let result = open_altered(|envelope| envelope.ciphertext[3] ^= 0x01).await;
    assert_eq!(
        result,
        Err(KmsError::Tampered),
        "one flipped bit must fail AES-GCM's authentication"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn open_rejects_a_tampered_nonce() {
    let result = open_altered(|envelope| envelope.nonce[0] ^= 0x80).await;
    assert_eq!(
        result,
        Err(KmsError::Tampered),
        "an altered envelope fails authentication, and says so instead of panicking"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn open_rejects_a_nonce_of_the_wrong_length_without_panicking() {
    let result = open_altered(|envelope| envelope.nonce.truncate(8)).await;
    assert_eq!(
        result,
        Err(KmsError::Tampered),
        "check the nonce's length: Nonce::from_slice panics on a wrong one"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn open_with_a_tampered_data_key_is_invalid_ciphertext() {
    let rule = mock!(Client::decrypt).then_http_response(|| response("decrypt_not_a_ciphertext"));
    let client = mock_client(&[&rule]);
    let mut envelope = envelope_of(PAYLOAD);
    envelope.encrypted_key[10] ^= 0x01;

    let result = open(&client, KEY_ALIAS, &envelope, &data_key_context()).await;

    assert_eq!(
        result,
        Err(KmsError::InvalidCiphertext),
        "KMS refuses an altered encrypted data key with InvalidCiphertextException"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn open_rejects_a_nonce_that_is_too_long() {
    let result = open_altered(|envelope| envelope.nonce.push(0)).await;
    assert_eq!(
        result,
        Err(KmsError::Tampered),
        "a nonce of {} bytes is no AES-GCM nonce ({NONCE_LEN}): refuse it, never cut it to size",
        NONCE_LEN + 1
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn open_rejects_a_data_key_that_is_not_32_bytes() {
    // open_altered first checks that the envelope with the recorded 32-byte key opens.
    open_altered(|_| ())
        .await
        .expect("the unaltered envelope opens");
    let mut short_key = Fixture::expect("kms", "decrypt_data_key");
    // 16 bytes, base64: an AES-128 key where the envelope needs AES-256.
    short_key.response.body["Plaintext"] = "AAECAwQFBgcICQoLDA0ODw==".into();

    let result = open_answered_by(short_key, &envelope_of(PAYLOAD)).await;

    assert_eq!(
        result,
        Err(KmsError::Tampered),
        "a data key of 16 bytes cannot be this envelope's AES-256 key: Tampered, not a panic"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn seal_passes_kms_errors_through_the_mapping() {
    let rule =
        mock!(Client::generate_data_key).then_http_response(|| response("encrypt_unknown_alias"));
    let client = mock_client(&[&rule]);

    let result = seal(&client, KEY_ALIAS, PAYLOAD, &data_key_context()).await;

    assert_eq!(
        result.map(|_| ()),
        Err(KmsError::KeyNotFound),
        "GenerateDataKey failed because the alias does not exist (NotFoundException, recorded \
         for Encrypt; KMS answers every operation's errors in the same shape)"
    );
}

#[lab_harness::graded]
#[tokio::test]
async fn kms_answers_without_a_key_are_incomplete() {
    for (field, expected) in [
        ("Plaintext", "Plaintext"),
        ("CiphertextBlob", "CiphertextBlob"),
    ] {
        let answer = Fixture::expect("kms", "generate_data_key").without(field);
        let rule =
            mock!(Client::generate_data_key).then_http_response(move || answer.http_response());
        let client = mock_client(&[&rule]);

        let result = seal(&client, KEY_ALIAS, PAYLOAD, &data_key_context()).await;

        assert_eq!(
            result.map(|_| ()),
            Err(KmsError::Incomplete(expected)),
            "a GenerateDataKey answer without {field}: say which field is missing"
        );
    }
    let answer = Fixture::expect("kms", "decrypt_data_key").without("Plaintext");

    let result = open_answered_by(answer, &envelope_of(PAYLOAD)).await;

    assert_eq!(
        result,
        Err(KmsError::Incomplete("Plaintext")),
        "a Decrypt answer without the data key's Plaintext: say which field is missing"
    );
}
