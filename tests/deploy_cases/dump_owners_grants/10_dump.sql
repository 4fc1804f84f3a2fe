--
-- PostgreSQL database dump (the shape pg_dump writes, owners and grants included)
--
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);

CREATE SCHEMA billing AUTHORIZATION case_billing_owner;

CREATE TABLE billing.invoices (
    invoice_id integer NOT NULL,
    total numeric(12,2)
);

ALTER TABLE billing.invoices OWNER TO case_billing_owner;

CREATE TABLE public.customers (customer_id integer NOT NULL, name text);

ALTER TABLE public.customers OWNER TO "Case API";

ALTER DEFAULT PRIVILEGES FOR ROLE case_billing_owner IN SCHEMA billing GRANT SELECT ON TABLES TO case_reporting;

GRANT USAGE ON SCHEMA billing TO case_reporting;
GRANT SELECT ON TABLE billing.invoices TO case_reporting;
GRANT SELECT, INSERT ON TABLE public.customers
    TO case_support;
REVOKE ALL ON TABLE public.customers FROM PUBLIC;

CREATE ROLE case_created_here NOLOGIN;
GRANT SELECT ON TABLE public.customers TO case_created_here;
