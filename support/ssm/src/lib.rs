//! Mocked SSM Parameter Store clients answered with recorded responses.

// Names the SDK's shared library, so that the test binaries link the SDK from it.
#[cfg(unix)]
use lab_dylib_ssm as _;

lab_support::service_mocks!(aws_sdk_ssm, "ssm");
