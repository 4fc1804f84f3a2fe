-- Every partition strategy, a default partition, sub-partitions, and the clones PostgreSQL makes
-- on partitions (indexes, FKs, CHECKs, triggers), which must be recorded once.
CREATE TABLE public.regions (region_id integer PRIMARY KEY, name text NOT NULL);

CREATE TABLE public.events (
    event_id bigint NOT NULL,
    happened_on date NOT NULL,
    region_id integer NOT NULL REFERENCES public.regions ON DELETE CASCADE,
    kind text NOT NULL,
    amount numeric NOT NULL CONSTRAINT events_amount_positive CHECK (amount > 0),
    PRIMARY KEY (event_id, happened_on, kind)
) PARTITION BY RANGE (happened_on);
COMMENT ON TABLE public.events IS 'Range-partitioned by quarter';

CREATE TABLE public.events_2024_q1 PARTITION OF public.events
    FOR VALUES FROM ('2024-01-01') TO ('2024-04-01');
CREATE TABLE public.events_2024_q2 PARTITION OF public.events
    FOR VALUES FROM ('2024-04-01') TO ('2024-07-01')
    PARTITION BY LIST (kind);
CREATE TABLE public.events_2024_q2_sale PARTITION OF public.events_2024_q2 FOR VALUES IN ('sale', 'refund');
CREATE TABLE public.events_2024_q2_other PARTITION OF public.events_2024_q2 DEFAULT;
CREATE TABLE public.events_default PARTITION OF public.events DEFAULT;

CREATE INDEX events_region ON public.events (region_id, happened_on);

CREATE FUNCTION public.events_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RETURN NEW;
END
$$;
CREATE TRIGGER events_touch BEFORE INSERT OR UPDATE ON public.events
    FOR EACH ROW EXECUTE FUNCTION public.events_touch();

CREATE TABLE public.members (
    member_id integer NOT NULL,
    tier text NOT NULL,
    PRIMARY KEY (member_id, tier)
) PARTITION BY LIST (tier);
CREATE TABLE public.members_gold PARTITION OF public.members FOR VALUES IN ('gold');
CREATE TABLE public.members_rest PARTITION OF public.members FOR VALUES IN ('silver', 'bronze');

CREATE TABLE public.visits (
    visit_id bigint NOT NULL,
    member_id integer NOT NULL,
    tier text NOT NULL,
    FOREIGN KEY (member_id, tier) REFERENCES public.members ON DELETE NO ACTION
);

CREATE TABLE public.buckets (
    bucket_key integer NOT NULL,
    label text
) PARTITION BY HASH (bucket_key);
CREATE TABLE public.buckets_0 PARTITION OF public.buckets FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE public.buckets_1 PARTITION OF public.buckets FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE UNIQUE INDEX buckets_key ON public.buckets (bucket_key);

CREATE TABLE public.readings (
    taken_at timestamptz NOT NULL,
    sensor text NOT NULL
) PARTITION BY RANGE (date_trunc('day', taken_at AT TIME ZONE 'UTC'));
CREATE TABLE public.readings_early PARTITION OF public.readings
    FOR VALUES FROM (MINVALUE) TO ('2024-01-01 00:00:00');
