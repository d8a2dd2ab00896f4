//! What `grader watch` listens to, each on a thread of its own that sends [`Input`]s: saved
//! sources (file events from the operating system, debounced) and the student's keys.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use console::{Key, Term};
use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};

use crate::error::Error;

/// An editor's save is often several file events (write, rename, touch): wait this long for quiet.
const DEBOUNCE: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A Rust source file under a `src` folder was written, created or removed.
    Saved(PathBuf),
    /// A key (lowercase), or `'\n'` for Enter.
    Key(char),
    /// The watcher lost events (its queue overflowed): any source may have changed.
    Rescan,
    /// Input ended (standard input closed).
    Closed,
}

/// Whether `path` is a source the watch reacts to: a `.rs` file (an editor's backup, swap and
/// temporary files are not) below a `src` folder.
pub fn is_source(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "rs") && path.components().any(|c| c.as_os_str() == "src")
}

/// Watches everything below `folder` and sends each saved source. Dropping the returned value
/// stops watching.
pub fn watch_sources(
    folder: &Path,
    to: Sender<Input>,
) -> Result<Debouncer<RecommendedWatcher>, Error> {
    let mut debouncer = new_debouncer(DEBOUNCE, move |result: DebounceEventResult| match result {
        Ok(events) => {
            for path in events.into_iter().map(|e| e.path).filter(|p| is_source(p)) {
                let _ = to.send(Input::Saved(path));
            }
        }
        Err(_) => {
            let _ = to.send(Input::Rescan);
        }
    })
    .map_err(|e| Error::Tool(format!("cannot watch files here ({e}): try --manual")))?;
    debouncer
        .watcher()
        .watch(folder, RecursiveMode::Recursive)
        .map_err(|e| {
            Error::Tool(format!(
                "cannot watch {} ({e}): try --manual",
                folder.display()
            ))
        })?;
    Ok(debouncer)
}

/// Reads keys until input ends: single keys from a terminal, else the first letter of each line
/// (so a script or a pipe can drive the watch too).
pub fn read_keys(to: Sender<Input>) {
    std::thread::spawn(move || {
        let term = Term::stdout();
        if term.features().is_attended() && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            loop {
                let input = match term.read_key_raw() {
                    Ok(Key::Char(c)) => Input::Key(c.to_ascii_lowercase()),
                    Ok(Key::Enter) => Input::Key('\n'),
                    Ok(Key::CtrlC) => interrupt(),
                    Ok(_) => continue,
                    Err(_) => Input::Closed,
                };
                let last = input == Input::Closed;
                if to.send(input).is_err() || last {
                    return;
                }
            }
        }
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { break };
            let key = line.trim().chars().next().unwrap_or('\n');
            if to.send(Input::Key(key.to_ascii_lowercase())).is_err() {
                return;
            }
        }
        let _ = to.send(Input::Closed);
    });
}

/// The terminal's settings when the watch started, put back when it ends however it ends:
/// key reading leaves the terminal raw while it waits for a key.
pub struct TerminalSettings(Option<libc::termios>);

impl TerminalSettings {
    pub fn save() -> TerminalSettings {
        let mut settings = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr writes a termios through a valid pointer; it is read only on success.
        let saved = unsafe { libc::tcgetattr(libc::STDIN_FILENO, settings.as_mut_ptr()) == 0 }
            .then(|| unsafe { settings.assume_init() });
        let saved = TerminalSettings(saved);
        *SAVED.lock().unwrap_or_else(|p| p.into_inner()) = saved.0;
        saved
    }
}

impl Drop for TerminalSettings {
    fn drop(&mut self) {
        restore(self.0.as_ref());
    }
}

static SAVED: std::sync::Mutex<Option<libc::termios>> = std::sync::Mutex::new(None);

fn restore(settings: Option<&libc::termios>) {
    if let Some(settings) = settings {
        // SAFETY: tcsetattr reads a termios that tcgetattr filled.
        unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, settings) };
    }
}

/// Ctrl-C: the terminal back as it was, the build stopped if one runs, and the grader ended at
/// once. Boxed tests die with the grader.
fn interrupt() -> ! {
    let saved = *SAVED.lock().unwrap_or_else(|p| p.into_inner());
    restore(saved.as_ref());
    let _ = std::io::Write::write_all(&mut std::io::stdout(), b"\n");
    crate::build::stop_running_build();
    std::process::exit(130)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_rust_sources_below_src_count_as_saved() {
        for source in [
            "/c/exercises/ex01-a/src/lib.rs",
            "/c/exercises/ex01-a/src/m/x.rs",
        ] {
            assert!(is_source(Path::new(source)), "{source}");
        }
        for other in [
            "/c/exercises/ex01-a/src/.lib.rs.swp",
            "/c/exercises/ex01-a/src/lib.rs~",
            "/c/exercises/ex01-a/src/4913",
            "/c/exercises/ex01-a/src/#lib.rs#",
            "/c/exercises/ex01-a/tests/main.rs",
            "/c/exercises/course.toml",
        ] {
            assert!(!is_source(Path::new(other)), "{other}");
        }
    }
}
