"""The drift check: generated docs and the overview's claims against the schema (`schemadoc check`)."""
