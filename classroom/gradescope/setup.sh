#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image: the course is in
# /autograder/source/course. It installs Rust, builds the grader and grades the course's own stubs
# once, so that grading a submission compiles only the submission's own crates.
set -euo pipefail
apt-get update -qq
apt-get install -y -qq build-essential curl ca-certificates >/dev/null
if ! command -v cargo >/dev/null; then
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
fi
# shellcheck source=/dev/null
. "$HOME/.cargo/env"
cd /autograder/source/course
cargo build --quiet -p grader
./target/debug/grader --course . report --format json --output /tmp/warm-up.json
