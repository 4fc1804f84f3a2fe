-- Extensions the schema relies on.
-- uuid-ossp: public identifiers for customers, products and orders (uuid_generate_v4 defaults,
--            uuid_generate_v5 for reproducible identifiers in the sample data).
-- pgcrypto:  SHA-256 digest of the normalised e-mail address, a pseudonymous key for analytics exports.
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS pgcrypto;
