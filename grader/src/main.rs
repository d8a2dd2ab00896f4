//! `grader`: grades submissions of the serverless lab. See `grader --help`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use grader::batch::journal::Mode;
use grader::batch::{files_in, grade_batch, submissions_in, BatchOptions};
use grader::emulator;
use grader::grade::{Options, Submission, WorkDir};
use grader::guide;
use grader::manifest::{Course, MANIFEST_PATH};
use grader::progress::{self, BatchProgress, Progress};
use grader::render::{self, Style, TableOptions};
use grader::verify::verify;
use grader::watch::WatchOptions;
use grader::{export, stubs};

const EXIT_CODES: &str = "\
Exit codes:
  0  done (report: graded, whatever the score; verify: every check holds)
  1  verify found tests that do not pass on a solution or do not fail on a stub,
     or stubs out of date (verify, stubs --check), or check refused a construct
  2  bad input: a missing or malformed submission, course or exercises/course.toml
  3  the grader could not work: cargo missing, a file it could not read or write;
     report --submissions: some submissions could not be graded (the report is
     written, they score 0 in it, and --resume grades them again)";

#[derive(Parser)]
#[command(
    name = "grader",
    version,
    about = "Grades the serverless lab: lays a submission's exercises/*/src over a pristine copy \
             of the course, builds once, runs each graded test in its own process.",
    after_help = EXIT_CODES
)]
struct Cli {
    /// The course workspace (the folder holding exercises/course.toml). Default: the nearest
    /// one above the current folder.
    #[arg(long, global = true, value_name = "DIR")]
    course: Option<PathBuf>,
    /// Where the grader keeps its overlay workspace and build cache.
    /// Default: <course>/target/grader.
    #[arg(long, global = true, value_name = "DIR")]
    work_dir: Option<PathBuf>,
    /// How many tests run at once. Default: twice the number of CPU cores.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Compile every third-party crate in the work dir: do not hard-link the ones the course's
    /// own target dir holds (which the grader trusts as it trusts the course), nor link the ones
    /// it compiles back into it.
    #[arg(long, global = true)]
    no_reuse: bool,
    /// Refuse to grade (exit 3) where the box around tests is incomplete, instead of grading
    /// with a warning: for grades that must hold (a class's regrade).
    #[arg(long, global = true)]
    require_box: bool,
    /// Without a command: `status`.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TierArg {
    Unit,
    Emulator,
}

#[derive(Subcommand)]
enum Command {
    /// Grade this workspace and show its progress exercise by exercise, and the next step: the
    /// first failing test of the first unfinished exercise, its message, its hint, the chapter.
    #[command(after_help = EXIT_CODES)]
    Status,
    /// Test the exercise you work on at every save: its first failures with their hints, and
    /// the next exercise once every test passes. Keys: r test again, h hints, l list, n next
    /// exercise, q quit (after the current run; Ctrl-C at once).
    #[command(after_help = EXIT_CODES)]
    Watch {
        /// The exercise to start with, e.g. ex03. Default: the first one not done.
        exercise: Option<String>,
        /// Test again only on r or Enter, not on saves: for folders whose file events do not
        /// reach the grader (network drives, some WSL setups).
        #[arg(long)]
        manual: bool,
    },
    /// Show the hints of an exercise's tests, or of one test.
    #[command(after_help = EXIT_CODES)]
    Hint {
        /// The exercise, e.g. ex03.
        exercise: String,
        /// A test's full name or its last part, e.g. `a_duplicate_id_is_409`. Default: every test.
        test: Option<String>,
    },
    /// Grade a submission (by default the course workspace itself) and print the score.
    #[command(after_help = EXIT_CODES)]
    Report {
        /// A student's copy of the workspace: the folder holding exercises/<exercise>/src.
        #[arg(long, value_name = "DIR", conflicts_with = "submissions")]
        submission: Option<PathBuf>,
        /// A folder of submissions, one subfolder each: grades them all, reusing one build cache.
        #[arg(long, value_name = "DIR")]
        submissions: Option<PathBuf>,
        /// table: for people and CI logs; json: the whole result model, for tools; markdown: a
        /// GitHub job summary; junit: CI test reporters; csv: a gradebook, one row per
        /// submission; gradescope: Gradescope's results.json; prairielearn: PrairieLearn's
        /// external-grading results.json; github: workflow commands that annotate failing tests.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// With --submissions and --format csv: a CSV file with the header id,name,folder and a
        /// row per student, whose folder is in the folder of submissions; the gradebook's rows
        /// then start with the student's id and name.
        #[arg(long, value_name = "FILE", requires = "submissions")]
        roster: Option<PathBuf>,
        /// Write the report to this file (whole or not at all) instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Show the names and messages of hidden tests (instructors only).
        #[arg(long)]
        show_hidden: bool,
        /// Grade only this exercise (e.g. ex03): the others are not built.
        #[arg(long, value_name = "ID")]
        exercise: Option<String>,
        /// unit: the tests against recorded answers; emulator: those and the emulator tier's,
        /// against AWS APIs served on 127.0.0.1 (moto, installed on first use; needs Python 3,
        /// and root where tests are boxed in namespaces).
        #[arg(long, value_enum, default_value_t = TierArg::Unit)]
        tier: TierArg,
        /// With --submissions: grade only shard I of N (e.g. 2/4), a share that depends on
        /// each folder's name alone; `grader merge` joins the shards' JSON reports.
        #[arg(long, value_name = "I/N", requires = "submissions")]
        shard: Option<grader::batch::shard::Shard>,
        /// With --submissions: continue the batch an interruption stopped, grading only the
        /// submissions it had not graded (or whose sources changed since). Each result is
        /// kept in <work dir>/batch as soon as it is graded.
        #[arg(long, requires = "submissions", conflicts_with = "restart")]
        resume: bool,
        /// With --submissions: start over even though the last batch did not finish.
        #[arg(long, requires = "submissions")]
        restart: bool,
    },
    /// Join the JSON reports of a batch's shards (`report --submissions --shard I/N --format
    /// json`) into one report of the whole class.
    #[command(after_help = EXIT_CODES)]
    Merge {
        /// The shards' JSON reports.
        #[arg(required = true)]
        reports: Vec<PathBuf>,
        /// table, json, markdown or csv.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// With --format csv: the class roster (id,name,folder), as for `report --roster`.
        #[arg(long, value_name = "FILE")]
        roster: Option<PathBuf>,
        /// Write to this file (whole or not at all) instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Start the emulator tier's AWS on 127.0.0.1 (moto server, installed on first use in
    /// <course>/target/emulator/venv), create the course's tables, keys and parameters
    /// (course.toml's [emulator]), print the variables that point an SDK or the AWS CLI at it,
    /// and stop it at Enter or at the end of standard input.
    #[command(after_help = EXIT_CODES)]
    Emulator,
    /// Record the AWS exercises' fixtures (fixtures/{dynamodb,kms,ssm}) again with the course's
    /// recorders (fixtures/recorder/record_*.py), each against a fresh emulator (or real AWS),
    /// and name the fixtures that changed beyond what differs in every recording (timestamps,
    /// generated ids, ciphertexts, data keys). Files are replaced only once every recorder has
    /// succeeded.
    #[command(after_help = EXIT_CODES)]
    Record {
        /// Write into this folder (laid out as fixtures/) instead of the course's fixtures/.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// Record from real AWS in this region instead of the emulator. This creates the lab's
        /// tables, keys and parameters in the account (KMS keys are billed until deleted).
        #[arg(long, value_name = "REGION")]
        aws: Option<String>,
        /// With --aws: the credentials of this profile (else botocore's usual search).
        #[arg(long, requires = "aws", value_name = "NAME")]
        profile: Option<String>,
    },
    /// Serve the class lab's API on 127.0.0.1, as API Gateway and Lambda would, with the
    /// emulator's AWS behind it: `curl` it as the lab's last step does. Your exercise's code
    /// (built with the course's [api] features on first use) runs unboxed, as with `cargo run`;
    /// stops at Enter or at the end of standard input.
    #[command(after_help = EXIT_CODES)]
    Api {
        /// Serve the course's solutions instead of your code (instructors).
        #[arg(long)]
        solutions: bool,
        /// The port on 127.0.0.1. Default: a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// Render a report written earlier with `report --format json` in another format, without
    /// grading again (a workflow grades once and shows the result several ways).
    #[command(after_help = EXIT_CODES)]
    Render {
        /// The JSON report: one submission's, or a folder of submissions' (an array).
        report: PathBuf,
        /// As for `report`, and title: the score in one line, for a CI check's title.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write to this file (whole or not at all) instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Of the paths a change touched, list the ones that are the course's own (tests, fixtures,
    /// snapshots, Cargo files, the workflow, the grader): grading ignores changes to them.
    #[command(after_help = EXIT_CODES)]
    Protected {
        /// A file of changed paths relative to the workspace, as `git diff --name-only -z`
        /// writes them (NUL- or newline-separated).
        changed: PathBuf,
        /// text: one path per line; markdown: a section for a pull request's summary.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Run only the policy check on a submission's sources (by default this workspace's), and
    /// list every construct it refuses with file, line and rule.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// A student's copy of the workspace, or the solutions/ folder.
        #[arg(long, value_name = "DIR")]
        submission: Option<PathBuf>,
    },
    /// Prove the course sound: every graded test passes on the solutions and fails on the stubs,
    /// and the stubs are the ones generated from the solutions.
    #[command(after_help = EXIT_CODES)]
    Verify {
        /// Verify only this exercise (e.g. ex03): the others are not built.
        #[arg(long, value_name = "ID")]
        exercise: Option<String>,
        /// unit, or emulator: the emulator tier's tests too (see `report --tier`).
        #[arg(long, value_enum, default_value_t = TierArg::Unit)]
        tier: TierArg,
    },
    /// Regenerate exercises/*/src from solutions/*/src (bodies marked `// stub:` become stubs).
    #[command(after_help = EXIT_CODES)]
    Stubs {
        /// Change nothing; exit 1 listing the stub files that are out of date.
        #[arg(long)]
        check: bool,
    },
    /// Write the student repository a class hands out: the course without solutions/ and
    /// without its hidden tests, with the student README, the grading workflow
    /// (.github/workflows/grade.yml) and rust-analyzer.toml from classroom/.
    #[command(after_help = EXIT_CODES)]
    Export {
        /// The folder to create; it must not exist or be empty.
        #[arg(required_unless_present = "gradescope")]
        dest: Option<PathBuf>,
        /// Instead of the student repository: Gradescope's autograder bundle, a zip of setup.sh,
        /// run_autograder and the course with its hidden tests (no solutions/), to upload as a
        /// programming assignment's autograder.
        #[arg(long, value_name = "FILE.zip", conflicts_with_all = ["dest", "course_repo", "course_ref"])]
        gradescope: Option<PathBuf>,
        /// The class's template repository (OWNER/NAME) the workflow grades against. Default:
        /// the repository variable COURSE_REPOSITORY.
        #[arg(long, value_name = "OWNER/NAME")]
        course_repo: Option<String>,
        /// The tag or commit of the template repository the workflow grades against. Default:
        /// the repository variable COURSE_REF.
        #[arg(long, value_name = "REF")]
        course_ref: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Markdown,
    Junit,
    Csv,
    Gradescope,
    Prairielearn,
    Github,
    Title,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            let code = error
                .downcast_ref::<grader::Error>()
                .map_or(3, grader::Error::exit_code);
            ExitCode::from(code as u8)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let course_root = match cli.course {
        Some(dir) => dir,
        None => find_course()?,
    };
    let course = Course::load(&course_root)?;
    let work_dir = cli
        .work_dir
        .unwrap_or_else(|| course_root.join("target").join("grader"));
    // Cargo runs in the overlay: a relative work dir would be read from there.
    let work_dir = std::path::absolute(&work_dir)
        .with_context(|| format!("cannot resolve the work dir {}", work_dir.display()))?;
    let work = WorkDir::new(work_dir);
    let style = if std::io::stdout().is_terminal() {
        Style::Terminal
    } else {
        Style::Plain
    };
    let defaults = Options::default();
    let only = match &cli.command {
        Some(Command::Report { exercise, .. } | Command::Verify { exercise, .. }) => {
            exercise.clone()
        }
        _ => None,
    };
    let tier = match &cli.command {
        Some(Command::Report { tier, .. } | Command::Verify { tier, .. }) => *tier,
        _ => TierArg::Unit,
    };
    if let Some(id) = &only {
        if !course.exercises.iter().any(|e| e.id == *id) {
            let known: Vec<&str> = course.exercises.iter().map(|e| e.id.as_str()).collect();
            return Err(grader::Error::BadInput(format!(
                "--exercise {id}: the course has no such exercise; its exercises are {}",
                known.join(", ")
            ))
            .into());
        }
    }
    let emulator = match tier {
        TierArg::Unit => None,
        TierArg::Emulator => Some(start_emulator_tier(&course_root)?),
    };
    let options = Options {
        jobs: cli.jobs.map_or(defaults.jobs, usize::from),
        reuse_course_build: !cli.no_reuse,
        only,
        emulator,
    };
    let total_tests = options.test_count(&course);
    let command = cli.command.unwrap_or(Command::Status);
    if matches!(
        command,
        Command::Report { .. } | Command::Verify { .. } | Command::Status | Command::Watch { .. }
    ) {
        if let Some(shortfall) = grader::sandbox::Support::probe().shortfall() {
            if cli.require_box {
                return Err(grader::Error::Tool(format!(
                    "--require-box: the box around tests is incomplete here, so nothing was graded: {shortfall}"
                ))
                .into());
            }
            eprintln!("grader: warning: the box around tests is incomplete here: {shortfall}");
        }
    }
    match command {
        Command::Status => {
            let submission = Submission::workspace(&course_root)?;
            let result = grade_with_progress(&course_root, &course, &submission, &work, &options)?;
            println!("{}", guide::status(&result, &course).trim_end());
            Ok(ExitCode::SUCCESS)
        }
        Command::Watch { exercise, manual } => {
            let watch = WatchOptions {
                start: exercise,
                manual,
            };
            grader::watch::watch(&course_root, &course, &work, &options, &watch)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Hint { exercise, test } => {
            let text = guide::hints(&course, &exercise, test.as_deref())
                .map_err(|error| grader::Error::BadInput(error.to_string()))?;
            println!("{}", text.trim_end());
            Ok(ExitCode::SUCCESS)
        }
        Command::Report {
            submissions: Some(folder),
            format,
            show_hidden,
            output,
            roster,
            shard,
            resume,
            restart,
            ..
        } => {
            batch_format(format)?;
            let destination = destination(output.as_deref(), roster.as_deref())?;
            let paths = submissions_in(&folder)?;
            let students = match &roster {
                Some(_) if !matches!(format, Format::Csv) => {
                    return Err(grader::Error::BadInput(
                        "--roster goes with --format csv (the gradebook)".into(),
                    )
                    .into())
                }
                Some(file) => grader::roster::read(file, &folder)?,
                None => Vec::new(),
            };
            let roster_file = roster
                .as_deref()
                .and_then(|f| std::fs::canonicalize(f).ok());
            let strays: Vec<String> = files_in(&folder)?
                .into_iter()
                .filter(|name| std::fs::canonicalize(folder.join(name)).ok() != roster_file)
                .collect();
            if !strays.is_empty() {
                eprintln!(
                    "grader: warning: not graded, as a submission is a folder: {} in {}",
                    strays.join(", "),
                    folder.display()
                );
            }
            if !students.is_empty() && shard.is_none() {
                let unlisted: Vec<String> = paths
                    .iter()
                    .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .filter(|name| !students.iter().any(|s| s.folder == *name))
                    .map(|name| render::one_line(&name))
                    .collect();
                if !unlisted.is_empty() {
                    eprintln!(
                        "grader: warning: not in the roster, so graded without an id: {}",
                        unlisted.join(", ")
                    );
                }
            }
            let batch = BatchOptions {
                shard,
                mode: match (resume, restart) {
                    (true, _) => Mode::Resume,
                    (_, true) => Mode::Restart,
                    _ => Mode::Start,
                },
            };
            let mut progress = BatchProgress::new(total_tests);
            let outcome = grade_batch(
                &course_root,
                &course,
                &work,
                &options,
                &folder,
                batch,
                &mut |event| progress.show(event),
            );
            progress.finish();
            let outcome = outcome.with_context(|| format!("grading {}", folder.display()))?;
            let shown: Vec<_> = outcome
                .results
                .iter()
                .map(|r| render::shown(r, show_hidden))
                .collect();
            let text = render_batch(&shown, format, style, &students)?;
            write_report(&text, destination, false)?;
            if outcome.not_graded.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            eprintln!(
                "grader: {} submission(s) could not be graded and score 0 in this report: {}; once the cause is fixed, run the same command with --resume to grade them",
                outcome.not_graded.len(),
                render::one_line(&outcome.not_graded.join(", "))
            );
            Ok(ExitCode::from(3))
        }
        Command::Report {
            submission,
            format,
            show_hidden,
            output,
            ..
        } => {
            let destination = destination(output.as_deref(), None)?;
            let submission = match submission {
                Some(path) => Submission::workspace(&path)?,
                None => Submission::workspace(&course_root)?,
            };
            let result = grade_with_progress(&course_root, &course, &submission, &work, &options)?;
            let text = render_one(&result, format, style, show_hidden);
            write_report(&text, destination, matches!(format, Format::Github))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Render {
            report,
            format,
            output,
        } => {
            let destination = destination(output.as_deref(), None)?;
            let text = std::fs::read_to_string(&report)
                .with_context(|| format!("cannot read the report {}", report.display()))?;
            let bad = |error: serde_json::Error| {
                grader::Error::BadInput(format!(
                    "{}: not a report of `grader report --format json` ({error})",
                    report.display()
                ))
            };
            // What the JSON holds is what it showed when written: hidden tests stay as they were.
            let text = if text.trim_start().starts_with('[') {
                let results: Vec<grader::model::SubmissionResult> =
                    serde_json::from_str(&text).map_err(bad)?;
                render_batch(&results, format, style, &[])?
            } else {
                let result: grader::model::SubmissionResult =
                    serde_json::from_str(&text).map_err(bad)?;
                render_one(&result, format, style, true)
            };
            write_report(&text, destination, matches!(format, Format::Github))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Merge {
            reports,
            format,
            roster,
            output,
        } => {
            batch_format(format)?;
            if roster.is_some() && !matches!(format, Format::Csv) {
                return Err(grader::Error::BadInput(
                    "--roster goes with --format csv (the gradebook)".into(),
                )
                .into());
            }
            let destination = destination(output.as_deref(), roster.as_deref())?;
            let mut read = Vec::new();
            for report in reports {
                let results = grader::batch::merge::read(&report)?;
                read.push((report, results));
            }
            let merged = grader::batch::merge::merge(read)?;
            if !merged.missing_shards.is_empty() {
                eprintln!(
                    "grader: warning: no result of shard {}: was its report left out? (a shard of a small class can hold no submission)",
                    merged.missing_shards.join(", ")
                );
            }
            let results = merged.results;
            let students = match &roster {
                Some(file) => grader::roster::read_with(file, &|folder| {
                    (!results.iter().any(|r| r.submission.name == folder))
                        .then(|| format!("no report holds the submission {folder}"))
                })?,
                None => Vec::new(),
            };
            let text = render_batch(&results, format, style, &students)?;
            write_report(&text, destination, false)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Emulator => {
            let (base, venv) = emulator_venv(&course_root)?;
            let running =
                emulator::Emulator::start(&venv, &base.join("moto.log"), emulator::Network::Host)?;
            if let Some(seed) = &course.emulator {
                emulator::seed::apply(running.address(), seed)?;
            }
            println!("AWS_ENDPOINT_URL={}", running.endpoint());
            println!("AWS_REGION={}", emulator::seed::REGION);
            println!("AWS_ACCESS_KEY_ID=testing");
            println!("AWS_SECRET_ACCESS_KEY=testing");
            std::io::Write::flush(&mut std::io::stdout()).context("cannot write")?;
            eprintln!("grader: the emulator runs until Enter (or the end of standard input)");
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
            drop(running);
            Ok(ExitCode::SUCCESS)
        }
        Command::Record { into, aws, profile } => {
            let (base, venv) = emulator_venv(&course_root)?;
            let python = venv.join("bin").join("python");
            let destination = into.unwrap_or_else(|| course_root.join("fixtures"));
            let before = grader::record::read_recorded(&destination)?;
            let staging = tempfile::Builder::new()
                .prefix("record")
                .tempdir_in(&base)
                .with_context(|| format!("cannot create a folder in {}", base.display()))?;
            let mut print = |line: &str| eprintln!("grader record: {}", render::one_line(line));
            let running = match aws {
                Some(_) => None,
                None => Some(emulator::Emulator::start(
                    &venv,
                    &base.join("record.log"),
                    emulator::Network::Host,
                )?),
            };
            let endpoint = match (&running, aws) {
                (Some(running), _) => grader::record::Endpoint::Emulator(running),
                (None, region) => grader::record::Endpoint::Aws {
                    region: region.unwrap_or_default(),
                    profile,
                },
            };
            grader::record::record(
                &course_root,
                &python,
                &endpoint,
                Some(staging.path()),
                &mut print,
            )?;
            let recorded = grader::record::read_recorded(staging.path())?;
            for relative in recorded.keys() {
                let to = destination.join(relative);
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("cannot create {}", parent.display()))?;
                }
                std::fs::copy(staging.path().join(relative), &to)
                    .with_context(|| format!("cannot write {}", to.display()))?;
            }
            let (changed, new): (Vec<_>, Vec<_>) =
                grader::record::changed_beyond_volatile(&before, &recorded)
                    .into_iter()
                    .partition(|path| before.contains_key(path));
            println!(
                "record: {} fixtures recorded into {} ({} new)",
                recorded.len(),
                destination.display(),
                new.len()
            );
            let volatile = "timestamps, generated ids, ciphertexts and data keys";
            if changed.is_empty() {
                println!("record: none that was there changed beyond {volatile}");
            } else {
                println!("record: {} changed beyond {volatile}:", changed.len());
                for path in &changed {
                    println!("  {}", path.display());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Api { solutions, port } => {
            let (_, venv) = emulator_venv(&course_root)?;
            let code = if solutions {
                grader::api::Code::Solutions
            } else {
                grader::api::Code::Workspace
            };
            eprintln!("grader: building the function and starting the local API");
            let served = grader::api::serve(
                &course_root,
                &course,
                &work,
                code,
                port,
                &venv,
                Box::new(|line| eprintln!("grader api: {line}")),
            )?;
            println!("API_URL={}", served.url);
            println!("API_KEY={}", served.api_key);
            println!("AWS_ENDPOINT_URL={}", served.emulator_endpoint);
            std::io::Write::flush(&mut std::io::stdout()).context("cannot write")?;
            eprintln!(
                "grader: the API serves until Enter (or the end of standard input); try:\n  curl -i -X POST {}/customers -H 'x-api-key: {}' -H 'content-type: application/json' -d '{{\"firstname\": \"Ada\", \"email\": \"ada@example.com\"}}'",
                served.url, served.api_key
            );
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
            served.stop();
            Ok(ExitCode::SUCCESS)
        }
        Command::Protected { changed, format } => {
            let bytes = std::fs::read(&changed)
                .with_context(|| format!("cannot read {}", changed.display()))?;
            let paths: Vec<String> = String::from_utf8_lossy(&bytes)
                .split(['\0', '\n'])
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect();
            let protected = grader::files::protected(&paths, &course);
            match format {
                ListFormat::Text => {
                    for path in &protected {
                        println!("{}", render::one_line(path));
                    }
                }
                ListFormat::Markdown => print!("{}", render::markdown::protected(&protected)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { submission } => {
            let root = submission.unwrap_or_else(|| course_root.clone());
            let sources = if root.join("exercises").is_dir() {
                root.join("exercises")
            } else {
                root.clone()
            };
            let findings = grader::grade::policy_findings(&course_root, &course, &sources)?;
            if findings.is_empty() {
                println!(
                    "check: the policy check refuses nothing in {}",
                    sources.display()
                );
                return Ok(ExitCode::SUCCESS);
            }
            for (exercise, finding) in &findings {
                println!("{exercise}: {finding}");
            }
            println!(
                "check: {} construct(s) refused; a refused exercise scores 0",
                findings.len()
            );
            Ok(ExitCode::from(1))
        }
        Command::Verify { .. } => {
            let mut progress = Progress::new(2 * total_tests);
            let outcome = verify(&course_root, &course, &work, &options, &mut |event| {
                progress.show(event)
            })
            .context("verifying the course")?;
            progress.finish();
            println!("{}", render::verify_table(&outcome, style).trim_end());
            Ok(if outcome.is_sound() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Stubs { check } => {
            if check {
                let drift = stubs::drift(&course_root, &course)?;
                if drift.is_empty() {
                    println!("stubs: every exercises/*/src file matches the stub generated from solutions/");
                    return Ok(ExitCode::SUCCESS);
                }
                for path in &drift {
                    println!("out of date: {path}");
                }
                println!("run `grader stubs` to regenerate them");
                return Ok(ExitCode::from(1));
            }
            let generated = stubs::generate(&course_root, &course)?;
            stubs::write(&course_root, &generated)?;
            println!("stubs: wrote {} files under exercises/", generated.len());
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            gradescope: Some(zip),
            ..
        } => {
            let exported = export::gradescope::bundle(&course_root, &course, &zip)?;
            if let Some(left_out) = &exported.left_out {
                eprintln!("grader: export {left_out}");
            }
            let files = exported.files;
            println!(
                "export: wrote the Gradescope autograder ({files} files, hidden tests included, no solutions/) to {}",
                zip.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            dest,
            course_repo,
            course_ref,
            ..
        } => {
            let dest = dest.expect("clap requires a folder without --gradescope");
            let pin = export::Pin {
                repository: course_repo,
                reference: course_ref,
            };
            let exported = export::export(&course_root, &course, &dest, pin)?;
            if let Some(left_out) = &exported.left_out {
                eprintln!("grader: export {left_out}");
            }
            let files = exported.files;
            let hidden: usize = course
                .exercises
                .iter()
                .map(|e| e.tests.iter().filter(|t| t.hidden).count())
                .sum();
            println!(
                "export: wrote the student repository ({files} files; no solutions/, {hidden} hidden tests left out) to {}",
                dest.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// One submission's report in `format`.
fn render_one(
    result: &grader::model::SubmissionResult,
    format: Format,
    style: Style,
    show_hidden: bool,
) -> String {
    match format {
        Format::Json => render::json(result, show_hidden),
        Format::Table => render::table(result, &TableOptions { style, show_hidden }),
        Format::Markdown => render::markdown::markdown(result, show_hidden),
        Format::Junit => render::junit::junit(result, show_hidden),
        Format::Csv => render::csv::csv(std::slice::from_ref(result), &[]),
        Format::Gradescope => render::gradescope::gradescope(result, show_hidden),
        Format::Prairielearn => render::prairielearn::prairielearn(result, show_hidden),
        Format::Github => render::github::github(result, show_hidden),
        Format::Title => render::title(result),
    }
}

/// Refuses the formats that report one submission only.
fn batch_format(format: Format) -> anyhow::Result<()> {
    if matches!(
        format,
        Format::Junit | Format::Gradescope | Format::Prairielearn | Format::Github | Format::Title
    ) {
        return Err(grader::Error::BadInput(
            "--format junit, gradescope, prairielearn, github and title report one submission; for a folder of submissions use table, json, markdown or csv".into(),
        )
        .into());
    }
    Ok(())
}

/// Many submissions' report in `format` (hidden tests already as they are to be shown).
fn render_batch(
    results: &[grader::model::SubmissionResult],
    format: Format,
    style: Style,
    students: &[grader::roster::Student],
) -> anyhow::Result<String> {
    batch_format(format)?;
    Ok(match format {
        Format::Json => render::json_batch(results, true),
        Format::Markdown => render::markdown::markdown_batch(results),
        Format::Csv => render::csv::csv(results, students),
        _ => render::batch_table(results, style),
    })
}

/// Where a report goes: standard output, or a file written whole.
enum Destination {
    Stdout,
    /// A fresh file beside the output (created exclusively, under a random name) that becomes
    /// the output once the report is in it.
    File {
        partial: tempfile::NamedTempFile,
        output: PathBuf,
    },
}

/// Before any grading: the file the report will go to, ready, or why it cannot be written.
fn destination(output: Option<&Path>, roster: Option<&Path>) -> anyhow::Result<Destination> {
    let Some(file) = output else {
        return Ok(Destination::Stdout);
    };
    let folder = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let refuse = |why: String| -> anyhow::Result<Destination> {
        Err(grader::Error::BadInput(format!("--output {}: {why}", file.display())).into())
    };
    if !folder.is_dir() {
        return refuse(format!(
            "the folder {} does not exist; create it first",
            folder.display()
        ));
    }
    if file.is_dir() {
        return refuse("it is a folder: name a file".into());
    }
    let same_as_roster = roster.is_some_and(|roster| {
        matches!(
            (std::fs::canonicalize(roster), std::fs::canonicalize(file)),
            (Ok(a), Ok(b)) if a == b
        )
    });
    if same_as_roster {
        return refuse("it is the roster: the report would overwrite it".into());
    }
    match tempfile::Builder::new()
        .prefix(".grader-report")
        .tempfile_in(folder)
    {
        Ok(partial) => Ok(Destination::File {
            partial,
            output: file.to_path_buf(),
        }),
        Err(error) => refuse(format!("cannot write in {}: {error}", folder.display())),
    }
}

/// The report on standard output, or into its file whole. On GitHub Actions, standard output is
/// the job's log, where a line of a test's message could be read as a workflow command: the
/// report is fenced with `::stop-commands::` (docs.github.com, "Workflow commands").
fn write_report(text: &str, destination: Destination, commands: bool) -> anyhow::Result<()> {
    match destination {
        Destination::Stdout => {
            // A token no message can know in advance, or a message could end the fence.
            let fence = if !commands && std::env::var_os("GITHUB_ACTIONS").is_some() {
                let mut random = [0u8; 16];
                std::fs::File::open("/dev/urandom")
                    .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut random))
                    .context("cannot read /dev/urandom")?;
                Some(
                    random
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect::<String>(),
                )
            } else {
                None
            };
            if let Some(token) = &fence {
                println!("::stop-commands::{token}");
            }
            println!("{}", text.trim_end());
            if let Some(token) = &fence {
                println!("::{token}::");
            }
            Ok(())
        }
        Destination::File {
            mut partial,
            output,
        } => {
            std::io::Write::write_all(&mut partial, text.as_bytes())
                .with_context(|| format!("cannot write the report to {}", output.display()))?;
            // A temporary file is private to its owner; a report is not.
            partial
                .as_file()
                .set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))?;
            partial
                .persist(&output)
                .with_context(|| format!("cannot write the report to {}", output.display()))?;
            Ok(())
        }
    }
}

/// [`progress::grade_with_progress`], with the submission named in an error.
/// The emulator's folder under the course's target dir, and its venv (installed on first use).
fn emulator_venv(course_root: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    let base = course_root.join("target").join("emulator");
    std::fs::create_dir_all(&base).with_context(|| format!("cannot create {}", base.display()))?;
    eprintln!(
        "grader: the emulator is {} in {} (installed on first use)",
        emulator::MOTO,
        base.join("venv").display()
    );
    let venv = emulator::ensure_venv(&base.join("venv"))?;
    Ok((base, venv))
}

/// The emulator tier's servers, one per submission: in a network of their own where tests are
/// boxed in namespaces (they join it), else on the machine's loopback, which the tests share then.
fn start_emulator_tier(course_root: &Path) -> anyhow::Result<Arc<emulator::PerSubmission>> {
    let (base, venv) = emulator_venv(course_root)?;
    let network = if grader::sandbox::Support::probe().namespaces {
        emulator::Network::Own
    } else {
        emulator::Network::Host
    };
    Ok(Arc::new(emulator::PerSubmission::new(
        &venv,
        &base.join("tier.log"),
        network,
    )))
}

fn grade_with_progress(
    course_root: &Path,
    course: &Course,
    submission: &Submission,
    work: &WorkDir,
    options: &Options,
) -> anyhow::Result<grader::model::SubmissionResult> {
    progress::grade_with_progress(course_root, course, submission, work, options)
        .with_context(|| format!("grading {}", submission.path.display()))
}

/// The nearest folder at or above the current one that holds exercises/course.toml.
fn find_course() -> anyhow::Result<PathBuf> {
    let here = std::env::current_dir().context("cannot read the current folder")?;
    here.ancestors()
        .find(|dir| dir.join(MANIFEST_PATH).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            grader::Error::BadInput(format!(
                "no {MANIFEST_PATH} in {} or above: run the grader inside the course workspace or pass --course DIR",
                here.display()
            ))
            .into()
        })
}
