#!/usr/bin/env bash
# Measures what students and instructors wait for, and prints the figures (method: docs/performance.md).
#   build             `cargo test --no-run` at the root (cold: from an empty target dir)
#   switch            then `cargo test -p exNN --no-run` for each exercise: dependencies recompiled (want 0)
#   student loop      per exercise: edit src, `cargo test -p exNN`; median of 5, beside a std-only crate
#   grader report     the first after that build, then warm (median of 5), beside `cargo test --workspace`
#                     and beside a rebuild of the workspace's own crates
#   batch             the marginal cost of one more submission, beside the rebuild of the exercises' crates
#   grader verify     warm, and its peak memory
#   features          the SDK crates cold with our features, then with their default features
#                     (BENCH_FEATURES=0 skips these two cold builds)
# Runs on a copy of the workspace in a temporary folder; the repository is not touched.
# Usage: bench/run.sh                   (cold: compiles the AWS SDK, about 10 minutes on 2 cores)
#        BENCH_TARGET_DIR=target bench/run.sh
#                                       (reuses a target dir: only the workspace's own crates build)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
chmod 755 "$scratch" # the grader, run as root, boxes tests as nobody, who must reach them
trap 'rm -rf "$scratch"' EXIT
work="$scratch/workspace"
mkdir -p "$work"
(cd "$repo" && git ls-files -z | xargs -0 -I{} cp -P --parents {} "$work")
if [ -n "${BENCH_TARGET_DIR:-}" ]; then
  export CARGO_TARGET_DIR="$(cd "$repo" && mkdir -p "$BENCH_TARGET_DIR" && cd "$BENCH_TARGET_DIR" && pwd)"
  build_kind="target dir reused"
else
  export CARGO_TARGET_DIR="$scratch/target"
  build_kind="cold, empty target dir"
fi
export CARGO_TERM_COLOR=never
runs=5

seconds() { # seconds COMMAND...: run quietly, print elapsed seconds
  local start end
  start=$(date +%s.%N)
  "$@" >"$scratch/last.log" 2>&1 || true
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
expect_in_log() { # expect_in_log TEXT WHAT: stop with the log's end when the last command did not work
  if ! grep -q -F "$1" "$scratch/last.log"; then
    echo "$2 did not work; the end of its output:" >&2
    tail -20 "$scratch/last.log" >&2
    exit 1
  fi
}
median_of() { # median_of N COMMAND...: the median of N runs of COMMAND
  local n=$1 times=()
  shift
  for _ in $(seq 1 "$n"); do times+=("$(seconds "$@")"); done
  printf '%s\n' "${times[@]}" | median
}

cd "$work"
echo "machine: $(nproc) cores, $(rustc --version)"
build=$(seconds cargo test --no-run)
echo "build (cargo test --no-run, $build_kind): ${build} s"

compiled() { grep -E '^\s*Compiling ' "$scratch/switch.log" || true; }
exercises=$(grep -E '^id = ' exercises/course.toml | sed -E 's/id = "(.*)"/\1/')
for exercise in $exercises; do
  cargo test -p "$exercise" --no-run >"$scratch/switch.log" 2>&1 || true
  deps=$(compiled | grep -v -c -F "$work" || true)
  echo "switch to $exercise (cargo test -p $exercise --no-run): ${deps} dependencies recompiled"
  compiled | grep -v -F "$work" | sed 's/^/  recompiled: /' || true
done

plain="$scratch/plain"
mkdir -p "$plain/src" "$plain/tests"
printf '[package]\nname = "plain"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n' >"$plain/Cargo.toml"
printf 'pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n' >"$plain/src/lib.rs"
printf '#[test]\nfn adds() {\n    assert_eq!(plain::add(2, 2), 4);\n}\n' >"$plain/tests/main.rs"
plain_loop() { echo "// edit" >>"$plain/src/lib.rs" && (cd "$plain" && cargo test --target-dir "$scratch/plain-target"); }
plain_loop >/dev/null 2>&1 || true
floor=$(median_of $runs plain_loop)
echo "student loop, std-only crate (the floor), median of $runs: ${floor} s"

exercise_loop() { # exercise_loop ID DIR: one edit of the exercise's src, then its tests
  echo "// edit" >>"exercises/$2/src/lib.rs" && cargo test -p "$1"
}
for exercise in $exercises; do
  dir=$(awk -v id="$exercise" '$0 ~ "^id = \""id"\"" {found=1} found && /^dir = / {gsub(/"/, "", $3); print $3; exit}' exercises/course.toml)
  exercise_loop "$exercise" "$dir" >/dev/null 2>&1 || true
  loop=$(median_of $runs exercise_loop "$exercise" "$dir")
  echo "student loop, $exercise (edit src, cargo test -p $exercise), median of $runs: ${loop} s ($(ratio "$loop" "$floor")x the floor)"
done

cargo build -p grader >/dev/null 2>&1
grader="$CARGO_TARGET_DIR/debug/grader"
# The grader's own tests are left out: they grade the whole course twice, in work dirs of their own.
workspace_tests=$(seconds cargo test --workspace --exclude grader --no-fail-fast)
echo "cargo test --workspace --exclude grader (warm: every exercise's tests, on the stubs): ${workspace_tests} s"
first=$(seconds "$grader" --course "$work" report)
expect_in_log "Total:" "the first grader report"
echo "grader report, the first after that build: ${first} s ($(ratio "$first" "$workspace_tests")x that cargo test)"
warm=$(median_of $runs "$grader" --course "$work" report)
expect_in_log "Total:" "a warm grader report"
echo "grader report of the stubs, warm, median of $runs: ${warm} s ($(ratio "$warm" "$workspace_tests")x that cargo test)"
touch_sources() { find "$@" -name '*.rs' -exec touch {} +; }
# From scratch, as the grader's first build compiles them: no incremental cache either.
own=$(rm -rf "$CARGO_TARGET_DIR/debug/incremental" && touch_sources support harness exercises && seconds cargo test --workspace --exclude grader --no-run)
echo "the workspace's own crates rebuilt (sources touched, no incremental cache; cargo test --workspace --exclude grader --no-run): ${own} s"
echo "  the first report against that rebuild plus a warm report: ${first} s against $(echo "$own + $warm" | bc) s"

submissions() { # submissions N: a folder of N copies of the workspace, each with its own edit of every exercise
  local folder="$scratch/submissions-$1-$RANDOM"
  for i in $(seq 1 "$1"); do
    mkdir -p "$folder/s$i"
    git -C "$repo" ls-files -z exercises | (cd "$repo" && xargs -0 -I{} cp -P --parents {} "$folder/s$i")
    # Every source file: the ones the course gives (lib.rs) are ignored, the student's own are rebuilt.
    for file in "$folder/s$i"/exercises/*/src/*.rs; do echo "// submission $i $folder" >>"$file"; done
  done
  echo "$folder"
}
one=$(seconds "$grader" --course "$work" report --submissions "$(submissions 1)")
expect_in_log "| s1 " "a batch of one"
three=$(seconds "$grader" --course "$work" report --submissions "$(submissions 3)")
expect_in_log "| s3 " "a batch of three"
marginal=$(echo "($three - $one) / 2" | bc -l)
exercises_rebuild=$(touch_sources exercises && seconds cargo test --workspace --exclude grader --no-run)
echo "batch: one submission ${one} s, three ${three} s: one more costs $(printf '%.2f' "$marginal") s, beside ${exercises_rebuild} s to rebuild the exercises' crates (cargo test --workspace --exclude grader --no-run)"

verify=$(median_of 3 "$grader" --course "$work" verify)
expect_in_log "verify: all" "grader verify"
echo "grader verify, warm, median of 3: ${verify} s"
peak=$( { /usr/bin/time -f '%M' "$grader" --course "$work" verify >/dev/null 2>"$scratch/time.log" || true; } ; tail -1 "$scratch/time.log")
echo "grader verify, warm, peak resident memory (the largest of the grader and the cargo, rustc and test processes it waits for): ${peak} KiB"

if [ "${BENCH_FEATURES:-1}" != 0 ]; then
  # The SDK crates and what they pull in, cold, in a crate of their own: once with the features the
  # workspace enables, once with each crate's defaults (plus the mocks' test-util).
  features_build() { # features_build NAME DEPENDENCIES: a cold build of a crate with those dependencies
    local crate="$scratch/$1"
    mkdir -p "$crate/src"
    printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n\n[dependencies]\n%s\n' "$1" "$2" >"$crate/Cargo.toml"
    : >"$crate/src/lib.rs"
    cp "$work/Cargo.lock" "$crate/"
    (cd "$crate" && seconds cargo build --target-dir "$scratch/$1-target")
  }
  sdk="aws-sdk-dynamodb aws-sdk-kms aws-sdk-ssm"
  ours=""
  defaults=""
  for crate in $sdk; do
    ours+="$(grep -E "^$crate = " "$work/Cargo.toml")"$'\n'
    defaults+="$crate = { version = \"1\", features = [\"test-util\"] }"$'\n'
  done
  with_ours=$(features_build sdk-ours "$ours")
  expect_in_log "Finished" "the SDK with our features"
  with_defaults=$(features_build sdk-defaults "$defaults")
  expect_in_log "Finished" "the SDK with its default features"
  echo "the SDK crates alone, cold: ${with_ours} s with our features, ${with_defaults} s with their default features ($(ratio "$with_ours" "$with_defaults")x)"
fi
