-- Index definitions in every form the loader writes itself or leaves to pg_get_indexdef: sort
-- orders, INCLUDE, partial, keyword and quoted names, collations, operator classes (default for
-- exactly the column's type, for a coercible type, a domain, an enum, an array, named ones, with
-- options), expressions, storage parameters, NULLS NOT DISTINCT, partitioned and MV indexes.
CREATE EXTENSION pg_trgm;

CREATE SCHEMA "Mixed Case";
CREATE SCHEMA "select";

CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN short_text AS text CHECK (length(VALUE) < 100);

CREATE TABLE items (
    id bigint PRIMARY KEY,
    "order" integer NOT NULL,
    "Title" varchar(200) NOT NULL,
    label text COLLATE "C",
    name text,
    mood mood,
    tags text[],
    code short_text,
    price numeric(10, 2),
    created_at timestamptz NOT NULL DEFAULT now(),
    "naïve" text,
    "say ""hi""" text,
    during tsrange,
    year integer,
    "left" integer,
    "between" integer,
    CONSTRAINT items_price_created_key UNIQUE (price, created_at),
    CONSTRAINT items_no_overlap EXCLUDE USING gist (during WITH &&)
);

CREATE INDEX items_order_desc ON items ("order" DESC);
CREATE INDEX items_order_desc_nulls_last ON items ("order" DESC NULLS LAST);
CREATE INDEX items_created_nulls_first ON items (created_at NULLS FIRST);
CREATE INDEX items_year_desc_nulls_first ON items (year DESC NULLS FIRST);
CREATE INDEX items_year_asc_nulls_last ON items (year ASC NULLS LAST);
CREATE INDEX items_multi ON items (price, created_at DESC) INCLUDE (name, "Title");
CREATE INDEX items_partial ON items (created_at) WHERE price > 0 AND name IS NOT NULL;
CREATE INDEX items_title ON items ("Title");
CREATE INDEX items_title_pattern ON items ("Title" varchar_pattern_ops);
CREATE INDEX items_name_pattern ON items (name text_pattern_ops);
CREATE INDEX items_name_default_named ON items (name text_ops);
CREATE INDEX items_label ON items (label);
CREATE INDEX items_name_c ON items (name COLLATE "C");
CREATE INDEX items_label_default_collation ON items (label COLLATE "default");
CREATE INDEX items_lower ON items (lower(name));
CREATE INDEX items_doubled ON items ((price * 2), id);
CREATE INDEX items_mood ON items (mood);
CREATE INDEX items_code ON items (code);
CREATE INDEX items_tags ON items USING gin (tags);
CREATE INDEX items_hash ON items USING hash (name);
CREATE INDEX items_brin ON items USING brin (created_at) WITH (pages_per_range = 16);
CREATE INDEX items_brin_plain ON items USING brin (id);
CREATE INDEX items_trigrams ON items USING gist (name gist_trgm_ops (siglen = 32));
CREATE INDEX items_trigrams_gin ON items USING gin (name gin_trgm_ops);
CREATE INDEX items_during ON items USING gist (during);
CREATE UNIQUE INDEX items_unique_name ON items (name) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX items_unique_label ON items (label, "order");
CREATE INDEX items_fillfactor ON items (price) WITH (fillfactor = 70);
CREATE INDEX "Items Naïve" ON items ("naïve");
CREATE INDEX items_quotes ON items ("say ""hi""");
CREATE INDEX "select" ON items (year);
CREATE INDEX items_keywords ON items ("left", "between", "order");

CREATE TABLE "Mixed Case"."Orders" ("Id" integer PRIMARY KEY, "When" date, amount integer);
CREATE INDEX "When idx" ON "Mixed Case"."Orders" ("When", amount DESC);

CREATE TABLE "select"."from" ("where" integer, "user" text);
CREATE INDEX ON "select"."from" ("where", "user");

CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE events ADD PRIMARY KEY (id, at);
CREATE INDEX events_at ON events (at DESC);
CREATE INDEX events_2025_kind ON events_2025 (kind);

CREATE MATERIALIZED VIEW item_prices AS SELECT id, price FROM items;
CREATE UNIQUE INDEX item_prices_id ON item_prices (id);
CREATE INDEX item_prices_price ON item_prices (price DESC NULLS LAST);
