-- What a refused form had typed, kept ten minutes for the page it was sent back to (see
-- src/drafts.rs). The key is the SHA-256 of a random token held in an HttpOnly cookie.
CREATE TABLE form_drafts (
    token_hash  TEXT PRIMARY KEY,
    path        TEXT NOT NULL,
    fields      TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX form_drafts_by_expiry ON form_drafts (expires_at);
