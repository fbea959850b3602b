-- The reconciler's memory, and what it needs to request an extraction again later.

-- One row: where the catch-up from SAT.ws's `GET /events` got to (events are kept 7 days there).
create table reconciler_state (
  id boolean primary key default true constraint reconciler_state_one_row check (id),
  events_cursor timestamptz,
  updated_at timestamptz not null default now()
);

create trigger reconciler_state_set_updated_at before update on reconciler_state
  for each row execute function set_updated_at();

-- A `queued` extraction is not requested before `not_before` (a retry's backoff, or a follow-up
-- that must wait for SAT.ws's daily cap); `upstream_attempts` counts SAT.ws runs that failed.
alter table extractions add column not_before timestamptz;
alter table extractions add column upstream_attempts integer not null default 0
  constraint extractions_upstream_attempts_not_negative check (upstream_attempts >= 0);

-- The reconciler's sweeps for lost jobs: queued extractions and unlisted downloading ones.
create index extractions_queued_due_idx on extractions (coalesce(not_before, created_at))
  where status = 'queued';
create index extractions_unlisted_idx on extractions (updated_at)
  where status = 'downloading' and listed_at is null;
create index invoice_files_pending_idx on invoice_files (created_at) where state = 'pending';

-- A follow-up extraction asks again, a day later, for what SAT.ws's daily XML cap held back
-- (`rateLimitedAt`, files with `xml:false`). One per extraction; the depth caps the chain for
-- files that never appear.
alter table extractions add column follow_up_of uuid
  constraint extractions_follow_up_of_key unique references extractions (id);
alter table extractions add column follow_up_depth integer not null default 0
  constraint extractions_follow_up_depth_not_negative check (follow_up_depth >= 0);
