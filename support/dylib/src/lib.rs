//! The third-party crates that every exercise's tests use, in one shared library.
//!
//! A crate that is part of a dylib in the dependency graph is linked from it, not copied into each
//! binary: a crate that names this one (as `lab-support` does) makes every test binary link the AWS
//! SDK, tokio and serde dynamically. Its dependency list is also the one feature set of these
//! crates in the whole workspace, so switching exercises never recompiles a dependency.
//! Nothing is re-exported: code names the crates themselves.

// Naming each crate is what puts it into this library.
#![allow(unused_imports)]
#![cfg(unix)]

use aes_gcm as _;
use aws_lambda_events as _;
use aws_sdk_dynamodb as _;
use aws_sdk_kms as _;
use aws_sdk_ssm as _;
use aws_smithy_mocks as _;
use aws_smithy_runtime_api as _;
use aws_smithy_types as _;
use base64 as _;
use console as _;
use hmac as _;
use insta as _;
use lambda_runtime as _;
use lambda_runtime_api_client as _;
use mio as _;
use serde as _;
use serde_json as _;
use sha2 as _;
use thiserror as _;
use tokio as _;
use zeroize as _;
