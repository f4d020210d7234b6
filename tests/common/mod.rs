//! What the command-line tests share: running the built `negah` as a user does.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `negah ARGS` with `stdin` as its standard input and returns what it wrote.
pub fn negah(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_negah"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start negah");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // Write from another thread: the output pipe must be drained while the input is fed. A
    // write error is expected when negah exits before reading (a usage error).
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}
