"""German support-ticket templates for build_tickets.py: framing pools and
(product kind, template) lists per tier. Data, not logic."""

POOLS: dict = {}
CONTENT: dict = {}

# --------------------------------------------------------------------------
# German
# --------------------------------------------------------------------------
POOLS["de"] = {
    "small_ctx_biz": ["Ich habe eine kleine {?Bäckerei|Physiotherapiepraxis|Werbeagentur|Schreinerei} und nutze {product} für {?die Rechnungen|die Terminplanung|die Aufgaben im Team}.",
                      "Das Konto hat damals mein Vorgänger eingerichtet, der ist aber nicht mehr im Haus.",
                      "Ich bin bei {company} für die Verwaltung zuständig, daher landen solche Fragen bei mir.",
                      "Wir sind nur {n} Leute, also nichts Kompliziertes."],
    "small_ctx": ["Ich bin gerade unterwegs und schreibe vom Handy.",
                  "Ich war {?in Elternzeit|länger im Urlaub} und in der App hat sich einiges geändert.",
                  "Normalerweise hilft mir mein {?Sohn|Enkel} bei so etwas, aber der ist diese Woche nicht da.",
                  "Ich bin seit Jahren Kunde und musste das noch nie machen."],
    "greet": {
        "polite": ["Hallo,", "Guten Tag,", "Sehr geehrte Damen und Herren,", "Hallo {product}-Team,", "Guten Morgen,",
                   "Liebes Support-Team,", "Hallo zusammen,", "Moin,", "Guten Tag liebes {product}-Team,"],
        "casual": ["Hi,", "Hey,", "Servus,", "Moin moin,", "Hallo!"],
        "angry": ["", "Guten Tag.", "Sehr geehrte Damen und Herren,"],
    },
    "sign": {
        "polite": ["Viele Grüße\n{fullname}", "Mit freundlichen Grüßen\n{fullname}\n{company}", "Danke und Gruß\n{first}",
                   "Beste Grüße\n{first}", "Vielen Dank im Voraus!", "LG {first}", "Freundliche Grüße\n{fullname}",
                   "Danke schon mal!\n{first}", "Mit freundlichem Gruß\n{fullname}"],
        "casual": ["Danke!", "Gruß", "thx", "VG {first}", "Danke euch!"],
        "angry": ["Ich erwarte eine zeitnahe Antwort.", "So geht das nicht.", "MfG", "Bitte um dringende Rückmeldung.",
                  "{fullname}"],
    },
    "pre": ["Ich hoffe, Sie hatten ein schönes Wochenende.", "Ich nutze {product} schon seit {year} und bin eigentlich sehr zufrieden.",
            "Entschuldigen Sie bitte die vermutlich einfache Frage.",
            "Ich bin technisch nicht so fit, also bitte etwas Geduld mit mir.", "Kurze Frage:",
            "Ich habe schon im Hilfebereich gesucht, aber nichts gefunden.",
            "Ein Kollege meinte, Sie könnten mir da schnell weiterhelfen."],
    "post": ["Vielen Dank für Ihre Hilfe!", "Keine Eile.", "Einen schönen Tag noch!", "Gerne auch telefonisch.",
             "Danke für die Mühe!"],
    "angry_pre": ["Das kann doch nicht so kompliziert sein.", "Ich frage jetzt zum zweiten Mal.",
                  "Ich bin langsam echt genervt.", "Ihre Hilfeseiten helfen mir hier überhaupt nicht weiter.",
                  "Ich hänge seit 20 Minuten in der Warteschleife."],
    "mid_ctx": ["Wir sind ein Team von {seats} Leuten und nutzen {product} seit etwa {n} Monaten.",
                "Ich betreue den {product}-Account bei {company}.",
                "Kein Fehler im eigentlichen Sinn, ich möchte nur das Verhalten verstehen.",
                "Eine Frage dazu, wie {product} sich eigentlich verhalten soll."],
    "r_open": [
        "Wir hängen seit {?zwei Tagen|Anfang der Woche|{weekday}} an diesem Problem und kommen nicht weiter.",
        "Sorry für die lange Nachricht, aber ich schicke lieber gleich alle Infos mit.",
    ],
    "r_open_biz": [
        "Ich melde mich im Auftrag unserer IT-Abteilung.",
        "Das betrifft bei uns die Produktivumgebung, daher etwas dringend.",
    ],
    "r_close": [
        "Vollständige Logs schicke ich gerne nach, auch ein kurzer Call wäre möglich.",
        "Können Sie das bitte an Ihre Entwicklung weitergeben?",
        "Für jeden Hinweis dankbar, auch wenn es nur die Bestätigung ist, dass das Problem bekannt ist.",
    ],
    "r_close_biz": [
        "Das blockiert gerade unseren {?Monatsabschluss|Go-Live am {weekday}}, eine schnelle Antwort wäre super.",
        "Request-IDs kann ich gerne nachliefern.",
    ],
}

CONTENT["de"] = {
    "small": [
        ("any", "Wie kann ich mein Passwort zurücksetzen? Ich komme {?gerade|seit heute früh} nicht mehr in mein Konto."),
        ("any", "Ich möchte die E-Mail-Adresse in meinem {product}-Konto ändern, neu wäre {email}. Wo geht das?"),
        ("any", "Meine Kreditkarte ist abgelaufen. Wo kann ich die neue hinterlegen, damit die nächste Abbuchung klappt?"),
        ("saas", "Wo finde ich die Rechnung für {month}? Die brauche ich für {?die Buchhaltung|meine Steuererklärung|die Reisekostenabrechnung}."),
        ("saas", "Wie kündige ich mein Abo zum Ende der Laufzeit? Ich finde keinen Button dafür."),
        ("saas", "Können wir vom Tarif {plan} auf {plan2} wechseln? Ab wann gilt dann der neue Preis?"),
        ("store", "Ich habe die Bestellung {order} am {date} zurückgeschickt. Wann bekomme ich mein Geld zurück?"),
        ("any", "Zu welchen Zeiten ist Ihr Support telefonisch erreichbar? Auch samstags?"),
        ("saas", "Wie füge ich einen neuen Benutzer zu unserem Team hinzu? Wir haben {?eine neue Kollegin|einen neuen Azubi|zwei neue Leute}."),
        ("bank", "Wo kann ich in der {product}-App das Tageslimit für Überweisungen ändern?"),
        ("bank", "Ich habe meine Karte verloren. Wie kann ich sie in der App sperren?"),
        ("store", "Kann ich die Lieferadresse für Bestellung {order} noch ändern? Sie ist noch nicht verschickt."),
        ("vpn", "Auf wie vielen Geräten kann ich {product} gleichzeitig nutzen?"),
        ("any", "Wie aktiviere ich die Zwei-Faktor-Authentifizierung?"),
        ("any", "Wo kann ich die E-Mail-Benachrichtigungen abschalten? Das sind mir {?viel zu viele|inzwischen 30 am Tag}."),
        ("saas", "Kann ich auf jährliche Zahlung umstellen? Gibt es dann Rabatt?"),
        ("game", "Ich habe ein neues Handy. Wie bekomme ich meinen Spielstand von {product} da rüber?"),
        ("saas", "Wo trage ich unsere USt-IdNr. ein, damit sie auf den Rechnungen steht?"),
        ("store", "Liefern Sie auch {country}? Fallen da Zollgebühren an?"),
        ("any", "Bitte löschen Sie mein Konto und alle gespeicherten Daten."),
        ("bank", "Wie kann ich meine neue Adresse in der App hinterlegen? Ich bin letzten Monat umgezogen."),
        ("saas", "Mir wurden im {month} zweimal {amount} abgebucht. Können Sie eine der Zahlungen erstatten?"),
        ("crm", "Wie kann ich in {product} Kontakte aus einer Excel-Datei importieren?"),
    ],
    "mid": [
        ("sync", "Wenn ich eine Datei offline auf dem Laptop bearbeite und ein Kollege gleichzeitig dieselbe Datei im Browser ändert, legt {product} eine „Konfliktkopie“ an. Warum werden die Änderungen nicht zusammengeführt? Und kann man einstellen, dass immer eine Seite gewinnt?"),
        ("saas", "Unser Monatsbericht zeigt für {month} {n2} erledigte Aufgaben, der CSV-Export mit demselben Filter hat aber deutlich weniger Zeilen. Werden archivierte Aufgaben im Bericht mitgezählt, im Export aber nicht? Welcher Zahl sollen wir trauen?"),
        ("bank", "Ich habe einen Dauerauftrag zum 31. eingerichtet. In Monaten mit 30 Tagen wurde er erst am 1. des Folgemonats ausgeführt statt am 30. Ist das so gewollt? Meine Miete kommt dadurch zu spät an."),
        ("saas", "Unterstützt der Tarif {plan} Single Sign-on mit {idp}, oder brauchen wir dafür {plan2}? Wir sind {seats} Personen und brauchen eigentlich nur SSO, die anderen Enterprise-Funktionen nicht."),
        ("saas", "Unser Team sitzt in drei Zeitzonen. Wenn jemand in {city} ein Fälligkeitsdatum setzt, sehen die Kollegen in Toronto den Vortag. Wird das Datum in der Zeitzone des Erstellers gespeichert? Gibt es dafür eine Einstellung für den ganzen Workspace?"),
        ("vpn", "Ich habe bei {product} Split-Tunneling aktiviert, sodass nur der Browser durchs VPN geht. Die Banking-App läuft aber trotzdem über das VPN. Funktioniert Split-Tunneling unter {os} pro App oder nur über IP-Bereiche? Und hebelt der Kill-Switch das aus?"),
        ("any", "Laut API-Doku liegt das Limit bei {n2} Anfragen pro Minute. Gilt das pro API-Key oder pro Workspace? Wir haben zwei Integrationen mit getrennten Keys, und die scheinen sich gegenseitig auszubremsen."),
        ("crm", "Wir haben {n2} Kontakte importiert, und die Dublettenprüfung hat Personen zusammengeführt, die sich eine Sammeladresse wie info@ teilen. Nach welchen Kriterien erkennt {product} Dubletten? Kann man das auf E-Mail plus Firma umstellen?"),
        ("db", "Unser Speicherverbrauch in {product} wächst weiter, obwohl wir jede Nacht alte Zeilen löschen. Wird der Platz durch das Löschen überhaupt freigegeben, oder muss erst ein Vacuum laufen? Die Rechnung ist von {amount} auf {amount2} gestiegen."),
        ("saas", "Wir haben {plan} mit {seats} Lizenzen. Wenn ich einen Benutzer mitten im Monat deaktiviere, wird die Lizenz anteilig gutgeschrieben oder erst zur Verlängerung? Und kann ich sie sofort einer anderen Person zuweisen, ohne dass neu abgerechnet wird?"),
        ("game", "Ich spiele {product} auf Tablet und Handy mit demselben Konto. Welcher Spielstand gewinnt beim Synchronisieren? Nachdem ich auf dem Handy gespielt habe, waren auf dem Tablet zwei Tage Fortschritt weg."),
        ("bank", "Im CSV-Export fehlen vorgemerkte Umsätze, obwohl ich sie in der App sehe. Wenn sie dann gebucht sind, stehen sie im Export mit einem anderen Datum als in der App. Welches Datum nimmt der Export, Buchungsdatum oder Wertstellung?"),
        ("saas", "Seit dem Update auf {ver} werden im DATEV-Export die Kostenstellen nicht mehr mit übertragen. Ist das eine bewusste Änderung, oder muss man die Zuordnung jetzt an anderer Stelle pflegen?"),
        ("store", "Wir möchten als Firma auf Rechnung bestellen (30 Tage Zahlungsziel). Geht das mit einem Geschäftskonto, und können mehrere Kollegen über dasselbe Konto mit einem gemeinsamen Budget bestellen?"),
        ("mail", "Wenn sich ein Kontakt in {product} von einer unserer Listen abmeldet, wird er dann aus allen Listen entfernt oder nur aus dieser einen? Und laufen automatische Serien, in denen er schon steckt, weiter?"),
    ],
    "reasoning": [
        ("saas", """Wir betreiben {product} selbst gehostet hinter nginx. Seit dem Update von {ver_old} auf {ver_new} bekommen Nutzer sporadisch 502 Bad Gateway, vor allem beim Öffnen großer Projekte.

Aus dem nginx-Error-Log:
{art_nginx_502}

Unsere Konfiguration:
{art_nginx_conf}

Was wir schon probiert haben:
1. proxy_read_timeout auf 300s erhöht – keine Änderung, die 502er kommen nach wenigen Sekunden, nicht nach einem Timeout.
2. Den App-Container beobachtet: der startet etwa alle {minutes} Minuten neu (Exit-Code 137), das passt zu den „connection refused“-Zeilen.
3. Der VM {gb} GB mehr RAM gegeben – die Neustarts sind seltener, aber nicht weg.

Hat {ver_new} die Standard-Speichereinstellungen oder die Anzahl der Worker geändert? Gibt es eine Empfehlung für Projekte mit mehr als {n3} Einträgen? Ein Rollback wäre möglich, aber die Datenbankmigration ist schon gelaufen."""),
        ("saas", """Unser {product}-Connector für Oracle bricht seit dem {date} bei jedem Lauf ab:

{art_java_ora}

Konfiguration (ohne Passwörter):
{art_connector_yaml}

Die Tabelle existiert definitiv. Als ETL_READER kann ich in SQL Developer problemlos SELECT * FROM {schema}.INVOICE_LINES ausführen. INVOICES und CUSTOMERS werden sauber synchronisiert, nur INVOICE_LINES nicht.

Geprüft haben wir:
- Grants: ETL_READER hat SELECT auf alle drei Tabellen (laut ALL_TAB_PRIVS)
- am {date} wurde INVOICE_LINES durch ein Migrationsskript neu angelegt; dabei wurde der Grant evtl. über eine Rolle statt direkt vergeben
- Connector neu gestartet und den State geleert – gleicher Fehler

Braucht der Connector direkte Grants, oder reichen Rollen? Und cached er irgendwo Tabellen-Metadaten, die nach dem Neuanlegen einer Tabelle zurückgesetzt werden müssen?"""),
        ("saas", """Unsere Java-Anbindung an {api_host} funktioniert seit heute Morgen nicht mehr. Jeder Aufruf endet mit:

{art_java_pkix}

Wir laufen auf Java {java_ver} hinter einem Proxy mit TLS-Inspection. Bei uns hat sich nichts geändert, aber Ihr Zertifikat wurde gestern erneuert und scheint jetzt von einer anderen CA zu kommen.

Bisherige Versuche:
1. Ihr neues Zertifikat per keytool in die cacerts der JVM importiert → gleicher Fehler
2. Zusätzlich das Root-Zertifikat unseres Proxys importiert → gleicher Fehler
3. Eigenen Truststore mit beiden per -Djavax.net.ssl.trustStore gesetzt → jetzt kommt „Received fatal alert: handshake_failure“
4. curl vom selben Server geht (nutzt aber den OS-Store, nicht den von Java)

Haben Sie die Zwischenzertifikate oder die erlaubten Cipher Suites geändert? Unsere Security-Abteilung braucht eine genaue Angabe, was am Proxy freigegeben werden muss, bevor sie dort etwas anfasst."""),
        ("sync", """Der {product}-Desktop-Installer schlägt auf allen über Intune verwalteten Windows-Rechnern fehl, auf Geräten mit lokalen Adminrechten läuft er durch.

Installer-Log:
{art_win_installer}

Versucht haben wir:
1. Setup manuell „als Administrator“ ausführen – klappt, aber nicht auf {seats} Rechnern machbar
2. MSI direkt statt des Bootstrappers mit ALLUSERS=1 verteilt → Fehler 1925
3. Den Installationsordner im Defender ausgenommen – keine Änderung
4. Installation pro Benutzer (ALLUSERS=2, MSIINSTALLPERUSER=1) – installiert, aber beim nächsten Auto-Update kommt wieder 0x80070005

Gibt es einen offiziell unterstützten Weg für eine systemweite Verteilung per Intune? Braucht der Updater jedes Mal Adminrechte, und kann man ihn abschalten, damit wir Updates selbst verteilen?"""),
        ("db", """Unsere Python-Worker verlieren nachts regelmäßig die Verbindung zur {product}-Instanz ({region}). Tagsüber läuft alles.

{art_py_pg_slots}

Parallel sehen wir im Dashboard, dass die Verbindungen genau am Limit unseres Tarifs kleben. Wir haben {n} Worker-Prozesse mit je einem SQLAlchemy-Pool (pool_size=10).

Was wir versucht haben:
- pool_size auf 5 reduziert → der Fehler kommt später, aber er kommt
- pool_pre_ping=True gesetzt → keine Änderung
- den integrierten Pooler im Transaction-Modus davor geschaltet → dann brechen unsere Prepared Statements

Zählen Verbindungen des Poolers auch gegen das Limit? Werden nach einem Failover alte Verbindungen auf Ihrer Seite sauber geschlossen, oder bleiben die als „idle“ hängen? Und lohnt sich hier der Wechsel auf {plan2}, oder ist das ein Konfigurationsproblem bei uns?"""),
        ("saas", """Die Signaturprüfung Ihrer Webhooks schlägt bei uns jedes Mal fehl, obwohl das Secret stimmt (zweimal aus dem Dashboard kopiert).

Unser Handler:
{art_flask_hmac}

Log:
{art_hmac_log}

Der Header beginnt mit „sha256=“, aber auch ohne dieses Präfix passt es nicht. Zusätzlich probiert: Secret als hex-dekodierte Bytes, SHA-1 statt SHA-256, Secret rotiert und Testevent geschickt.

Muss der HMAC über den Roh-Body statt über das geparste JSON berechnet werden? Falls ja: verändert Flask mit get_json() die Bytes (Reihenfolge der Keys, Leerzeichen, Unicode-Escapes)? Gibt es irgendwo eine Referenzimplementierung in Python?"""),
        ("saas", """Der {product}-Agent in unserem Kubernetes-Cluster hängt seit dem Update des Helm-Charts auf {ver_new} in CrashLoopBackOff.

{art_k8s_pods}

Ressourcen im Deployment:
{art_k8s_yaml}

Das Memory-Limit haben wir schon einmal verdoppelt, er wird dann nur etwas später OOMKilled. Im Log steht jedes Mal kurz vorher „loading full index ({n2} objects)“. Mit {ver_old} lief er monatelang mit denselben Limits.

1. Lädt {ver_new} beim Start den kompletten Index in den Speicher statt wie früher seitenweise?
2. Gibt es eine Umgebungsvariable, um den alten inkrementellen Modus zu erzwingen?
3. Hilft es, AGENT_CONCURRENCY zu senken, oder ist der Speicherbedarf davon unabhängig?"""),
        ("saas", """Seit der Umstellung unseres Identity Providers ({idp}) am {date} können sich ungefähr die Hälfte unserer Leute nicht mehr per SSO anmelden.

Aus Ihrem Audit-Log:
{art_saml_log}

Bisher gemacht:
1. Neue IdP-Metadaten in {product} hochgeladen → ein Teil der Nutzer kommt wieder rein
2. Uhrzeit auf dem ADFS-Proxy synchronisiert → die Warnung zur Zeitabweichung war einen Tag weg und ist jetzt wieder da
3. Funktionierende und nicht funktionierende Nutzer verglichen: alle Betroffenen haben noch Lesezeichen auf die alte Login-URL und starten IdP-initiiert

Kann der Audience-Fehler an der mandantenspezifischen Entity-ID liegen? Wir haben die Einstellung nie angefasst, aber vielleicht hat die Migration sie umgestellt. Und wie unterstützen wir IdP- und SP-initiierten Login gleichzeitig, ohne den InResponseTo-Fehler?"""),
        ("bank", """Ich habe ein Problem mit einer Echtzeitüberweisung, und weder Sie noch die Empfängerbank können mir sagen, wo das Geld ist.

Am {date} habe ich {amount2} per Echtzeitüberweisung an meinen Vermieter geschickt. In der {product}-App stand sofort „Ausgeführt“, der Betrag wurde abgebucht. Die Bank meines Vermieters sagt, es sei nichts angekommen. Im Kontoauszug steht dieselbe Buchung zwei Tage später als „vorgemerkt“ und mit einer anderen Referenz als in der App ({refcode}).

Was ich bisher gemacht habe: Ihre Hotline angerufen, dort hieß es, ich solle 3 Bankarbeitstage warten. Ich habe 5 gewartet. Dann hat mein Vermieter bei seiner Bank angerufen, die brauchen die End-to-End-Referenz der sendenden Bank für eine Nachforschung. Ich weiß aber nicht, ob das die Nummer aus der App oder die vom Kontoauszug ist. Eine Ausführungsbestätigung kann ich in der App nicht herunterladen, der Button ist bei dieser Buchung ausgegraut.

Meine Fragen: Welcher Status stimmt denn nun, App oder Kontoauszug? Ist die Überweisung wirklich als Echtzeitüberweisung rausgegangen oder doch als normale SEPA-Überweisung? Können Sie eine Nachforschung bzw. einen Rückruf bei der Empfängerbank anstoßen, und welche Referenz gebe ich meinem Vermieter? Es geht um die Miete und ich bekomme schon Mahnungen."""),
        ("store", """Wir verkaufen über {product} und haben unser Warenwirtschaftssystem angebunden. Seit {date} stimmen die Bestände nicht mehr, und wir haben dieselben Artikel mehrfach überverkauft.

Der Ablauf, wie wir ihn verstehen: Die WaWi schickt alle 15 Minuten die Bestände per API an {product}. {product} schickt bei jeder Bestellung einen Webhook an die WaWi, die dann den Bestand reduziert. Jetzt passiert Folgendes: Eine Bestellung kommt rein, der Bestand im Shop sinkt korrekt, aber beim nächsten Abgleich überschreibt die WaWi ihn wieder mit dem alten Wert, weil die Bestellung dort noch nicht verbucht ist. Laut WaWi-Protokoll kommen manche Webhooks erst {minutes} bis 40 Minuten nach der Bestellung an.

Was wir schon getan haben: Abgleichintervall auf 60 Minuten gestellt (dann sind die Bestände im Shop ständig veraltet), Webhook-URL neu eingetragen, mit dem Support der WaWi telefoniert – die sagen, bei ihnen kommt schlicht nichts früher an.

Gibt es bei Ihnen eine Warteschlange für Webhooks, die sich gerade staut? Kann man statt absoluter Bestände relative Änderungen per API schicken, damit sich die beiden Systeme nicht gegenseitig überschreiben? Und können Sie uns sagen, welche Webhooks der letzten Woche verspätet zugestellt wurden?"""),
        ("saas", """Nach dem Update von {sdk} auf {ver_new} schlägt jeder Aufruf von list_invoices() fehl:

{art_py_attr}

Mit {ver_old} geht alles. Hat sich das Paginierungsformat geändert? Wir greifen auf `meta` gar nicht selbst zu, das passiert in Ihrem Client."""),
        ("saas", """POST /v2/exports liefert seit {date} bei ungefähr jeder fünften Anfrage HTTP 503, und zwar immer nach genau 30 Sekunden:

{art_http503_access}

Mit Retry und Backoff klappt es meistens beim zweiten Versuch, aber nicht immer. Gibt es eine Störung oder ein 30-Sekunden-Timeout an Ihrem Gateway, von dem wir wissen sollten?"""),
        ("mail", """Seit dem {date} bouncen fast alle unsere Kampagnen aus {product} an Gmail-Adressen:

{art_bounce}

Unsere DNS-Einträge aktuell:
{art_dns_mail}

Geprüft bzw. versucht:
- SPF enthält Ihre Domain
- DKIM: Laut Assistent sollten wir einen CNAME für {selector}._domainkey anlegen. Haben wir gemacht, aber die TXT-Abfrage liefert nichts. Unser DNS-Anbieter „flacht“ CNAMEs ab – kann das der Grund sein?
- DMARC haben wir vor zwei Wochen nach einem Spoofing-Vorfall auf p=reject gestellt. Vorher kam alles an.
- Testmail an Gmail: dkim=fail, spf=pass – aber SPF besteht für Ihre Bounce-Domain, nicht für unsere, also kein Alignment.

Wie bekommen wir SPF oder DKIM auf unsere eigene Domain ausgerichtet? Brauchen wir einen eigenen Return-Path? Die DMARC-Policy wieder lockern können wir nicht."""),
        ("store", """Der nächtliche Bestellexport von {product} auf den SFTP-Server unseres Logistikers schlägt seit Anfang {month} an etwa drei von fünf Nächten fehl.

{art_sftp_log}

Der Export läuft bei Ihnen (geplanter Export), Ziel ist der SFTP des Logistikers. Der sagt, er habe nichts geändert, nur „die Firewall aktualisiert“.

Versucht:
1. Export tagsüber manuell angestoßen – klappt immer
2. Zeitplan von 02:00 auf 04:00 verschoben – seltener, aber weiterhin Fehler
3. Den Logistiker gebeten, Ihre IPs freizugeben – der will die vollständige Liste, die ich nicht finde
4. Auf Key-Authentifizierung umgestellt – gleiches Bild

Können Sie uns die Quell-IPs des Exports nennen? Wird bei einem Retry dieselbe IP verwendet? Und kann man sich die Datei bei einem Fehlschlag ersatzweise per Mail schicken lassen, damit das Lager nicht stillsteht?"""),
    ],
}

CONTENT["de"]["mid"] += [
    ("bank", "Wenn ich meine Karte in der App vorübergehend sperre, werden Lastschriften und Daueraufträge dann trotzdem ausgeführt? Ich bin gerade im Urlaub und habe sie sicherheitshalber gesperrt, jetzt mache ich mir Sorgen wegen der Miete."),
    ("store", "Ich habe zwei Artikel bestellt, einer ist laut Mail erst in drei Wochen lieferbar. Wird die Bestellung dann aufgeteilt, und zahle ich zweimal Versand? Beim Bezahlen stand dazu nichts."),
    ("sync", "Was passiert mit dem Versionsverlauf, wenn eine Datei umbenannt wird? Es sieht so aus, als würde der Verlauf unter dem neuen Namen bei null anfangen – wir brauchen die alten Versionen aber für eine Prüfung."),
    ("saas", "Stoppt das Archivieren eines Projekts auch dessen Automatisierungen und wiederkehrende Aufgaben? Wir haben ein paar abgeschlossene Kundenprojekte archiviert, und trotzdem bekommen Kollegen noch Erinnerungen daraus."),
    ("crm", "Was passiert mit den Kontakten und offenen Aufgaben eines Vertriebsmitarbeiters, wenn wir seinen Benutzer deaktivieren? Bleibt er als Besitzer eingetragen oder wird neu verteilt? Wir müssen demnächst {n} Benutzer entfernen."),
    ("vpn", "Warum wählt {product} bei „Schnellster Server“ bei jeder Verbindung einen anderen Standort, teilweise sogar in einem anderen Land? Dadurch funktionieren manche Seiten nicht richtig. Nach welchen Kriterien wird das entschieden, und kann man das auf ein Land beschränken?"),
    ("db", "Verursacht das Hoch- oder Herunterskalieren unserer {product}-Instanz eine Downtime? In der Doku steht „minimale Unterbrechung“ – was heißt das konkret für offene Verbindungen und laufende Transaktionen?"),
    ("game", "Wenn ich den Saisonpass mitten in der Saison kaufe, bekomme ich dann die Belohnungen für die Stufen, die ich schon erreicht habe, nachträglich? Oder gilt der Pass erst ab dem Kauf?"),
]

CONTENT["de"]["reasoning"] += [
    ("saas", """{?Seit wir unseren Webhook-Forwarder von Node 16 auf {node_ver} aktualisiert haben, schlagen etwa {pct} % der Aufrufe an die {product}-API mit ECONNRESET fehl.|Nach dem Umstieg auf {node_ver} (vorher Node 16) bekommen wir bei Aufrufen Ihrer API sporadisch ECONNRESET, ungefähr bei jedem {?fünften|zehnten} Request.} Am Code selbst hat sich nichts geändert, nur Node-Version und Base-Image.

{art_node_reset}

Es passiert nur, wenn der Dienst ein paar Sekunden nichts zu tun hatte: der erste Request nach der Pause scheitert, der nächste geht durch. Versucht haben wir:
- keepAlive: true am https.Agent (noch schlimmer)
- keepAlive: false (behebt es, kostet aber ca. 150 ms pro Aufruf)
- Retries mit exponentiellem Backoff (funktioniert, verdeckt das Problem aber und erzeugt ab und zu doppelte Events)
- das alte Base-Image mit Node 16 (Fehler weg, es liegt also an der Runtime)

Schließt Ihr Load Balancer inaktive Keep-Alive-Verbindungen nach einem bestimmten Timeout? Wenn ja, nach wie vielen Sekunden, damit wir unseren freeSocketTimeout darunter setzen können? Und sind POST /v2/events idempotent, wenn wir sie wiederholen?"""),
    ("crm", """{?Unsere Integration mit {product} verliert alle paar Tage die Autorisierung.|Alle paar Tage müssen unsere Nutzer die {product}-Anbindung neu autorisieren.} Der Refresh-Aufruf liefert:

{art_oauth_json}

Wir betreiben {n} Instanzen unseres Backends hinter einem Load Balancer, und jede erneuert das Token, sobald sie einen 401 bekommt. Ich vermute, dass zwei Instanzen gleichzeitig refreshen und sich gegenseitig das Refresh-Token ungültig machen – weiß aber nicht, wie Ihre Token-Rotation genau funktioniert.

Bisher probiert:
1. Tokens in Redis statt im Speicher abgelegt, damit alle Instanzen dieselben nutzen → passiert weiterhin, vielleicht seltener
2. Proaktiver Refresh per Cronjob 5 Minuten vor Ablauf → eine Woche gut, dann am Wochenende wieder ausgefallen
3. Verteiltes Lock um den Refresh gelegt → zu früh für ein Urteil

Sind Refresh-Tokens nur einmal verwendbar? Gibt es eine Karenzzeit, in der das alte Token nach der Rotation noch gilt? Und kann man im Audit-Log sehen, welcher Client das Token ungültig gemacht hat?"""),
    ("crm", """Unser nächtlicher Komplettabgleich von {product} ins Data Warehouse bricht seit einer Woche ab. Log-Auszug:

{art_ratelimit_log}

Wir laufen mit {n} Workern, bis vor Kurzem war der Job nach ca. 40 Minuten durch. An der Anzahl der Worker haben wir nichts geändert. {?Einzige Änderung: das Marketing hat ein Dashboard-Tool mit einem eigenen API-Key angebunden.|Neu ist nur, dass das Marketing ein zweites Tool (Dashboards) mit separatem API-Key verbunden hat.}

Was ich probiert habe:
- Retry-After respektieren (machen wir, wie man sieht – der 429 kommt trotzdem wieder)
- auf 2 Worker reduziert → kein 429 mehr, aber der Job dauert über {hours} Stunden
- Bulk-Export-Endpunkt → liefert 403 „feature not available on plan“

Gilt das Rate-Limit für alle API-Keys des Accounts gemeinsam? Wird Retry-After länger, wenn wir weiter anfragen? Und welcher Tarif enthält den Bulk-Export? Auf der Preisseite finde ich dazu nichts."""),
    ("db", """Nach der Migration von unserem selbst betriebenen Postgres {pg_ver} zu {product} ist eine unserer zentralen Reporting-Abfragen von ca. 300 ms auf über {?20|30|40} Sekunden gestiegen.

{art_explain}

Auf dem alten Server hat der Planer den Index auf orders(created_at) benutzt, bei {product} macht er einen Seq Scan. Was ich gemacht habe:
- ANALYZE auf beiden Tabellen → keine Änderung
- Index geprüft: orders_created_at_idx existiert und ist gültig
- in einer Session enable_seqscan = off gesetzt → Index wird genutzt, Abfrage wieder schnell (aber das ist natürlich keine Lösung)
- random_page_cost verglichen: 1.1 bei uns, 4 bei {product}

Können wir random_page_cost in unserem Tarif ändern, oder ist das gesperrt? Liegt der Speicher bei {product} im Netzwerk (das würde den Standardwert erklären)? Und würden Sie für das „letzte 30 Tage“-Muster eher einen partiellen Index oder Partitionierung empfehlen?"""),
    ("saas", """Ich brauche Hilfe bei einer Abweichung zwischen der Zeiterfassung in {product} und unserer Lohnabrechnung, und ich bin inzwischen durch drei Systeme durch, ohne die Ursache zu finden.

So ist es eingerichtet: Die Mitarbeitenden stempeln in der {product}-App ein und aus. Am Monatsende exportieren wir die Stundenzettel über Ihre Schnittstelle an unseren Lohnabrechnungsdienstleister, der daraus die Zuschläge berechnet.

Das Problem: Im {?März|Oktober} haben {n} Kolleginnen und Kollegen aus der Nachtschicht eine Stunde zu wenig bezahlt bekommen. Es ist immer genau eine Stunde und immer die Schicht in der Nacht der Zeitumstellung. In der Stundenansicht von {product} stehen 9 Stunden, in der Exportdatei 8. Die Tagschicht ist nicht betroffen.

Geprüft habe ich: die Zeitzone des Workspaces stimmt, die Handys stehen auf automatischer Uhrzeit, die CSV selbst enthält schon die 8 Stunden (es liegt also nicht beim Dienstleister), und manuelles Bearbeiten und erneutes Speichern der Schicht ändert am exportierten Wert nichts.

Berechnet der Export die Dauer aus den lokalen Uhrzeiten statt aus der tatsächlich vergangenen Zeit? Gibt es eine Einstellung dafür, oder müssen wir diese Schichten vor jedem Export von Hand korrigieren? Und passiert bei der nächsten Zeitumstellung dann das Gegenteil, also eine Stunde zu viel?"""),
    ("bank", """Die {product}-App stürzt auf meinem iPhone seit dem Update auf {ios} direkt nach Face ID ab. Sie startet, fragt Face ID ab, das klappt, und dann ist die App weg. Aus Einstellungen > Datenschutz > Analyse habe ich diesen Absturzbericht:

{art_ios_crash}

Was ich probiert habe:
[[pick 3-4]]
1. Handy neu gestartet und App neu installiert (dabei ging die Geräteregistrierung verloren, Freischaltung per Brief hat {n} Tage gedauert)
2. Face ID für die App in den iOS-Einstellungen deaktiviert → dann kommt die Code-Abfrage und der Absturz passiert genauso danach
3. Face ID komplett zurückgesetzt und neu eingerichtet
4. Auf meinem iPad mit derselben iOS-Version eingeloggt → dort läuft alles
[[/pick]]

Es liegt also an der Kombination aus meinem Telefon und der App, nicht an meinem Konto. Ist das Problem mit {ios} bekannt? Gibt es eine Möglichkeit, sich ohne biometrischen Schritt nur mit dem Code anzumelden? Ich muss bis {weekday} eine Zahlung freigeben."""),
    ("saas", """Jede Nacht gegen 02:00 bricht unser Batch-Upload mit `java.net.SocketTimeoutException: Read timed out at com.{pkg}.sync.HttpTransport.execute(HttpTransport.java:{ln1})` ab. Tagsüber läuft derselbe Datenbestand problemlos durch. Gibt es bei Ihnen um diese Zeit Wartung oder Backups? Timeout haben wir schon auf 120 s erhöht, ohne Erfolg."""),
]

CONTENT["de"]["reasoning"] += [
    ("saas", """Seit dem Update des Connectors auf {ver_new} bekommen wir ORA-01017 (invalid username/password; logon denied), obwohl dieselben Zugangsdaten in SQL*Plus funktionieren. Passwort neu eingegeben, Vault-Eintrag zurückgesetzt, Agent zweimal neu gestartet – ohne Erfolg. Wird das Passwort irgendwo zwischengespeichert?"""),
    ("db", """`SSL SYSCALL error: EOF detected` etwa alle {minutes} Minuten von unseren App-Servern in {region} zu {product}. TCP-Keepalives sind gesetzt (idle 60 s). Angefangen hat es nach Ihrer Wartung am {date}. Wurden dabei Idle-Timeouts geändert?"""),
    ("any", """Die Bulk-API antwortet mit `413 Request Entity Too Large` bei Batches mit {n2} Datensätzen, laut Doku sind 10.000 pro Request erlaubt. Der Payload ist gezippt ca. 9 MB. Gilt das Limit für Datensätze oder Bytes, und zählt die komprimierte Größe?"""),
]
CONTENT["de"]["mid"] += [
    ("crm", "Unser Vertrieb arbeitet mit zwei Währungen. Deals werden je nach Kunde in EUR oder CHF angelegt, der Pipeline-Bericht zeigt aber alles in EUR. Welchen Wechselkurs nimmt {product} für die Umrechnung – den vom Anlagedatum, vom Abschlussdatum oder den aktuellen? Wenn ich mir heute den Bericht vom letzten Quartal anschaue, weicht die gewonnene Summe von dem ab, was wir damals gemeldet haben. Kann man den Kurs beim Gewinnen eines Deals einfrieren?"),
]
