-- A small lending library: the case schema of the tests/drift_cases/library overview.
CREATE SCHEMA lending;

CREATE TYPE lending.loan_state AS ENUM ('open', 'returned', 'lost');
CREATE DOMAIN lending.isbn AS text CHECK (VALUE ~ '^[0-9]{13}$');

CREATE TABLE lending.authors (
    author_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    full_name text NOT NULL,
    born date
);

CREATE TABLE lending.books (
    book_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id integer NOT NULL REFERENCES lending.authors (author_id) ON DELETE RESTRICT,
    isbn lending.isbn NOT NULL UNIQUE,
    title text NOT NULL,
    pages integer CHECK (pages BETWEEN 1 AND 5000),
    tags text[] NOT NULL DEFAULT '{}',
    search tsvector GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED
);

CREATE TABLE lending.members (
    member_id bigserial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    joined_at timestamptz NOT NULL DEFAULT now(),
    sponsor_id bigint REFERENCES lending.members (member_id) ON DELETE SET NULL
);

CREATE TABLE lending.loans (
    loan_id bigserial,
    book_id integer NOT NULL REFERENCES lending.books (book_id) ON DELETE CASCADE,
    member_id bigint NOT NULL REFERENCES lending.members (member_id) ON DELETE CASCADE,
    state lending.loan_state NOT NULL DEFAULT 'open',
    lent_on date NOT NULL,
    due_on date NOT NULL,
    PRIMARY KEY (loan_id, lent_on),
    CHECK (due_on > lent_on)
) PARTITION BY RANGE (lent_on);

CREATE TABLE lending.loans_2025_01 PARTITION OF lending.loans FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
CREATE TABLE lending.loans_2025_02 PARTITION OF lending.loans FOR VALUES FROM ('2025-02-01') TO ('2025-03-01');
CREATE TABLE lending.loans_2025_03 PARTITION OF lending.loans FOR VALUES FROM ('2025-03-01') TO ('2025-04-01');
CREATE TABLE lending.loans_default PARTITION OF lending.loans DEFAULT;

CREATE INDEX books_search_idx ON lending.books USING gin (search);
CREATE INDEX books_author_idx ON lending.books (author_id);
CREATE INDEX loans_member_idx ON lending.loans (member_id, lent_on);
CREATE INDEX loans_open_idx ON lending.loans (due_on) WHERE state = 'open';
CREATE INDEX loans_lent_brin ON lending.loans USING brin (lent_on);
CREATE INDEX members_email_lower_idx ON lending.members (lower(email));

CREATE VIEW lending.open_loans AS
    SELECT l.loan_id, l.book_id, l.member_id, l.due_on FROM lending.loans l WHERE l.state = 'open';

CREATE MATERIALIZED VIEW lending.loans_per_book AS
    SELECT b.book_id, count(l.loan_id) AS loans FROM lending.books b LEFT JOIN lending.loans l USING (book_id)
    GROUP BY b.book_id;
CREATE UNIQUE INDEX loans_per_book_pk ON lending.loans_per_book (book_id);

CREATE MATERIALIZED VIEW lending.loans_per_month AS
    SELECT date_trunc('month', lent_on) AS month, count(*) AS loans FROM lending.loans GROUP BY 1;

CREATE TABLE lending.loan_history (
    history_id bigserial PRIMARY KEY,
    loan_id bigint NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    old_row jsonb,
    new_row jsonb
);

CREATE FUNCTION lending.record_loan_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lending.loan_history (loan_id, old_row, new_row)
    VALUES (COALESCE(NEW.loan_id, OLD.loan_id), to_jsonb(OLD), to_jsonb(NEW));
    RETURN NULL;
END $$;

CREATE TRIGGER loans_history AFTER INSERT OR UPDATE OR DELETE ON lending.loans
    FOR EACH ROW EXECUTE FUNCTION lending.record_loan_change();

CREATE FUNCTION lending.overdue_count(p_member bigint) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT count(*) FROM lending.loans WHERE member_id = p_member AND state = 'open' AND due_on < current_date
$$;

CREATE PROCEDURE lending.close_lost_loans() LANGUAGE sql AS $$
    UPDATE lending.loans SET state = 'lost' WHERE state = 'open' AND due_on < current_date - 365
$$;

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'librarian') THEN CREATE ROLE librarian; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reader') THEN CREATE ROLE reader; END IF;
END $$;

GRANT USAGE ON SCHEMA lending TO librarian, reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA lending TO librarian;
GRANT SELECT ON lending.books, lending.authors, lending.open_loans TO reader;
