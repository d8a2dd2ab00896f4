//! The KMS SDK in a shared library: a test binary that names this crate (through `lab-support-kms`)
//! links it dynamically. The crates it shares with the other SDKs are in `lab-dylib`.

#![cfg(unix)]

use aws_sdk_kms as _;
use lab_dylib as _;
