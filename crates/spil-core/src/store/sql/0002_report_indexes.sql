-- Spil schema version 2: what the monitoring report and the exports read, kept narrow.
--
-- They read every trajectory, but only a few short columns of it, while the rows
-- are wide (notes, the request for help) and the children (conversations, triage
-- decisions, problem areas) are whole tables keyed by 36-character ids. SQLCipher
-- decrypts every page read, so at 100k trajectories the scans of those tables were
-- most of the report's time. Each trajectory now carries its conversation count,
-- current triage decision and problem-area codes, kept by the triggers below, and
-- one covering index holds everything the report needs (docs/PERFORMANCE.md).
-- The derived columns are never written by the application; a test checks them
-- against the tables they summarise after every kind of change.

ALTER TABLE trajectories ADD COLUMN conversation_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trajectories ADD COLUMN current_triage TEXT;
-- Codes joined by ';' in code order, '' for none.
ALTER TABLE trajectories ADD COLUMN problem_area_codes TEXT NOT NULL DEFAULT '';

UPDATE trajectories SET
    conversation_count =
        (SELECT count(*) FROM conversations c WHERE c.trajectory_id = trajectories.id),
    current_triage =
        (SELECT decision FROM triage_decisions d WHERE d.trajectory_id = trajectories.id
         ORDER BY d.created_at DESC, d.id DESC LIMIT 1),
    problem_area_codes = coalesce(
        (SELECT group_concat(code, ';' ORDER BY code) FROM trajectory_problem_areas p
         WHERE p.trajectory_id = trajectories.id), '');

CREATE TRIGGER conversations_count_insert AFTER INSERT ON conversations
BEGIN
    UPDATE trajectories SET conversation_count =
        (SELECT count(*) FROM conversations WHERE trajectory_id = NEW.trajectory_id)
    WHERE id = NEW.trajectory_id;
END;
CREATE TRIGGER conversations_count_delete AFTER DELETE ON conversations
BEGIN
    UPDATE trajectories SET conversation_count =
        (SELECT count(*) FROM conversations WHERE trajectory_id = OLD.trajectory_id)
    WHERE id = OLD.trajectory_id;
END;
CREATE TRIGGER conversations_count_move AFTER UPDATE OF trajectory_id ON conversations
BEGIN
    UPDATE trajectories SET conversation_count =
        (SELECT count(*) FROM conversations WHERE trajectory_id = trajectories.id)
    WHERE id IN (OLD.trajectory_id, NEW.trajectory_id);
END;

CREATE TRIGGER triage_current_insert AFTER INSERT ON triage_decisions
BEGIN
    UPDATE trajectories SET current_triage =
        (SELECT decision FROM triage_decisions WHERE trajectory_id = NEW.trajectory_id
         ORDER BY created_at DESC, id DESC LIMIT 1)
    WHERE id = NEW.trajectory_id;
END;
CREATE TRIGGER triage_current_delete AFTER DELETE ON triage_decisions
BEGIN
    UPDATE trajectories SET current_triage =
        (SELECT decision FROM triage_decisions WHERE trajectory_id = OLD.trajectory_id
         ORDER BY created_at DESC, id DESC LIMIT 1)
    WHERE id = OLD.trajectory_id;
END;
CREATE TRIGGER triage_current_update AFTER UPDATE ON triage_decisions
BEGIN
    UPDATE trajectories SET current_triage =
        (SELECT decision FROM triage_decisions d WHERE d.trajectory_id = trajectories.id
         ORDER BY d.created_at DESC, d.id DESC LIMIT 1)
    WHERE id IN (OLD.trajectory_id, NEW.trajectory_id);
END;

CREATE TRIGGER problem_areas_insert AFTER INSERT ON trajectory_problem_areas
BEGIN
    UPDATE trajectories SET problem_area_codes = coalesce(
        (SELECT group_concat(code, ';' ORDER BY code) FROM trajectory_problem_areas
         WHERE trajectory_id = NEW.trajectory_id), '')
    WHERE id = NEW.trajectory_id;
END;
CREATE TRIGGER problem_areas_delete AFTER DELETE ON trajectory_problem_areas
BEGIN
    UPDATE trajectories SET problem_area_codes = coalesce(
        (SELECT group_concat(code, ';' ORDER BY code) FROM trajectory_problem_areas
         WHERE trajectory_id = OLD.trajectory_id), '')
    WHERE id = OLD.trajectory_id;
END;
CREATE TRIGGER problem_areas_update AFTER UPDATE ON trajectory_problem_areas
BEGIN
    UPDATE trajectories SET problem_area_codes = coalesce(
        (SELECT group_concat(p.code, ';' ORDER BY p.code) FROM trajectory_problem_areas p
         WHERE p.trajectory_id = trajectories.id), '')
    WHERE id IN (OLD.trajectory_id, NEW.trajectory_id);
END;

-- In (youth, referral date) order: the record export streams one youth at a time.
CREATE INDEX trajectories_report ON trajectories(
    youth_id, referral_date, id, practice_id, referrer, first_contact_date,
    closed_date, outcome, satisfaction, conversation_count, current_triage,
    problem_area_codes
);
CREATE INDEX youths_report ON youths(id, family_id, birth_date, gender);
