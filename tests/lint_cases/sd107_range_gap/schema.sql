CREATE TABLE ledger (entry_id bigint NOT NULL, booked_on date NOT NULL, PRIMARY KEY (entry_id, booked_on))
    PARTITION BY RANGE (booked_on);
CREATE TABLE ledger_q1 PARTITION OF ledger FOR VALUES FROM ('2024-01-01') TO ('2024-04-01');
-- The second quarter is missing.
CREATE TABLE ledger_q3 PARTITION OF ledger FOR VALUES FROM ('2024-07-01') TO ('2024-10-01');
CREATE TABLE ledger_q4 PARTITION OF ledger FOR VALUES FROM ('2024-10-01') TO ('2025-01-01');
CREATE TABLE ledger_rest PARTITION OF ledger DEFAULT;
COMMENT ON TABLE ledger IS 'l';
COMMENT ON COLUMN ledger.entry_id IS 'k';
COMMENT ON COLUMN ledger.booked_on IS 'd';
