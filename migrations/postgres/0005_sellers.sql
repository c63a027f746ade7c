-- Seller registration: a seller's public profile grows out of `sellers`, the KYC and payout
-- details that only the seller and the ODOP cell see live in `seller_applications`.
ALTER TABLE sellers ADD COLUMN user_id BIGINT REFERENCES users(id);
-- Demo sellers (no account) count as verified; a new seller starts as a draft.
ALTER TABLE sellers ADD COLUMN status TEXT NOT NULL DEFAULT 'verified'
    CHECK (status IN ('draft', 'pending', 'verified', 'rejected'));
ALTER TABLE sellers ADD COLUMN category_slug TEXT REFERENCES craft_categories(slug);
ALTER TABLE sellers ADD COLUMN photo_url TEXT;
ALTER TABLE sellers ADD COLUMN photo_srcset TEXT;
ALTER TABLE sellers ADD COLUMN verified_at BIGINT;
CREATE UNIQUE INDEX sellers_by_user ON sellers (user_id);
CREATE INDEX sellers_by_status ON sellers (status);

CREATE TABLE seller_applications (
    seller_id         BIGINT PRIMARY KEY REFERENCES sellers(id) ON DELETE CASCADE,
    business_kind     TEXT CHECK (business_kind IN ('gst', 'unregistered')),
    gstin             TEXT,
    legal_name        TEXT,
    pan               TEXT,
    gst_enrolment     TEXT,
    udyam             TEXT,
    pickup_line1      TEXT,
    pickup_line2      TEXT,
    pickup_city       TEXT,
    pickup_pin        TEXT,
    payout_method     TEXT CHECK (payout_method IN ('upi', 'bank')),
    upi_vpa           TEXT,
    bank_account      TEXT,
    ifsc              TEXT,
    account_holder    TEXT,
    submitted_at      BIGINT,
    decided_at        BIGINT,
    rejection_reason  TEXT,
    updated_at        BIGINT NOT NULL
);

-- Who did what, for the ODOP cell and auditors. Rows are only ever added: the trigger refuses
-- any change or deletion, whoever asks.
CREATE TABLE audit_log (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             BIGINT NOT NULL,
    actor_user_id  BIGINT REFERENCES users(id),
    action         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_subject ON audit_log (subject, at);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- The admin's second factor: a TOTP secret, and the last time step used (a code works once).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
-- When this session passed the second factor (admins need it for admin work).
ALTER TABLE sessions ADD COLUMN second_factor_at BIGINT;
