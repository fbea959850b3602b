-- Append-only audit log of what happened to an extraction, for people reading it later.

create table extraction_events (
  id bigint generated always as identity primary key,
  extraction_id uuid not null references extractions (id) on delete cascade,
  -- An open vocabulary ('status.requested', 'webhook.applied', ...) kept to one spelling.
  kind text not null constraint extraction_events_kind_format check (kind ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)*$'),
  detail jsonb not null default '{}',
  created_at timestamptz not null default now()
);

create index extraction_events_extraction_idx on extraction_events (extraction_id, id);

create function reject_extraction_event_update() returns trigger
language plpgsql as $$
begin
  raise exception 'extraction_events is append-only: rows cannot be updated';
end;
$$;

create trigger extraction_events_append_only before update on extraction_events
  for each row execute function reject_extraction_event_update();
