-- Indicators shared with an organisation (shared_with_org_ids) are readable by that organisation's members of
-- the dialogue whatever their classification, `originator` included (issue 13, item 15). A state reports the
-- figures of a restricted or originator indicator the secretariat shares with its ministry, and its data
-- providers need the indicator's definition to do so: without it an import, a JSON submission or a figure edit
-- said "unknown indicator". The figures themselves stay as they were: published restricted/originator figures
-- are read by the reporting state and the secretariat only (observations_read, 0002). The service layer says
-- the same in src/shared/visibility.ts (indicatorVisibleTo). Policies add up (OR), so this widens only that.
CREATE POLICY indicators_read_shared ON indicators FOR SELECT TO passage_app
  USING (dialogue_id = ANY(app_member_dialogues()) AND app_org_id() = ANY(shared_with_org_ids));
