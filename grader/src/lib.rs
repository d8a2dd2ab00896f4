//! The grader of the serverless lab.
//!
//! A submission is a set of `exercises/<dir>/src` trees. Grading lays them over a pristine copy
//! of the course workspace ([`overlay`]), builds each exercise once ([`build`]), runs every graded
//! test in a process of its own with a time limit ([`runner`]) and gathers the verdicts into one
//! result model ([`model`]) that every report format renders ([`render`]).

pub mod build;
pub mod error;
pub mod export;
pub mod grade;
pub mod manifest;
pub mod model;
pub mod overlay;
pub mod render;
pub mod runner;
pub mod stubs;
pub mod verify;

pub use error::Error;
