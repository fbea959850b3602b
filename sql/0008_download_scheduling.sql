-- Downloads are scheduled, not dumped: after listing, an extraction's files are fetched either
-- one call per file, handed to the file-downloads queue a few at a time round-robin across
-- companies (fair share), or through one export ZIP when the extraction is large.

-- How an extraction's files are fetched. `export`: one export ZIP; whatever the ZIP lacks goes
-- back to `files` when the export is done.
alter table extractions add column download_mode text not null default 'files'
  constraint extractions_download_mode_known check (download_mode in ('files', 'export'));

-- When a pending file was handed to the file-downloads queue; null = waiting for its turn.
alter table invoice_files add column dispatched_at timestamptz;

-- Files pending before this migration were all enqueued when their extraction was listed.
update invoice_files set dispatched_at = updated_at where state = 'pending';
