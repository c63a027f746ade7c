-- One-time codes that prove a person holds their mobile number (only the hash is kept).
CREATE TABLE phone_codes (
    user_id     BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    expires_at  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- Every message the site sends (SMS, e-mail, WhatsApp), as the record a provider would get.
-- In development nothing leaves the machine: this table is the outbox, shown at /dev/outbox.
CREATE TABLE outbox (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel     TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'whatsapp')),
    recipient   TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX outbox_by_recipient ON outbox (recipient, created_at);
