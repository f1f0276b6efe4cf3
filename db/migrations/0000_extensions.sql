-- Trigram indexes serve the SIMs list's search by note and end-user e-mail.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
