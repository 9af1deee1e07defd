-- Spil schema version 5: the worker's edited draft of the letter to the GP.
--
-- The letter is composed from the trajectory, then edited by hand; the edited text
-- is kept here, one draft per trajectory, until the worker discards it to compose
-- afresh. It is free text about the client, so it lives only in the encrypted
-- vault: the audit log records that a draft was saved or discarded, never its text.
-- A destroyed trajectory takes its draft with it (the cascade).

CREATE TABLE gp_letter_drafts (
    trajectory_id TEXT PRIMARY KEY REFERENCES trajectories(id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    saved_at      TEXT NOT NULL
) STRICT;
