//! Exercise 5: SSM Parameter Store. The class lab keeps its table name and API key there.
//!
//! Read `docs/parameter-store.md` first, then complete the `todo!()`s: [`error`] (SSM's errors
//! as ours), [`parameter`] (get one or several parameters, put one), [`config`] (the lab's typed
//! configuration from a path) and [`cache`] (a cache with a time to live).
//! `cargo test -p ex05` tells you what is left.

// The stubs do not use their arguments and imports yet: delete this line once they do.
#![allow(unused_imports, unused_variables, dead_code)]

pub mod cache;
pub mod config;
pub mod error;
pub mod parameter;

pub use cache::{Clock, ParameterCache, SystemClock};
pub use config::{load_config, LabConfig, DEFAULT_PAGE_SIZE};
pub use error::{map_ssm_error, ParameterError};
pub use parameter::{
    get_parameter, get_parameters, parameter_from_sdk, put_parameter, Fetched, Parameter,
    MAX_NAMES_PER_REQUEST,
};

/// Where the lab's configuration lives, for the `dev` stage.
pub const CONFIG_PATH: &str = "/da-serverless/dev";
