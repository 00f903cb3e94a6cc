-- Large objects with their data (helper pgb's kind): an empty one, a binary one, one with a comment
-- and a grant.
SELECT lo_from_bytea(0, '') IS NOT NULL AS made;
SELECT lo_from_bytea(0, decode(repeat('00ff7f', 3000), 'hex')) IS NOT NULL AS made;
SELECT lo_from_bytea(0, convert_to('ünï cødé ✓', 'UTF8')) AS lo_oid \gset
COMMENT ON LARGE OBJECT :lo_oid IS 'a unicode text';
GRANT SELECT ON LARGE OBJECT :lo_oid TO :"reader";
