CREATE INDEX audit_trajectory ON audit_log(trajectory_id);
CREATE INDEX audit_youth ON audit_log(youth_id);
CREATE INDEX conversations_trajectory ON conversations(trajectory_id, date);
CREATE INDEX deletions_trajectory ON deletions(trajectory_id);
CREATE INDEX gp_consultations_practice ON gp_consultations(practice_id, date);
CREATE INDEX reopenings_trajectory ON reopenings(trajectory_id);
CREATE INDEX trajectories_closed ON trajectories(closed_date);
CREATE INDEX trajectories_practice ON trajectories(practice_id, referral_date);
CREATE INDEX trajectories_referral ON trajectories(referral_date);
CREATE INDEX trajectories_report ON trajectories(
    youth_id, referral_date, id, practice_id, referrer, first_contact_date,
    closed_date, outcome, satisfaction, conversation_count, current_triage,
    problem_area_codes, intervention_codes
);
CREATE INDEX triage_trajectory ON triage_decisions(trajectory_id, created_at);
CREATE INDEX youths_family ON youths(family_id);
CREATE INDEX youths_name ON youths(family_name, given_name);
CREATE INDEX youths_report ON youths(id, family_id, birth_date, gender);
CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    youth_id      TEXT,
    trajectory_id TEXT,
    what          TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
) STRICT;
CREATE TABLE conversation_interventions (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    code            TEXT NOT NULL,
    PRIMARY KEY (conversation_id, code)
) STRICT, WITHOUT ROWID;
CREATE TABLE conversations (
    id            TEXT PRIMARY KEY,
    trajectory_id TEXT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    date          TEXT NOT NULL,
    minutes       INTEGER,
    participants  TEXT NOT NULL DEFAULT '',
    mode          TEXT,
    notes         TEXT,
    created_at    TEXT NOT NULL
) STRICT;
CREATE TABLE deletions (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('conversation', 'gp_consultation')),
    record_id     TEXT NOT NULL,
    trajectory_id TEXT REFERENCES trajectories(id) ON DELETE CASCADE,
    record_date   TEXT NOT NULL,
    reason        TEXT NOT NULL,
    deleted_at    TEXT NOT NULL
) STRICT;
CREATE TABLE families (
    id         TEXT PRIMARY KEY,
    label      TEXT,
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE gp_consultations (
    id          TEXT PRIMARY KEY,
    practice_id TEXT NOT NULL REFERENCES practices(id),
    date        TEXT NOT NULL,
    minutes     INTEGER,
    topic       TEXT,
    created_at  TEXT NOT NULL
) STRICT;
CREATE TABLE gp_letter_drafts (
    trajectory_id TEXT PRIMARY KEY REFERENCES trajectories(id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    saved_at      TEXT NOT NULL
) STRICT;
CREATE TABLE imports (
    id          TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    created     INTEGER NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;
CREATE TABLE intakes (
    trajectory_id        TEXT PRIMARY KEY REFERENCES trajectories(id) ON DELETE CASCADE,
    date                 TEXT NOT NULL,
    present              TEXT NOT NULL DEFAULT '',
    summary              TEXT,
    screening_instrument TEXT,
    screening_score      INTEGER,
    updated_at           TEXT NOT NULL
) STRICT;
CREATE TABLE practices (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    kern              TEXT,
    municipality_code TEXT,
    hours_per_week    REAL,
    in_practice       INTEGER NOT NULL DEFAULT 1,
    his               TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
CREATE TABLE reopenings (
    id                  TEXT PRIMARY KEY,
    trajectory_id       TEXT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    reopened_on         TEXT NOT NULL,
    reason              TEXT NOT NULL,
    prev_closed_date    TEXT NOT NULL,
    prev_outcome        TEXT NOT NULL,
    prev_closure_reason TEXT,
    created_at          TEXT NOT NULL
) STRICT;
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
CREATE TABLE trajectories (
    id                 TEXT PRIMARY KEY,
    youth_id           TEXT NOT NULL REFERENCES youths(id),
    practice_id        TEXT NOT NULL REFERENCES practices(id),
    referral_date      TEXT NOT NULL,
    referrer           TEXT,
    request_for_help   TEXT,
    urgency            TEXT NOT NULL DEFAULT 'normal',
    first_contact_date TEXT,
    closed_date        TEXT,
    outcome            TEXT,
    closure_reason     TEXT,
    satisfaction       INTEGER,
    gp_feedback_date   TEXT,
    notes              TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL, conversation_count INTEGER NOT NULL DEFAULT 0, current_triage TEXT, problem_area_codes TEXT NOT NULL DEFAULT '', intervention_codes TEXT NOT NULL DEFAULT '',
    UNIQUE (youth_id, referral_date),
    CHECK ((closed_date IS NULL) = (outcome IS NULL)),
    CHECK (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 10)
) STRICT;
CREATE TABLE trajectory_problem_areas (
    trajectory_id TEXT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    PRIMARY KEY (trajectory_id, code)
) STRICT, WITHOUT ROWID;
CREATE TABLE triage_decisions (
    id            TEXT PRIMARY KEY,
    trajectory_id TEXT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
    decided_on    TEXT NOT NULL,
    decision      TEXT NOT NULL,
    rationale     TEXT,
    created_at    TEXT NOT NULL
) STRICT;
CREATE TABLE youths (
    id          TEXT PRIMARY KEY,
    youth_ref   TEXT UNIQUE,
    given_name  TEXT,
    family_name TEXT,
    birth_date  TEXT,
    gender      TEXT NOT NULL DEFAULT 'unknown',
    bsn         TEXT,
    postcode    TEXT,
    family_id   TEXT REFERENCES families(id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER conversations_count_delete AFTER DELETE ON conversations
BEGIN
    UPDATE trajectories SET conversation_count =
        (SELECT count(*) FROM conversations WHERE trajectory_id = OLD.trajectory_id)
    WHERE id = OLD.trajectory_id;
END;
CREATE TRIGGER conversations_count_insert AFTER INSERT ON conversations
BEGIN
    UPDATE trajectories SET conversation_count =
        (SELECT count(*) FROM conversations WHERE trajectory_id = NEW.trajectory_id)
    WHERE id = NEW.trajectory_id;
END;
CREATE TRIGGER conversations_count_move AFTER UPDATE OF trajectory_id ON conversations
BEGIN
    UPDATE trajectories SET conversation_count =
        (SELECT count(*) FROM conversations WHERE trajectory_id = trajectories.id)
    WHERE id IN (OLD.trajectory_id, NEW.trajectory_id);
END;
CREATE TRIGGER conversations_interventions_delete AFTER DELETE ON conversations
BEGIN
    UPDATE trajectories SET intervention_codes = coalesce(
        (SELECT group_concat(code, ';' ORDER BY code) FROM
            (SELECT DISTINCT i.code FROM conversation_interventions i
             JOIN conversations c ON c.id = i.conversation_id
             WHERE c.trajectory_id = trajectories.id)), '')
    WHERE id = OLD.trajectory_id;
END;
CREATE TRIGGER conversations_interventions_move AFTER UPDATE OF trajectory_id ON conversations
BEGIN
    UPDATE trajectories SET intervention_codes = coalesce(
        (SELECT group_concat(code, ';' ORDER BY code) FROM
            (SELECT DISTINCT i.code FROM conversation_interventions i
             JOIN conversations c ON c.id = i.conversation_id
             WHERE c.trajectory_id = trajectories.id)), '')
    WHERE id IN (OLD.trajectory_id, NEW.trajectory_id);
END;
CREATE TRIGGER interventions_delete AFTER DELETE ON conversation_interventions
BEGIN
    UPDATE trajectories SET intervention_codes = coalesce(
        (SELECT group_concat(code, ';' ORDER BY code) FROM
            (SELECT DISTINCT i.code FROM conversation_interventions i
             JOIN conversations c ON c.id = i.conversation_id
             WHERE c.trajectory_id = trajectories.id)), '')
    WHERE id = (SELECT trajectory_id FROM conversations WHERE id = OLD.conversation_id);
END;
CREATE TRIGGER interventions_insert AFTER INSERT ON conversation_interventions
BEGIN
    UPDATE trajectories SET intervention_codes = coalesce(
        (SELECT group_concat(code, ';' ORDER BY code) FROM
            (SELECT DISTINCT i.code FROM conversation_interventions i
             JOIN conversations c ON c.id = i.conversation_id
             WHERE c.trajectory_id = trajectories.id)), '')
    WHERE id = (SELECT trajectory_id FROM conversations WHERE id = NEW.conversation_id);
END;
CREATE TRIGGER interventions_update AFTER UPDATE ON conversation_interventions
BEGIN
    UPDATE trajectories SET intervention_codes = coalesce(
        (SELECT group_concat(code, ';' ORDER BY code) FROM
            (SELECT DISTINCT i.code FROM conversation_interventions i
             JOIN conversations c ON c.id = i.conversation_id
             WHERE c.trajectory_id = trajectories.id)), '')
    WHERE id IN (SELECT trajectory_id FROM conversations
                 WHERE id IN (OLD.conversation_id, NEW.conversation_id));
END;
CREATE TRIGGER problem_areas_delete AFTER DELETE ON trajectory_problem_areas
BEGIN
    UPDATE trajectories SET problem_area_codes = coalesce(
        (SELECT group_concat(code, ';' ORDER BY code) FROM trajectory_problem_areas
         WHERE trajectory_id = OLD.trajectory_id), '')
    WHERE id = OLD.trajectory_id;
END;
CREATE TRIGGER problem_areas_insert AFTER INSERT ON trajectory_problem_areas
BEGIN
    UPDATE trajectories SET problem_area_codes = coalesce(
        (SELECT group_concat(code, ';' ORDER BY code) FROM trajectory_problem_areas
         WHERE trajectory_id = NEW.trajectory_id), '')
    WHERE id = NEW.trajectory_id;
END;
CREATE TRIGGER problem_areas_update AFTER UPDATE ON trajectory_problem_areas
BEGIN
    UPDATE trajectories SET problem_area_codes = coalesce(
        (SELECT group_concat(p.code, ';' ORDER BY p.code) FROM trajectory_problem_areas p
         WHERE p.trajectory_id = trajectories.id), '')
    WHERE id IN (OLD.trajectory_id, NEW.trajectory_id);
END;
CREATE TRIGGER triage_current_delete AFTER DELETE ON triage_decisions
BEGIN
    UPDATE trajectories SET current_triage =
        (SELECT decision FROM triage_decisions WHERE trajectory_id = OLD.trajectory_id
         ORDER BY created_at DESC, id DESC LIMIT 1)
    WHERE id = OLD.trajectory_id;
END;
CREATE TRIGGER triage_current_insert AFTER INSERT ON triage_decisions
BEGIN
    UPDATE trajectories SET current_triage =
        (SELECT decision FROM triage_decisions WHERE trajectory_id = NEW.trajectory_id
         ORDER BY created_at DESC, id DESC LIMIT 1)
    WHERE id = NEW.trajectory_id;
END;
CREATE TRIGGER triage_current_update AFTER UPDATE ON triage_decisions
BEGIN
    UPDATE trajectories SET current_triage =
        (SELECT decision FROM triage_decisions d WHERE d.trajectory_id = trajectories.id
         ORDER BY d.created_at DESC, d.id DESC LIMIT 1)
    WHERE id IN (OLD.trajectory_id, NEW.trajectory_id);
END;
