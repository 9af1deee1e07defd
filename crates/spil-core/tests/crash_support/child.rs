//! The crash harness's child: changes the vault forever, printing each change only
//! after the call that committed it returned. Output lines:
//!
//! `ready` · `begin` (a passphrase change or rotation starts) · `youth ID` · `traj ID` · `conv TRAJ N` (the trajectory now has N of this
//! child's conversations) · `begin PREFIX K` / `batch PREFIX K` (an import of K rows
//! starts / committed) · `close TRAJ` · `now PASSPHRASE` · `rotated`.

use std::io::Write;
use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use spil_core::codes::{Gender, Outcome, ProblemArea, Referrer, Urgency};
use spil_core::model::{
    CaseloadFilter, ClosureInput, ConversationInput, ReferralInput, YouthInput,
};
use spil_core::{Passphrase, Vault};

pub const ROLE: &str = "SPIL_CRASH_CHILD";
pub const PRACTICE: &str = "Crashpraktijk";

/// SplitMix64: small, seedable, good enough to pick operations and sizes.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").unwrap();
    out.flush().unwrap();
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} not set"))
}

/// Letters and spaces only, so the text is safe in a CSV cell.
fn words(rng: &mut Rng, max_chars: u64) -> String {
    const SYLLABLES: [&str; 8] = ["ka", "mer", "slaap", "ton ", "zo", "rij", "pel ", "wa"];
    let len = rng.below(max_chars);
    let mut s = String::new();
    while (s.len() as u64) < len {
        s.push_str(SYLLABLES[rng.index(SYLLABLES.len())]);
    }
    s.trim().to_owned()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn run(role: &str) {
    match role {
        "work" => work(),
        "rekey" => rekey(),
        other => panic!("unknown role {other}"),
    }
}

fn youth(rng: &mut Rng, youth_ref: String) -> YouthInput {
    YouthInput {
        youth_ref: Some(youth_ref),
        given_name: Some(format!("G{}", words(rng, 20))),
        family_name: Some(format!("F{}", words(rng, 30))),
        birth_date: Some(date("2012-01-01")),
        gender: Gender::Unknown,
        ..Default::default()
    }
}

/// The data key handed over by the parent, so the child skips the KDF.
fn key() -> [u8; 32] {
    let key_hex = env("SPIL_CRASH_KEY");
    let mut key = [0u8; 32];
    for (i, b) in key.iter_mut().enumerate() {
        *b = u8::from_str_radix(&key_hex[2 * i..2 * i + 2], 16).unwrap();
    }
    key
}

fn work() {
    let dir = PathBuf::from(env("SPIL_CRASH_DIR"));
    let key = key();
    let seed: u64 = env("SPIL_CRASH_SEED").parse().unwrap();
    let practice = env("SPIL_CRASH_PRACTICE");
    let mut v = Vault::open_with_key_for_tests(&dir, key, "crash-child").unwrap();
    say("ready");
    let mut rng = Rng::new(seed);
    let mut waiting: Vec<String> = Vec::new();
    let mut open: Vec<(String, NaiveDate, u64)> = Vec::new();
    for n in 0u64.. {
        let roll = rng.below(100);
        if roll < 25 || (waiting.is_empty() && open.is_empty() && roll < 80) {
            let y = v
                .add_youth(&youth(&mut rng, format!("Y{seed}-{n}")))
                .unwrap();
            say(&format!("youth {}", y.id));
            waiting.push(y.id);
        } else if roll < 45 && !waiting.is_empty() {
            let y = waiting.swap_remove(rng.index(waiting.len()));
            let referral = date("2024-01-01") + Days::new(rng.below(200));
            let t = v
                .register_referral(&ReferralInput {
                    youth_id: y,
                    practice_id: practice.clone(),
                    referral_date: referral,
                    referrer: Some(Referrer::Gp),
                    request_for_help: Some(words(&mut rng, 400)),
                    problem_areas: vec![ProblemArea::Sleep, ProblemArea::Parenting],
                    urgency: Urgency::Normal,
                })
                .unwrap();
            say(&format!("traj {t}"));
            open.push((t, referral, 0));
        } else if roll < 80 && !open.is_empty() {
            let i = rng.index(open.len());
            // Notes up to 6,000 characters: overflow pages in most transactions.
            let notes = words(&mut rng, 6_000);
            let (t, referral, count) = &mut open[i];
            v.add_conversation(
                t,
                &ConversationInput {
                    date: Some(*referral + Days::new(*count + 1)),
                    minutes: Some(45),
                    notes: Some(notes),
                    ..Default::default()
                },
            )
            .unwrap();
            *count += 1;
            say(&format!("conv {t} {count}"));
        } else if roll < 90 {
            let k = 5 + rng.below(40);
            let prefix = format!("B{seed}-{n}");
            let mut csv = String::from("youth_ref,practice,referral_date,session_dates,notes\n");
            for i in 0..k {
                csv.push_str(&format!(
                    "{prefix}-{i},{PRACTICE},2024-03-01,2024-03-02;2024-03-09,{}\n",
                    words(&mut rng, 400)
                ));
            }
            say(&format!("begin {prefix} {k}"));
            let s = v.import_csv(csv.as_bytes(), |_| {}).unwrap();
            assert_eq!(s.trajectories_created, k);
            say(&format!("batch {prefix} {k}"));
        } else if roll < 96 && !open.is_empty() {
            let (t, referral, count) = open.swap_remove(rng.index(open.len()));
            v.close_trajectory(
                &t,
                &ClosureInput {
                    closed_date: referral + Days::new(count + 1),
                    outcome: Outcome::NoFurtherCare,
                    closure_reason: None,
                    satisfaction: Some(8),
                    gp_feedback_date: None,
                },
            )
            .unwrap();
            say(&format!("close {t}"));
        } else {
            // An audited read is a small write transaction of its own.
            v.caseload(&CaseloadFilter::default()).unwrap();
        }
    }
}

fn rekey() {
    let dir = PathBuf::from(env("SPIL_CRASH_DIR"));
    let seed: u64 = env("SPIL_CRASH_SEED").parse().unwrap();
    let mut current = env("SPIL_CRASH_PASS");
    let mut other = env("SPIL_CRASH_OTHER");
    let mut v = Vault::open_with_key_for_tests(&dir, key(), "crash-child").unwrap();
    say("ready");
    let mut rng = Rng::new(seed);
    for n in 0u64.. {
        say("begin");
        if rng.below(4) == 0 {
            v = v.rotate_data_key(&Passphrase::new(&current)).unwrap();
            say("rotated");
        } else {
            v.change_passphrase(&Passphrase::new(&current), &Passphrase::new(&other))
                .unwrap();
            std::mem::swap(&mut current, &mut other);
            say(&format!("now {current}"));
        }
        let y = v
            .add_youth(&youth(&mut rng, format!("R{seed}-{n}")))
            .unwrap();
        say(&format!("youth {}", y.id));
    }
}
