#!/usr/bin/env bash
# The emulator tier and the local API, measured on the repository itself (method:
# docs/performance.md, "The emulator tier and the local API"):
#   verify            `grader verify` (unit tier) beside `grader verify --tier emulator`, warm
#   local API POST    one `POST /customers` through `grader api --solutions` (curl's total time),
#                     median of 20, beside the same POST through the unit tier's mocks (the
#                     handler test's own time as libtest reports it, median of 20)
# Usage: bench/emulator.sh   (after a first `cargo run -p grader -- verify --tier emulator`, which
#                             installs moto and builds the emulator feature set)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
cargo build -q -p grader
grader="$repo/target/debug/grader"
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%6.1f", s * 1000 }'; }

unit=$(for _ in 1 2 3; do seconds "$grader" verify; done | median)
emulated=$(for _ in 1 2 3; do seconds "$grader" verify --tier emulator; done | median)
printf 'verify, unit tier       %6.2f s (median of 3)\n' "$unit"
printf 'verify, emulator tier   %6.2f s (median of 3)\n' "$emulated"

fifo="$(mktemp -u)"
mkfifo "$fifo"
out="$(mktemp)"
"$grader" api --solutions <"$fifo" >"$out" 2>/dev/null &
exec 3>"$fifo"
for _ in $(seq 600); do grep -q '^AWS_ENDPOINT_URL=' "$out" && break; sleep 0.5; done
url=$(sed -n 's/^API_URL=//p' "$out")
key=$(sed -n 's/^API_KEY=//p' "$out")
post() {
  curl -s -o /dev/null -w '%{time_total}\n' -X POST "$url/customers" -H "x-api-key: $key" \
    -H 'content-type: application/json' -d '{"firstname": "Ada", "email": "ada@example.com"}'
}
post >/dev/null # the function's cold start
api=$(for _ in $(seq 20); do post; done | median)
exec 3>&-
wait
rm -f "$fifo" "$out"

# The same POST through mocks: ex06's handler test on the solutions, its time as libtest says.
src="$repo/exercises/ex06-customers-api/src"
saved="$(mktemp -d)"
cp -r "$src/." "$saved/"
trap 'rm -rf "$src" && cp -r "$saved" "$src" && rm -rf "$saved"' EXIT
cp -r "$repo/solutions/ex06-customers-api/src/." "$src/"
test=handler::post_stores_the_customer_and_answers_201_with_its_location
cargo test -q -p ex06 --test graded -- --exact "$test" >/dev/null 2>&1 || true
mocked=$(for _ in $(seq 20); do
  cargo test -q -p ex06 --test graded -- --exact "$test" 2>/dev/null |
    sed -n 's/.*finished in \([0-9.]*\)s.*/\1/p'
done | median)
printf 'POST, local API         %s ms (median of 20; curl against grader api, moto behind it)\n' "$(ms "$api")"
printf 'POST, unit tier mocks   %s ms (median of 20; libtest reports 10 ms steps)\n' "$(ms "$mocked")"
