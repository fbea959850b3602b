-- Fair share and SAT's daily XML limit. The dispatcher hands pending files to the file-downloads
-- queue a few at a time, round-robin across companies, and counts the XML files it hands out per
-- company and Mexico City calendar day (SAT allows about 2,000 XML downloads per RFC a day).

-- Each file's company, copied from its invoice (which never changes company) so that one index
-- walks a company's waiting files in order: through `invoices` the walk would pass every file
-- already dispatched, and a company with 100,000 files would make each claim cost that many.
alter table invoice_files add column company_id bigint;

create function set_invoice_file_company() returns trigger
language plpgsql as $$
begin
  new.company_id := (select i.company_id from invoices i where i.id = new.invoice_id);
  return new;
end;
$$;

create trigger invoice_files_set_company before insert on invoice_files
  for each row execute function set_invoice_file_company();

-- The backfill leaves updated_at alone: the reconciler reads it to tell stale work from fresh.
alter table invoice_files disable trigger invoice_files_set_updated_at;
update invoice_files f set company_id = i.company_id from invoices i where i.id = f.invoice_id;
alter table invoice_files enable trigger invoice_files_set_updated_at;

alter table invoice_files alter column company_id set not null;

-- The dispatcher's walk: per company and kind (XML stops at the budget, PDFs go on), oldest first,
-- only files still waiting for their turn.
create index invoice_files_dispatch_idx on invoice_files (company_id, kind, id)
  where state = 'pending' and dispatched_at is null;

-- One row per company that ever had files to dispatch. A dispatcher locks the rows of the
-- companies it serves (skip locked: concurrent dispatchers serve other companies meanwhile), so
-- a company's files and budget are claimed by one dispatcher at a time; the company whose last
-- turn is oldest goes first.
create table dispatch_turns (
  company_id bigint primary key references companies (id),
  last_turn_at timestamptz
);

-- XML files handed to the queue per company and Mexico City calendar day. Retries of a file
-- already dispatched are not counted again: they do not go through the dispatcher.
create table xml_budget_days (
  company_id bigint not null references companies (id),
  day date not null,
  xml_dispatched integer not null default 0
    constraint xml_budget_days_xml_dispatched_not_negative check (xml_dispatched >= 0),
  -- When the company first reached its budget that day.
  exhausted_at timestamptz,
  primary key (company_id, day)
);

-- The reconciler rebuilds jobs only for files the dispatcher handed out (a job lost with Redis,
-- or a crash between the claim and the enqueue); files waiting for their turn are not its to
-- enqueue. This index replaces 0006's, which also held every file still waiting its turn.
drop index invoice_files_pending_idx;
create index invoice_files_dispatched_pending_idx on invoice_files (created_at)
  where state = 'pending' and dispatched_at is not null;
