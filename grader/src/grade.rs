//! Grades one submission: overlay, build each exercise, run each graded test.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::build::{build_tests, copy_std_library, libraries_beside, list_tests, Build};
use crate::emulator::{Address, PerSubmission};
use crate::error::Error;
use crate::manifest::{check_tests_listed, Course, Exercise, TestSpec, Tier, MANIFEST_PATH};
use crate::model::{ExerciseResult, SubmissionInfo, SubmissionResult, TestResult, Verdict};
use crate::overlay::{changed_outside_src, lay};
use crate::policy;
use crate::reuse::SharedBuild;
use crate::sandbox::{build_confinement, Confinement, Paths, Support};
use crate::supervise::{run_all, scratch_for, TestJob};

/// The grader's working folder: the overlay workspace, its target dir and scratch files.
/// It persists between runs so that compiled dependencies are reused.
#[derive(Debug, Clone)]
pub struct WorkDir {
    root: PathBuf,
}

impl WorkDir {
    pub fn new(root: impl Into<PathBuf>) -> WorkDir {
        WorkDir { root: root.into() }
    }
    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn overlay(&self) -> PathBuf {
        self.root.join("workspace")
    }
    pub fn target(&self) -> PathBuf {
        self.root.join("target")
    }
    pub fn scratch(&self) -> PathBuf {
        self.root.join("scratch")
    }
    /// Shared libraries that boxed tests load (see [`crate::build::copy_std_library`]).
    pub fn libraries(&self) -> PathBuf {
        self.root.join("lib")
    }
    /// The journal of the last batch of submissions (see [`crate::batch::journal`]).
    pub fn batch(&self) -> PathBuf {
        self.root.join("batch")
    }
    /// The build's temporary folder: the confined build may not create files elsewhere.
    pub fn build_tmp(&self) -> PathBuf {
        self.root.join("tmp")
    }
}

/// What to grade.
#[derive(Debug, Clone)]
pub struct Submission {
    pub name: String,
    /// The folder the user named (for the report).
    pub path: PathBuf,
    /// The folder holding one `<exercise dir>/src` per exercise: a workspace's `exercises/`,
    /// or the course's `solutions/`.
    pub sources: PathBuf,
    /// Whether `path` is a whole workspace whose other files are compared with the course's.
    pub is_workspace: bool,
    /// The commit checked out, when `path` is a git repository ([`crate::git::head_commit`]).
    pub commit: Option<String>,
}

impl Submission {
    /// A copy of the course workspace, as a student hands it in.
    pub fn workspace(path: &Path) -> Result<Submission, Error> {
        if !path.exists() {
            return Err(Error::BadInput(format!(
                "submission folder {} does not exist",
                path.display()
            )));
        }
        if !path.is_dir() {
            return Err(Error::BadInput(format!(
                "submission {} is not a folder: pass the folder that holds exercises/",
                path.display()
            )));
        }
        let sources = path.join("exercises");
        if !sources.is_dir() {
            return Err(Error::BadInput(format!(
                "submission {} has no exercises/ folder: pass the folder that holds exercises/<exercise>/src",
                path.display()
            )));
        }
        let name = std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| path.display().to_string());
        Ok(Submission {
            name,
            path: path.to_path_buf(),
            sources,
            is_workspace: true,
            commit: crate::git::head_commit(path),
        })
    }
}

/// The result of a submission that cannot be graded at all: every test `missing`, with why.
/// Only the exercises `options` includes, as [`grade`] would.
pub fn ungradable(course: &Course, options: &Options, path: &Path, why: &str) -> SubmissionResult {
    let exercises = course
        .exercises
        .iter()
        .filter(|e| options.includes(e))
        .map(|exercise| all_tests(exercise, options, Verdict::Missing, why.to_string()))
        .collect();
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let info = SubmissionInfo {
        name,
        path: path.display().to_string(),
        commit: crate::git::head_commit(path),
    };
    SubmissionResult::new(&course.title, info, exercises, Vec::new())
}

/// How grading runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many tests run at once.
    pub jobs: usize,
    /// Whether the build starts from the third-party crates the course's own target dir holds
    /// (see [`crate::reuse`]).
    pub reuse_course_build: bool,
    /// Grade only this exercise (by id): the others are neither built nor in the result.
    pub only: Option<String>,
    /// Grade the emulator tier too, each submission against a fresh server of these (in
    /// [`crate::emulator::Network::Own`] where tests are boxed in namespaces). Without it,
    /// emulator-tier tests are [`Verdict::NotRun`].
    pub emulator: Option<Arc<PerSubmission>>,
}

impl Options {
    /// Whether `exercise` is graded with these options.
    pub fn includes(&self, exercise: &Exercise) -> bool {
        self.only.as_ref().is_none_or(|id| *id == exercise.id)
    }

    /// Whether `test` runs with these options (its tier is run).
    pub fn runs(&self, test: &TestSpec) -> bool {
        test.tier == Tier::Unit || self.emulator.is_some()
    }

    /// How many tests of `course` are run with these options.
    pub fn test_count(&self, course: &Course) -> usize {
        course
            .exercises
            .iter()
            .filter(|e| self.includes(e))
            .map(|e| e.tests.iter().filter(|t| self.runs(t)).count())
            .sum()
    }
}

impl Default for Options {
    fn default() -> Self {
        // A graded test mostly waits (on a mock's answer, a child process, a timer, its box
        // being set up), so twice as many as there are cores keep the cores busy.
        Options {
            jobs: 2 * std::thread::available_parallelism().map_or(1, |n| n.get()),
            reuse_course_build: true,
            only: None,
            emulator: None,
        }
    }
}

/// Something worth showing while grading runs.
#[derive(Debug, Clone)]
pub enum Event<'a> {
    Building {
        exercises: &'a str,
    },
    /// The build compiles every third-party crate itself, because the course's compiled ones
    /// could not be reused.
    NotReused {
        why: &'a str,
    },
    TestDone {
        exercise: &'a str,
        test: &'a str,
        verdict: Verdict,
    },
}

/// Grades `submission` against the course at `course_root`.
pub fn grade(
    course_root: &Path,
    course: &Course,
    submission: &Submission,
    work: &WorkDir,
    options: &Options,
    on_event: &mut dyn FnMut(Event),
) -> Result<SubmissionResult, Error> {
    // The last submission's server is gone before this one's code builds (a build script could
    // reach it on the machine's loopback).
    if let Some(emulator) = &options.emulator {
        emulator.stop();
    }
    let chosen: Vec<&Exercise> = course
        .exercises
        .iter()
        .filter(|e| options.includes(e))
        .collect();
    let mut refused: HashMap<String, String> = HashMap::new();
    let mut submitted = Vec::new();
    for &exercise in &chosen {
        let src = exercise.src_below(&submission.sources);
        if !src.is_dir() {
            continue;
        }
        let findings = policy::check(exercise, &src, &given_types(course_root, exercise)?)?;
        if findings.is_empty() {
            submitted.push((exercise, src));
        } else {
            let lines: Vec<String> = findings.iter().map(|f| format!("  {f}")).collect();
            refused.insert(
                exercise.id.clone(),
                format!(
                    "the policy check refused {}'s code, so it was not built or run:\n{}",
                    exercise.id,
                    lines.join("\n")
                ),
            );
        }
    }
    let present: HashSet<String> = submitted.iter().map(|(e, _)| e.id.clone()).collect();
    let overlay = work.overlay();
    lay(course_root, &overlay, course, &submitted)?;
    let scratch = work.scratch();
    std::fs::create_dir_all(&scratch).map_err(|e| Error::io("cannot create", &scratch, e))?;
    // Cargo reports absolute manifest paths.
    let overlay =
        std::fs::canonicalize(&overlay).map_err(|e| Error::io("cannot read", &overlay, e))?;

    let to_build: Vec<(&str, PathBuf)> = chosen
        .iter()
        .filter(|e| present.contains(&e.id))
        .map(|e| {
            let manifest = overlay.join("exercises").join(&e.dir).join("Cargo.toml");
            (e.id.as_str(), manifest)
        })
        .collect();
    let names: Vec<&str> = to_build.iter().map(|(name, _)| *name).collect();
    let features: Vec<String> = chosen
        .iter()
        .filter(|e| options.emulator.is_some() && present.contains(&e.id) && e.has_emulator_tests())
        .map(|e| format!("{}/emulator", e.id))
        .collect();
    let mut builds = if to_build.is_empty() {
        HashMap::new()
    } else {
        on_event(Event::Building {
            exercises: &names.join(", "),
        });
        // Without Landlock a test could write into a shared file, and so into every later build.
        let shared = (options.reuse_course_build).then(|| {
            if Support::probe().landlock {
                SharedBuild::find(course_root)
            } else {
                Err("without Landlock a test could write into the shared files".to_string())
            }
        });
        let lent = match &shared {
            Some(Ok(course_build)) => course_build.link_into(&work.target()),
            Some(Err(why)) => Err(why.clone()),
            None => Ok(0),
        };
        if let Err(why) = lent {
            on_event(Event::NotReused { why: &why });
        }
        let confinement = build_confinement(course_root, std::slice::from_ref(&work.root))?;
        let builds = build_tests(
            &overlay,
            &work.target(),
            &work.build_tmp(),
            &to_build,
            &features,
            &confinement,
        )?;
        if let Some(Ok(course_build)) = &shared {
            // Only a saving for the student's next `cargo test`: a failure costs nothing here.
            let _ = course_build.link_back(&work.target());
        }
        builds
    };

    let libraries = copy_std_library(&overlay, &work.libraries())?;
    let env = vec![
        (
            "INSTA_WORKSPACE_ROOT".to_string(),
            overlay.display().to_string(),
        ),
        ("INSTA_UPDATE".to_string(), "no".to_string()),
        ("INSTA_FORCE_PASS".to_string(), "0".to_string()),
        (
            "LD_LIBRARY_PATH".to_string(),
            libraries.display().to_string(),
        ),
    ];
    // A refused exercise is never built: built is what runs.
    let emulated = chosen
        .iter()
        .any(|e| e.has_emulator_tests() && matches!(builds.get(&e.id), Some(Build::Built { .. })));
    // What this submission's tests see is the course's seed in a server of its own, never what
    // an earlier submission's code left there.
    let fresh = match &options.emulator {
        Some(emulator) if emulated => Some(emulator.fresh(course.emulator.as_ref())?),
        _ => None,
    };
    let mut emulator_env = env.clone();
    if let Some((_, endpoint)) = &fresh {
        emulator_env.extend(
            [
                ("AWS_ENDPOINT_URL", endpoint.clone()),
                ("AWS_REGION", crate::emulator::seed::REGION.to_string()),
                ("AWS_ACCESS_KEY_ID", "testing".to_string()),
                ("AWS_SECRET_ACCESS_KEY", "testing".to_string()),
            ]
            .map(|(name, value)| (name.to_string(), value)),
        );
    }
    let run = TestRun {
        manifest: course_root.join(MANIFEST_PATH),
        overlay: &overlay,
        scratch: &scratch,
        libraries: &libraries,
        env: &env,
        options,
        emulator: fresh.as_ref().map(|(address, _)| address),
    };
    // Every exercise's tests go into one pool of workers, so no worker idles at the end of an
    // exercise while another exercise waits.
    let mut results: Vec<Option<ExerciseResult>> = Vec::new();
    let mut planned = Vec::new();
    for &exercise in &chosen {
        let result = if let Some(why) = refused.remove(&exercise.id) {
            Some(all_tests(exercise, options, Verdict::Refused, why))
        } else {
            match builds.remove(&exercise.id) {
                Some(Build::Built {
                    test_binaries,
                    bins,
                }) => {
                    planned.push((results.len(), run.plan(exercise, test_binaries, bins)?));
                    None
                }
                Some(Build::NotCompiled { errors }) => Some(all_tests(
                    exercise,
                    options,
                    Verdict::NotCompiled,
                    format!("{} does not compile:\n{errors}", exercise.id),
                )),
                None => {
                    let why = format!(
                        "the submission has no {}",
                        exercise.src_below(Path::new("exercises")).display()
                    );
                    Some(all_tests(exercise, options, Verdict::Missing, why))
                }
            }
        };
        results.push(result);
    }
    let mut jobs = Vec::new();
    let mut owners = Vec::new();
    for (slot, plan) in &planned {
        for (index, spec) in plan.exercise.tests.iter().enumerate() {
            let (env, confinement) = match (spec.tier, &plan.emulator_confinement) {
                (Tier::Unit, _) => (&env, &plan.confinement),
                (Tier::Emulator, Some(confinement)) => (&emulator_env, confinement),
                (Tier::Emulator, None) => continue,
            };
            jobs.push(TestJob {
                binary: &plan.binary_of[&spec.name],
                name: &spec.name,
                cwd: &plan.package_dir,
                env,
                time_limit: course.time_limit(plan.exercise, spec),
                scratch: scratch_for(&plan.scratch, index),
                confinement,
            });
            owners.push((*slot, plan.exercise, spec));
        }
    }
    let runs = run_all(&jobs, options.jobs, &mut |index, run| {
        let (_, exercise, spec) = owners[index];
        on_event(Event::TestDone {
            exercise: &exercise.id,
            test: &spec.name,
            verdict: run.verdict,
        })
    })?;
    let mut run_of: HashMap<(usize, &str), crate::supervise::TestRun> = HashMap::new();
    for ((slot, _, spec), run) in owners.iter().zip(runs) {
        run_of.insert((*slot, spec.name.as_str()), run);
    }
    let mut tests_of: HashMap<usize, Vec<TestResult>> = HashMap::new();
    for (slot, plan) in &planned {
        for spec in &plan.exercise.tests {
            let result = match run_of.remove(&(*slot, spec.name.as_str())) {
                Some(run) => tested(spec, run),
                None => not_run(spec),
            };
            tests_of.entry(*slot).or_default().push(result);
        }
    }
    for (slot, plan) in &planned {
        let tests = tests_of.remove(slot).unwrap_or_default();
        results[*slot] = Some(
            ExerciseResult::new(&plan.exercise.id, &plan.exercise.title, None, tests)
                .with_withheld(plan.exercise.withheld),
        );
    }
    let results: Vec<ExerciseResult> = results
        .into_iter()
        .map(|result| result.expect("every exercise has a result"))
        .collect();
    let ignored_changes = if submission.is_workspace {
        changed_outside_src(course_root, &submission.path, course)?
    } else {
        Vec::new()
    };
    let info = SubmissionInfo {
        name: submission.name.clone(),
        path: submission.path.display().to_string(),
        commit: submission.commit.clone(),
    };
    Ok(SubmissionResult::new(
        &course.title,
        info,
        results,
        ignored_changes,
    ))
}

/// The policy check of every exercise whose `src` is below `sources` (a workspace's
/// `exercises/`, or `solutions/`): each finding with its exercise's id.
pub fn policy_findings(
    course_root: &Path,
    course: &Course,
    sources: &Path,
) -> Result<Vec<(String, policy::Finding)>, Error> {
    let mut all = Vec::new();
    for exercise in &course.exercises {
        let src = exercise.src_below(sources);
        if src.is_dir() {
            let given = given_types(course_root, exercise)?;
            for finding in policy::check(exercise, &src, &given)? {
                all.push((exercise.id.clone(), finding));
            }
        }
    }
    Ok(all)
}

/// The names of the types `exercise`'s given files declare (in the course's own copy).
fn given_types(course_root: &Path, exercise: &Exercise) -> Result<HashSet<String>, Error> {
    let src = exercise.src_below(&course_root.join("exercises"));
    let mut names = HashSet::new();
    for given in &exercise.given {
        let path = src.join(given);
        let text =
            std::fs::read_to_string(&path).map_err(|e| Error::io("cannot read", &path, e))?;
        names.extend(policy::declared_types(&text));
    }
    Ok(names)
}

fn all_tests(
    exercise: &Exercise,
    options: &Options,
    verdict: Verdict,
    why: String,
) -> ExerciseResult {
    let tests = exercise
        .tests
        .iter()
        .map(|spec| {
            if !options.runs(spec) {
                return not_run(spec);
            }
            TestResult {
                name: spec.name.clone(),
                verdict,
                points: 0,
                max_points: spec.points,
                message: None,
                hint: spec.hint.clone(),
                hidden: spec.hidden,
                duration_ms: 0,
                tier: spec.tier,
            }
        })
        .collect();
    ExerciseResult::new(&exercise.id, &exercise.title, Some(why), tests)
        .with_withheld(exercise.withheld)
}

/// The result of `spec`, run.
fn tested(spec: &TestSpec, run: crate::supervise::TestRun) -> TestResult {
    TestResult {
        name: spec.name.clone(),
        verdict: run.verdict,
        points: if run.verdict == Verdict::Passed {
            spec.points
        } else {
            0
        },
        max_points: spec.points,
        message: run.message,
        hint: spec.hint.clone(),
        hidden: spec.hidden,
        duration_ms: millis(run.duration),
        tier: spec.tier,
    }
}

/// The result of `spec`, of a tier this grading does not run: counted nowhere.
fn not_run(spec: &TestSpec) -> TestResult {
    TestResult {
        name: spec.name.clone(),
        verdict: Verdict::NotRun,
        points: 0,
        max_points: spec.points,
        message: Some(format!(
            "not run: a test of the {} tier, which `grader report --tier {}` runs",
            spec.tier.as_str(),
            spec.tier.as_str()
        )),
        hint: spec.hint.clone(),
        hidden: spec.hidden,
        duration_ms: 0,
        tier: spec.tier,
    }
}

/// What planning the tests of one submission needs, whichever exercise.
struct TestRun<'a> {
    manifest: PathBuf,
    /// The overlay workspace, as an absolute path.
    overlay: &'a Path,
    scratch: &'a Path,
    /// Where the tests find the toolchain's shared libraries.
    libraries: &'a Path,
    /// The environment of every test process.
    env: &'a [(String, String)],
    options: &'a Options,
    /// This submission's emulator, when its emulator tier runs.
    emulator: Option<&'a Address>,
}

/// One built exercise, ready to run its tests.
struct Plan<'a> {
    exercise: &'a Exercise,
    binary_of: HashMap<String, PathBuf>,
    package_dir: PathBuf,
    confinement: Confinement,
    /// The box of its emulator-tier tests, when that tier runs: in the emulator's network.
    emulator_confinement: Option<Confinement>,
    scratch: PathBuf,
}

impl TestRun<'_> {
    fn plan<'e>(
        &self,
        exercise: &'e Exercise,
        binaries: Vec<PathBuf>,
        bins: Vec<PathBuf>,
    ) -> Result<Plan<'e>, Error> {
        let package_dir = self.overlay.join("exercises").join(&exercise.dir);
        let scratch = self.scratch.join(&exercise.id);
        std::fs::create_dir_all(&scratch).map_err(|e| Error::io("cannot create", &scratch, e))?;
        let mut paths = Paths::system();
        paths.readable.push(self.overlay.to_path_buf());
        paths.readable.extend(libraries_beside(&binaries)?);
        paths.readable.push(self.libraries.to_path_buf());
        paths.writable.push(scratch.clone());
        paths.executable.extend(binaries.iter().cloned());
        paths.executable.extend(bins);
        let confinement = Confinement::for_tests(&paths)?;
        let emulator_confinement = match self.emulator {
            Some(address) if exercise.has_emulator_tests() => {
                Some(Confinement::for_tests(&paths)?.join_network(address.network.clone()))
            }
            _ => None,
        };
        let mut binary_of: HashMap<String, PathBuf> = HashMap::new();
        for binary in &binaries {
            for name in list_tests(binary, &package_dir, self.env, &confinement)? {
                binary_of.insert(name, binary.clone());
            }
        }
        let found: Vec<String> = binary_of.keys().cloned().collect();
        let expected: Vec<&TestSpec> = exercise
            .tests
            .iter()
            .filter(|t| self.options.runs(t))
            .collect();
        check_tests_listed(&exercise.id, &expected, &found, &self.manifest)?;
        Ok(Plan {
            exercise,
            binary_of,
            package_dir,
            confinement,
            emulator_confinement,
            scratch,
        })
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
