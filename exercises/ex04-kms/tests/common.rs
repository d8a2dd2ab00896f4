//! Contexts, secrets and a hand-made envelope shared by the graded tests.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use ex04::{EncryptionContext, Envelope};
use lab_support_kms::recorded_blob;

/// The secret of fixtures/kms/encrypt.json.
pub const SECRET: &[u8] = b"k-7Hq2-lab-api-key";

/// The encryption context of fixtures/kms/encrypt.json and decrypt.json.
pub fn secret_context() -> EncryptionContext {
    [("app", "da-serverless"), ("purpose", "api-key")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The encryption context of fixtures/kms/generate_data_key.json.
pub fn data_key_context() -> EncryptionContext {
    [("app", "da-serverless"), ("customer", "c-1001")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The data key KMS generated in fixtures/kms/generate_data_key.json, in plaintext.
pub fn recorded_data_key() -> Vec<u8> {
    recorded_blob("generate_data_key", "Plaintext")
}

/// An envelope sealed by the test itself with the recorded data key, so that tests of `open` do
/// not depend on `seal`.
pub fn envelope_of(plaintext: &[u8]) -> Envelope {
    let cipher = Aes256Gcm::new_from_slice(&recorded_data_key()).expect("a 32-byte key");
    let nonce = [7u8; 12];
    let ciphertext = cipher
        .encrypt(Nonce::from_slice(&nonce), plaintext)
        .expect("AES-GCM encrypts");
    Envelope {
        encrypted_key: recorded_blob("generate_data_key", "CiphertextBlob"),
        nonce: nonce.to_vec(),
        ciphertext,
    }
}
