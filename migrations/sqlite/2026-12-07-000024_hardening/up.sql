-- Idempotency keys were kept for ever beside a plain SHA-256 of the request: for a silent call
-- with only a phone number, the number could be found by trying every number. The hashes are
-- keyed now and a key is kept for a day; the old rows go (a retry comes within minutes).
DELETE FROM idempotency_keys;
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Erasure now also clears the informant's relation to the child, referrals' reasons,
-- declines' reasons and outcomes, services' providers and holds' reasons, and an erased case
-- takes nothing new. Cases erased before: what erasure left then, and anything written to
-- them since, goes now (the erasure's own event stays).
UPDATE reports SET informant_relation = NULL WHERE erased_at IS NOT NULL;
UPDATE referrals SET reason = '', decline_reason = NULL, outcome = NULL
  WHERE case_id IN (SELECT id FROM cases WHERE erased_at IS NOT NULL);
UPDATE case_services SET provider = NULL
  WHERE case_id IN (SELECT id FROM cases WHERE erased_at IS NOT NULL);
UPDATE case_holds SET reason = ''
  WHERE case_id IN (SELECT id FROM cases WHERE erased_at IS NOT NULL);
UPDATE case_perpetrators SET description = NULL
  WHERE case_id IN (SELECT id FROM cases WHERE erased_at IS NOT NULL);
UPDATE case_events SET body = NULL
  WHERE kind <> 'erased' AND case_id IN (SELECT id FROM cases WHERE erased_at IS NOT NULL);
DELETE FROM case_steps WHERE case_id IN (SELECT id FROM cases WHERE erased_at IS NOT NULL);
DELETE FROM case_evidence WHERE case_id IN (SELECT id FROM cases WHERE erased_at IS NOT NULL);
DELETE FROM field_versions WHERE case_id IN (SELECT id FROM cases WHERE erased_at IS NOT NULL);
