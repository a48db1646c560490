-- Purchasing (issue 14), e-invoices in: a supplier's Factur-X PDF, CII XML or UBL XML becomes a
-- draft supplier invoice, its original file kept beside it with its SHA-256.
--
-- Who does what: the server reads the invoice's XML itself (Postgres's XMLTABLE: the same
-- reading for the preview, the import and the API tests), finds the supplier by SIREN or VAT
-- number, matches the lines to the supplier's open purchase order lines (its reference, the EAN,
-- our reference, then the description), and checks the sums EN 16931 asks for (BR-CO-10, 13, 15,
-- 16): a failed sum is a warning, the invoice can still be recorded. Two things only the device
-- does: taking the XML out of a Factur-X PDF (its embedded file is compressed, which SQL cannot
-- read) and CEN's own EN 16931 rules for CII (XSLT 2); the device sends the failures it found,
-- kept with the invoice as they were shown.
--
-- Refused, nothing created: a file over 10 MB, a file that is neither a PDF nor XML, XML that does
-- not parse, XML that is neither a CII nor a UBL invoice or credit note, an invoice with no
-- number, date or seller name. The file reaches the server in parts of at most 1 MB (the API's
-- body limit), kept in a private table until it is imported (uploads older than a day go).

create table private.einvoice_uploads (
  upload_id uuid not null,
  part int not null check (part between 0 and 15),
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null,
  data bytea not null,
  created_at timestamptz not null default now(),
  primary key (upload_id, part)
);

create table public.supplier_invoice_files (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  invoice_id uuid not null unique references public.supplier_invoices (id) on delete cascade,
  filename text not null default '' check (length(filename) <= 200),
  format text not null check (format in ('facturx', 'cii', 'ubl')),
  mime text not null,
  size_bytes int not null check (size_bytes between 1 and 10485760),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea not null,
  created_at timestamptz not null default now()
);
create index supplier_invoice_files_org_id_idx on public.supplier_invoice_files (org_id);
alter table public.supplier_invoice_files enable row level security;
revoke insert, update, delete, truncate on public.supplier_invoice_files from anon, authenticated, service_role;
revoke all on public.supplier_invoice_files from anon;
create policy "managers read their organization's supplier invoice files" on public.supplier_invoice_files
  for select to authenticated using (org_id in (select private.org_ids('manager')));

-- One part of a file (base64, at most 1 MB once decoded). A part sent again replaces itself.
create function private.upload_einvoice_part(p_org_id uuid, p_upload_id uuid, p_part int, p_data text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_purchasing(p_org_id);
  v_bytes bytea;
begin
  if p_upload_id is null or p_part is null or p_part not between 0 and 15 then
    perform private.fail('22023', 'Fichier trop volumineux : 10 Mo au plus', 'file_too_large', 'p_part');
  end if;
  if p_data is null or length(p_data) > 1400000 then
    perform private.fail('22023', 'Fichier trop volumineux : 10 Mo au plus', 'file_too_large', 'p_data');
  end if;
  begin
    v_bytes := decode(p_data, 'base64');
  exception when others then
    perform private.fail('22023', 'Fichier illisible', 'malformed_file', 'p_data');
  end;
  if exists (select 1 from private.einvoice_uploads u where u.upload_id = p_upload_id and (u.user_id <> v_uid or u.org_id <> p_org_id)) then
    perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'p_upload_id');
  end if;
  delete from private.einvoice_uploads where created_at < now() - interval '1 day';
  insert into private.einvoice_uploads (upload_id, part, org_id, user_id, data) values (p_upload_id, p_part, p_org_id, v_uid, v_bytes)
  on conflict (upload_id, part) do update set data = excluded.data, created_at = now();
  return jsonb_build_object('upload_id', p_upload_id,
    'size', (select sum(length(u.data)) from private.einvoice_uploads u where u.upload_id = p_upload_id));
end;
$$;
revoke execute on function private.upload_einvoice_part(uuid, uuid, integer, text) from public;
grant execute on function private.upload_einvoice_part(uuid, uuid, integer, text) to authenticated;

create function private.einvoice_file(p_org_id uuid, p_upload_id uuid) returns bytea
language plpgsql stable
set search_path = ''
as $$
declare
  v bytea;
begin
  select string_agg(u.data, ''::bytea order by u.part) into v from private.einvoice_uploads u
  where u.upload_id = p_upload_id and u.org_id = p_org_id and u.user_id = (select auth.uid());
  if v is null or length(v) = 0 then
    perform private.fail('PT404', 'Fichier introuvable : envoyez-le de nouveau', 'not_found', 'p_upload_id');
  end if;
  if length(v) > 10485760 then
    perform private.fail('22023', 'Fichier trop volumineux : 10 Mo au plus', 'file_too_large', 'p_upload_id');
  end if;
  return v;
end;
$$;
revoke execute on function private.einvoice_file(uuid, uuid) from public;

-- A decimal as an e-invoice writes it, in cents (null when absent or not a number).
create function private.xml_cents(p text) returns bigint
language sql immutable
set search_path = ''
as $$
  select case when btrim(p) ~ '^[+-]?[0-9]+(\.[0-9]+)?$' then round(btrim(p)::numeric * 100)::bigint end
$$;
revoke execute on function private.xml_cents(text) from public;

create function private.xml_number(p text) returns numeric
language sql immutable
set search_path = ''
as $$
  select case when btrim(p) ~ '^[+-]?[0-9]+(\.[0-9]+)?$' then btrim(p)::numeric end
$$;
revoke execute on function private.xml_number(text) from public;

create function private.xml_date(p text) returns date
language plpgsql immutable
set search_path = ''
as $$
begin
  return case when btrim(p) ~ '^[0-9]{8}$' then to_date(btrim(p), 'YYYYMMDD')
              when btrim(p) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then btrim(p)::date end;
exception when others then
  return null;
end;
$$;
revoke execute on function private.xml_date(text) from public;

-- A Cross Industry Invoice (UN/CEFACT D16B, as in Factur-X) in the shape the import reads.
create function private.parse_cii(x xml) returns jsonb
language sql stable
set search_path = ''
as $$
  with ns as (select 1),
  h as (
    select * from xmltable(xmlnamespaces('urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100' as rsm,
        'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100' as ram,
        'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100' as udt),
      '/rsm:CrossIndustryInvoice' passing x columns
        number text path 'rsm:ExchangedDocument/ram:ID',
        type_code text path 'rsm:ExchangedDocument/ram:TypeCode',
        issue_date text path 'rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString',
        seller_name text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:Name',
        seller_siren text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID="0002"][1]',
        seller_siret text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID="0009"][1]',
        seller_vat text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID="VA"][1]',
        seller_line1 text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:PostalTradeAddress/ram:LineOne',
        seller_postcode text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:PostalTradeAddress/ram:PostcodeCode',
        seller_city text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:PostalTradeAddress/ram:CityName',
        seller_country text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:PostalTradeAddress/ram:CountryID',
        currency text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode',
        due_date text path '(rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString)[1]',
        line_total text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount',
        charge_total text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:ChargeTotalAmount',
        allowance_total text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:AllowanceTotalAmount',
        tax_basis text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxBasisTotalAmount',
        tax_total text path '(rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount[not(@currencyID) or @currencyID = ../../ram:InvoiceCurrencyCode])[1]',
        grand_total text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount',
        prepaid text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TotalPrepaidAmount',
        due_payable text path 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount')
  )
  select jsonb_build_object('format', 'cii', 'kind', case when btrim(h.type_code) in ('381', '261', '262', '296', '308', '532') then 'credit_note' else 'invoice' end,
    'number', btrim(h.number), 'issue_date', private.xml_date(h.issue_date), 'due_date', private.xml_date(h.due_date),
    'currency', upper(btrim(coalesce(h.currency, 'EUR'))),
    'seller', jsonb_build_object('name', btrim(h.seller_name), 'siren', private.compact_identifier(h.seller_siren),
      'siret', private.compact_identifier(h.seller_siret), 'vat_number', private.compact_identifier(h.seller_vat),
      'address_line1', btrim(coalesce(h.seller_line1, '')), 'postcode', btrim(coalesce(h.seller_postcode, '')),
      'city', btrim(coalesce(h.seller_city, '')), 'country', upper(btrim(coalesce(h.seller_country, '')))),
    'lines', coalesce((select jsonb_agg(jsonb_build_object('designation', coalesce(nullif(btrim(l.name), ''), 'Ligne ' || l.ord),
        'seller_ref', btrim(l.seller_ref), 'buyer_ref', btrim(l.buyer_ref), 'ean', btrim(l.ean),
        'quantity', coalesce(private.xml_number(l.quantity), 1), 'unit_code', btrim(l.unit_code),
        'unit_price', private.xml_number(l.net_price), 'line_cents', private.xml_cents(l.line_total),
        'vat_rate', coalesce(private.xml_number(l.rate), 0)) order by l.ord)
      from xmltable(xmlnamespaces('urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100' as rsm,
          'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100' as ram),
        '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem' passing x columns
          ord for ordinality,
          name text path 'ram:SpecifiedTradeProduct/ram:Name',
          seller_ref text path 'ram:SpecifiedTradeProduct/ram:SellerAssignedID',
          buyer_ref text path 'ram:SpecifiedTradeProduct/ram:BuyerAssignedID',
          ean text path 'ram:SpecifiedTradeProduct/ram:GlobalID[@schemeID="0160"][1]',
          quantity text path 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity',
          unit_code text path 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode',
          net_price text path 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount',
          line_total text path 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount',
          rate text path 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent') l), '[]'::jsonb),
    'charges', coalesce((select jsonb_agg(jsonb_build_object('designation', coalesce(nullif(btrim(c.reason), ''),
          case when c.charge = 'true' then 'Frais' else 'Remise' end),
        'amount_cents', case when c.charge = 'true' then 1 else -1 end * private.xml_cents(c.amount),
        'vat_rate', coalesce(private.xml_number(c.rate), 0)) order by c.ord)
      from xmltable(xmlnamespaces('urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100' as rsm,
          'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100' as ram,
          'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100' as udt),
        '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeAllowanceCharge' passing x columns
          ord for ordinality,
          charge text path 'ram:ChargeIndicator/udt:Indicator',
          amount text path 'ram:ActualAmount',
          reason text path 'ram:Reason',
          rate text path 'ram:CategoryTradeTax/ram:RateApplicablePercent') c), '[]'::jsonb),
    'taxes', coalesce((select jsonb_agg(jsonb_build_object('vat_rate', coalesce(private.xml_number(t.rate), 0),
        'base_cents', private.xml_cents(t.base), 'vat_cents', coalesce(private.xml_cents(t.amount), 0)) order by t.ord)
      from xmltable(xmlnamespaces('urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100' as rsm,
          'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100' as ram),
        '/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax' passing x columns
          ord for ordinality,
          rate text path 'ram:RateApplicablePercent',
          base text path 'ram:BasisAmount',
          amount text path 'ram:CalculatedAmount') t), '[]'::jsonb),
    'totals', jsonb_build_object('lines_cents', private.xml_cents(h.line_total), 'charges_cents', coalesce(private.xml_cents(h.charge_total), 0),
      'allowances_cents', coalesce(private.xml_cents(h.allowance_total), 0), 'excl_cents', private.xml_cents(h.tax_basis),
      'vat_cents', coalesce(private.xml_cents(h.tax_total), 0), 'incl_cents', private.xml_cents(h.grand_total),
      'prepaid_cents', coalesce(private.xml_cents(h.prepaid), 0), 'due_cents', private.xml_cents(h.due_payable)))
  from h
$$;
revoke execute on function private.parse_cii(xml) from public;

-- A UBL 2.1 Invoice or CreditNote (EN 16931 syntax binding) in the same shape.
create function private.parse_ubl(x xml) returns jsonb
language sql stable
set search_path = ''
as $$
  with h as (
    select * from xmltable(xmlnamespaces('urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2' as cac,
        'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2' as cbc),
      '/*' passing x columns
        root text path 'local-name(.)',
        number text path 'cbc:ID',
        type_code text path '(cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode)[1]',
        issue_date text path 'cbc:IssueDate',
        due_date text path '(cbc:DueDate | cac:PaymentMeans/cbc:PaymentDueDate)[1]',
        currency text path 'cbc:DocumentCurrencyCode',
        seller_name text path '(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName | cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name)[1]',
        seller_legal text path '(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID)[1]',
        seller_legal_scheme text path '(cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID/@schemeID)[1]',
        seller_vat text path '(cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID)[1]',
        seller_line1 text path '(cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cbc:StreetName)[1]',
        seller_postcode text path '(cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cbc:PostalZone)[1]',
        seller_city text path '(cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cbc:CityName)[1]',
        seller_country text path '(cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode)[1]',
        line_total text path 'cac:LegalMonetaryTotal/cbc:LineExtensionAmount',
        charge_total text path 'cac:LegalMonetaryTotal/cbc:ChargeTotalAmount',
        allowance_total text path 'cac:LegalMonetaryTotal/cbc:AllowanceTotalAmount',
        tax_basis text path 'cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount',
        tax_total text path '(cac:TaxTotal/cbc:TaxAmount[not(@currencyID) or @currencyID = ../../cbc:DocumentCurrencyCode])[1]',
        grand_total text path 'cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount',
        prepaid text path 'cac:LegalMonetaryTotal/cbc:PrepaidAmount',
        due_payable text path 'cac:LegalMonetaryTotal/cbc:PayableAmount')
  )
  select jsonb_build_object('format', 'ubl',
    'kind', case when h.root = 'CreditNote' or btrim(h.type_code) = '381' then 'credit_note' else 'invoice' end,
    'number', btrim(h.number), 'issue_date', private.xml_date(h.issue_date), 'due_date', private.xml_date(h.due_date),
    'currency', upper(btrim(coalesce(h.currency, 'EUR'))),
    'seller', jsonb_build_object('name', btrim(h.seller_name),
      'siren', case when h.seller_legal_scheme = '0002' then private.compact_identifier(h.seller_legal) end,
      'siret', case when h.seller_legal_scheme = '0009' then private.compact_identifier(h.seller_legal) end,
      'vat_number', private.compact_identifier(h.seller_vat),
      'address_line1', btrim(coalesce(h.seller_line1, '')), 'postcode', btrim(coalesce(h.seller_postcode, '')),
      'city', btrim(coalesce(h.seller_city, '')), 'country', upper(btrim(coalesce(h.seller_country, '')))),
    'lines', coalesce((select jsonb_agg(jsonb_build_object('designation', coalesce(nullif(btrim(l.name), ''), 'Ligne ' || l.ord),
        'seller_ref', btrim(l.seller_ref), 'buyer_ref', btrim(l.buyer_ref), 'ean', btrim(l.ean),
        'quantity', coalesce(private.xml_number(l.quantity), 1), 'unit_code', btrim(l.unit_code),
        'unit_price', private.xml_number(l.price), 'line_cents', private.xml_cents(l.line_total),
        'vat_rate', coalesce(private.xml_number(l.rate), 0)) order by l.ord)
      from xmltable(xmlnamespaces('urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2' as cac,
          'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2' as cbc),
        '/*/cac:InvoiceLine | /*/cac:CreditNoteLine' passing x columns
          ord for ordinality,
          name text path 'cac:Item/cbc:Name',
          seller_ref text path 'cac:Item/cac:SellersItemIdentification/cbc:ID',
          buyer_ref text path 'cac:Item/cac:BuyersItemIdentification/cbc:ID',
          ean text path 'cac:Item/cac:StandardItemIdentification/cbc:ID[@schemeID="0160"]',
          quantity text path '(cbc:InvoicedQuantity | cbc:CreditedQuantity)[1]',
          unit_code text path '(cbc:InvoicedQuantity/@unitCode | cbc:CreditedQuantity/@unitCode)[1]',
          price text path 'cac:Price/cbc:PriceAmount',
          line_total text path 'cbc:LineExtensionAmount',
          rate text path 'cac:Item/cac:ClassifiedTaxCategory/cbc:Percent') l), '[]'::jsonb),
    'charges', coalesce((select jsonb_agg(jsonb_build_object('designation', coalesce(nullif(btrim(c.reason), ''),
          case when c.charge = 'true' then 'Frais' else 'Remise' end),
        'amount_cents', case when c.charge = 'true' then 1 else -1 end * private.xml_cents(c.amount),
        'vat_rate', coalesce(private.xml_number(c.rate), 0)) order by c.ord)
      from xmltable(xmlnamespaces('urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2' as cac,
          'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2' as cbc),
        '/*/cac:AllowanceCharge' passing x columns
          ord for ordinality,
          charge text path 'cbc:ChargeIndicator',
          amount text path 'cbc:Amount',
          reason text path 'cbc:AllowanceChargeReason',
          rate text path 'cac:TaxCategory/cbc:Percent') c), '[]'::jsonb),
    'taxes', coalesce((select jsonb_agg(jsonb_build_object('vat_rate', coalesce(private.xml_number(t.rate), 0),
        'base_cents', private.xml_cents(t.base), 'vat_cents', coalesce(private.xml_cents(t.amount), 0)) order by t.ord)
      from xmltable(xmlnamespaces('urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2' as cac,
          'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2' as cbc),
        '/*/cac:TaxTotal/cac:TaxSubtotal' passing x columns
          ord for ordinality,
          rate text path 'cac:TaxCategory/cbc:Percent',
          base text path 'cbc:TaxableAmount',
          amount text path 'cbc:TaxAmount') t), '[]'::jsonb),
    'totals', jsonb_build_object('lines_cents', private.xml_cents(h.line_total), 'charges_cents', coalesce(private.xml_cents(h.charge_total), 0),
      'allowances_cents', coalesce(private.xml_cents(h.allowance_total), 0), 'excl_cents', private.xml_cents(h.tax_basis),
      'vat_cents', coalesce(private.xml_cents(h.tax_total), 0), 'incl_cents', private.xml_cents(h.grand_total),
      'prepaid_cents', coalesce(private.xml_cents(h.prepaid), 0), 'due_cents', private.xml_cents(h.due_payable)))
  from h
$$;
revoke execute on function private.parse_ubl(xml) from public;

-- Reads an uploaded file: the invoice in the import's shape, with the sums' warnings. p_xml: the
-- XML the device took out of a Factur-X PDF (null for an XML file).
create function private.read_einvoice(p_file bytea, p_xml text) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_pdf boolean := substring(p_file from 1 for 5) = '\x255044462d'::bytea; -- '%PDF-'
  v_text text;
  x xml;
  v_ns text;
  v_root text;
  v jsonb;
  v_warn jsonb := '[]'::jsonb;
  t jsonb;
  v_lines bigint;
begin
  if length(p_file) > 10485760 then
    perform private.fail('22023', 'Fichier trop volumineux : 10 Mo au plus', 'file_too_large');
  end if;
  if v_pdf then
    if p_xml is null then
      perform private.fail('22023', 'Ce PDF ne contient pas de facture électronique (pas de XML Factur-X joint)', 'no_embedded_invoice');
    end if;
    v_text := p_xml;
  else
    begin
      v_text := convert_from(p_file, 'UTF8');
    exception when others then
      perform private.fail('22023', 'Format inconnu : choisissez une facture Factur-X (PDF), CII ou UBL (XML)', 'unknown_format');
    end;
    if ltrim(v_text, E' \t\r\n\uFEFF') !~ '^<' then
      perform private.fail('22023', 'Format inconnu : choisissez une facture Factur-X (PDF), CII ou UBL (XML)', 'unknown_format');
    end if;
  end if;
  begin
    x := xmlparse(document ltrim(v_text, E'\uFEFF'));
  exception when others then
    perform private.fail('22023', 'Fichier illisible : le XML de cette facture est mal formé', 'malformed_file');
  end;
  select r.ns, r.root into v_ns, v_root
  from xmltable('/*' passing x columns ns text path 'namespace-uri(.)', root text path 'local-name(.)') r;
  begin
    if v_ns = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100' and v_root = 'CrossIndustryInvoice' then
      v := private.parse_cii(x);
    elsif v_ns in ('urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2')
          and v_root in ('Invoice', 'CreditNote') then
      v := private.parse_ubl(x);
    else
      perform private.fail('22023', 'Format inconnu : choisissez une facture Factur-X (PDF), CII ou UBL (XML)', 'unknown_format');
    end if;
  exception when sqlstate '2200M' or sqlstate '2200L' or sqlstate '10608' or sqlstate '22P02' then
    perform private.fail('22023', 'Fichier illisible : le XML de cette facture est mal formé', 'malformed_file');
  end;
  if v_pdf then
    v := v || jsonb_build_object('format', 'facturx');
  end if;
  if coalesce(v ->> 'number', '') = '' or v ->> 'issue_date' is null or coalesce(v -> 'seller' ->> 'name', '') = ''
     or jsonb_array_length(v -> 'lines') = 0 or (v -> 'totals' ->> 'incl_cents') is null then
    perform private.fail('22023', 'Facture incomplète : il manque son numéro, sa date, le nom du vendeur, ses lignes ou son total', 'malformed_file');
  end if;
  -- EN 16931's sums (BR-CO-10, 13, 15, 16), in cents
  t := v -> 'totals';
  select coalesce(sum((l ->> 'line_cents')::bigint), 0) into v_lines from jsonb_array_elements(v -> 'lines') l;
  if v_lines <> (t ->> 'lines_cents')::bigint then
    v_warn := v_warn || jsonb_build_object('id', 'BR-CO-10', 'text', format('La somme des lignes (%s) diffère du total des lignes annoncé (%s)',
      to_char(v_lines / 100.0, 'FM999999999990.00'), to_char((t ->> 'lines_cents')::bigint / 100.0, 'FM999999999990.00')));
  end if;
  if (t ->> 'excl_cents')::bigint is distinct from (t ->> 'lines_cents')::bigint - (t ->> 'allowances_cents')::bigint + (t ->> 'charges_cents')::bigint then
    v_warn := v_warn || jsonb_build_object('id', 'BR-CO-13', 'text', 'Le total HT ne vaut pas lignes − remises + frais');
  end if;
  if (t ->> 'incl_cents')::bigint is distinct from (t ->> 'excl_cents')::bigint + (t ->> 'vat_cents')::bigint then
    v_warn := v_warn || jsonb_build_object('id', 'BR-CO-15', 'text', 'Le total TTC ne vaut pas total HT + TVA');
  end if;
  if (t ->> 'due_cents')::bigint is distinct from (t ->> 'incl_cents')::bigint - (t ->> 'prepaid_cents')::bigint then
    v_warn := v_warn || jsonb_build_object('id', 'BR-CO-16', 'text', 'Le net à payer ne vaut pas total TTC − acomptes versés');
  end if;
  return v || jsonb_build_object('warnings', v_warn);
end;
$$;
revoke execute on function private.read_einvoice(bytea, text) from public;

-- The partner that is this seller (SIREN, SIRET's SIREN, or VAT number), if the organization has one.
create function private.einvoice_partner(p_org_id uuid, p_seller jsonb) returns public.clients
language sql stable
set search_path = ''
as $$
  select c.* from public.clients c
  where c.org_id = p_org_id and (
    (c.siren is not null and c.siren in (p_seller ->> 'siren', left(p_seller ->> 'siret', 9)))
    or (c.vat_number is not null and c.vat_number = p_seller ->> 'vat_number')
    or (c.siret is not null and c.siret = p_seller ->> 'siret'))
  order by (exists (select 1 from public.suppliers s where s.id = c.id)) desc, c.created_at
  limit 1
$$;
revoke execute on function private.einvoice_partner(uuid, jsonb) from public;

-- The draft lines of an e-invoice for a supplier: each line matched to an open purchase order line
-- of that supplier (its reference, the EAN, our reference, then the description) with room left to
-- invoice; document allowances and charges as lines of their own.
create function private.einvoice_lines(p_supplier_id uuid, v jsonb) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  l jsonb;
  v_out jsonb := '[]'::jsonb;
  v_used uuid[] := '{}';
  m record;
  v_qty numeric;
  v_price numeric;
begin
  for l in select value from jsonb_array_elements(v -> 'lines') loop
    -- our quantities keep 3 decimals; the e-invoice's own line amount is kept as it is
    v_qty := round((l ->> 'quantity')::numeric, 3);
    if v_qty = 0 then
      v_qty := 1;
    end if;
    v_qty := trim_scale(v_qty);
    select null::uuid as id, null::uuid as order_id, null::uuid as product_id, null::text as reference, null::text as number into m;
    if p_supplier_id is not null then
      select ol.id, ol.order_id, ol.product_id, ol.reference, o.number into m
      from public.purchase_order_lines ol
      join public.purchase_orders o on o.id = ol.order_id
      left join public.products p on p.id = ol.product_id
      left join public.supplier_products sp on sp.product_id = ol.product_id and sp.supplier_id = o.supplier_id
      where o.supplier_id = p_supplier_id and o.kind = 'order' and o.status in ('sent', 'confirmed', 'partly_received', 'received')
        and not (ol.id = any (v_used))
        and ol.quantity - coalesce((select x.quantity from private.invoiced_by_order_line(o.id, null) x where x.order_line_id = ol.id), 0) >= v_qty
        and ((nullif(l ->> 'seller_ref', '') is not null and (l ->> 'seller_ref') in (ol.supplier_reference, sp.supplier_reference))
          or (nullif(l ->> 'ean', '') is not null and p.ean = l ->> 'ean')
          or (nullif(l ->> 'buyer_ref', '') is not null and (l ->> 'buyer_ref') in (ol.reference, p.reference))
          or lower(btrim(l ->> 'designation')) = lower(btrim(ol.designation)))
      order by case when (l ->> 'seller_ref') in (ol.supplier_reference, sp.supplier_reference) then 0
                    when p.ean = l ->> 'ean' then 1 when (l ->> 'buyer_ref') in (ol.reference, p.reference) then 2 else 3 end,
               o.order_date, ol.position
      limit 1;
      if m.id is not null then
        v_used := v_used || m.id;
      end if;
    end if;
    v_price := coalesce((l ->> 'unit_price')::numeric, (l ->> 'line_cents')::numeric / 100 / v_qty, 0);
    v_out := v_out || jsonb_build_object('order_line_id', m.id, 'order_number', m.number, 'product_id', m.product_id,
      'reference', coalesce(m.reference, l ->> 'seller_ref', ''), 'designation', left(l ->> 'designation', 500),
      'quantity', v_qty, 'unit', coalesce(nullif(l ->> 'unit_code', ''), 'pièce'),
      'unit_price_cents', round(v_price * 100)::bigint, 'vat_rate', (l ->> 'vat_rate')::numeric,
      'line_excl_cents', (l ->> 'line_cents')::bigint,
      'account', private.purchase_account(m.product_id, case when m.id is null then null else 'pièce' end));
  end loop;
  for l in select value from jsonb_array_elements(v -> 'charges') loop
    v_out := v_out || jsonb_build_object('designation', left(l ->> 'designation', 500), 'quantity', 1, 'unit', 'forfait',
      'unit_price_cents', (l ->> 'amount_cents')::bigint, 'vat_rate', (l ->> 'vat_rate')::numeric,
      'line_excl_cents', (l ->> 'amount_cents')::bigint,
      'account', case when (l ->> 'amount_cents')::bigint < 0 then '609' else '606' end);
  end loop;
  return v_out;
end;
$$;
revoke execute on function private.einvoice_lines(uuid, jsonb) from public;

-- What the import would make, without making it: the invoice read, its sums' warnings, the
-- partner found (and whether it is a supplier yet), the lines with the orders they match.
create function private.preview_einvoice(p_org_id uuid, p_upload_id uuid, p_xml text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v jsonb;
  c public.clients;
  v_supplier uuid;
begin
  perform private.require_purchasing(p_org_id);
  v := private.read_einvoice(private.einvoice_file(p_org_id, p_upload_id), p_xml);
  c := private.einvoice_partner(p_org_id, v -> 'seller');
  select s.id into v_supplier from public.suppliers s where s.id = c.id;
  return v || jsonb_build_object('partner_id', c.id, 'partner_name', c.name, 'supplier_id', v_supplier,
    'draft_lines', private.einvoice_lines(v_supplier, v),
    'duplicate', exists (select 1 from public.supplier_invoices i where i.supplier_id = v_supplier
                         and lower(i.supplier_number) = lower(v ->> 'number') and i.status <> 'cancelled'));
end;
$$;
revoke execute on function private.preview_einvoice(uuid, uuid, text) from public;
grant execute on function private.preview_einvoice(uuid, uuid, text) to authenticated;

-- Makes the draft supplier invoice of an uploaded e-invoice, with its file. p_options: {id
-- (device-made), supplier_id (else the supplier found by SIREN / VAT), filename, errors (the EN
-- 16931 rules' failures the device found: [{id, flag, text}])}.
create function private.import_einvoice(p_org_id uuid, p_upload_id uuid, p_xml text, p_options jsonb) returns public.supplier_invoices
language plpgsql security definer
set search_path = ''
as $$
declare
  v_uid uuid := private.require_purchasing(p_org_id);
  v_id uuid := private.arg_uuid(p_options, 'id', true);
  v_file bytea;
  v jsonb;
  v_supplier uuid := private.arg_uuid(p_options, 'supplier_id');
  v_errors jsonb := case when jsonb_typeof(p_options -> 'errors') = 'array' then p_options -> 'errors' else '[]'::jsonb end;
  i public.supplier_invoices;
  c public.clients;
  v_kind text;
begin
  select * into i from public.supplier_invoices where id = v_id;
  if found then
    if i.org_id <> p_org_id or i.source <> 'import' then
      perform private.fail('22023', 'Identifiant déjà utilisé', 'invalid_uuid', 'id');
    end if;
    return i; -- a replay
  end if;
  v_file := private.einvoice_file(p_org_id, p_upload_id);
  v := private.read_einvoice(v_file, p_xml);
  if v_supplier is null then
    c := private.einvoice_partner(p_org_id, v -> 'seller');
    select s.id into v_supplier from public.suppliers s where s.id = c.id;
  end if;
  if v_supplier is null or not exists (select 1 from public.suppliers s where s.id = v_supplier and s.org_id = p_org_id) then
    perform private.fail('P0001', format('Fournisseur inconnu : « %s ». Créez-le (ou complétez son SIREN ou son numéro de TVA), puis importez de nouveau',
      v -> 'seller' ->> 'name'), 'supplier_unknown');
  end if;
  if jsonb_array_length(v_errors) > 500 then
    v_errors := '[]'::jsonb;
  end if;
  v_kind := v ->> 'kind';
  insert into public.supplier_invoices (id, org_id, supplier_id, kind, supplier_number, invoice_date, reception_date, due_date, currency,
    reason, prepaid_cents, stated_vat, source, conformance, created_by)
  values (v_id, p_org_id, v_supplier, v_kind, left(v ->> 'number', 100), (v ->> 'issue_date')::date, private.today(),
    greatest(coalesce((v ->> 'due_date')::date, (v ->> 'issue_date')::date), (v ->> 'issue_date')::date), v ->> 'currency',
    case when v_kind = 'credit_note' then 'Avoir reçu en facture électronique' else '' end,
    (v -> 'totals' ->> 'prepaid_cents')::bigint,
    (select jsonb_agg(jsonb_build_object('vat_rate', t ->> 'vat_rate', 'base_cents', (t ->> 'base_cents')::bigint,
        'vat_cents', (t ->> 'vat_cents')::bigint)) from jsonb_array_elements(v -> 'taxes') t),
    'import', jsonb_build_object('format', v ->> 'format', 'errors', v_errors, 'warnings', v -> 'warnings'), v_uid)
  returning * into i;
  perform private.check_supplier_number(i);
  perform private.write_supplier_invoice_lines(i, private.einvoice_lines(v_supplier, v));
  i := private.refresh_supplier_invoice_totals(i.id);
  insert into public.supplier_invoice_files (org_id, invoice_id, filename, format, mime, size_bytes, sha256, content)
  values (p_org_id, i.id, coalesce(private.arg_text(p_options, 'filename', 200), ''), v ->> 'format',
    case when v ->> 'format' = 'facturx' then 'application/pdf' else 'application/xml' end,
    length(v_file), encode(sha256(v_file), 'hex'), v_file);
  delete from private.einvoice_uploads where upload_id = p_upload_id;
  return i;
end;
$$;
revoke execute on function private.import_einvoice(uuid, uuid, text, jsonb) from public;
grant execute on function private.import_einvoice(uuid, uuid, text, jsonb) to authenticated;

-- The original file of an imported invoice (managers), base64, with its SHA-256.
create function private.get_supplier_invoice_file(p_invoice_id uuid) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  i public.supplier_invoices := private.lock_supplier_invoice(p_invoice_id);
  f public.supplier_invoice_files;
begin
  select * into f from public.supplier_invoice_files where invoice_id = i.id;
  if not found then
    perform private.fail('PT404', 'Cette facture n''a pas de fichier joint', 'not_found');
  end if;
  return jsonb_build_object('filename', f.filename, 'format', f.format, 'mime', f.mime, 'size', f.size_bytes, 'sha256', f.sha256,
    'content', encode(f.content, 'base64'));
end;
$$;
revoke execute on function private.get_supplier_invoice_file(uuid) from public;
grant execute on function private.get_supplier_invoice_file(uuid) to authenticated;

create function public.upload_einvoice_part(p_org_id uuid, p_upload_id uuid, p_part int, p_data text) returns jsonb
language sql security invoker set search_path = '' as $$ select private.upload_einvoice_part(p_org_id, p_upload_id, p_part, p_data) $$;
create function public.preview_einvoice(p_org_id uuid, p_upload_id uuid, p_xml text default null) returns jsonb
language sql security invoker set search_path = '' as $$ select private.preview_einvoice(p_org_id, p_upload_id, p_xml) $$;
create function public.import_einvoice(p_org_id uuid, p_upload_id uuid, p_xml text default null, p_options jsonb default '{}')
returns public.supplier_invoices
language sql security invoker set search_path = '' as $$ select private.import_einvoice(p_org_id, p_upload_id, p_xml, p_options) $$;
create function public.get_supplier_invoice_file(p_invoice_id uuid) returns jsonb
language sql security invoker set search_path = '' as $$ select private.get_supplier_invoice_file(p_invoice_id) $$;
revoke execute on function public.upload_einvoice_part(uuid, uuid, integer, text), public.preview_einvoice(uuid, uuid, text),
  public.import_einvoice(uuid, uuid, text, jsonb), public.get_supplier_invoice_file(uuid) from public, anon;
grant execute on function public.upload_einvoice_part(uuid, uuid, integer, text), public.preview_einvoice(uuid, uuid, text),
  public.import_einvoice(uuid, uuid, text, jsonb), public.get_supplier_invoice_file(uuid) to authenticated;
