"""Build ``corpus/30_crawl.warc.gz``: a small web crawl with HTML pages and noise around them.

Why a script: a WARC is binary and compressed per record, so it cannot be written by hand or
reviewed in a diff. The article texts live here as plain strings (written by us, describing
real public events), so the file can be rebuilt and audited: ``python examples/make_warc.py``.

Besides HTML ``response`` records the crawl holds what real crawls hold: a ``warcinfo``
record, a ``request`` record, an ``image/png`` response, an ``application/json`` response and a
404 page. A reader should keep only the HTML article responses (the 404 page is an HTML
response that should be rejected, not coded).
"""

from __future__ import annotations

import html
import json
import uuid
import zlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).parent / "corpus" / "30_crawl.warc.gz"
CRAWL_DATE = "2023-10-02T03:11:54Z"


WIRE_FEB15 = """MOSCOW (Tidewater) — Russia said Tuesday that some of its forces near Ukraine were returning to their bases after completing exercises, but Western leaders said they had seen no evidence of a pullback and warned that an invasion remained possible.

The Russian Defense Ministry released video of tanks and armored vehicles being loaded onto railway flatcars in what it said was a return of units from the Southern and Western military districts. It did not say how many troops were involved.

Speaking after several hours of talks with German Chancellor Olaf Scholz in the Kremlin, President Vladimir Putin said Russia did not want a war in Europe. "Do we want this or not? Of course not," Putin said, adding that Moscow was ready to continue talks on its security demands.

Scholz said it was "our damn duty and obligation" as leaders to prevent an escalation into war, and called the reported troop withdrawal "a good sign."

In Washington, President Joe Biden said the United States had not verified the Russian claim. "Our analysts indicate that they remain very much in a threatening position," Biden said in a televised address, adding that an invasion "remains distinctly possible." He said Russia now had more than 150,000 troops near Ukraine's borders.

NATO Secretary-General Jens Stoltenberg said there were signs from Moscow that diplomacy should continue, which gave grounds for "cautious optimism," but that the alliance had not yet seen any de-escalation on the ground.

Ukrainian Foreign Minister Dmytro Kuleba said Kyiv would believe in a de-escalation "when we see a withdrawal."

Also on Tuesday, the websites of Ukraine's defense ministry and armed forces and of two of the country's largest state banks, PrivatBank and Oschadbank, were hit by cyberattacks that knocked some services offline. Ukrainian officials suggested Russia was behind the attacks; Moscow denied any involvement.

The lower house of Russia's parliament voted the same day to ask Putin to recognize the independence of two separatist regions in eastern Ukraine, a move that Western officials warned would breach the Minsk peace agreements and could trigger sanctions."""

U8 = """KYIV, Ukraine — Ukraine's parliament approved a nationwide state of emergency on Wednesday and the government urged its citizens to leave Russia immediately, as Western officials warned that Russian forces massed along the border were ready to attack at any moment.

The state of emergency, proposed by Oleksiy Danilov, the secretary of the National Security and Defense Council, will last 30 days and allows the authorities to impose curfews, restrict movement and check documents. It does not apply to the parts of the Donetsk and Luhansk regions where government forces have been fighting Moscow-backed separatists since 2014.

"We are talking about preventive measures so that the situation is calm in the country," Danilov told lawmakers. Ukraine also began calling up reservists aged 18 to 60.

Several Ukrainian government and bank websites went offline on Wednesday afternoon in a new wave of cyberattacks. Researchers at a cybersecurity company said they had found destructive software designed to erase data on hundreds of computers in the country.

The European Union formally adopted sanctions against 351 members of Russia's lower house of parliament and 27 other individuals and entities, and restricted Moscow's access to EU capital markets. The United States imposed sanctions on the company building the Nord Stream 2 pipeline and its chief executive.

A senior U.S. defense official said about 80% of the Russian forces that had been assembled near Ukraine were now in forward positions, ready to move.

Late on Wednesday, President Volodymyr Zelenskyy recorded an emotional address in Russian, appealing directly to Russian citizens. He said he had tried to call Vladimir Putin but that the Kremlin had not responded. "The people of Ukraine want peace," he said. "But if we come under attack, we will defend ourselves."

The Kremlin said the separatist leaders in Donetsk and Luhansk had asked Russia for military help to repel what they called Ukrainian aggression."""

C4 = """LONDON — The British official who presided over the Glasgow climate talks said on Sunday that China and India would have to explain to the world's most vulnerable countries why they had insisted on weakening a commitment on coal in the final hours of the summit.

"China and India will have to justify to climate-vulnerable countries what they did," Alok Sharma, the COP26 president, said in a television interview. He said he had been disappointed by the change but that blocking the agreement would have meant losing everything else in the deal, including new rules for carbon markets.

The Glasgow Climate Pact, approved late on Saturday by almost 200 countries, calls for a "phase-down" of unabated coal power instead of a "phase-out," after an intervention by India in the closing plenary session. Indian officials said the criticism was unfair because rich countries had built their wealth on fossil fuels.

"We are not against coal per se, but we are trying to make it cleaner," an Indian negotiator said on condition of anonymity.

U.S. climate envoy John Kerry said he had been part of the discussions on the new wording and that he would rather have kept "phase out," but that "phase down" was better than no mention of coal at all. The United States and China had announced a joint declaration on climate cooperation earlier in the week.

Environmental groups were divided. Some said the first mention of fossil fuels in a U.N. climate decision was a historic shift; others said the pact left the world on course for well over 2 degrees Celsius of warming.

Countries will be expected to present stronger emission targets before the next summit in Egypt in 2022."""

G2 = """WASHINGTON (Harbor Daily) - President Joe Biden said on Friday that the United States would lead international efforts to rebuild Gaza after the 11-day war between Israel and Hamas, but that the aid would be channelled through the Palestinian Authority and not through Hamas, which Washington considers a terrorist group.

Speaking at a news conference with South Korean President Moon Jae-in at the White House, Biden said a two-state solution remained the only answer to the conflict. "We still need a two-state solution. It is the only answer," he said.

He rejected suggestions that his support for Israel had weakened. "There is no shift in my commitment to the security of Israel. Period," Biden said, adding that until the region acknowledged Israel's right to exist, "there will be no peace."

The cease-fire, brokered by Egypt with U.S. involvement, took effect at 2 a.m. on Friday and held through the day. Biden said he had been in contact with Egyptian President Abdel Fattah el-Sisi and Palestinian President Mahmoud Abbas during the fighting.

According to Gaza's Health Ministry, 232 Palestinians were killed during the 11 days of fighting. Israeli officials said 12 people were killed in Israel by rocket fire.

Secretary of State Antony Blinken was expected to travel to the region in the coming days to meet Israeli, Palestinian and regional leaders, a State Department official said.

Some progressive Democrats in Congress had pressed Biden to take a tougher line on Israel during the fighting, a sign of shifting views within his party."""

J2 = """VIENNA — Iran and six world powers agreed on Tuesday to set up working groups on sanctions and nuclear issues as talks on reviving the 2015 agreement entered their second day, while Israel urged the West not to give in to what it called Iranian blackmail.

Iran's chief negotiator, Ali Bagheri Kani, said the talks would begin with the question of lifting sanctions, which Tehran considers the priority. "The other side must accept that the sanctions have to be lifted first," he told state media.

Russian envoy Mikhail Ulyanov wrote on Twitter that the participants had agreed on the agenda for the following days and that expert groups would meet on Wednesday.

In London, Israeli Foreign Minister Yair Lapid said Iran was not negotiating in good faith. "Iran is not coming to Vienna to stop its nuclear program, it is coming to get sanctions relief," he said after meeting British officials. Prime Minister Naftali Bennett said earlier that Israel would keep its freedom of action regardless of the outcome of the talks.

A senior Western diplomat said Iran had not yet presented written proposals and that the next few days would show whether it was ready to build on the draft agreed before the talks were suspended in June.

The Biden administration has said it is ready to return to the deal, which Washington left in 2018, if Iran resumes full compliance. The U.S. special envoy for Iran, Robert Malley, is following the negotiations from a separate hotel because Iran refuses to meet U.S. officials directly."""

SITES = {
    "Eastbridge Times": ("www.eastbridgetimes.example", "Eastbridge Times &copy; {y}. Reproduction prohibited."),
    "The Lakeside Gazette": ("www.lakesidegazette.example", "&copy; {y} The Lakeside Gazette. All rights reserved."),
    "Harbor Daily": ("www.harbordaily.example", "&copy; {y} Harbor Daily Media Group. All rights reserved."),
}


def page(site: str, title: str, published: str, path: str, body: str, captions: list[str],
         author: str | None = None) -> tuple[str, bytes]:
    """Wrap an article in an outlet-styled page; captions go first, middle and last."""
    domain, foot = SITES[site]
    url = f"https://{domain}{path}"
    paras = [f"<p>{html.escape(p.strip(), quote=False)}</p>" for p in body.strip().split("\n\n")]
    figs = [f'<figure><img src="/img/{zlib.crc32(c.encode()) % 99999}.jpg" alt=""><figcaption>'
            f"{html.escape(c, quote=False)}</figcaption></figure>" for c in captions]
    if figs:
        paras.insert(0, figs[0])
    if len(figs) > 1:
        paras.insert(len(paras) // 2, figs[1])
    for extra in figs[2:]:
        paras.append(extra)
    paras.insert(len(paras) // 2 + 1, '<div class="ad"><span>Advertisement</span></div>')
    author_meta = f'<meta name="author" content="{author}">\n' if author else ""
    byline = f'<p class="byline">By {author}</p>\n' if author else ""
    doc = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} | {site}</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="{site}">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{published}">
{author_meta}</head>
<body>
<div id="cookie-consent">This site uses cookies. <a href="/cookies">Cookie settings</a> <button>Accept</button></div>
<header><a href="/" class="logo">{site}</a>
<nav><a href="/world">World</a> <a href="/nation">Nation</a> <a href="/business">Business</a> <a href="/sports">Sports</a></nav>
<a href="/login">Log In</a> <a href="/subscribe">Subscribe</a></header>
<main><article>
<h1>{html.escape(title)}</h1>
{byline}{chr(10).join(paras)}
<div class="share">Share this article</div>
</article>
<aside><h3>Trending</h3><ul><li><a href="/a">Local schools announce snow day plans</a></li><li><a href="/b">Opinion: Fix the roads first</a></li></ul></aside>
</main>
<footer><p>{foot.format(y=published[:4])}</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body>
</html>
"""
    return url, doc.encode("utf-8")


NOT_FOUND = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found | The Lakeside Gazette</title>
<meta property="og:site_name" content="The Lakeside Gazette"></head>
<body><header><a href="/">The Lakeside Gazette</a> <a href="/login">Log In</a> <a href="/subscribe">Subscribe</a></header>
<main><h1>Sorry, we can't find that page.</h1><p>The page you requested may have been moved or deleted.
Try searching our archive or return to the home page.</p></main>
<footer>&copy; 2023 The Lakeside Gazette. All rights reserved.</footer></body></html>
"""

# The smallest valid PNG: a 1x1 transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


def articles() -> list[tuple[str, bytes]]:
    return [
        page("Eastbridge Times", "Ukraine declares state of emergency as Russian forces move into position",
             "2022-02-23T21:30:00+00:00", "/world/ukraine-state-of-emergency", U8,
             ["Ukrainian lawmakers vote in the Verkhovna Rada in Kyiv, Ukraine, Wednesday, Feb. 23, 2022. (AP Photo/Efrem Lukatsky)",
              "FILE - Ukrainian soldiers rest near the front line outside Donetsk, eastern Ukraine, on Jan. 19, 2015. (Getty Images)"],
             author="Felix Aldana"),
        page("The Lakeside Gazette", "Russia says some troops are leaving Ukraine border; West is skeptical",
             "2022-02-15T13:58:00-06:00", "/nation-world/2022/02/15/russia-troops-pullback-claim", WIRE_FEB15,
             ["Russian President Vladimir Putin, right, and German Chancellor Olaf Scholz meet in the Kremlin in Moscow, Tuesday, Feb. 15, 2022. (AP Photo)",
              "A Ukrainian soldier looks through binoculars at a position on the front line in the Luhansk region, Tuesday, Feb. 15, 2022. (AP Photo/Vadim Ghirda)"]),
        page("The Lakeside Gazette", "Glasgow summit chief says China and India must explain coal retreat",
             "2021-11-14T11:05:00-06:00", "/nation-world/2021/11/14/cop26-sharma-china-india-coal", C4,
             ["Delegates listen during the closing plenary of the COP26 summit in Glasgow, Scotland, Nov. 13, 2021. (AP Photo/Alberto Pezzali)"],
             author="Jenna Holt"),
        page("Harbor Daily", "Biden pledges to lead Gaza rebuilding, says two-state solution 'only answer'",
             "2021-05-21T20:40:00+00:00", "/world/biden-gaza-rebuild-two-state", G2,
             ["President Joe Biden speaks during a news conference with South Korean President Moon Jae-in in the East Room of the White House, Friday, May 21, 2021. (AP Photo/Alex Brandon)"],
             author="Marcus Bell"),
        page("The Lakeside Gazette", "Iran nuclear talks set up working groups; Israel urges tough line",
             "2021-11-30T16:45:00-06:00", "/nation-world/2021/11/30/iran-talks-working-groups", J2,
             ["FILE - The Palais Coburg, where closed-door nuclear talks take place, in Vienna, Austria, on April 6, 2021. (AP Photo/Florian Schroetter, File)"]),
    ]


def fixed_headers(url: str, kind: str) -> dict[str, str]:
    """Date and record id derived from the URL, so a rebuild gives the same bytes."""
    rid = uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}:{url}")
    return {"WARC-Date": CRAWL_DATE, "WARC-Record-ID": f"<urn:uuid:{rid}>"}


def http_response(writer: WARCWriter, url: str, payload: bytes, content_type: str, status: str = "200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type),
                                        ("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=BytesIO(payload), http_headers=headers,
                                     warc_headers_dict=fixed_headers(url, "response"))


def main() -> None:
    pages = articles()
    with OUT.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        info = writer.create_warcinfo_record(
            "30_crawl.warc.gz", {"software": "wirewatch examples/make_warc.py", "format": "WARC File Format 1.1"})
        for name, value in fixed_headers("30_crawl.warc.gz", "warcinfo").items():
            info.rec_headers.replace_header(name, value)
        writer.write_record(info)
        first_url = pages[0][0]
        req_headers = StatusAndHeaders(f"GET {first_url.split('.example', 1)[1]} HTTP/1.1",
                                       [("Host", "www.eastbridgetimes.example"), ("User-Agent", "wirewatch-sample/0.1")],
                                       is_http_request=True)
        writer.write_record(writer.create_warc_record(first_url, "request", http_headers=req_headers,
                                                      warc_headers_dict=fixed_headers(first_url, "request")))
        writer.write_record(http_response(writer, *pages[0], "text/html; charset=utf-8"))
        writer.write_record(http_response(writer, "https://www.eastbridgetimes.example/img/logo.png", PNG, "image/png"))
        writer.write_record(http_response(writer, *pages[1], "text/html; charset=UTF-8"))
        most_read = json.dumps({"most_read": [{"title": "Local schools announce snow day plans", "url": "/a"}]}).encode()
        writer.write_record(http_response(writer, "https://www.lakesidegazette.example/api/most-read.json", most_read,
                                          "application/json"))
        writer.write_record(http_response(writer, *pages[2], "text/html"))
        writer.write_record(http_response(writer, *pages[3], "text/html; charset=utf-8"))
        writer.write_record(http_response(writer, "https://www.lakesidegazette.example/nation-world/2021/11/30/old-link",
                                          NOT_FOUND, "text/html; charset=utf-8", status="404 Not Found"))
        writer.write_record(http_response(writer, *pages[4], "text/html; charset=utf-8"))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
