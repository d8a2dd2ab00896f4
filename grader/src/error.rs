//! The grader's errors, each with the exit code the binary reports for it.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user pointed the grader at something it cannot grade.
    #[error("{0}")]
    BadInput(String),
    /// The course manifest cannot be read or does not match the workspace.
    #[error("{path}: {message}")]
    Manifest { path: PathBuf, message: String },
    /// Reading or writing a file failed.
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// Cargo or a test binary could not be started.
    #[error("{0}")]
    Tool(String),
}

impl Error {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// 2 for input the user can fix, 3 for a failure of the machine or the toolchain.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::BadInput(_) | Error::Manifest { .. } => 2,
            Error::Io { .. } | Error::Tool(_) => 3,
        }
    }
}
