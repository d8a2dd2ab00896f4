//! Exercise 5 (in progress).
