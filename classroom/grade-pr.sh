#!/usr/bin/env bash
# Grades a student repository at one commit against the pristine course: the steps of the
# student repository's .github/workflows/grade.yml, in one script, so that the course's own tests
# run exactly what the workflow runs.
#
#   grade-pr.sh COURSE SUBMISSION BASE OUT
#
#   COURSE      the pristine course: the template repository at the ref the instructor pinned
#   SUBMISSION  the student's repository at the commit to grade (a git work tree)
#   BASE        the commit to compare with (a pull request's base, a push's previous commit), or
#               empty: then no file is compared
#   OUT         the folder for report.json, summary.md, annotations.txt, junit.xml, title.txt and
#               protected.txt (the course's own files the change edits)
#
# GRADER names a grader binary to use instead of building the course's (the course's tests set
# it). In GitHub Actions, the summary goes to $GITHUB_STEP_SUMMARY, the annotations to the log and
# the title to $GITHUB_OUTPUT.
set -euo pipefail

if [ "$#" -ne 4 ]; then
  echo "usage: grade-pr.sh COURSE SUBMISSION BASE OUT" >&2
  exit 2
fi
course=$(cd "$1" && pwd)
submission=$(cd "$2" && pwd)
base=$3
mkdir -p "$4"
out=$(cd "$4" && pwd)
# A pull request runs the workflow of its own branch, which can print whatever the job checked
# out: the course it grades against must be the student version (`grader export`).
if [ -d "$course/solutions" ]; then
  echo "grade-pr.sh: $course holds solutions/: the course a student's workflow checks out must be the student version (grader export), never the instructor's own" >&2
  exit 2
fi

grader=${GRADER:-}
if [ -z "$grader" ]; then
  cargo build --quiet --manifest-path "$course/Cargo.toml" -p grader
  grader=$course/target/debug/grader
fi
run() { "$grader" --course "$course" "$@"; }

# Grading once; every other format is rendered from this one result.
run report --submission "$submission" --format json --output "$out/report.json"
run render "$out/report.json" --format markdown --output "$out/summary.md"
run render "$out/report.json" --format junit --output "$out/junit.xml"
run render "$out/report.json" --format github --output "$out/annotations.txt"
run render "$out/report.json" --format title --output "$out/title.txt"

# The course's own files the change edits, compared with its base. A base that is absent (a new
# branch's push, a shallow clone) compares nothing, and says so.
: >"$out/changed"
if [ -n "$base" ] && git -C "$submission" cat-file -e "$base^{commit}" 2>/dev/null; then
  git -C "$submission" diff --no-renames --name-only -z "$base" HEAD -- >"$out/changed"
  run protected "$out/changed" >"$out/protected.txt"
  run protected "$out/changed" --format markdown >>"$out/summary.md"
else
  : >"$out/protected.txt"
  printf '\nNo base commit to compare with: the files this change edits are not listed.\n' >>"$out/summary.md"
fi

# Only what the grader wrote reaches the log: it escapes what a submission could make look like
# a workflow command.
cat "$out/annotations.txt"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$out/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  printf 'title=%s\n' "$(cat "$out/title.txt")" >>"$GITHUB_OUTPUT"
fi
