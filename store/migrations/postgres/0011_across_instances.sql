-- Sign-in throttling, shared by every instance on the database: a bucket of
-- tokens per key (an email, a client address), each failure spending one.
-- full_at is when the key's bucket is full again, in Unix nanoseconds; a
-- key whose bucket is full remembers nothing and may go (see throttle.go).
CREATE TABLE throttle (
    key     TEXT COLLATE "C" PRIMARY KEY,
    full_at BIGINT NOT NULL
);

CREATE INDEX throttle_by_full_at ON throttle (full_at);

-- Work that one instance does for all, once per period (the hourly
-- housekeeping): period is the start of the last period someone took.
CREATE TABLE turns (
    name   TEXT COLLATE "C" PRIMARY KEY,
    period TEXT COLLATE "C" NOT NULL
);
