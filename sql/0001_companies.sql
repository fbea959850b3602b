-- Companies whose invoices we extract, keyed by RFC. Timestamps that track change are kept by
-- one trigger so that a hand-written UPDATE during an incident cannot leave them stale.

create function set_updated_at() returns trigger
language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create table companies (
  id bigint generated always as identity primary key,
  -- 3 letters (legal person) or 4 (natural person), birth/incorporation date, 3-char homoclave.
  rfc text not null
    constraint companies_rfc_format check (rfc ~ '^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$'),
  name text,
  satws_entity_id text,
  -- SAT.ws credential statuses, including `waiting` and the legacy `deactivated`.
  credential_status text
    constraint companies_credential_status_known check (
      credential_status in ('waiting', 'pending', 'valid', 'invalid', 'disabled', 'deactivated', 'error')
    ),
  -- When SAT.ws said so, not when we heard: webhooks arrive out of order.
  credential_status_seen_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint companies_rfc_key unique (rfc),
  constraint companies_satws_entity_id_key unique (satws_entity_id),
  constraint companies_credential_status_seen check (
    (credential_status is null) = (credential_status_seen_at is null)
  )
);

create trigger companies_set_updated_at before update on companies
  for each row execute function set_updated_at();
