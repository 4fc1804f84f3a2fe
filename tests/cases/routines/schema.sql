-- Views, materialized views, routines, triggers, roles and grants.
DO $$
BEGIN
    CREATE ROLE case_reader NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END
$$;
DO $$
BEGIN
    CREATE ROLE case_writer LOGIN IN ROLE case_reader;
EXCEPTION WHEN duplicate_object THEN NULL;
END
$$;

CREATE SCHEMA app;
CREATE SCHEMA reporting;
GRANT USAGE ON SCHEMA reporting TO case_reader;

CREATE TABLE app.accounts (
    account_id integer PRIMARY KEY,
    owner_name text NOT NULL,
    balance numeric NOT NULL DEFAULT 0,
    updated_at timestamptz
);
CREATE TABLE app.ledger (
    entry_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id integer NOT NULL REFERENCES app.accounts,
    amount numeric NOT NULL
);

CREATE VIEW reporting.account_totals AS
    SELECT a.account_id, a.owner_name, coalesce(sum(l.amount), 0) AS total
    FROM app.accounts a LEFT JOIN app.ledger l USING (account_id)
    GROUP BY a.account_id, a.owner_name;
COMMENT ON VIEW reporting.account_totals IS 'Balance recomputed from the ledger';

-- Views read two relations so that PostgreSQL 15 and 18 print their definitions alike.
CREATE VIEW reporting.big_accounts AS
    SELECT t.account_id, a.owner_name
    FROM reporting.account_totals t JOIN app.accounts a ON a.account_id = t.account_id
    WHERE t.total > 1000;

CREATE MATERIALIZED VIEW reporting.mv_account_totals AS
    SELECT t.account_id, t.total, a.balance
    FROM reporting.account_totals t JOIN app.accounts a ON a.account_id = t.account_id;
CREATE UNIQUE INDEX mv_account_totals_id ON reporting.mv_account_totals (account_id);

-- One relation: 15 qualifies its columns, 16+ does not; a whole-row reference and the correlated
-- subquery keep their qualifier on both.
CREATE VIEW reporting.ledger_rows AS
    SELECT l.entry_id, row_to_json(l.*) AS entry,
           (SELECT count(*) FROM app.ledger m WHERE m.account_id = l.account_id) AS account_entries
    FROM app.ledger l;

CREATE MATERIALIZED VIEW reporting.mv_empty AS SELECT count(*) AS n FROM app.ledger WITH NO DATA;

CREATE FUNCTION app.account_balance(p_account integer) RETURNS numeric
    LANGUAGE sql STABLE STRICT
    AS $$ SELECT balance FROM app.accounts WHERE account_id = p_account $$;
COMMENT ON FUNCTION app.account_balance(integer) IS 'Current balance of one account';

CREATE FUNCTION app.add(a integer, b integer DEFAULT 1) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;

CREATE FUNCTION app.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE FUNCTION app.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'read only';
END
$$;

CREATE PROCEDURE app.transfer(from_account integer, to_account integer, amount numeric)
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE app.accounts SET balance = balance - amount WHERE account_id = from_account;
    UPDATE app.accounts SET balance = balance + amount WHERE account_id = to_account;
END
$$;

CREATE AGGREGATE app.product(numeric) (SFUNC = numeric_mul, STYPE = numeric);

CREATE TRIGGER accounts_touch BEFORE UPDATE ON app.accounts
    FOR EACH ROW WHEN (OLD.balance IS DISTINCT FROM NEW.balance)
    EXECUTE FUNCTION app.touch_updated_at();
COMMENT ON TRIGGER accounts_touch ON app.accounts IS 'Keeps updated_at current';
CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON app.ledger
    FOR EACH STATEMENT EXECUTE FUNCTION app.refuse();
CREATE CONSTRAINT TRIGGER ledger_check AFTER INSERT OR DELETE ON app.ledger
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.refuse();
CREATE TRIGGER big_accounts_readonly INSTEAD OF DELETE ON reporting.big_accounts
    FOR EACH ROW EXECUTE FUNCTION app.refuse();
ALTER TABLE app.ledger DISABLE TRIGGER ledger_no_truncate;

GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO case_reader;
GRANT SELECT, INSERT, UPDATE ON app.accounts TO case_writer WITH GRANT OPTION;
GRANT USAGE ON SEQUENCE app.ledger_entry_id_seq TO case_writer;
REVOKE EXECUTE ON FUNCTION app.account_balance(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.account_balance(integer) TO case_reader;
GRANT EXECUTE ON PROCEDURE app.transfer(integer, integer, numeric) TO case_writer;
