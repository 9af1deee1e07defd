-- Spil schema version 3: the interventions each trajectory used, for the report.
--
-- The report's intervention mix counts, per trajectory, which interventions its
-- conversations used. Like the problem areas in version 2, the codes are kept on
-- the trajectory by triggers and read from the covering index, so the report
-- never scans the conversations (wide rows with notes). The column is never
-- written by the application; a test checks it against the tables after every
-- kind of change.

-- Distinct codes joined by ';' in code order, '' for none.
ALTER TABLE trajectories ADD COLUMN intervention_codes TEXT NOT NULL DEFAULT '';

-- The join through conversations leaves out interventions whose conversation is
-- already gone (a deleted conversation's interventions go by cascade, in either
-- order relative to the triggers below).
UPDATE trajectories SET intervention_codes = coalesce(
    (SELECT group_concat(code, ';' ORDER BY code) FROM
        (SELECT DISTINCT i.code FROM conversation_interventions i
         JOIN conversations c ON c.id = i.conversation_id
         WHERE c.trajectory_id = trajectories.id)), '');

CREATE TRIGGER interventions_insert AFTER INSERT ON conversation_interventions
BEGIN
    UPDATE trajectories SET intervention_codes = coalesce(
        (SELECT group_concat(code, ';' ORDER BY code) FROM
            (SELECT DISTINCT i.code FROM conversation_interventions i
             JOIN conversations c ON c.id = i.conversation_id
             WHERE c.trajectory_id = trajectories.id)), '')
    WHERE id = (SELECT trajectory_id FROM conversations WHERE id = NEW.conversation_id);
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
-- A conversation deleted or moved to another trajectory takes its interventions along.
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

-- The report's covering index, with the new column.
DROP INDEX trajectories_report;
CREATE INDEX trajectories_report ON trajectories(
    youth_id, referral_date, id, practice_id, referrer, first_contact_date,
    closed_date, outcome, satisfaction, conversation_count, current_triage,
    problem_area_codes, intervention_codes
);
