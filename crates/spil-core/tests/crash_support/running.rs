//! A child process under the harness's control: its output lines with arrival
//! times, and SIGKILL.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::child::ROLE;

/// A running child and the lines it printed, read on a thread so a kill never
/// leaves a line half-read.
pub struct Running {
    child: Child,
    lines: mpsc::Receiver<(Instant, String)>,
    seen: Vec<(Instant, String)>,
}

impl Running {
    pub fn spawn(role: &str, env: &[(&str, String)]) -> Running {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.env(ROLE, role)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                if tx.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines: rx,
            seen: Vec::new(),
        }
    }

    /// Wait until the child prints a line starting with `prefix`; returns when it
    /// arrived.
    pub fn wait_for(&mut self, prefix: &str) -> Instant {
        loop {
            let (at, l) = self
                .lines
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("the child never printed {prefix}"));
            let found = l.starts_with(prefix);
            self.seen.push((at, l));
            if found {
                return at;
            }
        }
    }

    pub fn wait_ready(&mut self) {
        self.wait_for("ready");
    }

    /// SIGKILL (std's `kill` on Unix), then collect every complete line printed.
    pub fn kill(mut self) -> Vec<(Instant, String)> {
        if let Some(status) = self.child.try_wait().unwrap() {
            panic!("the child stopped by itself ({status}) before it was killed");
        }
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        self.seen.extend(self.lines.iter());
        self.seen
    }
}
