-- The public portal's agreements registry (docs/portal.md): an agreement classified public in a public
-- dialogue is read by anyone, also without an account (as practices, notices and documents already are).
-- Before, only members of the dialogue read agreements, public ones included. Revisions stay with the members
-- (an earlier revision may hold what was not public then).
DROP POLICY agreements_read ON agreements;
CREATE POLICY agreements_read ON agreements FOR SELECT TO passage_app
  USING ((dialogue_id = ANY(app_member_dialogues())
      AND app_can_see(dialogue_id, classification, originator_org_id, shared_with_org_ids))
    OR (classification = 'public'
      AND EXISTS (SELECT 1 FROM dialogues d WHERE d.id = dialogue_id AND d.classification = 'public')));

DROP POLICY agreement_revisions_read ON agreement_revisions;
CREATE POLICY agreement_revisions_read ON agreement_revisions FOR SELECT TO passage_app
  USING (EXISTS (SELECT 1 FROM agreements a WHERE a.id = agreement_id
    AND a.dialogue_id = ANY(app_member_dialogues())));
