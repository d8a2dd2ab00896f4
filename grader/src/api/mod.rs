//! `grader api`: the class lab's API on 127.0.0.1, as API Gateway, Lambda and the AWS services
//! would run it, so that a student can `curl` it. A request to the local endpoint becomes a REST
//! proxy event ([`gateway`], API key checked as a usage plan would), which the function (the
//! exercise's own binary, `bootstrap` on Lambda) takes from a Lambda Runtime API ([`runtime`]);
//! its response goes back as the HTTP answer. DynamoDB, KMS and Parameter Store are the
//! emulator's ([`crate::emulator`]), seeded as for the emulator tier.
//!
//! Invariants:
//! - everything listens on 127.0.0.1 only;
//! - the function runs unboxed, like `cargo run`: the command serves the workspace's own code, or
//!   the course's solutions, never a submission;
//! - the function and the emulator are in process groups of their own that die with the grader
//!   (`PR_SET_PDEATHSIG`) and are killed when it stops; a function that exits is started again
//!   at the next request, as Lambda starts a new instance;
//! - every request is answered: a function that does not answer within API Gateway's 29 s is a
//!   504, a malformed or failed answer a 502.

pub mod gateway;
pub mod runtime;

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Deserialize;

use crate::build::{build_tests, copy_std_library, Build};
use crate::emulator::Emulator;
use crate::error::Error;
use crate::grade::WorkDir;
use crate::manifest::Course;
use crate::overlay::lay;
use crate::sandbox::build_confinement;
use gateway::{HttpAnswer, HttpRequest};
use runtime::{Outcome, RuntimeApi};

/// API Gateway's integration time limit.
const INTEGRATION_TIMEOUT: Duration = Duration::from_secs(29);
/// API Gateway's largest request payload (10 MB).
const MAX_PAYLOAD: u64 = 10 << 20;

/// What `grader api` serves: `course.toml`'s `[api]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSpec {
    /// The exercise whose binary is the function.
    pub exercise: String,
    /// That binary, as Cargo names it.
    pub binary: String,
    /// The features it is built with: an HTTP client to reach the AWS APIs.
    #[serde(default)]
    pub features: Vec<String>,
    /// The API's stage: in each event, and the function's `STAGE`.
    pub stage: String,
    /// The API's resources, e.g. `/customers/{id}`.
    pub resources: Vec<String>,
    /// The parameter of the emulator's seed that holds the API key requests must carry.
    pub api_key_parameter: String,
}

/// Whose code the function is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The workspace's `exercises/<dir>/src`.
    Workspace,
    /// The course's `solutions/<dir>/src`.
    Solutions,
}

/// The local API, ready: where it listens and with which key.
pub struct Served {
    pub url: String,
    pub api_key: String,
    pub emulator_endpoint: String,
    server: Arc<tiny_http::Server>,
    function: Arc<Mutex<Function>>,
    _emulator: Emulator,
}

impl Served {
    /// Stops serving and stops the function; the emulator stops when this is dropped.
    pub fn stop(self) {
        self.server.unblock();
        lock(&self.function).stop();
    }
}

/// Builds the function, starts the emulator (seeded), the Runtime API, the function and the
/// endpoint on 127.0.0.1:`port` (0: a free one), and serves on a thread of its own.
/// `on_request` hears of each request answered.
pub fn serve(
    course_root: &Path,
    course: &Course,
    work: &WorkDir,
    code: Code,
    port: u16,
    venv: &Path,
    on_request: Box<dyn Fn(&str) + Send>,
) -> Result<Served, Error> {
    let spec = course.api.as_ref().ok_or_else(|| {
        Error::BadInput(
            "exercises/course.toml has no [api] section: this course serves no API".into(),
        )
    })?;
    let exercise = course
        .exercises
        .iter()
        .find(|e| e.id == spec.exercise)
        .ok_or_else(|| {
            Error::BadInput(format!(
                "exercises/course.toml: [api] names exercise `{}`, which the course does not list",
                spec.exercise
            ))
        })?;
    let seed = course.emulator.as_ref();
    let api_key = seed
        .and_then(|seed| {
            seed.parameters
                .iter()
                .find(|p| p.name == spec.api_key_parameter)
        })
        .map(|p| p.value.clone())
        .ok_or_else(|| {
            Error::BadInput(format!(
                "exercises/course.toml: [api] api_key_parameter `{}` is not a parameter of [emulator]",
                spec.api_key_parameter
            ))
        })?;
    let sources = match code {
        Code::Workspace => course_root.join("exercises"),
        Code::Solutions => course_root.join("solutions"),
    };
    let function_binary = build_function(course_root, course, work, &sources, exercise, spec)?;
    let libraries = copy_std_library(&work.overlay(), &work.libraries())?;

    let emulator = Emulator::start(
        venv,
        &work.root().join("api-emulator.log"),
        crate::emulator::Network::Host,
    )?;
    if let Some(seed) = seed {
        crate::emulator::seed::apply(emulator.address(), seed)?;
    }
    let mut environment = vec![
        ("AWS_LAMBDA_FUNCTION_NAME".to_string(), spec.binary.clone()),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE".into(), "128".into()),
        ("AWS_LAMBDA_FUNCTION_VERSION".into(), "$LATEST".into()),
        (
            "AWS_LAMBDA_LOG_GROUP_NAME".into(),
            format!("/aws/lambda/{}", spec.binary),
        ),
        ("AWS_LAMBDA_LOG_STREAM_NAME".into(), "local".into()),
        ("AWS_ENDPOINT_URL".into(), emulator.endpoint()),
        ("AWS_REGION".into(), crate::emulator::seed::REGION.into()),
        ("AWS_ACCESS_KEY_ID".into(), "testing".into()),
        ("AWS_SECRET_ACCESS_KEY".into(), "testing".into()),
        ("STAGE".into(), spec.stage.clone()),
    ];
    let mut library_path = vec![libraries.display().to_string()];
    if let Some(dir) = function_binary.parent() {
        library_path.push(dir.join("deps").display().to_string());
        library_path.push(dir.display().to_string());
    }
    environment.push(("LD_LIBRARY_PATH".into(), library_path.join(":")));

    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| Error::Tool(format!("cannot serve on 127.0.0.1:{port}: {e}")))?;
    let address = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Error::Tool("the endpoint has no IP address".into()))?;
    let server = Arc::new(server);
    let function = Arc::new(Mutex::new(Function {
        name: spec.binary.clone(),
        binary: function_binary,
        environment,
        child: None,
        runtime: None,
    }));
    let front = Front {
        spec: spec.clone(),
        api_key: api_key.clone(),
        function: Arc::clone(&function),
    };
    let serving = Arc::clone(&server);
    let (started, ready) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // The function is started from this thread, which lives as long as the grader: its
        // PR_SET_PDEATHSIG fires when the thread that started it ends.
        let _ = started.send(lock(&front.function).ensure_running().map(|_| ()));
        for request in serving.incoming_requests() {
            let line = front.answer(request);
            on_request(&line);
        }
    });
    ready
        .recv()
        .map_err(|_| Error::Tool("the local API did not start".into()))??;
    Ok(Served {
        url: format!("http://{address}"),
        api_key,
        emulator_endpoint: emulator.endpoint(),
        server,
        function,
        _emulator: emulator,
    })
}

/// Lays `sources`' copy of the exercise over the work dir's overlay and builds it with the
/// API's features; the function's binary.
fn build_function(
    course_root: &Path,
    course: &Course,
    work: &WorkDir,
    sources: &Path,
    exercise: &crate::manifest::Exercise,
    spec: &ApiSpec,
) -> Result<PathBuf, Error> {
    let src = exercise.src_below(sources);
    if !src.is_dir() {
        return Err(Error::BadInput(format!("{} does not exist", src.display())));
    }
    let overlay = work.overlay();
    lay(course_root, &overlay, course, &[(exercise, src)])?;
    let overlay =
        std::fs::canonicalize(&overlay).map_err(|e| Error::io("cannot read", &overlay, e))?;
    let manifest = overlay
        .join("exercises")
        .join(&exercise.dir)
        .join("Cargo.toml");
    let features: Vec<String> = spec
        .features
        .iter()
        .map(|f| format!("{}/{f}", exercise.id))
        .collect();
    let confinement = build_confinement(
        course_root,
        std::slice::from_ref(&work.root().to_path_buf()),
    )?;
    let mut builds = build_tests(
        &overlay,
        &work.target(),
        &work.build_tmp(),
        &[(exercise.id.as_str(), manifest)],
        &features,
        &confinement,
    )?;
    match builds.remove(&exercise.id) {
        Some(Build::Built { bins, .. }) => bins
            .into_iter()
            .find(|bin| {
                bin.file_name()
                    .is_some_and(|name| name == spec.binary.as_str())
            })
            .ok_or_else(|| {
                Error::BadInput(format!(
                    "exercise {} has no binary `{}`: [api] binary names it",
                    exercise.id, spec.binary
                ))
            }),
        Some(Build::NotCompiled { errors }) => Err(Error::BadInput(format!(
            "{} does not compile:\n{errors}",
            exercise.id
        ))),
        None => Err(Error::Tool(format!("cargo built no {}", exercise.id))),
    }
}

/// The function: one instance at a time, started again when it has exited, each with a Runtime
/// API of its own, so that nothing an earlier instance left (a waiting poll, a late answer)
/// reaches the next.
struct Function {
    name: String,
    binary: PathBuf,
    environment: Vec<(String, String)>,
    child: Option<Child>,
    runtime: Option<Arc<RuntimeApi>>,
}

impl Function {
    /// The running instance's Runtime API, after starting an instance if none runs.
    fn ensure_running(&mut self) -> Result<Arc<RuntimeApi>, Error> {
        if let (true, Some(runtime)) = (self.is_running(), &self.runtime) {
            return Ok(Arc::clone(runtime));
        }
        self.stop();
        let runtime = Arc::new(RuntimeApi::start(&self.name)?);
        let mut command = Command::new(&self.binary);
        command
            .env_clear()
            .envs(self.environment.iter().map(|(k, v)| (k, v)))
            .env("AWS_LAMBDA_RUNTIME_API", runtime.address())
            .env("PATH", "/usr/bin:/bin")
            .stdin(Stdio::null())
            // Its logs are the terminal's, as CloudWatch's would be; stdout is the grader's.
            .stdout(std::io::stderr())
            .process_group(0);
        // SAFETY: prctl(2) only, between fork and exec.
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .map_err(|e| Error::Tool(format!("cannot start {}: {e}", self.binary.display())))?;
        self.child = Some(child);
        self.runtime = Some(Arc::clone(&runtime));
        Ok(runtime)
    }

    fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|child| matches!(child.try_wait(), Ok(None)))
    }

    fn stop(&mut self) {
        self.runtime = None;
        if let Some(mut child) = self.child.take() {
            // SAFETY: kill(2) on the group the function leads; not yet waited for.
            unsafe { libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL) };
            let _ = child.wait();
        }
    }
}

impl Drop for Function {
    fn drop(&mut self) {
        self.stop();
    }
}

/// API Gateway's part: one request in, one answer out.
struct Front {
    spec: ApiSpec,
    api_key: String,
    function: Arc<Mutex<Function>>,
}

impl Front {
    /// Answers `request`; a line for the log.
    fn answer(&self, mut request: tiny_http::Request) -> String {
        let started = Instant::now();
        let method = request.method().as_str().to_string();
        let target = request.url().to_string();
        let mut body = Vec::new();
        let read = request
            .as_reader()
            .take(MAX_PAYLOAD + 1)
            .read_to_end(&mut body);
        let answer = if read.is_err() {
            HttpAnswer::message(400, "Bad Request")
        } else if body.len() as u64 > MAX_PAYLOAD {
            HttpAnswer::message(413, "Request Too Long")
        } else {
            let http = HttpRequest {
                method: method.clone(),
                target: target.clone(),
                headers: request
                    .headers()
                    .iter()
                    .map(|h| (h.field.as_str().to_string(), h.value.as_str().to_string()))
                    .collect(),
                body,
                source_ip: request
                    .remote_addr()
                    .map_or("127.0.0.1".to_string(), |a| a.ip().to_string()),
            };
            self.gateway(&http)
        };
        let status = answer.status;
        let mut response = tiny_http::Response::from_data(answer.body).with_status_code(status);
        for (name, value) in &answer.headers {
            if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        let _ = request.respond(response);
        format!(
            "{method} {} -> {status} ({} ms)",
            crate::render::one_line(&target),
            started.elapsed().as_millis()
        )
    }

    fn gateway(&self, request: &HttpRequest) -> HttpAnswer {
        let path = request.target.split('?').next().unwrap_or("");
        let Some((resource, parameters)) = gateway::resource_of(&self.spec.resources, path) else {
            return HttpAnswer::message(403, "Missing Authentication Token");
        };
        if !gateway::has_api_key(request, &self.api_key) {
            return HttpAnswer::message(403, "Forbidden");
        }
        let request_id = fresh_request_id();
        let epoch_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let event = gateway::proxy_event(
            request,
            &resource,
            &parameters,
            &self.spec.stage,
            &request_id,
            epoch_ms,
        );
        let Ok(runtime) = lock(&self.function).ensure_running() else {
            return HttpAnswer::message(502, "Internal server error");
        };
        let function = Arc::clone(&self.function);
        let mut alive = move || lock(&function).is_running();
        match runtime.invoke(&request_id, event, INTEGRATION_TIMEOUT, &mut alive) {
            Outcome::Response(response) => gateway::answer_of(&response).unwrap_or_else(|why| {
                eprintln!("grader api: the function's answer is no proxy response: {why}");
                HttpAnswer::message(502, "Internal server error")
            }),
            Outcome::Error(error) => {
                eprintln!("grader api: the function failed: {error}");
                HttpAnswer::message(502, "Internal server error")
            }
            Outcome::NotRunning(why) => {
                eprintln!("grader api: the function is not running: {why}");
                // One that reported a failed start and lives on is started again next time.
                lock(&self.function).stop();
                HttpAnswer::message(502, "Internal server error")
            }
            Outcome::TimedOut => {
                // As Lambda does with a function past its time: this instance is done.
                lock(&self.function).stop();
                HttpAnswer::message(504, "Endpoint request timed out")
            }
        }
    }
}

fn fresh_request_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{:08x}-0000-4000-8000-{:012x}",
        nanos,
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

fn lock(function: &Mutex<Function>) -> std::sync::MutexGuard<'_, Function> {
    function
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
