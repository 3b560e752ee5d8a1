"""Build the record-shaped inputs of the sample corpus.

Why a script: ``29_ccnews.jsonl.gz`` is compressed, and the JSONL files hold long escaped strings
that are hard to review, so the article texts live here as plain strings (written by us,
describing real public events). Rebuild with ``python examples/make_records.py``.

* ``27_records.jsonl``      our own record shape ``{id, title, text, published, publisher, url}``,
                             with deliberately mixed date formats, one record whose text is HTML
                             with entities, one record without a publisher.
* ``28_feed_broken.jsonl``  one good record, one truncated (malformed) line, one line that is a
                             JSON list, one record without any text.
* ``29_ccnews.jsonl.gz``    news-please / CC-News field names (``maintext``, ``date_publish``,
                             ``source_domain``, ``authors``, ``language``), one wire copy whose
                             maintext starts with a photo caption.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"

U5 = """MUNICH — Ukrainian President Volodymyr Zelenskyy told Western leaders on Saturday that their policy of appeasing Moscow had failed and demanded a clear timetable for Ukraine's membership in NATO, as shelling intensified along the front line in the east and Russia held large-scale drills of its nuclear forces.

"We will defend our land with or without the support of partners," Zelenskyy said in a speech at the Munich Security Conference. He noted that Ukraine had given up the world's third-largest nuclear arsenal in 1994 in return for security assurances. "We don't have that weapon. We also have no security," he said.

U.S. Vice President Kamala Harris, who met Zelenskyy on the sidelines of the conference, warned that Washington and its allies would impose "swift, severe and united" economic costs if Russia invaded. Zelenskyy's decision to leave Ukraine during the crisis had been questioned by some U.S. officials, who feared it could be a risky moment to be away from Kyiv.

In Moscow, President Vladimir Putin and his Belarusian counterpart, Alexander Lukashenko, watched from a Kremlin situation room as Russia test-fired hypersonic and cruise missiles in exercises of its strategic forces.

In the separatist-held city of Donetsk, rebel leader Denis Pushilin announced a general mobilization of men of fighting age, a day after the separatists began evacuating women and children to Russia, saying that Ukrainian forces were preparing an offensive. Ukrainian officials denied any such plan and said two Ukrainian soldiers had been killed by shelling on Saturday.

German Chancellor Olaf Scholz told the conference that a Russian invasion would be "a serious mistake." NATO Secretary-General Jens Stoltenberg said that all signs pointed to Russia planning "a full-fledged attack on Ukraine."

A senior U.S. official said Russia now had up to 190,000 personnel in and near Ukraine, including the separatist forces and the Russian national guard."""

U5b = """DONETSK, Ukraine — The leaders of Moscow-backed separatist regions in eastern Ukraine ordered the evacuation of civilians to Russia on Friday, citing the threat of a Ukrainian offensive that Kyiv said it had no intention of launching, as a car bomb exploded outside the rebel government headquarters in Donetsk.

Denis Pushilin, the head of the self-proclaimed Donetsk People's Republic, said in a video statement that women, children and elderly people would be taken to Russia's Rostov region first. Leonid Pasechnik, his counterpart in Luhansk, issued a similar order. Metadata on the videos suggested they had been recorded two days earlier, according to researchers who examined the files.

Ukrainian Foreign Minister Dmytro Kuleba said Ukraine was not planning any military operations in the Donbas. "Ukraine does not conduct and does not plan any such actions," he wrote on Twitter, calling the separatist claims "Russian disinformation."

No one was hurt in the car bombing, separatist officials said. Ukrainian intelligence described the blast as a staged provocation.

In Moscow, President Vladimir Putin ordered the government to pay 10,000 rubles, about $130, to each evacuee arriving from the Donbas, according to the Kremlin.

In Washington, President Joe Biden said he was "convinced" Putin had decided to invade Ukraine within the coming days and that the attack would target Kyiv. "As of this moment, I am convinced he has made the decision," Biden said, adding that the United States had reason to believe this based on intelligence. He said diplomacy was still possible, and that Secretary of State Antony Blinken would meet Russian Foreign Minister Sergey Lavrov next week if Russia did not invade before then.

Ceasefire monitors from the OSCE recorded about 1,500 ceasefire violations on Friday, one of the highest daily figures since 2015."""

T4 = """KAHRAMANMARAS, Turkey — President Recep Tayyip Erdogan visited the epicentre of Monday's earthquake on Wednesday and acknowledged that the government's response had fallen short in places, as the number of people killed in Turkey and Syria rose above 11,000.

"Of course, there are shortcomings. The conditions are clear to see," Erdogan said in Kahramanmaras, where entire city blocks collapsed. "It is not possible to be ready for a disaster like this." He promised that no citizen would be "left on the street" and said the state would pay 10,000 Turkish lira, about $530, to each affected family.

Turkey's disaster management agency put the country's death toll at 8,574, while Syrian authorities and rescuers reported at least 2,662 dead, bringing the total to more than 11,200.

Opposition leader Kemal Kilicdaroglu accused the government of failing to prepare the country for a major quake despite decades of warnings. "If there is one person responsible for this, it is Erdogan," he said in a video message.

Access to Twitter was restricted in Turkey for several hours on Wednesday, according to the internet monitoring group NetBlocks, as survivors used social media to ask for help. Officials said the platform was being used to spread disinformation.

In northwest Syria, the first U.N. aid convoy since the quake had still not crossed the border, a U.N. spokesperson said, because the road leading to the Bab al-Hawa crossing was damaged.

Rescuers continued to pull people alive from the rubble more than 50 hours after the first tremor. A girl was rescued in Hatay province after being trapped for 52 hours, state broadcaster TRT reported."""

M3 = """MARRAKECH, Morocco — Foreign rescue teams joined Moroccan soldiers in remote mountain villages on Monday as the death toll from Friday night's earthquake rose to 2,862, with hopes fading of finding more survivors under the rubble.

The Interior Ministry said 2,562 people had been injured. Search teams from Spain and Britain, two of the four countries whose help Morocco has accepted, were working in Al Haouz province alongside the army and civil protection units.

Morocco's government rejected criticism that it had been slow to accept foreign aid. A government spokesman, Mustapha Baitas, told reporters that the authorities were acting "with the necessary speed" and that coordination was essential to avoid chaos on narrow mountain roads.

Helicopters dropped food and tents to villages cut off by rockslides. In Tinmel, the 12th-century mosque, one of the country's most important historical monuments, was badly damaged, the Culture Ministry said.

"We are sleeping outside because the houses that are still standing have cracks everywhere," said Youssef Oubella, a farmer in the village of Asni. He said his family had received blankets but was short of water.

The World Health Organization estimated that more than 300,000 people had been affected by the earthquake in Marrakech and the surrounding mountains.

The magnitude 6.8 earthquake was the deadliest in Morocco since 1960."""

C3 = """GLASGOW, Scotland — The U.N. climate summit in Glasgow ended on Saturday night with the adoption of the Glasgow Climate Pact, a deal that for the first time calls on countries to reduce their use of coal but that falls short of what scientists say is needed to limit warming to 1.5 degrees Celsius.

Here are the main points of the agreement, approved by representatives of 197 parties after 14 days of talks:

Countries are asked to "revisit and strengthen" their 2030 emissions targets by the end of 2022. Under current plans, global emissions would rise by about 14% by 2030 compared with 2010, according to a U.N. analysis, instead of falling by 45% as needed to keep 1.5 degrees within reach.

The text calls for efforts to "phase down" unabated coal power and to phase out "inefficient" fossil fuel subsidies. The wording was changed from "phase out" at the request of India, supported by China.

Developed countries are urged to at least double funding for adaptation to climate impacts by 2025, compared with 2019. The pact notes "with deep regret" that rich nations missed their goal of providing $100 billion a year in climate finance by 2020.

Negotiators finalized rules for international carbon markets under Article 6 of the Paris Agreement, resolving a dispute that had blocked progress since 2015.

COP26 President Alok Sharma said the deal kept the 1.5 degree target alive, "but its pulse is weak." European Commission Executive Vice President Frans Timmermans urged delegates to accept the compromise. "For heaven's sake, don't kill this moment," he said.

Activist Greta Thunberg summarized the result on Twitter as "Blah, blah, blah," saying the real work continued outside the conference halls."""

G3 = """CAIRO — Egyptian mediators shuttled between Israel and Gaza on Friday to shore up the cease-fire that ended 11 days of fighting between Israel and Hamas, as both sides claimed victory and the scale of destruction in the Palestinian territory became clear.

Two Egyptian security delegations arrived in Tel Aviv and Gaza to monitor the truce, an Egyptian official said, speaking on condition of anonymity because he was not authorized to brief reporters. He said the talks would now turn to a longer-term arrangement, including reconstruction and a possible prisoner exchange.

Egyptian President Abdel Fattah el-Sisi had earlier pledged $500 million for rebuilding Gaza, and Egyptian companies would take part in the work, the presidency said.

Israeli Prime Minister Benjamin Netanyahu said in a televised statement that the military campaign had been an "exceptional success" and had changed the equation with Hamas. He faced criticism from right-wing rivals, who said the cease-fire had come too soon.

Hamas official Osama Hamdan said the group had agreed to the truce after receiving guarantees from mediators regarding Jerusalem, a claim Israeli officials denied. "There were no guarantees," a senior Israeli official said.

In Gaza, the Health Ministry said 248 people, including 66 children, had been killed during the fighting, a higher count than it had given on Thursday. Israel said many of those killed were militants. The figures could not be independently verified.

The fighting began on May 10, when Hamas fired rockets toward Jerusalem after weeks of tension over police raids at the Al-Aqsa Mosque compound and the threatened eviction of Palestinian families in the Sheikh Jarrah neighborhood."""

J3 = """VIENNA — Talks on reviving the Iran nuclear deal broke off on Friday after five days, with European negotiators saying that Tehran had walked back compromises reached in earlier rounds and the United States questioning whether Iran was serious about returning to the agreement.

Senior diplomats from Britain, France and Germany said they were "disappointed and concerned" by the new Iranian proposals, which they said would undo much of the progress made between April and June. "Tehran is walking back almost all of the difficult compromises," the diplomats said in a statement.

Secretary of State Antony Blinken said Iran's recent moves did not suggest that it was serious about a return to compliance. Speaking in Stockholm on Thursday, Blinken said the United States would not accept a situation in which Iran used the talks to advance its nuclear program.

Iran's chief negotiator, Ali Bagheri Kani, said Tehran had submitted two draft texts, one on sanctions relief and one on its nuclear commitments, and that the delegations would return to their capitals for consultations. "We have put forward our proposals; now the other side must review them and respond," he told Iranian state television.

The EU coordinator, Enrique Mora, said the talks would resume in the middle of next week. A Chinese diplomat said the positions of the parties were "not that far apart," though several Western officials disagreed.

The International Atomic Energy Agency said this week that Iran had begun enriching uranium to 20% purity with advanced centrifuges at its underground Fordo site, a step Western officials called deeply troubling."""

U7 = """BERLIN — Germany halted the approval of the Nord Stream 2 gas pipeline from Russia on Tuesday, and the United States, Britain and the European Union announced sanctions against Russian banks and officials, in the West's first coordinated response to Moscow's recognition of two separatist regions in eastern Ukraine.

Chancellor Olaf Scholz said the situation had "fundamentally changed" after President Vladimir Putin's decision on Monday, and that he had asked the economy ministry to withdraw a report needed for the certification of the $11 billion pipeline. Without it, the pipeline cannot begin operating.

Dmitry Medvedev, the deputy chairman of Russia's Security Council, responded on Twitter: "Welcome to the brave new world where Europeans are very soon going to pay €2,000 for 1,000 cubic meters of natural gas!"

In Washington, President Joe Biden called Russia's actions "the beginning of a Russian invasion of Ukraine" and announced what he called a first tranche of sanctions, targeting the state-owned development bank VEB, the military bank Promsvyazbank and Russia's sovereign debt. "Russia has now undeniably moved against Ukraine by declaring these independent states," Biden said.

British Prime Minister Boris Johnson announced sanctions against five Russian banks and three wealthy individuals, Gennady Timchenko and Boris and Igor Rotenberg, and warned that London was prepared to go further. EU foreign ministers agreed unanimously on an initial package that targets members of Russia's lower house who voted for the recognition.

Earlier on Tuesday, the upper house of Russia's parliament unanimously authorized Putin to use military force outside the country. Putin told reporters that Russia recognized the separatist regions within the borders they had claimed in 2014, which include large areas still under Ukrainian government control.

Ukrainian Foreign Minister Dmytro Kuleba, speaking in Washington, said the sanctions were a good first step and urged the West to "hit the Russian economy now" before a wider attack."""

B4 = """BEIRUT — Lebanese Prime Minister Hassan Diab announced the resignation of his government on Monday, six days after the massive explosion at Beirut's port, saying that the country's endemic corruption was to blame for a disaster that has killed at least 160 people.

"I declare today the resignation of this government," Diab said in a televised address, adding that the explosion was "the result of endemic corruption." He said that "the corruption network is bigger than the state," and accused political opponents of using the tragedy to score points.

The resignation came after several ministers quit over the weekend, including Information Minister Manal Abdel Samad and Justice Minister Marie-Claude Najm, and as thousands of protesters clashed with security forces in central Beirut for a third day, demanding that the entire political class step down.

President Michel Aoun accepted the resignation and asked the cabinet to stay on in a caretaker role until a new government is formed, a process that has taken months in the past because of Lebanon's power-sharing system.

Diab's government took office in January with the backing of Hezbollah and its allies, promising reforms to unlock international aid. Talks with the International Monetary Fund stalled soon after.

Health officials said about 6,000 people had been injured in the explosion of 2,750 tonnes of ammonium nitrate that had been stored at the port since 2014. Dozens of people were still missing.

At a donor conference co-hosted by France and the United Nations on Sunday, world leaders pledged about 250 million euros in emergency aid and said it would be delivered directly to the Lebanese people."""

I3 = """TEHRAN, Iran — Iran delivered its response to the European Union's proposed final text for reviving the 2015 nuclear deal late on Monday, calling for changes in three areas and saying that an agreement could be reached if the United States showed "realism and flexibility."

The official IRNA news agency said the issues concerned sanctions relief, guarantees that Washington would not abandon the deal again, and the International Atomic Energy Agency's outstanding questions about traces of uranium at undeclared sites. It did not provide details.

Iran's Foreign Minister Hossein Amir-Abdollahian said earlier on Monday that Tehran had told the EU it wanted its "three remaining issues" addressed. "If the American side's response is realistic and flexible, an agreement will be reached," he said.

The EU's foreign policy spokesperson, Nabila Massrali, confirmed that the bloc had received Iran's reply and was studying it in consultation with the other parties and the United States.

The State Department said it would share its own views with the EU. A spokesman, Ned Price, said that what could be negotiated had been negotiated and that Washington would not reopen the text.

A senior Israeli official said Israel was lobbying against the agreement, arguing that it would give Iran billions of dollars in sanctions relief without permanently blocking its path to a nuclear weapon.

The negotiations, which have been going on for 16 months in Vienna, were paused in March and resumed in early August."""

WIRE_BALI = """NUSA DUA, Indonesia (Tidewater) — President Joe Biden and Chinese leader Xi Jinping met for more than three hours on Monday on the sidelines of the Group of 20 summit in Bali, their first in-person meeting since Biden took office, and agreed to resume cooperation on issues including climate change after months of rising tension.

The two leaders shook hands in front of their national flags at a luxury hotel before sitting down with their delegations. "I'm not looking for conflict," Biden said afterward at a news conference. "I absolutely believe there need not be a new Cold War."

Xi told Biden that the Taiwan question was "at the very core of China's core interests" and "the first red line that must not be crossed in China-U.S. relations," according to a readout released by the Chinese Foreign Ministry. Biden said he did not believe there was any imminent attempt by China to invade the self-ruled island, which Beijing claims as its territory.

The White House said the two leaders reiterated that a nuclear war should never be fought and can never be won, and underscored their opposition to the use or threat of use of nuclear weapons in Ukraine.

Biden said Secretary of State Antony Blinken would travel to China for follow-up talks. Senior officials from both sides would also restart working-level discussions on climate, debt relief and food security, a U.S. official said.

Relations between Washington and Beijing sank to their lowest point in decades in August, when House Speaker Nancy Pelosi visited Taiwan and China responded with large military drills around the island and suspended talks on climate and other issues.

Analysts said the meeting was unlikely to resolve deep disputes over trade, technology and human rights, but could put a floor under the relationship. "Both sides needed to show they can still talk," said a former U.S. diplomat who has worked on China policy.

The G20 summit opens on Tuesday, with Russia's war in Ukraine expected to dominate the agenda. Russian President Vladimir Putin is not attending and has sent Foreign Minister Sergey Lavrov instead."""


def html_mess(text: str) -> str:
    """The text as a CMS export would give it: <p> tags and HTML entities left in."""
    paras = text.split("\n\n")
    return "".join(
        "<p>" + p.replace('"', "&quot;").replace("\u2014", "&mdash;") + "</p>" for p in paras
    )


def ours() -> list[dict]:
    return [
        dict(id="mp-2022-02-19-munich",
             title="Zelenskyy tells Munich conference appeasement has failed as Russia stages nuclear drills",
             text=U5, published="2022-02-19T17:40:00Z", publisher="The Meridian Post",
             url="https://www.meridianpost.example/world/2022/02/19/zelenskyy-munich-security-conference"),
        dict(id="et-2023-02-08-erdogan",
             title="Erdogan admits 'shortcomings' as quake toll passes 11,000",
             text=T4, published="2023-02-08", publisher="Eastbridge Times",
             url="https://www.eastbridgetimes.example/world/erdogan-kahramanmaras-shortcomings"),
        dict(id="nw-2023-09-11-morocco",
             title="Foreign rescuers join search as Morocco quake toll nears 2,900",
             text=M3, published="Mon, 11 Sep 2023 19:02:00 GMT", publisher="Northwind Radio",
             url="https://northwindradio.example/news/world/2023/09/11/morocco-earthquake-rescuers"),
        dict(id="mp-2021-11-13-cop26-explainer", title="What's in the Glasgow Climate Pact",
             text=html_mess(C3), published="2021-11-13T23:59:00-05:00", publisher="The Meridian Post",
             url="https://www.meridianpost.example/climate/2021/11/13/glasgow-climate-pact-explained"),
        dict(id="nw-2021-05-21-egypt-mediators",
             title="Egyptian mediators work to firm up Gaza truce as both sides claim victory",
             text=G3, published="2021-05-21T16:30:00Z", publisher=None,
             url="https://northwindradio.example/news/world/2021/05/21/egypt-mediators-gaza-truce"),
        dict(id="mp-2021-12-03-vienna-pause",
             title="Iran nuclear talks break off as Europeans accuse Tehran of backtracking",
             text=J3, published="2021-12-03T19:10:00Z", publisher="The Meridian Post",
             url="https://www.meridianpost.example/world/2021/12/03/iran-nuclear-talks-pause"),
    ]


def broken_lines() -> list[str]:
    good = dict(id="nw-2022-02-18-evacuation",
                title="Separatists order evacuation to Russia; Biden 'convinced' Putin has decided to invade",
                text=U5b, published="2022-02-18T22:15:00Z", publisher="Northwind Radio",
                url="https://northwindradio.example/news/world/2022/02/18/donbas-evacuation-biden-convinced")
    no_text = dict(id="nw-2022-02-20-video", title="Watch: Scenes from the front line in Luhansk",
                   published="2022-02-20T10:00:00Z", publisher="Northwind Radio",
                   url="https://northwindradio.example/video/2022/02/20/luhansk-front-line")
    return [
        json.dumps(good, ensure_ascii=False),
        # truncated mid-string, as a feed dump cut off by a full disk would leave it
        '{"id": "nw-2022-02-19-mobilization", "title": "Separatists declare general mobilization", '
        '"text": "DONETSK, Ukraine \\u2014 The separatist lead',
        '["not", "a", "record", 2022]',
        json.dumps(no_text),
    ]


def cc(title: str, text: str, date: str, domain: str, url: str, authors: list[str],
       desc: str | None) -> dict:
    """One record with news-please / CC-News field names."""
    return {"authors": authors, "date_download": "2023-10-02 03:11:54", "date_modify": None,
            "date_publish": date, "description": desc, "filename": url.split("/")[-1] + ".json",
            "image_url": None, "language": "en", "localpath": None, "maintext": text,
            "source_domain": domain, "text": None, "title": title, "title_page": None,
            "title_rss": None, "url": url}


def ccnews() -> list[dict]:
    bali_copy = ("President Joe Biden and Chinese President Xi Jinping meet on the sidelines of the G20 "
                 "summit in Nusa Dua, Bali, Indonesia, Monday, Nov. 14, 2022. (AP Photo/Alex Brandon)\n"
                 + WIRE_BALI)
    return [
        cc("Germany halts Nord Stream 2 as West unveils first sanctions over Ukraine", U7,
           "2022-02-22 19:03:00", "www.lakesidegazette.example",
           "https://www.lakesidegazette.example/nation-world/2022/02/22/nord-stream-2-halted-sanctions",
           ["Tom Ridley"], "Germany freezes pipeline approval; U.S., U.K. and EU target banks."),
        cc("Lebanon's government resigns after Beirut blast", B4, "2020-08-10 17:45:00",
           "www.meridianpost.example",
           "https://www.meridianpost.example/world/2020/08/10/lebanon-government-resigns",
           ["Nadia Farouk", "Staff"], "Prime Minister Hassan Diab blames corruption."),
        cc("Iran sends response to EU's final nuclear text, seeks changes on three issues", I3,
           "2022-08-16 07:20:00", "northwindradio.example",
           "https://northwindradio.example/news/world/2022/08/16/iran-response-eu-text", [], None),
        cc("Biden, Xi agree to restart climate talks after three-hour meeting in Bali", bali_copy,
           "2022-11-14 14:02:00", "www.eastbridgetimes.example",
           "https://www.eastbridgetimes.example/world/biden-xi-bali-meeting", ["Tidewater Wire"],
           "The leaders met for the first time in person since Biden took office."),
    ]


def main() -> None:
    with open(CORPUS / "27_records.jsonl", "w", encoding="utf-8") as f:
        for rec in ours():
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open(CORPUS / "28_feed_broken.jsonl", "w", encoding="utf-8") as f:
        f.write("\n".join(broken_lines()) + "\n")
    buf = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ccnews()).encode("utf-8")
    with open(CORPUS / "29_ccnews.jsonl.gz", "wb") as raw:
        with gzip.GzipFile(filename="ccnews.jsonl", mode="wb", fileobj=raw, mtime=0) as g:
            g.write(buf)
    print("wrote 27_records.jsonl, 28_feed_broken.jsonl, 29_ccnews.jsonl.gz")


if __name__ == "__main__":
    main()
