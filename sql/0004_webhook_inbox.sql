-- Every SAT.ws event, stored before the webhook is acknowledged, deduplicated by event id
-- (deliveries are at least once).

create table webhook_inbox (
  event_id text primary key,
  event_type text not null,
  payload jsonb not null,
  -- Which header's signature verified it, or 'events-api' when the reconciler fetched it.
  signature_verdict text not null
    constraint webhook_inbox_signature_verdict_known check (
      signature_verdict in ('x-syntage-signature', 'x-satws-signature', 'events-api')
    ),
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text constraint webhook_inbox_outcome_known check (outcome in ('applied', 'ignored', 'failed')),
  error text,
  constraint webhook_inbox_processed_has_outcome check ((processed_at is null) = (outcome is null))
);

create index webhook_inbox_unprocessed_idx on webhook_inbox (received_at)
  where processed_at is null;
