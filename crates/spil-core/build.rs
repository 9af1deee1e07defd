//! Tells the tests whether they are built by root: the full-disk backup test mounts
//! a tmpfs, which only root may do, and is marked ignored (with the reason, as the
//! test runner shows it) when built by anyone else. `make test` runs as root.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(spil_not_root)");
    println!("cargo::rerun-if-changed=build.rs");
    let root = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|euid| euid == "0"))
        })
        .unwrap_or(false);
    if !root {
        println!("cargo::rustc-cfg=spil_not_root");
    }
}
