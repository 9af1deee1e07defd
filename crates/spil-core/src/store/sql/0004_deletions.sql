-- Spil schema version 4: conversations and GP consultations deleted as a correction.
--
-- A conversation or a GP consultation entered by mistake can be deleted. The row
-- goes (and with it its share of the report's counts); the reason the worker gives
-- stays here, in the encrypted vault. The reason is free text and may name the
-- client, so the audit log records only that a deletion happened and that a reason
-- was kept. A deleted conversation's reason goes when its trajectory is destroyed.

CREATE TABLE deletions (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('conversation', 'gp_consultation')),
    record_id     TEXT NOT NULL,
    trajectory_id TEXT REFERENCES trajectories(id) ON DELETE CASCADE,
    record_date   TEXT NOT NULL,
    reason        TEXT NOT NULL,
    deleted_at    TEXT NOT NULL
) STRICT;
CREATE INDEX deletions_trajectory ON deletions(trajectory_id);
