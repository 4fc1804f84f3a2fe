-- The server's SQL keywords that quote_ident quotes (all but the unreserved ones), so that index
-- definitions written by the loader quote names exactly as the server's own functions do.
SELECT word
FROM pg_get_keywords()
WHERE catcode <> 'U'
ORDER BY word
