pub fn add(a: i32, b: i32) -> i32 {
    a + b
}

pub fn multiply(a: i32, b: i32) -> i32 {
    a * b
}

pub fn count_down(n: u64) -> u64 {
    (0..n).fold(n, |left, _| left - 1)
}

pub fn check(n: i32) -> bool {
    n > 0
}

pub fn finish() -> &'static str {
    "done"
}

pub fn depth(n: u64) -> u64 {
    n
}

pub fn secret() -> i32 {
    42
}
