-- Accounts of auth-service. Email is unique regardless of case; status is stored as its name, never an ordinal.
CREATE TABLE users (
    id            uuid         PRIMARY KEY,
    email         varchar(320) NOT NULL,
    display_name  varchar(200) NOT NULL,
    password_hash varchar(255) NOT NULL,
    roles         varchar(200) NOT NULL,
    status        varchar(16)  NOT NULL CHECK (status IN ('ACTIVE', 'DEACTIVATED')),
    created_at    timestamptz  NOT NULL
);

CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
CREATE INDEX users_display_name_lower_idx ON users (lower(display_name));
