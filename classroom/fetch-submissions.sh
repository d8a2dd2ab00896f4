#!/usr/bin/env bash
# Fetches a class's student repositories into a folder of submissions for
# `grader report --submissions DIR`: one clone per repository, named after it.
#
#   fetch-submissions.sh URLS DIR [DEADLINE]
#
#   URLS      a file of clone URLs, one per line (blank lines and lines starting with # skipped),
#             e.g. https://github.com/ORG/lab-alice.git; a token for private repositories goes in
#             git's credential helper, never in this file
#   DIR       the folder of submissions; each repository is cloned afresh into DIR/<name>, and
#             replaces what was there only once the clone is complete
#   DEADLINE  optional, a date git understands ("2026-12-01 23:59 +0100"): each clone checks out
#             its default branch's last commit dated before it. A commit's date is whatever the
#             student's clock or GIT_COMMITTER_DATE said: use it to leave out work a student
#             pushed late in good faith, not as proof. A deadline that holds is a fetch run at
#             the deadline (a scheduled workflow), graded later.
#
# The grader reads the commit each folder has checked out into its result. A repository that
# cannot be fetched (or has no commit before the deadline) is named on standard error, its old
# folder is removed so that stale work is never graded, and the others are still fetched; the
# exit code is then 1.
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
# git reads a date it cannot parse as "now", which would grade late work: refuse it instead.
if [ -n "$deadline" ] && ! date -d "$deadline" >/dev/null 2>&1; then
  echo "fetch-submissions: the deadline \"$deadline\" is not a date (e.g. \"2026-12-01 23:59 +0100\")" >&2
  exit 2
fi
mkdir -p "$dir"

# Nothing from a student's repository runs here: no hooks are cloned, no submodule is fetched,
# and Git LFS is kept from downloading (a repository's .lfsconfig could name a server of the
# student's, which a credential helper would answer).
export GIT_LFS_SKIP_SMUDGE=1
quiet_git() { git -c filter.lfs.smudge= -c filter.lfs.process= -c filter.lfs.required=false "$@"; }

fetch() { # fetch URL FOLDER: a fresh clone into a hidden folder beside FOLDER, then renamed to it
  local url=$1 folder=$2 partial
  partial="$(dirname "$folder")/.fetching-$(basename "$folder")"
  rm -rf "$partial"
  if ! quiet_git clone --quiet --no-recurse-submodules -- "$url" "$partial"; then
    rm -rf "$partial"
    return 1
  fi
  if [ -n "$deadline" ]; then
    local commit
    commit=$(git -C "$partial" rev-list -1 --before="$deadline" HEAD) || commit=""
    if [ -z "$commit" ] || ! quiet_git -C "$partial" checkout --quiet --detach "$commit"; then
      echo "fetch-submissions: $url has no commit before $deadline" >&2
      rm -rf "$partial"
      return 1
    fi
  fi
  rm -rf "$folder"
  mv "$partial" "$folder"
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
    if [ -e "$dir/$name" ]; then
      rm -rf "${dir:?}/${name:?}"
      echo "fetch-submissions: cannot fetch $url; removed its earlier copy $dir/$name, which would be graded stale" >&2
    else
      echo "fetch-submissions: cannot fetch $url into $dir/$name" >&2
    fi
    failed=1
  fi
done <"$urls"
exit "$failed"
