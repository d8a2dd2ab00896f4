//! Which of the course's files a copy for others holds (the student repository, the Gradescope
//! bundle): the course's own files as its git repository tracks them, never what merely lies in
//! the folder.
//!
//! Invariants:
//! - in a git work tree, only tracked files: a class list, a gradebook or a roster the instructor
//!   keeps beside the course is left out, and named, until it is committed;
//! - never a symbolic link, nor anything below one: a link could point anywhere (`solutions/`);
//! - never the course's own `.github/`: its workflows are the instructor's (the student
//!   repository gets the workflow `classroom/grade.yml` makes);
//! - never the class's data that `classroom/regrade.yml` reads from the instructor's copy:
//!   `classroom/class-urls.txt` and any `.csv` in `classroom/` (a roster);
//! - what [`crate::files::owner`] calls nobody's is never included.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::Error;
use crate::files::{skip_nobodys, walk, Kind, Links};
use crate::manifest::Course;

/// The files to copy, and what was left out.
#[derive(Debug, Default)]
pub struct HandedOut {
    /// Relative to the course root, in walk order.
    pub files: Vec<PathBuf>,
    /// Files in the folder that git does not track.
    pub untracked: Vec<PathBuf>,
    /// Symbolic links (not followed).
    pub links: Vec<PathBuf>,
    /// The class's data in `classroom/` (its clone URLs, a roster).
    pub class_data: Vec<PathBuf>,
    /// Whether the course is a git work tree (else every file is handed out).
    pub tracked_by_git: bool,
}

/// The files of the course at `course_root` that a copy for others holds.
pub fn handed_out(course_root: &Path, course: &Course) -> Result<HandedOut, Error> {
    let tracked = tracked_files(course_root)?;
    let mut out = HandedOut {
        tracked_by_git: tracked.is_some(),
        ..HandedOut::default()
    };
    let skip = skip_nobodys(course);
    let skip = |relative: &Path| relative.starts_with(".github") || skip(relative);
    for found in walk(course_root, Links::Report, &skip)? {
        match found.kind {
            Kind::Link => out.links.push(found.relative),
            Kind::File { .. } if is_class_data(&found.relative) => {
                out.class_data.push(found.relative)
            }
            Kind::File { .. } => match &tracked {
                Some(tracked) if !tracked.contains(&found.relative) => {
                    out.untracked.push(found.relative)
                }
                _ => out.files.push(found.relative),
            },
            Kind::BadName | Kind::Special => {}
        }
    }
    Ok(out)
}

impl HandedOut {
    /// A sentence on what was left out, if anything, for the instructor.
    pub fn left_out(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.untracked.is_empty() {
            parts.push(format!(
                "{} file(s) git does not track (commit them if students need them): {}",
                self.untracked.len(),
                shown(&self.untracked)
            ));
        }
        if !self.class_data.is_empty() {
            parts.push(format!("the class's data: {}", shown(&self.class_data)));
        }
        if !self.links.is_empty() {
            parts.push(format!(
                "{} symbolic link(s), never followed: {}",
                self.links.len(),
                shown(&self.links)
            ));
        }
        if !self.tracked_by_git {
            parts.push(
                "the course is not a git repository, so every file in its folder is in the copy: keep class lists and gradebooks outside it".to_string(),
            );
        }
        (!parts.is_empty()).then(|| format!("left out {}", parts.join("; ")))
    }
}

/// `classroom/class-urls.txt`, or a `.csv` below `classroom/`: the class's, never handed out.
fn is_class_data(relative: &Path) -> bool {
    relative.starts_with("classroom")
        && (relative == Path::new("classroom/class-urls.txt")
            || relative.extension().is_some_and(|e| e == "csv"))
}

fn shown(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 5;
    let mut names: Vec<String> = paths
        .iter()
        .take(SHOWN)
        .map(|p| crate::render::one_line(&p.display().to_string()))
        .collect();
    if paths.len() > SHOWN {
        names.push(format!("and {} more", paths.len() - SHOWN));
    }
    names.join(", ")
}

/// The files git tracks below `course_root`, relative to it; `None` when it is in no git work
/// tree. Paths are relative to `course_root`, which need not be the repository's root. A
/// repository git cannot read (another owner's, git missing where a `.git` is) is an error, never
/// "no repository": that would hand out every file. The course is the instructor's own: running
/// git on it is safe.
fn tracked_files(course_root: &Path) -> Result<Option<HashSet<PathBuf>>, Error> {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(course_root)
            .args(args)
            // Its messages in English, whatever the user's language: one is read below. And the
            // repository of this folder, whatever a hook or the user's settings point git at.
            .env("LC_ALL", "C")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_CEILING_DIRECTORIES")
            .env_remove("GIT_DISCOVERY_ACROSS_FILESYSTEM")
            .stdin(Stdio::null())
            .output()
    };
    let inside = match git(&["rev-parse", "--is-inside-work-tree"]) {
        Ok(output) => output,
        Err(error) => {
            let has_git = course_root.ancestors().any(|dir| dir.join(".git").exists());
            return if has_git {
                Err(Error::Tool(format!(
                    "the course is a git repository, but git cannot run ({error}): install git, which tells the course's own files from the rest"
                )))
            } else {
                Ok(None)
            };
        }
    };
    if !inside.status.success() {
        let said = String::from_utf8_lossy(&inside.stderr);
        let has_git = course_root.ancestors().any(|dir| dir.join(".git").exists());
        if said.contains("not a git repository") && !has_git {
            return Ok(None);
        }
        return Err(Error::Tool(format!(
            "git cannot read the course's repository: {}",
            said.trim()
        )));
    }
    let listed = git(&["ls-files", "-z", "--cached"])
        .map_err(|e| Error::Tool(format!("cannot run git ls-files: {e}")))?;
    if !listed.status.success() {
        return Err(Error::Tool(format!(
            "git ls-files failed in {}: {}",
            course_root.display(),
            String::from_utf8_lossy(&listed.stderr).trim()
        )));
    }
    let files: HashSet<PathBuf> = listed
        .stdout
        .split(|byte| *byte == 0)
        .filter(|name| !name.is_empty())
        .filter_map(|name| std::str::from_utf8(name).ok())
        .map(PathBuf::from)
        .collect();
    if !files.contains(Path::new(crate::manifest::MANIFEST_PATH)) {
        return Err(Error::BadInput(format!(
            "{} is in a git work tree that does not track {}: commit the course (its own files are the ones git tracks), or `git init` a repository of its own",
            course_root.display(),
            crate::manifest::MANIFEST_PATH
        )));
    }
    Ok(Some(files))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> Course {
        toml::from_str(
            "title = \"t\"\n[[exercise]]\nid = \"a\"\ndir = \"ex01-a\"\ntitle = \"A\"\n[[exercise.test]]\nname = \"x\"\n",
        )
        .unwrap()
    }

    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    /// A course with a tracked README and test, and beside them a gradebook, a workflow of the
    /// instructor's, a link to the solutions and the solutions themselves.
    fn course_folder() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let path = root.path();
        for (file, text) in [
            ("README.md", "read me"),
            ("exercises/ex01-a/tests/main.rs", "// tests"),
            ("exercises/course.toml", "title = \"t\""),
            ("solutions/ex01-a/src/lib.rs", "// the answer"),
            (".github/workflows/regrade.yml", "on: push"),
            (
                "classroom/class-urls.txt",
                "https://github.com/org/lab-alice.git",
            ),
            ("classroom/roster.csv", "id,name,folder"),
            ("grades.csv", "alice,100"),
        ] {
            std::fs::create_dir_all(path.join(file).parent().unwrap()).unwrap();
            std::fs::write(path.join(file), text).unwrap();
        }
        std::os::unix::fs::symlink("solutions", path.join("answers")).unwrap();
        root
    }

    #[test]
    fn in_a_git_repository_only_tracked_files_are_handed_out_and_the_rest_is_named() {
        let root = course_folder();
        let path = root.path();
        git(path, &["init", "-q"]);
        git(
            path,
            &[
                "add",
                "README.md",
                "exercises",
                "solutions",
                ".github",
                "answers",
                "classroom",
            ],
        );

        let out = handed_out(path, &course()).unwrap();

        assert_eq!(
            out.files,
            [
                PathBuf::from("README.md"),
                PathBuf::from("exercises/course.toml"),
                PathBuf::from("exercises/ex01-a/tests/main.rs")
            ]
        );
        assert_eq!(out.untracked, [PathBuf::from("grades.csv")]);
        assert_eq!(out.links, [PathBuf::from("answers")]);
        assert_eq!(
            out.class_data,
            [
                PathBuf::from("classroom/class-urls.txt"),
                PathBuf::from("classroom/roster.csv")
            ],
            "tracked, and still the class's own"
        );
        let said = out.left_out().unwrap();
        assert!(
            said.contains("grades.csv") && said.contains("answers"),
            "{said}"
        );
    }

    #[test]
    fn a_work_tree_that_does_not_track_the_course_is_refused() {
        let root = course_folder();
        git(root.path(), &["init", "-q"]);
        let error = handed_out(root.path(), &course()).unwrap_err().to_string();
        assert!(
            error.contains("does not track exercises/course.toml"),
            "{error}"
        );
    }

    #[test]
    fn outside_git_every_file_is_handed_out_but_links_and_the_note_says_so() {
        let root = course_folder();

        let out = handed_out(root.path(), &course()).unwrap();

        assert!(out.files.contains(&PathBuf::from("grades.csv")));
        assert!(!out.files.iter().any(|f| f.starts_with("solutions")
            || f.starts_with(".github")
            || f.starts_with("answers")));
        assert!(out.left_out().unwrap().contains("not a git repository"));
    }
}
