-- Accounts and server-side sessions. A person signs in with a mobile number or an e-mail.
CREATE TABLE users (
    id                 INTEGER PRIMARY KEY,
    phone              TEXT UNIQUE,
    email              TEXT UNIQUE,
    password_hash      TEXT NOT NULL,
    display_name       TEXT NOT NULL DEFAULT '',
    locale             TEXT NOT NULL DEFAULT 'hi' CHECK (locale IN ('hi', 'en')),
    phone_verified_at  INTEGER,
    created_at         INTEGER NOT NULL,
    CHECK (phone IS NOT NULL OR email IS NOT NULL)
);

-- One person may hold several roles (a shopper who also sells).
CREATE TABLE user_roles (
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('shopper', 'seller', 'expert', 'admin')),
    granted_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- The cookie carries a random token; the table keeps only its SHA-256, so a copy of the
-- database holds no usable session. A guest session (its cart) has no user.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       INTEGER REFERENCES users(id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
