//! Exercise 5: SSM Parameter Store. The class lab keeps its table name and API key there.
//!
//! Read `docs/parameter-store.md` first, then complete the `todo!()`s: [`error`] (SSM's errors
//! as ours), [`parameter`] (get one or several parameters, put one), [`config`] (the lab's typed
//! configuration from a path) and [`cache`] (a cache with a time to live).
//! `cargo test -p ex05` tells you what is left.
//!
//! Given, and always taken from the course when grading: this file and [`types`] (the types
//! the functions take and return). Write your code in the other modules.

// stub-only: // The stubs do not use their arguments and imports yet: this keeps the compiler quiet.
// stub-only: #![allow(unused_imports, unused_variables, dead_code)]

pub mod cache;
pub mod config;
pub mod error;
pub mod parameter;
pub mod types;

pub use cache::ParameterCache;
pub use config::load_config;
pub use error::map_ssm_error;
pub use parameter::{get_parameter, get_parameters, parameter_from_sdk, put_parameter};
pub use types::{
    Clock, Fetched, LabConfig, Parameter, ParameterError, SystemClock, DEFAULT_PAGE_SIZE,
    MAX_NAMES_PER_REQUEST,
};

/// Where the lab's configuration lives, for the `dev` stage.
pub const CONFIG_PATH: &str = "/da-serverless/dev";
