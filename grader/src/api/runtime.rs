//! A Lambda Runtime API on 127.0.0.1 for the local API's function, as the AWS Lambda Developer
//! Guide's "Using the Lambda runtime API for custom runtimes" describes it: the function takes
//! each event with `GET /2018-06-01/runtime/invocation/next` (the request id in
//! `Lambda-Runtime-Aws-Request-Id`, the deadline in `Lambda-Runtime-Deadline-Ms`), answers with
//! `POST .../invocation/{id}/response` or `.../invocation/{id}/error`, and reports a failed start
//! with `POST /2018-06-01/runtime/init/error`.
//!
//! Invariants:
//! - [`RuntimeApi::invoke`] always returns within its time limit, whatever the function does; a
//!   request it cannot read is answered 400, never left hanging;
//! - an event goes only to the function instance started last ([`RuntimeApi::new_instance`]): a
//!   `next` an earlier instance left waiting is answered with an error, never with an event;
//! - an answer for an invocation nobody waits for any more is dropped.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::Read;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tiny_http::{Header, Method, Request, Response, Server};

use crate::error::Error;

const PREFIX: &str = "/2018-06-01/runtime";
/// The most of a response body read (Lambda's limit for a synchronous response is 6 MB).
const MAX_BODY: u64 = 6 << 20;

/// What the function said of one invocation.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Response(Value),
    /// The function's error report (`errorType`, `errorMessage`).
    Error(Value),
    /// No answer within the time limit.
    TimedOut,
    /// The function reported that it could not start, or exited.
    NotRunning(String),
}

#[derive(Default)]
struct State {
    pending: VecDeque<(String, Value)>,
    /// The invocations an `invoke` waits for.
    waiting: HashSet<String>,
    outcomes: HashMap<String, Outcome>,
    init_error: Option<Value>,
    /// Which function instance may take events: one more at each start.
    instance: u64,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// The server of one function instance; it stops serving when dropped.
pub struct RuntimeApi {
    address: String,
    shared: Shared,
    server: Arc<Server>,
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        // Every `next` still waiting is turned away, and the server's thread ends.
        self.new_instance();
        self.server.unblock();
    }
}

impl RuntimeApi {
    /// Starts serving on a free port of 127.0.0.1, for a function named `function_name`.
    pub fn start(function_name: &str) -> Result<RuntimeApi, Error> {
        let server = Server::http("127.0.0.1:0")
            .map_err(|e| Error::Tool(format!("cannot serve the Lambda Runtime API: {e}")))?;
        let address = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::Tool("the Runtime API has no IP address".into()))?
            .to_string();
        let shared: Shared = Arc::default();
        let arn = format!("arn:aws:lambda:us-east-1:000000000000:function:{function_name}");
        let server = Arc::new(server);
        let listening = Arc::clone(&server);
        let serving = Arc::clone(&shared);
        std::thread::spawn(move || {
            for request in listening.incoming_requests() {
                let shared = Arc::clone(&serving);
                let arn = arn.clone();
                // `next` waits for an event: every request has a thread of its own.
                std::thread::spawn(move || serve(request, &shared, &arn));
            }
        });
        Ok(RuntimeApi {
            address,
            shared,
            server,
        })
    }

    /// `host:port`: the value of `AWS_LAMBDA_RUNTIME_API`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Before the function is started (again): forgets a reported start failure, and turns
    /// away every `next` an earlier instance left waiting.
    pub fn new_instance(&self) {
        let (state, changed) = &*self.shared;
        let mut state = lock(state);
        state.init_error = None;
        state.instance += 1;
        changed.notify_all();
    }

    /// Hands `event` to the function as invocation `request_id` and waits for its outcome, at
    /// most `limit`; `alive` says whether the function still runs.
    pub fn invoke(
        &self,
        request_id: &str,
        event: Value,
        limit: Duration,
        alive: &mut dyn FnMut() -> bool,
    ) -> Outcome {
        let (state, changed) = &*self.shared;
        {
            let mut state = lock(state);
            state.pending.push_back((request_id.to_string(), event));
            state.waiting.insert(request_id.to_string());
        }
        changed.notify_all();
        let outcome = self.wait_for(request_id, limit, alive);
        let mut state = lock(state);
        state.waiting.remove(request_id);
        state.outcomes.remove(request_id);
        state.pending.retain(|(id, _)| id != request_id);
        outcome
    }

    fn wait_for(
        &self,
        request_id: &str,
        limit: Duration,
        alive: &mut dyn FnMut() -> bool,
    ) -> Outcome {
        let (state, changed) = &*self.shared;
        let deadline = Instant::now() + limit;
        let mut guard = lock(state);
        loop {
            if let Some(outcome) = guard.outcomes.remove(request_id) {
                return outcome;
            }
            if let Some(error) = &guard.init_error {
                return Outcome::NotRunning(format!("it could not start: {error}"));
            }
            let now = Instant::now();
            if now >= deadline {
                return Outcome::TimedOut;
            }
            drop(guard);
            if !alive() {
                return lock(state)
                    .outcomes
                    .remove(request_id)
                    .unwrap_or_else(|| Outcome::NotRunning("it exited".into()));
            }
            guard = lock(state);
            let wait = (deadline - now).min(Duration::from_millis(100));
            guard = changed
                .wait_timeout(guard, wait)
                .map(|(guard, _)| guard)
                .unwrap_or_else(|poisoned| poisoned.into_inner().0);
        }
    }
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn serve(mut request: Request, shared: &Shared, function_arn: &str) {
    let url = request.url().to_string();
    let Some(route) = url.strip_prefix(PREFIX) else {
        let _ = request.respond(Response::empty(404));
        return;
    };
    let route = route.to_string();
    let method = request.method().clone();
    if method == Method::Get && route == "/invocation/next" {
        let Some((id, event)) = next_event(shared) else {
            // A stopped instance's poll: it gets no event.
            let _ = request.respond(Response::empty(410));
            return;
        };
        let deadline = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() + 29_000)
            .unwrap_or(0);
        let response = Response::from_data(event.to_string().into_bytes())
            .with_header(header("Content-Type", "application/json"))
            .with_header(header("Lambda-Runtime-Aws-Request-Id", &id))
            .with_header(header("Lambda-Runtime-Deadline-Ms", &deadline.to_string()))
            .with_header(header("Lambda-Runtime-Invoked-Function-Arn", function_arn));
        let _ = request.respond(response);
        return;
    }
    if method != Method::Post {
        let _ = request.respond(Response::empty(405));
        return;
    }
    let mut body = Vec::new();
    if request
        .as_reader()
        .take(MAX_BODY)
        .read_to_end(&mut body)
        .is_err()
    {
        let _ = request.respond(Response::empty(400));
        return;
    }
    let value: Value = serde_json::from_slice(&body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
    let (state, changed) = &**shared;
    let accepted = if route == "/init/error" {
        lock(state).init_error = Some(value);
        true
    } else if let Some(rest) = route.strip_prefix("/invocation/") {
        match rest.rsplit_once('/') {
            Some((id, kind @ ("response" | "error"))) => {
                let mut state = lock(state);
                if state.waiting.contains(id) {
                    let outcome = if kind == "response" {
                        Outcome::Response(value)
                    } else {
                        Outcome::Error(value)
                    };
                    state.outcomes.insert(id.to_string(), outcome);
                }
                true
            }
            _ => false,
        }
    } else {
        false
    };
    changed.notify_all();
    let status = if accepted { 202 } else { 404 };
    let _ = request.respond(Response::empty(status));
}

/// Waits for the next event (the function long-polls); `None` once another instance started.
fn next_event(shared: &Shared) -> Option<(String, Value)> {
    let (state, changed) = &**shared;
    let mut guard = lock(state);
    let instance = guard.instance;
    loop {
        if guard.instance != instance {
            return None;
        }
        if let Some(next) = guard.pending.pop_front() {
            return Some(next);
        }
        guard = changed
            .wait(guard)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpStream;

    /// One HTTP/1.1 request to the server; the status and the body.
    fn request(address: &str, method: &str, path: &str, body: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "{method} {PREFIX}{path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let status = answer.split(' ').nth(1).unwrap().parse().unwrap();
        let body = answer
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }

    #[test]
    fn an_event_goes_to_the_latest_instance_and_its_answer_back() {
        let api = RuntimeApi::start("f").unwrap();
        api.new_instance();
        let address = api.address().to_string();
        let stale = std::thread::spawn({
            let address = address.clone();
            move || request(&address, "GET", "/invocation/next", "")
        });
        std::thread::sleep(Duration::from_millis(200));
        api.new_instance();
        assert_eq!(
            stale.join().unwrap().0,
            410,
            "an earlier instance's poll gets no event"
        );

        let function = std::thread::spawn({
            let address = address.clone();
            move || {
                let (status, event) = request(&address, "GET", "/invocation/next", "");
                assert_eq!(status, 200);
                assert_eq!(event, r#"{"n":1}"#);
                request(
                    &address,
                    "POST",
                    "/invocation/r-1/response",
                    r#"{"ok":true}"#,
                )
            }
        });
        let outcome = api.invoke(
            "r-1",
            serde_json::json!({"n": 1}),
            Duration::from_secs(10),
            &mut || true,
        );
        assert_eq!(outcome, Outcome::Response(serde_json::json!({"ok": true})));
        assert_eq!(function.join().unwrap().0, 202);

        let late = request(&address, "POST", "/invocation/r-0/response", "{}");
        assert_eq!(late.0, 202);
        let (state, _) = &*api.shared;
        assert!(
            lock(state).outcomes.is_empty(),
            "an answer nobody waits for is dropped"
        );
    }

    #[test]
    fn a_function_that_does_not_answer_times_out_and_one_that_exits_is_not_running() {
        let api = RuntimeApi::start("f").unwrap();
        api.new_instance();
        let started = Instant::now();
        let outcome = api.invoke("r-1", Value::Null, Duration::from_millis(300), &mut || true);
        assert_eq!(outcome, Outcome::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(2));
        let outcome = api.invoke("r-2", Value::Null, Duration::from_secs(10), &mut || false);
        assert_eq!(outcome, Outcome::NotRunning("it exited".into()));
        let (state, _) = &*api.shared;
        assert!(
            lock(state).pending.is_empty(),
            "no event is left for a later instance"
        );
    }
}
