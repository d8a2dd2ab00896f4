//! Encrypt and Decrypt of a small secret (up to 4 KB) directly under a KMS key.

use aws_sdk_kms::primitives::Blob;
use aws_sdk_kms::Client;

use crate::error::{map_kms_error, KmsError};
use crate::EncryptionContext;

/// Encrypts `plaintext` under the KMS key `key_id` (a key id, ARN or alias such as
/// `alias/da-serverless`) with `context`, and returns the ciphertext blob.
///
/// - One `Encrypt` request with `KeyId`, `Plaintext` and `EncryptionContext` set.
/// - A response without a `CiphertextBlob` is `KmsError::Incomplete("CiphertextBlob")`; errors go
///   through [`map_kms_error`].
pub async fn encrypt_secret(
    client: &Client,
    key_id: &str,
    plaintext: &[u8],
    context: &EncryptionContext,
) -> Result<Vec<u8>, KmsError> {
    // stub: todo!("an Encrypt request with the key, the plaintext as a Blob and the context")
    let output = client
        .encrypt()
        .key_id(key_id)
        .plaintext(Blob::new(plaintext))
        .set_encryption_context(Some(context.clone()))
        .send()
        .await
        .map_err(|error| map_kms_error(&error))?;
    let blob = output
        .ciphertext_blob
        .ok_or(KmsError::Incomplete("CiphertextBlob"))?;
    Ok(blob.into_inner())
}

/// Decrypts a ciphertext made by [`encrypt_secret`] and returns the plaintext.
///
/// - One `Decrypt` request with `CiphertextBlob`, the same `EncryptionContext` as at encryption,
///   and `KeyId` set to `key_id`, so that a ciphertext of any other key is refused.
/// - A different context or a damaged ciphertext comes back as `InvalidCiphertextException`,
///   that is `KmsError::InvalidCiphertext`; errors go through [`map_kms_error`].
/// - A response without `Plaintext` is `KmsError::Incomplete("Plaintext")`.
pub async fn decrypt_secret(
    client: &Client,
    key_id: &str,
    ciphertext: &[u8],
    context: &EncryptionContext,
) -> Result<Vec<u8>, KmsError> {
    // stub: todo!("a Decrypt request with the ciphertext, the same context and the key")
    let output = client
        .decrypt()
        .key_id(key_id)
        .ciphertext_blob(Blob::new(ciphertext))
        .set_encryption_context(Some(context.clone()))
        .send()
        .await
        .map_err(|error| map_kms_error(&error))?;
    let plaintext = output.plaintext.ok_or(KmsError::Incomplete("Plaintext"))?;
    Ok(plaintext.into_inner())
}
