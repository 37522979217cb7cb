//! Server messages in the user's language. Services speak English (it is also the API's
//! language); what reaches a page goes through [`translate`], which finds the message's
//! pattern in the catalogue below and fills the translation with the message's values —
//! themselves translated when they are field names or status codes, and with decimal
//! numbers and dates written the language's way. A message prefixed by a field or a
//! line ("Line 3: …", "Invoice date: …") is translated in parts. A message not in the
//! catalogue is shown as it is (and the nb page walk in `end2end` catches the stems).
use super::format;
use super::i18n::Lang;

macro_rules! catalogue {
    ($name:ident: $($en:literal => $nb:literal, $sv:literal;)*) => {
        const $name: &[(&str, &str, &str)] = &[$(($en, $nb, $sv)),*];
    };
}

// Field names, kinds and status codes that appear inside messages.
catalogue! { WORDS:
    "Quantity" => "Antall", "Antal";
    "quantity" => "antall", "antal";
    "Name" => "Navn", "Namn";
    "Date" => "Dato", "Datum";
    "Description" => "Beskrivelse", "Beskrivning";
    "Address" => "Adresse", "Adress";
    "Postcode" => "Postnummer", "Postnummer";
    "Invoice date" => "Fakturadato", "Fakturadatum";
    "E-mail" => "E-post", "E-post";
    "City" => "Sted", "Ort";
    "Your reference" => "Deres referanse", "Er referens";
    "Our reference" => "Vår referanse", "Vår referens";
    "Order reference" => "Ordrereferanse", "Orderreferens";
    "Supplier's item number" => "Leverandørens varenummer", "Leverantörens artikelnummer";
    "Safety stock" => "Sikkerhetslager", "Säkerhetslager";
    "Reorder quantity" => "Bestillingsantall", "Beställningskvantitet";
    "Recipient" => "Mottaker", "Mottagare";
    "Phone" => "Telefon", "Telefon";
    "Mobile" => "Mobil", "Mobil";
    "Payment date" => "Betalingsdato", "Betalningsdatum";
    "Pack size" => "Pakningsstørrelse", "Förpackningsstorlek";
    "Item group" => "Varegruppe", "Varugrupp";
    "Group" => "Gruppe", "Grupp";
    "Posting group" => "Bokføringsgruppe", "Bokföringsgrupp";
    "Notes" => "Notater", "Anteckningar";
    "Note" => "Merknad", "Anteckning";
    "From quantity" => "Fra antall", "Från antal";
    "Bin" => "Hylleplass", "Lagerplats";
    "Web" => "Nettside", "Webbplats";
    "VAT number" => "MVA-nummer", "Momsregistreringsnummer";
    "VAT exemption reason" => "Grunn for MVA-fritak", "Skäl för momsbefrielse";
    "VAT code" => "MVA-kode", "Momskod";
    "Unit" => "Enhet", "Enhet";
    "Token name" => "Nøkkelnavn", "Nyckelnamn";
    "To" => "Til", "Till";
    "From" => "Fra", "Från";
    "Locked until" => "Sperret til og med", "Låst till och med";
    "Subject" => "Emne", "Ämne";
    "Message" => "Melding", "Meddelande";
    "Sender address" => "Avsenderadresse", "Avsändaradress";
    "SMTP user" => "SMTP-bruker", "SMTP-användare";
    "SMTP password" => "SMTP-passord", "SMTP-lösenord";
    "SMTP host" => "SMTP-server", "SMTP-server";
    "Run date" => "Kjøringsdato", "Körningsdatum";
    "Role" => "Rolle", "Roll";
    "Requisition number" => "Rekvisisjonsnummer", "Rekvisitionsnummer";
    "Reminder date" => "Purredato", "Påminnelsedatum";
    "Reference" => "Referanse", "Referens";
    "Receipt date" => "Mottaksdato", "Mottagningsdatum";
    "Reason the quote was lost" => "Grunn til at tilbudet gikk tapt", "Skäl till att offerten förlorades";
    "Reason" => "Grunn", "Skäl";
    "Project name" => "Prosjektnavn", "Projektnamn";
    "Project code" => "Prosjektkode", "Projektkod";
    "Price list name" => "Prislistenavn", "Prislistans namn";
    "Prefix" => "Prefiks", "Prefix";
    "PEPPOL participant id" => "PEPPOL-deltaker-ID", "PEPPOL-deltagar-ID";
    "Organisation number" => "Organisasjonsnummer", "Organisationsnummer";
    "Order date" => "Ordredato", "Orderdatum";
    "KID" => "KID", "OCR-referens";
    "Item number" => "Varenummer", "Artikelnummer";
    "Invoice number" => "Fakturanummer", "Fakturanummer";
    "Invoice e-mail" => "Faktura-e-post", "Faktura-e-post";
    "Filter" => "Filter", "Filter";
    "File name" => "Filnavn", "Filnamn";
    "End" => "Slutt", "Slut";
    "Due date" => "Forfallsdato", "Förfallodatum";
    "Dimension" => "Dimensjon", "Dimension";
    "Delivery date" => "Leveringsdato", "Leveransdatum";
    "Delivery address" => "Leveringsadresse", "Leveransadress";
    "Credit note date" => "Kreditnotadato", "Kreditfakturadatum";
    "Company name" => "Firmanavn", "Företagsnamn";
    "Comment" => "Kommentar", "Kommentar";
    "Bank account" => "Bankkonto", "Bankkonto";
    "Account" => "Konto", "Konto";
    "Valid until" => "Gyldig til", "Giltig till";
    "Amount" => "Beløp", "Belopp";
    "Invoice" => "Faktura", "Faktura";
    "Credit note" => "Kreditnota", "Kreditfaktura";
    "Price" => "Pris", "Pris";
    "Unit price" => "Enhetspris", "Styckpris";
    "Unit cost" => "Enhetskost", "Styckkostnad";
    "Purchase price" => "Innkjøpspris", "Inköpspris";
    "Sales price" => "Salgspris", "Försäljningspris";
    "Discount" => "Rabatt", "Rabatt";
    "Discount %" => "Rabatt %", "Rabatt %";
    "Credit limit" => "Kredittgrense", "Kreditgräns";
    "Counted" => "Opptalt", "Räknat";
    "Total" => "Totalt", "Totalt";
    "total" => "total", "totalsumma";
    "net amount" => "nettobeløp", "nettobelopp";
    "VAT amount" => "MVA-beløp", "momsbelopp";
    "payable amount" => "å betale", "att betala";
    "Port" => "Port", "Port";
    "delivered" => "levert", "levererat";
    "invoiced" => "fakturert", "fakturerat";
    "received" => "mottatt", "mottaget";
    "credited" => "kreditert", "krediterat";
    // statuses and kinds
    "draft" => "utkast", "utkast";
    "open" => "åpen", "öppen";
    "sent" => "sendt", "skickad";
    "lost" => "tapt", "förlorad";
    "accepted" => "akseptert", "accepterad";
    "partly accepted" => "delvis akseptert", "delvis accepterad";
    "expired" => "utløpt", "utgången";
    "confirmed" => "bekreftet", "bekräftad";
    "cancelled" => "kansellert", "makulerad";
    "partly delivered" => "delvis levert", "delvis levererad";
    "partly invoiced" => "delvis fakturert", "delvis fakturerad";
    "closed" => "lukket", "stängd";
    "posted" => "bokført", "bokförd";
    "paid" => "betalt", "betald";
    "overdue" => "forfalt", "förfallen";
    "approved" => "godkjent", "godkänd";
    "rejected" => "avvist", "avvisad";
    "pending" => "venter", "väntar";
    "waiting for approval" => "venter på godkjenning", "väntar på attest";
    "item" => "vare", "artikel";
    "text" => "tekst", "text";
    "heading" => "overskrift", "rubrik";
    "supplier" => "leverandør", "leverantör";
    "customer" => "kunde", "kund";
    "invoice" => "faktura", "faktura";
    "credit note" => "kreditnota", "kreditfaktura";
    "order" => "ordre", "order";
    "month" => "måned", "månad";
    "quarter" => "kvartal", "kvartal";
    "year" => "år", "år";
    "payment terms" => "betalingsbetingelser", "betalningsvillkor";
    "delivery terms" => "leveringsbetingelser", "leveransvillkor";
}

// Whole messages; `{}` stands for a value, `{N}` in a translation for the N-th value.
catalogue! { MESSAGES:
    "Please log in" => "Logg inn", "Logga in";
    "SAF-T Financial is the Norwegian tax authority's format; a Swedish company exports SIE 4I" => "SAF-T Regnskap er Skatteetatens format; et svensk selskap eksporterer SIE 4I", "SAF-T Financial är det norska skatteverkets format; ett svenskt företag exporterar SIE 4I";
    "The SAF-T file needs the company's organisation number (9 digits): enter it under Setup → Company" => "SAF-T-filen trenger selskapets organisasjonsnummer (9 siffer): legg det inn under Oppsett → Firma", "SAF-T-filen behöver företagets organisationsnummer (9 siffror): ange det under Inställningar → Företag";
    "Account {} has no SAF-T grouping of the næringsspesifikasjon: set it under Setup → Accounting" => "Konto {} har ingen SAF-T-gruppering fra næringsspesifikasjonen: sett den under Oppsett → Regnskap", "Konto {} har ingen SAF-T-gruppering från næringsspesifikasjonen: ange den under Inställningar → Bokföring";
    "VAT code {} has no SAF-T standard tax code, so the period cannot be reported" => "Mva-kode {} har ingen SAF-T standard avgiftskode, så perioden kan ikke rapporteres", "Momskod {} har ingen SAF-T standardskattekod, så perioden kan inte rapporteras";
    "SIE needs numeric account numbers: account {} is not one" => "SIE krever kontonumre med bare siffer: konto {} er ikke det", "SIE kräver numeriska kontonummer: konto {} är inte det";
    "Vouchers were posted into the period while the file was written: export it again" => "Det ble ført bilag i perioden mens filen ble skrevet: eksporter på nytt", "Verifikationer bokfördes i perioden medan filen skrevs: exportera igen";
    "Account {} is not an active account of the chart: add it under Setup → Accounting" => "Konto {} er ikke en aktiv konto i kontoplanen: legg den til under Oppsett → Regnskap", "Konto {} är inte ett aktivt konto i kontoplanen: lägg till det under Inställningar → Bokföring";
    "The balances do not add up to zero: debits {}, credits {} (difference {})" => "Saldoene går ikke i null: debet {}, kredit {} (differanse {})", "Saldona går inte jämnt ut: debet {}, kredit {} (differens {})";
    "Give the account" => "Oppgi kontoen", "Ange kontot";
    "{} is not in whole cents" => "{} er ikke i hele øre", "{} är inte i hela ören";
    "The file has {} lines; at most {} balances can be imported at once" => "Filen har {} linjer; høyst {} saldoer kan importeres om gangen", "Filen har {} rader; högst {} saldon kan importeras åt gången";
    "The file has no balances" => "Filen har ingen saldoer", "Filen har inga saldon";
    "The file is larger than 1 MB; an opening balance has one line per account" => "Filen er større enn 1 MB; en inngående balanse har én linje per konto", "Filen är större än 1 MB; en ingående balans har en rad per konto";
    "The accounts are locked for {}: post it with a date after the locked period, or open the period under Accounting → Period lock" => "Regnskapet er sperret for {}: før det med en dato etter den sperrede perioden, eller åpne perioden under Regnskap → Periodesperre", "Bokföringen är låst för {}: bokför med ett datum efter den låsta perioden, eller öppna perioden under Bokföring → Periodlåsning";
    "Lock only periods that have ended: choose a date before today" => "Sperr bare perioder som er over: velg en dato før i dag", "Lås bara perioder som har passerat: välj ett datum före i dag";
    "The period ends ({}) before it starts ({})" => "Perioden slutter ({}) før den begynner ({})", "Perioden slutar ({}) innan den börjar ({})";
    "Account number '{}': 4 to 8 digits" => "Kontonummer '{}': 4 til 8 sifre", "Kontonummer '{}': 4 till 8 siffror";
    "Account {}: give both the SAF-T grouping category and code, or neither" => "Konto {}: oppgi både SAF-T-grupperingskategori og -kode, eller ingen av dem", "Konto {}: ange både SAF-T-grupperingskategori och -kod, eller ingen av dem";
    "Account {}: '{} {}' is not a grouping of the SAF-T næringsspesifikasjon (e.g. salgsinntekt 3000)" => "Konto {}: '{} {}' er ikke en gruppering i SAF-T-næringsspesifikasjonen (f.eks. salgsinntekt 3000)", "Konto {}: '{} {}' är ingen gruppering i SAF-T-näringsspecifikationen (t.ex. salgsinntekt 3000)";
    "Voucher {} records a document: correct it through the document (a credit note, a stock count, a payment's own correction)" => "Bilag {} fører et dokument: korriger det gjennom dokumentet (en kreditnota, en varetelling, en korreksjon av betalingen)", "Verifikation {} bokför ett dokument: rätta det genom dokumentet (en kreditnota, en inventering, en rättelse av betalningen)";
    "A reversal is dated on or after the voucher it reverses ({})" => "En tilbakeføring dateres samme dag som eller etter bilaget den tilbakefører ({})", "En återföring dateras samma dag som eller efter verifikationen den återför ({})";
    "Voucher {} is already reversed by {}" => "Bilag {} er allerede tilbakeført med {}", "Verifikation {} är redan återförd med {}";
    "Voucher {} is already reversed" => "Bilag {} er allerede tilbakeført", "Verifikation {} är redan återförd";
    "No voucher {}" => "Finner ikke bilag {}", "Hittar inte verifikation {}";
    "'{}' is not a voucher (series-year-number, e.g. IB-2025-1)" => "'{}' er ikke et bilag (serie-år-nummer, f.eks. IB-2025-1)", "'{}' är inte en verifikation (serie-år-nummer, t.ex. IB-2025-1)";
    "Perpetual inventory posts each move at its moving average cost: choose the moving average valuation under Setup → Company first" => "Løpende lagerføring fører hver bevegelse til glidende gjennomsnittskost: velg verdsettelse etter glidende gjennomsnitt under Oppsett → Firma først", "Löpande lagerbokföring bokför varje rörelse till glidande medelkostnad: välj värdering med glidande medelvärde under Inställningar → Företag först";
    "Perpetual inventory keeps the accounts at the moving average value: turn it off under Setup → Accounting before changing the valuation method" => "Løpende lagerføring holder regnskapet på verdien etter glidende gjennomsnitt: slå den av under Oppsett → Regnskap før du endrer verdsettelsen", "Löpande lagerbokföring håller bokföringen på värdet enligt glidande medelvärde: stäng av den under Inställningar → Bokföring innan du ändrar värderingen";
    "Account {} is where {} posts: map another account there first" => "Konto {} er der {} føres: velg en annen konto for den først", "Konto {} är där {} bokförs: välj ett annat konto för den först";
    "No active account {} in the chart" => "Ingen aktiv konto {} i kontoplanen", "Inget aktivt konto {} i kontoplanen";
    "{} needs an account" => "{} trenger en konto", "{} behöver ett konto";
    "No VAT code {} in this company" => "Ingen MVA-kode {} i dette firmaet", "Ingen momskod {} i detta företag";
    "Your role does not allow this" => "Rollen din gir ikke tilgang til dette", "Din roll tillåter inte detta";
    "Something went wrong on the server; nothing was saved. Please try again. ({})" => "Noe gikk galt på serveren; ingenting ble lagret. Prøv igjen. ({})", "Något gick fel på servern; inget sparades. Försök igen. ({})";
    "The form could not be read: {}" => "Skjemaet kunne ikke leses: {}", "Formuläret kunde inte läsas: {}";
    "The password must have at least 8 characters" => "Passordet må ha minst 8 tegn", "Lösenordet måste ha minst 8 tecken";
    "The password is too long (at most 256 characters)" => "Passordet er for langt (høyst 256 tegn)", "Lösenordet är för långt (högst 256 tecken)";
    "A unit cost is given but no quantity" => "Enhetskost er oppgitt, men ikke antall", "Styckkostnad är angiven men inget antal";
    "{} is not a stock item and cannot have opening stock" => "{} er ikke en lagervare og kan ikke ha inngående beholdning", "{} är ingen lagerartikel och kan inte ha ingående lager";
    "Opening stock needs a warehouse code (column warehouse)" => "Inngående beholdning trenger en lagerkode (kolonnen warehouse)", "Ingående lager behöver en lagerkod (kolumnen warehouse)";
    "Unit cost cannot be negative" => "Enhetskost kan ikke være negativ", "Styckkostnaden kan inte vara negativ";
    "A bin location needs a warehouse code (column warehouse)" => "En hylleplass trenger en lagerkode (kolonnen warehouse)", "En lagerplats behöver en lagerkod (kolumnen warehouse)";
    "{} cannot be negative" => "{} kan ikke være negativ", "{} kan inte vara negativ";
    "{} has {} open on account {}: change the posting group when its open items are settled" => "{} har {} åpent på konto {}: endre bokføringsgruppen når de åpne postene er gjort opp", "{} har {} öppet på konto {}: ändra bokföringsgruppen när de öppna posterna är reglerade";
    "Item number '{}' may hold only letters, digits and - _ ." => "Varenummer '{}' kan bare ha bokstaver, sifre og - _ .", "Artikelnummer '{}' får bara innehålla bokstäver, siffror och - _ .";
    "{} '{}' may hold only letters, digits and - _ ." => "{} '{}' kan bare ha bokstaver, sifre og - _ .", "{} '{}' får bara innehålla bokstäver, siffror och - _ .";
    "Barcode '{}' must be 8, 12, 13 or 14 digits (EAN/UPC/GTIN)" => "Strekkode '{}' må ha 8, 12, 13 eller 14 sifre (EAN/UPC/GTIN)", "Streckkod '{}' måste ha 8, 12, 13 eller 14 siffror (EAN/UPC/GTIN)";
    "Barcode '{}' has a wrong check digit" => "Strekkode '{}' har feil kontrollsiffer", "Streckkod '{}' har fel kontrollsiffra";
    "Pack size must be above 0" => "Pakningsstørrelse må være over 0", "Förpackningsstorleken måste vara över 0";
    "Currency is required (e.g. NOK)" => "Valuta må fylles ut (f.eks. NOK)", "Valuta måste anges (t.ex. SEK)";
    "From quantity cannot be negative" => "Fra antall kan ikke være negativt", "Från antal kan inte vara negativt";
    "Price cannot be negative" => "Prisen kan ikke være negativ", "Priset kan inte vara negativt";
    "Valid to is before valid from" => "Gyldig til er før gyldig fra", "Giltig till är före giltig från";
    "No such price list in this company" => "Prislisten finnes ikke i dette firmaet", "Prislistan finns inte i detta företag";
    "No such price in this list" => "Prisen finnes ikke i denne listen", "Priset finns inte i denna lista";
    "Unknown unit '{}': add it in Setup → Units" => "Ukjent enhet '{}': legg den til under Oppsett → Enheter", "Okänd enhet '{}': lägg till den under Inställningar → Enheter";
    "Unknown VAT code '{}': see Setup → VAT codes" => "Ukjent MVA-kode '{}': se Oppsett → MVA-koder", "Okänd momskod '{}': se Inställningar → Momskoder";
    "No supplier with number {}" => "Ingen leverandør med nummer {}", "Ingen leverantör med nummer {}";
    "No item {}" => "Ingen vare {}", "Ingen artikel {}";
    "Unknown warehouse '{}'" => "Ukjent lager '{}'", "Okänt lager '{}'";
    "Organisation number is required" => "Organisasjonsnummer må fylles ut", "Organisationsnummer måste anges";
    "Organisation number is too long (at most 40 characters)" => "Organisasjonsnummeret er for langt (høyst 40 tegn)", "Organisationsnumret är för långt (högst 40 tecken)";
    "'{}' is not a valid Norwegian organisation number (9 digits with a MOD11 check digit)" => "'{}' er ikke et gyldig norsk organisasjonsnummer (9 sifre med MOD11-kontrollsiffer)", "'{}' är inte ett giltigt norskt organisationsnummer (9 siffror med MOD11-kontrollsiffra)";
    "'{}' is not a valid Swedish organisation number (10 digits with a Luhn check digit)" => "'{}' er ikke et gyldig svensk organisasjonsnummer (10 sifre med Luhn-kontrollsiffer)", "'{}' är inte ett giltigt svenskt organisationsnummer (10 siffror med Luhn-kontrollsiffra)";
    "The file lacks the column(s): {} (the first line must name the columns)" => "Filen mangler kolonnen(e): {} (første linje må navngi kolonnene)", "Filen saknar kolumnen/kolumnerna: {} (första raden måste namnge kolumnerna)";
    "Line {} has more than {} values: this is not a register file" => "Linje {} har mer enn {} verdier: dette er ikke en registerfil", "Rad {} har fler än {} värden: detta är ingen registerfil";
    "The file has more than {} lines; import it in parts" => "Filen har mer enn {} linjer; importer den i deler", "Filen har fler än {} rader; importera den i delar";
    "Line {}: a quoted value is not closed (the file may be cut off)" => "Linje {}: en verdi i anførselstegn er ikke avsluttet (filen kan være avkortet)", "Rad {}: ett citerat värde är inte avslutat (filen kan vara avklippt)";
    "The file is empty" => "Filen er tom", "Filen är tom";
    "Line {} has {} values but the header names {} columns" => "Linje {} har {} verdier, men overskriften navngir {} kolonner", "Rad {} har {} värden men rubriken namnger {} kolumner";
    "{}: '{}' is not a date between {}-01-01 and {}-12-31" => "{}: '{}' er ikke en dato mellom 01.01.{} og 31.12.{}", "{}: '{}' är inget datum mellan {}-01-01 och {}-12-31";
    "{}: '{}' is not a date (use YYYY-MM-DD)" => "{}: '{}' er ikke en dato (bruk ÅÅÅÅ-MM-DD)", "{}: '{}' är inget datum (använd ÅÅÅÅ-MM-DD)";
    "Enter an amount" => "Skriv inn et beløp", "Ange ett belopp";
    "The amount is too long" => "Beløpet er for langt", "Beloppet är för långt";
    "'{}' has more decimals than Flyt can hold exactly" => "'{}' har flere desimaler enn Flyt kan lagre nøyaktig", "'{}' har fler decimaler än Flyt kan lagra exakt";
    "'{}' is not an amount (a comma groups thousands: 1,234.50)" => "'{}' er ikke et beløp (komma skiller tusener på engelsk: 1,234.50)", "'{}' är inget belopp (komma skiljer tusental på engelska: 1,234.50)";
    "'{}' is not an amount" => "'{}' er ikke et beløp", "'{}' är inget belopp";
    "'{}' is not a quantity" => "'{}' er ikke et antall", "'{}' är inget antal";
    "'{}' is not a port number" => "'{}' er ikke et portnummer", "'{}' är inget portnummer";
    "{}: '{}' is not a quantity" => "{}: '{}' er ikke et antall", "{}: '{}' är inget antal";
    "{}: '{}' is not an amount" => "{}: '{}' er ikke et beløp", "{}: '{}' är inget belopp";
    "{}: '{}' is not a whole number" => "{}: '{}' er ikke et heltall", "{}: '{}' är inget heltal";
    "{}: '{}' is not a valid choice" => "{}: '{}' er ikke et gyldig valg", "{}: '{}' är inget giltigt val";
    "{}: '{}' is not a number" => "{}: '{}' er ikke et tall", "{}: '{}' är inget tal";
    "{} is not a number: '{}'" => "{} er ikke et tall: '{}'", "{} är inget tal: '{}'";
    "Unknown line kind '{}' (item, text or heading)" => "Ukjent linjetype '{}' (vare, tekst eller overskrift)", "Okänd radtyp '{}' (artikel, text eller rubrik)";
    "Line {}: a {} line needs a text" => "Linje {}: en {}linje trenger en tekst", "Rad {}: en {}rad behöver en text";
    "'{}…' is too long for a number" => "'{}…' er for langt for et tall", "'{}…' är för långt för ett tal";
    "{} {} is too large (at most {})" => "{} {} er for stort (høyst {})", "{} {} är för stort (högst {})";
    "{} {} is too large" => "{} {} er for stort", "{} {} är för stort";
    "{} {} has more than {} decimals" => "{} {} har mer enn {} desimaler", "{} {} har fler än {} decimaler";
    "{} is required" => "{} må fylles ut", "{} måste anges";
    "{} is too long ({} characters, at most {})" => "{} er for lang ({} tegn, høyst {})", "{} är för lång ({} tecken, högst {})";
    "{} contains control characters" => "{} inneholder kontrolltegn", "{} innehåller kontrolltecken";
    "{} contains invisible text-direction characters (such as right-to-left override): retype it" => "{} inneholder usynlige tekstretningstegn (som høyre-til-venstre-overstyring): skriv det inn på nytt", "{} innehåller osynliga textriktningstecken (som höger-till-vänster-överstyrning): skriv in det igen";
    "'{}' is not an e-mail address" => "'{}' er ikke en e-postadresse", "'{}' är ingen e-postadress";
    "The XML file is {} MB; Flyt reads files up to {} MB" => "XML-filen er {} MB; Flyt leser filer opptil {} MB", "XML-filen är {} MB; Flyt läser filer upp till {} MB";
    "The XML file nests elements more than {} levels deep: it is not an invoice or bank statement" => "XML-filen har elementer nøstet mer enn {} nivåer dypt: den er ikke en faktura eller kontoutskrift", "XML-filen har element nästlade mer än {} nivåer djupt: den är ingen faktura eller kontoutdrag";
    "The XML file cannot be read at byte {}: {} (is it truncated?)" => "XML-filen kan ikke leses ved byte {}: {} (er den avkortet?)", "XML-filen kan inte läsas vid byte {}: {} (är den avklippt?)";
    "The file is not valid XML: {}" => "Filen er ikke gyldig XML: {}", "Filen är inte giltig XML: {}";
    "That already exists" => "Det finnes allerede", "Det finns redan";
    "That refers to something that does not exist" => "Det viser til noe som ikke finnes", "Det hänvisar till något som inte finns";
    "A value is out of range" => "En verdi er utenfor gyldig område", "Ett värde ligger utanför tillåtet intervall";
    "No item {} in this company" => "Ingen vare {} i dette firmaet", "Ingen artikel {} i detta företag";
    "No contract {} in this company" => "Ingen kontrakt {} i dette firmaet", "Inget avtal {} i detta företag";
    "The contract ends before it starts" => "Kontrakten slutter før den starter", "Avtalet slutar innan det börjar";
    "Contract {} period {} is invoiced already" => "Kontrakt {} periode {} er allerede fakturert", "Avtal {} period {} är redan fakturerad";
    "Customer {} has no PEPPOL id, organisation number or invoice e-mail: EHF needs one" => "Kunde {} har ingen PEPPOL-ID, organisasjonsnummer eller faktura-e-post: EHF trenger én av dem", "Kund {} har inget PEPPOL-ID, organisationsnummer eller faktura-e-post: e-fakturan behöver ett av dem";
    "Set the company's bank account in setup: an EHF invoice must say where to pay" => "Legg inn firmaets bankkonto i oppsettet: en EHF-faktura må si hvor det skal betales", "Ange företagets bankkonto i inställningarna: en e-faktura måste ange vart betalningen ska gå";
    "Unknown KID method '{}': use none, mod10 or mod11" => "Ukjent KID-metode '{}': bruk none, mod10 eller mod11", "Okänd OCR-metod '{}': använd none, mod10 eller mod11";
    "KID length must be 10 to 25 digits (is {})" => "KID-lengden må være 10 til 25 sifre (er {})", "OCR-längden måste vara 10 till 25 siffror (är {})";
    "Invoice number '{}' cannot be put in a KID: it needs 1 to {} digits" => "Fakturanummer '{}' kan ikke brukes i en KID: det må ha 1 til {} sifre", "Fakturanummer '{}' kan inte ingå i en OCR-referens: det måste ha 1 till {} siffror";
    "{}: {} must be 0 to 100 000 with at most 2 decimals" => "{}: {} må være 0 til 100 000 med høyst 2 desimaler", "{}: {} måste vara 0 till 100 000 med högst 2 decimaler";
    "Reminder days must be 1 to 365 (is {})" => "Purredager må være 1 til 365 (er {})", "Påminnelsedagar måste vara 1 till 365 (är {})";
    "EHF outbox: an absolute directory path or an http(s):// URL" => "EHF-utboks: en absolutt katalogsti eller en http(s)://-adresse", "E-fakturautkorg: en absolut katalogsökväg eller en http(s)://-adress";
    "Line {}: the quantity to credit must be above 0 (got {})" => "Linje {}: antallet som skal krediteres må være over 0 (fikk {})", "Rad {}: antalet att kreditera måste vara över 0 (fick {})";
    "Line {}: cannot credit {}; {} was invoiced and {} is already credited" => "Linje {}: kan ikke kreditere {}; {} ble fakturert og {} er allerede kreditert", "Rad {}: kan inte kreditera {}; {} fakturerades och {} är redan krediterat";
    "{}: the quantity to invoice must be above 0 (got {})" => "{}: antallet som skal faktureres må være over 0 (fikk {})", "{}: antalet att fakturera måste vara över 0 (fick {})";
    "{}: cannot invoice {}; {} delivered, {} invoiced, so {} can be" => "{}: kan ikke fakturere {}; {} levert, {} fakturert, så {} kan faktureres", "{}: kan inte fakturera {}; {} levererat, {} fakturerat, så {} kan faktureras";
    "Give the contract a description (up to 200 characters)" => "Gi kontrakten en beskrivelse (opptil 200 tegn)", "Ge avtalet en beskrivning (upp till 200 tecken)";
    "Period '{}': use month, quarter or year" => "Periode '{}': bruk måned, kvartal eller år", "Period '{}': använd månad, kvartal eller år";
    "A contract needs at least one line" => "En kontrakt trenger minst én linje", "Ett avtal behöver minst en rad";
    "Line {}: choose an item" => "Linje {}: velg en vare", "Rad {}: välj en artikel";
    "the EHF endpoint {} answered {}" => "EHF-mottaket {} svarte {}", "E-fakturamottagaren {} svarade {}";
    "the EHF endpoint {} could not be reached: {}" => "EHF-mottaket {} kunne ikke nås: {}", "E-fakturamottagaren {} kunde inte nås: {}";
    "{} receives EHF: set the EHF outbox in Setup → Invoicing first" => "{} mottar EHF: angi EHF-utboksen under Oppsett → Fakturering først", "{} tar emot e-faktura: ange e-fakturautkorgen under Inställningar → Fakturering först";
    "Unknown payment terms '{}'" => "Ukjente betalingsbetingelser '{}'", "Okända betalningsvillkor '{}'";
    "An invoice is either from orders or direct with its own lines, not both" => "En faktura lages enten fra ordrer eller direkte med egne linjer, ikke begge", "En faktura skapas antingen från order eller direkt med egna rader, inte båda";
    "Nothing to invoice: choose orders or delivered lines, or add lines" => "Ingenting å fakturere: velg ordrer eller leverte linjer, eller legg til linjer", "Inget att fakturera: välj order eller levererade rader, eller lägg till rader";
    "The orders are for customer {}, not {}" => "Ordrene gjelder kunde {}, ikke {}", "Ordrarna gäller kund {}, inte {}";
    "An invoice needs at least one item line" => "En faktura trenger minst én varelinje", "En faktura behöver minst en artikelrad";
    "The company has no active warehouse to take the stock from" => "Firmaet har ikke noe aktivt lager å ta varene fra", "Företaget har inget aktivt lager att ta varorna från";
    "Order {} is not confirmed" => "Ordre {} er ikke bekreftet", "Order {} är inte bekräftad";
    "An invoice is for one customer: choose orders of the same customer" => "En faktura gjelder én kunde: velg ordrer for samme kunde", "En faktura gäller en kund: välj order för samma kund";
    "Order {} has no item line {}" => "Ordre {} har ingen varelinje {}", "Order {} har ingen artikelrad {}";
    "Nothing is delivered and not yet invoiced on these orders" => "Ingenting er levert og ikke fakturert på disse ordrene", "Inget är levererat och ofakturerat på dessa order";
    "Invoice {} has no item line {}" => "Faktura {} har ingen varelinje {}", "Faktura {} har ingen artikelrad {}";
    "Invoice {} is already credited in full" => "Faktura {} er allerede kreditert i sin helhet", "Faktura {} är redan krediterad i sin helhet";
    "No {} given" => "Ingen {} oppgitt", "Ingen {} angiven";
    "No {} {} in this company" => "Ingen {} {} i dette firmaet", "Ingen {} {} i detta företag";
    "The invoice has less left to pay than that (it may just have been paid); reload and try again" => "Fakturaen har mindre igjen å betale enn det (den kan nettopp ha blitt betalt); last inn på nytt og prøv igjen", "Fakturan har mindre kvar att betala än så (den kan just ha betalats); ladda om och försök igen";
    "An invoice was paid meanwhile; nothing was imported, try again" => "En faktura ble betalt i mellomtiden; ingenting ble importert, prøv igjen", "En faktura betalades under tiden; inget importerades, försök igen";
    "'{}' is not a host name" => "'{}' er ikke et vertsnavn", "'{}' är inget värdnamn";
    "Port {} is out of range (1–65535)" => "Port {} er utenfor gyldig område (1–65535)", "Port {} ligger utanför tillåtet intervall (1–65535)";
    "Unknown SMTP security '{}' (starttls, tls or none)" => "Ukjent SMTP-sikkerhet '{}' (starttls, tls eller none)", "Okänd SMTP-säkerhet '{}' (starttls, tls eller none)";
    "Set a sender address (or the company's e-mail) in Setup → E-mail" => "Angi en avsenderadresse (eller firmaets e-post) under Oppsett → E-post", "Ange en avsändaradress (eller företagets e-post) under Inställningar → E-post";
    "No such message in this company's outbox" => "Meldingen finnes ikke i firmaets utboks", "Meddelandet finns inte i företagets utkorg";
    "Position of {}: '{}' is not a number from 0 to 10000" => "Plassering av {}: '{}' er ikke et tall fra 0 til 10000", "Placering av {}: '{}' är inget tal från 0 till 10000";
    "Unknown party field '{}'" => "Ukjent felt '{}'", "Okänt fält '{}'";
    "Unknown kind '{}': use customer, supplier or both" => "Ukjent type '{}': bruk customer, supplier eller both", "Okänd typ '{}': använd customer, supplier eller both";
    "Required by your company's settings: {}" => "Påkrevd etter firmaets innstillinger: {}", "Krävs enligt företagets inställningar: {}";
    "'{}' is not a country code (two letters, e.g. NO or SE)" => "'{}' er ikke en landkode (to bokstaver, f.eks. NO eller SE)", "'{}' är ingen landskod (två bokstäver, t.ex. NO eller SE)";
    "'{}' is not a currency code (three letters, e.g. NOK)" => "'{}' er ikke en valutakode (tre bokstaver, f.eks. NOK)", "'{}' är ingen valutakod (tre bokstäver, t.ex. SEK)";
    "{} must be between 0 and 100" => "{} må være mellom 0 og 100", "{} måste vara mellan 0 och 100";
    "{} has more than 2 decimals" => "{} har mer enn 2 desimaler", "{} har fler än 2 decimaler";
    "A party must be a customer, a supplier or both" => "En part må være kunde, leverandør eller begge", "En part måste vara kund, leverantör eller båda";
    "Give the reason for the VAT exemption (it is printed on invoices)" => "Oppgi grunnen til MVA-fritaket (den skrives på fakturaene)", "Ange skälet till momsbefrielsen (det skrivs ut på fakturorna)";
    "Credit limit cannot be negative" => "Kredittgrensen kan ikke være negativ", "Kreditgränsen kan inte vara negativ";
    "'{}' is not a phone number" => "'{}' er ikke et telefonnummer", "'{}' är inget telefonnummer";
    "The end date is before the start date" => "Sluttdatoen er før startdatoen", "Slutdatumet är före startdatumet";
    "Project code '{}' may hold only letters, digits and - _ ." => "Prosjektkode '{}' kan bare ha bokstaver, sifre og - _ .", "Projektkod '{}' får bara innehålla bokstäver, siffror och - _ .";
    "No such contact of this party" => "Kontaktpersonen tilhører ikke denne parten", "Kontaktpersonen hör inte till denna part";
    "Projects belong to customers; this party is not a customer" => "Prosjekter hører til kunder; denne parten er ikke kunde", "Projekt hör till kunder; denna part är ingen kund";
    "Unknown payment terms '{}': see Setup → Terms" => "Ukjente betalingsbetingelser '{}': se Oppsett → Betingelser", "Okända betalningsvillkor '{}': se Inställningar → Villkor";
    "Unknown delivery terms '{}': see Setup → Terms" => "Ukjente leveringsbetingelser '{}': se Oppsett → Betingelser", "Okända leveransvillkor '{}': se Inställningar → Villkor";
    "Unknown {} '{}': see Setup → Terms" => "Ukjente {} '{}': se Oppsett → Betingelser", "Okända {} '{}': se Inställningar → Villkor";
    "Unknown price list" => "Ukjent prisliste", "Okänd prislista";
    "The seller must be an active user of this company" => "Selgeren må være en aktiv bruker i dette firmaet", "Säljaren måste vara en aktiv användare i detta företag";
    "No such customer or supplier in this company" => "Kunden eller leverandøren finnes ikke i dette firmaet", "Kunden eller leverantören finns inte i detta företag";
    "No such address of this party" => "Adressen tilhører ikke denne parten", "Adressen hör inte till denna part";
    "No such contact in this company" => "Kontaktpersonen finnes ikke i dette firmaet", "Kontaktpersonen finns inte i detta företag";
    "Project code {} is used by another customer" => "Prosjektkode {} brukes av en annen kunde", "Projektkod {} används av en annan kund";
    "Line {}: the quantity received must be above 0 (got {})" => "Linje {}: mottatt antall må være over 0 (fikk {})", "Rad {}: mottaget antal måste vara över 0 (fick {})";
    "Line {}: {} is more than is outstanding ({} of {} ordered); confirm to receive more than ordered" => "Linje {}: {} er mer enn det som gjenstår ({} av {} bestilt); bekreft for å motta mer enn bestilt", "Rad {}: {} är mer än det som återstår ({} av {} beställda); bekräfta för att ta emot mer än beställt";
    "You are not an approver of level {}" => "Du er ikke godkjenner på nivå {}", "Du är inte attestant på nivå {}";
    "You approved an earlier level of this invoice; level {} needs another approver" => "Du godkjente et tidligere nivå av denne fakturaen; nivå {} trenger en annen godkjenner", "Du attesterade en tidigare nivå av denna faktura; nivå {} behöver en annan attestant";
    "The invoice's {} is {} but its lines add up to {}" => "Fakturaens {} er {}, men linjene summerer til {}", "Fakturans {} är {} men raderna summerar till {}";
    "Give the supplier's number or organisation number" => "Oppgi leverandørens nummer eller organisasjonsnummer", "Ange leverantörens nummer eller organisationsnummer";
    "No supplier {}{}: register the supplier first" => "Ingen leverandør {}{}: registrer leverandøren først", "Ingen leverantör {}{}: registrera leverantören först";
    "The due date {} is before the invoice date {}" => "Forfallsdatoen {} er før fakturadatoen {}", "Förfallodatumet {} är före fakturadatumet {}";
    "Unknown currency '{}'" => "Ukjent valuta '{}'", "Okänd valuta '{}'";
    "A supplier invoice needs at least one line" => "En leverandørfaktura trenger minst én linje", "En leverantörsfaktura behöver minst en rad";
    "Purchase order {} is not sent yet" => "Innkjøpsordre {} er ikke sendt ennå", "Inköpsorder {} är inte skickad ännu";
    "Purchase order {} is not from supplier {}" => "Innkjøpsordre {} er ikke fra leverandør {}", "Inköpsorder {} är inte från leverantör {}";
    "Level {}: the amount cannot be negative" => "Nivå {}: beløpet kan ikke være negativt", "Nivå {}: beloppet kan inte vara negativt";
    "Level {}: the amount must be above level {}'s ({})" => "Nivå {}: beløpet må være over nivå {} sitt ({})", "Nivå {}: beloppet måste vara över nivå {}s ({})";
    "Level {}: choose at least one approver" => "Nivå {}: velg minst én godkjenner", "Nivå {}: välj minst en attestant";
    "At most 9 approval levels" => "Høyst 9 godkjenningsnivåer", "Högst 9 attestnivåer";
    "Level {}: user {} is not a user of this company" => "Nivå {}: bruker {} er ikke bruker i dette firmaet", "Nivå {}: användare {} är ingen användare i detta företag";
    "No supplier invoice {}" => "Ingen leverandørfaktura {}", "Ingen leverantörsfaktura {}";
    "Unknown decision '{}': approve or reject" => "Ukjent beslutning '{}': godkjenn eller avvis", "Okänt beslut '{}': attestera eller avvisa";
    "Say why the invoice is rejected" => "Skriv hvorfor fakturaen avvises", "Skriv varför fakturan avvisas";
    "Invoice {} is {}; only invoices waiting for approval can be approved or rejected" => "Faktura {} er {}; bare fakturaer som venter på godkjenning kan godkjennes eller avvises", "Faktura {} är {}; bara fakturor som väntar på attest kan attesteras eller avvisas";
    "Invoice {} was decided meanwhile; reload it" => "Faktura {} ble behandlet i mellomtiden; last den inn på nytt", "Faktura {} behandlades under tiden; ladda om den";
    "Only approved invoices can be marked paid; this one is {}" => "Bare godkjente fakturaer kan merkes betalt; denne er {}", "Bara attesterade fakturor kan markeras betalda; denna är {}";
    "The price tolerance must be 0 to 100 % with at most 2 decimals (got {})" => "Pristoleransen må være 0 til 100 % med høyst 2 desimaler (fikk {})", "Pristoleransen måste vara 0 till 100 % med högst 2 decimaler (fick {})";
    "The price tolerance is out of range" => "Pristoleransen er utenfor gyldig område", "Pristoleransen ligger utanför tillåtet intervall";
    "Account '{}': letters and digits only" => "Konto '{}': bare bokstaver og sifre", "Konto '{}': bara bokstäver och siffror";
    "The company's purchase account cannot be empty" => "Firmaets innkjøpskonto kan ikke være tom", "Företagets inköpskonto får inte vara tomt";
    "Unknown kind '{}': supplier or item" => "Ukjent type '{}': leverandør eller vare", "Okänd typ '{}': leverantör eller artikel";
    "No {} {}" => "Ingen {} {}", "Ingen {} {}";
    "Choose a supplier" => "Velg en leverandør", "Välj en leverantör";
    "Supplier {} is inactive" => "Leverandør {} er inaktiv", "Leverantör {} är inaktiv";
    "Add a warehouse in Setup → Warehouses first" => "Legg først til et lager under Oppsett → Lagre", "Lägg först till ett lager under Inställningar → Lager";
    "A purchase order needs at least one line" => "En innkjøpsordre trenger minst én linje", "En inköpsorder behöver minst en rad";
    "Purchase order {} is sent; only drafts can be changed" => "Innkjøpsordre {} er sendt; bare utkast kan endres", "Inköpsorder {} är skickad; bara utkast kan ändras";
    "Choose the rows to order" => "Velg radene som skal bestilles", "Välj raderna som ska beställas";
    "Item {} in warehouse {} is not on the reorder list" => "Vare {} på lager {} er ikke på bestillingslisten", "Artikel {} i lager {} finns inte på beställningslistan";
    "Item {} has no preferred supplier: choose one" => "Vare {} har ingen foretrukket leverandør: velg én", "Artikel {} har ingen förvald leverantör: välj en";
    "Item {} in {}: nothing to order (projected {} is not below safety stock {})" => "Vare {} på {}: ingenting å bestille (forventet {} er ikke under sikkerhetslager {})", "Artikel {} i {}: inget att beställa (beräknat {} är inte under säkerhetslager {})";
    "Purchase order {} is already sent" => "Innkjøpsordre {} er allerede sendt", "Inköpsorder {} är redan skickad";
    "Purchase order {} is already closed" => "Innkjøpsordre {} er allerede lukket", "Inköpsorder {} är redan stängd";
    "Purchase order {} is not sent yet; send it before receiving goods" => "Innkjøpsordre {} er ikke sendt ennå; send den før varene mottas", "Inköpsorder {} är inte skickad ännu; skicka den innan varorna tas emot";
    "Purchase order {} is closed" => "Innkjøpsordre {} er lukket", "Inköpsorder {} är stängd";
    "Enter the quantity received on at least one line" => "Skriv inn mottatt antall på minst én linje", "Ange mottaget antal på minst en rad";
    "Purchase order {} has no line {}" => "Innkjøpsordre {} har ingen linje {}", "Inköpsorder {} har ingen rad {}";
    "No purchase order {}" => "Ingen innkjøpsordre {}", "Ingen inköpsorder {}";
    "Line {}: more than is outstanding was received meanwhile; confirm to receive more than ordered" => "Linje {}: mer enn det som gjensto ble mottatt i mellomtiden; bekreft for å motta mer enn bestilt", "Rad {}: mer än det som återstod togs emot under tiden; bekräfta för att ta emot mer än beställt";
    "This is not an EHF / UBL invoice or credit note (the document is <{}>{})" => "Dette er ikke en EHF/UBL-faktura eller -kreditnota (dokumentet er <{}>{})", "Detta är ingen e-faktura (UBL) eller kreditfaktura (dokumentet är <{}>{})";
    "The invoice has no number (cbc:ID)" => "Fakturaen har ikke noe nummer (cbc:ID)", "Fakturan har inget nummer (cbc:ID)";
    "The invoice has no issue date (cbc:IssueDate)" => "Fakturaen har ingen fakturadato (cbc:IssueDate)", "Fakturan har inget fakturadatum (cbc:IssueDate)";
    "The invoice has no lines (cac:{})" => "Fakturaen har ingen linjer (cac:{})", "Fakturan har inga rader (cac:{})";
    "The invoice does not add up: {} is {}, but the sum is {}" => "Fakturaen går ikke opp: {} er {}, men summen er {}", "Fakturan går inte ihop: {} är {}, men summan är {}";
    "This XML file is not an ISO 20022 camt.053 bank statement (its namespace should name camt.053)" => "Denne XML-filen er ikke en ISO 20022 camt.053-kontoutskrift (navnerommet skal nevne camt.053)", "Denna XML-fil är inget ISO 20022 camt.053-kontoutdrag (namnrymden ska nämna camt.053)";
    "Not a bank file Flyt reads: use a Nets OCR giro file (starts with NY000010) or an ISO 20022 camt.053 XML statement" => "Ikke en bankfil Flyt leser: bruk en Nets OCR-girofil (starter med NY000010) eller en ISO 20022 camt.053 XML-kontoutskrift", "Ingen bankfil som Flyt läser: använd en Nets OCR-girofil (börjar med NY000010) eller ett ISO 20022 camt.053 XML-kontoutdrag";
    "Record {} has {} characters, not 80: the file is damaged or not an OCR giro file" => "Post {} har {} tegn, ikke 80: filen er skadet eller ikke en OCR-girofil", "Post {} har {} tecken, inte 80: filen är skadad eller ingen OCR-girofil";
    "Record {} does not start with NY: not an OCR giro file" => "Post {} starter ikke med NY: ikke en OCR-girofil", "Post {} börjar inte med NY: ingen OCR-girofil";
    "Record {} comes after the end record of the transmission" => "Post {} kommer etter sluttposten for forsendelsen", "Post {} kommer efter sändningens slutpost";
    "The end record counts {} transactions in {} records for {} øre, but the file has {} in {} for {}: the file is incomplete or damaged" => "Sluttposten teller {} transaksjoner i {} poster for {} øre, men filen har {} i {} for {}: filen er ufullstendig eller skadet", "Slutposten räknar {} transaktioner i {} poster för {} öre, men filen har {} i {} för {}: filen är ofullständig eller skadad";
    "Record {}: unknown record type {}" => "Post {}: ukjent posttype {}", "Post {}: okänd posttyp {}";
    "Record {}: {} '{}' is not a number" => "Post {}: {} '{}' er ikke et tall", "Post {}: {} '{}' är inget tal";
    "The file has no end record (type 89): it is truncated; fetch it from the bank again" => "Filen har ingen sluttpost (type 89): den er avkortet; hent den fra banken på nytt", "Filen har ingen slutpost (typ 89): den är avklippt; hämta den från banken igen";
    "The XML file ends inside <{}>: it is truncated; fetch it from the bank again" => "XML-filen slutter inne i <{}>: den er avkortet; hent den fra banken på nytt", "XML-filen slutar inuti <{}>: den är avklippt; hämta den från banken igen";
    "The camt.053 file has no statement (Stmt)" => "camt.053-filen har ingen kontoutskrift (Stmt)", "camt.053-filen har inget kontoutdrag (Stmt)";
    "Invoice {} has no reminders" => "Faktura {} har ingen purringer", "Faktura {} har inga påminnelser";
    "The amount paid must be above 0 (got {})" => "Innbetalt beløp må være over 0 (fikk {})", "Inbetalt belopp måste vara över 0 (fick {})";
    "Say what the payment is for: an invoice number, a KID or a customer" => "Oppgi hva betalingen gjelder: et fakturanummer, en KID eller en kunde", "Ange vad betalningen avser: ett fakturanummer, en OCR-referens eller en kund";
    "Invoice {} is to customer {}, not {}" => "Faktura {} er til kunde {}, ikke {}", "Faktura {} är till kund {}, inte {}";
    "The bank file is empty" => "Bankfilen er tom", "Bankfilen är tom";
    "This bank file was imported before; nothing was changed" => "Denne bankfilen er importert før; ingenting ble endret", "Denna bankfil har importerats tidigare; inget ändrades";
    "This bank file is being imported by another request; see the bank page" => "Denne bankfilen importeres av en annen forespørsel; se banksiden", "Denna bankfil importeras av en annan begäran; se banksidan";
    "The payment is in {}, invoice {} in {}" => "Betalingen er i {}, faktura {} i {}", "Betalningen är i {}, faktura {} i {}";
    "That bank line was matched meanwhile; reload" => "Banklinjen ble avstemt i mellomtiden; last inn på nytt", "Bankraden matchades under tiden; ladda om";
    "Unknown period '{}': use {}" => "Ukjent periode '{}': bruk {}", "Okänd period '{}': använd {}";
    "No unmatched bank line with that id in this company" => "Ingen uavstemt banklinje med den ID-en i dette firmaet", "Ingen omatchad bankrad med det ID:t i detta företag";
    "Invoice {} was reminded meanwhile; run again" => "Faktura {} ble purret i mellomtiden; kjør på nytt", "Faktura {} påmindes under tiden; kör igen";
    "Line {}: the quantity to deliver cannot be negative ({}); return goods with a credit note" => "Linje {}: antallet som skal leveres kan ikke være negativt ({}); returvarer tas med en kreditnota", "Rad {}: antalet att leverera kan inte vara negativt ({}); returer görs med en kreditfaktura";
    "Line {}: {} is more than is outstanding ({} of {} ordered, {} delivered)" => "Linje {}: {} er mer enn det som gjenstår ({} av {} bestilt, {} levert)", "Rad {}: {} är mer än det som återstår ({} av {} beställda, {} levererade)";
    "Line {}: the quantity cannot go below what is delivered ({})" => "Linje {}: antallet kan ikke bli lavere enn det som er levert ({})", "Rad {}: antalet kan inte bli lägre än det som är levererat ({})";
    "Valid until ({}) is in the past" => "Gyldig til ({}) er passert", "Giltig till ({}) har redan passerat";
    "{} is not a contact of {}" => "{} er ikke kontaktperson hos {}", "{} är ingen kontaktperson hos {}";
    "The seller is not a user of this company" => "Selgeren er ikke bruker i dette firmaet", "Säljaren är ingen användare i detta företag";
    "{} has no project {}" => "{} har ikke prosjekt {}", "{} har inget projekt {}";
    "{} has no such delivery address" => "{} har ingen slik leveringsadresse", "{} har ingen sådan leveransadress";
    "A document can have at most 1000 lines ({} sent)" => "Et dokument kan ha høyst 1000 linjer ({} sendt)", "Ett dokument kan ha högst 1000 rader ({} skickade)";
    "Line {}: choose an item (or make it a text line)" => "Linje {}: velg en vare (eller gjør den til en tekstlinje)", "Rad {}: välj en artikel (eller gör den till en textrad)";
    "Choose at least one scope for the token" => "Velg minst én tilgang for nøkkelen", "Välj minst en behörighet för nyckeln";
    "Expires: {} has passed; choose today or a later day" => "Utløper: {} er passert; velg i dag eller en senere dag", "Upphör: {} har passerat; välj i dag eller en senare dag";
    "Expires: a token may last at most five years" => "Utløper: en nøkkel kan vare i høyst fem år", "Upphör: en nyckel får gälla i högst fem år";
    "Set up the CRM connection first" => "Sett opp koblingen til CRM-et først", "Ställ in kopplingen till CRM:et först";
    "The CRM is being synced right now: try again in a moment" => "CRM-et synkroniseres akkurat nå: prøv igjen om et øyeblikk", "CRM:et synkas just nu: försök igen om en stund";
    "Password: the CRM user's password is needed for a new connection" => "Passord: CRM-brukerens passord trengs for en ny kobling", "Lösenord: CRM-användarens lösenord behövs för en ny koppling";
    "Choose the Flyt party to link" => "Velg Flyt-kunden som skal kobles", "Välj Flyt-kunden som ska länkas";
    "That party is linked to another CRM record already" => "Den kunden er allerede koblet til en annen CRM-post", "Den kunden är redan länkad till en annan CRM-post";
    "CRM record {} is not waiting for review" => "CRM-post {} venter ikke på gjennomgang", "CRM-post {} väntar inte på granskning";
    "Unknown CRM field '{}'" => "Ukjent CRM-felt '{}'", "Okänt CRM-fält '{}'";
    "Unknown direction '{}': use out, in, both or off" => "Ukjent retning '{}': bruk out, in, both eller off", "Okänd riktning '{}': använd out, in, both eller off";
    "Set up the webshop connection first" => "Sett opp koblingen til nettbutikken først", "Ställ in kopplingen till webbutiken först";
    "The shop is being read right now: try again in a moment" => "Butikken leses akkurat nå: prøv igjen om et øyeblikk", "Butiken läses just nu: försök igen om en stund";
    "Item {} must be an active service item (shipping, discounts and rounding are not goods)" => "Vare {} må være en aktiv tjenestevare (frakt, rabatt og avrunding er ikke varer på lager)", "Artikel {} måste vara en aktiv tjänsteartikel (frakt, rabatt och avrundning är inga lagervaror)";
    "Unknown price list '{}'" => "Ukjent prisliste '{}'", "Okänd prislista '{}'";
    "Give the shop user's password" => "Oppgi passordet til butikkbrukeren", "Ange butiksanvändarens lösenord";
    "Give the shop user Flyt logs in as" => "Oppgi butikkbrukeren Flyt logger inn som", "Ange butiksanvändaren som Flyt loggar in som";
    "Unknown shop type '{}': use vendure" => "Ukjent butikktype '{}': bruk vendure", "Okänd butikstyp '{}': använd vendure";
    "Poll interval: '{}' is not 1 to 1440 minutes" => "Importintervall: '{}' er ikke 1 til 1440 minutter", "Importintervall: '{}' är inte 1 till 1440 minuter";
    "The shop did not answer: {}" => "Butikken svarte ikke: {}", "Butiken svarade inte: {}";
    "The shop refused: {}" => "Butikken avviste: {}", "Butiken avvisade: {}";
    "The shop order has no lines" => "Nettbutikkordren har ingen linjer", "Webbordern har inga rader";
    "No VAT code with {} %: add one in Setup → VAT codes" => "Ingen mva-kode med {} %: legg til en under Oppsett → Mva-koder", "Ingen momskod med {} %: lägg till en under Inställningar → Momskoder";
    "Cancelled in the shop after order {} was delivered or invoiced: make a credit note" => "Kansellert i butikken etter at ordre {} ble levert eller fakturert: lag en kreditnota", "Annullerad i butiken efter att order {} levererats eller fakturerats: gör en kreditnota";
    "Cancelled in the shop after part of order {} was delivered: the rest is released; credit what was delivered" => "Kansellert i butikken etter at deler av ordre {} var levert: resten er frigitt; krediter det som ble levert", "Annullerad i butiken efter att en del av order {} levererats: resten är frisläppt; kreditera det som levererades";
    "Line {}: unknown item '{}'" => "Linje {}: ukjent vare '{}'", "Rad {}: okänd artikel '{}'";
    "Line {}: item {} is inactive" => "Linje {}: vare {} er inaktiv", "Rad {}: artikel {} är inaktiv";
    "The customer is VAT-exempt but the company has no exempt VAT code" => "Kunden er fritatt for MVA, men firmaet har ingen MVA-kode for fritak", "Kunden är momsbefriad men företaget har ingen momskod för befrielse";
    "Line {}: unknown VAT code '{}'" => "Linje {}: ukjent MVA-kode '{}'", "Rad {}: okänd momskod '{}'";
    "Choose a customer" => "Velg en kunde", "Välj en kund";
    "Customer {} ({}) is inactive" => "Kunde {} ({}) er inaktiv", "Kund {} ({}) är inaktiv";
    "Quote {} is {}: it can no longer be changed" => "Tilbud {} er {}: det kan ikke lenger endres", "Offert {} är {}: den kan inte längre ändras";
    "Quote {} is lost" => "Tilbud {} er tapt", "Offert {} är förlorad";
    "Choose at least one line to order" => "Velg minst én linje som skal bestilles", "Välj minst en rad att beställa";
    "Quote {} has no line {}" => "Tilbud {} har ingen linje {}", "Offert {} har ingen rad {}";
    "Line {} is a {} line; choose item lines" => "Linje {} er en {}linje; velg varelinjer", "Rad {} är en {}rad; välj artikelrader";
    "Line {}: order between 0 and {} (what is not yet ordered), not {}" => "Linje {}: bestill mellom 0 og {} (det som ikke er bestilt ennå), ikke {}", "Rad {}: beställ mellan 0 och {} (det som inte är beställt ännu), inte {}";
    "Order {} is cancelled" => "Ordre {} er kansellert", "Order {} är makulerad";
    "Order {} has no item lines to confirm" => "Ordre {} har ingen varelinjer å bekrefte", "Order {} har inga artikelrader att bekräfta";
    "Order {} is already cancelled" => "Ordre {} er allerede kansellert", "Order {} är redan makulerad";
    "Order {} is {}: it can no longer be changed" => "Ordre {} er {}: den kan ikke lenger endres", "Order {} är {}: den kan inte längre ändras";
    "Line {}: order {} has no line with id {}" => "Linje {}: ordre {} har ingen linje med ID {}", "Rad {}: order {} har ingen rad med ID {}";
    "Line {}: the item cannot change after a delivery" => "Linje {}: varen kan ikke endres etter en levering", "Rad {}: artikeln kan inte ändras efter en leverans";
    "Line {}: the price cannot change after the line was invoiced" => "Linje {}: prisen kan ikke endres etter at linjen er fakturert", "Rad {}: priset kan inte ändras efter att raden fakturerats";
    "Line {} ({}) has deliveries and cannot be removed" => "Linje {} ({}) har leveranser og kan ikke fjernes", "Rad {} ({}) har leveranser och kan inte tas bort";
    "Enter a quantity to deliver on at least one line" => "Skriv inn et antall å levere på minst én linje", "Ange ett antal att leverera på minst en rad";
    "A delivery is for one customer: choose orders of the same customer" => "En levering gjelder én kunde: velg ordrer for samme kunde", "En leverans gäller en kund: välj order för samma kund";
    "Order {} is {}: confirm it before delivering" => "Ordre {} er {}: bekreft den før levering", "Order {} är {}: bekräfta den före leverans";
    "Order {} has no line {}" => "Ordre {} har ingen linje {}", "Order {} har ingen rad {}";
    "Order {} line {} is a {} line" => "Ordre {} linje {} er en {}linje", "Order {} rad {} är en {}rad";
    "Type an item number, barcode or text" => "Skriv et varenummer, en strekkode eller tekst", "Skriv ett artikelnummer, en streckkod eller text";
    "No item matches '{}'" => "Ingen vare passer til '{}'", "Ingen artikel matchar '{}'";
    "{} items match '{}'; type more or the item number" => "{} varer passer til '{}'; skriv mer eller varenummeret", "{} artiklar matchar '{}'; skriv mer eller artikelnumret";
    "No such customer in this company" => "Kunden finnes ikke i dette firmaet", "Kunden finns inte i detta företag";
    "{}: {} is more than is still outstanding (someone may just have {} it); reload and try again" => "{}: {} er mer enn det som fortsatt gjenstår (noen kan nettopp ha {} det); last inn på nytt og prøv igjen", "{}: {} är mer än det som fortfarande återstår (någon kan just ha {} det); ladda om och försök igen";
    "No delivery {} in this company" => "Ingen levering {} i dette firmaet", "Ingen leverans {} i detta företag";
    "No such active token in this company" => "Ingen slik aktiv nøkkel i dette firmaet", "Ingen sådan aktiv nyckel i detta företag";
    "Unknown valuation method '{}': use average or fifo" => "Ukjent vurderingsmetode '{}': bruk average eller fifo", "Okänd värderingsmetod '{}': använd average eller fifo";
    "'{}' is not a valid Norwegian bank account number (11 digits with a MOD11 check digit)" => "'{}' er ikke et gyldig norsk kontonummer (11 sifre med MOD11-kontrollsiffer)", "'{}' är inget giltigt norskt kontonummer (11 siffror med MOD11-kontrollsiffra)";
    "A prefix may hold only letters A–Z, digits, '-' and '/'" => "Et prefiks kan bare ha bokstavene A–Z, sifre, '-' og '/'", "Ett prefix får bara innehålla bokstäverna A–Z, siffror, '-' och '/'";
    "The next number must be between 1 and 999 999 999 999" => "Neste nummer må være mellom 1 og 999 999 999 999", "Nästa nummer måste vara mellan 1 och 999 999 999 999";
    "Numbers up to {}{} are issued in this series, so its next number stays {}{}: a lower one would repeat numbers, a higher one would leave a gap. To start a new series (e.g. for a new year), give it a new prefix." => "Numre til og med {}{} er brukt i denne serien, så neste nummer forblir {}{}: et lavere ville gjenta numre, et høyere ville gi et hull. Gi serien et nytt prefiks for å starte på nytt (f.eks. for et nytt år).", "Nummer till och med {}{} har använts i denna serie, så nästa nummer förblir {}{}: ett lägre skulle upprepa nummer, ett högre skulle lämna en lucka. Ge serien ett nytt prefix för att börja om (t.ex. för ett nytt år).";
    "A new prefix must end with a letter, '-' or '/' (e.g. 2027-), so its numbers cannot run into another series'" => "Et nytt prefiks må slutte med en bokstav, '-' eller '/' (f.eks. 2027-), så numrene ikke kan gå over i en annen serie", "Ett nytt prefix måste sluta med en bokstav, '-' eller '/' (t.ex. 2027-), så att numren inte kan gå in i en annan serie";
    "The prefix '{}' was used by this series before; its numbers would repeat. Choose a new prefix." => "Prefikset '{}' er brukt av denne serien før; numrene ville gjentas. Velg et nytt prefiks.", "Prefixet '{}' har använts av denna serie tidigare; numren skulle upprepas. Välj ett nytt prefix.";
    "{} may hold only letters, digits, '-', '_' and '.'" => "{} kan bare ha bokstaver, sifre, '-', '_' og '.'", "{} får bara innehålla bokstäver, siffror, '-', '_' och '.'";
    "Days must be between 0 and 365" => "Dager må være mellom 0 og 365", "Dagar måste vara mellan 0 och 365";
    "The VAT rate must be between 0 and 100 %" => "MVA-satsen må være mellom 0 og 100 %", "Momssatsen måste vara mellan 0 och 100 %";
    "The VAT rate may have at most 2 decimals" => "MVA-satsen kan ha høyst 2 desimaler", "Momssatsen får ha högst 2 decimaler";
    "Unknown VAT category '{}'" => "Ukjent MVA-kategori '{}'", "Okänd momskategori '{}'";
    "A standard-rate (S) VAT code needs a rate above 0 %; use Z or E for 0 %" => "En MVA-kode med ordinær sats (S) trenger en sats over 0 %; bruk Z eller E for 0 %", "En momskod med normalsats (S) behöver en sats över 0 %; använd Z eller E för 0 %";
    "VAT category {} has rate 0 %" => "MVA-kategori {} har sats 0 %", "Momskategori {} har sats 0 %";
    "Choose an image file to upload" => "Velg en bildefil å laste opp", "Välj en bildfil att ladda upp";
    "The logo is too large ({} KB); at most 1024 KB" => "Logoen er for stor ({} KB); høyst 1024 KB", "Logotypen är för stor ({} KB); högst 1024 KB";
    "The logo is {}×{} pixels; it must be at most 4000×4000" => "Logoen er {}×{} piksler; den kan være høyst 4000×4000", "Logotypen är {}×{} pixlar; den får vara högst 4000×4000";
    "The PNG file is damaged or carries something after the image" => "PNG-filen er skadet eller har noe etter bildet", "PNG-filen är skadad eller har något efter bilden";
    "The JPEG file is damaged or carries something after the image" => "JPEG-filen er skadet eller har noe etter bildet", "JPEG-filen är skadad eller har något efter bilden";
    "The logo must be a PNG or JPEG image" => "Logoen må være et PNG- eller JPEG-bilde", "Logotypen måste vara en PNG- eller JPEG-bild";
    "{} is already a user of this company: change the role in the list" => "{} er allerede bruker i dette firmaet: endre rollen i listen", "{} är redan användare i detta företag: ändra rollen i listan";
    "No such invitation" => "Invitasjonen finnes ikke", "Inbjudan finns inte";
    "No such user in this company" => "Brukeren finnes ikke i dette firmaet", "Användaren finns inte i detta företag";
    "The company must keep at least one active administrator" => "Firmaet må ha minst én aktiv administrator", "Företaget måste ha minst en aktiv administratör";
    "Company not found" => "Firmaet finnes ikke", "Företaget finns inte";
    "No such number series" => "Nummerserien finnes ikke", "Nummerserien finns inte";
    "The series issued a number meanwhile; reload and try again" => "Serien ga ut et nummer i mellomtiden; last inn på nytt og prøv igjen", "Serien delade ut ett nummer under tiden; ladda om och försök igen";
    "A stock move's value is too large" => "Verdien av en lagerbevegelse er for stor", "Värdet av en lagerrörelse är för stort";
    "A stock value is too large" => "En lagerverdi er for stor", "Ett lagervärde är för stort";
    "{} is not a period (YYYY-MM)" => "{} er ikke en periode (ÅÅÅÅ-MM)", "{} är ingen period (ÅÅÅÅ-MM)";
    "No active stock items match; nothing to count" => "Ingen aktive lagervarer passer; ingenting å telle", "Inga aktiva lagerartiklar matchar; inget att inventera";
    "{} is not on open count {}" => "{} er ikke med i åpen telling {}", "{} ingår inte i öppen inventering {}";
    "No open count {}" => "Ingen åpen telling {}", "Ingen öppen inventering {}";
    "No count {}" => "Ingen telling {}", "Ingen inventering {}";
    "A stock move cannot have quantity 0" => "En lagerbevegelse kan ikke ha antall 0", "En lagerrörelse kan inte ha antal 0";
    "The quantity cannot be 0" => "Antallet kan ikke være 0", "Antalet kan inte vara 0";
    "The quantity must be above 0" => "Antallet må være over 0", "Antalet måste vara över 0";
    "A counted quantity cannot be negative" => "Et opptalt antall kan ikke være negativt", "Ett inventerat antal kan inte vara negativt";
    "{} is not a stock item" => "{} er ikke en lagervare", "{} är ingen lagerartikel";
    "Choose two different warehouses" => "Velg to forskjellige lagre", "Välj två olika lager";
    "Cross-site request refused" => "Forespørsel fra et annet nettsted avvist", "Begäran från en annan webbplats avvisad";
    "E-mail is not set up: enter the mail server in Setup → E-mail, or download the PDF and send it yourself" => "E-post er ikke satt opp: legg inn e-postserveren under Oppsett → E-post, eller last ned PDF-en og send den selv", "E-post är inte konfigurerad: ange e-postservern under Inställningar → E-post, eller ladda ned PDF:en och skicka den själv";
    "At most 500 items at a time" => "Høyst 500 varer om gangen", "Högst 500 artiklar åt gången";
    "This bank line is a returned or not yet booked payment: it cannot pay an invoice" => "Denne banklinjen er en returnert eller ikke bokført betaling: den kan ikke betale en faktura", "Denna bankrad är en returnerad eller ännu inte bokförd betalning: den kan inte betala en faktura";
    "The supplier {} ({}) is not in the register, but {} look alike: add the organisation number to the right one, or register the supplier" => "Leverandøren {} ({}) er ikke i registeret, men {} ligner: legg organisasjonsnummeret inn på den riktige, eller registrer leverandøren", "Leverantören {} ({}) finns inte i registret, men {} liknar: lägg in organisationsnumret på rätt part, eller registrera leverantören";
    "The order reference {} names no purchase order: check what the invoice is for" => "Ordrereferansen {} viser ikke til noen innkjøpsordre: sjekk hva fakturaen gjelder", "Orderreferensen {} hänvisar inte till någon inköpsorder: kontrollera vad fakturan avser";
    "Not enough stock of {} in {}: {} on hand, {} requested" => "Ikke nok på lager av {} på {}: {} på lager, {} ønsket", "Inte tillräckligt i lager av {} i {}: {} i lager, {} begärt";
    "Unknown role '{}': use admin, sales, purchasing, warehouse, accounting or read_only" => "Ukjent rolle '{}': bruk admin, sales, purchasing, warehouse, accounting eller read_only", "Okänd roll '{}': använd admin, sales, purchasing, warehouse, accounting eller read_only";
    "A user with e-mail {} already exists" => "Det finnes allerede en bruker med e-post {}", "Det finns redan en användare med e-post {}";
    "Item number {} is also on line {}" => "Varenummer {} står også på linje {}", "Artikelnummer {} står också på rad {}";
    "Barcode {} is also on line {}" => "Strekkode {} står også på linje {}", "Streckkod {} står också på rad {}";
    "Item number {} already exists" => "Varenummer {} finnes allerede", "Artikelnummer {} finns redan";
    "Barcode {} is already used by another item" => "Strekkode {} brukes allerede av en annen vare", "Streckkod {} används redan av en annan artikel";
    "Unknown warehouse '{}': see Setup → Warehouses" => "Ukjent lager '{}': se Oppsett → Lagre", "Okänt lager '{}': se Inställningar → Lager";
    "Unknown item type '{}': use stock, non_stock or service" => "Ukjent varetype '{}': bruk stock, non_stock eller service", "Okänd artikeltyp '{}': använd stock, non_stock eller service";
    "A price list named '{}' already exists" => "Det finnes allerede en prisliste som heter '{}'", "Det finns redan en prislista som heter '{}'";
    "Item number {} or its barcode is already in use" => "Varenummer {} eller strekkoden er allerede i bruk", "Artikelnummer {} eller dess streckkod används redan";
    "Unknown country '{}': use NO, SE, FI or HU" => "Ukjent land '{}': bruk NO, SE, FI eller HU", "Okänt land '{}': använd NO, SE, FI eller HU";
    "quantity must be above 0 (got {})" => "antallet må være over 0 (fikk {})", "antalet måste vara över 0 (fick {})";
    "the price cannot be negative (got {}); credit with a credit note" => "prisen kan ikke være negativ (fikk {}); krediter med en kreditnota", "priset kan inte vara negativt (fick {}); kreditera med en kreditfaktura";
    "discount must be between 0 and 100 % (got {})" => "rabatten må være mellom 0 og 100 % (fikk {})", "rabatten måste vara mellan 0 och 100 % (fick {})";
    "discount {} has more than 2 decimals" => "rabatten {} har mer enn 2 desimaler", "rabatten {} har fler än 2 decimaler";
    "EHF is not made for sellers in {}" => "EHF lages ikke for selgere i {}", "E-faktura skapas inte för säljare i {}";
    "Unknown party kind '{}': use customer or supplier" => "Ukjent type '{}': bruk customer eller supplier", "Okänd typ '{}': använd customer eller supplier";
    "'{}' is not a PEPPOL participant id (scheme:identifier, e.g. 0192:988077917)" => "'{}' er ikke en PEPPOL-deltaker-ID (skjema:identifikator, f.eks. 0192:988077917)", "'{}' är inget PEPPOL-deltagar-ID (schema:identifierare, t.ex. 0007:5567321707)";
    "Unknown document language '{}': use en, nb or sv" => "Ukjent dokumentspråk '{}': bruk en, nb eller sv", "Okänt dokumentspråk '{}': använd en, nb eller sv";
    "Unknown project status '{}': use planned, active, completed or cancelled" => "Ukjent prosjektstatus '{}': bruk planned, active, completed eller cancelled", "Okänd projektstatus '{}': använd planned, active, completed eller cancelled";
    "Line {}: not on the purchase order" => "Linje {}: står ikke på innkjøpsordren", "Rad {}: finns inte på inköpsordern";
    "VAT rate must be between 0 and 100 % (got {})" => "MVA-satsen må være mellom 0 og 100 % (fikk {})", "Momssatsen måste vara mellan 0 och 100 % (fick {})";
    "{} {} from supplier {} is already registered" => "{} {} fra leverandør {} er allerede registrert", "{} {} från leverantör {} är redan registrerad";
    "{} is not a stock item; only stock items are bought on purchase orders" => "{} er ikke en lagervare; bare lagervarer kjøpes inn på innkjøpsordre", "{} är ingen lagerartikel; bara lagerartiklar köps in på inköpsorder";
    "Purchase order {} already exists; check the number series" => "Innkjøpsordre {} finnes allerede; sjekk nummerserien", "Inköpsorder {} finns redan; kontrollera nummerserien";
    "Record {}: the amounts add up beyond what a bank file can hold" => "Post {}: beløpene summerer til mer enn en bankfil kan romme", "Post {}: beloppen summerar till mer än en bankfil kan rymma";
    "Record {}: amount item 2 without amount item 1" => "Post {}: beløpspost 2 uten beløpspost 1", "Post {}: beloppspost 2 utan beloppspost 1";
    "No invoice with KID {} in this company" => "Ingen faktura med KID {} i dette firmaet", "Ingen faktura med OCR-referens {} i detta företag";
    "No invoice {} in this company" => "Ingen faktura {} i dette firmaet", "Ingen faktura {} i detta företag";
    "No quote {} in this company" => "Intet tilbud {} i dette firmaet", "Ingen offert {} i detta företag";
    "No order {} in this company" => "Ingen ordre {} i dette firmaet", "Ingen order {} i detta företag";
    "Unknown document type '{}'" => "Ukjent dokumenttype '{}'", "Okänd dokumenttyp '{}'";
    "A token named '{}' already exists" => "Det finnes allerede en nøkkel som heter '{}'", "Det finns redan en nyckel som heter '{}'";
    "Unknown reason '{}': use damaged, lost, found, correction, opening_balance or sample" => "Ukjent grunn '{}': bruk damaged, lost, found, correction, opening_balance eller sample", "Okänt skäl '{}': använd damaged, lost, found, correction, opening_balance eller sample";
    "Wrong e-mail or password" => "Feil e-post eller passord", "Fel e-post eller lösenord";
}

// The prefixes a message can carry before ": " ("Line 3: …"), translated in turn.
catalogue! { PREFIXES:
    "Line {}" => "Linje {}", "Rad {}";
    "Level {}" => "Nivå {}", "Nivå {}";
    "Order {}" => "Ordre {}", "Order {}";
    "Record {}" => "Post {}", "Post {}";
    "Item {}" => "Vare {}", "Artikel {}";
}

fn pick(entry: &(&'static str, &'static str, &'static str), lang: Lang) -> &'static str {
    match lang {
        Lang::En => entry.0,
        Lang::Nb => entry.1,
        Lang::Sv => entry.2,
    }
}

/// The values of `msg` where `pattern` has `{}`, or None when it does not match.
fn captures<'m>(pattern: &str, msg: &'m str) -> Option<Vec<&'m str>> {
    let pieces: Vec<&str> = pattern.split("{}").collect();
    let rest = msg.strip_prefix(pieces[0])?;
    if pieces.len() == 1 {
        return rest.is_empty().then(Vec::new);
    }
    fn fill<'m>(pieces: &[&str], rest: &'m str, out: &mut Vec<&'m str>) -> bool {
        let (lit, more) = (pieces[0], &pieces[1..]);
        if more.is_empty() {
            // the last value runs to the literal that ends the message
            return match rest.strip_suffix(lit) {
                Some(v) if !v.is_empty() => {
                    out.push(v);
                    true
                }
                _ => false,
            };
        }
        // a value is at least one character, then the next literal (tried at each place)
        let mut from = 1;
        while from <= rest.len() {
            let Some(at) = rest.get(from..).and_then(|r| r.find(lit)).map(|i| i + from) else { return false };
            out.push(&rest[..at]);
            if fill(more, &rest[at + lit.len()..], out) {
                return true;
            }
            out.pop();
            from = at + 1;
            while !rest.is_char_boundary(from) && from < rest.len() {
                from += 1;
            }
        }
        false
    }
    let mut out = Vec::new();
    fill(&pieces[1..], rest, &mut out).then_some(out)
}

/// A value inside a message, in the language: a field name or status, a decimal number
/// (`1.5` → `1,5`; whole numbers are often document numbers and stay), or a date.
fn value(v: &str, lang: Lang) -> String {
    if let Some(w) = WORDS.iter().find(|w| w.0 == v) {
        return pick(w, lang).to_string();
    }
    let t = v.trim();
    if t.contains('.')
        && !t.starts_with('.')
        && !t.ends_with('.')
        && t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && t.matches('.').count() == 1
    {
        if let Some((int, frac)) = t.split_once('.') {
            // as typed, all its decimals kept: 1234.125 → 1 234,125
            let grouped = format::number(int.parse::<rust_decimal::Decimal>().unwrap_or_default(), 0, lang);
            let sign = if int.starts_with('-') && !grouped.starts_with('-') { "-" } else { "" };
            let dec = if lang == Lang::En { '.' } else { ',' };
            return v.replace(t, &format!("{sign}{grouped}{dec}{frac}"));
        }
    }
    format::dates_in(v, lang)
}

fn fill_in(target: &str, values: &[String]) -> String {
    let mut out = String::with_capacity(target.len() + 16);
    let mut next = 0;
    let mut rest = target;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let inner = &after[..close];
        let i = if inner.is_empty() {
            next += 1;
            next - 1
        } else {
            inner.parse().unwrap_or(usize::MAX)
        };
        out.push_str(values.get(i).map(String::as_str).unwrap_or(""));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The catalogue's message that fits `msg` best: of those that match, the one with the
/// most fixed text ("No purchase order {}" rather than "No {} {}").
fn whole(msg: &str, lang: Lang, depth: u8) -> Option<String> {
    let fixed = |p: &str| p.len() - 2 * p.matches("{}").count();
    let (m, vals) = MESSAGES.iter().filter_map(|m| captures(m.0, msg).map(|v| (m, v))).max_by_key(|(m, _)| fixed(m.0))?;
    let vals: Vec<String> = vals.into_iter().map(|v| part(v, lang, depth + 1)).collect();
    Some(fill_in(pick(m, lang), &vals))
}

/// A message, or None when nothing of it is in the catalogue: the whole message, or
/// a known prefix ("Line 3", a field name) and the rest after ": ".
fn inner(msg: &str, lang: Lang, depth: u8) -> Option<String> {
    // values nest a few levels at most ("Line 3: Quantity 5.5 is too large"); deeper is hostile
    if depth > 4 {
        return None;
    }
    if let Some(t) = whole(msg, lang, depth) {
        return Some(t);
    }
    let (head, tail) = msg.split_once(": ")?;
    let head_t = PREFIXES
        .iter()
        .find_map(|p| captures(p.0, head).map(|v| fill_in(pick(p, lang), &v.iter().map(|s| s.to_string()).collect::<Vec<_>>())))
        .or_else(|| WORDS.iter().find(|w| w.0 == head).map(|w| pick(w, lang).to_string()))?;
    Some(format!("{head_t}: {}", part(tail, lang, depth + 1)))
}

/// A value inside a message: a message of its own, a word, or kept (see [`value`]).
fn part(v: &str, lang: Lang, depth: u8) -> String {
    inner(v, lang, depth).unwrap_or_else(|| value(v, lang))
}

/// The message in the language (unchanged in English and when not in the catalogue).
pub fn translate(msg: &str, lang: Lang) -> String {
    if lang == Lang::En || msg.len() > 2000 {
        return msg.to_string();
    }
    inner(msg, lang, 0).unwrap_or_else(|| msg.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_translated_with_their_values() {
        assert_eq!(translate("Choose a customer", Lang::Nb), "Velg en kunde");
        assert_eq!(translate("Choose a customer", Lang::Sv), "Välj en kund");
        assert_eq!(translate("Choose a customer", Lang::En), "Choose a customer");
        assert_eq!(translate("Order 10004 is draft: confirm it before delivering", Lang::Nb), "Ordre 10004 er utkast: bekreft den før levering");
        assert_eq!(translate("Valid until (2026-01-05) is in the past", Lang::Nb), "Gyldig til (05.01.2026) er passert");
        assert_eq!(
            translate("Invoice date: '2026-13-01' is not a date (use YYYY-MM-DD)", Lang::Sv),
            "Fakturadatum: '2026-13-01' är inget datum (använd ÅÅÅÅ-MM-DD)"
        );
        assert_eq!(
            translate("Line 2: 7.5 is more than is outstanding (2.5 of 5 ordered, 2.5 delivered)", Lang::Nb),
            "Linje 2: 7,5 er mer enn det som gjenstår (2,5 av 5 bestilt, 2,5 levert)"
        );
        // a prefix, then a message of its own
        assert_eq!(translate("Line 3: Quantity is required", Lang::Nb), "Linje 3: Antall må fylles ut");
        assert_eq!(translate("Line 2: Quantity is required", Lang::Sv), "Rad 2: Antal måste anges");
        assert_eq!(translate("Line 4: choose an item (or make it a text line)", Lang::Nb), "Linje 4: velg en vare (eller gjør den til en tekstlinje)");
        assert_eq!(translate("Level 2: choose at least one approver", Lang::Sv), "Nivå 2: välj minst en attestant");
        // unknown text stays as it is
        assert_eq!(translate("Something else entirely", Lang::Nb), "Something else entirely");
        // values that are whole numbers (document numbers) keep their digits
        assert_eq!(translate("No purchase order 100123", Lang::Nb), "Ingen innkjøpsordre 100123");
        assert_eq!(
            translate("Not enough stock of E2E-1 in MAIN: 12 on hand, 20 requested", Lang::Nb),
            "Ikke nok på lager av E2E-1 på MAIN: 12 på lager, 20 ønsket"
        );
        assert_eq!(translate("Invoice F-1 from supplier 20001 is already registered", Lang::Sv), "Faktura F-1 från leverantör 20001 är redan registrerad");
        assert_eq!(translate("The amount paid must be above 0 (got -1234.125)", Lang::Nb), "Innbetalt beløp må være over 0 (fikk -1\u{a0}234,125)");
        assert_eq!(
            translate("Something went wrong on the server; nothing was saved. Please try again. (db down)", Lang::Nb),
            "Noe gikk galt på serveren; ingenting ble lagret. Prøv igjen. (db down)"
        );
    }

    #[test]
    fn every_message_has_the_same_values_in_every_language() {
        let count = |s: &str| s.matches('{').count();
        for m in MESSAGES.iter().chain(PREFIXES) {
            assert_eq!(count(m.0), count(m.1), "nb of {}", m.0);
            assert_eq!(count(m.0), count(m.2), "sv of {}", m.0);
            assert_ne!(m.0, m.1, "nb of {} is untranslated", m.0);
        }
        let mut seen = std::collections::HashSet::new();
        for m in MESSAGES {
            assert!(seen.insert(m.0), "{} is listed twice", m.0);
        }
    }

    #[test]
    fn hostile_messages_end_quickly() {
        let long = "{}: ".repeat(400);
        let _ = translate(&long, Lang::Nb);
        let _ = translate(&"Line 1: ".repeat(200), Lang::Nb);
        assert_eq!(translate("", Lang::Nb), "");
    }
}
