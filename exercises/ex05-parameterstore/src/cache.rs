//! A cache of parameters with a time to live, its clock injected so tests never sleep.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_ssm::Client;

use crate::error::ParameterError;
use crate::parameter::{get_parameter, Parameter};

pub use crate::types::{Clock, SystemClock};

/// Parameters kept for `ttl` after they were fetched, as a Lambda keeps its configuration across
/// warm invocations instead of asking Parameter Store every time.
pub struct ParameterCache<C: Clock> {
    ttl: Duration,
    clock: C,
    /// Each parameter by name, with the time it was fetched.
    entries: HashMap<String, (Parameter, Duration)>,
}

impl<C: Clock> ParameterCache<C> {
    pub fn new(ttl: Duration, clock: C) -> Self {
        ParameterCache {
            ttl,
            clock,
            entries: HashMap::new(),
        }
    }

    /// The parameter `name`: from the cache while it was fetched less than `ttl` ago, otherwise
    /// fetched anew with [`get_parameter`] and kept with the current time.
    ///
    /// Errors are returned and not kept: the next call asks again.
    pub async fn get(&mut self, client: &Client, name: &str) -> Result<Parameter, ParameterError> {
        todo!("look in self.entries, compare self.clock.now() with the time fetched")
    }
}
