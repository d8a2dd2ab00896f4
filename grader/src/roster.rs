//! A class roster: a CSV file with a header and one row per student (`id,name,folder`), the
//! folder being the student's submission in the folder of submissions. With it, a gradebook's
//! rows carry the roster's ids and names.

use std::path::Path;

use crate::error::Error;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Student {
    pub id: String,
    pub name: String,
    /// The submission's folder name inside the folder of submissions.
    pub folder: String,
}

/// Reads `file` and checks that every student's folder is in the folder of `submissions`.
pub fn read(file: &Path, submissions: &Path) -> Result<Vec<Student>, Error> {
    read_with(file, &|folder| {
        (!submissions.join(folder).is_dir())
            .then(|| format!("{} has no folder {folder}", submissions.display()))
    })
}

/// Reads `file`; `missing` says why a student's folder is not among the submissions, if not.
pub fn read_with(
    file: &Path,
    missing: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Student>, Error> {
    let text = std::fs::read_to_string(file).map_err(|e| Error::io("cannot read", file, e))?;
    // A spreadsheet's "CSV UTF-8" starts with a byte order mark.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let bad = |line: usize, why: String| {
        Error::BadInput(format!("roster {}:{line}: {why}", file.display()))
    };
    let mut rows = records(text)
        .map_err(|(line, why)| bad(line, why))?
        .into_iter();
    match rows.next() {
        Some((_, header)) if header == ["id", "name", "folder"] => {}
        _ => {
            return Err(bad(
                1,
                "the first line must be the header id,name,folder".into(),
            ))
        }
    }
    let mut students: Vec<Student> = Vec::new();
    for (line, fields) in rows {
        let [id, name, folder] = <[String; 3]>::try_from(fields).map_err(|fields| {
            bad(
                line,
                format!("3 fields expected (id,name,folder), found {}", fields.len()),
            )
        })?;
        if folder.is_empty() || folder.contains(['/', '\\']) || folder.starts_with('.') {
            // Folders whose names start with a dot are never graded as submissions.
            return Err(bad(
                line,
                format!("{folder:?} is not a submission's folder name"),
            ));
        }
        if id.trim().is_empty() {
            return Err(bad(line, "a student without an id".into()));
        }
        if let Some(why) = missing(&folder) {
            return Err(bad(line, why));
        }
        if students.iter().any(|s| s.folder == folder || s.id == id) {
            return Err(bad(
                line,
                format!("student {id} or folder {folder} is listed twice"),
            ));
        }
        students.push(Student { id, name, folder });
    }
    Ok(students)
}

type Record = (usize, Vec<String>);

/// The non-empty records of RFC 4180 text, each with the line it starts on.
fn records(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => {
                quoted = false;
                if !matches!(chars.peek(), None | Some(',' | '\n' | '\r')) {
                    return Err((start, "text after a quoted field's closing quote".into()));
                }
            }
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                fields.push(std::mem::take(&mut field));
                if fields.iter().any(|f| !f.is_empty()) {
                    records.push((start, std::mem::take(&mut fields)));
                }
                fields.clear();
                line += 1;
                start = line;
            }
            (_, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
        }
    }
    if quoted {
        return Err((start, "a quoted field is never closed".into()));
    }
    fields.push(field);
    if fields.iter().any(|f| !f.is_empty()) {
        records.push((start, fields));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_may_be_quoted_hold_commas_quotes_and_lines() {
        let parsed = records("id,name,folder\r\n7,\"Doe, \"\"J\"\"\nDoe\",alice\n\n").unwrap();
        assert_eq!(
            parsed,
            [
                (1, vec!["id".into(), "name".into(), "folder".into()]),
                (
                    2,
                    vec!["7".into(), "Doe, \"J\"\nDoe".into(), "alice".into()]
                ),
            ]
        );
        assert!(records("a,\"b\n").is_err());
    }

    #[test]
    fn a_roster_names_existing_folders_once_each() {
        let submissions = tempfile::tempdir().unwrap();
        std::fs::create_dir(submissions.path().join("alice")).unwrap();
        let roster = submissions.path().join("roster.csv");
        let read_with = |text: &str| {
            std::fs::write(&roster, text).unwrap();
            read(&roster, submissions.path())
        };

        assert_eq!(
            read_with("\u{FEFF}id,name,folder\n7,Alice,alice\n").unwrap(),
            [Student {
                id: "7".into(),
                name: "Alice".into(),
                folder: "alice".into()
            }]
        );
        for (text, expected) in [
            ("id,name,folder\n8,Bob,bob\n", ":2: "),
            (
                "id,name,folder\n7,Alice,alice\n7,Alice,alice\n",
                "listed twice",
            ),
            ("id,name,folder\n7,Alice\n", "3 fields expected"),
            ("name,folder\n", "the first line must be the header"),
            (
                "id,name,folder\n7,A,../alice\n",
                "is not a submission's folder name",
            ),
            (
                "id,name,folder\n7,A,.alice\n",
                "is not a submission's folder name",
            ),
            ("id,name,folder\n,A,alice\n", "without an id"),
            ("id,name,folder\n7,\"A\"x,alice\n", "after a quoted field"),
        ] {
            let error = read_with(text).unwrap_err().to_string();
            assert!(error.contains(expected), "{text:?}: {error}");
            assert!(error.starts_with("roster "), "{error}");
        }
    }
}
