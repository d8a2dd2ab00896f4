//! `grader export --gradescope FILE.zip`: the autograder bundle of Gradescope's specification
//! (`setup.sh` and `run_autograder` at the top of the zip, from `classroom/gradescope/`), with the
//! instructor's course under `course/`: hidden tests included, since students never see the
//! bundle, and no `solutions/`, build output or version control ([`crate::files::owner`]).
//!
//! Invariant: the zip is written under a temporary name beside `FILE.zip` and renamed when whole.

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::error::Error;
use crate::manifest::Course;

/// The bundle's scripts, in `classroom/gradescope/` and at the top of the zip.
const SCRIPTS: [&str; 2] = ["setup.sh", "run_autograder"];
/// Where the course goes inside the zip (Gradescope unpacks it to `/autograder/source/`).
const COURSE_FOLDER: &str = "course";

/// Writes the bundle of the course at `course_root` to `zip_path`: its scripts and the files
/// [`super::handed_out`] hands out, hidden tests included.
pub fn bundle(
    course_root: &Path,
    course: &Course,
    zip_path: &Path,
) -> Result<super::Exported, Error> {
    if zip_path.exists() {
        return Err(Error::BadInput(format!(
            "{} already exists: name a new file",
            zip_path.display()
        )));
    }
    let folder = match zip_path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(Error::BadInput(format!(
            "{}: no such folder to write the bundle into; create it first",
            folder.display()
        )));
    }
    let partial = tempfile::Builder::new()
        .prefix(".grader-gradescope")
        .suffix(".zip")
        .tempfile_in(folder)
        .map_err(|e| Error::io("cannot create a file in", folder, e))?;
    let fail = |e: zip::result::ZipError| Error::io("cannot write", zip_path, e.into());
    let mut zip = ZipWriter::new(partial.as_file());
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut written = 0;
    for script in SCRIPTS {
        let from = course_root.join("classroom/gradescope").join(script);
        let bytes = std::fs::read(&from).map_err(|e| Error::io("cannot read", &from, e))?;
        zip.start_file(script, stored.unix_permissions(0o755))
            .map_err(fail)?;
        zip.write_all(&bytes)
            .map_err(|e| Error::io("cannot write", zip_path, e))?;
        written += 1;
    }
    let handed_out = super::handed_out::handed_out(course_root, course)?;
    for relative in &handed_out.files {
        let from = course_root.join(relative);
        let bytes = std::fs::read(&from).map_err(|e| Error::io("cannot read", &from, e))?;
        let name = Path::new(COURSE_FOLDER).join(relative);
        zip.start_file(name.to_string_lossy(), stored.unix_permissions(0o644))
            .map_err(fail)?;
        zip.write_all(&bytes)
            .map_err(|e| Error::io("cannot write", zip_path, e))?;
        written += 1;
    }
    zip.finish().map_err(fail)?;
    // A temporary file is private to its owner; the bundle is for uploading.
    partial
        .as_file()
        .set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))
        .map_err(|e| Error::io("cannot write", zip_path, e))?;
    partial
        .persist(zip_path)
        .map_err(|e| Error::io("cannot write", zip_path, e.error))?;
    Ok(super::Exported {
        files: written,
        left_out: handed_out.left_out(),
    })
}
