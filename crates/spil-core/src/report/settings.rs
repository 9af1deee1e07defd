//! The savings parameters are settings of the vault (docs/DESIGN.md, "Monitoring": "the parameters are
//! settings, shown beside the figure"), so the worker enters their region's figures
//! once and every report and export uses them.

use rusqlite::OptionalExtension;

use super::SavingsParams;
use crate::audit::{self, Action, Event};
use crate::{Result, Vault};

const SHARE: &str = "savings_share_gp_would_refer";
const COST: &str = "savings_average_cost_eur";

impl Vault {
    /// The stored savings parameters, or the defaults (Rheden 2019).
    pub fn savings_params(&self) -> Result<SavingsParams> {
        let get = |key: &str| -> Result<Option<f64>> {
            let v: Option<String> = self
                .conn
                .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?;
            Ok(v.and_then(|s| s.parse().ok()))
        };
        let d = SavingsParams::default();
        Ok(SavingsParams {
            share_gp_would_refer: get(SHARE)?.unwrap_or(d.share_gp_would_refer),
            average_cost_eur: get(COST)?.unwrap_or(d.average_cost_eur),
        })
    }

    pub fn set_savings_params(&mut self, p: &SavingsParams) -> Result<()> {
        let p = p.validated()?;
        self.write(|tx, actor| {
            for (key, value) in [(SHARE, p.share_gp_would_refer), (COST, p.average_cost_eur)] {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    rusqlite::params![key, value.to_string()],
                )?;
            }
            audit::append(tx, actor, &Event::new(Action::Update, "savings_parameters"))
        })
    }
}
