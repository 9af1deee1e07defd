//! `spil demo`: fill a new (or empty) vault with a synthetic caseload.

use std::path::Path;
use std::time::Instant;

use super::{actor, CliResult};

pub fn run(dir: &Path, trajectories: usize, seed: u64) -> CliResult {
    // Invented children only: bulk writes without SQLCipher's per-allocation
    // locking and wiping, fourteen times faster.
    spil_core::store::synthetic_data_only();
    let mut vault = if dir.join(spil_core::store::KEY_FILE).exists() {
        super::open(dir)?
    } else {
        let pass = crate::secret::new_passphrase(crate::secret::PASSPHRASE_ENV)?;
        spil_core::Vault::create(dir, &pass, &actor())?
    };
    let started = Instant::now();
    let s = vault.generate_demo(trajectories, seed, |p| {
        if p.done % 10_000 == 0 || p.done == p.total {
            eprintln!("  {} / {} trajectories", p.done, p.total);
        }
    })?;
    vault.close()?;
    println!(
        "Demo caseload in {:.1} s: {} trajectories ({} waiting, {} active, {} closed), \
         {} conversations, {} youths in {} families of siblings, {} practices, {} GP consultations",
        started.elapsed().as_secs_f64(),
        s.trajectories,
        s.waiting,
        s.active,
        s.closed,
        s.conversations,
        s.youths,
        s.families,
        s.practices,
        s.gp_consultations
    );
    Ok(())
}
