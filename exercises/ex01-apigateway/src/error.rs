//! What can be wrong with a request, and the HTTP status each answer carries.

use aws_lambda_events::http::Method;

/// Everything a request can get wrong. Each becomes a response through
/// [`crate::error_response`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("the body is marked base64 but is not valid base64")]
    BadBase64,
    #[error("the body is not valid JSON: {reason}")]
    MalformedJson { reason: String },
    #[error("the body must be a JSON object")]
    NotAnObject,
    #[error("field `{field}` {reason}")]
    InvalidField { field: &'static str, reason: String },
    #[error("the body is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("the x-api-key header is missing")]
    MissingApiKey,
    #[error("the API key is not valid")]
    WrongApiKey,
    #[error("no resource at {path}")]
    NotFound { path: String },
    #[error("customer {id} does not exist")]
    NoSuchCustomer { id: String },
    #[error("customer {id} already exists")]
    AlreadyExists { id: String },
    #[error("method not allowed here")]
    MethodNotAllowed { allow: Vec<Method> },
}

impl ApiError {
    /// The HTTP status code of the response to this error.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::BadBase64
            | ApiError::MalformedJson { .. }
            | ApiError::NotAnObject
            | ApiError::InvalidField { .. } => 400,
            ApiError::MissingApiKey | ApiError::WrongApiKey => 403,
            ApiError::NotFound { .. } | ApiError::NoSuchCustomer { .. } => 404,
            ApiError::MethodNotAllowed { .. } => 405,
            ApiError::AlreadyExists { .. } => 409,
            ApiError::TooLarge { .. } => 413,
        }
    }

    /// The field the error is about, if it is about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ApiError::InvalidField { field, .. } => Some(field),
            _ => None,
        }
    }
}
