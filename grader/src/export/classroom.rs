//! The files a student repository has that the course repository does not: its README, its
//! grading workflow and the editor's settings, all kept in the course's `classroom/` folder.
//!
//! Invariant: the workflow grades against the course the instructor pinned (`--course-repo`,
//! `--course-ref`) or, without a pin, against the repository variables `COURSE_REPOSITORY` and
//! `COURSE_REF`; a pin is checked to be a plain repository name and ref, so it cannot change the
//! workflow's meaning.

use std::path::Path;

use crate::error::Error;

/// Where the student repository's own files come from, in the course.
pub const FOLDER: &str = "classroom";

/// `(file in classroom/, where the export writes it)`.
pub const FILES: [(&str, &str); 3] = [
    ("README.md", "README.md"),
    ("grade.yml", ".github/workflows/grade.yml"),
    ("rust-analyzer.toml", "rust-analyzer.toml"),
];

/// The pristine course the student repository's workflow grades against.
#[derive(Debug, Clone, Default)]
pub struct Pin {
    /// `owner/name` of the class's template repository.
    pub repository: Option<String>,
    /// A tag or commit of it.
    pub reference: Option<String>,
}

impl Pin {
    /// Checks that the pin holds only what a repository name and a git ref can hold.
    pub fn checked(self) -> Result<Pin, Error> {
        if let Some(repository) = &self.repository {
            let plain = |part: &str| {
                !part.is_empty()
                    && !part.starts_with('.')
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            };
            let valid = matches!(repository.split_once('/'), Some((owner, name)) if plain(owner) && plain(name));
            if !valid {
                return Err(Error::BadInput(format!(
                    "--course-repo {repository}: expected OWNER/NAME, the class's template repository on GitHub"
                )));
            }
        }
        if let Some(reference) = &self.reference {
            let valid = !reference.is_empty()
                && !reference.starts_with(['-', '/'])
                && !reference.contains("..")
                && reference
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
            if !valid {
                return Err(Error::BadInput(format!(
                    "--course-ref {reference}: expected a tag, branch or commit of the template repository"
                )));
            }
        }
        Ok(self)
    }
}

/// The workflow's text with the pin written in, in place of the repository variables.
pub fn pinned_workflow(template: &str, pin: &Pin, path: &Path) -> Result<String, Error> {
    let mut text = template.to_string();
    for (variable, pinned) in [
        ("COURSE_REPOSITORY", &pin.repository),
        ("COURSE_REF", &pin.reference),
    ] {
        let Some(pinned) = pinned else { continue };
        let line = format!("{variable}: ${{{{ vars.{variable} }}}}");
        if text.matches(&line).count() != 1 {
            return Err(Error::BadInput(format!(
                "{}: cannot pin the course: the workflow must hold the line `{line}` exactly once",
                path.display()
            )));
        }
        text = text.replace(&line, &format!("{variable}: {pinned}"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "env:\n  COURSE_REPOSITORY: ${{ vars.COURSE_REPOSITORY }}\n  COURSE_REF: ${{ vars.COURSE_REF }}\n";

    #[test]
    fn a_pin_replaces_the_repository_variables() {
        let pin = Pin {
            repository: Some("class/lab".into()),
            reference: Some("v2026.1".into()),
        };
        let text = pinned_workflow(TEMPLATE, &pin, Path::new("grade.yml")).unwrap();
        assert_eq!(
            text,
            "env:\n  COURSE_REPOSITORY: class/lab\n  COURSE_REF: v2026.1\n"
        );
        let unpinned = pinned_workflow(TEMPLATE, &Pin::default(), Path::new("grade.yml")).unwrap();
        assert_eq!(unpinned, TEMPLATE);
    }

    #[test]
    fn a_pin_that_could_change_the_workflow_is_refused() {
        for (repository, reference) in [
            ("class", "v1"),
            ("class/lab\n  X: y", "v1"),
            ("class/lab", "v1 # ${{ secrets.X }}"),
            ("class/lab", "--upload-pack=x"),
            ("class/../lab", "v1"),
        ] {
            let pin = Pin {
                repository: Some(repository.into()),
                reference: Some(reference.into()),
            };
            assert!(pin.checked().is_err(), "{repository} {reference}");
        }
    }
}
