-- Customers, suppliers and contacts: one party register. A party is a customer, a
-- supplier or both; each role has its number from the company's series.
-- Price lists (named, with currency; item prices with quantity breaks and validity)
-- arrive here too, since a customer is given one.

CREATE TABLE price_lists (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    name        TEXT    NOT NULL,
    currency    TEXT    NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    UNIQUE (company_id, id),
    UNIQUE (company_id, name)
);

CREATE TABLE price_list_prices (
    id             INTEGER PRIMARY KEY,
    company_id     INTEGER NOT NULL,
    price_list_id  INTEGER NOT NULL,
    item_id        INTEGER NOT NULL,
    min_qty_milli  INTEGER NOT NULL DEFAULT 0 CHECK (min_qty_milli >= 0),
    price_minor    INTEGER NOT NULL CHECK (price_minor >= 0),
    valid_from     TEXT,
    valid_to       TEXT,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, price_list_id) REFERENCES price_lists(company_id, id),
    FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id)
);
CREATE INDEX price_list_prices_item ON price_list_prices(company_id, price_list_id, item_id);

CREATE TABLE parties (
    id                   INTEGER PRIMARY KEY,
    company_id           INTEGER NOT NULL REFERENCES companies(id),
    customer_no          TEXT,
    supplier_no          TEXT,
    is_customer          INTEGER NOT NULL CHECK (is_customer IN (0,1)),
    is_supplier          INTEGER NOT NULL CHECK (is_supplier IN (0,1)),
    name                 TEXT    NOT NULL,
    -- normalised name (case, accents, punctuation and legal-form words removed)
    name_key             TEXT    NOT NULL,
    org_no               TEXT    NOT NULL DEFAULT '',
    vat_no               TEXT    NOT NULL DEFAULT '',
    country              TEXT    NOT NULL,
    address_line         TEXT    NOT NULL DEFAULT '',
    postcode             TEXT    NOT NULL DEFAULT '',
    city                 TEXT    NOT NULL DEFAULT '',
    invoice_email        TEXT    NOT NULL DEFAULT '',
    peppol_id            TEXT    NOT NULL DEFAULT '',
    phone                TEXT    NOT NULL DEFAULT '',
    web                  TEXT    NOT NULL DEFAULT '',
    payment_terms        TEXT,
    delivery_terms       TEXT,
    currency             TEXT    NOT NULL,
    price_list_id        INTEGER,
    discount_bp          INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
    vat_exempt           INTEGER NOT NULL DEFAULT 0 CHECK (vat_exempt IN (0,1)),
    vat_exempt_reason    TEXT    NOT NULL DEFAULT '',
    collective_invoicing INTEGER NOT NULL DEFAULT 0 CHECK (collective_invoicing IN (0,1)),
    no_reminders         INTEGER NOT NULL DEFAULT 0 CHECK (no_reminders IN (0,1)),
    credit_limit_minor   INTEGER,
    seller_id            INTEGER,
    doc_lang             TEXT    NOT NULL DEFAULT 'nb',
    notes                TEXT    NOT NULL DEFAULT '',
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    CHECK (is_customer = 1 OR is_supplier = 1),
    UNIQUE (company_id, id),
    UNIQUE (company_id, customer_no),
    UNIQUE (company_id, supplier_no),
    FOREIGN KEY (company_id, payment_terms) REFERENCES payment_terms(company_id, code),
    FOREIGN KEY (company_id, delivery_terms) REFERENCES delivery_terms(company_id, code),
    FOREIGN KEY (company_id, price_list_id) REFERENCES price_lists(company_id, id),
    FOREIGN KEY (company_id, seller_id) REFERENCES memberships(company_id, user_id)
);
CREATE INDEX parties_name ON parties(company_id, name_key);
CREATE INDEX parties_org_no ON parties(company_id, org_no);

-- Trigrams of name_key: the index behind the similar-name search.
CREATE TABLE party_grams (
    company_id INTEGER NOT NULL,
    gram       TEXT    NOT NULL,
    party_id   INTEGER NOT NULL,
    PRIMARY KEY (company_id, gram, party_id),
    FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id)
) WITHOUT ROWID;

-- How many parties of a company have each trigram: the search reads the rarest ones.
CREATE TABLE party_gram_counts (
    company_id INTEGER NOT NULL,
    gram       TEXT    NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (company_id, gram)
) WITHOUT ROWID;

CREATE TABLE party_addresses (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL,
    party_id     INTEGER NOT NULL,
    name         TEXT    NOT NULL DEFAULT '',
    address_line TEXT    NOT NULL,
    postcode     TEXT    NOT NULL DEFAULT '',
    city         TEXT    NOT NULL DEFAULT '',
    country      TEXT    NOT NULL,
    is_default   INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0,1)),
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id)
);
CREATE INDEX party_addresses_party ON party_addresses(company_id, party_id);

CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL,
    party_id     INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL DEFAULT '',
    email        TEXT    NOT NULL DEFAULT '',
    mobile       TEXT    NOT NULL DEFAULT '',
    -- digits of the mobile number, for duplicate detection
    mobile_key   TEXT    NOT NULL DEFAULT '',
    for_orders   INTEGER NOT NULL DEFAULT 0 CHECK (for_orders IN (0,1)),
    for_invoices INTEGER NOT NULL DEFAULT 0 CHECK (for_invoices IN (0,1)),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id)
);
CREATE INDEX contacts_party ON contacts(company_id, party_id);
CREATE INDEX contacts_email ON contacts(company_id, email);
CREATE INDEX contacts_mobile ON contacts(company_id, mobile_key);

CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL,
    code        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    party_id    INTEGER NOT NULL,
    start_date  TEXT,
    end_date    TEXT,
    status      TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('planned','active','completed','cancelled')),
    UNIQUE (company_id, id),
    UNIQUE (company_id, code),
    FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id)
);

-- Who changed which field from what to what: the basis of the CRM and accounting sync.
CREATE TABLE party_changes (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL,
    party_id    INTEGER NOT NULL,
    changed_at  INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    field       TEXT    NOT NULL,
    old_value   TEXT    NOT NULL DEFAULT '',
    new_value   TEXT    NOT NULL DEFAULT '',
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id)
);
CREATE INDEX party_changes_party ON party_changes(company_id, party_id, changed_at);

-- Admin-defined form per party kind: which optional fields are mandatory, and their order.
CREATE TABLE party_form_fields (
    company_id INTEGER NOT NULL REFERENCES companies(id),
    kind       TEXT    NOT NULL CHECK (kind IN ('customer','supplier')),
    field      TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    required   INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0,1)),
    PRIMARY KEY (company_id, kind, field)
);

-- An item's default supplier (for purchasing).
ALTER TABLE items ADD COLUMN default_supplier_id INTEGER;
