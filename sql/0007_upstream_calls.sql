-- SAT.ws calls counted per extraction and endpoint template (`GET /invoices/{id}/cfdi`), every
-- HTTP attempt included (retries too): what the API shows per extraction and what /metrics sums.
-- Workers buffer increments in memory and add them in one upsert about twice a second, so a
-- file download never pays a round trip of its own for being counted.

create table upstream_calls (
  -- Null: calls the workers made for no extraction (the reconciler's `GET /events` catch-up),
  -- kept so the metric's total is every call they made.
  extraction_id uuid references extractions (id) on delete cascade,
  endpoint text not null constraint upstream_calls_endpoint_not_empty check (endpoint <> ''),
  calls bigint not null constraint upstream_calls_calls_not_negative check (calls >= 0),
  updated_at timestamptz not null default now(),
  -- NULLS NOT DISTINCT (PostgreSQL 15+) makes the no-extraction rows one per endpoint too, so a
  -- single `on conflict` upsert serves both kinds.
  constraint upstream_calls_extraction_endpoint_key unique nulls not distinct (extraction_id, endpoint)
);
