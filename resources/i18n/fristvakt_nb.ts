<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
<context>
    <name>AuditModel</name>
    <message>
        <source>Time</source>
        <translation>Tidspunkt</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Bruker</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Sak</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>Gjelder</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <source>User</source>
        <translation>Bruker</translation>
    </message>
    <message>
        <source>Journal number</source>
        <translation>Journalnummer</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Vis</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Fra</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Til</translation>
    </message>
    <message>
        <source>Check the chain</source>
        <translation>Kontroller kjeden</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>Eksporter til Excel…</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source> (the newest {n} shown)</source>
        <translation> (de {n} nyeste vises)</translation>
    </message>
    <message>
        <source>{n} rows</source>
        <translation>{n} rader</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Tilgangslogg</translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>Eksporter tilgangslogg</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel-arbeidsbok (*.xlsx)</translation>
    </message>
    <message>
        <source>{n} rows written to {path}</source>
        <translation>{n} rader skrevet til {path}</translation>
    </message>
</context>
<context>
    <name>CalendarExporter</name>
    <message>
        <source>Export to calendar</source>
        <translation>Eksporter til kalender</translation>
    </message>
    <message>
        <source>iCalendar file (*.ics)</source>
        <translation>iCalendar-fil (*.ics)</translation>
    </message>
    <message numerus="yes">
        <source>%n open deadline(s) written to {path}. Import the file in Outlook (File → Open &amp; Export → Import); importing a newer file updates the events.</source>
        <translation>
            <numerusform>%n åpen frist skrevet til {path}. Importer filen i Outlook (Fil → Åpne og eksporter → Importer); en nyere fil oppdaterer hendelsene.</numerusform>
            <numerusform>%n åpne frister skrevet til {path}. Importer filen i Outlook (Fil → Åpne og eksporter → Importer); en nyere fil oppdaterer hendelsene.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseModel</name>
    <message>
        <source>%1 (%2 overdue)</source>
        <translation>%1 (%2 forfalt)</translation>
    </message>
    <message>
        <source>%1 open deadlines, %2 overdue</source>
        <translation>%1 åpne frister, %2 forfalt</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alder</translation>
    </message>
    <message>
        <source>Akuttvedtak %1 at %2 (%3)</source>
        <translation>Akuttvedtak %1 kl. %2 (%3)</translation>
    </message>
    <message>
        <source>Akuttvedtak sent to the board at %1</source>
        <translation>Akuttvedtak sendt nemnda kl. %1</translation>
    </message>
    <message>
        <source>Case closed %1</source>
        <translation>Saken ble avsluttet %1</translation>
    </message>
    <message>
        <source>Caseworker</source>
        <translation>Saksbehandler</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Dato</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Dager</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Hva</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Frist</translation>
    </message>
    <message>
        <source>Ettervern concluded: %1</source>
        <translation>Ettervern konkludert: %1</translation>
    </message>
    <message>
        <source>Ettervern offered</source>
        <translation>Ettervern tilbudt</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Hendelse</translation>
    </message>
    <message>
        <source>Feedback sent to the reporter</source>
        <translation>Tilbakemelding sendt til melder</translation>
    </message>
    <message>
        <source>Follow-up visit</source>
        <translation>Oppfølgingsbesøk</translation>
    </message>
    <message>
        <source>Fødselsnr.</source>
        <translation>Fødselsnr.</translation>
    </message>
    <message>
        <source>How it was set</source>
        <translation>Slik er fristen beregnet</translation>
    </message>
    <message>
        <source>Journal no.</source>
        <extracomment>Event kinds of the timeline: (letter, colour).</extracomment>
        <translation>Journalnr.</translation>
    </message>
    <message>
        <source>Melding concluded: %1</source>
        <translation>Melding konkludert: %1</translation>
    </message>
    <message>
        <source>Melding received from %1</source>
        <translation>Melding mottatt fra %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>Frister</translation>
    </message>
    <message>
        <source>age unknown</source>
        <translation>alder ukjent</translation>
    </message>
    <message>
        <source>DUF {number}</source>
        <translation>DUF {number}</translation>
    </message>
    <message>
        <source>Petition sent to the board</source>
        <translation>Begjæring sendt nemnda</translation>
    </message>
    <message>
        <source>Plan created: %1</source>
        <translation>Plan opprettet: %1</translation>
    </message>
    <message>
        <source>Plan ended: %1</source>
        <translation>Plan avsluttet: %1</translation>
    </message>
    <message>
        <source>Moved to %1 (%2)</source>
        <translation>Flyttet til %1 (%2)</translation>
    </message>
    <message>
        <source>met %1</source>
        <translation>oppfylt %1</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>ikke kjent</translation>
    </message>
    <message>
        <source>closed %1</source>
        <translation>lukket %1</translation>
    </message>
    <message>
        <source>1 day overdue</source>
        <translation>1 dag på overtid</translation>
    </message>
    <message>
        <source>%1 days overdue</source>
        <translation>%1 dager på overtid</translation>
    </message>
    <message>
        <source>in 1 day</source>
        <translation>om 1 dag</translation>
    </message>
    <message>
        <source>in %1 days</source>
        <translation>om %1 dager</translation>
    </message>
    <message>
        <source>Plan evaluated: %1</source>
        <translation>Plan evaluert: %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Supervision visit</source>
        <translation>Tilsynsbesøk</translation>
    </message>
    <message>
        <source>Tiltak ended: %1</source>
        <translation>Tiltak avsluttet: %1</translation>
    </message>
    <message>
        <source>Tiltak started: %1</source>
        <translation>Tiltak startet: %1</translation>
    </message>
    <message>
        <source>Undersøkelse concluded: %1</source>
        <translation>Undersøkelse konkludert: %1</translation>
    </message>
    <message>
        <source>Undersøkelse extended</source>
        <translation>Undersøkelse utvidet</translation>
    </message>
    <message>
        <source>Undersøkelse started</source>
        <translation>Undersøkelse startet</translation>
    </message>
    <message>
        <source>Vedtak %1 (%2)</source>
        <translation>Vedtak %1 (%2)</translation>
    </message>
    <message>
        <source>today</source>
        <translation>i dag</translation>
    </message>
    <message>
        <source>unborn</source>
        <translation>ufødt</translation>
    </message>
</context>
<context>
    <name>CasePicker</name>
    <message>
        <source>Search by name, journal number or fødselsnummer</source>
        <translation>Søk på navn, journalnummer eller fødselsnummer</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>%1 years</source>
        <translation>%1 år</translation>
    </message>
    <message>
        <source>&amp;Edit vedtak…</source>
        <translation>&amp;Endre vedtak …</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Endre …</translation>
    </message>
    <message>
        <source>&amp;Feedback sent…</source>
        <translation>&amp;Tilbakemelding sendt …</translation>
    </message>
    <message>
        <source>&amp;New melding…</source>
        <translation>&amp;Ny melding …</translation>
    </message>
    <message>
        <source>&amp;New plan…</source>
        <translation>&amp;Ny plan …</translation>
    </message>
    <message>
        <source>&amp;New vedtak…</source>
        <translation>&amp;Nytt vedtak …</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Ny …</translation>
    </message>
    <message>
        <source>&amp;Register visits…</source>
        <translation>&amp;Registrer besøk …</translation>
    </message>
    <message>
        <source>; petition %1</source>
        <translation>; begjæring %1</translation>
    </message>
    <message>
        <source>; sent to the board %1</source>
        <translation>; sendt nemnda %1</translation>
    </message>
    <message>
        <source>New me&amp;lding…</source>
        <translation>Ny me&amp;lding …</translation>
    </message>
    <message>
        <source>Hide the case list (the case gets the whole width)</source>
        <translation>Skjul sakslisten (saken får hele bredden)</translation>
    </message>
    <message>
        <source>Show the case list (Ctrl+F searches)</source>
        <translation>Vis sakslisten (Ctrl+F søker)</translation>
    </message>
    <message>
        <source>unknown (imported)</source>
        <translation>ukjent (importert)</translation>
    </message>
    <message>
        <source>Grounds</source>
        <translation>Vedtaksgrunnlag</translation>
    </message>
    <message>
        <source>Akuttvedtak</source>
        <translation>Akuttvedtak</translation>
    </message>
    <message>
        <source>Foster home needed</source>
        <translation>Fosterhjem trengs</translation>
    </message>
    <message>
        <source>Visits last 12 months</source>
        <translation>Besøk siste 12 måneder</translation>
    </message>
    <message>
        <source>Days in temporary placement</source>
        <translation>Dager i midlertidig plassering</translation>
    </message>
    <message>
        <source>&amp;Register evaluation…</source>
        <translation>&amp;Registrer evaluering …</translation>
    </message>
    <message>
        <source>Besøk</source>
        <translation>Besøk</translation>
    </message>
    <message>
        <source>Moved on</source>
        <translation>Flyttet</translation>
    </message>
    <message>
        <source>Reason for moving</source>
        <translation>Årsak til flytting</translation>
    </message>
    <message>
        <source>Moved to</source>
        <translation>Flyttet til</translation>
    </message>
    <message>
        <source>&amp;Register move…</source>
        <translation>&amp;Registrer flytting …</translation>
    </message>
    <message>
        <source>Moves</source>
        <translation>Flyttinger</translation>
    </message>
    <message>
        <source>No moves registered.</source>
        <translation>Ingen flyttinger registrert.</translation>
    </message>
    <message>
        <source>follow-up %1 of %2</source>
        <translation>oppfølging %1 av %2</translation>
    </message>
    <message>
        <source>supervision %1 of %2</source>
        <translation>tilsyn %1 av %2</translation>
    </message>
    <message>
        <source>1 month</source>
        <translation>1 måned</translation>
    </message>
    <message>
        <source>%1 months</source>
        <translation>%1 måneder</translation>
    </message>
    <message>
        <source>birth date not known</source>
        <translation>fødselsdato ukjent</translation>
    </message>
    <message>
        <source>Case started %1</source>
        <translation>Sak startet %1</translation>
    </message>
    <message>
        <source>Caseworker: %1</source>
        <translation>Saksbehandler: %1</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>Closed %1</source>
        <translation>Avsluttet %1</translation>
    </message>
    <message>
        <source>Con&amp;clude…</source>
        <translation>&amp;Konkluder …</translation>
    </message>
    <message>
        <source>Concluded</source>
        <translation>Konkludert</translation>
    </message>
    <message>
        <source>Conclusion</source>
        <translation>Konklusjon</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Saksinnhold</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Dato</translation>
    </message>
    <message>
        <source>E&amp;xtend…</source>
        <translation>&amp;Utvid frist …</translation>
    </message>
    <message>
        <source>Ed&amp;it tiltak…</source>
        <translation>End&amp;re tiltak …</translation>
    </message>
    <message>
        <source>Edit &amp;case…</source>
        <translation>Endre &amp;sak …</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Slutt</translation>
    </message>
    <message>
        <source>End tilta&amp;k…</source>
        <translation>Avslutt tilta&amp;k …</translation>
    </message>
    <message>
        <source>Ettervern</source>
        <translation>Ettervern</translation>
    </message>
    <message>
        <source>Evaluations</source>
        <translation>Evalueringer</translation>
    </message>
    <message>
        <source>Extended</source>
        <translation>Utvidet</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>Tilbakemelding</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>Intervall</translation>
    </message>
    <message>
        <source>Journal no. %1</source>
        <translation>Journalnr. %1</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Last evaluated</source>
        <translation>Sist evaluert</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>Lovhjemmel</translation>
    </message>
    <message>
        <source>Melding received</source>
        <translation>Melding mottatt</translation>
    </message>
    <message>
        <source>Meldinger</source>
        <translation>Meldinger</translation>
    </message>
    <message>
        <source>New &amp;tiltak…</source>
        <translation>Nytt &amp;tiltak …</translation>
    </message>
    <message>
        <source>Next step…</source>
        <translation>Neste steg …</translation>
    </message>
    <message>
        <source>No ettervern registered.</source>
        <translation>Ikke noe ettervern er registrert.</translation>
    </message>
    <message>
        <source>No meldinger registered.</source>
        <translation>Ingen meldinger er registrert.</translation>
    </message>
    <message>
        <source>No open deadlines in this case.</source>
        <translation>Ingen åpne frister i denne saken.</translation>
    </message>
    <message>
        <source>No plans registered.</source>
        <translation>Ingen planer er registrert.</translation>
    </message>
    <message>
        <source>No undersøkelser. An undersøkelse starts when a melding is concluded with code 2.</source>
        <translation>Ingen undersøkelser. En undersøkelse starter når en melding konkluderes med kode 2.</translation>
    </message>
    <message>
        <source>No visits registered.</source>
        <translation>Ingen besøk er registrert.</translation>
    </message>
    <message>
        <source>Offer sent</source>
        <translation>Tilbud sendt</translation>
    </message>
    <message>
        <source>Open deadlines</source>
        <translation>Åpne frister</translation>
    </message>
    <message>
        <source>Open deadlines (%1)</source>
        <translation>Åpne frister (%1)</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Oversikt</translation>
    </message>
    <message>
        <source>Plan type</source>
        <translation>Plantype</translation>
    </message>
    <message>
        <source>Planer</source>
        <translation>Planer</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grunn</translation>
    </message>
    <message>
        <source>Reason ended</source>
        <translation>Årsak til opphevelse</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Mottatt</translation>
    </message>
    <message>
        <source>Register &amp;visits…</source>
        <translation>Registrer &amp;besøk …</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>Melder</translation>
    </message>
    <message>
        <source>Show &amp;met deadlines too</source>
        <translation>Vis også &amp;oppfylte frister</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Startet</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Team: %1</source>
        <translation>Team: %1</translation>
    </message>
    <message>
        <source>Tiltak</source>
        <translation>Tiltak</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Tidslinje</translation>
    </message>
    <message>
        <source>Undersøkelser</source>
        <translation>Undersøkelser</translation>
    </message>
    <message>
        <source>Vedtak</source>
        <translation>Vedtak</translation>
    </message>
    <message>
        <source>Vedtak and tiltak</source>
        <translation>Vedtak/tiltak</translation>
    </message>
    <message>
        <source>Fristvakt</source>
        <translation>Fristvakt</translation>
    </message>
    <message>
        <source>Visits are registered for foster-home tiltak only.</source>
        <translation>Besøk registreres bare på fosterhjemstiltak.</translation>
    </message>
    <message>
        <source>Visits are registered for foster-home tiltak; the case has none.</source>
        <translation>Besøk registreres på fosterhjemstiltak; saken har ingen.</translation>
    </message>
    <message>
        <source>Visits per year</source>
        <translation>Besøk per år</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>født %1</translation>
    </message>
    <message>
        <source>follow-up %1</source>
        <translation>oppfølging %1</translation>
    </message>
    <message>
        <source>standard</source>
        <translation>standard</translation>
    </message>
    <message>
        <source>standard (4)</source>
        <translation>standard (4)</translation>
    </message>
    <message>
        <source>supervision %1</source>
        <translation>tilsyn %1</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>Choose a case in the list, or search for a name, a journal number or the first digits of a fødselsnummer.</source>
        <translation>Velg en sak i listen, eller søk etter navn, journalnummer eller de første sifrene i et fødselsnummer.</translation>
    </message>
    <message>
        <source>New &amp;melding…</source>
        <translation>Ny &amp;melding …</translation>
    </message>
    <message>
        <source>No case matches «%1».</source>
        <translation>Ingen saker passer med «%1».</translation>
    </message>
    <message>
        <source>1 case found.</source>
        <translation>1 sak funnet.</translation>
    </message>
    <message>
        <source>%1 cases found.</source>
        <translation>%1 saker funnet.</translation>
    </message>
    <message>
        <source>Search cases</source>
        <translation>Søk i saker</translation>
    </message>
    <message>
        <source>Search: name, journal number or fødselsnummer</source>
        <translation>Søk: navn, journalnummer eller fødselsnummer</translation>
    </message>
    <message>
        <source>Showing the first %1 cases – refine the search.</source>
        <translation>Viser de første %1 sakene – avgrens søket.</translation>
    </message>
    <message>
        <source>The case could not be opened (it may have been deleted).</source>
        <translation>Saken kunne ikke åpnes (den kan være slettet).</translation>
    </message>
    <message>
        <source>Recently opened and open cases. Type to search.</source>
        <translation>Sist åpnede og åpne saker. Skriv for å søke.</translation>
    </message>
    <message>
        <source>Type a name, a journal number or the first digits of a fødselsnummer (Ctrl+F).</source>
        <translation>Skriv et navn, et journalnummer eller de første sifrene i et fødselsnummer (Ctrl+F).</translation>
    </message>
</context>
<context>
    <name>CaseworkerCombo</name>
    <message>
        <source>+ New caseworker…</source>
        <translation>+ Ny saksbehandler…</translation>
    </message>
</context>
<context>
    <name>CaseworkerDialog</name>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Navn:</translation>
    </message>
    <message>
        <source>&amp;Team:</source>
        <translation>&amp;Team:</translation>
    </message>
    <message>
        <source>A caseworker with this name already exists.</source>
        <translation>Det finnes allerede en saksbehandler med dette navnet.</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Edit caseworker</source>
        <translation>Endre saksbehandler</translation>
    </message>
    <message>
        <source>Leader (sees the whole service)</source>
        <translation>Leder (ser hele tjenesten)</translation>
    </message>
    <message>
        <source>New caseworker</source>
        <translation>Ny saksbehandler</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Bytt passord</translation>
    </message>
    <message>
        <source>Your password unlocks the register. Choose one only you know, at least {n} characters.</source>
        <translation>Passordet ditt låser opp registeret. Velg et som bare du kjenner, minst {n} tegn.</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Nåværende passord</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nytt passord</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>Gjenta nytt passord</translation>
    </message>
    <message>
        <source>Enter your current password</source>
        <translation>Skriv inn det nåværende passordet</translation>
    </message>
    <message numerus="yes">
        <source>At least %n characters</source>
        <translation>
            <numerusform>Minst %n tegn</numerusform>
            <numerusform>Minst %n tegn</numerusform>
        </translation>
    </message>
    <message>
        <source>The passwords are not the same</source>
        <translation>Passordene er ikke like</translation>
    </message>
</context>
<context>
    <name>CodePicker</name>
    <message>
        <source> (not valid on this date)</source>
        <translation> (ikke gyldig på denne datoen)</translation>
    </message>
    <message>
        <source>No code matches «%1» – choose one from the list</source>
        <translation>Ingen kode passer med «%1» – velg fra listen</translation>
    </message>
    <message>
        <source>Several codes match «%1» – choose one from the list</source>
        <translation>Flere koder passer med «%1» – velg én fra listen</translation>
    </message>
    <message>
        <source>Type to search or choose…</source>
        <translation>Skriv for å søke, eller velg …</translation>
    </message>
</context>
<context>
    <name>CodedInput</name>
    <message>
        <source>Presisering</source>
        <translation>Presisering</translation>
    </message>
    <message>
        <source>Presisering (required for this code)</source>
        <translation>Presisering (påkrevd for denne koden)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Fjern</translation>
    </message>
</context>
<context>
    <name>ConcludeMeldingDialog</name>
    <message>
        <source>&amp;Conclusion</source>
        <translation>&amp;Konklusjon</translation>
    </message>
    <message>
        <source>Add content</source>
        <translation>Legg til saksinnhold</translation>
    </message>
    <message>
        <source>C&amp;ontent</source>
        <translation>Saks&amp;innhold</translation>
    </message>
    <message>
        <source>Choose the conclusion</source>
        <translation>Velg konklusjon</translation>
    </message>
    <message>
        <source>Conclude melding</source>
        <extracomment>Konklusjon melding &quot;2&quot;: ikke henlagt – the melding is investigated.</extracomment>
        <translation>Konkluder melding</translation>
    </message>
    <message>
        <source>Conclusion &amp;date</source>
        <translation>Konklusjons&amp;dato</translation>
    </message>
    <message>
        <source>Melding received %1</source>
        <translation>Melding mottatt %1</translation>
    </message>
    <message>
        <source>Saving also starts an undersøkelse from %1.</source>
        <translation>Lagring starter også en undersøkelse fra %1.</translation>
    </message>
    <message>
        <source>the conclusion date</source>
        <translation>konklusjonsdatoen</translation>
    </message>
</context>
<context>
    <name>ConcludeUndersokelseDialog</name>
    <message>
        <source>&amp;Conclusion</source>
        <translation>&amp;Konklusjon</translation>
    </message>
    <message>
        <source>Add ground</source>
        <translation>Legg til vedtaksgrunnlag</translation>
    </message>
    <message>
        <source>&amp;Grounds for the decision</source>
        <translation>&amp;Vedtaksgrunnlag</translation>
    </message>
    <message>
        <source>Choose the conclusion</source>
        <translation>Velg konklusjon</translation>
    </message>
    <message>
        <source>Conclude undersøkelse</source>
        <translation>Konkluder undersøkelse</translation>
    </message>
    <message>
        <source>Conclusion &amp;date</source>
        <translation>Konklusjons&amp;dato</translation>
    </message>
    <message>
        <source>Undersøkelse started %1</source>
        <translation>Undersøkelse startet %1</translation>
    </message>
    <message>
        <source>the conclusion date</source>
        <translation>konklusjonsdatoen</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>Choose date</source>
        <translation>Velg dato</translation>
    </message>
    <message>
        <source>Date as dd.mm.yyyy. Alt+Down opens the calendar.</source>
        <translation>Dato som dd.mm.åååå. Alt+Pil ned åpner kalenderen.</translation>
    </message>
    <message>
        <source>Not a valid date (use dd.mm.yyyy)</source>
        <translation>Ugyldig dato (bruk dd.mm.åååå)</translation>
    </message>
    <message>
        <source>dd.mm.yyyy</source>
        <translation>dd.mm.åååå</translation>
    </message>
</context>
<context>
    <name>DateTimeField</name>
    <message>
        <source>Date and time as dd.mm.yyyy hh:mm. Alt+Down opens the calendar.</source>
        <translation>Dato og klokkeslett som dd.mm.åååå tt:mm. Alt+Pil ned åpner kalenderen.</translation>
    </message>
    <message>
        <source>Not a valid time (use dd.mm.yyyy hh:mm)</source>
        <translation>Ugyldig tidspunkt (bruk dd.mm.åååå tt:mm)</translation>
    </message>
    <message>
        <source>dd.mm.yyyy hh:mm</source>
        <translation>dd.mm.åååå tt:mm</translation>
    </message>
</context>
<context>
    <name>DeadlineAction</name>
    <message>
        <source>Conclude investigation</source>
        <translation>Konkluder undersøkelse</translation>
    </message>
    <message>
        <source>Conclude report</source>
        <translation>Konkluder melding</translation>
    </message>
    <message>
        <source>Create plan</source>
        <translation>Opprett plan</translation>
    </message>
    <message>
        <source>End measure</source>
        <translation>Avslutt tiltak</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Åpne sak</translation>
    </message>
    <message>
        <source>Register aftercare</source>
        <translation>Registrer ettervern</translation>
    </message>
    <message>
        <source>Register decision</source>
        <translation>Registrer vedtak</translation>
    </message>
    <message>
        <source>Register evaluation</source>
        <translation>Registrer evaluering</translation>
    </message>
    <message>
        <source>Register feedback</source>
        <translation>Registrer tilbakemelding</translation>
    </message>
    <message>
        <source>Register visit</source>
        <translation>Registrer besøk</translation>
    </message>
    <message>
        <source>Update emergency decision</source>
        <translation>Oppdater akuttvedtak</translation>
    </message>
</context>
<context>
    <name>DeadlineTableModel</name>
    <message>
        <source>Caseworker</source>
        <translation>Saksbehandler</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Barn</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>Dager</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Frist</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Neste steg</translation>
    </message>
    <message>
        <source>(internal deadline)</source>
        <translation>(intern frist)</translation>
    </message>
    <message>
        <source>1 day overdue</source>
        <translation>1 dag over</translation>
    </message>
    <message>
        <source>%1 days overdue</source>
        <translation>%1 dager over</translation>
    </message>
    <message>
        <source>in 1 day</source>
        <translation>om 1 dag</translation>
    </message>
    <message>
        <source>in %1 days</source>
        <translation>om %1 dager</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Hva</translation>
    </message>
    <message>
        <source>today</source>
        <translation>i dag</translation>
    </message>
</context>
<context>
    <name>DrawDialog</name>
    <message>
        <source>Draw an audit sample</source>
        <translation>Trekk stikkprøve</translation>
    </message>
    <message>
        <source>Empty: a new random seed</source>
        <translation>Tomt: nytt tilfeldig frø</translation>
    </message>
    <message>
        <source>The same kind, stored period (a running period ends on the day drawn) and seed draw the same list again, from the records as they stand: a matter concluded later with a date in the period can change it</source>
        <translation>Samme type, lagrede periode (en løpende periode slutter den dagen utvalget trekkes) og frø trekker samme liste igjen, av sakene slik de står: en sak som senere konkluderes med dato i perioden, kan endre den</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Periode:</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>&amp;Antall saker:</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>&amp;Frø:</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>Trekk</translation>
    </message>
    <message>
        <source>The seed must be a whole number from 0 to {max}</source>
        <translation>Frøet må være et heltall fra 0 til {max}</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Open demo municipality</source>
        <translation>Åpne demokommune</translation>
    </message>
    <message>
        <source>Register first report</source>
        <translation>Registrer første melding</translation>
    </message>
    <message>
        <source>This database has no cases yet. Open the demo municipality to see how Fristvakt works, or register the first report of concern.</source>
        <translation>Databasen har ingen saker ennå. Åpne demokommunen for å se hvordan Fristvakt fungerer, eller registrer den første bekymringsmeldingen.</translation>
    </message>
    <message>
        <source>Welcome to Fristvakt</source>
        <extracomment>What a role must be allowed to see each page (None: every role). How often the window asks the register whether someone else changed it (ms).</extracomment>
        <translation>Velkommen til Fristvakt</translation>
    </message>
</context>
<context>
    <name>EndTiltakDialog</name>
    <message>
        <source>&amp;Ended</source>
        <translation>&amp;Avsluttet</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>Å&amp;rsak</translation>
    </message>
    <message>
        <source>End tiltak</source>
        <translation>Avslutt tiltak</translation>
    </message>
    <message>
        <source>Reason (required when a care order ends)</source>
        <translation>Årsak (påkrevd når et omsorgstiltak avsluttes)</translation>
    </message>
    <message>
        <source>the end date</source>
        <translation>sluttdatoen</translation>
    </message>
</context>
<context>
    <name>EttervernDialog</name>
    <message>
        <source>&amp;Conclusion</source>
        <translation>&amp;Konklusjon</translation>
    </message>
    <message>
        <source>Conclusion &amp;date</source>
        <translation>Konklusjons&amp;dato</translation>
    </message>
    <message>
        <source>Conclusion (when known)</source>
        <translation>Konklusjon (når den er kjent)</translation>
    </message>
    <message>
        <source>Edit ettervern</source>
        <translation>Endre ettervern</translation>
    </message>
    <message>
        <source>Ettervern</source>
        <translation>Ettervern</translation>
    </message>
    <message>
        <source>Offer &amp;sent</source>
        <translation>Tilbud &amp;sendt</translation>
    </message>
    <message>
        <source>the date the offer was sent</source>
        <translation>datoen tilbudet ble sendt</translation>
    </message>
</context>
<context>
    <name>EvaluationDialog</name>
    <message>
        <source>&amp;Evaluated</source>
        <translation>&amp;Evaluert</translation>
    </message>
    <message>
        <source>Earlier evaluations: %1</source>
        <translation>Tidligere evalueringer: %1</translation>
    </message>
    <message>
        <source>Register evaluation</source>
        <translation>Registrer evaluering</translation>
    </message>
    <message>
        <source>This evaluation is already registered</source>
        <translation>Denne evalueringen er allerede registrert</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ingen</translation>
    </message>
    <message>
        <source>the evaluation date</source>
        <translation>evalueringsdatoen</translation>
    </message>
</context>
<context>
    <name>ExtendUndersokelseDialog</name>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Grunn</translation>
    </message>
    <message>
        <source>Extend undersøkelse</source>
        <translation>Utvid frist for undersøkelse</translation>
    </message>
    <message>
        <source>Extension &amp;decided</source>
        <translation>Utvidelse &amp;besluttet</translation>
    </message>
    <message>
        <source>Undersøkelse started %1</source>
        <translation>Undersøkelse startet %1</translation>
    </message>
    <message>
        <source>Why more time is needed</source>
        <translation>Hvorfor det trengs mer tid</translation>
    </message>
    <message>
        <source>the date of the decision</source>
        <translation>datoen for beslutningen</translation>
    </message>
</context>
<context>
    <name>Failure</name>
    <message>
        <source>The file could not be written (%1).</source>
        <translation>Filen kunne ikke skrives (%1).</translation>
    </message>
    <message>
        <source>Unexpected error (%1). Nothing was written.</source>
        <translation>Uventet feil (%1). Ingenting ble skrevet.</translation>
    </message>
</context>
<context>
    <name>FindingModel</name>
    <message>
        <source>Severity</source>
        <translation>Alvorlighetsgrad</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>Kontroll</translation>
    </message>
    <message>
        <source>Caseworker</source>
        <translation>Saksbehandler</translation>
    </message>
    <message>
        <source>Journal number</source>
        <translation>Journalnummer</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registrering</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Felt</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Melding fra kontrollen</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Feil</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Advarsel</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Info</translation>
    </message>
</context>
<context>
    <name>FlyttingDialog</name>
    <message>
        <source>Edit move</source>
        <translation>Endre flytting</translation>
    </message>
    <message>
        <source>Register move</source>
        <translation>Registrer flytting</translation>
    </message>
    <message>
        <source>A move is registered when a placed child moves: from a foster home or an institution, to another place or home (SSB «Flytting»).</source>
        <translation>En flytting registreres når et plassert barn flytter: fra et fosterhjem eller en institusjon, til et annet sted eller hjem (SSBs «Flytting»).</translation>
    </message>
    <message>
        <source>&amp;Moved on</source>
        <translation>&amp;Flyttet</translation>
    </message>
    <message>
        <source>&amp;Reason for moving</source>
        <translation>&amp;Årsak til flytting</translation>
    </message>
    <message>
        <source>Moved &amp;to</source>
        <translation>Flyttet &amp;til</translation>
    </message>
    <message>
        <source>the date of the move</source>
        <translation>flyttedatoen</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>Cannot save yet: %1</source>
        <translation>Kan ikke lagre ennå: %1</translation>
    </message>
    <message>
        <source>Conclude melding…</source>
        <extracomment>Plan type preselected when a missing plan is created from its deadline.</extracomment>
        <translation>Konkluder melding …</translation>
    </message>
    <message>
        <source>Conclude undersøkelse…</source>
        <translation>Konkluder undersøkelse …</translation>
    </message>
    <message>
        <source>Create plan…</source>
        <translation>Opprett plan …</translation>
    </message>
    <message>
        <source>Melding registered in case %1</source>
        <translation>Melding registrert i sak %1</translation>
    </message>
    <message>
        <source>Deadline %1: %2 (%3)</source>
        <extracomment>Style of invalid fields; scoped to the dialog so the application style stays in charge.</extracomment>
        <translation>Frist %1: %2 (%3)</translation>
    </message>
    <message>
        <source>End tiltak…</source>
        <translation>Avslutt tiltak …</translation>
    </message>
    <message>
        <source>Fill in %1</source>
        <translation>Fyll ut %1</translation>
    </message>
    <message>
        <source>Fill in the date</source>
        <translation>Fyll ut datoen</translation>
    </message>
    <message>
        <source>(and 1 more)</source>
        <translation>(og 1 til)</translation>
    </message>
    <message>
        <source>(and %1 more)</source>
        <translation>(og %1 til)</translation>
    </message>
    <message>
        <source>The case behind this window now shows the other change. Check what you typed against it; Save stores it over that change.</source>
        <translation>Saken bak dette vinduet viser nå den andre endringen. Sammenlign med det du har skrevet; Lagre lagrer det over den endringen.</translation>
    </message>
    <message>
        <source>Discard what you have typed?</source>
        <translation>Forkaste det du har skrevet?</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Forkast</translation>
    </message>
    <message>
        <source>Keep writing</source>
        <translation>Fortsett å skrive</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Ikke lagret: %1</translation>
    </message>
    <message>
        <source>Ready to save. Enter saves, Esc cancels.</source>
        <translation>Klar til å lagre. Enter lagrer, Esc avbryter.</translation>
    </message>
    <message>
        <source>Register ettervern…</source>
        <translation>Registrer ettervern …</translation>
    </message>
    <message>
        <source>Register evaluation…</source>
        <translation>Registrer evaluering …</translation>
    </message>
    <message>
        <source>Register feedback…</source>
        <translation>Registrer tilbakemelding …</translation>
    </message>
    <message>
        <source>Register vedtak…</source>
        <translation>Registrer vedtak …</translation>
    </message>
    <message>
        <source>Register visit…</source>
        <translation>Registrer besøk …</translation>
    </message>
    <message>
        <source>Update akuttvedtak…</source>
        <translation>Oppdater akuttvedtak …</translation>
    </message>
    <message>
        <source>boy</source>
        <translation>gutt</translation>
    </message>
    <message>
        <source>girl</source>
        <translation>jente</translation>
    </message>
</context>
<context>
    <name>FrequencyField</name>
    <message>
        <source>%1 from %2</source>
        <translation>%1 fra %2</translation>
    </message>
    <message>
        <source>2 per year (reduced)</source>
        <translation>2 per år (redusert)</translation>
    </message>
    <message>
        <source>4 per year (standard)</source>
        <translation>4 per år (standard)</translation>
    </message>
    <message>
        <source>Registered: %1</source>
        <translation>Registrert: %1</translation>
    </message>
    <message>
        <source>from</source>
        <translation>fra</translation>
    </message>
</context>
<context>
    <name>FristerPage</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n dag</numerusform>
            <numerusform>%n dager</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due soon</source>
        <translation>
            <numerusform>%n forfaller snart</numerusform>
            <numerusform>%n forfaller snart</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n open deadline(s)</source>
        <translation>
            <numerusform>%n åpen frist</numerusform>
            <numerusform>%n åpne frister</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n forfalt</numerusform>
            <numerusform>%n forfalt</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Rule:</source>
        <translation>&amp;Regel:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>All deadlines</source>
        <translation>Alle frister</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>Alle datoer</translation>
    </message>
    <message>
        <source>Caseworker: {name}</source>
        <translation>Saksbehandler: {name}</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>Barn</translation>
    </message>
    <message>
        <source>Choose who you are under Settings</source>
        <translation>Velg hvem du er under Innstillinger</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>Frister</translation>
    </message>
    <message>
        <source>Default value — can be changed in Settings</source>
        <translation>Standardverdi — kan endres i Innstillinger</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>Forfaller snart</translation>
    </message>
    <message>
        <source>E&amp;xplanation</source>
        <translation>For&amp;klaring</translation>
    </message>
    <message>
        <source>Show or hide the explanation of the selected deadline below the list</source>
        <translation>Vis eller skjul forklaringen av den valgte fristen under listen</translation>
    </message>
    <message>
        <source>Sho&amp;w:</source>
        <translation>V&amp;is:</translation>
    </message>
    <message>
        <source>Due &amp;within:</source>
        <translation>Forfaller i&amp;nnen:</translation>
    </message>
    <message>
        <source>Show &amp;internal deadlines</source>
        <translation>Vis int&amp;erne frister</translation>
    </message>
    <message>
        <source>The service&apos;s own time standards (internal deadlines) beside the legal ones; they are never counted as deadline breaches</source>
        <translation>Tjenestens egne tidsstandarder (interne frister) ved siden av de lovpålagte; de telles aldri som fristbrudd</translation>
    </message>
    <message>
        <source>Export to &amp;calendar…</source>
        <translation>Eksporter til ka&amp;lender…</translation>
    </message>
    <message>
        <source>Save the open deadlines of the caseworker shown (your own, as a caseworker) as an iCalendar file for Outlook: journal number and what is due, never names</source>
        <translation>Lagre de åpne fristene til saksbehandleren som vises (dine egne, som saksbehandler) som en iCalendar-fil for Outlook: journalnummer og hva som forfaller, aldri navn</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>In this view:</source>
        <translation>I utvalget:</translation>
    </message>
    <message>
        <source>Changed in Settings: {title} is {value} (default {default})</source>
        <translation>Endret under Innstillinger: {title} er {value} (standard {default})</translation>
    </message>
    <message>
        <source>How the date was computed</source>
        <translation>Slik er datoen regnet ut</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>Hjemmel</translation>
    </message>
    <message>
        <source>Met when</source>
        <translation>Oppfylles når</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Mine</translation>
    </message>
    <message>
        <source>Mine ({name})</source>
        <translation>Mine ({name})</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Neste steg</translation>
    </message>
    <message>
        <source>No open deadlines match these filters.</source>
        <translation>Ingen åpne frister passer med disse filtrene.</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Åpne sak</translation>
    </message>
    <message>
        <source>Open the case of the selected deadline (Enter)</source>
        <translation>Åpne saken til den valgte fristen (Enter)</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Forfalt</translation>
    </message>
    <message>
        <source>Perform the natural next step for the selected deadline (Ctrl+Enter)</source>
        <translation>Utfør neste steg for den valgte fristen (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <source>Search name or journal number</source>
        <extracomment>(narrowest, widest) width of each column when the columns are fitted to the rows and the window; the &quot;what&quot; column takes whatever room is left, and gives it up last. Which columns shorten (elided) when the table is narrower than its contents, first to last. Columns that step aside when even the shortened columns do not fit, first to last.</extracomment>
        <translation>Søk på navn eller journalnummer</translation>
    </message>
    <message>
        <source>Select a deadline to see how its date was computed, the legal basis and the parameter values in force.</source>
        <translation>Velg en frist for å se hvordan datoen er regnet ut, hjemmelen og verdiene som gjelder.</translation>
    </message>
    <message>
        <source>Showing {shown} of {total} — scroll down for more</source>
        <translation>Viser {shown} av {total} – rull ned for flere</translation>
    </message>
    <message>
        <source>Starts when</source>
        <translation>Starter når</translation>
    </message>
    <message>
        <source>Team: {team}</source>
        <translation>Team: {team}</translation>
    </message>
    <message>
        <source>Values in force</source>
        <translation>Verdier som gjelder</translation>
    </message>
    <message>
        <source>Why this date</source>
        <translation>Hvorfor denne datoen</translation>
    </message>
    <message>
        <source>due {date}</source>
        <translation>frist {date}</translation>
    </message>
    <message>
        <source>{name} (inactive)</source>
        <translation>{name} (inaktiv)</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>Import from SSB file</source>
        <translation>Importer fra SSB-fil</translation>
    </message>
    <message>
        <source>SSB&apos;s controls</source>
        <translation>SSBs kontroller</translation>
    </message>
    <message>
        <source>Cases and elements</source>
        <translation>Saker og elementer</translation>
    </message>
    <message>
        <source>As the file says</source>
        <translation>Som filen sier</translation>
    </message>
    <message>
        <source>Caseworker for new children</source>
        <translation>Saksbehandler for nye barn</translation>
    </message>
    <message>
        <source>&amp;Caseworker for new children:</source>
        <translation>&amp;Saksbehandler for nye barn:</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importer</translation>
    </message>
    <message>
        <source>{documents} case documents in {file}: {new} new children, {changed} changed cases, {same} unchanged. {refused} elements refused, {lost} parts the register has no place for.</source>
        <translation>{documents} saksdokumenter i {file}: {new} nye barn, {changed} endrede saker, {same} uendret. {refused} elementer avvist, {lost} deler registeret ikke har plass til.</translation>
    </message>
    <message>
        <source>Every new child gets {name}.</source>
        <translation>Alle nye barn får {name}.</translation>
    </message>
    <message>
        <source>New caseworkers: {names}.</source>
        <translation>Nye saksbehandlere: {names}.</translation>
    </message>
    <message>
        <source>SSB&apos;s controls could not be run on this file.</source>
        <translation>SSBs kontroller kunne ikke kjøres på denne filen.</translation>
    </message>
    <message>
        <source>SSB&apos;s controls ({format}): {errors} FEIL (SSB would refuse the file until they are corrected), {warnings} ADVARSEL.</source>
        <translation>SSBs kontroller ({format}): {errors} FEIL (SSB avviser filen til de er rettet), {warnings} ADVARSEL.</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Ny</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Endret</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Avvist</translation>
    </message>
    <message>
        <source>Not stored</source>
        <translation>Ikke lagret</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Merknad</translation>
    </message>
    <message>
        <source>… and {n} more lines</source>
        <translation>… og {n} linjer til</translation>
    </message>
</context>
<context>
    <name>LegalStatus</name>
    <message>
        <source>Guideline</source>
        <translation>Retningslinje</translation>
    </message>
    <message>
        <source>Law</source>
        <translation>Lov</translation>
    </message>
    <message>
        <source>Default value</source>
        <translation>Standardverdi</translation>
    </message>
    <message>
        <source>Local practice</source>
        <translation>Lokal praksis</translation>
    </message>
    <message>
        <source>Regulation</source>
        <translation>Forskrift</translation>
    </message>
</context>
<context>
    <name>LoadingPage</name>
    <message>
        <source>New database…</source>
        <translation>Ny database …</translation>
    </message>
    <message>
        <source>Open database…</source>
        <translation>Åpne database …</translation>
    </message>
    <message>
        <source>Connect to shared register…</source>
        <translation>Koble til delt register …</translation>
    </message>
    <message>
        <source>Open demo municipality</source>
        <translation>Åpne demokommune</translation>
    </message>
    <message>
        <source>Checking the register and bringing the deadlines up to date.</source>
        <translation>Kontrollerer registeret og oppdaterer fristene.</translation>
    </message>
    <message>
        <source>No register is open</source>
        <translation>Ingen register er åpent</translation>
    </message>
    <message>
        <source>Recomputing deadlines: {done} of {total} cases</source>
        <translation>Beregner frister: {done} av {total} saker</translation>
    </message>
</context>
<context>
    <name>LovhjemmelField</name>
    <message>
        <source>Chapter</source>
        <extracomment>Common legal bases (bvl 2021) offered as presets; the fields stay editable.</extracomment>
        <translation>Kapittel</translation>
    </message>
    <message>
        <source>Common…</source>
        <translation>Vanlige …</translation>
    </message>
    <message>
        <source>Fill in a common legal basis</source>
        <translation>Fyll inn en vanlig lovhjemmel</translation>
    </message>
    <message>
        <source>Paragraph (optional)</source>
        <translation>Ledd (valgfritt)</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Paragraf</translation>
    </message>
    <message>
        <source>para.</source>
        <translation>ledd</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;About Fristvakt</source>
        <translation>&amp;Om Fristvakt</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>S&amp;ak</translation>
    </message>
    <message>
        <source>&amp;Cases</source>
        <translation>&amp;Saker</translation>
    </message>
    <message>
        <source>&amp;Clear list</source>
        <translation>&amp;Tøm listen</translation>
    </message>
    <message>
        <source>&amp;Deadlines</source>
        <translation>&amp;Frister</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fil</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hjelp</translation>
    </message>
    <message>
        <source>&amp;New database…</source>
        <translation>&amp;Ny database …</translation>
    </message>
    <message>
        <source>&amp;New report…</source>
        <translation>&amp;Ny melding …</translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation>Å&amp;pne sak</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Avslutt</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Oppdater</translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation>&amp;Rapporter</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>S&amp;øk</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Innstillinger</translation>
    </message>
    <message>
        <source>When the Deadlines list was last read from the register. It is read again at once when you save, and within 15 seconds when someone else does.</source>
        <translation>Når fristlisten sist ble lest fra registeret. Den leses på nytt med en gang når du lagrer, og innen 15 sekunder når noen andre gjør det.</translation>
    </message>
    <message>
        <source>Open data&amp;base…</source>
        <translation>Åpne data&amp;base …</translation>
    </message>
    <message>
        <source>&amp;Connect to shared register…</source>
        <translation>&amp;Koble til delt register …</translation>
    </message>
    <message>
        <source>&amp;Recent registers</source>
        <translation>N&amp;ylige registre</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Vis</translation>
    </message>
    <message>
        <source>Next &amp;tab</source>
        <translation>Neste fa&amp;ne</translation>
    </message>
    <message>
        <source>&amp;Previous tab</source>
        <translation>Forri&amp;ge fane</translation>
    </message>
    <message>
        <source>Show overdue (&amp;mine)</source>
        <translation>Vis forfalte (&amp;mine)</translation>
    </message>
    <message>
        <source>E&amp;xplanation panel</source>
        <translation>For&amp;klaringspanel</translation>
    </message>
    <message>
        <source>C&amp;hart</source>
        <translation>&amp;Diagram</translation>
    </message>
    <message>
        <source>Sign in, create a new register, open another one, or try the demo municipality.</source>
        <translation>Logg inn, lag et nytt register, åpne et annet, eller prøv demokommunen.</translation>
    </message>
    <message>
        <source>Open register</source>
        <translation>Åpne register</translation>
    </message>
    <message>
        <source>Shared register: {name}</source>
        <translation>Delt register: {name}</translation>
    </message>
    <message>
        <source>Shared register {name}</source>
        <translation>Delt register {name}</translation>
    </message>
    <message>
        <source>Fristvakt – {name} (shared register)</source>
        <translation>Fristvakt – {name} (delt register)</translation>
    </message>
    <message>
        <source>Shared register on a database server: {address}</source>
        <translation>Delt register på en databaseserver: {address}</translation>
    </message>
    <message>
        <source>Register: {path}</source>
        <translation>Register: {path}</translation>
    </message>
    <message>
        <source>Signed in: {name} ({role})</source>
        <translation>Innlogget: {name} ({role})</translation>
    </message>
    <message>
        <source>The register is damaged (SQLite&apos;s integrity check failed). Restore it from a backup: File → Restore from backup…</source>
        <translation>Registeret er skadet (integritetskontrollen feilet). Gjenopprett det fra en sikkerhetskopi: Fil → Gjenopprett fra sikkerhetskopi…</translation>
    </message>
    <message numerus="yes">
        <source>%n child(ren) without a known birth date: the deadlines at 18 and 25 years cannot be computed ({cases}). Register the birth date in the case.</source>
        <translation>
            <numerusform>%n barn uten kjent fødselsdato: fristene ved 18 og 25 år kan ikke beregnes ({cases}). Registrer fødselsdatoen i saken.</numerusform>
            <numerusform>%n barn uten kjent fødselsdato: fristene ved 18 og 25 år kan ikke beregnes ({cases}). Registrer fødselsdatoen i saken.</numerusform>
        </translation>
    </message>
    <message>
        <source>The register is open read-only: you can read, but not change anything, and openings are not logged.</source>
        <translation>Registeret er åpnet skrivebeskyttet: du kan lese, men ikke endre noe, og oppslag blir ikke logget.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ingen)</translation>
    </message>
    <message>
        <source>Last updated at {time}</source>
        <translation>Sist oppdatert kl. {time}</translation>
    </message>
    <message>
        <source>Fristvakt, version {version}</source>
        <translation>Fristvakt, versjon {version}</translation>
    </message>
    <message>
        <source>About Fristvakt</source>
        <translation>Om Fristvakt</translation>
    </message>
    <message>
        <source>The same numbers as the reminder; the heading in Deadlines counts the current filter</source>
        <translation>De samme tallene som påminnelsen; overskriften i Frister teller det gjeldende utvalget</translation>
    </message>
    <message>
        <source>All deadlines are computed by the rule catalogue, with legal basis and an explanation of how each date was computed.</source>
        <translation>Alle frister beregnes av regelkatalogen, med hjemmel og forklaring på hvordan datoen er regnet ut.</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Saker</translation>
    </message>
    <message>
        <source>Create a new database, open one, or try the demo municipality.</source>
        <translation>Lag en ny database, åpne en du har, eller prøv demokommunen.</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>Frister</translation>
    </message>
    <message>
        <source>Fristvakt database (*.db *.sqlite);;All files (*)</source>
        <translation>Fristvakt-database (*.db *.sqlite);;Alle filer (*)</translation>
    </message>
    <message>
        <source>Fristvakt database (*.db)</source>
        <translation>Fristvakt-database (*.db)</translation>
    </message>
    <message>
        <source>Fristvakt keeps track of the statutory deadlines of the municipal child welfare service.</source>
        <translation>Fristvakt holder oversikt over de lovpålagte fristene i den kommunale barnevernstjenesten.</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navigasjon</translation>
    </message>
    <message>
        <source>Ne&amp;xt step</source>
        <translation>Ne&amp;ste steg</translation>
    </message>
    <message>
        <source>New database</source>
        <translation>Ny database</translation>
    </message>
    <message>
        <source>New report</source>
        <translation>Ny melding</translation>
    </message>
    <message>
        <source>Open &amp;demo municipality</source>
        <translation>Åpne &amp;demokommune</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Åpne sak</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>Åpne database</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Rapporter</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Innstillinger</translation>
    </message>
    <message>
        <source>The file {name} already exists. Use Open database to open it.</source>
        <translation>Filen {name} finnes allerede. Bruk Åpne database for å åpne den.</translation>
    </message>
</context>
<context>
    <name>MeldingDialog</name>
    <message>
        <source>&amp;Case</source>
        <translation>S&amp;ak</translation>
    </message>
    <message>
        <source>&amp;New child</source>
        <translation>N&amp;ytt barn</translation>
    </message>
    <message>
        <source>&amp;Received</source>
        <translation>&amp;Mottatt</translation>
    </message>
    <message>
        <source>&amp;Reporter(s)</source>
        <translation>Mel&amp;der(e)</translation>
    </message>
    <message>
        <source>Add content</source>
        <translation>Legg til saksinnhold</translation>
    </message>
    <message>
        <source>Add reporter</source>
        <translation>Legg til melder</translation>
    </message>
    <message>
        <source>C&amp;ontent</source>
        <translation>Saks&amp;innhold</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Sak</translation>
    </message>
    <message>
        <source>Choose the case the melding concerns</source>
        <translation>Velg saken meldingen gjelder</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>Gjelder</translation>
    </message>
    <message>
        <source>E&amp;xisting case</source>
        <translation>&amp;Eksisterende sak</translation>
    </message>
    <message>
        <source>Edit melding</source>
        <translation>Endre melding</translation>
    </message>
    <message>
        <source>New melding</source>
        <translation>Ny melding</translation>
    </message>
    <message>
        <source>The child</source>
        <translation>Barnet</translation>
    </message>
    <message>
        <source>The melding</source>
        <translation>Meldingen</translation>
    </message>
    <message>
        <source>Case assi&amp;gned</source>
        <translation>Saken fo&amp;rdelt</translation>
    </message>
    <message>
        <source>the date received</source>
        <translation>mottatt dato</translation>
    </message>
</context>
<context>
    <name>MilestoneDialog</name>
    <message>
        <source>Edit internal deadline</source>
        <translation>Endre intern frist</translation>
    </message>
    <message>
        <source>New internal deadline</source>
        <translation>Ny intern frist</translation>
    </message>
    <message>
        <source>A negative number: before the start (e.g. two weeks before the legal deadline)</source>
        <translation>Et negativt tall: før startpunktet (f.eks. to uker før lovfristen)</translation>
    </message>
    <message>
        <source>&amp;Then again, every</source>
        <translation>&amp;Deretter på nytt hver</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Navn:</translation>
    </message>
    <message>
        <source>&amp;Starts with:</source>
        <translation>&amp;Starter med:</translation>
    </message>
    <message>
        <source>&amp;Due:</source>
        <translation>&amp;Frist:</translation>
    </message>
    <message>
        <source>&amp;Met by:</source>
        <translation>&amp;Oppfylles av:</translation>
    </message>
    <message>
        <source>&amp;Applies from:</source>
        <translation>&amp;Gjelder fra:</translation>
    </message>
    <message>
        <source>Deadlines whose start lies before this date are not created. Internal deadlines are never counted as deadline breaches.</source>
        <translation>Frister med startpunkt før denne datoen opprettes ikke. Interne frister telles aldri som fristbrudd.</translation>
    </message>
    <message>
        <source>Give the date it applies from</source>
        <translation>Oppgi datoen fristen gjelder fra</translation>
    </message>
</context>
<context>
    <name>MilestoneTableModel</name>
    <message>
        <source>When</source>
        <translation>Når</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Hvem</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versjon</translation>
    </message>
    <message>
        <source>Definition</source>
        <translation>Definisjon</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Internal deadline</source>
        <translation>Intern frist</translation>
    </message>
    <message>
        <source>Applies from</source>
        <translation>Gjelder fra</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nei</translation>
    </message>
</context>
<context>
    <name>MilestonesTab</name>
    <message>
        <source>The service&apos;s own time standards beside the law. They are shown in Deadlines as internal deadlines and never counted as deadline breaches. A change is kept as a new version, and all deadlines are recomputed.</source>
        <translation>Tjenestens egne tidsstandarder ved siden av loven. De vises under Frister som interne frister og telles aldri som fristbrudd. En endring lagres som en ny versjon, og alle frister beregnes på nytt.</translation>
    </message>
    <message>
        <source>Versions of the selected internal deadline</source>
        <translation>Versjoner av den valgte interne fristen</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Ny …</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Endre …</translation>
    </message>
    <message>
        <source>Switch o&amp;ff</source>
        <translation>S&amp;lå av</translation>
    </message>
    <message>
        <source>Switch o&amp;n</source>
        <translation>S&amp;lå på</translation>
    </message>
    <message>
        <source>The internal deadline could not be saved.</source>
        <translation>Den interne fristen kunne ikke lagres.</translation>
    </message>
    <message>
        <source>Internal deadlines</source>
        <translation>Interne frister</translation>
    </message>
</context>
<context>
    <name>NewCaseworkerDialog</name>
    <message>
        <source>New caseworker</source>
        <translation>Ny saksbehandler</translation>
    </message>
    <message>
        <source>First and last name</source>
        <translation>Fornavn og etternavn</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Navn</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;Team</translation>
    </message>
    <message>
        <source>A caseworker with this name already exists (see Settings → Caseworkers).</source>
        <translation>Det finnes allerede en saksbehandler med dette navnet (se Innstillinger → Saksbehandlere).</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Ikke lagret: %1</translation>
    </message>
</context>
<context>
    <name>NewLeaderDialog</name>
    <message>
        <source>Encrypt register</source>
        <translation>Krypter registeret</translation>
    </message>
    <message>
        <source>New register</source>
        <translation>Nytt register</translation>
    </message>
    <message>
        <source>Fill in the first leader of {name}. The register will be encrypted with a key that only the passwords of its users unlock; a checked copy of the old file is kept until the encrypted one has been verified.</source>
        <translation>Fyll inn den første lederen av {name}. Registeret krypteres med en nøkkel som bare brukernes passord låser opp; en kontrollert kopi av den gamle filen beholdes til det krypterte registeret er kontrollert.</translation>
    </message>
    <message>
        <source>You are the first leader of {name}. Choose a user name and a password: the register is encrypted and only its users&apos; passwords unlock it. Add your colleagues afterwards under Settings → Users.</source>
        <translation>Du er den første lederen av {name}. Velg brukernavn og passord: registeret krypteres, og bare brukernes passord låser det opp. Legg til kollegene dine etterpå under Innstillinger → Brukere.</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Navnet ditt</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Brukernavn</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passord</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Gjenta passord</translation>
    </message>
    <message>
        <source>I also work on cases myself (add me as a caseworker)</source>
        <translation>Jeg arbeider også med saker selv (legg meg til som saksbehandler)</translation>
    </message>
    <message>
        <source>Encrypt</source>
        <translation>Krypter</translation>
    </message>
    <message>
        <source>Create register</source>
        <translation>Lag registeret</translation>
    </message>
    <message>
        <source>Enter your name</source>
        <translation>Skriv inn navnet ditt</translation>
    </message>
    <message>
        <source>Choose a user name</source>
        <translation>Velg et brukernavn</translation>
    </message>
    <message>
        <source>At most 64 characters, not starting with #</source>
        <translation>Høyst 64 tegn, og ikke # først</translation>
    </message>
    <message numerus="yes">
        <source>At least %n characters</source>
        <translation>
            <numerusform>Minst %n tegn</numerusform>
            <numerusform>Minst %n tegn</numerusform>
        </translation>
    </message>
    <message>
        <source>No spaces at the start or end</source>
        <translation>Ingen mellomrom først eller sist</translation>
    </message>
    <message>
        <source>The passwords are not the same</source>
        <translation>Passordene er ikke like</translation>
    </message>
</context>
<context>
    <name>PeriodChooser</name>
    <message>
        <source>%1. half-year</source>
        <translation>%1. halvår</translation>
    </message>
    <message>
        <source>%1. quarter</source>
        <translation>%1. kvartal</translation>
    </message>
    <message>
        <source>%1. tertial</source>
        <translation>%1. tertial</translation>
    </message>
    <message>
        <source>Date range</source>
        <translation>Datoperiode</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Fra</translation>
    </message>
    <message>
        <source>Half-year</source>
        <translation>Halvår</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Måned</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>Kvartal</translation>
    </message>
    <message>
        <source>Tertial</source>
        <translation>Tertial</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Til</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>År</translation>
    </message>
</context>
<context>
    <name>PlacementTexts</name>
    <message>
        <source>1 day</source>
        <translation>1 dag</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 dager</translation>
    </message>
    <message>
        <source>(over %1)</source>
        <translation>(over %1)</translation>
    </message>
    <message>
        <source>moved in after %1</source>
        <translation>flyttet inn etter %1</translation>
    </message>
    <message>
        <source>case closed after %1 without a foster home</source>
        <translation>saken avsluttet etter %1 uten fosterhjem</translation>
    </message>
    <message>
        <source>waiting %1</source>
        <translation>venter %1</translation>
    </message>
    <message>
        <source>Temporary placement: %1</source>
        <translation>Midlertidig plassering: %1</translation>
    </message>
    <message>
        <source>Waiting for a foster home: %1</source>
        <translation>Venter på fosterhjem: %1</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source> months</source>
        <translation> måneder</translation>
    </message>
    <message>
        <source>&amp;End (optional)</source>
        <translation>S&amp;lutt (valgfritt)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>Edit plan</source>
        <translation>Endre plan</translation>
    </message>
    <message>
        <source>Evaluation &amp;interval</source>
        <translation>Evaluerings&amp;intervall</translation>
    </message>
    <message>
        <source>Evaluations</source>
        <translation>Evalueringer</translation>
    </message>
    <message>
        <source>New plan</source>
        <translation>Ny plan</translation>
    </message>
    <message>
        <source>Plan &amp;type</source>
        <translation>Plan&amp;type</translation>
    </message>
    <message>
        <source>Standard (from the settings)</source>
        <translation>Standard (fra innstillingene)</translation>
    </message>
    <message>
        <source>the start date</source>
        <translation>startdatoen</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Åpne</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Lagre</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Se i:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Fil&amp;type:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Tilbake</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Fremover</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Overordnet mappe</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Lag ny mappe</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Listevisning</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Detaljvisning</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Sidepanel</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Filer</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Ny mappe</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>&amp;Ny mappe</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Gi nytt navn</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Slett</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>Vis &amp;skjulte filer</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>Nylig brukte steder</translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>Alle filer (*)</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 finnes allerede.
Vil du erstatte den?</translation>
    </message>
    <message>
        <source>Are you sure you want to delete &apos;%1&apos;?</source>
        <translation>Er du sikker på at du vil slette «%1»?</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>Lagre som</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Åpne</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>Fil&amp;navn:</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>Filtype:</translation>
    </message>
    <message>
        <source>Look in:</source>
        <translation>Se i:</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Størrelse</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Endret</translation>
    </message>
    <message>
        <source>My Computer</source>
        <translation>Min datamaskin</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Datamaskin</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopier</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Lim inn</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Gjør om</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Angre</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Klipp &amp;ut</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Slett</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Merk alt</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Nei</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Ja</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Bruk</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Lukk</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Forkast</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Hjelp</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>N&amp;ei til alle</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Åpne</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Tilbakestill</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Gjenopprett standardverdier</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Prøv igjen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lagre</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Lagre alle</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Ja til &amp;alle</translation>
    </message>
</context>
<context>
    <name>QShortcut</name>
    <message>
        <source>Alt</source>
        <translation>Alt</translation>
    </message>
    <message>
        <source>Ctrl</source>
        <translation>Ctrl</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Shift</translation>
    </message>
</context>
<context>
    <name>QualityTab</name>
    <message>
        <source>Statistics Norway&apos;s controls, run on the cases you may open: those of the child welfare register (Barnevern v4), or those of KOSTRA (15F) on what the register&apos;s 15F file for the year would contain. An error stops the delivery; a warning asks for a look.</source>
        <translation>Statistisk sentralbyrås kontroller, kjørt på sakene du har tilgang til: kontrollene for Barnevernsregisteret (Barnevern v4), eller KOSTRA-kontrollene (15F) på det registerets 15F-fil for året ville inneholdt. En feil stopper leveransen; en advarsel ber om en titt.</translation>
    </message>
    <message>
        <source>Barnevern v4</source>
        <translation>Barnevern v4</translation>
    </message>
    <message>
        <source>KOSTRA 15F</source>
        <translation>KOSTRA 15F</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Reporting year</source>
        <translation>Rapporteringsår</translation>
    </message>
    <message>
        <source>By control</source>
        <translation>Etter kontroll</translation>
    </message>
    <message>
        <source>By caseworker</source>
        <translation>Etter saksbehandler</translation>
    </message>
    <message>
        <source>Grouping</source>
        <translation>Gruppering</translation>
    </message>
    <message>
        <source>Caseworker</source>
        <translation>Saksbehandler</translation>
    </message>
    <message>
        <source>Run the controls</source>
        <translation>Kjør kontrollene</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>År</translation>
    </message>
    <message>
        <source>Choose a year and run the controls.</source>
        <translation>Velg år og kjør kontrollene.</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Åpne saken</translation>
    </message>
    <message>
        <source>Running the controls for %1…</source>
        <translation>Kjører kontrollene for %1 …</translation>
    </message>
    <message>
        <source>Unexpected error (%1).</source>
        <translation>Uventet feil (%1).</translation>
    </message>
    <message>
        <source>The controls could not be run: %1</source>
        <translation>Kontrollene kunne ikke kjøres: %1</translation>
    </message>
    <message>
        <source>%1: %2 cases checked as the extract of %3 shows them. %4 errors, %5 warnings, %6 for information.</source>
        <translation>%1: %2 saker kontrollert slik uttrekket per %3 viser dem. %4 feil, %5 advarsler, %6 til informasjon.</translation>
    </message>
    <message>
        <source>%1 (KOSTRA 15F): %2 cases in the file the register would write. %3 errors, %4 warnings.</source>
        <translation>%1 (KOSTRA 15F): %2 saker i filen registeret ville skrevet. %3 feil, %4 advarsler.</translation>
    </message>
    <message>
        <source>%1 cases of the year are left out of the file.</source>
        <translation>%1 saker i året kommer ikke med i filen.</translation>
    </message>
    <message>
        <source>%1 controls not run: the municipality is not known (import or export an SSB file first).</source>
        <translation>%1 kontroller er ikke kjørt: kommunen er ikke kjent (importer eller eksporter en SSB-fil først).</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ingen)</translation>
    </message>
</context>
<context>
    <name>RegisterActions</name>
    <message>
        <source>&amp;Back up now</source>
        <translation>Ta &amp;sikkerhetskopi nå</translation>
    </message>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation>&amp;Gjenopprett fra sikkerhetskopi…</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>Bytt &amp;passord…</translation>
    </message>
    <message>
        <source>Sign &amp;out / switch user…</source>
        <translation>&amp;Logg ut / bytt bruker…</translation>
    </message>
    <message>
        <source>IT takes care of backups of the shared register, on the database server.</source>
        <translation>IT tar sikkerhetskopi av det delte registeret på databaseserveren.</translation>
    </message>
    <message>
        <source>In a shared register you sign in with your password on the database server; IT changes it.</source>
        <translation>I et delt register logger du inn med passordet ditt på databaseserveren; det endrer IT.</translation>
    </message>
    <message>
        <source>Taking a backup…</source>
        <translation>Tar sikkerhetskopi…</translation>
    </message>
    <message>
        <source>Backup written to {path}</source>
        <translation>Sikkerhetskopi skrevet til {path}</translation>
    </message>
    <message>
        <source>Back up</source>
        <translation>Sikkerhetskopi</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>Gjenopprett fra sikkerhetskopi</translation>
    </message>
    <message>
        <source>Fristvakt backup (*.db);;All files (*)</source>
        <translation>Sikkerhetskopi av Fristvakt (*.db);;Alle filer (*)</translation>
    </message>
    <message>
        <source>The register will be replaced by the backup {name} after it has been checked. The current register is kept beside it. Confirm with your password.</source>
        <translation>Registeret erstattes av sikkerhetskopien {name} etter at den er kontrollert. Det nåværende registeret tas vare på ved siden av. Bekreft med passordet ditt.</translation>
    </message>
    <message>
        <source>Your role may not restore backups.</source>
        <translation>Rollen din kan ikke gjenopprette sikkerhetskopier.</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Gjenoppretter…</translation>
    </message>
    <message>
        <source>The register has been restored from {name}. The replaced register was kept as {kept}.</source>
        <translation>Registeret er gjenopprettet fra {name}. Det erstattede registeret er tatt vare på som {kept}.</translation>
    </message>
    <message>
        <source>Your password has been changed</source>
        <translation>Passordet ditt er byttet</translation>
    </message>
    <message>
        <source>Something went wrong; nothing was changed.</source>
        <translation>Noe gikk galt; ingenting er endret.</translation>
    </message>
</context>
<context>
    <name>RegisterOpener</name>
    <message>
        <source>The file {name} is empty (0 bytes) and is not a Fristvakt register. Perhaps a copy failed? Restore from a backup.</source>
        <translation>Filen {name} er tom (0 byte) og er ikke et Fristvakt-register. Kanskje en kopiering feilet? Gjenopprett fra sikkerhetskopi.</translation>
    </message>
    <message>
        <source>Creating the demo municipality…</source>
        <translation>Lager demokommunen…</translation>
    </message>
    <message>
        <source>Try the &amp;demo municipality</source>
        <translation>Prøv &amp;demokommunen</translation>
    </message>
    <message>
        <source>&amp;Connect to shared register…</source>
        <translation>&amp;Koble til delt register …</translation>
    </message>
    <message>
        <source>The municipality&apos;s register on a database server, set up by IT</source>
        <translation>Kommunens register på en databaseserver, satt opp av IT</translation>
    </message>
    <message>
        <source>Encrypt register</source>
        <translation>Krypter registeret</translation>
    </message>
    <message>
        <source>The register {name} is not encrypted: anyone who gets hold of the file can read it. Fristvakt keeps every register encrypted. Encrypt it now?

A checked copy of the old file is kept until the encrypted register has been verified; nothing is lost if the conversion is interrupted.</source>
        <translation>Registeret {name} er ikke kryptert: alle som får tak i filen, kan lese den. Fristvakt holder alle registre kryptert. Vil du kryptere det nå?

En kontrollert kopi av den gamle filen beholdes til det krypterte registeret er kontrollert; ingenting går tapt om konverteringen blir avbrutt.</translation>
    </message>
    <message>
        <source>Signing in and checking {name} …</source>
        <translation>Logger inn og kontrollerer {name} …</translation>
    </message>
    <message>
        <source>Connecting to {name} …</source>
        <translation>Kobler til {name} …</translation>
    </message>
    <message>
        <source>Creating {name} …</source>
        <translation>Lager {name} …</translation>
    </message>
    <message>
        <source>Encrypting {name} …</source>
        <translation>Krypterer {name} …</translation>
    </message>
    <message>
        <source>The register cannot be read (the file may be damaged). Restore it from a backup.</source>
        <translation>Registeret kan ikke leses (filen kan være skadet). Gjenopprett det fra en sikkerhetskopi.</translation>
    </message>
    <message>
        <source>The register could not be opened.</source>
        <translation>Registeret kunne ikke åpnes.</translation>
    </message>
</context>
<context>
    <name>ReminderBar</name>
    <message>
        <source>Hide the reminder</source>
        <translation>Skjul påminnelsen</translation>
    </message>
    <message>
        <source>Show overdue deadlines</source>
        <translation>Vis forfalte frister</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>No deadlines are overdue and none are due soon.</source>
        <translation>Ingen frister er forfalt, og ingen forfaller snart.</translation>
    </message>
    <message numerus="yes">
        <source>%n deadline(s) overdue</source>
        <translation>
            <numerusform>%n frist er forfalt</numerusform>
            <numerusform>%n frister er forfalt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due soon</source>
        <translation>
            <numerusform>%n forfaller snart</numerusform>
            <numerusform>%n forfaller snart</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n internal deadline(s) overdue</source>
        <translation>
            <numerusform>%n intern frist forfalt</numerusform>
            <numerusform>%n interne frister forfalt</numerusform>
        </translation>
    </message>
    <message>
        <source>The whole service:</source>
        <translation>Hele tjenesten:</translation>
    </message>
    <message>
        <source>Your cases:</source>
        <translation>Dine saker:</translation>
    </message>
</context>
<context>
    <name>ReportExportDialog</name>
    <message>
        <source>&amp;Choose…</source>
        <translation>&amp;Velg…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Eksporter</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Fil:</translation>
    </message>
    <message>
        <source>&amp;Internal – for the service&apos;s own use</source>
        <translation>&amp;Intern – til tjenestens eget bruk</translation>
    </message>
    <message>
        <source>&amp;Political – aggregates only, for the committee</source>
        <translation>&amp;Politisk – bare summer, til utvalget</translation>
    </message>
    <message>
        <source>&amp;Show counts from 1 to 4 as «&lt;5»</source>
        <translation>Vis &amp;tall fra 1 til 4 som «&lt;5»</translation>
    </message>
    <message>
        <source>Add the sheet «Intern detaljliste» (open and overdue deadlines per case)</source>
        <translation>Ta med arket «Intern detaljliste» (åpne og forfalte frister per sak)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel-arbeidsbok (*.xlsx)</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>Eksporter til Excel</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>Eksporterer</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fil</translation>
    </message>
    <message>
        <source>Include the child&apos;s &amp;name in the detail list</source>
        <translation>Ta med barnets &amp;navn i detaljlisten</translation>
    </message>
    <message>
        <source>Internal workbook: not for the political committee.</source>
        <translation>Intern arbeidsbok: ikke for politisk utvalg.</translation>
    </message>
    <message>
        <source>Journal number, caseworker, deadline and due date – never the national identity number</source>
        <translation>Journalnummer, saksbehandler, frist og forfallsdato – aldri fødselsnummer</translation>
    </message>
    <message>
        <source>Open &amp;folder</source>
        <translation>Åpne &amp;mappe</translation>
    </message>
    <message>
        <source>Privacy:</source>
        <translation>Personvern:</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Profil:</translation>
    </message>
    <message>
        <source>Replace file?</source>
        <translation>Erstatte filen?</translation>
    </message>
    <message>
        <source>Report for %1 (%2), measurement date %3.</source>
        <translation>Rapport for %1 (%2), måledato %3.</translation>
    </message>
    <message>
        <source>Save the report as</source>
        <translation>Lagre rapporten som</translation>
    </message>
    <message>
        <source>Small numbers can identify a child in a small municipality</source>
        <translation>Små tall kan identifisere et barn i en liten kommune</translation>
    </message>
    <message>
        <source>The report is saved: %1</source>
        <translation>Rapporten er lagret: %1</translation>
    </message>
    <message>
        <source>The report was not saved: %1</source>
        <translation>Rapporten ble ikke lagret: %1</translation>
    </message>
    <message>
        <source>Without «&lt;5» small numbers may identify a child. Keep it on for reports that leave the service.</source>
        <translation>Uten «&lt;5» kan små tall identifisere et barn. La valget stå på for rapporter som går ut av tjenesten.</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Skriver %1…</translation>
    </message>
    <message>
        <source>«%1» already exists. Replace it?</source>
        <translation>«%1» finnes allerede. Vil du erstatte den?</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <source>%1 (%2) · measurement date %3 · %4 cases</source>
        <translation>%1 (%2) · måledato %3 · %4 saker</translation>
    </message>
    <message>
        <source>&amp;Export to Excel…</source>
        <translation>&amp;Eksporter til Excel…</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Periode:</translation>
    </message>
    <message>
        <source>&amp;Targets…</source>
        <translation>&amp;Målsettinger…</translation>
    </message>
    <message>
        <source>Breaches not yet closed on the measurement date: the ones to act on now (no target)</source>
        <translation>Fristbrudd som ikke var lukket på måledatoen: de som må følges opp nå (uten mål)</translation>
    </message>
    <message>
        <source>Computing the report</source>
        <translation>Beregner rapporten</translation>
    </message>
    <message>
        <source>Deliver to SS&amp;B…</source>
        <translation>Lever til SS&amp;B…</translation>
    </message>
    <message>
        <source>Write a year&apos;s cases as a file for Statistics Norway (Barnevern v4 or KOSTRA 15F) and run SSB&apos;s controls on it</source>
        <translation>Skriv et års saker som fil til Statistisk sentralbyrå (Barnevern v4 eller KOSTRA 15F) og kjør SSBs kontroller på den</translation>
    </message>
    <message>
        <source>&amp;Chart</source>
        <translation>&amp;Diagram</translation>
    </message>
    <message>
        <source>Show or hide the chart of values and targets under the scorecard</source>
        <translation>Vis eller skjul diagrammet over verdier og mål under målekortet</translation>
    </message>
    <message>
        <source>Measurement &amp;date:</source>
        <translation>Må&amp;ledato:</translation>
    </message>
    <message>
        <source>End of period or today</source>
        <translation>Periodens siste dag eller i dag</translation>
    </message>
    <message>
        <source>Snapshot figures (plan coverage, evaluations) are counted on the measurement date: the period&apos;s last day, or today while the period is still running (the report is then «so far»)</source>
        <translation>Øyeblikkstall (plandekning, evalueringer) telles på måledatoen: periodens siste dag, eller i dag mens perioden pågår (rapporten gjelder da «så langt»)</translation>
    </message>
    <message>
        <source>Audit samples</source>
        <translation>Stikkprøver</translation>
    </message>
    <message>
        <source>Computing the report for %1…</source>
        <translation>Beregner rapporten for %1…</translation>
    </message>
    <message>
        <source>Meldinger: breaches</source>
        <translation>Meldinger: fristbrudd</translation>
    </message>
    <message>
        <source>Undersøkelser: breaches</source>
        <translation>Undersøkelser: fristbrudd</translation>
    </message>
    <message>
        <source>Tiltaksplan</source>
        <translation>Tiltaksplan</translation>
    </message>
    <message>
        <source>Evaluated tiltaksplan</source>
        <translation>Evaluert tiltaksplan</translation>
    </message>
    <message>
        <source>Omsorgsplan</source>
        <translation>Omsorgsplan</translation>
    </message>
    <message>
        <source>Samværsplan</source>
        <translation>Samværsplan</translation>
    </message>
    <message>
        <source>Follow-up visits</source>
        <translation>Oppfølgingsbesøk</translation>
    </message>
    <message>
        <source>Supervision visits</source>
        <translation>Tilsynsbesøk</translation>
    </message>
    <message>
        <source>Counted on the measurement date; hover for the definition.</source>
        <translation>Telles på måledatoen; hold musepekeren over for definisjonen.</translation>
    </message>
    <message>
        <source>Live deadline breaches</source>
        <translation>Løpende fristbrudd</translation>
    </message>
    <message>
        <source>Measurement date</source>
        <translation>Måledato</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Rapporter</translation>
    </message>
    <message>
        <source>Scorecard</source>
        <translation>Målekort</translation>
    </message>
    <message>
        <source>Set the targets of the scorecard per year</source>
        <translation>Sett målene i målekortet per år</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Mål</translation>
    </message>
    <message>
        <source>The report could not be computed: %1</source>
        <translation>Rapporten kunne ikke beregnes: %1</translation>
    </message>
    <message>
        <source>Unexpected error (%1).</source>
        <translation>Uventet feil (%1).</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Verdi</translation>
    </message>
    <message>
        <source>Value and target – %1</source>
        <translation>Verdi og mål – %1</translation>
    </message>
    <message>
        <source>Write the report as an Excel workbook for the committee or for internal use</source>
        <translation>Lagre rapporten som Excel-arbeidsbok til politisk utvalg eller til intern bruk</translation>
    </message>
    <message>
        <source>computed in %1 s</source>
        <translation>beregnet på %1 s</translation>
    </message>
</context>
<context>
    <name>ReportTableModel</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 av %2</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nei</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
</context>
<context>
    <name>SakDialog</name>
    <message>
        <source>Case &amp;closed</source>
        <translation>Sak a&amp;vsluttet</translation>
    </message>
    <message>
        <source>Case &amp;started</source>
        <translation>Sak &amp;startet</translation>
    </message>
    <message>
        <source>Edit case</source>
        <translation>Endre sak</translation>
    </message>
    <message>
        <source>start date</source>
        <translation>startdato</translation>
    </message>
</context>
<context>
    <name>SakFields</name>
    <message>
        <source>&amp;Fødselsnummer</source>
        <translation>&amp;Fødselsnummer</translation>
    </message>
    <message>
        <source>&amp;Journal number</source>
        <translation>&amp;Journalnummer</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Navn</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;Team</translation>
    </message>
    <message>
        <source>11 digits</source>
        <translation>11 siffer</translation>
    </message>
    <message>
        <source>12 digits, if the child has one</source>
        <translation>12 siffer, hvis barnet har det</translation>
    </message>
    <message>
        <source>(not known)</source>
        <translation>(ukjent)</translation>
    </message>
    <message>
        <source>&amp;DUF number</source>
        <translation>D&amp;UF-nummer</translation>
    </message>
    <message>
        <source>&amp;Birth date</source>
        <translation>F&amp;ødselsdato</translation>
    </message>
    <message>
        <source>Choose the caseworker, or «+ New caseworker…» in the list.</source>
        <translation>Velg saksbehandler, eller «+ Ny saksbehandler…» i listen.</translation>
    </message>
    <message>
        <source>There are no caseworkers yet. Add one with «+ New caseworker…» in this list, or under Settings → Caseworkers.</source>
        <translation>Det finnes ingen saksbehandlere ennå. Legg til en med «+ Ny saksbehandler…» i denne listen, eller under Innstillinger → Saksbehandlere.</translation>
    </message>
    <message>
        <source>There are no caseworkers yet. A leader or the system administrator adds them under Settings → Caseworkers.</source>
        <translation>Det finnes ingen saksbehandlere ennå. En leder eller systemansvarlig legger dem inn under Innstillinger → Saksbehandlere.</translation>
    </message>
    <message>
        <source>1 year</source>
        <translation>1 år</translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 år</translation>
    </message>
    <message>
        <source>A case already exists for %1: %2 (%3).</source>
        <translation>Det finnes allerede en sak for %1: %2 (%3).</translation>
    </message>
    <message>
        <source>Case&amp;worker</source>
        <translation>Saks&amp;behandler</translation>
    </message>
    <message>
        <source>D number</source>
        <translation>D-nummer</translation>
    </message>
    <message>
        <source>First and last name</source>
        <translation>Fornavn og etternavn</translation>
    </message>
    <message>
        <source>Not a valid date</source>
        <translation>Ikke en gyldig dato</translation>
    </message>
    <message>
        <source>The journal number is already used in another case</source>
        <translation>Journalnummeret er allerede brukt i en annen sak</translation>
    </message>
    <message>
        <source>Use that case</source>
        <translation>Bruk den saken</translation>
    </message>
    <message>
        <source>born %1</source>
        <translation>født %1</translation>
    </message>
    <message>
        <source>due date %1</source>
        <translation>termin %1</translation>
    </message>
    <message>
        <source>e.g. %1/00123</source>
        <translation>f.eks. %1/00123</translation>
    </message>
    <message>
        <source>incomplete number</source>
        <translation>ufullstendig nummer</translation>
    </message>
</context>
<context>
    <name>SamplesTab</name>
    <message>
        <source>Random, repeatable samples of closed matters for internal control. The reviewers&apos; list holds journal numbers, never names or national identity numbers.</source>
        <translation>Tilfeldige stikkprøver av avsluttede saker til internkontroll, som kan trekkes på nytt. Listen til de som vurderer har journalnummer, aldri navn eller fødselsnummer.</translation>
    </message>
    <message>
        <source>&amp;Draw sample…</source>
        <translation>&amp;Trekk stikkprøve…</translation>
    </message>
    <message>
        <source>E&amp;xport list…</source>
        <translation>E&amp;ksporter liste…</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <source>Drawn</source>
        <translation>Trukket</translation>
    </message>
    <message>
        <source>{n} of {m}</source>
        <translation>{n} av {m}</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Frø</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Vurdert</translation>
    </message>
    <message>
        <source>Deviations</source>
        <translation>Avvik</translation>
    </message>
    <message>
        <source>Drawn by</source>
        <translation>Trukket av</translation>
    </message>
    <message>
        <source>Journal number</source>
        <translation>Journalnummer</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>(slettet)</translation>
    </message>
    <message>
        <source>Caseworker</source>
        <translation>Saksbehandler</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Fra</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Til</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kode</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Merknad</translation>
    </message>
    <message>
        <source>Not reviewed</source>
        <translation>Ikke vurdert</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Deviation</source>
        <translation>Avvik</translation>
    </message>
    <message>
        <source>Note (required for a deviation)</source>
        <translation>Merknad (påkrevd ved avvik)</translation>
    </message>
    <message>
        <source>&amp;Save result</source>
        <translation>La&amp;gre resultat</translation>
    </message>
    <message>
        <source>&amp;Result:</source>
        <translation>&amp;Resultat:</translation>
    </message>
    <message>
        <source>N&amp;ote:</source>
        <translation>Merk&amp;nad:</translation>
    </message>
    <message>
        <source>Sample {no}: {n} of {m} drawn with seed {seed}.</source>
        <translation>Stikkprøve {no}: {n} av {m} trukket med frø {seed}.</translation>
    </message>
    <message>
        <source>Export sample list</source>
        <translation>Eksporter stikkprøveliste</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel-arbeidsbok (*.xlsx)</translation>
    </message>
    <message>
        <source>The list was written to {path}.</source>
        <translation>Listen er skrevet til {path}.</translation>
    </message>
</context>
<context>
    <name>ScorecardModel</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 av %2</translation>
    </message>
    <message>
        <source>Denominator</source>
        <translation>Nevner</translation>
    </message>
    <message>
        <source>Denominator: what it is counted out of</source>
        <translation>Nevner: antallet det telles av</translation>
    </message>
    <message>
        <source>Higher is better.</source>
        <translation>Høyere er bedre.</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>Indikator</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>I fjor</translation>
    </message>
    <message>
        <source>Lower is better.</source>
        <translation>Lavere er bedre.</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nei</translation>
    </message>
    <message>
        <source>Numerator</source>
        <translation>Teller</translation>
    </message>
    <message>
        <source>Numerator divided by denominator</source>
        <translation>Teller delt på nevner</translation>
    </message>
    <message>
        <source>Numerator: what is counted (see the row&apos;s tooltip)</source>
        <translation>Teller: det som telles (se forklaringen på raden)</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <source>Period: counted over the whole period. Snapshot: counted on the measurement date.</source>
        <translation>Periode: telles over hele perioden. Øyeblikk: telles på måledatoen.</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Forrige</translation>
    </message>
    <message>
        <source>Previous period: %1 (%2), measured on its last day</source>
        <translation>Forrige periode: %1 (%2), målt på periodens siste dag</translation>
    </message>
    <message>
        <source>Same period last year: %1 (%2)</source>
        <translation>Samme periode i fjor: %1 (%2)</translation>
    </message>
    <message>
        <source>Set under «Targets…» per indicator and year</source>
        <translation>Settes under «Målsettinger…» per indikator og år</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Øyeblikk</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Mål</translation>
    </message>
    <message>
        <source>Target met</source>
        <translation>Mål nådd</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Verdi</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
</context>
<context>
    <name>SectionView</name>
    <message>
        <source>&amp;Table:</source>
        <translation>&amp;Tabell:</translation>
    </message>
    <message>
        <source>No tables for this period.</source>
        <translation>Ingen tabeller for denne perioden.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Legg til …</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Endre …</translation>
    </message>
    <message>
        <source>&amp;I am:</source>
        <translation>&amp;Jeg er:</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>Interne</translation>
    </message>
    <message>
        <source>Internal deadlines: the service&apos;s own time standards beside the law</source>
        <translation>Interne frister: tjenestens egne tidsstandarder ved siden av loven</translation>
    </message>
    <message>
        <source>&amp;Save and recompute</source>
        <translation>&amp;Lagre og beregn på nytt</translation>
    </message>
    <message>
        <source>Shared register: {name}. IT takes care of its backups on the database server.</source>
        <translation>Delt register: {name}. IT tar sikkerhetskopi av det på databaseserveren.</translation>
    </message>
    <message>
        <source>The register is the file {path}</source>
        <translation>Registeret er filen {path}</translation>
    </message>
    <message>
        <source>IT takes care of backups of the shared register, on the database server.</source>
        <translation>IT tar sikkerhetskopi av det delte registeret på databaseserveren.</translation>
    </message>
    <message>
        <source>(not chosen)</source>
        <translation>(ikke valgt)</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Caseworkers</source>
        <translation>Saksbehandlere</translation>
    </message>
    <message>
        <source>Change log</source>
        <translation>Endringer</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Frist</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Fra</translation>
    </message>
    <message>
        <source>&amp;Connect to shared register…</source>
        <translation>&amp;Koble til delt register …</translation>
    </message>
    <message>
        <source>Open the municipality&apos;s register on a database server instead</source>
        <translation>Åpne kommunens register på en databaseserver i stedet</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Brukere</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Tilgangslogg</translation>
    </message>
    <message>
        <source>Data quality</source>
        <translation>Datakvalitet</translation>
    </message>
    <message>
        <source>Undo chan&amp;ges</source>
        <translation>An&amp;gre endringer</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>Leder</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>Hjemmel</translation>
    </message>
    <message>
        <source>Met when</source>
        <translation>Oppfylles når</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nei</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parametere</translation>
    </message>
    <message>
        <source>Rule catalogue</source>
        <translation>Regelkatalog</translation>
    </message>
    <message>
        <source>Rule parameters</source>
        <translation>Regelparametere</translation>
    </message>
    <message>
        <source>Saving and recomputing all deadlines…</source>
        <translation>Lagrer og beregner alle frister på nytt …</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Innstilling</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Innstillinger</translation>
    </message>
    <message>
        <source>Starts when</source>
        <translation>Starter når</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>The settings could not be saved.</source>
        <translation>Innstillingene kunne ikke lagres.</translation>
    </message>
    <message>
        <source>The values the deadline rules use. A change is logged with who and when, and all deadlines are recomputed.</source>
        <translation>Verdiene fristreglene bruker. En endring logges med hvem og når, og alle frister beregnes på nytt.</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Til</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Når</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Hvem</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>Your own name: the filter &quot;Mine&quot; and the reminders use it</source>
        <translation>Ditt eget navn: brukes av utvalget «Mine» og av påminnelsene</translation>
    </message>
    <message>
        <source>changed from {value} (not saved)</source>
        <translation>endret fra {value} (ikke lagret)</translation>
    </message>
    <message>
        <source>default is {value}</source>
        <translation>standard er {value}</translation>
    </message>
    <message>
        <source>default value — can be changed</source>
        <translation>standardverdi — kan endres</translation>
    </message>
</context>
<context>
    <name>SharedRegisterDialog</name>
    <message>
        <source>Connect to shared register</source>
        <translation>Koble til delt register</translation>
    </message>
    <message>
        <source>A shared register is on the municipality&apos;s database server. Type the address IT gave you ({form}), and your user name and password on the server.</source>
        <translation>Et delt register ligger på kommunens databaseserver. Skriv adressen du har fått av IT ({form}), og brukernavnet og passordet ditt på serveren.</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>&amp;Adresse</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Brukernavn</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Passord</translation>
    </message>
    <message>
        <source>&amp;Remember the password in the keyring</source>
        <translation>&amp;Husk passordet i nøkkelringen</translation>
    </message>
    <message>
        <source>Keeps the password in the operating system&apos;s keyring (never in Fristvakt&apos;s own settings), so you need not type it next time.</source>
        <translation>Lagrer passordet i operativsystemets nøkkelring (aldri i Fristvakts egne innstillinger), så du slipper å skrive det neste gang.</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>Koble &amp;til</translation>
    </message>
    <message>
        <source>Enter your user name on the database server</source>
        <translation>Skriv brukernavnet ditt på databaseserveren</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>Error</source>
        <translation>Feil</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Fristvakt</source>
        <translation>Logg inn i Fristvakt</translation>
    </message>
    <message>
        <source>The register {name} is encrypted. Sign in with your own user name and password.</source>
        <translation>Registeret {name} er kryptert. Logg inn med ditt eget brukernavn og passord.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Brukernavn</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passord</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Logg inn</translation>
    </message>
    <message>
        <source>Enter your user name</source>
        <translation>Skriv inn brukernavnet ditt</translation>
    </message>
    <message>
        <source>Enter your password</source>
        <translation>Skriv inn passordet ditt</translation>
    </message>
</context>
<context>
    <name>SsbExportDialog</name>
    <message>
        <source>Deliver to SSB</source>
        <translation>Lever til SSB</translation>
    </message>
    <message>
        <source>Write the cases of a year as a file for Statistics Norway (SSB). SSB&apos;s controls are then run on the file, so you see what SSB would complain about before you send it.</source>
        <translation>Skriv sakene for et år som fil til Statistisk sentralbyrå (SSB). SSBs kontroller kjøres så på filen, så du ser hva SSB ville klaget på før du sender den.</translation>
    </message>
    <message>
        <source>Barnevern v4 (zip, one document per case)</source>
        <translation>Barnevern v4 (zip, ett dokument per sak)</translation>
    </message>
    <message>
        <source>KOSTRA 15F (one XML file for the municipality)</source>
        <translation>KOSTRA 15F (én XML-fil for kommunen)</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>F&amp;ormat:</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>År</translation>
    </message>
    <message>
        <source>&amp;Year:</source>
        <translation>&amp;År:</translation>
    </message>
    <message>
        <source>Municipality number</source>
        <translation>Kommunenummer</translation>
    </message>
    <message>
        <source>Municipality name</source>
        <translation>Kommunenavn</translation>
    </message>
    <message>
        <source>Organisation number</source>
        <translation>Organisasjonsnummer</translation>
    </message>
    <message>
        <source>&amp;Municipality number:</source>
        <translation>&amp;Kommunenummer:</translation>
    </message>
    <message>
        <source>Municipality &amp;name:</source>
        <translation>Kommune&amp;navn:</translation>
    </message>
    <message>
        <source>Or&amp;ganisation number:</source>
        <translation>Or&amp;ganisasjonsnummer:</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fil</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>&amp;Velg…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Fil:</translation>
    </message>
    <message>
        <source>Writing the file</source>
        <translation>Skriver filen</translation>
    </message>
    <message>
        <source>Not written</source>
        <translation>Ikke skrevet</translation>
    </message>
    <message>
        <source>&amp;Write file</source>
        <translation>&amp;Skriv fil</translation>
    </message>
    <message>
        <source>Save the SSB file as</source>
        <translation>Lagre SSB-filen som</translation>
    </message>
    <message>
        <source>SSB file (*%1)</source>
        <translation>SSB-fil (*%1)</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>Velg filen som skal skrives.</translation>
    </message>
    <message>
        <source>Replace file?</source>
        <translation>Erstatte filen?</translation>
    </message>
    <message>
        <source>«%1» already exists. Replace it?</source>
        <translation>«%1» finnes allerede. Vil du erstatte den?</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Skriver %1 …</translation>
    </message>
    <message>
        <source>%1 for %2 written to %3: %4 cases, %5 left out.</source>
        <translation>%1 for %2 skrevet til %3: %4 saker, %5 utelatt.</translation>
    </message>
    <message>
        <source>SSB&apos;s controls could not be run on the file.</source>
        <translation>SSBs kontroller kunne ikke kjøres på filen.</translation>
    </message>
    <message>
        <source>SSB would refuse the file until they are corrected.</source>
        <translation>SSB vil avvise filen til feilene er rettet.</translation>
    </message>
    <message>
        <source>Nothing that stops the delivery.</source>
        <translation>Ingen feil som hindrer levering.</translation>
    </message>
    <message>
        <source>SSB&apos;s controls on the file: %1 FEIL, %2 ADVARSEL. %3 Innstillinger → Datakvalitet lists them case by case.</source>
        <translation>SSBs kontroller på filen: %1 FEIL, %2 ADVARSEL. %3 Innstillinger → Datakvalitet viser dem sak for sak.</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… og %1 til</translation>
    </message>
    <message>
        <source>No file was written: %1</source>
        <translation>Ingen fil ble skrevet: %1</translation>
    </message>
</context>
<context>
    <name>SsbImport</name>
    <message>
        <source>&amp;Import from SSB file…</source>
        <translation>&amp;Importer fra SSB-fil…</translation>
    </message>
    <message>
        <source>Import from SSB file</source>
        <translation>Importer fra SSB-fil</translation>
    </message>
    <message>
        <source>SSB files (*.xml *.zip);;All files (*)</source>
        <translation>SSB-filer (*.xml *.zip);;Alle filer (*)</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>Leser {name} …</translation>
    </message>
    <message>
        <source>Imported from {name}: {new} new children, {changed} changed cases.</source>
        <translation>Importert fra {name}: {new} nye barn, {changed} endrede saker.</translation>
    </message>
    <message>
        <source>Unexpected error ({kind}); nothing was imported.</source>
        <translation>Uventet feil ({kind}); ingenting er importert.</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Due soon</source>
        <translation>Forfaller snart</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>Oppfylt</translation>
    </message>
    <message>
        <source>Met late</source>
        <translation>Oppfylt for sent</translation>
    </message>
    <message>
        <source>Not met</source>
        <translation>Ikke oppfylt</translation>
    </message>
    <message>
        <source>Unknown (imported)</source>
        <translation>Ukjent (importert)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Åpen</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Forfalt</translation>
    </message>
</context>
<context>
    <name>TargetsDialog</name>
    <message>
        <source>% · higher is better</source>
        <translation>% · høyere er bedre</translation>
    </message>
    <message>
        <source>% · lower is better</source>
        <translation>% · lavere er bedre</translation>
    </message>
    <message>
        <source>&amp;Year:</source>
        <translation>&amp;År:</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Endret</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>Endret av</translation>
    </message>
    <message>
        <source>Copied from %1 – press Save to keep them.</source>
        <translation>Kopiert fra %1 – trykk Lagre for å beholde dem.</translation>
    </message>
    <message>
        <source>Copy from &amp;previous year</source>
        <translation>Kopier fra &amp;forrige år</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Fra</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historikk</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>Indikator</translation>
    </message>
    <message>
        <source>No changes.</source>
        <translation>Ingen endringer.</translation>
    </message>
    <message>
        <source>No targets were set for %1.</source>
        <translation>Ingen mål var satt for %1.</translation>
    </message>
    <message>
        <source>Save the changes for %1 first?</source>
        <translation>Lagre endringene for %1 først?</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n change(s).</source>
        <translation>
            <numerusform>Lagret %n endring.</numerusform>
            <numerusform>Lagret %n endringer.</numerusform>
        </translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>Målsettinger</translation>
    </message>
    <message>
        <source>Targets are shares in percent, set per year. Leave a field empty for no target. The scorecard compares each value with the target of the year the period ends in.</source>
        <translation>Målene er andeler i prosent og settes per år. La feltet stå tomt for ingen mål. Målekortet sammenligner hver verdi med målet for året perioden slutter i.</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Til</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ulagrede endringer</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>ingen mål</translation>
    </message>
</context>
<context>
    <name>TilbakemeldingDialog</name>
    <message>
        <source>Feedback &amp;sent</source>
        <translation>Tilbakemelding &amp;sendt</translation>
    </message>
    <message>
        <source>Feedback to reporter</source>
        <translation>Tilbakemelding til melder</translation>
    </message>
    <message>
        <source>Fill in the date the feedback was sent</source>
        <translation>Fyll ut datoen tilbakemeldingen ble sendt</translation>
    </message>
    <message>
        <source>Melding received %1</source>
        <translation>Melding mottatt %1</translation>
    </message>
</context>
<context>
    <name>TiltakDialog</name>
    <message>
        <source>&amp;Legal basis</source>
        <translation>&amp;Lovhjemmel</translation>
    </message>
    <message>
        <source>&amp;Vedtak</source>
        <translation>&amp;Vedtak</translation>
    </message>
    <message>
        <source>(no vedtak)</source>
        <translation>(uten vedtak)</translation>
    </message>
    <message>
        <source>Start-up &amp;meeting</source>
        <translation>&amp;Oppstartsmøte</translation>
    </message>
    <message>
        <source>Edit tiltak</source>
        <translation>Endre tiltak</translation>
    </message>
    <message>
        <source>New tiltak</source>
        <translation>Nytt tiltak</translation>
    </message>
</context>
<context>
    <name>TiltakFields</name>
    <message>
        <source>&amp;Start</source>
        <translation>Sta&amp;rt</translation>
    </message>
    <message>
        <source>4 digits</source>
        <translation>4 siffer</translation>
    </message>
    <message>
        <source>Ca&amp;tegory</source>
        <translation>&amp;Kategori</translation>
    </message>
    <message>
        <source>Empty: from the start of the tiltak</source>
        <translation>Tom: fra tiltakets start</translation>
    </message>
    <message>
        <source>Follow-up visits</source>
        <translation>Oppfølgingsbesøk</translation>
    </message>
    <message>
        <source>Supervising &amp;municipality</source>
        <translation>Tilsynsansvarlig ko&amp;mmune</translation>
    </message>
    <message>
        <source>Supervision visits</source>
        <translation>Tilsynsbesøk</translation>
    </message>
    <message>
        <source>the start date</source>
        <translation>startdatoen</translation>
    </message>
</context>
<context>
    <name>UndersokelseDialog</name>
    <message>
        <source>&amp;Conclusion</source>
        <translation>&amp;Konklusjon</translation>
    </message>
    <message>
        <source>&amp;Extended</source>
        <translation>&amp;Utvidet</translation>
    </message>
    <message>
        <source>&amp;Melding</source>
        <translation>&amp;Melding</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Grunn</translation>
    </message>
    <message>
        <source>&amp;Started</source>
        <translation>&amp;Startet</translation>
    </message>
    <message>
        <source>Conclusion &amp;date</source>
        <translation>Konklusjons&amp;dato</translation>
    </message>
    <message>
        <source>Conclusion (optional)</source>
        <translation>Konklusjon (valgfritt)</translation>
    </message>
    <message>
        <source>Edit undersøkelse</source>
        <translation>Endre undersøkelse</translation>
    </message>
    <message>
        <source>Extension (optional)</source>
        <translation>Utvidet frist (valgfritt)</translation>
    </message>
    <message>
        <source>New undersøkelse</source>
        <translation>Ny undersøkelse</translation>
    </message>
    <message>
        <source>Only when the deadline is extended</source>
        <translation>Bare når fristen er utvidet</translation>
    </message>
    <message>
        <source>First con&amp;tact</source>
        <translation>Første k&amp;ontakt</translation>
    </message>
    <message>
        <source>Add ground</source>
        <translation>Legg til vedtaksgrunnlag</translation>
    </message>
    <message>
        <source>&amp;Grounds for the decision</source>
        <translation>&amp;Vedtaksgrunnlag</translation>
    </message>
    <message>
        <source>The case has no melding to investigate</source>
        <translation>Saken har ingen melding å undersøke</translation>
    </message>
    <message>
        <source>the start date</source>
        <translation>startdatoen</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Edit user</source>
        <translation>Endre bruker</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>Ny bruker</translation>
    </message>
    <message>
        <source>(none)</source>
        <extracomment>a shared register: the person signs in with a login role IT made (no password here)</extracomment>
        <translation>(ingen)</translation>
    </message>
    <message>
        <source>Can sign in</source>
        <translation>Kan logge inn</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Brukernavn</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Works as caseworker</source>
        <translation>Arbeider som saksbehandler</translation>
    </message>
    <message>
        <source>The user name is the person&apos;s login on the database server, made by IT; they sign in with its password.</source>
        <translation>Brukernavnet er personens databasebruker på serveren, som IT lager; personen logger inn med passordet til den.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passord</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Gjenta passord</translation>
    </message>
    <message>
        <source>Enter a user name</source>
        <translation>Skriv inn et brukernavn</translation>
    </message>
    <message>
        <source>Enter the person&apos;s name</source>
        <translation>Skriv inn personens navn</translation>
    </message>
    <message>
        <source>The password must have at least 8 characters</source>
        <translation>Passordet må ha minst 8 tegn</translation>
    </message>
    <message>
        <source>The passwords are not the same</source>
        <translation>Passordene er ikke like</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <source>Each person signs in with their own password, which unlocks the encrypted register. If every password is lost, only the recovery key can open it: make one, print it and keep it locked away.</source>
        <translation>Hver person logger inn med sitt eget passord, som låser opp det krypterte registeret. Går alle passordene tapt, kan bare gjenopprettingsnøkkelen åpne det: lag en, skriv den ut og lås den inn.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Brukernavn</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Caseworker</source>
        <translation>Saksbehandler</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>New user…</source>
        <translation>Ny bruker…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Endre…</translation>
    </message>
    <message>
        <source>New password…</source>
        <translation>Nytt passord…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Fjern</translation>
    </message>
    <message>
        <source>Make recovery key…</source>
        <translation>Lag gjenopprettingsnøkkel…</translation>
    </message>
    <message>
        <source>Each person signs in with their own login on the database server, which IT makes (see the README: «Delt register på PostgreSQL»). Here you decide who may use this register and in which role.</source>
        <translation>Hver person logger inn med sin egen databasebruker på serveren, som IT lager (se README: «Delt register på PostgreSQL»). Her bestemmer du hvem som kan bruke registeret, og med hvilken rolle.</translation>
    </message>
    <message>
        <source>In a shared register IT sets the passwords on the database server.</source>
        <translation>I et delt register setter IT passordene på databaseserveren.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nei</translation>
    </message>
    <message>
        <source>New password for {name}</source>
        <translation>Nytt passord for {name}</translation>
    </message>
    <message>
        <source>Remove user</source>
        <translation>Fjern bruker</translation>
    </message>
    <message>
        <source>Remove {name}? They can no longer sign in; what they did stays in the audit log.</source>
        <translation>Fjerne {name}? Vedkommende kan ikke lenger logge inn; det vedkommende har gjort, blir stående i tilgangsloggen.</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Gjenopprettingsnøkkel</translation>
    </message>
    <message>
        <source>Make a new recovery key? It opens the register if every password is lost, and it replaces any earlier one. It is shown only once: print it and keep it locked away.</source>
        <translation>Lage en ny gjenopprettingsnøkkel? Den åpner registeret hvis alle passordene går tapt, og den erstatter en eventuell tidligere nøkkel. Den vises bare én gang: skriv den ut og lås den inn.</translation>
    </message>
    <message>
        <source>Write down or print this key now; it is not shown again:</source>
        <translation>Skriv ned eller skriv ut nøkkelen nå; den vises ikke igjen:</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Brukere</translation>
    </message>
</context>
<context>
    <name>VedtakDialog</name>
    <message>
        <source>&amp;Akuttvedtak (emergency decision)</source>
        <translation>&amp;Akuttvedtak</translation>
    </message>
    <message>
        <source>&amp;Legal basis</source>
        <translation>&amp;Lovhjemmel</translation>
    </message>
    <message>
        <source>&amp;Petition sent</source>
        <translation>&amp;Begjæring sendt</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>Fill in when the decision says the child needs a foster home: the waiting time counts from this date until the child moves into a foster home.</source>
        <translation>Fyll ut når vedtaket sier at barnet trenger fosterhjem: ventetiden regnes fra denne datoen til barnet flytter inn i et fosterhjem.</translation>
    </message>
    <message>
        <source>&amp;Foster home needed from</source>
        <translation>&amp;Fosterhjem trengs fra</translation>
    </message>
    <message>
        <source>&amp;Type</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <source>Decided &amp;at</source>
        <translation>&amp;Fattet</translation>
    </message>
    <message>
        <source>Edit vedtak</source>
        <translation>Endre vedtak</translation>
    </message>
    <message>
        <source>Institution stay because of serious behaviour (shorter deadline for the petition)</source>
        <translation>Institusjonsopphold på grunn av alvorlige atferdsvansker (kortere frist for begjæring)</translation>
    </message>
    <message>
        <source>New vedtak and tiltak</source>
        <translation>Nytt vedtak og tiltak</translation>
    </message>
    <message>
        <source>Sent to the &amp;board</source>
        <translation>Sendt &amp;nemnda</translation>
    </message>
    <message>
        <source>T&amp;iltak decided</source>
        <translation>T&amp;iltak som vedtas</translation>
    </message>
    <message>
        <source>Vedtak &amp;date</source>
        <translation>Vedtaks&amp;dato</translation>
    </message>
    <message>
        <source>the time of the decision</source>
        <translation>tidspunktet vedtaket ble fattet</translation>
    </message>
    <message>
        <source>the vedtak date</source>
        <translation>vedtaksdatoen</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>&amp;Add date</source>
        <translation>&amp;Legg til dato</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>&amp;Dato</translation>
    </message>
    <message>
        <source>&amp;Tiltak</source>
        <translation>&amp;Tiltak</translation>
    </message>
    <message>
        <source>Another visit date (Ctrl+D)</source>
        <translation>En besøksdato til (Ctrl+D)</translation>
    </message>
    <message>
        <source>Date %1</source>
        <translation>Dato %1</translation>
    </message>
    <message>
        <source>Edit visit</source>
        <translation>Endre besøk</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Register visits</source>
        <translation>Registrer besøk</translation>
    </message>
    <message>
        <source>The case has no foster-home tiltak to visit</source>
        <translation>Saken har ingen fosterhjemstiltak å besøke</translation>
    </message>
    <message>
        <source>The same date is entered twice</source>
        <translation>Samme dato er ført opp to ganger</translation>
    </message>
    <message>
        <source>the visit date</source>
        <translation>besøksdatoen</translation>
    </message>
</context>
</TS>
