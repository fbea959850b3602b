-- One row per extraction asked for through the API. `status` is ours; `satws_status` is what
-- SAT.ws last said about its own extraction, kept beside it.

create table extractions (
  id uuid primary key default gen_random_uuid(),
  company_id bigint not null references companies (id),
  status text not null default 'queued'
    constraint extractions_status_known check (
      status in ('queued', 'requested', 'extracting', 'downloading', 'completed', 'failed')
    ),
  satws_extraction_id text,
  -- The spec's enum lists six; the prose adds `waiting` and `cancelled`.
  satws_status text
    constraint extractions_satws_status_known check (
      satws_status in ('pending', 'waiting', 'running', 'finished', 'failed', 'stopping', 'stopped', 'cancelled')
    ),
  -- SAT.ws's `updatedAt` for the status above, so a late webhook cannot roll it back.
  satws_status_at timestamptz,
  period_from date not null,
  period_to date not null,
  issued boolean not null default true,
  received boolean not null default true,
  cfdi_types text[] not null default '{I,E,P,N,T}',
  want_xml boolean not null default true,
  want_pdf boolean not null default true,
  idempotency_key text,
  -- Hash of the normalized request: an identical request still in flight returns that one.
  request_fingerprint text not null,
  -- When the reconciler should look at it if no webhook has moved it on.
  deadline_at timestamptz,
  request_attempts integer not null default 0,
  poll_attempts integer not null default 0,
  satws_created_data_points integer,
  satws_updated_data_points integer,
  -- Set once every invoice page has been listed: completion must not race the listing.
  listed_at timestamptz,
  error_code text,
  error_message text,
  created_at timestamptz not null default now(),
  requested_at timestamptz,
  completed_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint extractions_satws_extraction_id_key unique (satws_extraction_id),
  constraint extractions_idempotency_key_key unique (idempotency_key),
  constraint extractions_period_order check (period_from <= period_to),
  constraint extractions_direction_chosen check (issued or received),
  constraint extractions_file_kind_chosen check (want_xml or want_pdf),
  constraint extractions_cfdi_types_known check (
    cardinality(cfdi_types) > 0 and cfdi_types <@ array['I', 'E', 'P', 'N', 'T']
  ),
  constraint extractions_counters_not_negative check (
    request_attempts >= 0 and poll_attempts >= 0
    and coalesce(satws_created_data_points, 0) >= 0
    and coalesce(satws_updated_data_points, 0) >= 0
  ),
  constraint extractions_failed_has_error check (status <> 'failed' or error_code is not null),
  constraint extractions_completed_has_time check (status <> 'completed' or completed_at is not null)
);

create trigger extractions_set_updated_at before update on extractions
  for each row execute function set_updated_at();

-- Unique while in flight: two identical requests racing each other end up with one extraction.
create unique index extractions_in_flight_fingerprint_key on extractions (request_fingerprint)
  where status not in ('completed', 'failed');

-- Keyset paging (created_at desc, id desc) for each filter combination of the list endpoint.
create index extractions_company_created_idx on extractions (company_id, created_at desc, id desc);
create index extractions_company_status_created_idx
  on extractions (company_id, status, created_at desc, id desc);
create index extractions_status_created_idx on extractions (status, created_at desc, id desc);
create index extractions_created_idx on extractions (created_at desc, id desc);

-- The reconciler: unfinished extractions whose deadline has passed.
create index extractions_overdue_idx on extractions (status, deadline_at)
  where status not in ('completed', 'failed');
