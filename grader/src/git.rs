//! The commit a submission's git repository has checked out, read from its files.
//!
//! Invariants:
//! - no git command runs: a repository's configuration can name programs git would start
//!   (`core.fsmonitor`, for one), and a submission's repository is not the instructor's;
//! - only regular files inside the submission's folder are read, never through a link, and at
//!   most [`MAX_READ`] bytes of each; only a commit id (40 or 64 hex digits) ever comes out, and
//!   anything unexpected is "no commit", never an error, since the commit only labels a result
//!   and grading goes on without it;
//! - a commit id says what the folder's repository claims: it is worth what the clone is worth
//!   (one the instructor made, or a folder a student handed in, whose `.git` they wrote).

use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The most of any one file read: a ref is one line, `packed-refs` of a student's repository a
/// few lines per branch and tag.
pub const MAX_READ: u64 = 64 * 1024;

/// The commit `HEAD` names in the repository at `root` (a work tree holding `.git`), if any.
pub fn head_commit(root: &Path) -> Option<String> {
    let root = std::fs::canonicalize(root).ok()?;
    let git_dir = git_dir(&root)?;
    let head = read_line(&root, &git_dir.join("HEAD"))?;
    let Some(reference) = head.strip_prefix("ref:") else {
        return commit_id(&head);
    };
    let reference = reference.trim();
    if !is_branch_like(reference) {
        return None;
    }
    // A linked work tree keeps its HEAD in its own folder and its refs in the common one.
    let common = read_line(&root, &git_dir.join("commondir"))
        .and_then(|dir| inside(&root, &git_dir.join(dir)))
        .unwrap_or_else(|| git_dir.clone());
    [&git_dir, &common].iter().find_map(|dir| {
        read_line(&root, &dir.join(reference))
            .and_then(|id| commit_id(&id))
            .or_else(|| packed(&root, &dir.join("packed-refs"), reference))
    })
}

/// `.git` itself (a folder, not a link), or the folder a `.git` file points to (`gitdir: …`, as
/// in a linked work tree), if it is inside `root`.
fn git_dir(root: &Path) -> Option<PathBuf> {
    let dot_git = root.join(".git");
    let kind = std::fs::symlink_metadata(&dot_git).ok()?.file_type();
    if kind.is_dir() {
        return Some(dot_git);
    }
    let pointer = read_line(root, &dot_git)?;
    let target = pointer.strip_prefix("gitdir:")?.trim();
    inside(root, &root.join(target))
}

/// `path`, resolved, if it is a folder inside `root` (itself resolved).
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let resolved = std::fs::canonicalize(path).ok()?;
    (resolved.starts_with(root) && resolved.is_dir()).then_some(resolved)
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
fn packed(root: &Path, file: &Path, reference: &str) -> Option<String> {
    let text = read_text(root, file)?;
    text.lines()
        .filter(|line| !line.starts_with(['#', '^']))
        .filter_map(|line| line.split_once(' '))
        .find(|(_, name)| *name == reference)
        .and_then(|(id, _)| commit_id(id))
}

fn read_line(root: &Path, file: &Path) -> Option<String> {
    let text = read_text(root, file)?;
    Some(text.lines().next()?.trim().to_string())
}

/// The start of `file` if it is a regular file inside `root`, no link on the way.
fn read_text(root: &Path, file: &Path) -> Option<String> {
    let resolved = std::fs::canonicalize(file).ok()?;
    let is_file = std::fs::symlink_metadata(file).ok()?.file_type().is_file();
    if !is_file || resolved != file || !resolved.starts_with(root) {
        return None;
    }
    let mut text = String::new();
    std::fs::File::open(&resolved)
        .ok()?
        .take(MAX_READ)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
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
            (".repo/refs/heads/topic", &format!("{ID}\n")),
            (".repo/worktrees/wt/HEAD", "ref: refs/heads/topic\n"),
            (".repo/worktrees/wt/commondir", "../..\n"),
            (".git", "gitdir: .repo/worktrees/wt\n"),
        ]);
        assert_eq!(head_commit(root.path()).as_deref(), Some(ID));
    }

    #[test]
    fn nothing_outside_the_folder_or_behind_a_link_or_not_a_file_is_read() {
        let outside = repo(&[
            (".git/HEAD", &format!("{ID}\n")),
            ("head", &format!("{ID}\n")),
        ]);
        let pointing_out = repo(&[(
            ".git",
            &format!("gitdir: {}/.git\n", outside.path().display()),
        )]);
        assert_eq!(head_commit(pointing_out.path()), None, "gitdir outside");
        let linked = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join(".git"), linked.path().join(".git"))
            .unwrap();
        assert_eq!(head_commit(linked.path()), None, ".git a link");
        let head_linked = repo(&[(".git/refs/x", "")]);
        std::os::unix::fs::symlink(
            outside.path().join("head"),
            head_linked.path().join(".git/HEAD"),
        )
        .unwrap();
        assert_eq!(head_commit(head_linked.path()), None, "HEAD a link");
        let pipe = tempfile::tempdir().unwrap();
        let fifo = std::ffi::CString::new(
            pipe.path()
                .join(".git")
                .into_os_string()
                .into_encoded_bytes(),
        )
        .unwrap();
        // SAFETY: mkfifo(3) with a NUL-terminated path that lives across the call.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        assert_eq!(head_commit(pipe.path()), None, "a pipe is never opened");
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
