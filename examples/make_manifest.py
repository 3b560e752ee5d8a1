"""Write ``corpus_manifest.json`` and the file table in ``README.md`` from one list.

Why: the manifest is the ground truth that pipeline tests read for the sample corpus, and the
README table is what people read. Keeping both in one Python list stops them drifting apart.
Every value here describes data we wrote ourselves (see README.md), so using it as expected
output for the sample corpus is honest; it is not a model of any hidden data.

Run: ``python examples/make_manifest.py`` (rewrites both files; the README text outside the
table markers is left alone).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
MANIFEST = HERE / "corpus_manifest.json"
README = HERE / "README.md"
START, END = "<!-- corpus-table:start -->", "<!-- corpus-table:end -->"

HD, MP, NW, LG, ET, EF, RK = ("Harbor Daily", "The Meridian Post", "Northwind Radio",
                              "The Lakeside Gazette", "Eastbridge Times", "El Faro Digital",
                              "Rheinkurier")

STORIES = {
    "ukraine-crisis-2022": "Russia-Ukraine escalation, 10-24 Feb 2022, day by day up to the invasion",
    "turkey-syria-quake-2023": "Magnitude 7.8 earthquake in southern Turkey and northern Syria, 6 Feb 2023",
    "morocco-quake-2023": "Magnitude 6.8 earthquake in Al Haouz, Morocco, 8 Sep 2023 (similar to the above, distinct)",
    "cop26-2021": "Glasgow Climate Pact adopted at COP26, 13 Nov 2021",
    "beirut-blast-2020": "Beirut port explosion, 4 Aug 2020, and the government's resignation",
    "gaza-ceasefire-2021": "Egypt-brokered Israel-Hamas ceasefire, 20-21 May 2021",
    "iran-talks-2022-08": "Vienna talks on reviving the Iran nuclear deal, Aug 2022 (EU 'final text')",
    "iran-talks-2021-11": "Vienna talks on the Iran nuclear deal resume, Nov-Dec 2021 (similar to the above, distinct)",
    "g20-bali-2022": "G20 summit in Bali and the Biden-Xi meeting, 14-16 Nov 2022",
}

# One dict per input item. Keys:
#   key            unique id: file path, plus "#<line>" for JSONL lines or "#<url>" for WARC records
#   file           path relative to examples/
#   line           1-based line inside a JSONL file (None otherwise)
#   record_index   0-based position inside a multi-record file (JSONL line - 1, or WARC record
#                  counting warcinfo and request records); None for single-document files
#   record_no      record_index + 1: the 1-based number RawDoc.record_no / Reject.record_no use
#   record_id      the record's own "id" field when it has one
#   url            declared URL (meta, record or WARC target) or None
#   format         text | html | jsonl | warc  (RawDoc.format)
#   encoding       byte encoding of the file
#   story / event  story label, and a finer event label (same-day happening)
#   title          headline as published
#   publisher      the true publisher;  publisher_cue: where a reader can find it
#                  (meta | record | copyright | dateline | masthead | source_domain | url_domain)
#   published      YYYY-MM-DD in the publisher's own time zone; published_cue: meta | record | text
#   language       ISO 639-1
#   dateline       the dateline's city as printed, in capitals, or None; a reader may keep
#                  more ("KYIV, Ukraine"), so compare with startswith
#   captions       number of photo captions carried in or around the text
#   is_copy_of     key of another entry carrying the same wire text (None if original)
#   copy_group     label shared by all copies of one wire text (None if not a copy)
#   expected_reject reason the item must not become an article (None = must become one)
#   mess           what makes this input hard
E: list[dict] = []


def add(key: str, fmt: str, story: str | None, event: str | None, title: str | None,
        publisher: str | None, publisher_cue: str | None, published: str | None,
        published_cue: str | None, language: str | None, dateline: str | None, captions: int,
        mess: list[str], *, line: int | None = None, record_index: int | None = None,
        record_id: str | None = None, url: str | None = None, encoding: str | None = "utf-8",
        is_copy_of: str | None = None, copy_group: str | None = None,
        expected_reject: str | None = None) -> None:
    file = key.split("#", 1)[0]
    record_no = None if record_index is None else record_index + 1
    E.append(dict(key=key, file=file, line=line, record_index=record_index, record_no=record_no,
                  record_id=record_id,
                  url=url, format=fmt, encoding=encoding, story=story, event=event, title=title,
                  publisher=publisher, publisher_cue=publisher_cue, published=published,
                  published_cue=published_cue, language=language, dateline=dateline,
                  captions=captions, is_copy_of=is_copy_of, copy_group=copy_group,
                  expected_reject=expected_reject, mess=mess))


UKR, TRQ, MAQ, COP = "ukraine-crisis-2022", "turkey-syria-quake-2023", "morocco-quake-2023", "cop26-2021"
BEI, GAZ, IR22, IR21, G20 = ("beirut-blast-2020", "gaza-ceasefire-2021", "iran-talks-2022-08",
                             "iran-talks-2021-11", "g20-bali-2022")
WIRE15, WIREBALI = "tidewater-2022-02-15-pullback", "tidewater-2022-11-14-biden-xi"
C = "corpus/"

# ---- Russia-Ukraine, day by day ------------------------------------------------------------
add(C + "01_berlin_talks.txt", "text", UKR, "ukr-2022-02-10-berlin-talks",
    "Berlin talks on eastern Ukraine end without breakthrough as Belarus drills begin",
    HD, "dateline", "2022-02-10", "text", "en", "BERLIN", 1,
    ["login/subscribe furniture", "byline in caps", "caption above body", "share/ad/cookie footer"])
add(C + "02_sullivan_warning.html", "html", UKR, "ukr-2022-02-11-us-warning",
    "U.S. says Russian invasion of Ukraine could begin 'at any time'",
    MP, "meta", "2022-02-11", "meta", "en", "WASHINGTON", 1,
    ["full page: nav, ad slot, related-links aside, newsletter, footer"],
    url="https://www.meridianpost.example/world/2022/02/11/us-warns-invasion-any-time")
add(C + "03_pullback_claim_wire.txt", "text", UKR, "ukr-2022-02-15-pullback-claim",
    "Russia says some troops pulling back; West sees no sign of it",
    HD, "copyright", "2022-02-15", "text", "en", "MOSCOW", 4,
    ["wire copy (Tidewater) under Harbor Daily", "4 captions at the end, one a 2015 FILE photo",
     "wire credit line where a byline would be"], copy_group=WIRE15)
add(C + "04_pullback_claim_wire.html", "html", UKR, "ukr-2022-02-15-pullback-claim",
    "Russia claims partial pullback from Ukraine border; Biden says threat remains",
    NW, "meta", "2022-02-15", "meta", "en", "MOSCOW", 2,
    ["same wire text as 03 with different headline, captions and page furniture",
     "cookie banner", "mid-article ad and related links"],
    url="https://northwindradio.example/news/world/2022/02/15/russia-claims-partial-pullback",
    is_copy_of=C + "03_pullback_claim_wire.txt", copy_group=WIRE15)
add(C + "05_kindergarten_shelling.txt", "text", UKR, "ukr-2022-02-17-shelling",
    "Shelling hits kindergarten in eastern Ukraine as Biden says attack could come 'in the next several days'",
    NW, "masthead", "2022-02-17", "text", "en", "STANYTSIA LUHANSKA", 1,
    ["2015 FILE caption GLUED to the next paragraph (no line break)", "masthead line at top"])
add(C + "27_records.jsonl#1", "jsonl", UKR, "ukr-2022-02-19-munich",
    "Zelenskyy tells Munich conference appeasement has failed as Russia stages nuclear drills",
    MP, "record", "2022-02-19", "record", "en", "MUNICH", 0, ["clean record"],
    line=1, record_index=0, record_id="mp-2022-02-19-munich",
    url="https://www.meridianpost.example/world/2022/02/19/zelenskyy-munich-security-conference")
add(C + "28_feed_broken.jsonl#1", "jsonl", UKR, "ukr-2022-02-18-evacuation",
    "Separatists order evacuation to Russia; Biden 'convinced' Putin has decided to invade",
    NW, "record", "2022-02-18", "record", "en", "DONETSK", 0,
    ["the only good line of a broken feed"], line=1, record_index=0,
    record_id="nw-2022-02-18-evacuation",
    url="https://northwindradio.example/news/world/2022/02/18/donbas-evacuation-biden-convinced")
add(C + "06_recognition.html", "html", UKR, "ukr-2022-02-21-recognition",
    "Putin recognizes separatist regions in eastern Ukraine, orders troops in",
    HD, "meta", "2022-02-21", "meta", "en", "MOSCOW", 2,
    ["full page", "captions top and bottom", "mid-article ad and related links"],
    url="https://www.harbordaily.example/world/europe/putin-recognizes-donetsk-luhansk-independence")
add(C + "29_ccnews.jsonl.gz#1", "jsonl", UKR, "ukr-2022-02-22-sanctions",
    "Germany halts Nord Stream 2 as West unveils first sanctions over Ukraine",
    LG, "source_domain", "2022-02-22", "record", "en", "BERLIN", 0,
    ["gzip", "news-please field names (maintext, date_publish, source_domain, authors)"],
    line=1, record_index=0,
    url="https://www.lakesidegazette.example/nation-world/2022/02/22/nord-stream-2-halted-sanctions")
add(C + "30_crawl.warc.gz#https://www.eastbridgetimes.example/world/ukraine-state-of-emergency",
    "warc", UKR, "ukr-2022-02-23-emergency",
    "Ukraine declares state of emergency as Russian forces move into position",
    ET, "meta", "2022-02-23", "meta", "en", "KYIV", 2,
    ["WARC response preceded by its request record", "2015 FILE caption mid-article"],
    record_index=2, url="https://www.eastbridgetimes.example/world/ukraine-state-of-emergency")
add(C + "07_invasion.txt", "text", UKR, "ukr-2022-02-24-invasion",
    "Russia launches full-scale invasion of Ukraine; explosions heard in Kyiv",
    MP, "copyright", "2022-02-24", "text", "en", "KYIV", 2,
    ["skip-link furniture", "caption mid-article", "2015 FILE caption at the end",
     "'Most Read' footer"])
add(C + "30_crawl.warc.gz#https://www.lakesidegazette.example/nation-world/2022/02/15/russia-troops-pullback-claim",
    "warc", UKR, "ukr-2022-02-15-pullback-claim",
    "Russia says some troops are leaving Ukraine border; West is skeptical",
    LG, "meta", "2022-02-15", "meta", "en", "MOSCOW", 2,
    ["third copy of the 15 Feb wire text, in a WARC", "published_time with -06:00 offset"],
    record_index=4,
    url="https://www.lakesidegazette.example/nation-world/2022/02/15/russia-troops-pullback-claim",
    is_copy_of=C + "03_pullback_claim_wire.txt", copy_group=WIRE15)

# ---- Turkey-Syria earthquake (source conflict on 7 Feb) -----------------------------------
add(C + "08_quake_first_day.txt", "text", TRQ, "trq-2023-02-06-quake",
    "Powerful earthquake kills more than 2,300 in Turkey and Syria",
    NW, "copyright", "2023-02-06", "text", "en", "ANKARA", 1,
    ["caption ABOVE the headline", "first-day toll (more than 2,300)"])
add(C + "09_quake_toll_5000.html", "html", TRQ, "trq-2023-02-06-quake",
    "Earthquake death toll climbs above 5,000 as rescuers battle cold",
    HD, "meta", "2023-02-07", "meta", "en", "ISKENDERUN", 1,
    ["toll 'more than 5,000' (5,151) on 7 Feb: conflicts with 10 the same day"],
    url="https://www.harbordaily.example/world/middle-east/turkey-syria-earthquake-toll-5000")
add(C + "10_quake_toll_7700.txt", "text", TRQ, "trq-2023-02-06-quake",
    "Turkey declares emergency in 10 provinces as quake toll passes 7,700",
    MP, "copyright", "2023-02-07", "text", "en", "GAZIANTEP", 2,
    ["toll 'at least 7,700' on 7 Feb: conflicts with 09", "1999 FILE caption mid-article",
     "caption without credit line breaks body"])
add(C + "11_terremoto_es.txt", "text", TRQ, "trq-2023-02-06-quake",
    "Más de 5.000 muertos por el terremoto en Turquía y Siria",
    EF, "copyright", "2023-02-07", "text", "es", "ESTAMBUL", 0,
    ["NON-ENGLISH (Spanish): store and flag, do not code"])
add(C + "27_records.jsonl#2", "jsonl", TRQ, "trq-2023-02-06-quake",
    "Erdogan admits 'shortcomings' as quake toll passes 11,000",
    ET, "record", "2023-02-08", "record", "en", "KAHRAMANMARAS", 0,
    ["date-only published field"], line=2, record_index=1, record_id="et-2023-02-08-erdogan",
    url="https://www.eastbridgetimes.example/world/erdogan-kahramanmaras-shortcomings")

# ---- Morocco earthquake (similar to Turkey-Syria, distinct) --------------------------------
add(C + "12_morocco_quake.txt", "text", MAQ, "maq-2023-09-08-quake",
    "Strong earthquake in Morocco kills more than 1,000 in Atlas mountain villages",
    HD, "dateline", "2023-09-09", "text", "en", "MARRAKECH", 1,
    ["caption mid-article", "similar-but-distinct event: another earthquake"])
add(C + "34_morocco_toll_wrapped.txt", "text", MAQ, "maq-2023-09-08-quake",
    "Morocco quake toll climbs past 2,000 as army reaches mountain villages",
    LG, "masthead", "2023-09-09", "text", "en", "MARRAKECH", 1,
    ["HARD-WRAPPED at 72 columns (paragraphs span lines; the caption and its credit wrap too)",
     "numeric US date 09/09/2023", "evening toll 2,012 vs 1,037 in 12 the same day"])
add(C + "13_morocco_toll_utf16.txt", "text", MAQ, "maq-2023-09-08-quake",
    "Morocco quake toll rises above 2,100 as king declares three days of mourning",
    MP, "masthead", "2023-09-10", "text", "en", "AMIZMIZ", 0,
    ["UTF-16 LE with BOM and CRLF line ends: must be decoded, not rejected"],
    encoding="utf-16")
add(C + "27_records.jsonl#3", "jsonl", MAQ, "maq-2023-09-08-quake",
    "Foreign rescuers join search as Morocco quake toll nears 2,900",
    NW, "record", "2023-09-11", "record", "en", "MARRAKECH", 0,
    ["RFC 822 date string in published"], line=3, record_index=2,
    record_id="nw-2023-09-11-morocco",
    url="https://northwindradio.example/news/world/2023/09/11/morocco-earthquake-rescuers")

# ---- COP26 ------------------------------------------------------------------------------
add(C + "14_cop26_pact.html", "html", COP, "cop-2021-11-13-pact",
    "Nearly 200 nations adopt Glasgow climate pact after late fight over coal",
    HD, "meta", "2021-11-13", "meta", "en", "GLASGOW", 1, ["full page", "related-links aside"],
    url="https://www.harbordaily.example/climate/cop26-glasgow-climate-pact-adopted")
add(C + "15_cop26_reaction.txt", "text", COP, "cop-2021-11-13-pact",
    "Glasgow deal 'not enough,' U.N. chief says, as vulnerable nations count the cost of coal compromise",
    NW, "copyright", "2021-11-14", "text", "en", "GLASGOW", 1,
    ["section label line before headline", "caption at top"])
add(C + "27_records.jsonl#4", "jsonl", COP, "cop-2021-11-13-pact", "What's in the Glasgow Climate Pact",
    MP, "record", "2021-11-13", "record", "en", "GLASGOW", 0,
    ["text is HTML (<p> tags, &quot; and &mdash; entities)",
     "published 23:59 at -05:00: local date 13 Nov, UTC date 14 Nov"],
    line=4, record_index=3, record_id="mp-2021-11-13-cop26-explainer",
    url="https://www.meridianpost.example/climate/2021/11/13/glasgow-climate-pact-explained")
add(C + "30_crawl.warc.gz#https://www.lakesidegazette.example/nation-world/2021/11/14/cop26-sharma-china-india-coal",
    "warc", COP, "cop-2021-11-13-pact",
    "Glasgow summit chief says China and India must explain coal retreat",
    LG, "meta", "2021-11-14", "meta", "en", "LONDON", 1,
    ["Content-Type without charset"], record_index=6,
    url="https://www.lakesidegazette.example/nation-world/2021/11/14/cop26-sharma-china-india-coal")

# ---- Beirut -----------------------------------------------------------------------------
add(C + "16_beirut_blast.txt", "text", BEI, "bei-2020-08-04-blast",
    "Massive explosion rocks Beirut, killing dozens and injuring thousands",
    NW, "copyright", "2020-08-04", "text", "en", "BEIRUT", 0, ["no captions", "first-night toll (73)"])
add(C + "17_beirut_toll.html", "html", BEI, "bei-2020-08-04-blast",
    "Beirut explosion toll passes 100 as anger grows over stored ammonium nitrate",
    HD, "meta", "2020-08-05", "meta", "en", "BEIRUT", 1, ["full page"],
    url="https://www.harbordaily.example/world/middle-east/beirut-explosion-ammonium-nitrate")
add(C + "18_macron_beirut_cp1252.txt", "text", BEI, "bei-2020-08-04-blast",
    "Macron tours devastated Beirut streets, promises aid but demands reform",
    ET, "masthead", "2020-08-06", "text", "en", "BEIRUT", 1,
    ["Windows-1252 bytes (é, ë, É, curly quotes, em dash): must be decoded, not rejected",
     "accented names (Hélène Marchetti, Gemmayzé, Mar Mikhaël, Élysée)"], encoding="cp1252")
add(C + "33_beirut_de.html", "html", BEI, "bei-2020-08-04-blast",
    "Explosion in Beirut: Mehr als 100 Tote und Tausende Verletzte",
    RK, "meta", "2020-08-05", "text", "de", "BEIRUT", 1,
    ["NON-ENGLISH (German, html lang=de): store and flag, do not code",
     "no article:published_time: date only as visible text 05.08.2020"],
    url="https://www.rheinkurier.example/politik/ausland/beirut-explosion-100-tote")
add(C + "29_ccnews.jsonl.gz#2", "jsonl", BEI, "bei-2020-08-10-resignation",
    "Lebanon's government resigns after Beirut blast",
    MP, "source_domain", "2020-08-10", "record", "en", "BEIRUT", 0,
    ["news-please fields", "authors list includes 'Staff'"], line=2, record_index=1,
    url="https://www.meridianpost.example/world/2020/08/10/lebanon-government-resigns")

# ---- Gaza ceasefire ---------------------------------------------------------------------
add(C + "19_gaza_ceasefire_agreed.txt", "text", GAZ, "gaz-2021-05-20-ceasefire",
    "Israel and Hamas agree to cease-fire after 11 days of fighting",
    MP, "copyright", "2021-05-20", "text", "en", "JERUSALEM", 1,
    ["two-author byline", "caption mid-article"])
add(C + "20_gaza_truce_holds.html", "html", GAZ, "gaz-2021-05-20-ceasefire",
    "Cease-fire between Israel and Hamas holds as Gazans survey the damage",
    LG, "copyright", "2021-05-21", "meta", "en", "GAZA CITY", 1,
    ["NO og:site_name: publisher only in <title> suffix, footer and trailing tagline"],
    url="https://www.lakesidegazette.example/nation-world/2021/05/21/gaza-ceasefire-holds")
add(C + "27_records.jsonl#5", "jsonl", GAZ, "gaz-2021-05-20-ceasefire",
    "Egyptian mediators work to firm up Gaza truce as both sides claim victory",
    NW, "url_domain", "2021-05-21", "record", "en", "CAIRO", 0,
    ["publisher null in the record: only the URL names the outlet",
     "revised toll (248) differs from 19's (232): an update a day later, not a same-day conflict"],
    line=5, record_index=4, record_id="nw-2021-05-21-egypt-mediators",
    url="https://northwindradio.example/news/world/2021/05/21/egypt-mediators-gaza-truce")
add(C + "30_crawl.warc.gz#https://www.harbordaily.example/world/biden-gaza-rebuild-two-state",
    "warc", GAZ, "gaz-2021-05-20-ceasefire",
    "Biden pledges to lead Gaza rebuilding, says two-state solution 'only answer'",
    HD, "meta", "2021-05-21", "meta", "en", "WASHINGTON", 1, ["WARC response"], record_index=7,
    url="https://www.harbordaily.example/world/biden-gaza-rebuild-two-state")

# ---- Iran talks, Aug 2022 ---------------------------------------------------------------
add(C + "21_vienna_talks_resume_2022.txt", "text", IR22, "ir22-2022-08-04-vienna",
    "Iran nuclear talks resume in Vienna after four-month stalemate",
    ET, "copyright", "2022-08-04", "text", "en", "VIENNA", 1,
    ["caption carries the date of the OTHER Vienna round (Nov. 29, 2021)"])
add(C + "22_vienna_final_text_2022.html", "html", IR22, "ir22-2022-08-04-vienna",
    "EU puts forward 'final text' to revive Iran nuclear deal",
    MP, "meta", "2022-08-08", "meta", "en", "VIENNA", 1, ["full page"],
    url="https://www.meridianpost.example/world/2022/08/08/eu-final-text-iran-nuclear-deal")
add(C + "29_ccnews.jsonl.gz#3", "jsonl", IR22, "ir22-2022-08-04-vienna",
    "Iran sends response to EU's final nuclear text, seeks changes on three issues",
    NW, "source_domain", "2022-08-16", "record", "en", "TEHRAN", 0,
    ["empty authors list", "description null"], line=3, record_index=2,
    url="https://northwindradio.example/news/world/2022/08/16/iran-response-eu-text")

# ---- Iran talks, Nov-Dec 2021 (similar, distinct) -----------------------------------------
add(C + "23_vienna_talks_resume_2021.txt", "text", IR21, "ir21-2021-11-29-vienna",
    "Iran nuclear talks resume in Vienna after five-month break",
    HD, "dateline", "2021-11-29", "text", "en", "VIENNA", 0,
    ["similar-but-distinct: same venue, people and wording as the Aug 2022 round"])
add(C + "30_crawl.warc.gz#https://www.lakesidegazette.example/nation-world/2021/11/30/iran-talks-working-groups",
    "warc", IR21, "ir21-2021-11-29-vienna",
    "Iran nuclear talks set up working groups; Israel urges tough line",
    LG, "meta", "2021-11-30", "meta", "en", "VIENNA", 1,
    ["last record of the WARC, after a 404 page"], record_index=9,
    url="https://www.lakesidegazette.example/nation-world/2021/11/30/iran-talks-working-groups")
add(C + "27_records.jsonl#6", "jsonl", IR21, "ir21-2021-11-29-vienna",
    "Iran nuclear talks break off as Europeans accuse Tehran of backtracking",
    MP, "record", "2021-12-03", "record", "en", "VIENNA", 0, ["clean record"],
    line=6, record_index=5, record_id="mp-2021-12-03-vienna-pause",
    url="https://www.meridianpost.example/world/2021/12/03/iran-nuclear-talks-pause")

# ---- G20 Bali ---------------------------------------------------------------------------
add(C + "24_biden_xi_wire.txt", "text", G20, "g20-2022-11-14-biden-xi",
    "Biden and Xi meet in Bali, agree to restart climate talks despite Taiwan warning",
    HD, "masthead", "2022-11-14", "text", "en", "NUSA DUA", 2,
    ["wire copy (Tidewater) under Harbor Daily", "2011 FILE caption at the end"],
    copy_group=WIREBALI)
add(C + "29_ccnews.jsonl.gz#4", "jsonl", G20, "g20-2022-11-14-biden-xi",
    "Biden, Xi agree to restart climate talks after three-hour meeting in Bali",
    ET, "source_domain", "2022-11-14", "record", "en", "NUSA DUA", 1,
    ["same wire text as 24", "photo caption glued on top of maintext (single newline)",
     "authors = the wire"], line=4, record_index=3,
    url="https://www.eastbridgetimes.example/world/biden-xi-bali-meeting",
    is_copy_of=C + "24_biden_xi_wire.txt", copy_group=WIREBALI)
add(C + "25_g20_opens.html", "html", G20, "g20-2022-11-15-summit",
    "Indonesia's Widodo urges G20 leaders to 'end the war' as summit opens in Bali",
    NW, "meta", "2022-11-15", "meta", "en", "NUSA DUA", 1, ["full page, no author"],
    url="https://northwindradio.example/news/world/2022/11/15/g20-bali-summit-opens-widodo")
add(C + "26_g20_declaration.txt", "text", G20, "g20-2022-11-15-summit",
    "G20 leaders say 'most members' condemn war in Ukraine as missile blast in Poland jolts summit",
    MP, "copyright", "2022-11-16", "text", "en", "NUSA DUA", 1,
    ["caption mid-article", "cookie/privacy footer"])

# ---- Inputs that must not become articles -------------------------------------------------
add(C + "28_feed_broken.jsonl#2", "jsonl", None, None, None, None, None, None, None, None, None, 0,
    ["truncated JSON line"], line=2, record_index=1, expected_reject="malformed json")
add(C + "28_feed_broken.jsonl#3", "jsonl", None, None, None, None, None, None, None, None, None, 0,
    ["JSON list, not an object"], line=3, record_index=2, expected_reject="not a record")
add(C + "28_feed_broken.jsonl#4", "jsonl", None, None,
    "Watch: Scenes from the front line in Luhansk", NW, "record", "2022-02-20", "record", None,
    None, 0, ["video page record: metadata but no text field"], line=4, record_index=3,
    record_id="nw-2022-02-20-video",
    url="https://northwindradio.example/video/2022/02/20/luhansk-front-line",
    expected_reject="no text")
add(C + "30_crawl.warc.gz#https://www.eastbridgetimes.example/img/logo.png", "warc", None, None,
    None, None, None, None, None, None, None, 0, ["image/png response"], record_index=3,
    url="https://www.eastbridgetimes.example/img/logo.png", expected_reject="not html")
add(C + "30_crawl.warc.gz#https://www.lakesidegazette.example/api/most-read.json", "warc", None,
    None, None, None, None, None, None, None, None, 0, ["application/json response"],
    record_index=5, url="https://www.lakesidegazette.example/api/most-read.json",
    expected_reject="not html")
add(C + "30_crawl.warc.gz#https://www.lakesidegazette.example/nation-world/2021/11/30/old-link",
    "warc", None, None, None, None, None, None, None, "en", None, 0,
    ["HTTP 404 'page not found' HTML page"], record_index=8,
    url="https://www.lakesidegazette.example/nation-world/2021/11/30/old-link",
    expected_reject="http status 404")
add(C + "31_empty.txt", "text", None, None, None, None, None, None, None, None, None, 0,
    ["zero bytes"], encoding=None, expected_reject="empty")
add(C + "32_garbage.txt", "text", None, None, None, None, None, None, None, None, None, 0,
    ["2 KB of random bytes named .txt"], encoding=None, expected_reject="binary")

CONFLICTS = [
    {"story": MAQ, "date": "2023-09-09", "kind": "death toll",
     "claims": {C + "12_morocco_quake.txt": "more than 1,000 (1,037)",
                C + "34_morocco_toll_wrapped.txt": "above 2,000 (2,012)"},
     "note": "Same day, different outlets: a morning and an evening official figure. A fusion "
             "stage should show both rather than pick one silently."},
    {"story": TRQ, "date": "2023-02-07", "kind": "death toll (Turkey and Syria combined)",
     "claims": {C + "09_quake_toll_5000.html": "more than 5,000 (5,151)",
                C + "10_quake_toll_7700.txt": "at least 7,700",
                C + "11_terremoto_es.txt": "más de 5.000 (non-English, not coded)"},
     "note": "Same day, different outlets, different figures: a source conflict. The 6 Feb "
             "(2,300) and 8 Feb (11,000) figures are updates on other days."},
]

ESCALATION = {
    "dyad": ["RUS", "UKR"],
    "story": UKR,
    "note": "Ukraine-crisis events by date; a dyad escalation index over these should rise "
            "from 10 Feb (talks) to 24 Feb (invasion). 15 Feb carries a claimed de-escalation.",
    "events": [
        "ukr-2022-02-10-berlin-talks", "ukr-2022-02-11-us-warning", "ukr-2022-02-15-pullback-claim",
        "ukr-2022-02-17-shelling", "ukr-2022-02-18-evacuation", "ukr-2022-02-19-munich",
        "ukr-2022-02-21-recognition", "ukr-2022-02-22-sanctions", "ukr-2022-02-23-emergency",
        "ukr-2022-02-24-invasion"],
}

SIMILAR_PAIRS = [
    {"stories": [TRQ, MAQ], "why": "two earthquakes, seven months apart, same vocabulary"},
    {"stories": [IR22, IR21], "why": "two Vienna rounds of Iran talks, eight months apart, same people"},
]


def manifest() -> dict:
    outlets = sorted({e["publisher"] for e in E if e["publisher"] and not e["expected_reject"]})
    return {"version": 1, "corpus_dir": "corpus", "stories": STORIES, "outlets": outlets,
            "wire_services": ["Tidewater Wire"], "conflicts": CONFLICTS,
            "escalation_series": ESCALATION, "similar_pairs": SIMILAR_PAIRS, "entries": E}


def table() -> str:
    rows = ["| input | format | outlet | story | published | lang | mess / expectation |",
            "|---|---|---|---|---|---|---|"]
    for e in E:
        where = e["file"].removeprefix("corpus/")
        if e["line"]:
            where += f" line {e['line']}"
        elif "#" in e["key"]:
            where += " " + e["url"].split("://", 1)[1].split("/", 1)[0] + " rec " + str(e["record_index"])
        what = "; ".join(e["mess"])
        if e["is_copy_of"]:
            what += f"; copy of {e['is_copy_of'].removeprefix('corpus/')}"
        if e["expected_reject"]:
            what += f"; **reject: {e['expected_reject']}**"
        rows.append(f"| `{where}` | {e['format']} ({e['encoding'] or 'bytes'}) | {e['publisher'] or '-'} | "
                    f"{e['story'] or '-'} | {e['published'] or '-'} | {e['language'] or '-'} | {what} |")
    return "\n".join(rows)


def main() -> None:
    keys = [e["key"] for e in E]
    assert len(keys) == len(set(keys)), "duplicate keys"
    MANIFEST.write_text(json.dumps(manifest(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(head + START + "\n" + table() + "\n" + END + tail, encoding="utf-8")
    print(f"{len(E)} entries")


if __name__ == "__main__":
    main()
