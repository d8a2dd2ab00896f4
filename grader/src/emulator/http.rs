//! Just enough HTTP/1.1 to talk to the emulator on 127.0.0.1: one request per connection
//! (`Connection: close`), the answer read to its end, with time limits. The emulator's API is a
//! handful of JSON calls; a client crate would add more to the grader's build than it saves.

use std::io::{Read, Write};
use std::time::Duration;

use super::Address;
use crate::error::Error;

const TIME_LIMIT: Duration = Duration::from_secs(30);
/// The most of an answer read: the emulator's answers here are a few KiB.
const MAX_ANSWER: u64 = 1024 * 1024;

pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

pub fn get(address: &Address, path: &str) -> Result<Answer, Error> {
    request(address, "GET", path, &[], b"")
}

pub fn post(
    address: &Address,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Answer, Error> {
    request(address, "POST", path, headers, body)
}

fn request(
    address: &Address,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Answer, Error> {
    let port = address.port;
    let failed = |e: std::io::Error| {
        Error::Tool(format!(
            "{method} http://127.0.0.1:{port}{path} failed: {e}"
        ))
    };
    let mut stream = address.connect(TIME_LIMIT).map_err(failed)?;
    stream.set_read_timeout(Some(TIME_LIMIT)).map_err(failed)?;
    stream.set_write_timeout(Some(TIME_LIMIT)).map_err(failed)?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).map_err(failed)?;
    stream.write_all(body).map_err(failed)?;
    let mut raw = Vec::new();
    stream
        .take(MAX_ANSWER)
        .read_to_end(&mut raw)
        .map_err(failed)?;
    parse(&raw).ok_or_else(|| {
        Error::Tool(format!(
            "{method} http://127.0.0.1:{port}{path}: not an HTTP answer"
        ))
    })
}

/// The status and body of a whole answer (`Content-Length` or to the end; chunked bodies are
/// decoded).
fn parse(raw: &[u8]) -> Option<Answer> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let body = &raw[end + 4..];
    let chunked = head
        .lines()
        .any(|l| l.to_ascii_lowercase().starts_with("transfer-encoding:") && l.contains("chunked"));
    let body = if chunked {
        dechunk(body)?
    } else {
        body.to_vec()
    };
    Some(Answer { status, body })
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_read_with_a_length_or_in_chunks() {
        let plain = parse(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").unwrap();
        assert_eq!((plain.status, plain.body.as_slice()), (200, &b"{}"[..]));
        let chunked =
            parse(b"HTTP/1.1 400 Bad\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                .unwrap();
        assert_eq!(
            (chunked.status, chunked.body.as_slice()),
            (400, &b"abcde"[..])
        );
        assert!(parse(b"garbage").is_none());
    }
}
