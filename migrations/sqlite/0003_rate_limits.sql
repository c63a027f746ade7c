-- Attempts counted for rate limits (sign-in failures, registrations), shared by every app
-- server because they live in the database. Old rows are deleted as new ones are counted.
CREATE TABLE rate_events (
    bucket  TEXT NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX rate_events_by_bucket ON rate_events (bucket, at);
