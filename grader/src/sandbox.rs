//! The box graded code runs in: the one module with platform code (Linux).
//!
//! A test process is started through [`Confinement::install`], which runs in the forked child
//! before `exec`:
//! - new user, network and PID namespaces where the kernel allows them: the test runs as an
//!   unprivileged user without capabilities (`nobody` outside when the grader is root), sees
//!   only its own loopback interface, and is process 2 under a tiny reaper that is process 1,
//!   so everything the test starts dies with it;
//! - resource limits: address space, CPU time, file size, open files, processes, no core dumps,
//!   and (with namespaces) a memory-backed scratch folder of a fixed size, so no test fills a disk;
//! - Landlock: read-only access to the system's libraries, the overlay and the shared libraries a
//!   test binary loads (the course's dylib beside it, the grader's copy of Rust's `std`), full
//!   access only to the test's scratch folder, execution only of the test binary and the course's
//!   own binaries, no signals to or abstract sockets of processes outside the box.
//!
//! Builds are confined too ([`build_confinement`]): Cargo and rustc may read and write anywhere
//! but inside the course root, where only the grader's work dir is open, so no submission can
//! compile `solutions/` in.
//!
//! Invariants: everything that allocates or opens paths happens in the parent ([`Confinement`]
//! is prepared there); the code that runs between `fork` and `exec` makes only system calls.
//! What the kernel cannot provide is reported by [`Support`], never silently assumed.
//!
//! The emulator tier ([`crate::emulator`]) runs its server in a network namespace of its own
//! ([`enter_new_network`]) and its tests join that one instead of a new one
//! ([`Confinement::join_network`]): they see the server on their loopback and still nothing
//! else. The grader reaches the server through a thread that joins the namespace just to
//! connect ([`connect_within`]).

use std::ffi::{CStr, CString};
use std::io;
use std::net::{SocketAddr, TcpStream};
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use landlock::{
    Access, AccessFs, BitFlags, PathBeneath, PathFd, Ruleset, RulesetAttr, RulesetCreatedAttr,
    Scope, ABI,
};

use crate::error::Error;

/// The Landlock ABI whose rights the grader asks for; older kernels enforce what they know.
const WANTED_ABI: ABI = ABI::V6;
/// The user and group a boxed test runs as, outside its user namespace, when the grader is root.
const NOBODY: u32 = 65534;
/// The user and group a boxed test runs as inside its user namespace: not root, so it holds no
/// capabilities there either.
const INSIDE_ID: u32 = 1000;

/// Resource limits of one test process.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub address_space_bytes: u64,
    pub cpu_secs: u64,
    pub file_size_bytes: u64,
    pub open_files: u64,
    /// Processes and threads of the box's user (binds only when the test runs as `nobody`).
    pub processes: u64,
    /// The size of the test's scratch folder (memory-backed, where namespaces allow).
    pub scratch_bytes: u64,
}

impl Limits {
    /// The limits of a test with `time_limit_secs` of wall-clock time.
    pub fn for_test(time_limit_secs: f64) -> Limits {
        Limits {
            address_space_bytes: 4 << 30,
            cpu_secs: time_limit_secs.ceil() as u64 + 2,
            file_size_bytes: 64 << 20,
            open_files: 1024,
            processes: 512,
            scratch_bytes: 128 << 20,
        }
    }
}

/// What this machine's kernel lets the grader enforce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Support {
    /// Landlock filesystem rules are enforced.
    pub landlock: bool,
    /// User, network and PID namespaces can be created.
    pub namespaces: bool,
}

impl Support {
    /// Probed once per grader run.
    pub fn probe() -> Support {
        static SUPPORT: OnceLock<Support> = OnceLock::new();
        *SUPPORT.get_or_init(|| Support {
            landlock: landlock_works(),
            namespaces: namespaces_work(),
        })
    }

    /// A sentence on what is not enforced here, if anything.
    pub fn shortfall(&self) -> Option<String> {
        let mut missing = Vec::new();
        if !self.landlock {
            missing.push(
                "Landlock is not available (Linux 5.13+ with landlock in the LSM list): tests can read and write any file the grader can",
            );
        }
        if !self.namespaces {
            missing.push(
                "user namespaces are not available: tests can reach the network, run as the grader's user, and a process that leaves its process group can outlive its test",
            );
        }
        (!missing.is_empty()).then(|| missing.join("; "))
    }
}

/// The paths a boxed test may use.
#[derive(Debug, Clone, Default)]
pub struct Paths {
    /// Read (files and folder listings), beneath each.
    pub readable: Vec<PathBuf>,
    /// Read, write, create and remove, beneath each.
    pub writable: Vec<PathBuf>,
    /// Files that may be executed (and read).
    pub executable: Vec<PathBuf>,
}

impl Paths {
    /// The system's shared libraries, loader configuration and device files every process needs.
    pub fn system() -> Paths {
        // Of /etc only what the loader and name resolution read: not the machine's secrets.
        let etc = [
            "/etc/ld.so.cache",
            "/etc/ld.so.conf",
            "/etc/ld.so.conf.d",
            "/etc/localtime",
            "/etc/hosts",
            "/etc/nsswitch.conf",
            "/etc/resolv.conf",
            "/etc/gai.conf",
            "/etc/ssl",
        ];
        let readable = ["/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin"]
            .into_iter()
            .chain(etc)
            .map(PathBuf::from)
            .filter(|path| path.exists())
            .collect();
        let writable = ["/dev/null", "/dev/zero"]
            .into_iter()
            .map(PathBuf::from)
            .collect();
        let mut paths = Paths {
            readable,
            writable,
            executable: Vec::new(),
        };
        paths
            .readable
            .extend(["/dev/urandom", "/dev/random"].map(PathBuf::from));
        paths.executable.extend(dynamic_loaders());
        paths
    }
}

/// A prepared box: built once in the parent, installed into each child.
pub struct Confinement {
    /// The Landlock ruleset, `None` where Landlock is not available.
    ruleset: Option<OwnedFd>,
    namespaces: bool,
    /// The network namespace tests join instead of a new one (the emulator's), if any.
    network: Option<Arc<OwnedFd>>,
}

impl Confinement {
    /// The box of test processes: `paths`, in namespaces where the kernel allows.
    pub fn for_tests(paths: &Paths) -> Result<Confinement, Error> {
        let support = Support::probe();
        let ruleset = if support.landlock {
            Some(
                test_ruleset(paths)
                    .map_err(|e| Error::Tool(format!("cannot prepare the box: {e}")))?,
            )
        } else {
            None
        };
        Ok(Confinement {
            ruleset,
            namespaces: support.namespaces,
            network: None,
        })
    }

    /// The same box, but its tests join `network` (a descriptor of a network namespace, see
    /// [`enter_new_network`]) instead of a new empty one. Without namespaces it changes nothing:
    /// the tests already share the grader's network.
    pub fn join_network(self, network: Option<Arc<OwnedFd>>) -> Confinement {
        Confinement { network, ..self }
    }

    /// Installs the box, with `limits`, into `command`, and moves `secret` and `proof` to the
    /// descriptors the harness reads (`lab_harness::SECRET_FD` and `PROOF_FD`).
    /// `scratch` is the test's own folder: with namespaces, a memory-backed folder of
    /// [`Limits::scratch_bytes`] is mounted there, so a test cannot fill the disk.
    pub fn install(
        &self,
        command: &mut Command,
        secret: RawFd,
        proof: RawFd,
        limits: Limits,
        scratch: &Path,
    ) -> Result<(), Error> {
        let ruleset = self.ruleset.as_ref().map_or(-1, |fd| fd.as_raw_fd());
        let namespaces = self.namespaces;
        let network = self.network.as_ref().map_or(-1, |fd| fd.as_raw_fd());
        let scratch = CString::new(scratch.as_os_str().as_bytes()).map_err(|_| {
            Error::Tool(format!("a scratch path with a NUL: {}", scratch.display()))
        })?;
        let size = CString::new(format!("size={},mode=0777", limits.scratch_bytes))
            .expect("no NUL in a number");
        // SAFETY: the closure runs in the forked child and makes only system calls (no
        // allocation, no locks); see `enter_box`.
        unsafe {
            command.pre_exec(move || {
                let scratch_mount = ScratchMount {
                    path: &scratch,
                    options: &size,
                    network,
                };
                enter_box(ruleset, namespaces, limits, secret, proof, scratch_mount)
            });
        }
        Ok(())
    }

    /// Installs only the filesystem rules (for a build).
    pub fn install_rules_only(&self, command: &mut Command) {
        let ruleset = self.ruleset.as_ref().map_or(-1, |fd| fd.as_raw_fd());
        // SAFETY: as in `install`: system calls only.
        unsafe {
            command.pre_exec(move || {
                if ruleset >= 0 {
                    restrict_self(ruleset)?;
                }
                Ok(())
            });
        }
    }
}

/// The confinement of `cargo build`: every access everywhere except inside `course_root`, where
/// only `open_inside` (the work dir, Cargo's and rustup's homes if they live there) are open.
pub fn build_confinement(
    course_root: &Path,
    open_inside: &[PathBuf],
) -> Result<Confinement, Error> {
    let ruleset = if Support::probe().landlock {
        let course_root = std::fs::canonicalize(course_root)
            .map_err(|e| Error::io("cannot read", course_root, e))?;
        let mut open =
            everything_but(&course_root).map_err(|e| Error::io("cannot read", &course_root, e))?;
        for path in open_inside {
            let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if path.starts_with(&course_root) {
                open.push(path);
            }
        }
        Some(
            build_ruleset(&open)
                .map_err(|e| Error::Tool(format!("cannot prepare the build's box: {e}")))?,
        )
    } else {
        None
    };
    Ok(Confinement {
        ruleset,
        namespaces: false,
        network: None,
    })
}

/// Moves the calling process into a new network namespace that has only its loopback, up.
/// For the emulator's server, between `fork` and `exec` (system calls only); needs root
/// (`CAP_SYS_ADMIN`), as joining the namespace does.
pub fn enter_new_network() -> io::Result<()> {
    // SAFETY: unshare(2) and the ioctl of `loopback_up` take plain values.
    unsafe {
        check(libc::unshare(libc::CLONE_NEWNET))?;
        loopback_up()
    }
}

/// Makes the calling process `nobody` (no supplementary groups), between `fork` and `exec`;
/// needs root. For the emulator's server, which serves boxed tests but runs outside their box.
pub fn become_nobody() -> io::Result<()> {
    // SAFETY: setgroups(2), setgid(2) and setuid(2) take plain values.
    unsafe {
        check(libc::setgroups(0, std::ptr::null()))?;
        check(libc::setgid(NOBODY))?;
        check(libc::setuid(NOBODY))
    }
}

/// The resource limits of the emulator's server, between `fork` and `exec`: its memory, the
/// size of any file it writes, its processes, no core dumps. (It serves every test of a
/// submission: what a test makes it store must not fill the machine.)
pub fn limit_server() -> io::Result<()> {
    // SAFETY: setrlimit(2) takes plain values.
    unsafe {
        set_limit(libc::RLIMIT_AS, 4 << 30)?;
        set_limit(libc::RLIMIT_FSIZE, 256 << 20)?;
        set_limit(libc::RLIMIT_NPROC, 512)?;
        set_limit(libc::RLIMIT_CORE, 0)
    }
}

/// The network namespace process `pid` is in, as a descriptor that keeps it.
pub fn network_of(pid: u32) -> io::Result<OwnedFd> {
    let path = format!("/proc/{pid}/ns/net");
    Ok(std::fs::File::open(path)?.into())
}

/// A TCP connection to `address` made from inside `network` (a namespace descriptor): a
/// thread joins it just to connect, and ends; the connection stays in that namespace.
pub fn connect_within(
    network: &OwnedFd,
    address: SocketAddr,
    timeout: Duration,
) -> io::Result<TcpStream> {
    let fd = network.as_raw_fd();
    std::thread::scope(|scope| {
        scope
            .spawn(move || {
                // SAFETY: setns(2) on a descriptor the caller keeps open; it moves this thread
                // only, which ends right after.
                check(unsafe { libc::setns(fd, libc::CLONE_NEWNET) })?;
                TcpStream::connect_timeout(&address, timeout)
            })
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the connecting thread panicked")))
    })
}

/// The folders that together hold everything but `inside`: the siblings of `inside` and of each
/// of its ancestors.
fn everything_but(inside: &Path) -> io::Result<Vec<PathBuf>> {
    let mut open = Vec::new();
    let mut current = inside;
    while let Some(parent) = current.parent() {
        for entry in std::fs::read_dir(parent)? {
            let path = entry?.path();
            if path != current {
                open.push(path);
            }
        }
        current = parent;
    }
    Ok(open)
}

fn all_fs() -> BitFlags<AccessFs> {
    AccessFs::from_all(WANTED_ABI)
}

fn new_ruleset() -> Result<landlock::RulesetCreated, landlock::RulesetError> {
    Ruleset::default()
        .handle_access(all_fs())?
        .scope(Scope::Signal | Scope::AbstractUnixSocket)?
        .create()
}

fn test_ruleset(paths: &Paths) -> Result<OwnedFd, landlock::RulesetError> {
    let read = AccessFs::ReadFile | AccessFs::ReadDir;
    let read_file = BitFlags::from(AccessFs::ReadFile);
    let mut ruleset = new_ruleset()?;
    for (list, access) in [
        (&paths.readable, read),
        (&paths.writable, all_fs()),
        (&paths.executable, read_file | AccessFs::Execute),
    ] {
        ruleset = allow_beneath(ruleset, list, access)?;
    }
    Ok(Option::<OwnedFd>::from(ruleset).expect("Landlock was probed as available"))
}

fn build_ruleset(open: &[PathBuf]) -> Result<OwnedFd, landlock::RulesetError> {
    let ruleset = Ruleset::default().handle_access(all_fs())?.create()?;
    let ruleset = allow_beneath(ruleset, open, all_fs())?;
    Ok(Option::<OwnedFd>::from(ruleset).expect("Landlock was probed as available"))
}

/// Adds `access` beneath each of `paths` that exists (on a file, only its file rights).
fn allow_beneath(
    mut ruleset: landlock::RulesetCreated,
    paths: &[PathBuf],
    access: BitFlags<AccessFs>,
) -> Result<landlock::RulesetCreated, landlock::RulesetError> {
    for path in paths {
        let Ok(fd) = PathFd::new(path) else { continue };
        let access = if path.is_dir() {
            access
        } else {
            access & AccessFs::from_file(WANTED_ABI)
        };
        ruleset = ruleset.add_rule(PathBeneath::new(fd, access))?;
    }
    Ok(ruleset)
}

/// The dynamic loaders a test binary may name as its interpreter.
fn dynamic_loaders() -> Vec<PathBuf> {
    let mut loaders = Vec::new();
    for dir in ["/lib64", "/lib", "/usr/lib64", "/usr/lib"] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with("ld-linux") {
                loaders.push(entry.path());
                if let Ok(real) = std::fs::canonicalize(entry.path()) {
                    loaders.push(real);
                }
            }
        }
    }
    loaders
}

fn landlock_works() -> bool {
    matches!(new_ruleset().map(Option::<OwnedFd>::from), Ok(Some(_)))
}

/// Whether a child can enter new user, network and PID namespaces (it exits at once).
fn namespaces_work() -> bool {
    let mut command = Command::new("/");
    // SAFETY: system calls only; the child exits before `exec`.
    unsafe {
        command.pre_exec(|| {
            check(libc::unshare(
                libc::CLONE_NEWUSER | libc::CLONE_NEWNET | libc::CLONE_NEWPID,
            ))?;
            libc::_exit(0)
        });
    }
    match command.spawn() {
        Ok(mut child) => child.wait().is_ok_and(|status| status.success()),
        Err(_) => false,
    }
}

fn check(result: libc::c_int) -> io::Result<()> {
    if result == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// Runs in the forked child, before `exec`. With namespaces, this process (A) stays outside as
/// the grader's view of the test: it forks the reaper (B, process 1 of the new PID namespace),
/// which forks the test (C); A ends the way C ended. Without, this process is the test.
fn enter_box(
    ruleset: RawFd,
    namespaces: bool,
    limits: Limits,
    secret: RawFd,
    proof: RawFd,
    scratch: ScratchMount,
) -> io::Result<()> {
    // SAFETY (whole function): plain system calls on descriptors this process owns.
    unsafe {
        // The wall-clock limit lives in the grader: if the grader dies (Ctrl-C in `grader
        // watch`, a kill), the test dies with it.
        check(libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL))?;
        set_limit(libc::RLIMIT_CORE, 0)?;
        // Move the descriptors above the harness's numbers first, so that placing one does not
        // overwrite another, then into place (dup2 clears close-on-exec on the copies).
        let ruleset = if ruleset >= 0 {
            let high = libc::fcntl(ruleset, libc::F_DUPFD_CLOEXEC, 10);
            check(high)?;
            high
        } else {
            -1
        };
        let secret_high = libc::fcntl(secret, libc::F_DUPFD_CLOEXEC, 10);
        let proof_high = libc::fcntl(proof, libc::F_DUPFD_CLOEXEC, 10);
        check(secret_high)?;
        check(proof_high)?;
        check(libc::dup2(secret_high, lab_harness::SECRET_FD))?;
        check(libc::dup2(proof_high, lab_harness::PROOF_FD))?;
        libc::close(secret_high);
        libc::close(proof_high);
        if namespaces {
            enter_namespaces(scratch)?;
        }
        set_limit(libc::RLIMIT_AS, limits.address_space_bytes)?;
        set_limit(libc::RLIMIT_CPU, limits.cpu_secs)?;
        set_limit(libc::RLIMIT_FSIZE, limits.file_size_bytes)?;
        set_limit(libc::RLIMIT_NOFILE, limits.open_files)?;
        set_limit(libc::RLIMIT_NPROC, limits.processes)?;
        if ruleset >= 0 {
            restrict_self(ruleset)?;
        }
    }
    Ok(())
}

/// Where and how the test's scratch folder is mounted; prepared in the parent.
#[derive(Clone, Copy)]
struct ScratchMount<'a> {
    path: &'a CStr,
    options: &'a CStr,
    /// The network namespace to join instead of a new one, or -1.
    network: RawFd,
}

/// New user, network (unless one is to be joined), PID and mount namespaces; returns in the
/// test process (C) only.
unsafe fn enter_namespaces(scratch: ScratchMount) -> io::Result<()> {
    // Joining needs the capability the new user namespace would take away: first.
    let new_network = if scratch.network >= 0 {
        check(libc::setns(scratch.network, libc::CLONE_NEWNET))?;
        0
    } else {
        libc::CLONE_NEWNET
    };
    // Root maps the test to `nobody`; anyone else can map only their own ids.
    let (uid, gid) = match libc::getuid() {
        0 => (NOBODY, NOBODY),
        uid => (uid, libc::getgid()),
    };
    // Only a process outside the new namespace may write its id maps: a helper (H) forked
    // before `unshare` waits for it, writes them, and exits.
    let mut sync = [0 as RawFd; 2];
    check(libc::pipe2(sync.as_mut_ptr(), libc::O_CLOEXEC))?;
    let [sync_read, sync_write] = sync;
    let helper = libc::fork();
    if helper == -1 {
        return Err(io::Error::last_os_error());
    }
    if helper == 0 {
        libc::close(sync_write);
        let mut byte = 0u8;
        let ready = libc::read(sync_read, (&mut byte as *mut u8).cast(), 1) == 1;
        let written = ready && write_maps(libc::getppid(), uid, gid).is_ok();
        libc::_exit(if written { 0 } else { 1 })
    }
    libc::close(sync_read);
    let entered = check(libc::unshare(
        libc::CLONE_NEWUSER | new_network | libc::CLONE_NEWPID,
    ));
    if entered.is_ok() {
        libc::write(sync_write, b"!".as_ptr().cast(), 1);
    }
    libc::close(sync_write);
    let helper_status = wait_for(helper);
    entered?;
    if !(libc::WIFEXITED(helper_status) && libc::WEXITSTATUS(helper_status) == 0) {
        return Err(io::Error::from_raw_os_error(libc::EPERM));
    }
    if new_network != 0 {
        loopback_up()?;
    }

    let mut status_pipe = [0 as RawFd; 2];
    check(libc::pipe2(status_pipe.as_mut_ptr(), libc::O_CLOEXEC))?;
    let [status_read, status_write] = status_pipe;
    match libc::fork() {
        -1 => Err(io::Error::last_os_error()),
        0 => {
            // B: process 1 of the new PID namespace; dies with A.
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            match libc::fork() {
                -1 => libc::_exit(127),
                0 => {
                    libc::close(status_read);
                    libc::close(status_write);
                    // C: a scratch folder of its own size, seen by nothing outside.
                    check(libc::unshare(libc::CLONE_NEWNS))?;
                    check(libc::mount(
                        std::ptr::null(),
                        c"/".as_ptr(),
                        std::ptr::null(),
                        libc::MS_REC | libc::MS_PRIVATE,
                        std::ptr::null(),
                    ))?;
                    check(libc::mount(
                        c"tmpfs".as_ptr(),
                        scratch.path.as_ptr(),
                        c"tmpfs".as_ptr(),
                        libc::MS_NOSUID | libc::MS_NODEV,
                        scratch.options.as_ptr().cast(),
                    ))?;
                    // Then drop to the unprivileged id; with it go the namespace's capabilities.
                    check(libc::setgid(INSIDE_ID))?;
                    check(libc::setuid(INSIDE_ID))?;
                    Ok(())
                }
                test => {
                    close_all_but(status_write);
                    let status = wait_for(test);
                    libc::write(status_write, (&status as *const libc::c_int).cast(), 4);
                    // Process 1 ending takes every other process of the namespace with it.
                    libc::_exit(0)
                }
            }
        }
        reaper => {
            // A: outside, ends as the test ended.
            close_all_but(status_read);
            let mut status: libc::c_int = 0;
            let got = libc::read(status_read, (&mut status as *mut libc::c_int).cast(), 4);
            let reaper_status = wait_for(reaper);
            let status = if got == 4 { status } else { reaper_status };
            end_like(status)
        }
    }
}

/// Writes the id maps of process `pid` (just moved into a new user namespace): the inside id
/// is `uid` and `gid` outside. Without allocating.
unsafe fn write_maps(pid: libc::pid_t, uid: u32, gid: u32) -> io::Result<()> {
    write_proc_file(pid, b"setgroups", b"deny")?;
    let (line, len) = map_line(INSIDE_ID, uid);
    write_proc_file(pid, b"uid_map", &line[..len])?;
    let (line, len) = map_line(INSIDE_ID, gid);
    write_proc_file(pid, b"gid_map", &line[..len])
}

/// Writes `content` to `/proc/<pid>/<name>`.
unsafe fn write_proc_file(pid: libc::pid_t, name: &[u8], content: &[u8]) -> io::Result<()> {
    let mut path = [0u8; 64];
    let mut len = 0;
    let (digits, count) = decimal(pid as u32);
    for part in [b"/proc/".as_slice(), &digits[..count], b"/", name] {
        path[len..len + part.len()].copy_from_slice(part);
        len += part.len();
    }
    let fd = libc::open(path.as_ptr().cast(), libc::O_WRONLY | libc::O_CLOEXEC);
    check(fd)?;
    let written = libc::write(fd, content.as_ptr().cast(), content.len());
    libc::close(fd);
    if written == content.len() as isize {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// The decimal digits of `number`, and how many there are.
fn decimal(number: u32) -> ([u8; 10], usize) {
    let mut reversed = [0u8; 10];
    let mut count = 0;
    let mut rest = number;
    loop {
        reversed[count] = b'0' + (rest % 10) as u8;
        count += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut digits = [0u8; 10];
    for (slot, digit) in digits.iter_mut().zip(reversed[..count].iter().rev()) {
        *slot = *digit;
    }
    (digits, count)
}

/// "<inside> <outside> 1\n" in a fixed buffer, and its length.
fn map_line(inside: u32, outside: u32) -> ([u8; 32], usize) {
    let mut line = [0u8; 32];
    let mut len = 0;
    for (number, end) in [(inside, b' '), (outside, b' '), (1, b'\n')] {
        let (digits, count) = decimal(number);
        line[len..len + count].copy_from_slice(&digits[..count]);
        line[len + count] = end;
        len += count + 1;
    }
    (line, len)
}

unsafe fn wait_for(pid: libc::pid_t) -> libc::c_int {
    let mut status: libc::c_int = 0;
    loop {
        if libc::waitpid(pid, &mut status, 0) == pid {
            return status;
        }
        if io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            return 127 << 8;
        }
    }
}

/// Exits with `status`'s code, or dies of its signal.
unsafe fn end_like(status: libc::c_int) -> ! {
    if libc::WIFSIGNALED(status) {
        let signal = libc::WTERMSIG(status);
        libc::signal(signal, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, signal);
        libc::sigprocmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::kill(libc::getpid(), signal);
        libc::_exit(128 + signal)
    }
    libc::_exit(libc::WEXITSTATUS(status))
}

unsafe fn close_all_but(keep: RawFd) {
    let keep = keep as libc::c_uint;
    if keep > 3 {
        libc::syscall(libc::SYS_close_range, 3 as libc::c_uint, keep - 1, 0);
    }
    libc::syscall(libc::SYS_close_range, keep + 1, libc::c_uint::MAX, 0);
}

unsafe fn loopback_up() -> io::Result<()> {
    let socket = libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0);
    check(socket)?;
    let mut request: libc::ifreq = std::mem::zeroed();
    for (slot, byte) in request.ifr_name.iter_mut().zip(b"lo\0") {
        *slot = *byte as libc::c_char;
    }
    request.ifr_ifru.ifru_flags = (libc::IFF_UP | libc::IFF_RUNNING) as libc::c_short;
    let result = libc::ioctl(socket, libc::SIOCSIFFLAGS as _, &request);
    libc::close(socket);
    check(result)
}

unsafe fn set_limit(resource: libc::__rlimit_resource_t, value: u64) -> io::Result<()> {
    let limit = libc::rlimit {
        rlim_cur: value,
        rlim_max: value,
    };
    check(libc::setrlimit(resource, &limit))
}

fn restrict_self(ruleset: RawFd) -> io::Result<()> {
    // SAFETY: prctl and landlock_restrict_self take plain integers.
    unsafe {
        check(libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))?;
        check(libc::syscall(libc::SYS_landlock_restrict_self, ruleset, 0) as libc::c_int)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_map_line_maps_one_id_inside_to_one_outside() {
        let (line, len) = map_line(1000, 65534);
        assert_eq!(&line[..len], b"1000 65534 1\n");
        let (line, len) = map_line(0, 7);
        assert_eq!(&line[..len], b"0 7 1\n");
    }

    #[test]
    fn everything_but_a_folder_is_its_siblings_and_its_ancestors_siblings() {
        let root = tempfile::tempdir().unwrap();
        let course = root.path().join("a/course");
        std::fs::create_dir_all(course.join("solutions")).unwrap();
        std::fs::create_dir_all(root.path().join("a/other")).unwrap();
        std::fs::write(root.path().join("b"), "").unwrap();
        let open = everything_but(&course).unwrap();
        assert!(open.contains(&root.path().join("a/other")));
        assert!(open.contains(&root.path().join("b")));
        assert!(!open
            .iter()
            .any(|path| path.starts_with(&course) || course.starts_with(path)));
    }
}
