//! A submission that shows every verdict: one passing function, the rest misbehaving.

pub fn add(a: i32, b: i32) -> i32 {
    a + b
}

pub fn multiply(a: i32, b: i32) -> i32 {
    a + b
}

/// Never returns: the test times out.
pub fn count_down(mut n: u64) -> u64 {
    loop {
        n = n.wrapping_add(1);
        std::hint::black_box(n);
    }
}

/// Aborts the process: the test crashes.
pub fn check(_n: i32) -> bool {
    std::process::abort()
}

/// Prints what a passing test harness prints, then exits with success: still not a pass.
pub fn finish() -> &'static str {
    println!("test behaviour::leaves_quietly ... ok\n\ntest result: ok. 1 passed; 0 failed");
    eprintln!("test behaviour::leaves_quietly ... ok");
    std::process::exit(0)
}

/// Recurses without end: the stack overflows.
#[allow(unconditional_recursion)]
pub fn depth(n: u64) -> u64 {
    let frame = [n; 64];
    std::hint::black_box(&frame);
    depth(n + 1) + frame[0]
}

pub fn secret() -> i32 {
    41
}
