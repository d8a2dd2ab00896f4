#!/usr/bin/env bash
# Fetches a class's student repositories into a folder of submissions for
# `grader report --submissions DIR`: one clone per repository, named after it.
#
#   fetch-submissions.sh URLS DIR [DEADLINE]
#
#   URLS      a file of clone URLs, one per line (blank lines and lines starting with # skipped),
#             e.g. https://github.com/ORG/lab-alice.git; a token for private repositories goes in
#             git's credential helper, never in this file
#   DIR       the folder of submissions: a repository already cloned there is brought up to date
#   DEADLINE  optional, a date git understands ("2026-12-01 23:59 +0100"): each clone checks out
#             its default branch's last commit before it, so later pushes do not count
#
# The grader reads the commit each folder has checked out into its result. A repository that
# cannot be fetched is named on standard error and the others are still fetched; the exit code
# is then 1.
set -euo pipefail

if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
  echo "usage: fetch-submissions.sh URLS DIR [DEADLINE]" >&2
  exit 2
fi
urls=$1
dir=$2
deadline=${3:-}
if [ ! -r "$urls" ]; then
  echo "fetch-submissions: cannot read the file of clone URLs $urls" >&2
  exit 2
fi
mkdir -p "$dir"

# Nothing from a student's repository runs here: no hooks are cloned, and its files are only
# checked out.
fetch() { # fetch URL FOLDER
  local url=$1 folder=$2
  if [ -d "$folder/.git" ]; then
    git -C "$folder" fetch --quiet origin &&
      git -C "$folder" checkout --quiet --force --detach origin/HEAD
  else
    git clone --quiet --no-recurse-submodules -- "$url" "$folder"
  fi || return 1
  if [ -n "$deadline" ]; then
    local commit
    commit=$(git -C "$folder" rev-list -1 --before="$deadline" origin/HEAD) || return 1
    if [ -z "$commit" ]; then
      echo "fetch-submissions: $url has no commit before $deadline" >&2
      return 1
    fi
    git -C "$folder" checkout --quiet --force --detach "$commit"
  fi
}

declare -A seen=()
failed=0
while IFS= read -r line || [ -n "$line" ]; do
  url=$(printf '%s' "$line" | tr -d '\r' | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')
  case $url in '' | '#'*) continue ;; esac
  name=$(basename "$url" .git)
  if ! [[ $name =~ ^[A-Za-z0-9_][A-Za-z0-9._-]*$ ]]; then
    echo "fetch-submissions: $url: $name is not a folder name the grader takes" >&2
    failed=1
    continue
  fi
  if [ -n "${seen[$name]:-}" ]; then
    echo "fetch-submissions: $url and ${seen[$name]} would share the folder $name" >&2
    failed=1
    continue
  fi
  seen[$name]=$url
  if fetch "$url" "$dir/$name"; then
    echo "$name $(git -C "$dir/$name" rev-parse HEAD)"
  else
    echo "fetch-submissions: cannot fetch $url into $dir/$name" >&2
    failed=1
  fi
done <"$urls"
exit "$failed"
