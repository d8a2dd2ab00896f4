//! The third-party crates that every exercise's tests use, in one shared library; each AWS SDK's
//! own crate is in a library of its own (`lab-dylib-dynamodb`, `-kms`, `-ssm`), so a test binary
//! reads the symbols of only the SDK its exercise uses when it links.
//!
//! A crate that is part of a dylib in the dependency graph is linked from it, not copied into each
//! binary: a crate that names this one (as `lab-support` does) makes every test binary link tokio,
//! serde and the SDKs' shared runtime dynamically. Its dependency list is also the one feature set
//! of these crates in the whole workspace, so switching exercises never recompiles a dependency.
//! Nothing is re-exported: code names the crates themselves.

// Naming each crate is what puts it into this library.
#![allow(unused_imports)]
#![cfg(unix)]

use aes_gcm as _;
use arc_swap as _;
use aws_credential_types as _;
use aws_lambda_events as _;
use aws_runtime as _;
use aws_sigv4 as _;
use aws_smithy_http as _;
use aws_smithy_json as _;
use aws_smithy_mocks as _;
use aws_smithy_observability as _;
use aws_smithy_runtime as _;
use aws_smithy_runtime_api as _;
use aws_smithy_schema as _;
use aws_smithy_types as _;
use aws_types as _;
use base64 as _;
use console as _;
use hex as _;
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
use uuid as _;
use zeroize as _;
