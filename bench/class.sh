#!/usr/bin/env bash
# Grades a generated class and prints the figures (method: docs/performance.md, "A class").
#   batch    N submissions, a quarter each solved, stubs, partly solved (ex01 to ex03) and not
#            compiling (solved, with a syntax error in ex04); every source file of each carries a
#            line of its own, so every submission rebuilds every exercise crate: total and per
#            submission
#   shards   the same class as 2 shards, each in a work dir of its own as on two runners, then
#            `grader merge`: each shard's time, the merge's, and whether the merged gradebook is
#            the single batch's
# Grades against the repository itself (its files are only read): the grader builds in work dirs of its own in a
# temporary folder, and takes the compiled SDK from the repository's target dir (BENCH_TARGET_DIR
# names another), so the SDK is compiled once, not per run. (A copy of the workspace built in the
# same target dir would leave test binaries there whose sources are gone: Cargo does not tell
# them apart from the repository's own.)
# Usage: bench/class.sh [N]    (N = 30 by default)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
count=${1:-30}
scratch="$(mktemp -d)"
chmod 755 "$scratch" # the grader, run as root, boxes tests as nobody, who must reach them
trap 'rm -rf "$scratch"' EXIT
work="$repo"
CARGO_TARGET_DIR="$(cd "$repo" && mkdir -p "${BENCH_TARGET_DIR:-target}" && cd "${BENCH_TARGET_DIR:-target}" && pwd)"
export CARGO_TARGET_DIR
export CARGO_TERM_COLOR=never

seconds() { # seconds COMMAND...: run quietly, print elapsed seconds
  local start end
  start=$(date +%s.%N)
  "$@" >"$scratch/last.log" 2>&1 || { echo "failed: $*" >&2; tail -20 "$scratch/last.log" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

cd "$work"
echo "machine: $(nproc) cores, $(rustc --version)"
cargo build -q -p grader
cargo test -q --workspace --no-run >/dev/null 2>&1
grader="$CARGO_TARGET_DIR/debug/grader"
dirs=$(grep -E '^dir = ' exercises/course.toml | sed -E 's/dir = "(.*)"/\1/')

class="$scratch/class"
for i in $(seq 1 "$count"); do
  student="$class/student-$(printf '%02d' "$i")"
  mkdir -p "$student"
  git -C "$repo" ls-files -z exercises | (cd "$repo" && xargs -0 -I{} cp -P --parents {} "$student")
  case $((i % 4)) in
    0) kind=solved solve=$dirs ;;
    1) kind=stubs solve="" ;;
    2) kind=partly solve=$(echo "$dirs" | head -3) ;;
    3) kind=broken solve=$dirs ;;
  esac
  for dir in $solve; do cp -r "solutions/$dir/src/." "$student/exercises/$dir/src/"; done
  if [ "$kind" = broken ]; then echo "fn broken( {" >>"$student/exercises/ex04-kms/src/lib.rs"; fi
  for file in "$student"/exercises/*/src/*.rs; do echo "// student $i" >>"$file"; done
  echo "$kind" >>"$scratch/kinds"
done
echo "class: $count submissions: $(sort "$scratch/kinds" | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}')"

all=$(seconds "$grader" --course "$work" --work-dir "$scratch/work-all" report --submissions "$class" --format csv --output "$scratch/all.csv")
echo "batch of $count, one work dir: ${all} s in all, $(echo "scale=2; $all / $count" | bc) s per submission"

for shard in 1 2; do
  took=$(seconds "$grader" --course "$work" --work-dir "$scratch/work-$shard" report --submissions "$class" --shard "$shard/2" --format json --output "$scratch/shard-$shard.json")
  graded=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$scratch/shard-$shard.json")
  echo "shard $shard/2, a work dir of its own: ${took} s for ${graded} submissions"
done
merge=$(seconds "$grader" --course "$work" merge "$scratch/shard-1.json" "$scratch/shard-2.json" --format csv --output "$scratch/merged.csv")
if cmp -s "$scratch/all.csv" "$scratch/merged.csv"; then
  echo "grader merge of the 2 shards: ${merge} s; the merged gradebook is the single batch's"
else
  echo "grader merge of the 2 shards: ${merge} s; the merged gradebook is NOT the single batch's:"
  diff "$scratch/all.csv" "$scratch/merged.csv" || true
fi
