//! The grader's own tests: the real binary, on a tiny fixture course and on the real course.

mod support;

mod api;
mod bad_input;
mod batch;
mod classroom;
mod course;
mod deploy;
mod emulator;
mod fixture_course;
mod hostile;
mod record;
mod watch;
