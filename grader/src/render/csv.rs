//! A gradebook as CSV (RFC 4180): one row per submission, a column of points per exercise, the
//! total and the maximum, for an LMS to import; with a roster, each row starts with the
//! student's id and name; when submissions are git repositories, a last column names the commit
//! graded; when some tests were not run (the emulator tier without `--tier emulator`), a column
//! says how many points they are worth, so a total equal to the maximum never reads as complete.

use crate::model::SubmissionResult;
use crate::roster::Student;

pub fn csv(results: &[SubmissionResult], roster: &[Student]) -> String {
    let Some(first) = results.first() else {
        return String::new();
    };
    let mut header = Vec::new();
    if !roster.is_empty() {
        header.extend(["id".to_string(), "name".to_string()]);
    }
    header.push("submission".to_string());
    header.extend(first.exercises.iter().map(|e| e.id.clone()));
    header.extend(["total".to_string(), "max_points".to_string()]);
    let not_run = |r: &SubmissionResult| -> u32 { r.exercises.iter().map(|e| e.not_run().1).sum() };
    let with_not_run = results.iter().any(|r| not_run(r) > 0);
    if with_not_run {
        header.push("points_not_run".to_string());
    }
    let with_commits = results.iter().any(|r| r.submission.commit.is_some());
    if with_commits {
        header.push("commit".to_string());
    }
    let mut out = row(&header);
    for result in results {
        let mut fields = Vec::new();
        if !roster.is_empty() {
            let student = roster.iter().find(|s| s.folder == result.submission.name);
            fields.push(student.map(|s| s.id.clone()).unwrap_or_default());
            fields.push(student.map(|s| s.name.clone()).unwrap_or_default());
        }
        fields.push(result.submission.name.clone());
        fields.extend(result.exercises.iter().map(|e| e.points.to_string()));
        fields.extend([result.points.to_string(), result.max_points.to_string()]);
        if with_not_run {
            fields.push(not_run(result).to_string());
        }
        if with_commits {
            fields.push(result.submission.commit.clone().unwrap_or_default());
        }
        out.push_str(&row(&fields));
    }
    out
}

fn row(fields: &[String]) -> String {
    let quoted: Vec<String> = fields.iter().map(|f| field(f)).collect();
    format!("{}\r\n", quoted.join(","))
}

/// A field quoted when it holds a comma, a semicolon (some spreadsheets split on it), a quote, a
/// tab or a line break; a leading `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'`,
/// so a spreadsheet never runs a name as a formula.
fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', ';', '"', '\t', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn a_gradebook_row_quotes_what_needs_it_and_never_starts_a_formula() {
        let text = csv(&[sample::result()], &[]);
        assert_eq!(
            text,
            "submission,ex01,ex02,total,max_points\r\n\"alice, \"\"the\"\" =student\",2,0,2,10\r\n"
        );
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("x;=cmd|' /C calc'!A0"), "\"x;=cmd|' /C calc'!A0\"");
    }

    #[test]
    fn with_a_roster_rows_start_with_the_students_id_and_name() {
        let roster = [Student {
            id: "s-7".into(),
            name: "Alice A.".into(),
            folder: "alice, \"the\" =student".into(),
        }];
        let text = csv(&[sample::result()], &roster);
        assert!(
            text.starts_with("id,name,submission,ex01,ex02,total,max_points\r\ns-7,Alice A.,"),
            "{text}"
        );
    }

    #[test]
    fn git_submissions_end_their_rows_with_the_commit_graded() {
        let mut committed = sample::result();
        committed.submission.commit = Some("0123456789abcdef0123456789abcdef01234567".into());
        let text = csv(&[committed, sample::result()], &[]);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert!(lines[0].ends_with(",total,max_points,commit"), "{text}");
        assert!(
            lines[1].ends_with(",2,10,0123456789abcdef0123456789abcdef01234567"),
            "{text}"
        );
        assert!(
            lines[2].ends_with(",2,10,"),
            "no commit, an empty field: {text}"
        );
    }
}
