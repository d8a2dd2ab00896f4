//! The grader of the serverless lab.
//!
//! A submission is a set of `exercises/<dir>/src` trees. Grading checks them against the
//! policy ([`policy`]), lays them over a pristine copy of the course workspace ([`overlay`],
//! with [`files`] saying which file is whose), builds each exercise once ([`build`], starting from the course's compiled dependencies:
//! [`reuse`]), runs every graded
//! test in a boxed process of its own with a time limit ([`supervise`], [`sandbox`]), judges what
//! happened ([`judge`]) and gathers the verdicts into one
//! result model ([`model`]) that every report format renders ([`render`]); [`guide`] renders
//! the same model as the student's progress and next step. [`batch`] grades a folder of
//! submissions (journaled, resumable, sharded) and merges shards' reports.

pub mod api;
pub mod batch;
pub mod build;
pub mod emulator;
pub mod error;
pub mod export;
pub mod files;
pub mod git;
pub mod grade;
pub mod guide;
pub mod judge;
pub mod manifest;
pub mod model;
pub mod overlay;
pub mod policy;
pub mod progress;
pub mod record;
pub mod render;
pub mod reuse;
pub mod roster;
pub mod sandbox;
pub mod stubs;
pub mod supervise;
pub mod verify;
pub mod watch;

pub use error::Error;
