//! Given: the types this exercise's functions take and return, with their derives, messages
//! and the code that belongs to them. The course owns this file: grading always uses the
//! course's copy of it (and of `lib.rs`), so write your code in the other files.

/// The length of an AES-GCM nonce, in bytes.
pub const NONCE_LEN: usize = 12;

/// A payload sealed by [`seal`]: everything needed to open it, except access to the KMS key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The data key, encrypted by KMS (`CiphertextBlob` of GenerateDataKey).
    pub encrypted_key: Vec<u8>,
    /// The AES-GCM nonce: [`NONCE_LEN`] random bytes, new for every payload.
    pub nonce: Vec<u8>,
    /// The payload encrypted with AES-256-GCM (its 16-byte authentication tag at the end).
    pub ciphertext: Vec<u8>,
}

/// Everything that can go wrong when encrypting or decrypting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KmsError {
    #[error("the KMS key or alias does not exist")]
    KeyNotFound,
    #[error("the KMS key is disabled")]
    KeyDisabled,
    #[error("the ciphertext is not one this key can decrypt, or the encryption context differs")]
    InvalidCiphertext,
    #[error("the ciphertext was encrypted under another KMS key than the one named")]
    WrongKey,
    #[error("the key policy or IAM does not allow this use of the KMS key")]
    AccessDenied,
    #[error("KMS throttled the request; try again later")]
    Throttled,
    #[error("the envelope was altered: its ciphertext, nonce or key does not authenticate")]
    Tampered,
    #[error("KMS answered without {0}")]
    Incomplete(&'static str),
    #[error("KMS error: {0}")]
    Service(String),
}
