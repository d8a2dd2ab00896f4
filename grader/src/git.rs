//! The commit a submission's git repository has checked out, read from its files.
//!
//! Invariants:
//! - no git command runs: a repository's configuration can name programs git would start
//!   (`core.fsmonitor`, for one), and a submission's repository is not the instructor's;
//! - only files inside the repository's git folder are read, and only a commit id (40 or 64 hex
//!   digits) ever comes out; anything unexpected is "no commit", never an error, since the
//!   commit only labels a result and grading goes on without it.

use std::path::{Component, Path, PathBuf};

/// The commit `HEAD` names in the repository at `root` (a work tree holding `.git`), if any.
pub fn head_commit(root: &Path) -> Option<String> {
    let git_dir = git_dir(root)?;
    let head = read_line(&git_dir.join("HEAD"))?;
    let Some(reference) = head.strip_prefix("ref:") else {
        return commit_id(&head);
    };
    let reference = reference.trim();
    if !is_branch_like(reference) {
        return None;
    }
    // A linked work tree keeps its HEAD in its own folder and its refs in the common one.
    let common = read_line(&git_dir.join("commondir"))
        .map(|dir| git_dir.join(dir))
        .unwrap_or_else(|| git_dir.clone());
    [&git_dir, &common].iter().find_map(|dir| {
        read_line(&dir.join(reference))
            .and_then(|id| commit_id(&id))
            .or_else(|| packed(&dir.join("packed-refs"), reference))
    })
}

/// `.git` itself, or the folder a `.git` file points to (`gitdir: …`, as in a linked work tree).
fn git_dir(root: &Path) -> Option<PathBuf> {
    let dot_git = root.join(".git");
    if dot_git.is_dir() {
        return Some(dot_git);
    }
    let pointer = read_line(&dot_git)?;
    let target = pointer.strip_prefix("gitdir:")?.trim();
    Some(root.join(target))
}

/// `refs/…` with no `..`, no absolute part and nothing but plain names.
fn is_branch_like(reference: &str) -> bool {
    let path = Path::new(reference);
    reference.starts_with("refs/")
        && path
            .components()
            .all(|part| matches!(part, Component::Normal(name) if name != ".."))
}

/// The id of `reference` in a `packed-refs` file: lines `<id> <ref>`, comments and peeled tags
/// (`^<id>`) skipped.
fn packed(file: &Path, reference: &str) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    text.lines()
        .filter(|line| !line.starts_with(['#', '^']))
        .filter_map(|line| line.split_once(' '))
        .find(|(_, name)| *name == reference)
        .and_then(|(id, _)| commit_id(id))
}

fn read_line(file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    Some(text.lines().next()?.trim().to_string())
}

/// `text` if it is a commit id: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits.
fn commit_id(text: &str) -> Option<String> {
    let is_hex = text
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (matches!(text.len(), 40 | 64) && is_hex).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef01234567";
    const OTHER: &str = "89abcdef0123456789abcdef0123456789abcdef";

    fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = root.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        root
    }

    #[test]
    fn head_names_a_branch_kept_loose_or_packed_or_a_detached_commit() {
        let loose = repo(&[
            (".git/HEAD", "ref: refs/heads/main\n"),
            (".git/refs/heads/main", &format!("{ID}\n")),
            (".git/packed-refs", &format!("{OTHER} refs/heads/main\n")),
        ]);
        assert_eq!(head_commit(loose.path()).as_deref(), Some(ID), "loose wins");
        let packed = repo(&[
            (".git/HEAD", "ref: refs/heads/main\n"),
            (
                ".git/packed-refs",
                &format!("# pack-refs with: peeled\n{OTHER} refs/heads/other\n{ID} refs/heads/main\n^{OTHER}\n"),
            ),
        ]);
        assert_eq!(head_commit(packed.path()).as_deref(), Some(ID));
        let detached = repo(&[(".git/HEAD", &format!("{ID}\n"))]);
        assert_eq!(head_commit(detached.path()).as_deref(), Some(ID));
    }

    #[test]
    fn a_linked_work_tree_reads_its_head_and_the_common_refs() {
        let root = repo(&[
            ("main/.git/refs/heads/topic", &format!("{ID}\n")),
            ("main/.git/worktrees/wt/HEAD", "ref: refs/heads/topic\n"),
            ("main/.git/worktrees/wt/commondir", "../..\n"),
            ("wt/.git", "gitdir: ../main/.git/worktrees/wt\n"),
        ]);
        assert_eq!(head_commit(&root.path().join("wt")).as_deref(), Some(ID));
    }

    #[test]
    fn no_repository_an_unborn_branch_or_anything_odd_is_no_commit() {
        for files in [
            vec![],
            vec![(".git/HEAD", "ref: refs/heads/main\n")],
            vec![(".git/HEAD", "ref: refs/../../secret\n"), ("secret", ID)],
            vec![(".git/HEAD", "ref: /etc/hostname\n")],
            vec![(".git/HEAD", "not a commit\n")],
            vec![(".git/HEAD", &ID.to_uppercase())],
        ] {
            let root = repo(&files);
            assert_eq!(head_commit(root.path()), None, "{files:?}");
        }
    }
}
