//! `--shard i/n`: the share of a folder of submissions one machine grades.
//!
//! A submission belongs to shard `1 + h mod n`, where `h` is the first eight bytes of the
//! SHA-256 of its folder's name: the share depends on the name alone, so runners that list the
//! folder at different moments (a repository added in between) still split it without overlap.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// From 1 to `count`.
    index: u32,
    count: u32,
}

impl Shard {
    /// Whether the submission in the folder `name` is this shard's to grade.
    pub fn holds(&self, name: &str) -> bool {
        let digest = Sha256::digest(name.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

impl FromStr for Shard {
    type Err = Error;

    fn from_str(spec: &str) -> Result<Shard, Error> {
        let bad = |why: &str| Error::BadInput(format!("--shard {spec}: {why}"));
        let (index, count) = spec
            .split_once('/')
            .ok_or_else(|| bad("write it i/n, e.g. 1/4: the first of four shards"))?;
        let number = |text: &str| {
            text.parse::<u32>()
                .map_err(|_| bad("i and n must be whole numbers, e.g. 1/4"))
        };
        let (index, count) = (number(index)?, number(count)?);
        if count == 0 || index == 0 || index > count {
            return Err(bad("i must be between 1 and n, e.g. 1/4 to 4/4"));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_submission_is_in_exactly_one_shard() {
        let names: Vec<String> = (0..200).map(|i| format!("student-{i}")).collect();
        let shards: Vec<Shard> = (1..=3).map(|i| format!("{i}/3").parse().unwrap()).collect();
        for name in &names {
            let holders = shards.iter().filter(|s| s.holds(name)).count();
            assert_eq!(holders, 1, "{name}");
        }
        for shard in &shards {
            let share = names.iter().filter(|n| shard.holds(n)).count();
            assert!((40..=90).contains(&share), "{shard} holds {share} of 200");
        }
        let whole: Shard = "1/1".parse().unwrap();
        assert!(names.iter().all(|n| whole.holds(n)));
    }

    #[test]
    fn a_bad_spec_says_how_to_write_one() {
        for (spec, expected) in [
            ("3/2", "between 1 and n"),
            ("0/2", "between 1 and n"),
            ("1/0", "between 1 and n"),
            ("2", "write it i/n"),
            ("a/b", "whole numbers"),
            ("-1/2", "whole numbers"),
        ] {
            let error = spec.parse::<Shard>().unwrap_err().to_string();
            assert!(error.starts_with(&format!("--shard {spec}: ")), "{error}");
            assert!(error.contains(expected), "{spec}: {error}");
        }
        assert_eq!("2/5".parse::<Shard>().unwrap().to_string(), "2/5");
    }
}
