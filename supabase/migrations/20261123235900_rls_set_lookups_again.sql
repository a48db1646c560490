-- The policies added since 20261123175000 (manager exports, warehouse parcels and scans…)
-- get the same set-lookup form, so a first sync never evaluates a security-definer function
-- per row. Keep this migration last: a later one adding policies ends with the same call.
select private.rewrite_policies_as_set_lookups();
