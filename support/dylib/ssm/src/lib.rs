//! The SSM SDK in a shared library: a test binary that names this crate (through `lab-support-ssm`)
//! links it dynamically. The crates it shares with the other SDKs are in `lab-dylib`.

#![cfg(unix)]

use aws_sdk_ssm as _;
use lab_dylib as _;
