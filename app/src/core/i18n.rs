//! The one translation mechanism: every UI text is a `T` key with English, Norsk bokmål
//! and Svenska. A missing translation is a compile error, not a blank on screen.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Nb,
    Sv,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Nb, Lang::Sv];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nb => "nb",
            Lang::Sv => "sv",
        }
    }
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Nb => "Norsk bokmål",
            Lang::Sv => "Svenska",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "nb" | "no" | "nn" => Some(Lang::Nb),
            "sv" => Some(Lang::Sv),
            _ => None,
        }
    }
    /// First supported language in an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        header.split(',').filter_map(|part| part.split(';').next()).filter_map(|tag| Lang::parse(tag.split('-').next().unwrap_or(""))).next()
    }
    pub fn t(self, key: T) -> &'static str {
        key.text(self)
    }
}

macro_rules! texts {
    ($($key:ident => $en:literal, $nb:literal, $sv:literal;)*) => {
        /// A UI text. `T::X.text(lang)` or `lang.t(T::X)`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key),* }
        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::En) => $en, (T::$key, Lang::Nb) => $nb, (T::$key, Lang::Sv) => $sv,)*
                }
            }
        }
    };
}

texts! {
    // shell and navigation
    Home => "Home", "Hjem", "Hem";
    Sales => "Sales", "Salg", "Försäljning";
    Purchasing => "Purchasing", "Innkjøp", "Inköp";
    Stock => "Stock", "Lager", "Lager";
    Parties => "Customers & suppliers", "Kunder og leverandører", "Kunder och leverantörer";
    Receivables => "Receivables", "Kundefordringer", "Kundfordringar";
    Reports => "Reports", "Rapporter", "Rapporter";
    Setup => "Setup", "Oppsett", "Inställningar";
    LogOut => "Log out", "Logg ut", "Logga ut";
    Language => "Language", "Språk", "Språk";
    Company => "Company", "Firma", "Företag";
    SwitchCompany => "Switch company", "Bytt firma", "Byt företag";
    Menu => "Menu", "Meny", "Meny";
    Shortcuts => "Keyboard shortcuts", "Hurtigtaster", "Kortkommandon";
    ShortcutsHelp => "Alt+H home · Alt+S sales · Alt+P purchasing · Alt+L stock · Alt+K customers & suppliers · Alt+R receivables · Alt+T reports · Alt+O setup",
        "Alt+H hjem · Alt+S salg · Alt+P innkjøp · Alt+L lager · Alt+K kunder og leverandører · Alt+R kundefordringer · Alt+T rapporter · Alt+O oppsett",
        "Alt+H hem · Alt+S försäljning · Alt+P inköp · Alt+L lager · Alt+K kunder och leverantörer · Alt+R kundfordringar · Alt+T rapporter · Alt+O inställningar";
    Loading => "Loading…", "Laster…", "Laddar…";
    NotFound => "Page not found", "Fant ikke siden", "Sidan hittades inte";
    NoAccess => "You do not have access to this page", "Du har ikke tilgang til denne siden", "Du har inte behörighet till den här sidan";
    // login
    LoginTitle => "Log in to Flyt", "Logg inn i Flyt", "Logga in i Flyt";
    Email => "E-mail", "E-post", "E-post";
    Password => "Password", "Passord", "Lösenord";
    LogIn => "Log in", "Logg inn", "Logga in";
    DemoHint => "Demo: demo@flyt.test / demo", "Demo: demo@flyt.test / demo", "Demo: demo@flyt.test / demo";
    // home
    Welcome => "Welcome", "Velkommen", "Välkommen";
    YourRole => "Your role", "Din rolle", "Din roll";
    HomeIntro => "Order-to-cash and purchasing: quote, order, delivery, invoice and payment in one place.",
        "Fra tilbud til betaling, og innkjøp: tilbud, ordre, levering, faktura og betaling på ett sted.",
        "Från offert till betalning, och inköp: offert, order, leverans, faktura och betalning på ett ställe.";
    AreaSalesIntro => "Quotes, orders and deliveries.", "Tilbud, ordre og leveranser.", "Offerter, order och leveranser.";
    AreaPurchasingIntro => "Reorder list, purchase orders, goods receipt and supplier invoices.", "Bestillingsforslag, innkjøpsordre, varemottak og leverandørfakturaer.", "Beställningsförslag, inköpsorder, inleverans och leverantörsfakturor.";
    AreaStockIntro => "Items, warehouses and the stock ledger.", "Varer, lagre og lagerbevegelser.", "Artiklar, lager och lagerrörelser.";
    AreaPartiesIntro => "Customers, suppliers and contact persons.", "Kunder, leverandører og kontaktpersoner.", "Kunder, leverantörer och kontaktpersoner.";
    AreaReceivablesIntro => "Invoices, open items, payments and reminders.", "Fakturaer, åpne poster, innbetalinger og purringer.", "Fakturor, öppna poster, betalningar och påminnelser.";
    AreaReportsIntro => "Sales, purchasing and stock reports.", "Salgs-, innkjøps- og lagerrapporter.", "Försäljnings-, inköps- och lagerrapporter.";
    AreaNotYet => "This area opens in a coming release. Its master data is maintained in Setup today:",
        "Dette området kommer i en senere versjon. Grunndataene vedlikeholdes i Oppsett i dag:",
        "Det här området kommer i en senare version. Grunddata underhålls i Inställningar i dag:";
    // setup
    CompanyProfile => "Company profile", "Firmaprofil", "Företagsprofil";
    NumberSeries => "Number series", "Nummerserier", "Nummerserier";
    PaymentTerms => "Payment terms", "Betalingsbetingelser", "Betalningsvillkor";
    DeliveryTerms => "Delivery terms", "Leveringsbetingelser", "Leveransvillkor";
    VatCodes => "VAT codes", "MVA-koder", "Momskoder";
    Units => "Units", "Enheter", "Enheter";
    Warehouses => "Warehouses", "Lagre", "Lager";
    UsersRoles => "Users and roles", "Brukere og roller", "Användare och roller";
    ApiTokens => "API tokens", "API-nøkler", "API-nycklar";
    Name => "Name", "Navn", "Namn";
    OrgNo => "Organisation number", "Organisasjonsnummer", "Organisationsnummer";
    VatRegistered => "VAT registered", "MVA-registrert", "Momsregistrerad";
    Country => "Country", "Land", "Land";
    Currency => "Currency", "Valuta", "Valuta";
    Address => "Address", "Adresse", "Adress";
    PostCode => "Postcode", "Postnummer", "Postnummer";
    City => "City", "Poststed", "Ort";
    BankAccount => "Bank account", "Bankkonto", "Bankkonto";
    Phone => "Phone", "Telefon", "Telefon";
    Save => "Save", "Lagre", "Spara";
    Saved => "Saved", "Lagret", "Sparat";
    Logo => "Logo", "Logo", "Logotyp";
    UploadLogo => "Upload logo (PNG or JPEG, at most 1 MB)", "Last opp logo (PNG eller JPEG, maks 1 MB)", "Ladda upp logotyp (PNG eller JPEG, högst 1 MB)";
    DocumentType => "Document", "Dokument", "Dokument";
    Prefix => "Prefix", "Prefiks", "Prefix";
    NextNumber => "Next number", "Neste nummer", "Nästa nummer";
    Code => "Code", "Kode", "Kod";
    Days => "Days", "Dager", "Dagar";
    Rate => "Rate %", "Sats %", "Sats %";
    Category => "Category", "Kategori", "Kategori";
    Active => "Active", "Aktiv", "Aktiv";
    Add => "Add", "Legg til", "Lägg till";
    Role => "Role", "Rolle", "Roll";
    Deactivate => "Deactivate", "Deaktiver", "Inaktivera";
    Activate => "Activate", "Aktiver", "Aktivera";
    Create => "Create", "Opprett", "Skapa";
    Revoke => "Revoke", "Trekk tilbake", "Återkalla";
    Revoked => "Revoked", "Trukket tilbake", "Återkallad";
    Webshop => "Webshop", "Nettbutikk", "Webbutik";
    WebshopHint => "The shop's orders come in as confirmed orders that reserve stock; stock (on hand less reserved), prices and shipments go out to the shop after every change.", "Nettbutikkens ordrer kommer inn som bekreftede ordrer som reserverer lager; lager (beholdning minus reservert), priser og forsendelser sendes til butikken etter hver endring.", "Webbutikens order kommer in som bekräftade order som reserverar lager; lager (i lager minus reserverat), priser och leveranser skickas till butiken efter varje ändring.";
    ShopType => "Shop type", "Butikktype", "Butikstyp";
    ShopVendure => "Vendure", "Vendure", "Vendure";
    ShopAddress => "Shop address", "Butikkens adresse", "Butikens adress";
    ShopUser => "Shop user", "Butikkbruker", "Butiksanvändare";
    ShopPassword => "Password (empty: keep)", "Passord (tomt: behold)", "Lösenord (tomt: behåll)";
    ItemPrices => "The items' own prices", "Varenes egne priser", "Artiklarnas egna priser";
    ShopCustomerGroup => "Posting group of new shop customers", "Bokføringsgruppe for nye nettkunder", "Bokföringsgrupp för nya webbkunder";
    ShippingItem => "Shipping item", "Fraktvare", "Fraktartikel";
    DiscountItem => "Discount item", "Rabattvare", "Rabattartikel";
    RoundingItem => "Rounding item", "Avrundingsvare", "Avrundningsartikel";
    PollMinutes => "Minutes between imports", "Minutter mellom importer", "Minuter mellan importer";
    ImportNow => "Import now", "Importer nå", "Importera nu";
    ImportTest => "Test: show what would be imported", "Test: vis hva som ville blitt importert", "Test: visa vad som skulle importeras";
    ResyncAll => "Resync all", "Send alt på nytt", "Synka om allt";
    ResyncQueued => "All stock and prices are sent to the shop now", "Alt lager og alle priser sendes til butikken nå", "Allt lager och alla priser skickas till butiken nu";
    ShopOrders => "Shop orders", "Nettbutikkordrer", "Webborder";
    ShopOrder => "Shop order", "Nettbutikkordre", "Webborder";
    ShopPollFailed => "The last import failed", "Siste import feilet", "Senaste importen misslyckades";
    ShopPushFailed => "Sending to the shop fails", "Sending til butikken feiler", "Sändningen till butiken misslyckas";
    LastPoll => "Last import", "Siste import", "Senaste import";
    NextPoll => "Next import", "Neste import", "Nästa import";
    Now => "now", "nå", "nu";
    PendingPushes => "Changes waiting to be sent", "Endringer som venter på sending", "Ändringar som väntar på att skickas";
    ShopOrdersRead => "Read", "Lest", "Lästa";
    ShopImported => "Imported", "Importert", "Importerad";
    ShopProblem => "Waits (problem)", "Venter (problem)", "Väntar (problem)";
    ShopCancelled => "Cancelled", "Kansellert", "Annullerad";
    ShopCreditNeeded => "Needs a credit note", "Trenger kreditnota", "Behöver kreditnota";
    ShopShipped => "Shipped", "Sendt", "Skickad";
    SalesReport => "Sales", "Salg", "Försäljning";
    SalesReportHint => "Invoiced net amounts (credit notes subtracted), with the same period a year earlier. Choose a row to see the invoice lines behind it.", "Fakturert nettobeløp (kreditnotaer trukket fra), med samme periode året før. Velg en rad for å se fakturalinjene bak den.", "Fakturerat nettobelopp (kreditnotor avdragna), med samma period året innan. Välj en rad för att se fakturaraderna bakom den.";
    ReportBy => "By", "Per", "Per";
    ReportItem => "Item", "Vare", "Artikel";
    LastYear => "Same period last year", "Samme periode i fjor", "Samma period i fjol";
    ChangePct => "Change %", "Endring %", "Förändring %";
    ExportXlsx => "Excel (XLSX)", "Excel (XLSX)", "Excel (XLSX)";
    InvoiceLines => "Invoice lines", "Fakturalinjer", "Fakturarader";
    NoneValue => "(none)", "(ingen)", "(ingen)";
    Region => "County / region", "Fylke / region", "Län / region";
    ProfitReport => "Profitability", "Lønnsomhet", "Lönsamhet";
    ProfitReportHint => "Invoiced net against its cost, by customer, item, item group, seller, project, month or county: the cost of each invoice line is fixed when it is posted — the stock moves it made, else its order line's deliveries at their average cost, else the item's purchase price; a credit note takes back its share. Margin last year is the same period a year earlier.", "Fakturert netto mot kostnaden, per kunde, vare, varegruppe, selger, prosjekt, måned eller fylke: kostnaden for hver fakturalinje settes når den bokføres — lagerbevegelsene den gjorde, ellers ordrelinjens leveranser til gjennomsnittlig kost, ellers varens innkjøpspris; en kreditnota tar tilbake sin andel. Dekningsbidrag i fjor er samme periode ett år tidligere.", "Fakturerat netto mot kostnaden, per kund, artikel, artikelgrupp, säljare, projekt, månad eller län: kostnaden för varje fakturarad sätts när den bokförs — lagerrörelserna den gjorde, annars orderradens leveranser till genomsnittlig kostnad, annars artikelns inköpspris; en kreditnota tar tillbaka sin andel. Täckningsbidrag i fjol är samma period ett år tidigare.";
    LineCost => "Cost", "Kostnad", "Kostnad";
    Margin => "Margin", "Dekningsbidrag", "Täckningsbidrag";
    MarginPct => "Margin %", "DG %", "TG %";
    MarginLastYear => "Margin last year", "Dekningsbidrag i fjor", "Täckningsbidrag i fjol";
    CostFrom => "Cost from", "Kostnad fra", "Kostnad från";
    CostStock => "Stock moves", "Lagerbevegelser", "Lagerrörelser";
    CostDelivery => "Deliveries", "Leveranser", "Leveranser";
    CostPurchasePrice => "Purchase price", "Innkjøpspris", "Inköpspris";
    CostCredited => "Credited line", "Kreditert linje", "Krediterad rad";
    CostNoItem => "No item", "Ingen vare", "Ingen artikel";
    TurnoverReport => "Stock turnover", "Lageromløp", "Lageromsättning";
    TurnoverReportHint => "Per stock item: the value at the start and end of the period, what was issued to customers (deliveries and invoices, returns subtracted) and its cost, the turnover (cost of goods sold against the average stock value) and days of stock. Items with stock and no issue in the period — slow movers — come first.", "Per lagervare: verdien ved periodens start og slutt, hva som er levert til kunder (leveranser og fakturaer, returer trukket fra) og kostnaden, omløpshastigheten (vareforbruk mot gjennomsnittlig lagerverdi) og lagerdager. Varer med beholdning og ingen uttak i perioden — ukurans — kommer først.", "Per lagerartikel: värdet vid periodens början och slut, vad som levererats till kunder (leveranser och fakturor, returer avdragna) och dess kostnad, omsättningshastigheten (varukostnad mot genomsnittligt lagervärde) och lagerdagar. Artiklar med saldo och inga uttag under perioden — trögrörliga — kommer först.";
    OpeningValue => "Value at the start", "Verdi ved start", "Värde vid start";
    Issued => "Issued", "Levert ut", "Utlevererat";
    Cogs => "Cost of goods sold", "Vareforbruk", "Varukostnad";
    Turnover => "Turnover (times)", "Omløp (ganger)", "Omsättning (gånger)";
    DaysOfStock => "Days of stock", "Lagerdager", "Lagerdagar";
    LastIssue => "Last issue", "Siste uttak", "Senaste uttag";
    SlowMover => "Slow mover", "Ukurant", "Trögrörlig";
    Budget => "Budget", "Budsjett", "Budget";
    Actual => "Actual", "Faktisk", "Utfall";
    Variance => "Variance", "Avvik", "Avvikelse";
    VariancePct => "Variance %", "Avvik %", "Avvikelse %";
    BudgetReport => "Budget versus actual", "Budsjett mot faktisk", "Budget mot utfall";
    BudgetReportHint => "Sales budgets per month by seller, customer or item group against the invoiced net amounts (credit notes subtracted); the variance is actual less budget.", "Salgsbudsjetter per måned etter selger, kunde eller varegruppe mot fakturert nettobeløp (kreditnotaer trukket fra); avviket er faktisk minus budsjett.", "Försäljningsbudgetar per månad efter säljare, kund eller artikelgrupp mot fakturerat nettobelopp (kreditnotor avdragna); avvikelsen är utfall minus budget.";
    BudgetEntry => "Enter a budget", "Legg inn budsjett", "Lägg in budget";
    BudgetKey => "Customer no, seller id or item group", "Kundenr., selger-id eller varegruppe", "Kundnr, säljar-id eller artikelgrupp";
    BudgetImport => "Import budgets from CSV", "Importer budsjetter fra CSV", "Importera budgetar från CSV";
    BudgetImportHint => "Paste the file's text: the first line names the columns by;key;month;amount, then one line per budget amount, e.g. customer;10001;2026-01;12500. The key is a customer number, a seller's user id or an item group. Nothing is saved if a line is wrong.", "Lim inn filens tekst: første linje navngir kolonnene by;key;month;amount, så én linje per budsjettbeløp, f.eks. customer;10001;2026-01;12500. Nøkkelen er et kundenummer, en selgers bruker-id eller en varegruppe. Ingenting lagres hvis en linje er feil.", "Klistra in filens text: första raden namnger kolumnerna by;key;month;amount, sedan en rad per budgetbelopp, t.ex. customer;10001;2026-01;12500. Nyckeln är ett kundnummer, en säljares användar-id eller en artikelgrupp. Inget sparas om en rad är fel.";
    QuotesReport => "Quotes and orders", "Tilbud og ordre", "Offerter och order";
    QuotesReportHint => "Quotes by their date: how many were won (went to an order), lost or expired, and are still open; the conversion rate of the decided ones by count and by value; and the quoted lines that changed on their way to the order.", "Tilbud etter dato: hvor mange som ble vunnet (gikk til ordre), tapt eller utløpt, og som fortsatt er åpne; konverteringsgraden for de avgjorte etter antall og verdi; og tilbudslinjene som endret seg på veien til ordren.", "Offerter efter datum: hur många som vanns (blev order), förlorades eller gick ut, och som fortfarande är öppna; konverteringsgraden för de avgjorda efter antal och värde; och offertraderna som ändrades på vägen till ordern.";
    QuotesWon => "Won", "Vunnet", "Vunna";
    QuotesLost => "Lost or expired", "Tapt eller utløpt", "Förlorade eller utgångna";
    QuotesOpen => "Still open", "Fortsatt åpne", "Fortfarande öppna";
    ConversionPct => "Conversion %", "Konvertering %", "Konvertering %";
    ValueConversionPct => "Conversion by value %", "Konvertering etter verdi %", "Konvertering efter värde %";
    QuotedValue => "Quoted", "Tilbudt", "Offererat";
    QuoteChanges => "Changed between quote and order", "Endret fra tilbud til ordre", "Ändrat från offert till order";
    QuotedQty => "Quoted qty", "Tilbudt antall", "Offererat antal";
    OrderedQty => "Ordered qty", "Bestilt antall", "Beställt antal";
    QuotedPrice => "Quoted price", "Tilbudt pris", "Offererat pris";
    OrderedPrice => "Ordered price", "Bestilt pris", "Beställt pris";
    ReceivablesReport => "Receivables ageing", "Aldersfordelte kundefordringer", "Åldersfördelade kundfordringar";
    ReceivablesReportHint => "What customers owe today — or at the end of an earlier day chosen — by how long it is overdue, and days sales outstanding (DSO): what is open against what was invoiced (incl. VAT) in the last days chosen. Choose a customer to see the open items.", "Hva kundene skylder i dag — eller ved slutten av en tidligere dag du velger — etter hvor lenge det er forfalt, og kredittid (DSO): det som er åpent mot det som er fakturert (inkl. mva) de siste dagene du velger. Velg en kunde for å se de åpne postene.", "Vad kunderna är skyldiga i dag — eller vid slutet av en tidigare dag du väljer — efter hur länge det är förfallet, och kredittid (DSO): det som är öppet mot det som fakturerats (inkl. moms) de senaste dagarna du väljer. Välj en kund för att se de öppna posterna.";
    Dso => "DSO (days)", "DSO (dager)", "DSO (dagar)";
    DsoDays => "Days for DSO", "Dager for DSO", "Dagar för DSO";
    InvoicedInPeriod => "Invoiced (incl. VAT)", "Fakturert (inkl. mva)", "Fakturerat (inkl. moms)";
    OverduePct => "Overdue %", "Forfalt %", "Förfallet %";
    OpenTotal => "Open total", "Åpent i alt", "Öppet totalt";
    Crm => "CRM", "CRM", "CRM";
    CrmHint => "Customers are kept in step with the CRM field by field: choose per field which way changes go. A record the sync is unsure of, or one that misses what Flyt requires, waits below for you.", "Kunder holdes i takt med CRM-et felt for felt: velg for hvert felt hvilken vei endringer går. En post synkroniseringen er usikker på, eller som mangler det Flyt krever, venter nedenfor på deg.", "Kunder hålls i takt med CRM:et fält för fält: välj för varje fält åt vilket håll ändringar går. En post synkningen är osäker på, eller som saknar det Flyt kräver, väntar nedan på dig.";
    CrmAddress => "CRM address", "CRM-ets adresse", "CRM:ets adress";
    CrmDatabase => "Database", "Database", "Databas";
    CrmUser => "CRM user", "CRM-bruker", "CRM-användare";
    CrmOut => "Flyt → CRM", "Flyt → CRM", "Flyt → CRM";
    CrmIn => "CRM → Flyt", "CRM → Flyt", "CRM → Flyt";
    CrmBoth => "Both (latest change wins)", "Begge (siste endring vinner)", "Båda (senaste ändringen vinner)";
    CrmOff => "Not synced", "Synkroniseres ikke", "Synkas inte";
    CrmMinutes => "Minutes between syncs", "Minutter mellom synkroniseringer", "Minuter mellan synkningar";
    SyncNow => "Sync now", "Synkroniser nå", "Synka nu";
    LastSync => "Last sync", "Siste synkronisering", "Senaste synkning";
    CrmLinks => "Linked customers", "Koblede kunder", "Länkade kunder";
    CrmSyncFailed => "The last sync failed", "Siste synkronisering feilet", "Senaste synkningen misslyckades";
    CrmReview => "Waiting for you", "Venter på deg", "Väntar på dig";
    CrmUncertain => "Like a customer in Flyt", "Ligner en kunde i Flyt", "Liknar en kund i Flyt";
    CrmIncomplete => "Misses what Flyt requires", "Mangler det Flyt krever", "Saknar det Flyt kräver";
    CrmRecord => "CRM record", "CRM-post", "CRM-post";
    LinkTo => "Link", "Koble", "Länka";
    CreateNew => "Create new", "Opprett ny", "Skapa ny";
    CrmConflicts => "Conflicts", "Konflikter", "Konflikter";
    FlytValue => "Flyt's value", "Flyts verdi", "Flyts värde";
    CrmValue => "CRM's value", "CRM-ets verdi", "CRM:ets värde";
    Won => "Won", "Vant", "Vann";
    SyncRead => "Read", "Lest", "Lästa";
    SyncCreated => "Created", "Opprettet", "Skapade";
    SyncUpdated => "Updated", "Oppdatert", "Uppdaterade";
    SyncLinked => "Linked", "Koblet", "Länkade";
    Scopes => "Scopes", "Tilganger", "Behörigheter";
    ScopesHelp => "What the token may do, within its role.", "Hva nøkkelen kan gjøre, innenfor rollen.", "Vad nyckeln får göra, inom rollen.";
    ScopeRead => "Read everything", "Lese alt", "Läsa allt";
    ScopeSetup => "Setup", "Oppsett", "Inställningar";
    ScopeSales => "Sales", "Salg", "Försäljning";
    ScopePurchasing => "Purchasing", "Innkjøp", "Inköp";
    ScopeStock => "Items and stock", "Varer og lager", "Artiklar och lager";
    ScopeAccounting => "Accounting", "Regnskap", "Redovisning";
    ScopeParties => "Customers and suppliers", "Kunder og leverandører", "Kunder och leverantörer";
    LastDay => "Last day (empty: until revoked)", "Siste dag (tom: til den trekkes tilbake)", "Sista dag (tom: tills den återkallas)";
    ExpiresOn => "Expires", "Utløper", "Upphör";
    TokenShownOnce => "Copy the token now; it is not shown again:", "Kopier nøkkelen nå; den vises ikke igjen:", "Kopiera nyckeln nu; den visas inte igen:";
    Created => "Created", "Opprettet", "Skapad";
    LastUsed => "Last used", "Sist brukt", "Senast använd";
    Never => "never", "aldri", "aldrig";
    Yes => "Yes", "Ja", "Ja";
    No => "No", "Nei", "Nej";
    Status => "Status", "Status", "Status";
    Inactive => "Inactive", "Inaktiv", "Inaktiv";
    Edit => "Edit", "Endre", "Ändra";
    InitialPassword => "Initial password", "Første passord", "Första lösenord";
    Invite => "Invite", "Inviter", "Bjud in";
    Invited => "Invited", "Invitert", "Inbjuden";
    InviteHelp => "The person joins when they accept: someone who already uses Flyt sees the invitation after logging in; for a new e-mail an account is made with the name and initial password, and it joins at its first login.",
        "Personen blir med når invitasjonen godtas: den som allerede bruker Flyt ser invitasjonen etter innlogging; for en ny e-postadresse lages en konto med navnet og første passord, og den blir med ved første innlogging.",
        "Personen går med när inbjudan accepteras: den som redan använder Flyt ser inbjudan efter inloggning; för en ny e-postadress skapas ett konto med namnet och första lösenordet, och det går med vid första inloggningen.";
    InvitationSent => "Invitation saved", "Invitasjonen er lagret", "Inbjudan är sparad";
    Invitations => "Invitations", "Invitasjoner", "Inbjudningar";
    InvitationText => "invites you as", "inviterer deg som", "bjuder in dig som";
    Accept => "Accept", "Godta", "Acceptera";
    Decline => "Decline", "Avslå", "Avböj";
    Quote => "Quote", "Tilbud", "Offert";
    Order => "Order", "Ordre", "Order";
    Delivery => "Delivery", "Levering", "Leverans";
    Invoice => "Invoice", "Faktura", "Faktura";
    CreditNote => "Credit note", "Kreditnota", "Kreditnota";
    PurchaseOrder => "Purchase order", "Innkjøpsordre", "Inköpsorder";
    Customer => "Customer", "Kunde", "Kund";
    Supplier => "Supplier", "Leverandør", "Leverantör";
    RoleAdmin => "Administrator", "Administrator", "Administratör";
    RoleSales => "Sales", "Salg", "Försäljning";
    RolePurchasing => "Purchasing", "Innkjøp", "Inköp";
    RoleWarehouse => "Warehouse", "Lager", "Lager";
    RoleAccounting => "Accounting", "Regnskap", "Ekonomi";
    RoleReadOnly => "Read only", "Kun lesing", "Endast läsning";
    // items and stock
    Items => "Items", "Varer", "Artiklar";
    NewItem => "New item", "Ny vare", "Ny artikel";
    ItemNo => "Item no.", "Varenr.", "Artikelnr";
    Description => "Description", "Beskrivelse", "Beskrivning";
    Unit => "Unit", "Enhet", "Enhet";
    SalesPrice => "Sales price", "Salgspris", "Försäljningspris";
    PurchasePrice => "Purchase price", "Innkjøpspris", "Inköpspris";
    VatCode => "VAT code", "MVA-kode", "Momskod";
    Barcode => "Barcode (EAN)", "Strekkode (EAN)", "Streckkod (EAN)";
    ItemType => "Type", "Type", "Typ";
    KindStock => "Stock item", "Lagervare", "Lagerartikel";
    KindNonStock => "Non-stock item", "Ikke-lagervare", "Icke-lagerartikel";
    KindService => "Service", "Tjeneste", "Tjänst";
    SafetyStock => "Safety stock", "Sikkerhetslager", "Säkerhetslager";
    ReorderQty => "Reorder quantity", "Bestillingsantall", "Beställningskvantitet";
    PackSize => "Pack size", "Forpakningsstørrelse", "Förpackningsstorlek";
    Notes => "Notes", "Notater", "Anteckningar";
    Search => "Search", "Søk", "Sök";
    SearchItemsHint => "Number, text or barcode", "Nummer, tekst eller strekkode", "Nummer, text eller streckkod";
    ShowInactive => "Show inactive", "Vis inaktive", "Visa inaktiva";
    Previous => "Previous", "Forrige", "Föregående";
    Next => "Next", "Neste", "Nästa";
    PageOf => "Page", "Side", "Sida";
    Warehouse => "Warehouse", "Lager", "Lager";
    Physical => "On hand", "På lager", "I lager";
    Reserved => "Reserved", "Reservert", "Reserverat";
    Incoming => "Incoming", "Innkommende", "Inkommande";
    Free => "Free", "Disponibelt", "Disponibelt";
    Projected => "Projected", "Prognose", "Prognos";
    Bin => "Bin", "Hylle", "Lagerplats";
    Moves => "Stock moves", "Lagerbevegelser", "Lagerrörelser";
    Date => "Date", "Dato", "Datum";
    Quantity => "Quantity", "Antall", "Antal";
    UnitCost => "Unit cost", "Enhetskost", "Styckkostnad";
    Origin => "Origin", "Kilde", "Källa";
    Reason => "Reason", "Årsak", "Orsak";
    Adjust => "Adjust stock", "Juster lager", "Justera lager";
    Transfer => "Transfer", "Overfør", "Överför";
    FromWarehouse => "From warehouse", "Fra lager", "Från lager";
    ToWarehouse => "To warehouse", "Til lager", "Till lager";
    NoMoves => "No stock moves yet.", "Ingen lagerbevegelser ennå.", "Inga lagerrörelser ännu.";
    NoItems => "No items found.", "Fant ingen varer.", "Inga artiklar hittades.";
    AllowNegativeStock => "Allow negative stock", "Tillat negativ beholdning", "Tillåt negativt saldo";
    ValuationMethod => "Stock valuation", "Lagerverdsettelse", "Lagervärdering";
    MovingAverage => "Moving average", "Glidende gjennomsnitt", "Glidande medelvärde";
    Stocktaking => "Stocktaking", "Varetelling", "Inventering";
    CountFilter => "Items (text filter, optional)", "Varer (tekstfilter, valgfritt)", "Artiklar (textfilter, valfritt)";
    StartCount => "Start count", "Start telling", "Starta inventering";
    Expected => "Expected", "Forventet", "Förväntat";
    Counted => "Counted", "Telt", "Räknat";
    Difference => "Difference", "Differanse", "Differens";
    PostDifferences => "Post differences", "Bokfør differanser", "Bokför differenser";
    Print => "Print", "Skriv ut", "Skriv ut";
    Valuation => "Stock valuation", "Lagerverdi", "Lagervärde";
    AsOf => "As of", "Per", "Per";
    Show => "Show", "Vis", "Visa";
    Value => "Value", "Verdi", "Värde";
    Total => "Total", "Sum", "Summa";
    StockLookup => "Stock lookup", "Lageroppslag", "Lagersök";
    LookupHint => "Item number or barcode", "Varenummer eller strekkode", "Artikelnummer eller streckkod";
    Find => "Find", "Finn", "Hitta";
    Scan => "Scan", "Skann", "Skanna";
    NotFoundItem => "No item with that number or barcode.", "Ingen vare med det nummeret eller strekkoden.", "Ingen artikel med det numret eller streckkoden.";
    Profile => "Item profile", "Vareprofil", "Artikelprofil";
    AllWarehouses => "All warehouses", "Alle lagre", "Alla lager";
    Period => "Period", "Periode", "Period";
    AllTime => "All", "Alt", "Allt";
    DaysBack => "days back", "dager tilbake", "dagar bakåt";
    Balance => "Balance", "Beholdning", "Saldo";
    Late => "late", "for sent", "sen";
    ReasonDamaged => "Damaged", "Skadet", "Skadad";
    ReasonLost => "Lost", "Tapt", "Förlorad";
    ReasonFound => "Found", "Funnet", "Hittad";
    ReasonCorrection => "Correction", "Korrigering", "Korrigering";
    ReasonOpening => "Opening balance", "Inngående beholdning", "Ingående saldo";
    ReasonSample => "Sample", "Vareprøve", "Varuprov";
    // customers, suppliers and contacts
    Customers => "Customers", "Kunder", "Kunder";
    Suppliers => "Suppliers", "Leverandører", "Leverantörer";
    CustomerAndSupplier => "Both customer and supplier", "Både kunde og leverandør", "Både kund och leverantör";
    All => "All", "Alle", "Alla";
    AllSellers => "All sellers", "Alle selgere", "Alla säljare";
    Kind => "Kind", "Type", "Typ";
    CustomerNo => "Customer no.", "Kundenr.", "Kundnr";
    SupplierNo => "Supplier no.", "Leverandørnr.", "Leverantörsnr";
    NewCustomer => "New customer", "Ny kunde", "Ny kund";
    NewSupplier => "New supplier", "Ny leverandør", "Ny leverantör";
    NoParties => "No customers or suppliers found.", "Fant ingen kunder eller leverandører.", "Inga kunder eller leverantörer hittades.";
    SearchPartiesHint => "Name, number, org no, city or e-mail", "Navn, nummer, org.nr., sted eller e-post", "Namn, nummer, org.nr, ort eller e-post";
    Seller => "Responsible seller", "Ansvarlig selger", "Ansvarig säljare";
    VatNo => "VAT number", "MVA-nummer", "Momsregistreringsnummer";
    InvoiceEmail => "Invoice e-mail", "Faktura-e-post", "Faktura-e-post";
    PeppolId => "PEPPOL participant id", "PEPPOL-adresse (EHF)", "PEPPOL-id";
    Web => "Web", "Nettside", "Webbplats";
    PriceList => "Price list", "Prisliste", "Prislista";
    PriceLists => "Price lists", "Prislister", "Prislistor";
    NewPriceList => "New price list", "Ny prisliste", "Ny prislista";
    AddPrice => "Add price", "Legg til pris", "Lägg till pris";
    Price => "Price", "Pris", "Pris";
    FromQty => "From quantity", "Fra antall", "Från antal";
    ValidFrom => "Valid from", "Gyldig fra", "Giltig från";
    ValidTo => "Valid to", "Gyldig til", "Giltig till";
    Remove => "Remove", "Fjern", "Ta bort";
    CreditLimit => "Credit limit", "Kredittgrense", "Kreditgräns";
    DiscountPct => "Discount %", "Rabatt %", "Rabatt %";
    DocumentLanguage => "Document language", "Dokumentspråk", "Dokumentspråk";
    VatExempt => "VAT exempt", "Fritatt for MVA", "Momsbefriad";
    VatExemptReason => "Reason for VAT exemption", "Grunn for MVA-fritak", "Skäl för momsbefrielse";
    CollectiveInvoicing => "Collective invoicing", "Samlefaktura", "Samlingsfaktura";
    NoReminders => "No reminders", "Ingen purringer", "Inga påminnelser";
    SimilarPartiesFound => "Similar customers or suppliers exist. Open one of them, or tick the box to create a new one anyway.",
        "Det finnes lignende kunder eller leverandører. Åpne en av dem, eller kryss av for å opprette en ny likevel.",
        "Det finns liknande kunder eller leverantörer. Öppna en av dem, eller kryssa i rutan för att skapa en ny ändå.";
    SimilarContactsFound => "Contacts with the same e-mail or mobile exist. Tick the box to add this one anyway.",
        "Det finnes kontakter med samme e-post eller mobil. Kryss av for å legge til likevel.",
        "Det finns kontakter med samma e-post eller mobil. Kryssa i rutan för att lägga till ändå.";
    SameOrgNo => "same organisation number", "samme organisasjonsnummer", "samma organisationsnummer";
    CreateAnyway => "Not a duplicate: create anyway", "Ikke et duplikat: opprett likevel", "Ingen dubblett: skapa ändå";
    Details => "Details", "Detaljer", "Detaljer";
    DeliveryAddresses => "Delivery addresses", "Leveringsadresser", "Leveransadresser";
    AddDeliveryAddress => "Add delivery address", "Legg til leveringsadresse", "Lägg till leveransadress";
    Default => "Default", "Standard", "Standard";
    MakeDefault => "Make default", "Gjør til standard", "Gör till standard";
    Contacts => "Contact persons", "Kontaktpersoner", "Kontaktpersoner";
    AddContact => "Add contact person", "Legg til kontaktperson", "Lägg till kontaktperson";
    Mobile => "Mobile", "Mobil", "Mobil";
    ForOrders => "For orders", "For ordre", "För order";
    ForInvoices => "For invoices", "For fakturaer", "För fakturor";
    Projects => "Projects", "Prosjekter", "Projekt";
    AddProject => "Add or change project", "Legg til eller endre prosjekt", "Lägg till eller ändra projekt";
    StartDate => "Start date", "Startdato", "Startdatum";
    EndDate => "End date", "Sluttdato", "Slutdatum";
    Planned => "Planned", "Planlagt", "Planerat";
    Completed => "Completed", "Fullført", "Slutfört";
    Cancelled => "Cancelled", "Kansellert", "Avbrutet";
    ChangeLog => "Change log", "Endringslogg", "Ändringslogg";
    When => "When (UTC)", "Når (UTC)", "När (UTC)";
    Who => "Who", "Hvem", "Vem";
    Field => "Field", "Felt", "Fält";
    From => "From", "Fra", "Från";
    To => "To", "Til", "Till";
    PartyForms => "Customer and supplier forms", "Skjema for kunder og leverandører", "Formulär för kunder och leverantörer";
    PartyFormsHint => "Choose which fields must be filled in before a customer or supplier can be saved, and their order in the form (lowest first).",
        "Velg hvilke felt som må fylles ut før en kunde eller leverandør kan lagres, og rekkefølgen i skjemaet (lavest først).",
        "Välj vilka fält som måste fyllas i innan en kund eller leverantör kan sparas, och ordningen i formuläret (lägst först).";
    Position => "Position", "Plassering", "Placering";
    Mandatory => "Mandatory", "Påkrevd", "Obligatoriskt";
    // CSV
    ExportCsv => "Export CSV", "Eksporter CSV", "Exportera CSV";
    ExportSafT => "SAF-T Financial (Norway)", "SAF-T Regnskap", "SAF-T Financial (Norge)";
    ExportSie => "SIE 4I (Sweden)", "SIE 4I (Sverige)", "SIE 4I-fil";
    VatSummary => "VAT for the period", "Merverdiavgift for perioden", "Moms för perioden";
    SupplierInvoiceKind => "Supplier invoice", "Leverandørfaktura", "Leverantörsfaktura";
    SupplierPaymentKind => "Payment to supplier", "Utbetaling til leverandør", "Betalning till leverantör";
    PayablesAccount => "Accounts payable", "Leverandørgjeld", "Leverantörsskulder";
    InputVat => "Input VAT", "Inngående MVA", "Ingående moms";
    CostAccount => "Cost", "Kostnad", "Kostnad";
    VatBalance => "VAT to pay (negative: to get back)", "MVA å betale (negativ: til gode)", "Moms att betala (negativ: att få tillbaka)";
    OpeningBalances => "Opening balances", "Inngående balanse", "Ingående balanser";
    Reversal => "Reversal", "Tilbakeføring", "Återföring";
    Dimensions => "Dimensions", "Dimensjoner", "Dimensioner";
    Reverse => "Reverse", "Tilbakefør", "Återför";
    ReversedBy => "Reversed by", "Tilbakeført med", "Återförd med";
    InventoryAccount => "Inventory", "Varelager", "Varulager";
    InventoryChange => "Change in stock", "Beholdningsendring", "Lagerförändring";
    PerpetualInventory => "Perpetual inventory", "Løpende lagerføring i regnskapet", "Löpande lagerbokföring";
    PerpetualInventoryHint => "When on, every goods receipt, delivery, adjustment and stocktaking posts the change in the stock's value between the inventory account and the change-in-stock account (series V), so the inventory account always equals the stock valuation. Turning it on first posts the difference between the two. Needs the valuation by moving average.", "Når den er på, fører hvert varemottak, hver levering, justering og varetelling endringen i lagerets verdi mellom varelagerkontoen og beholdningsendringskontoen (serie V), så varelagerkontoen alltid er lik lagerverdien. Når den slås på, føres først forskjellen mellom de to. Krever verdsettelse etter glidende gjennomsnitt.", "När den är på bokför varje inleverans, leverans, justering och inventering förändringen i lagrets värde mellan lagerkontot och lagerförändringskontot (serie V), så att lagerkontot alltid är lika med lagervärdet. När den slås på bokförs först skillnaden mellan de två. Kräver värdering med glidande medelvärde.";
    OpeningBalancesHint => "For a company that starts keeping its books in Flyt during a year: one line per account with its balance on the date (debit positive, credit negative), with the columns account;amount or account;debit;credit. The balances must add up to zero; they are posted as one voucher in series IB.", "For et selskap som begynner å føre regnskapet i Flyt midt i et år: én linje per konto med saldoen på datoen (debet positiv, kredit negativ), med kolonnene account;amount eller account;debit;credit. Saldoene må gå i null; de føres som ett bilag i serie IB.", "För ett företag som börjar bokföra i Flyt under ett år: en rad per konto med saldot på datumet (debet positivt, kredit negativt), med kolumnerna account;amount eller account;debit;credit. Saldona måste gå jämnt ut; de bokförs som en verifikation i serie IB.";
    VatBase => "Basis", "Grunnlag", "Underlag";
    ImportCsv => "Import CSV", "Importer CSV", "Importera CSV";
    ImportParties => "Import customers and suppliers", "Importer kunder og leverandører", "Importera kunder och leverantörer";
    ImportPartiesHint => "A CSV file (UTF-8, ; or , separated) with a header line. Only name is required; kind is customer, supplier or both. Numbers are given from the series.",
        "En CSV-fil (UTF-8, skilt med ; eller ,) med overskriftslinje. Bare name er påkrevd; kind er customer, supplier eller both. Numre tildeles fra nummerserien.",
        "En CSV-fil (UTF-8, separerad med ; eller ,) med rubrikrad. Endast name krävs; kind är customer, supplier eller both. Nummer tilldelas från nummerserien.";
    ImportItems => "Import items", "Importer varer", "Importera artiklar";
    ImportItemsHint => "A CSV file (UTF-8, ; or , separated) with a header line. Required: item_no, name, unit, price, vat. Opening stock: warehouse, quantity and unit_cost (the purchase price when empty).",
        "En CSV-fil (UTF-8, skilt med ; eller ,) med overskriftslinje. Påkrevd: item_no, name, unit, price, vat. Inngående lager: warehouse, quantity og unit_cost (innkjøpspris når tom).",
        "En CSV-fil (UTF-8, separerad med ; eller ,) med rubrikrad. Krävs: item_no, name, unit, price, vat. Ingående lager: warehouse, quantity och unit_cost (inköpspris när tom).";
    RowsChecked => "Rows checked", "Rader kontrollert", "Rader kontrollerade";
    DefaultSupplier => "Default supplier (no.)", "Fast leverandør (nr.)", "Standardleverantör (nr)";
    ItemGroup => "Item group", "Varegruppe", "Varugrupp";
    PostingGroup => "Posting group", "Bokføringsgruppe", "Bokföringsgrupp";
    BinLocation => "Bin location", "Lagerplass", "Lagerplats";
    CsvFile => "CSV file", "CSV-fil", "CSV-fil";
    CsvText => "…or paste CSV", "…eller lim inn CSV", "…eller klistra in CSV";
    Preview => "Preview", "Forhåndsvis", "Förhandsgranska";
    Import => "Import", "Importer", "Importera";
    Working => "Working…", "Arbeider…", "Arbetar…";
    RowsImported => "rows imported", "rader importert", "rader importerade";
    RowsReady => "rows are ready to import", "rader er klare for import", "rader är klara att importera";
    RowsWithErrors => "rows have errors", "rader har feil", "rader har fel";
    NothingImported => "nothing was imported", "ingenting ble importert", "ingenting importerades";
    // Sales
    Quotes => "Quotes", "Tilbud", "Offerter";
    Orders => "Orders", "Ordre", "Order";
    NewQuote => "New quote", "Nytt tilbud", "Ny offert";
    NewOrder => "New order", "Ny ordre", "Ny order";
    YourRef => "Your reference", "Deres referanse", "Er referens";
    RequisitionNo => "Requisition no.", "Rekvisisjonsnr.", "Rekvisitionsnr";
    ValidUntil => "Valid until", "Gyldig til", "Giltig till";
    DeliveryDate => "Delivery date", "Leveringsdato", "Leveransdatum";
    Lines => "Lines", "Linjer", "Rader";
    AddLineHint => "Item no., barcode or text — Enter adds the line", "Varenr., strekkode eller tekst — Enter legger til linjen", "Artikelnr, streckkod eller text — Enter lägger till raden";
    AddText => "Add text line", "Legg til tekstlinje", "Lägg till textrad";
    AddHeading => "Add heading", "Legg til overskrift", "Lägg till rubrik";
    Net => "Net", "Netto", "Netto";
    Vat => "VAT", "MVA", "Moms";
    TotalInclVat => "Total incl. VAT", "Sum inkl. MVA", "Summa inkl. moms";
    Subtotal => "Subtotal", "Delsum", "Delsumma";
    ConfirmOrder => "Confirm order", "Bekreft ordre", "Bekräfta order";
    CancelOrder => "Cancel order", "Kanseller ordre", "Makulera order";
    Deliver => "Deliver", "Lever", "Leverera";
    PostDelivery => "Post delivery", "Bokfør levering", "Bokför leverans";
    Outstanding => "Outstanding", "Utestående", "Kvarstående";
    Delivered => "Delivered", "Levert", "Levererat";
    Remaining => "Remaining", "Gjenstår", "Återstår";
    Ordered => "Ordered", "Bestilt", "Beställt";
    Backorder => "Backorder", "Restordre", "Restorder";
    CopyToOrder => "Copy to order", "Kopier til ordre", "Kopiera till order";
    MarkLost => "Mark as lost", "Marker som tapt", "Markera som förlorad";
    LostReason => "Why was it lost?", "Hvorfor ble det tapt?", "Varför förlorades den?";
    AllStatuses => "All statuses", "Alle statuser", "Alla statusar";
    NoDocuments => "Nothing here yet.", "Ingenting her ennå.", "Inget här ännu.";
    Number => "Number", "Nummer", "Nummer";
    FromQuote => "From quote", "Fra tilbud", "Från offert";
    GroupBy => "Group by", "Grupper etter", "Gruppera efter";
    ByOrder => "Order", "Ordre", "Order";
    ByItem => "Item", "Vare", "Artikel";
    ByRequisition => "Requisition no.", "Rekvisisjonsnr.", "Rekvisitionsnr";
    ConfirmAtOnce => "Confirm (reserve stock)", "Bekreft (reserver lager)", "Bekräfta (reservera lager)";
    OrderConfirmation => "Order confirmation", "Ordrebekreftelse", "Orderbekräftelse";
    PackingSlip => "Packing slip", "Pakkseddel", "Följesedel";
    DeliverTo => "Deliver to", "Leveres til", "Levereras till";
    OrgNoShort => "Org. no.", "Org.nr.", "Org.nr";
    SendByEmail => "Send by e-mail", "Send på e-post", "Skicka med e-post";
    Subject => "Subject", "Emne", "Ämne";
    Message => "Message", "Melding", "Meddelande";
    Send => "Send", "Send", "Skicka";
    SentLog => "Sent", "Sendt", "Skickat";
    Outbox => "Outbox", "Utboks", "Utkorg";
    EmailSetup => "E-mail (SMTP)", "E-post (SMTP)", "E-post (SMTP)";
    EmailSetupHint => "Without an SMTP host, messages wait in the outbox below; nothing is lost.", "Uten SMTP-server venter meldingene i utboksen under; ingenting går tapt.", "Utan SMTP-server väntar meddelandena i utkorgen nedan; inget går förlorat.";
    SmtpHost => "SMTP host", "SMTP-server", "SMTP-server";
    SmtpPort => "Port", "Port", "Port";
    SmtpSecurity => "Security", "Sikkerhet", "Säkerhet";
    SmtpUser => "User", "Bruker", "Användare";
    SmtpFrom => "Sender address", "Avsenderadresse", "Avsändaradress";
    SendAgain => "Send again", "Send på nytt", "Skicka igen";
    Pdf => "PDF", "PDF", "PDF";
    StQueued => "Queued", "I kø", "I kö";
    StFailed => "Failed", "Feilet", "Misslyckades";
    StDraft => "Draft", "Utkast", "Utkast";
    StSent => "Sent", "Sendt", "Skickad";
    StPartlyAccepted => "Partly accepted", "Delvis akseptert", "Delvis accepterad";
    StAccepted => "Accepted", "Akseptert", "Accepterad";
    StLost => "Lost", "Tapt", "Förlorad";
    StExpired => "Expired", "Utløpt", "Utgången";
    StOpen => "Open", "Åpen", "Öppen";
    StPartlyDelivered => "Partly delivered", "Delvis levert", "Dellevererad";
    StDelivered => "Delivered", "Levert", "Levererad";
    StPartlyInvoiced => "Partly invoiced", "Delvis fakturert", "Delfakturerad";
    StInvoiced => "Invoiced", "Fakturert", "Fakturerad";
    StClosed => "Closed", "Avsluttet", "Avslutad";
    StCancelled => "Cancelled", "Kansellert", "Makulerad";
    Line => "Line", "Linje", "Rad";
    Problem => "Problem", "Problem", "Problem";
    ContactPerson => "Contact person", "Kontaktperson", "Kontaktperson";
    OurRef => "Our reference", "Vår referanse", "Vår referens";
    Project => "Project", "Prosjekt", "Projekt";
    DeliveryAddress => "Delivery address", "Leveringsadresse", "Leveransadress";
    RequestedDate => "Requested", "Ønsket levert", "Önskat leveransdatum";
    CustomersDefault => "(the customer's)", "(kundens)", "(kundens)";
    NoneChosen => "(none)", "(ingen)", "(ingen)";
    Unchanged => "(unchanged)", "(uendret)", "(oförändrad)";
    FirstWarehouse => "(the first)", "(det første)", "(det första)";
    InvoiceDate => "Invoice date", "Fakturadato", "Fakturadatum";
    DueDate => "Due date", "Forfallsdato", "Förfallodatum";
    Kid => "KID", "KID", "OCR";
    AmountDue => "Amount to pay", "Å betale", "Att betala";
    Invoices => "Invoices", "Fakturaer", "Fakturor";
    OpenItems => "Open items", "Åpne poster", "Öppna poster";
    Overdue => "Overdue", "Forfalt", "Förfallen";
    NotDue => "Not due", "Ikke forfalt", "Ej förfallen";
    Amount => "Amount", "Beløp", "Belopp";
    Left => "Left to pay", "Restbeløp", "Kvar att betala";
    DaysOverdue => "Days overdue", "Dager forfalt", "Dagar förfallen";
    RegisterPayment => "Register payment", "Registrer innbetaling", "Registrera betalning";
    PaymentDate => "Payment date", "Innbetalingsdato", "Betalningsdatum";
    Reference => "Reference", "Referanse", "Referens";
    NewInvoice => "New invoice", "Ny faktura", "Ny faktura";
    InvoiceBasis => "Invoice basis: delivered, not invoiced", "Fakturagrunnlag: levert, ikke fakturert", "Fakturaunderlag: levererat, ej fakturerat";
    InvoiceChosen => "Invoice the chosen lines", "Fakturer valgte linjer", "Fakturera valda rader";
    CreditInvoice => "Credit the invoice", "Krediter fakturaen", "Kreditera fakturan";
    CreditLines => "Credit the chosen lines", "Krediter valgte linjer", "Kreditera valda rader";
    Credited => "Credited", "Kreditert", "Krediterad";
    CreditOf => "Credit of invoice", "Kreditering av faktura", "Kreditering av faktura";
    Ehf => "EHF", "EHF", "EHF (Peppol)";
    Disputed => "Disputed", "Omtvistet", "Bestridd";
    InvoiceSettings => "Invoicing", "Fakturering", "Fakturering";
    KidMethod => "KID check digit", "KID-kontrollsiffer", "OCR-kontrollsiffra";
    KidLength => "KID length", "KID-lengde", "OCR-längd";
    ReminderFee => "Reminder fee", "Purregebyr", "Påminnelseavgift";
    ReminderDays => "Days between reminders", "Dager mellom purringer", "Dagar mellan påminnelser";
    WriteoffLimit => "Write off differences up to", "Avskriv differanser opp til", "Skriv av differenser upp till";
    EhfOutbox => "EHF outbox (directory or URL)", "EHF-utboks (katalog eller URL)", "Peppol-utkorg (katalog eller URL)";
    StSettled => "Paid", "Betalt", "Betald";
    StOverdue => "Overdue", "Forfalt", "Förfallen";
    StCredit => "Credit", "Kreditt", "Kredit";
    KindPayment => "Payment", "Innbetaling", "Betalning";
    Note => "Note", "Merknad", "Anmärkning";
    Applied => "Applied", "Avregnet", "Avräknat";
    WrittenOff => "Written off", "Avskrevet", "Avskrivet";
    CustomerCredit => "Customer credit", "Kundens tilgode", "Kundens tillgodo";
    NothingToInvoice => "Nothing is delivered and not yet invoiced.", "Ingenting er levert og ikke fakturert.", "Inget är levererat och ej fakturerat.";
    NothingOpen => "No open items.", "Ingen åpne poster.", "Inga öppna poster.";
    BankFiles => "Bank files", "Bankfiler", "Bankfiler";
    BankFile => "Bank file", "Bankfil", "Bankfil";
    BankFileHint => "A Nets OCR giro file or an ISO 20022 camt.053 statement. Payments are matched by KID, then by amount and invoice number in the text; the same file twice is refused.", "En OCR-giro-fil fra Nets eller en ISO 20022 camt.053-kontoutskrift. Innbetalinger avstemmes mot KID, så mot beløp og fakturanummer i teksten; samme fil to ganger avvises.", "En OCR-fil från Nets eller ett ISO 20022 camt.053-kontoutdrag. Betalningar matchas mot OCR, sedan mot belopp och fakturanummer i texten; samma fil två gånger avvisas.";
    Payments => "payments", "innbetalinger", "betalningar";
    MatchedCount => "matched", "avstemt", "matchade";
    Unmatched => "Not matched", "Ikke avstemt", "Ej matchade";
    Text => "Text", "Tekst", "Text";
    Payer => "Payer", "Betaler", "Betalare";
    LatestImports => "Latest imports", "Siste importer", "Senaste importer";
    Format => "Format", "Format", "Format";
    MatchIt => "Match", "Avstem", "Matcha";
    Reminders => "Reminders", "Purringer", "Påminnelser";
    ReminderTitle => "Reminder", "Purring", "Påminnelse";
    DebtNotice => "Debt collection notice", "Inkassovarsel", "Inkassovarning";
    DebtNoticeText => "If the amount is not paid within the deadline, the claim will be sent to debt collection, with added costs.", "Dersom beløpet ikke er betalt innen fristen, vil kravet bli sendt til inkasso, med økte kostnader.", "Om beloppet inte är betalt inom fristen överlämnas fordran till inkasso, med ökade kostnader.";
    PayBy => "Pay by", "Betal innen", "Betala senast";
    Level => "Level", "Nivå", "Nivå";
    Deadline => "Deadline", "Frist", "Frist";
    Channel => "Channel", "Kanal", "Kanal";
    PreviewRun => "Preview", "Forhåndsvis", "Förhandsgranska";
    SendReminders => "Send reminders", "Send purringer", "Skicka påminnelser";
    InvoiceRun => "Invoicing run: everything delivered", "Fakturakjøring: alt som er levert", "Faktureringskörning: allt levererat";
    InvoiceAll => "Invoice all", "Fakturer alle", "Fakturera alla";
    Statement => "Statement", "Kontoutskrift", "Kontoutdrag";
    OpeningBalance => "Opening balance", "Inngående saldo", "Ingående saldo";
    ClosingBalance => "Balance", "Saldo", "Saldo";
    PeriodAll => "All", "Alt", "Allt";
    PeriodThisMonth => "This month", "Denne måneden", "Denna månad";
    PeriodLast3 => "Last 3 months", "Siste 3 måneder", "Senaste 3 månaderna";
    PeriodLastYear => "Last year", "I fjor", "I fjol";
    PeriodYearBefore => "The year before", "Året før", "Året innan";
    Contracts => "Contracts", "Kontrakter", "Avtal";
    NewContract => "New contract", "Ny kontrakt", "Nytt avtal";
    NextPeriod => "Next period", "Neste periode", "Nästa period";
    InvoiceDuePeriods => "Invoice due periods", "Fakturer forfalte perioder", "Fakturera förfallna perioder";
    NothingToRemind => "No invoice is due for a reminder on this date.", "Ingen fakturaer skal purres denne dagen.", "Inga fakturor ska påminnas detta datum.";
    ReorderList => "Reorder list", "Bestillingsforslag", "Beställningsförslag";
    OnlyBelowSafety => "Only below safety stock", "Bare under sikkerhetslager", "Bara under säkerhetslager";
    Suggested => "Suggested", "Foreslått", "Föreslaget";
    CreatePurchaseOrders => "Create purchase orders", "Lag innkjøpsordre", "Skapa inköpsorder";
    CreatedPurchaseOrders => "Draft purchase orders created:", "Utkast til innkjøpsordre laget:", "Utkast till inköpsorder skapade:";
    NothingToReorder => "Nothing is below safety stock.", "Ingenting er under sikkerhetslager.", "Inget ligger under säkerhetslager.";
    PurchaseOrders => "Purchase orders", "Innkjøpsordre", "Inköpsorder";
    NewPurchaseOrder => "New purchase order", "Ny innkjøpsordre", "Ny inköpsorder";
    SendToSupplier => "Send to supplier", "Send til leverandør", "Skicka till leverantör";
    ClosePurchaseOrder => "Close (expect no more)", "Avslutt (venter ikke mer)", "Avsluta (väntar inte mer)";
    ReceiveGoods => "Receive goods", "Varemottak", "Inleverans";
    Received => "Received", "Mottatt", "Mottaget";
    Receipts => "Receipts", "Mottak", "Inleveranser";
    UpdatePurchasePrice => "Set the items' purchase price to the order's", "Sett varenes innpris til ordrens", "Sätt artiklarnas inköpspris till orderns";
    ConfirmOverReceipt => "Yes, more than ordered was received", "Ja, det kom mer enn bestilt", "Ja, mer än beställt kom";
    SupplierItemNo => "Supplier's item no.", "Leverandørens varenr.", "Leverantörens art.nr";
    ExpectedDate => "Expected", "Forventet", "Förväntas";
    Payables => "Supplier invoices", "Leverandørfakturaer", "Leverantörsfakturor";
    OpenPayables => "Open payables", "Åpne leverandørposter", "Öppna leverantörsposter";
    ImportEhf => "Import EHF", "Importer EHF", "Importera EHF";
    EhfFileHint => "An EHF / PEPPOL BIS 3 invoice or credit note (XML).", "En EHF / PEPPOL BIS 3 faktura eller kreditnota (XML).", "En EHF / PEPPOL BIS 3-faktura eller kreditnota (XML).";
    RegisterSupplierInvoice => "Register by hand", "Registrer manuelt", "Registrera manuellt";
    InvoiceNo => "Invoice no.", "Fakturanr.", "Fakturanr";
    Deviations => "Deviations from the purchase order", "Avvik fra innkjøpsordren", "Avvikelser från inköpsordern";
    Approvals => "Approvals", "Attestasjon", "Attest";
    Approve => "Approve", "Godkjenn", "Godkänn";
    Reject => "Reject", "Avvis", "Avvisa";
    Comment => "Comment", "Kommentar", "Kommentar";
    MarkPaid => "Mark paid", "Merk betalt", "Markera betald";
    ApprovalLevels => "Approval levels", "Attestasjonsnivåer", "Attestnivåer";
    ApprovalLevelsHint => "An invoice needs every level whose amount its total (incl. VAT) reaches, in order; nobody approves two levels of one invoice.", "En faktura må attesteres på hvert nivå beløpet (inkl. MVA) når, i rekkefølge; ingen attesterer to nivåer på samme faktura.", "En faktura attesteras på varje nivå beloppet (inkl. moms) når, i ordning; ingen attesterar två nivåer på samma faktura.";
    MinAmount => "From amount", "Fra beløp", "Från belopp";
    Approvers => "Approvers", "Attestanter", "Attestanter";
    AddLevel => "Add level", "Legg til nivå", "Lägg till nivå";
    PurchaseReport => "Purchase report", "Innkjøpsrapport", "Inköpsrapport";
    PurchaseAccounts => "Purchase accounts", "Innkjøpskonti", "Inköpskonton";
    PurchaseAccountsHint => "The account and dimension of supplier invoice lines: the item's, else the supplier's, else the company's.", "Konto og dimensjon for linjer på leverandørfakturaer: varens, ellers leverandørens, ellers firmaets.", "Konto och dimension för rader på leverantörsfakturor: artikelns, annars leverantörens, annars företagets.";
    Account => "Account", "Konto", "Konto";
    Accounting => "Accounting", "Regnskap", "Bokföring";
    Debit => "Debit", "Debet", "Debet";
    Credit => "Credit", "Kredit", "Kredit";
    TrialBalance => "Trial balance", "Saldobalanse", "Råbalans";
    Vouchers => "Vouchers", "Bilag", "Verifikationer";
    NoVouchers => "No vouchers in the period.", "Ingen bilag i perioden.", "Inga verifikationer i perioden.";
    PeriodLock => "Period lock", "Periodesperre", "Periodlåsning";
    LockedUntil => "Locked up to and including", "Sperret til og med", "Låst till och med";
    Party => "Customer/supplier", "Kunde/leverandør", "Kund/leverantör";
    ChartOfAccounts => "Chart of accounts", "Kontoplan", "Kontoplan";
    GroupingCategory => "SAF-T grouping category", "SAF-T grupperingskategori", "SAF-T-grupperingskategori";
    GroupingCode => "SAF-T grouping code", "SAF-T grupperingskode", "SAF-T-grupperingskod";
    AccountMap => "Posting accounts", "Posteringskontoer", "Konteringskonton";
    AccountMapHint => "Which account each kind of posting uses. Sales and output VAT can have an account of their own per VAT code; sales per item group, receivables and payables per customer's or supplier's posting group (give the group). Saving one without an account removes it, and the general one applies.", "Hvilken konto hver postering bruker. Salg og utgående MVA kan ha en egen konto per MVA-kode; salg per varegruppe, kundefordringer og leverandørgjeld per kundens eller leverandørens bokføringsgruppe (oppgi gruppen). Lagres den uten konto, fjernes den, og den generelle gjelder.", "Vilket konto varje kontering använder. Försäljning och utgående moms kan ha ett eget konto per momskod; försäljning per varugrupp, kundfordringar och leverantörsskulder per kundens eller leverantörens bokföringsgrupp (ange gruppen). Sparas den utan konto tas den bort, och den allmänna gäller.";
    Group => "Group", "Gruppe", "Grupp";
    Webhooks => "Webhooks", "Webhooks", "Webhooks";
    WebhooksHint => "Each webhook is sent the company's events as they happen, in order, signed with its secret (the Flyt-Signature header). A receiver that does not answer 2xx is tried again with longer and longer pauses; after a day of failures the webhook is turned off.", "Hver webhook får selskapets hendelser etter hvert som de skjer, i rekkefølge, signert med sin hemmelighet (headeren Flyt-Signature). En mottaker som ikke svarer 2xx, prøves igjen med stadig lengre pauser; etter et døgn med feil slås webhooken av.", "Varje webhook får företagets händelser när de sker, i ordning, signerade med sin hemlighet (headern Flyt-Signature). En mottagare som inte svarar 2xx försöks igen med allt längre pauser; efter ett dygn med fel stängs webhooken av.";
    WebhookDisabled => "Turned off after failures:", "Slått av etter feil:", "Avstängd efter fel:";
    WebhookSecret => "The webhook's secret (shown only now):", "Webhookens hemmelighet (vises bare nå):", "Webhookens hemlighet (visas bara nu):";
    AddWebhook => "Add a webhook", "Legg til webhook", "Lägg till webhook";
    Url => "URL", "URL", "URL";
    EventTypes => "Events", "Hendelser", "Händelser";
    AllEvents => "All events", "Alle hendelser", "Alla händelser";
    Failures => "Failures", "Feil", "Fel";
    NextAttempt => "Next attempt", "Neste forsøk", "Nästa försök";
    TurnOn => "Turn on", "Slå på", "Slå på";
    TurnOff => "Turn off", "Slå av", "Stäng av";
    DeliveryLog => "Delivery log", "Leveringslogg", "Leveranslogg";
    Answer => "Answer", "Svar", "Svar";
    EvOrderCreated => "Order created", "Ordre opprettet", "Order skapad";
    EvOrderConfirmed => "Order confirmed", "Ordre bekreftet", "Order bekräftad";
    EvOrderCancelled => "Order cancelled", "Ordre kansellert", "Order makulerad";
    EvDeliveryPosted => "Delivery posted", "Levering bokført", "Leverans bokförd";
    EvInvoicePosted => "Invoice posted", "Faktura bokført", "Faktura bokförd";
    EvCreditNotePosted => "Credit note posted", "Kreditnota bokført", "Kreditfaktura bokförd";
    EvPaymentRegistered => "Payment registered", "Innbetaling registrert", "Inbetalning registrerad";
    EvStockChanged => "Stock changed", "Lager endret", "Lager ändrat";
    EvPriceChanged => "Price changed", "Pris endret", "Pris ändrat";
    EvCustomerCreated => "Customer created", "Kunde opprettet", "Kund skapad";
    EvCustomerChanged => "Customer changed", "Kunde endret", "Kund ändrad";
    EvSupplierCreated => "Supplier created", "Leverandør opprettet", "Leverantör skapad";
    EvSupplierChanged => "Supplier changed", "Leverandør endret", "Leverantör ändrad";
    EvItemCreated => "Item created", "Vare opprettet", "Artikel skapad";
    EvItemChanged => "Item changed", "Vare endret", "Artikel ändrad";
    EvSupplierInvoiceApproved => "Supplier invoice approved", "Leverandørfaktura godkjent", "Leverantörsfaktura godkänd";
    OutputVat => "Output VAT", "Utgående MVA", "Utgående moms";
    Rounding => "Rounding", "Øreavrunding", "Öresavrundning";
    PostingRole => "Posting", "Postering", "Kontering";
    Dimension => "Dimension", "Dimensjon", "Dimension";
    StOrdered => "Ordered", "Bestilt", "Beställd";
    StPartlyReceived => "Partly received", "Delvis mottatt", "Delvis mottagen";
    StReceived => "Received", "Mottatt", "Mottagen";
    StPending => "Waiting for approval", "Til attestasjon", "För attest";
    StApproved => "Approved", "Godkjent", "Godkänd";
    StRejected => "Rejected", "Avvist", "Avvisad";
    StPaid => "Paid", "Betalt", "Betald";
    ShowAll => "Show all", "Vis alle", "Visa alla";
    PriceTolerance => "Price tolerance against the order (%)", "Pristoleranse mot ordren (%)", "Pristolerans mot ordern (%)";
    SaveChanges => "Save changes", "Lagre endringer", "Spara ändringar";
    InBusinessRegister => "Registered in the Register of Business Enterprises", "Registrert i Foretaksregisteret", "Registrerat i Foretaksregisteret";
    FTaxApproved => "Approved for F-tax", "Godkjent for F-skatt", "Godkänd för F-skatt";
    VatNoShort => "VAT no.", "MVA-nr.", "Momsreg.nr";
    DeliveryPeriod => "Delivery period", "Leveringsperiode", "Leveransperiod";
    CreditNoteDate => "Credit note date", "Kreditnotadato", "Kreditnotadatum";
    VatPct => "VAT %", "MVA %", "Moms %";
    DocumentCol => "Document", "Dokument", "Dokument";
    RunningBalance => "Balance", "Saldo", "Saldo";
    OverdueOfBalance => "Of which overdue", "Herav forfalt", "Varav förfallet";
    SortBy => "Sort by", "Sorter etter", "Sortera efter";
    VatCatS => "Standard rate", "Ordinær sats", "Normalskattesats";
    VatCatZ => "Zero rated", "Nullsats", "Nollskattesats";
    VatCatE => "Exempt", "Fritatt", "Undantagen från skatteplikt";
    VatCatAE => "Reverse charge", "Omvendt avgiftsplikt", "Omvänd skattskyldighet";
    VatCatK => "Intra-community supply", "Levering til annet EU-land", "Unionsintern leverans";
    VatCatG => "Export outside the EEA", "Eksport utenfor EØS", "Export utanför EES";
    VatCatO => "Outside the scope of VAT", "Utenfor avgiftsområdet", "Utanför momsens tillämpningsområde";
    KindAdjustment => "Adjustment", "Justering", "Justering";
    KindTransfer => "Transfer", "Overføring", "Överföring";
    KindImport => "Import", "Import", "Import";
    KindCount => "Stocktaking", "Varetelling", "Inventering";
    Fifo => "FIFO", "FIFO", "FIFU";
    GoodsReceipt => "Goods receipt", "Varemottak", "Inleverans";
    ChannelPrint => "Print", "Utskrift", "Utskrift";
    Month => "Month", "Måned", "Månad";
    Quarter => "Quarter", "Kvartal", "Kvartal";
    Year => "Year", "År", "År";
    StPosted => "Posted", "Bokført", "Bokförd";
    BankReturned => "Returned payment: check what it paid and contact the customer", "Returnert betaling: sjekk hva den betalte og kontakt kunden", "Returnerad betalning: kontrollera vad den betalade och kontakta kunden";
    BankPending => "Not booked by the bank yet: it is matched when a statement books it", "Ikke bokført av banken ennå: avstemmes når en kontoutskrift bokfører den", "Inte bokförd av banken ännu: matchas när ett kontoutdrag bokför den";
    Today => "Today", "I dag", "I dag";
    UnsavedQuestion => "The document has changes that are not saved. Leave it and lose them?", "Dokumentet har endringer som ikke er lagret. Forlate det og miste dem?", "Dokumentet har ändringar som inte är sparade. Lämna det och förlora dem?";
    ConfirmPostDifferences => "Post the differences to stock", "Bokføre differansene på lager", "Bokföra differenserna i lagret";
    ImplausibleCounts => "Check these counts: over ten times or under a tenth of the book quantity", "Sjekk disse tellingene: over ti ganger eller under en tiendedel av bokført antall", "Kontrollera dessa räkningar: över tio gånger eller under en tiondel av bokfört antal";
    RemindersMade => "Reminders made: e-mailed where e-mail is set up and the customer has an address; print the others", "Purringer laget: sendt på e-post der e-post er satt opp og kunden har en adresse; skriv ut de andre", "Påminnelser skapade: skickade med e-post där e-post är konfigurerad och kunden har en adress; skriv ut de andra";
    ShortcutsToggle => "show or hide this list", "vis eller skjul denne listen", "visa eller dölj denna lista";
    ShortcutsClose => "close", "lukk", "stäng";
    TodoTitle => "To do", "Å gjøre", "Att göra";
    TodoNothing => "Nothing waits for you.", "Ingenting venter på deg.", "Inget väntar på dig.";
    TodoOverdue => "overdue invoices", "forfalte fakturaer", "förfallna fakturor";
    TodoDeliver => "orders ready to deliver", "ordrer klare til levering", "order klara att leverera";
    TodoInvoice => "orders delivered, not yet invoiced", "ordrer levert, ikke fakturert", "order levererade men inte fakturerade";
    TodoApprove => "supplier invoices awaiting your approval", "leverandørfakturaer som venter på din godkjenning", "leverantörsfakturor som väntar på din attest";
    TodoBelowSafety => "items below safety stock", "varer under sikkerhetslager", "artiklar under säkerhetslager";
    Ageing => "Ageing", "Aldersfordeling", "Åldersanalys";
    PageNo => "Page", "Side", "Sida";
    StCreditUsed => "Settled", "Avregnet", "Avräknad";
    StCreditOpen => "To the customer's credit", "Til gode for kunden", "Kundens tillgodohavande";
    OfBase => "on", "av", "på";
    VatExemptNote => "VAT exemption", "Fritak for MVA", "Undantag från moms";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_translated() {
        for key in T::ALL {
            for lang in Lang::ALL {
                assert!(!key.text(lang).trim().is_empty(), "{key:?} {lang:?}");
            }
        }
        assert_eq!(Lang::Nb.t(T::LogIn), "Logg inn");
        assert_eq!(Lang::Sv.t(T::LogIn), "Logga in");
    }

    #[test]
    fn accept_language() {
        assert_eq!(Lang::from_accept_language("nb-NO,nb;q=0.9,en;q=0.8"), Some(Lang::Nb));
        assert_eq!(Lang::from_accept_language("de-DE,sv;q=0.5"), Some(Lang::Sv));
        assert_eq!(Lang::from_accept_language("de"), None);
    }
}
