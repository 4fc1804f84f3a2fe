-- V10 runs after V2 (a lexical order would run it first, before orders exists)
ALTER TABLE orders ADD COLUMN total numeric(12, 2) NOT NULL DEFAULT 0;
