-- Invoices are per company: the same CFDI seen by two of our companies (issuer and receiver)
-- is two rows, each with its own direction and S3 key.

create table invoices (
  id bigint generated always as identity primary key,
  company_id bigint not null references companies (id),
  -- Upper case, as printed on the CFDI and used in S3 keys (SAT.ws's JSON gives lower case).
  cfdi_uuid text not null
    constraint invoices_cfdi_uuid_format check (
      cfdi_uuid ~ '^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$'
    ),
  satws_invoice_id text not null,
  direction text not null
    constraint invoices_direction_known check (direction in ('issued', 'received')),
  issuer_rfc text not null constraint invoices_issuer_rfc_upper check (issuer_rfc = upper(issuer_rfc)),
  receiver_rfc text not null
    constraint invoices_receiver_rfc_upper check (receiver_rfc = upper(receiver_rfc)),
  -- SAT.ws sends the CFDI's Mexico City wall-clock time with a `Z`: stored as given, so its UTC
  -- year and month are the invoice's own.
  issued_at timestamptz not null,
  cfdi_type text not null constraint invoices_cfdi_type_known check (cfdi_type in ('I', 'E', 'P', 'N', 'T')),
  total numeric not null,
  currency text not null constraint invoices_currency_format check (currency ~ '^[A-Z]{3}$'),
  status text not null constraint invoices_status_known check (status in ('VIGENTE', 'CANCELADO')),
  has_xml boolean not null,
  has_pdf boolean not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint invoices_company_cfdi_uuid_key unique (company_id, cfdi_uuid)
);

create trigger invoices_set_updated_at before update on invoices
  for each row execute function set_updated_at();

-- Extractions with overlapping periods share invoices.
create table extraction_invoices (
  extraction_id uuid not null references extractions (id) on delete cascade,
  invoice_id bigint not null references invoices (id) on delete cascade,
  linked_at timestamptz not null default now(),
  primary key (extraction_id, invoice_id)
);

create index extraction_invoices_invoice_idx on extraction_invoices (invoice_id);

create table invoice_files (
  id bigint generated always as identity primary key,
  invoice_id bigint not null references invoices (id) on delete cascade,
  kind text not null constraint invoice_files_kind_known check (kind in ('xml', 'pdf')),
  -- failed = given up on (retries spent or a permanent error); missing = SAT.ws has no such file.
  state text not null default 'pending'
    constraint invoice_files_state_known check (state in ('pending', 'stored', 'failed', 'missing')),
  s3_key text,
  sha256 text constraint invoice_files_sha256_format check (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bigint constraint invoice_files_bytes_not_negative check (bytes >= 0),
  attempts integer not null default 0
    constraint invoice_files_attempts_not_negative check (attempts >= 0),
  last_error text,
  stored_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint invoice_files_invoice_kind_key unique (invoice_id, kind),
  constraint invoice_files_stored_complete check (
    state <> 'stored'
    or (s3_key is not null and sha256 is not null and bytes is not null and stored_at is not null)
  )
);

create trigger invoice_files_set_updated_at before update on invoice_files
  for each row execute function set_updated_at();

-- Files of an extraction by state: extraction_invoices' primary key finds its invoices, this
-- index finds their files in the wanted states without reading the rest.
create index invoice_files_invoice_state_idx on invoice_files (invoice_id, state);
