#!/usr/bin/env bash
# Measures what students and instructors wait for, and prints the figures.
#   cold build        `cargo test --no-run` at the root, from an empty target dir
#   switch            then `cargo test -p exNN --no-run` for each exercise: dependencies recompiled (want 0)
#   student loop      edit ex03's src, `cargo test -p ex03` (median of 5), beside a std-only crate
#   grader verify     warm, after one run
#   grader report     warm, of the stubs: every test boxed, with its pass proven
# Runs on a copy of the workspace in a temporary folder; the repository is not touched.
# Usage: bench/run.sh            (takes a few minutes: the cold build compiles the AWS SDK)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
work="$scratch/workspace"
mkdir -p "$work"
(cd "$repo" && git ls-files -z | xargs -0 -I{} cp --parents {} "$work")
export CARGO_TARGET_DIR="$scratch/target"
export CARGO_TERM_COLOR=never

seconds() { # seconds COMMAND...: run quietly, print elapsed seconds
  local start end
  start=$(date +%s.%N)
  "$@" >"$scratch/last.log" 2>&1 || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cd "$work"
echo "machine: $(nproc) cores, $(rustc --version)"
cold=$(seconds cargo test --no-run)
echo "cold build (cargo test --no-run, empty target dir): ${cold} s"

compiled() { grep -E '^\s*Compiling ' "$scratch/switch.log" || true; }
for exercise in $(grep -E '^id = ' exercises/course.toml | sed -E 's/id = "(.*)"/\1/'); do
  cargo test -p "$exercise" --no-run >"$scratch/switch.log" 2>&1 || true
  deps=$(compiled | grep -v -c -F "$work" || true)
  workspace_crates=$(compiled | grep -c -F "$work" || true)
  echo "switch to $exercise (cargo test -p $exercise --no-run): ${deps} dependencies recompiled, ${workspace_crates} workspace crates"
  compiled | grep -v -F "$work" | sed 's/^/  recompiled: /' || true
done

loop_times=()
for i in 1 2 3 4 5; do
  echo "// edit $i" >>exercises/ex03-dynamodb/src/customer.rs
  loop_times+=("$(seconds cargo test -p ex03)")
done
echo "student loop, ex03 (edit src, cargo test -p ex03), median of 5: $(printf '%s\n' "${loop_times[@]}" | median) s"

plain="$scratch/plain"
mkdir -p "$plain/src" "$plain/tests"
printf '[package]\nname = "plain"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n' >"$plain/Cargo.toml"
printf 'pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n' >"$plain/src/lib.rs"
printf '#[test]\nfn adds() {\n    assert_eq!(plain::add(2, 2), 4);\n}\n' >"$plain/tests/main.rs"
(cd "$plain" && cargo test >/dev/null 2>&1 || true)
plain_times=()
for i in 1 2 3 4 5; do
  echo "// edit $i" >>"$plain/src/lib.rs"
  plain_times+=("$(cd "$plain" && seconds cargo test)")
done
echo "student loop, std-only crate, median of 5: $(printf '%s\n' "${plain_times[@]}" | median) s"

cargo build -p grader >/dev/null 2>&1
grader="$CARGO_TARGET_DIR/debug/grader"
first=$(seconds "$grader" --course "$work" --work-dir "$scratch/grader" verify)
echo "grader verify, first run (builds the overlay's dependencies): ${first} s"
warm=()
for i in 1 2 3; do warm+=("$(seconds "$grader" --course "$work" --work-dir "$scratch/grader" verify)"); done
echo "grader verify, warm, median of 3: $(printf '%s\n' "${warm[@]}" | median) s"
peak=$( { /usr/bin/time -f '%M' "$grader" --course "$work" --work-dir "$scratch/grader" verify >/dev/null 2>"$scratch/time.log" || true; } ; tail -1 "$scratch/time.log")
echo "grader verify, warm, peak resident memory (the largest of the grader and the cargo, rustc and test processes it waits for): ${peak} KiB"
reports=()
for i in 1 2 3 4 5; do reports+=("$(seconds "$grader" --course "$work" --work-dir "$scratch/grader" report)"); done
echo "grader report of the stubs, warm, median of 5: $(printf '%s\n' "${reports[@]}" | median) s"
