//! Envelope encryption: a fresh data key per payload, the payload encrypted locally with
//! AES-256-GCM, and only the KMS-encrypted copy of the data key kept beside the ciphertext.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng};
use aes_gcm::{Aes256Gcm, Nonce};
use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::types::DataKeySpec;
use aws_sdk_kms::Client;
use zeroize::Zeroizing;

use crate::error::{map_kms_error, KmsError};
use crate::EncryptionContext;

pub use crate::types::{Envelope, NONCE_LEN};

/// Encrypts `plaintext` of any size under a new data key.
///
/// 1. `GenerateDataKey` with `KeyId` `key_id`, `KeySpec` `AES_256` and `EncryptionContext`
///    `context`: the response has the data key in `Plaintext` and encrypted in `CiphertextBlob`
///    (either missing is `KmsError::Incomplete` with the field's name).
/// 2. Encrypt `plaintext` with AES-256-GCM (`aes_gcm::Aes256Gcm`) under the data key and a random
///    nonce (`Aes256Gcm::generate_nonce(&mut OsRng)`).
/// 3. Keep the plaintext data key only as long as needed, in a `zeroize::Zeroizing` so its memory
///    is wiped when dropped, and return only the encrypted data key, the nonce and the ciphertext.
///
/// Errors of KMS go through [`map_kms_error`].
pub async fn seal(
    client: &Client,
    key_id: &str,
    plaintext: &[u8],
    context: &EncryptionContext,
) -> Result<Envelope, KmsError> {
    // stub: todo!("GenerateDataKey (AES_256), then AES-256-GCM with a random nonce")
    let output = client
        .generate_data_key()
        .key_id(key_id)
        .key_spec(DataKeySpec::Aes256)
        .set_encryption_context(Some(context.clone()))
        .send()
        .await
        .map_err(|error| map_kms_error(&error))?;
    let data_key = Zeroizing::new(
        output
            .plaintext
            .ok_or(KmsError::Incomplete("Plaintext"))?
            .into_inner(),
    );
    let encrypted_key = output
        .ciphertext_blob
        .ok_or(KmsError::Incomplete("CiphertextBlob"))?
        .into_inner();
    let cipher =
        Aes256Gcm::new_from_slice(&data_key).map_err(|_| KmsError::Incomplete("an AES-256 key"))?;
    let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
    let ciphertext = cipher
        .encrypt(&nonce, plaintext)
        .map_err(|_| KmsError::Service("AES-GCM encryption failed".into()))?;
    Ok(Envelope {
        encrypted_key,
        nonce: nonce.to_vec(),
        ciphertext,
    })
}

/// Opens an [`Envelope`] made by [`seal`] and returns the plaintext.
///
/// 1. `Decrypt` of `envelope.encrypted_key` with `KeyId` `key_id` and the same `context`: the
///    response's `Plaintext` is the data key (missing: `KmsError::Incomplete("Plaintext")`).
///    Errors go through [`map_kms_error`].
/// 2. Decrypt the ciphertext with AES-256-GCM under that key and the envelope's nonce, keeping the
///    data key in a `zeroize::Zeroizing`.
/// 3. A nonce that is not [`NONCE_LEN`] bytes, a data key that is not 32 bytes, or a ciphertext
///    or nonce that fails authentication is `KmsError::Tampered`: never a panic, never garbage.
pub async fn open(
    client: &Client,
    key_id: &str,
    envelope: &Envelope,
    context: &EncryptionContext,
) -> Result<Vec<u8>, KmsError> {
    // stub: todo!("Decrypt the data key, then AES-256-GCM decryption; tampering is KmsError::Tampered")
    let output = client
        .decrypt()
        .key_id(key_id)
        .ciphertext_blob(Blob::new(envelope.encrypted_key.clone()))
        .set_encryption_context(Some(context.clone()))
        .send()
        .await
        .map_err(|error| map_kms_error(&error))?;
    let data_key = Zeroizing::new(
        output
            .plaintext
            .ok_or(KmsError::Incomplete("Plaintext"))?
            .into_inner(),
    );
    if envelope.nonce.len() != NONCE_LEN {
        return Err(KmsError::Tampered);
    }
    let cipher = Aes256Gcm::new_from_slice(&data_key).map_err(|_| KmsError::Tampered)?;
    cipher
        .decrypt(
            Nonce::from_slice(&envelope.nonce),
            envelope.ciphertext.as_ref(),
        )
        .map_err(|_| KmsError::Tampered)
}
