-- The city's PostgreSQL database over its street offices
-- (docs/federation.md).  Applied once by `renovote-office city init`,
-- as the database's owner, in one transaction.
--
-- Every table has an office column.  Each office logs in with a role of
-- its own, a member of renovote_office; office_key maps that role to the
-- office's name and public key (city enrol-office).  Row-level security
-- lets an office role see and write only rows whose office is its own;
-- members of renovote_city read everything.  Offices may add records
-- but never change or delete them; the city re-verifies every record
-- against the registered keys before it counts anything.

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'renovote_office')
	THEN
		CREATE ROLE renovote_office NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'renovote_city')
	THEN
		CREATE ROLE renovote_city NOLOGIN;
	END IF;
END
$$;

CREATE TABLE office_key (
	office text PRIMARY KEY,
	role name NOT NULL UNIQUE,
	pubkey text NOT NULL,
	enrolled_at timestamptz NOT NULL DEFAULT now()
);

-- The office the current role pushes for; NULL for any other role.
-- Not SECURITY DEFINER: current_user must be the caller.  Without a SET
-- clause PostgreSQL inlines it, so a policy computes it once per
-- statement rather than once per row.
CREATE FUNCTION renovote_office_of() RETURNS text
LANGUAGE sql STABLE AS
$$ SELECT office FROM public.office_key WHERE role = current_user $$;

-- Signed ledger records, byte for byte as the office holds them.
CREATE TABLE record (
	office text NOT NULL,
	device text NOT NULL,
	seq bigint NOT NULL CHECK (seq > 0),
	hash bytea NOT NULL,
	body bytea NOT NULL,
	PRIMARY KEY (office, device, seq)
);

-- Each device's signed head, replaced with the last batch of a push.
CREATE TABLE head (
	office text NOT NULL,
	device text NOT NULL,
	seq bigint NOT NULL,
	hash bytea NOT NULL,
	sig bytea NOT NULL,
	received_at bigint,	-- when the office received it (ms)
	PRIMARY KEY (office, device)
);

-- What the office's own tables held at its last push (store-federate.c
-- names the columns), and a digest per table so an unchanged table is
-- not written again.
CREATE TABLE snapshot (
	office text NOT NULL,
	tbl text NOT NULL,
	digest bytea NOT NULL,
	PRIMARY KEY (office, tbl)
);
CREATE TABLE estate (
	office text NOT NULL, id text NOT NULL, name text NOT NULL,
	roster_at bigint NOT NULL, name_zh_TW text, name_en text,
	street text, community text,
	PRIMARY KEY (office, id)
);
CREATE TABLE flat (
	office text NOT NULL, estate_id text NOT NULL, flat_id text NOT NULL,
	building text NOT NULL, entrance text NOT NULL, room text NOT NULL,
	owner_id text NOT NULL, owner_name text, area_source text,
	area bigint NOT NULL,
	PRIMARY KEY (office, estate_id, flat_id)
);
CREATE TABLE plan (
	office text NOT NULL, estate_id text NOT NULL, source text NOT NULL,
	version bigint NOT NULL, imported_at bigint NOT NULL,
	PRIMARY KEY (office, estate_id)
);
CREATE TABLE codes_epoch (
	office text NOT NULL, estate_id text NOT NULL,
	from_version bigint NOT NULL,
	PRIMARY KEY (office, estate_id)
);
CREATE TABLE device (
	office text NOT NULL, name text NOT NULL, pubkey text NOT NULL,
	enrolled_at bigint NOT NULL, revoked_at bigint,
	voided bigint NOT NULL, last_sync_at bigint,
	PRIMARY KEY (office, name)
);
CREATE TABLE flag (
	office text NOT NULL, device text NOT NULL, at bigint NOT NULL,
	reason text NOT NULL
);
CREATE TABLE package_body (
	office text NOT NULL, estate_id text NOT NULL,
	version bigint NOT NULL, body bytea NOT NULL,
	PRIMARY KEY (office, estate_id)
);
CREATE TABLE publication (
	office text NOT NULL, id bigint NOT NULL, estate_id text NOT NULL,
	kind text NOT NULL, published_at bigint NOT NULL,
	tally_at bigint NOT NULL, objections_until bigint,
	PRIMARY KEY (office, id)
);
CREATE TABLE publication_tree (
	office text NOT NULL, estate_id text NOT NULL, number bigint NOT NULL,
	at_ms bigint NOT NULL, root text NOT NULL,
	PRIMARY KEY (office, estate_id, number)
);
-- The leaves of each publication, as its published document has them:
-- the city's receipt pages show a record's path to the root from them.
CREATE TABLE publication_leaf (
	office text NOT NULL, estate_id text NOT NULL, number bigint NOT NULL,
	idx bigint NOT NULL, kind text NOT NULL, subject text NOT NULL,
	choice text NOT NULL, owner text NOT NULL, area text NOT NULL,
	scope text NOT NULL, record text NOT NULL,
	PRIMARY KEY (office, estate_id, number, idx)
);
CREATE TABLE objection (
	office text NOT NULL, id bigint NOT NULL, estate_id text NOT NULL,
	received_at bigint NOT NULL, author text NOT NULL, text text NOT NULL,
	resolved_at bigint, resolution text,
	PRIMARY KEY (office, id)
);

-- Public keys and role names: any role may read them, so an office not
-- yet enrolled learns that it is not.
GRANT SELECT ON office_key TO PUBLIC;

-- The same policies on every table with an office column: an office
-- role sees and writes its own rows, the city reads all.  Records are
-- only ever added.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['record', 'head', 'snapshot', 'estate',
	    'flat', 'plan', 'codes_epoch', 'device', 'flag', 'package_body',
	    'publication', 'publication_tree', 'publication_leaf',
	    'objection']
	LOOP
		EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('CREATE POLICY office_own ON %I TO '
		    'renovote_office USING (office = renovote_office_of()) '
		    'WITH CHECK (office = renovote_office_of())', t);
		EXECUTE format('CREATE POLICY city_reads ON %I FOR SELECT TO '
		    'renovote_city USING (true)', t);
		EXECUTE format('GRANT SELECT ON %I TO renovote_city', t);
		IF t = 'record' THEN
			EXECUTE format('GRANT SELECT, INSERT ON %I TO '
			    'renovote_office', t);
		ELSE
			EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE '
			    'ON %I TO renovote_office', t);
		END IF;
	END LOOP;
END
$$;
