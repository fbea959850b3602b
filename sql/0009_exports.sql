-- One export ZIP per extraction in export mode (sql/0008): what SAT.ws said about it, and how far
-- we got getting it into S3. The steps survive a crash: the export is requested once (its id
-- is kept), the ZIP is streamed once into an archive object (its key is kept), and unpacking
-- reads entries back from that object, skipping files already stored.

create table extraction_exports (
  extraction_id uuid primary key references extractions (id) on delete cascade,
  -- requested: SAT.ws accepted the export, we wait for it; archived: the ZIP is in S3 whole;
  -- unpacked: every entry was tried; failed: SAT.ws failed the export (everything goes per file).
  state text not null default 'new'
    constraint extraction_exports_state_known check (
      state in ('new', 'requested', 'archived', 'unpacked', 'failed')
    ),
  satws_export_id text constraint extraction_exports_satws_export_id_key unique,
  satws_status text
    constraint extraction_exports_satws_status_known check (
      satws_status in ('pending', 'running', 'finished', 'failed')
    ),
  -- SAT.ws's `updatedAt` for the status above, so a late webhook or poll cannot roll it back.
  satws_status_at timestamptz,
  -- The ZIP's File id once the export finished (`GET /files/{id}/download`).
  satws_file_id text,
  -- The ZIP as stored in our bucket while its entries are read back; deleted once unpacked.
  archive_key text,
  archive_sha256 text constraint extraction_exports_archive_sha256_format check (archive_sha256 ~ '^[0-9a-f]{64}$'),
  archive_bytes bigint constraint extraction_exports_archive_bytes_not_negative check (archive_bytes >= 0),
  -- Of the last unpacking pass: entries written, already stored (skipped), failing their checks
  -- (rejected, left pending for the per-file fallback) and not ours (the index, other scopes).
  entries_stored integer not null default 0,
  entries_skipped integer not null default 0,
  entries_rejected integer not null default 0,
  entries_ignored integer not null default 0,
  requested_at timestamptz,
  archived_at timestamptz,
  unpacked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint extraction_exports_entries_not_negative check (
    entries_stored >= 0 and entries_skipped >= 0 and entries_rejected >= 0 and entries_ignored >= 0
  ),
  constraint extraction_exports_requested_has_id check (state = 'new' or satws_export_id is not null),
  constraint extraction_exports_archived_complete check (
    state not in ('archived', 'unpacked')
    or (archive_key is not null and archive_sha256 is not null and archive_bytes is not null)
  )
);

create trigger extraction_exports_set_updated_at before update on extraction_exports
  for each row execute function set_updated_at();

-- The reconciler's sweep for export jobs lost with Redis: listed extractions still in export mode.
create index extractions_export_downloading_idx on extractions (updated_at)
  where status = 'downloading' and download_mode = 'export' and listed_at is not null;
