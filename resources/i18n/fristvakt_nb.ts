<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
  <context>
    <name>CaseModel</name>
    <message>
      <source>Journal no.</source>
      <extracomment>Event kinds of the timeline: (letter, colour).</extracomment>
      <translation>Journalnr.</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Navn</translation>
    </message>
    <message>
      <source>Fødselsnr.</source>
      <translation>Fødselsnr.</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>Alder</translation>
    </message>
    <message>
      <source>Caseworker</source>
      <translation>Saksbehandler</translation>
    </message>
    <message>
      <source>%1 open deadlines, %2 overdue</source>
      <translation>%1 åpne frister, %2 forfalt</translation>
    </message>
    <message>
      <source>Case closed %1</source>
      <translation>Saken ble avsluttet %1</translation>
    </message>
    <message>
      <source>%1 (%2 overdue)</source>
      <translation>%1 (%2 forfalt)</translation>
    </message>
    <message>
      <source>unborn</source>
      <translation>ufødt</translation>
    </message>
    <message>
      <source>Melding received from %1</source>
      <translation>Melding mottatt fra %1</translation>
    </message>
    <message>
      <source>Melding concluded: %1</source>
      <translation>Melding konkludert: %1</translation>
    </message>
    <message>
      <source>Feedback sent to the reporter</source>
      <translation>Tilbakemelding sendt til melder</translation>
    </message>
    <message>
      <source>Undersøkelse started</source>
      <translation>Undersøkelse startet</translation>
    </message>
    <message>
      <source>Undersøkelse extended</source>
      <translation>Undersøkelse utvidet</translation>
    </message>
    <message>
      <source>Undersøkelse concluded: %1</source>
      <translation>Undersøkelse konkludert: %1</translation>
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
      <source>Petition sent to the board</source>
      <translation>Begjæring sendt nemnda</translation>
    </message>
    <message>
      <source>Vedtak %1 (%2)</source>
      <translation>Vedtak %1 (%2)</translation>
    </message>
    <message>
      <source>Deadlines</source>
      <comment>column: open deadlines</comment>
      <translation>Frister</translation>
    </message>
    <message>
      <source>Tiltak started: %1</source>
      <translation>Tiltak startet: %1</translation>
    </message>
    <message>
      <source>Tiltak ended: %1</source>
      <translation>Tiltak avsluttet: %1</translation>
    </message>
    <message>
      <source>Plan created: %1</source>
      <translation>Plan opprettet: %1</translation>
    </message>
    <message>
      <source>Plan evaluated: %1</source>
      <translation>Plan evaluert: %1</translation>
    </message>
    <message>
      <source>Plan ended: %1</source>
      <translation>Plan avsluttet: %1</translation>
    </message>
    <message>
      <source>Follow-up visit</source>
      <translation>Oppfølgingsbesøk</translation>
    </message>
    <message>
      <source>Supervision visit</source>
      <translation>Tilsynsbesøk</translation>
    </message>
    <message>
      <source>Ettervern offered</source>
      <translation>Ettervern tilbudt</translation>
    </message>
    <message>
      <source>Ettervern concluded: %1</source>
      <translation>Ettervern konkludert: %1</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>Dato</translation>
    </message>
    <message>
      <source>Event</source>
      <translation>Hendelse</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>Frist</translation>
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
      <source>How it was set</source>
      <translation>Slik er fristen beregnet</translation>
    </message>
    <message>
      <source>%n day(s) overdue</source>
      <translation>