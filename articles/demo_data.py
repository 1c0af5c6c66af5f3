"""Demo articles for Cooperation Tracker, written for this project (never copied from anywhere).

They imitate the style of the sample articles: short sections ("Why it matters:", "What
they're saying:"), quotes attributed to officials in the catalogue, facts consistent with the
catalogue. The stories are invented for demonstration: the quotes are illustrative, not real
statements, and the URLs live under `.example` hosts so nobody mistakes them for real pages.

Dates are offsets in days before the day `load_demo` runs, so the demo always covers the last
two years. Each article:
- key: stable id (part of the URL); source: a SOURCES slug; days_ago; language; title; byline;
- paragraphs: the body, joined with blank lines;
- quotes: (person slug, name as written, quoted text); the text must occur in the body;
- links: (initiative slug, state, score) with state confirmed / suggested / rejected;
- people / places / organizations: catalogue slugs mentioned (speakers are added anyway);
- cluster: articles sharing a cluster name are one story from several outlets;
- status_change: (initiative slug, new status, note), applied with the article as evidence;
- milestone: (initiative slug, title, description), with the article as evidence.
"""

from __future__ import annotations

from typing import Any

SOURCES: list[dict[str, Any]] = [
    {
        "slug": "irna-en",
        "name": "IRNA (English)",
        "homepage": "https://en.irna.ir/",
        "domain": "en.irna.ir",
        "language": "en",
        "country": "IR",
        "demo_host": "demo.irna.example",
    },
    {
        "slug": "irna-fa",
        "name": "ایرنا",
        "homepage": "https://www.irna.ir/",
        "domain": "irna.ir",
        "language": "fa",
        "country": "IR",
        "demo_host": "demo.irna.example",
    },
    {
        "slug": "tehran-times",
        "name": "Tehran Times",
        "homepage": "https://www.tehrantimes.com/",
        "domain": "tehrantimes.com",
        "language": "en",
        "country": "IR",
        "demo_host": "demo.tehrantimes.example",
    },
    {
        "slug": "press-tv",
        "name": "Press TV",
        "homepage": "https://www.presstv.ir/",
        "domain": "presstv.ir",
        "language": "en",
        "country": "IR",
        "demo_host": "demo.presstv.example",
    },
    {
        "slug": "mehr-en",
        "name": "Mehr News Agency",
        "homepage": "https://en.mehrnews.com/",
        "domain": "en.mehrnews.com",
        "language": "en",
        "country": "IR",
        "demo_host": "demo.mehrnews.example",
    },
    {
        "slug": "tasnim-fa",
        "name": "خبرگزاری تسنیم",
        "homepage": "https://www.tasnimnews.com/",
        "domain": "tasnimnews.com",
        "language": "fa",
        "country": "IR",
        "demo_host": "demo.tasnimnews.example",
    },
    {
        "slug": "shafaq-en",
        "name": "Shafaq News",
        "homepage": "https://shafaq.com/en",
        "domain": "shafaq.com",
        "language": "en",
        "country": "IQ",
        "demo_host": "demo.shafaq.example",
    },
    {
        "slug": "rudaw-en",
        "name": "Rudaw",
        "homepage": "https://www.rudaw.net/english",
        "domain": "rudaw.net",
        "language": "en",
        "country": "IQ",
        "demo_host": "demo.rudaw.example",
    },
    {
        "slug": "ina-ar",
        "name": "وكالة الأنباء العراقية",
        "homepage": "https://www.ina.iq/",
        "domain": "ina.iq",
        "language": "ar",
        "country": "IQ",
        "demo_host": "demo.ina.example",
    },
    {
        "slug": "alsumaria-ar",
        "name": "السومرية نيوز",
        "homepage": "https://www.alsumaria.tv/",
        "domain": "alsumaria.tv",
        "language": "ar",
        "country": "IQ",
        "demo_host": "demo.alsumaria.example",
    },
]

# Inactive and on loopback: the demo never makes the poller reach the internet.
FEEDS: list[dict[str, Any]] = [
    {
        "url": "http://127.0.0.1/demo-feeds/tehrantimes.xml",
        "source": "tehran-times",
        "title": "Tehran Times – politics (demo feed, inactive)",
    },
    {
        "url": "http://127.0.0.1/demo-feeds/shafaq.xml",
        "source": "shafaq-en",
        "title": "Shafaq News – Iraq (demo feed, inactive)",
    },
]

_BRIDGE_QUOTE = (
    "The bridge is the hardest part of the line, and with its foundations under way the "
    "Shalamcheh–Basra railway has entered its decisive phase."
)

ARTICLES: list[dict[str, Any]] = [
    # ---------------------------------------------------------------- two years ago ---------
    {
        "key": "railway-route-demining-review",
        "source": "shafaq-en",
        "days_ago": 712,
        "language": "en",
        "title": "Iraqi and Iranian officials review mine clearance on Shalamcheh–Basra rail route",
        "byline": "Shafaq News desk",
        "paragraphs": [
            "Driving the news:",
            "Iraqi Transport Minister Razzaq Muhibis al-Saadawi inspected the route of the "
            "Basra–Shalamcheh railway on Monday with Iranian engineers, as teams continued to "
            "clear mines left from the 1980s war along the border strip.",
            "Why it matters:",
            "Mine clearance is the first task on the 32 km line. Until it is finished, no "
            "earthworks can start on either side of the border.",
            "What they're saying:",
            "Al-Saadawi said: “We want the first train between Basra and Shalamcheh to run as "
            "soon as the route is safe, and we have asked both teams to report to us every "
            "month.”",
            "State of play:",
            "Iran is responsible for demining and for the bridge over the Shatt al-Arab; Iraq "
            "will build the track bed and lay the track on its side.",
        ],
        "quotes": [
            (
                "razzaq-muhibis-al-saadawi",
                "Al-Saadawi",
                "We want the first train between Basra and Shalamcheh to run as soon as the "
                "route is safe, and we have asked both teams to report to us every month.",
            ),
        ],
        "links": [("basra-shalamcheh-railway", "confirmed", 0.95)],
        "places": ["basra", "shalamcheh-crossing"],
        "organizations": ["iraq-ministry-of-transport"],
        "milestone": (
            "basra-shalamcheh-railway",
            "Mine clearance under way on the railway route",
            "Joint inspection of the demining work along the border strip.",
        ),
    },
    {
        "key": "gas-supply-winter-ambassador",
        "source": "irna-en",
        "days_ago": 690,
        "language": "en",
        "title": "Iran's ambassador: gas supply to Iraqi power plants will continue this winter",
        "byline": "IRNA staff",
        "paragraphs": [
            "Driving the news:",
            "Iran's ambassador in Baghdad, Mohammad Kazem Al-e Sadegh, said Iranian gas "
            "exports to Iraq would continue through the winter despite delays in payments.",
            "The big picture:",
            "Iraqi power stations around Baghdad and Basra depend on Iranian gas, and Iraq's "
            "payments are held at the Trade Bank of Iraq until they can be released for "
            "non-sanctioned purchases.",
            "What they're saying:",
            "Al-e Sadegh said: “Iran has never used gas as a means of pressure on the Iraqi "
            "people. We expect the payment issue to be solved through the banking channels agreed "
            "between the two central banks.”",
        ],
        "quotes": [
            (
                "mohammad-kazem-al-e-sadegh",
                "Al-e Sadegh",
                "Iran has never used gas as a means of pressure on the Iraqi people. We expect "
                "the payment issue to be solved through the banking channels agreed between "
                "the two central banks.",
            ),
        ],
        "links": [
            ("energy-gas-electricity", "confirmed", 0.93),
            ("trade-banking", "suggested", 0.55),
        ],
        "places": ["baghdad", "basra"],
        "organizations": ["trade-bank-of-iraq"],
    },
    {
        "key": "security-committee-review",
        "source": "tehran-times",
        "days_ago": 665,
        "language": "en",
        "title": "Joint committee reviews progress on Iran–Iraq security agreement",
        "byline": "Tehran Times staff",
        "paragraphs": [
            "Why it matters:",
            "The security agreement signed in Baghdad in March 2023 committed Iraq to keep "
            "armed opposition groups away from the border with Iran. A joint committee meets "
            "regularly to check what has been done.",
            "Driving the news:",
            "Iraqi National Security Adviser Qassem al-Araji told the committee that camps "
            "had been moved away from the frontier and that border guards had been reinforced "
            "in the mountains near Haj Omran.",
            "What they're saying:",
            "Al-Araji said: “The border is now watched by Iraqi forces along its whole length, "
            "and we will not accept any activity against a neighbour from our soil.”",
        ],
        "quotes": [
            (
                "qassem-al-araji",
                "Al-Araji",
                "The border is now watched by Iraqi forces along its whole length, and we will "
                "not accept any activity against a neighbour from our soil.",
            ),
        ],
        "links": [("border-security-agreement", "confirmed", 0.97)],
        "places": ["baghdad", "tamarchin-crossing"],
        "organizations": ["iraq-national-security-advisory"],
    },
    {
        "key": "kurdistan-traders-crossing-hours",
        "source": "rudaw-en",
        "days_ago": 640,
        "language": "en",
        "title": "Traders ask for longer opening hours at Bashmaq and Parviz Khan crossings",
        "byline": "Rudaw reporter",
        "paragraphs": [
            "Driving the news:",
            "Traders on both sides of the frontier have asked the authorities to keep the "
            "Bashmaq and Parviz Khan crossings open into the evening, saying lorries queue for "
            "hours before customs closes.",
            "The big picture:",
            "The border markets near the crossings are a main source of income for towns on "
            "both sides, handling fruit, building materials and household goods.",
            "State of play:",
            "Customs officials said a trial of extended hours could start in the spring if "
            "both governments agree.",
        ],
        "quotes": [],
        "links": [("border-markets", "confirmed", 0.9)],
        "places": ["bashmaq-crossing", "parviz-khan-crossing"],
    },
    {
        "key": "gas-contract-extension",
        "source": "press-tv",
        "days_ago": 618,
        "language": "en",
        "title": "Iraq extends contract for Iranian gas supplies to its power stations",
        "byline": "Press TV website staff",
        "paragraphs": [
            "Driving the news:",
            "Iraq's Ministry of Electricity has extended its contract for Iranian gas supplies "
            "to power plants in Baghdad and the south.",
            "Why it matters:",
            "Iranian gas fuels a large share of Iraq's power generation, and summer demand "
            "regularly outstrips supply.",
            "What they're saying:",
            "Iraqi Electricity Minister Ziad Ali Fadel said: “Without Iranian gas we would "
            "lose thousands of megawatts in the summer; the extension gives our power plants "
            "the fuel they need while we develop our own gas.”",
        ],
        "quotes": [
            (
                "ziad-ali-fadel",
                "Ziad Ali Fadel",
                "Without Iranian gas we would lose thousands of megawatts in the summer; the "
                "extension gives our power plants the fuel they need while we develop our own "
                "gas.",
            ),
        ],
        "links": [("energy-gas-electricity", "confirmed", 0.96)],
        "places": ["baghdad"],
        "organizations": ["iraq-ministry-of-electricity", "national-iranian-gas-company"],
        "milestone": (
            "energy-gas-electricity",
            "Gas supply contract extended",
            "Iraq's Ministry of Electricity extends the contract for Iranian gas.",
        ),
    },
    {
        "key": "central-bank-governors-meet",
        "source": "mehr-en",
        "days_ago": 590,
        "language": "en",
        "title": "Central bank governors of Iran and Iraq discuss banking channels",
        "byline": "Mehr News Agency",
        "paragraphs": [
            "Driving the news:",
            "Central Bank of Iran governor Mohammad Reza Farzin met his Iraqi counterpart Ali "
            "Mohsen al-Alaq in Baghdad to discuss banking channels for trade.",
            "The big picture:",
            "Iraqi payments for Iranian gas and electricity are held in accounts at the Trade "
            "Bank of Iraq and released only for approved purchases.",
            "What they're saying:",
            "Farzin said: “Our aim is that Iranian exporters are paid in a predictable way and "
            "that the funds held in Iraq are used for the goods our people need.”",
            "Al-Alaq said: “The Central Bank of Iraq will work within its international "
            "obligations to make payments to Iran smoother.”",
        ],
        "quotes": [
            (
                "mohammad-reza-farzin",
                "Farzin",
                "Our aim is that Iranian exporters are paid in a predictable way and that the "
                "funds held in Iraq are used for the goods our people need.",
            ),
            (
                "ali-mohsen-al-alaq",
                "Al-Alaq",
                "The Central Bank of Iraq will work within its international obligations to "
                "make payments to Iran smoother.",
            ),
        ],
        "links": [("trade-banking", "confirmed", 0.92)],
        "places": ["baghdad"],
        "organizations": ["central-bank-of-iran", "central-bank-of-iraq", "trade-bank-of-iraq"],
    },
    {
        "key": "araji-no-use-of-territory",
        "source": "shafaq-en",
        "days_ago": 560,
        "language": "en",
        "title": "Al-Araji: Iraq will not let its territory be used against neighbours",
        "byline": "Shafaq News desk",
        "paragraphs": [
            "Driving the news:",
            "National Security Adviser Qassem al-Araji said Baghdad remained committed to the "
            "security pact with Tehran after a visit to border posts in the Kurdistan Region.",
            "What they're saying:",
            "Al-Araji said: “Iraq's commitments under the agreement are commitments of the "
            "state, and every Iraqi institution is bound by them.”",
            "Between the lines:",
            "Officials in Baghdad see quiet on the frontier as a condition for the trade and "
            "transport projects both governments want.",
        ],
        "quotes": [
            (
                "qassem-al-araji",
                "Al-Araji",
                "Iraq's commitments under the agreement are commitments of the state, and every "
                "Iraqi institution is bound by them.",
            ),
        ],
        "links": [("border-security-agreement", "confirmed", 0.9)],
        "places": ["baghdad"],
    },
    {
        "key": "universities-iraqi-students",
        "source": "irna-en",
        "days_ago": 530,
        "language": "en",
        "title": "Iranian universities to admit more Iraqi students next academic year",
        "byline": "IRNA staff",
        "paragraphs": [
            "Driving the news:",
            "Iranian universities will open more places for Iraqi students next year under a "
            "memorandum on academic exchange between the two higher-education ministries.",
            "The big picture:",
            "Iraqi students are one of the largest groups of foreign students in Iran, "
            "especially in medicine and engineering.",
            "What they're saying:",
            "Ambassador Mohammad Kazem Al-e Sadegh said: “Every Iraqi graduate of an Iranian "
            "university is a bridge between our two nations.”",
        ],
        "quotes": [
            (
                "mohammad-kazem-al-e-sadegh",
                "Mohammad Kazem Al-e Sadegh",
                "Every Iraqi graduate of an Iranian university is a bridge between our two "
                "nations.",
            ),
        ],
        "links": [("science-academic-exchange", "confirmed", 0.94)],
        "places": ["tehran"],
    },
    {
        "key": "arbaeen-crossings-round-the-clock",
        "source": "tehran-times",
        "days_ago": 505,
        "language": "en",
        "title": "Arbaeen: Mehran, Shalamcheh and Chazabeh crossings to open round the clock",
        "byline": "Tehran Times staff",
        "paragraphs": [
            "Driving the news:",
            "Iran and Iraq agreed that the Mehran, Shalamcheh and Chazabeh crossings will "
            "operate day and night during the Arbaeen season.",
            "Why it matters:",
            "Millions of Iranian pilgrims travel to Karbala for Arbaeen; queues at the border "
            "were the main complaint last year.",
            "What they're saying:",
            "Al-e Sadegh said: “Our Iraqi brothers have promised more buses on the road from "
            "the border to Najaf and Karbala, and we will add staff on our side.”",
        ],
        "quotes": [
            (
                "mohammad-kazem-al-e-sadegh",
                "Al-e Sadegh",
                "Our Iraqi brothers have promised more buses on the road from the border to "
                "Najaf and Karbala, and we will add staff on our side.",
            ),
        ],
        "links": [("arbaeen-pilgrimage", "confirmed", 0.97)],
        "places": [
            "mehran-crossing",
            "shalamcheh-crossing",
            "chazabeh-crossing",
            "karbala",
            "najaf",
        ],
    },
    {
        "key": "fuad-hussein-mutual-respect",
        "source": "shafaq-en",
        "days_ago": 470,
        "language": "en",
        "title": "Fuad Hussein: relations with Tehran rest on mutual respect",
        "byline": "Shafaq News desk",
        "paragraphs": [
            "Driving the news:",
            "Iraqi Foreign Minister Fuad Hussein said ties with Iran rest on mutual respect "
            "and shared interests, in remarks to reporters in Baghdad.",
            "What they're saying:",
            "Hussein said: “Iran is a neighbour with whom we share a long border, and our "
            "trade and our banking relations must work within the law and for the benefit of "
            "both peoples.”",
            "State of play:",
            "Officials also discussed settling Iraq's gas payments and the security pact.",
        ],
        "quotes": [
            (
                "fuad-hussein",
                "Hussein",
                "Iran is a neighbour with whom we share a long border, and our trade and our "
                "banking relations must work within the law and for the benefit of both "
                "peoples.",
            ),
        ],
        "links": [
            ("trade-banking", "confirmed", 0.8),
            ("border-security-agreement", "suggested", 0.55),
        ],
        "places": ["baghdad"],
    },
    {
        "key": "arbaeen-millions-cross",
        "source": "press-tv",
        "days_ago": 455,
        "language": "en",
        "title": "Millions of pilgrims cross into Iraq for Arbaeen",
        "byline": "Press TV website staff",
        "paragraphs": [
            "Driving the news:",
            "Pilgrims crossed into Iraq in their millions for Arbaeen, most of them through "
            "the Mehran crossing, before walking from Najaf to Karbala.",
            "What they're saying:",
            "Iraqi Prime Minister Mohammed Shia al-Sudani said: “Iraq is proud to welcome the "
            "visitors of Imam Hussein, and our forces and our people are at their service.”",
            "Go deeper:",
            "The walk from Najaf to Karbala covers about 80 km along a road lined with "
            "volunteer service tents.",
        ],
        "quotes": [
            (
                "mohammed-shia-al-sudani",
                "Mohammed Shia al-Sudani",
                "Iraq is proud to welcome the visitors of Imam Hussein, and our forces and our "
                "people are at their service.",
            ),
        ],
        "links": [("arbaeen-pilgrimage", "confirmed", 0.98)],
        "places": ["mehran-crossing", "najaf", "karbala"],
        "milestone": (
            "arbaeen-pilgrimage",
            "Arbaeen season with round-the-clock crossings",
            "Crossings open day and night for the pilgrimage season.",
        ),
    },
    {
        "key": "pezeshkian-sudani-call",
        "source": "irna-en",
        "days_ago": 430,
        "language": "en",
        "title": "Pezeshkian and al-Sudani discuss railway and gas in phone call",
        "byline": "IRNA staff",
        "paragraphs": [
            "Driving the news:",
            "President Masoud Pezeshkian and Iraqi Prime Minister Mohammed Shia al-Sudani "
            "discussed the Shalamcheh–Basra railway and Iranian gas supplies in a telephone "
            "call on Sunday.",
            "What they're saying:",
            "Pezeshkian said: “The railway between Shalamcheh and Basra must be finished "
            "without more delay; it will bring our peoples and our economies closer.”",
            "Al-Sudani said his government would keep paying for Iranian gas through the "
            "agreed mechanism.",
        ],
        "quotes": [
            (
                "masoud-pezeshkian",
                "Pezeshkian",
                "The railway between Shalamcheh and Basra must be finished without more delay; "
                "it will bring our peoples and our economies closer.",
            ),
        ],
        "links": [
            ("basra-shalamcheh-railway", "confirmed", 0.91),
            ("energy-gas-electricity", "confirmed", 0.84),
        ],
        "people": ["mohammed-shia-al-sudani"],
        "places": ["shalamcheh-crossing", "basra"],
    },
    {
        "key": "araghchi-baghdad-visit",
        "source": "tehran-times",
        "days_ago": 410,
        "language": "en",
        "title": "Araghchi in Baghdad: cooperation with Iraq has no limits",
        "byline": "Tehran Times staff",
        "paragraphs": [
            "Driving the news:",
            "Foreign Minister Abbas Araghchi met his Iraqi counterpart Fuad Hussein in Baghdad "
            "on his first regional tour as minister.",
            "What they're saying:",
            "Araghchi said: “There is no limit to what Iran and Iraq can do together, from "
            "security on our border to trade and transit.”",
            "Hussein said: “We discussed the security agreement and the projects that connect "
            "our two countries.”",
            "Go deeper:",
            "Both sides mentioned a transit corridor through Iraq to Syria as a long-term aim.",
        ],
        "quotes": [
            (
                "abbas-araghchi",
                "Araghchi",
                "There is no limit to what Iran and Iraq can do together, from security on our "
                "border to trade and transit.",
            ),
            (
                "fuad-hussein",
                "Hussein",
                "We discussed the security agreement and the projects that connect our two "
                "countries.",
            ),
        ],
        "links": [
            ("border-security-agreement", "confirmed", 0.78),
            ("transport-corridors", "suggested", 0.6),
        ],
        "places": ["baghdad"],
    },
    {
        "key": "security-agreement-fully-implemented",
        "source": "shafaq-en",
        "days_ago": 380,
        "language": "en",
        "title": "Joint committee: border security agreement with Iran fully in force",
        "byline": "Shafaq News desk",
        "paragraphs": [
            "Driving the news:",
            "The joint Iraqi–Iranian committee following the border security agreement said "
            "all its provisions are now applied, closing the implementation phase that began "
            "after the deal was signed in March 2023.",
            "What they're saying:",
            "Qassem al-Araji said: “Every article of the agreement has been carried out; what "
            "remains is to keep this border calm, and that is a daily task.”",
            "State of play:",
            "The committee will keep meeting every three months to review the situation on the "
            "frontier.",
        ],
        "quotes": [
            (
                "qassem-al-araji",
                "Qassem al-Araji",
                "Every article of the agreement has been carried out; what remains is to keep "
                "this border calm, and that is a daily task.",
            ),
        ],
        "links": [("border-security-agreement", "confirmed", 0.98)],
        "places": ["baghdad"],
        "organizations": ["iraq-national-security-advisory"],
        "status_change": (
            "border-security-agreement",
            "operational",
            "Joint committee reports every provision applied.",
        ),
    },
    {
        "key": "development-road-turkey",
        "source": "rudaw-en",
        "days_ago": 365,
        "language": "en",
        "title": "Iraq and Turkey push the Development Road as a Gulf-to-Europe route",
        "byline": "Rudaw reporter",
        "paragraphs": [
            "Driving the news:",
            "Iraq and Turkey reviewed plans for the Development Road, a road and rail "
            "transport corridor from Grand Faw port to the Turkish border.",
            "What they're saying:",
            "Prime Minister Mohammed Shia al-Sudani said: “The Development Road will make Iraq "
            "the shortest land route between the Gulf and Europe.”",
            "Between the lines:",
            "The project does not involve Iran, which promotes its own routes to the "
            "Mediterranean.",
        ],
        "quotes": [
            (
                "mohammed-shia-al-sudani",
                "al-Sudani",
                "The Development Road will make Iraq the shortest land route between the Gulf "
                "and Europe.",
            ),
        ],
        "links": [("transport-corridors", "rejected", 0.45)],
        "places": ["grand-faw-port"],
    },
    {
        "key": "sadegh-iran-share-of-line",
        "source": "mehr-en",
        "days_ago": 345,
        "language": "en",
        "title": "Roads minister: Iran will finish its share of the Shalamcheh–Basra line",
        "byline": "Mehr News Agency",
        "paragraphs": [
            "Driving the news:",
            "Minister of Roads and Urban Development Farzaneh Sadegh said Iran will complete "
            "its share of the Shalamcheh–Basra railway, including the bridge over the Arvand "
            "river, on schedule.",
            "What they're saying:",
            "Sadegh said: “Our teams have finished clearing the route on the Iranian side, and "
            "the design of the movable bridge has been approved by both countries.”",
            "Why it matters:",
            "The 32 km line will link Iran's railway network directly to Basra.",
        ],
        "quotes": [
            (
                "farzaneh-sadegh",
                "Sadegh",
                "Our teams have finished clearing the route on the Iranian side, and the design "
                "of the movable bridge has been approved by both countries.",
            ),
        ],
        "links": [("basra-shalamcheh-railway", "confirmed", 0.96)],
        "places": ["shalamcheh-crossing", "khorramshahr"],
        "organizations": ["iran-ministry-of-roads", "iran-railways"],
    },
    {
        "key": "cultural-week-baghdad",
        "source": "irna-en",
        "days_ago": 330,
        "language": "en",
        "title": "Iranian cultural week opens in Baghdad",
        "byline": "IRNA staff",
        "paragraphs": [
            "Driving the news:",
            "An Iranian cultural week opened in Baghdad with a book fair, a film programme and "
            "calligraphy workshops.",
            "What they're saying:",
            "Ambassador Al-e Sadegh said at the opening: “Culture is the oldest road between "
            "Iran and Iraq, older than any railway or pipeline.”",
            "State of play:",
            "An Iraqi cultural week is planned in Tehran next year.",
        ],
        "quotes": [
            (
                "mohammad-kazem-al-e-sadegh",
                "Al-e Sadegh",
                "Culture is the oldest road between Iran and Iraq, older than any railway or "
                "pipeline.",
            ),
        ],
        "links": [("cultural-cooperation", "confirmed", 0.95)],
        "places": ["baghdad"],
        "organizations": ["islamic-culture-and-relations-organization"],
        "milestone": (
            "cultural-cooperation",
            "Iranian cultural week held in Baghdad",
            "Book fair, films and workshops in Baghdad.",
        ),
    },
    {
        "key": "rail-minister-basra-schedule-ar",
        "source": "alsumaria-ar",
        "days_ago": 320,
        "language": "ar",
        "title": "وزير النقل: العمل في سكة حديد الشلامجة–البصرة يسير وفق الجدول",
        "byline": "السومرية نيوز",
        "paragraphs": [
            "أعلن وزير النقل رزاق محيبس السعداوي أن العمل في مشروع سكة حديد الشلامجة–البصرة "
            "يسير وفق الجدول الزمني المتفق عليه مع الجانب الإيراني.",
            "وقال السعداوي: «أكملنا تسوية مسار الخط داخل الأراضي العراقية، وسنبدأ بمد "
            "السكة بعد استكمال الجسر».",
            "ويبلغ طول الخط 32 كيلومتراً، ويربط شبكة السكك الإيرانية بمدينة البصرة.",
        ],
        "quotes": [
            (
                "razzaq-muhibis-al-saadawi",
                "السعداوي",
                "أكملنا تسوية مسار الخط داخل الأراضي العراقية، وسنبدأ بمد السكة بعد استكمال الجسر",
            ),
        ],
        "links": [("basra-shalamcheh-railway", "confirmed", 0.94)],
        "places": ["basra"],
        "organizations": ["iraq-ministry-of-transport"],
    },
    # ------------------------------------------ one story from three outlets (cluster) -------
    {
        "key": "arvand-bridge-work-begins",
        "source": "tehran-times",
        "days_ago": 300,
        "language": "en",
        "title": "Work begins on Shatt al-Arab bridge for Basra–Shalamcheh railway",
        "byline": "Tehran Times staff",
        "paragraphs": [
            "Driving the news:",
            "Work began on Saturday on the foundations of the movable bridge that will carry "
            "the Basra–Shalamcheh railway over the Shatt al-Arab, known in Iran as the Arvand "
            "river.",
            "What they're saying:",
            f"Roads Minister Farzaneh Sadegh said: “{_BRIDGE_QUOTE}”",
            "State of play:",
            "The bridge, about 800 metres long, is being built by Iran; Iraq is preparing the "
            "track bed on its side of the 32 km line.",
        ],
        "quotes": [("farzaneh-sadegh", "Farzaneh Sadegh", _BRIDGE_QUOTE)],
        "links": [("basra-shalamcheh-railway", "confirmed", 0.99)],
        "places": ["basra", "shalamcheh-crossing"],
        "organizations": ["iran-railways"],
        "cluster": "arvand-bridge",
        "milestone": (
            "basra-shalamcheh-railway",
            "Foundation work on the Shatt al-Arab bridge begins",
            "Start of work on the movable bridge's foundations.",
        ),
    },
    {
        "key": "arvand-bridge-work-begins-presstv",
        "source": "press-tv",
        "days_ago": 300,
        "language": "en",
        "title": "Iran starts building rail bridge over Arvand river for Basra link",
        "byline": "Press TV website staff",
        "paragraphs": [
            "Driving the news:",
            "Work started on Saturday on the foundations of the movable bridge that will take "
            "the Basra–Shalamcheh railway across the Arvand river, called the Shatt al-Arab in "
            "Iraq.",
            "What they're saying:",
            f"Roads Minister Farzaneh Sadegh said: “{_BRIDGE_QUOTE}”",
            "State of play:",
            "Iran is building the bridge, about 800 metres long, while Iraq prepares the track "
            "bed on its side of the 32 km line.",
        ],
        "quotes": [("farzaneh-sadegh", "Farzaneh Sadegh", _BRIDGE_QUOTE)],
        "links": [("basra-shalamcheh-railway", "confirmed", 0.99)],
        "places": ["basra", "shalamcheh-crossing"],
        "cluster": "arvand-bridge",
    },
    {
        "key": "arvand-bridge-work-begins-shafaq",
        "source": "shafaq-en",
        "days_ago": 299,
        "language": "en",
        "title": "Iran begins work on Shatt al-Arab rail bridge linking Basra to Shalamcheh",
        "byline": "Shafaq News desk",
        "paragraphs": [
            "Driving the news:",
            "Iranian teams began work on Saturday on the foundations of the movable bridge "
            "that will carry the Basra–Shalamcheh railway over the Shatt al-Arab.",
            "What they're saying:",
            f"Iran's Roads Minister Farzaneh Sadegh said: “{_BRIDGE_QUOTE}”",
            "State of play:",
            "The bridge is about 800 metres long; Iraq is preparing the track bed on its side "
            "of the 32 km line.",
        ],
        "quotes": [("farzaneh-sadegh", "Farzaneh Sadegh", _BRIDGE_QUOTE)],
        "links": [("basra-shalamcheh-railway", "confirmed", 0.98)],
        "places": ["basra"],
        "cluster": "arvand-bridge",
    },
    # ------------------------------------------------------------------ last year -----------
    {
        "key": "gas-flows-cut-summer",
        "source": "shafaq-en",
        "days_ago": 270,
        "language": "en",
        "title": "Electricity ministry: reduced Iranian gas flows cut output of southern plants",
        "byline": "Shafaq News desk",
        "paragraphs": [
            "Driving the news:",
            "Iraq's Ministry of Electricity said reduced Iranian gas flows had cut the output "
            "of power plants in Basra and the south.",
            "What they're saying:",
            "Minister Ziad Ali Fadel said: “We are in contact with the Iranian side every day "
            "to restore the contracted volumes before the hottest weeks.”",
            "Why it matters:",
            "Iraq imports both gas and electricity from Iran to bridge its power shortfall.",
        ],
        "quotes": [
            (
                "ziad-ali-fadel",
                "Ziad Ali Fadel",
                "We are in contact with the Iranian side every day to restore the contracted "
                "volumes before the hottest weeks.",
            ),
        ],
        "links": [("energy-gas-electricity", "confirmed", 0.95)],
        "places": ["basra"],
        "organizations": ["iraq-ministry-of-electricity"],
    },
    {
        "key": "joint-free-zone-agreed",
        "source": "tehran-times",
        "days_ago": 250,
        "language": "en",
        "title": "Iran and Iraq agree to set up joint free zone near Shalamcheh",
        "byline": "Tehran Times staff",
        "paragraphs": [
            "Driving the news:",
            "Iran and Iraq signed an agreement to create a joint free zone on the border near "
            "Shalamcheh, next to Iran's Arvand Free Zone.",
            "What they're saying:",
            "President Masoud Pezeshkian said: “A joint free zone on our border will bring "
            "investment and jobs to Khuzestan and Basra alike.”",
            "What's next:",
            "A joint working group will draft the zone's rules on customs, residence and "
            "investment within six months.",
        ],
        "quotes": [
            (
                "masoud-pezeshkian",
                "Masoud Pezeshkian",
                "A joint free zone on our border will bring investment and jobs to Khuzestan "
                "and Basra alike.",
            ),
        ],
        "links": [("free-zones", "confirmed", 0.97)],
        "places": ["shalamcheh-crossing", "arvand-free-zone", "khuzestan-province", "basra"],
        "organizations": ["arvand-free-zone-organization"],
        "status_change": (
            "free-zones",
            "agreed",
            "Agreement signed to create a joint free zone near Shalamcheh.",
        ),
    },
    {
        "key": "rashid-in-tehran",
        "source": "press-tv",
        "days_ago": 220,
        "language": "en",
        "title": "Pezeshkian receives Iraqi President Rashid in Tehran",
        "byline": "Press TV website staff",
        "paragraphs": [
            "Driving the news:",
            "President Masoud Pezeshkian received Iraqi President Abdul Latif Rashid in Tehran "
            "for talks on trade, border markets and cultural ties.",
            "What they're saying:",
            "Pezeshkian said: “Our border provinces should trade with each other as if there "
            "were no border at all.”",
            "Rashid said: “Iraq wants to widen cooperation with Iran in the economy, in "
            "science and in culture.”",
            "Key points:",
            "- Both presidents called for more border markets and simpler customs procedures.",
            "- Both sides backed more university cooperation and cultural exchanges.",
        ],
        "quotes": [
            (
                "masoud-pezeshkian",
                "Pezeshkian",
                "Our border provinces should trade with each other as if there were no border "
                "at all.",
            ),
            (
                "abdul-latif-rashid",
                "Rashid",
                "Iraq wants to widen cooperation with Iran in the economy, in science and in "
                "culture.",
            ),
        ],
        "links": [
            ("border-markets", "confirmed", 0.86),
            ("cultural-cooperation", "suggested", 0.55),
            ("science-academic-exchange", "suggested", 0.5),
        ],
        "places": ["tehran"],
    },
    {
        "key": "payment-mechanism-agreed",
        "source": "irna-en",
        "days_ago": 200,
        "language": "en",
        "title": "Iran and Iraq central banks agree mechanism for Iraqi payments",
        "byline": "IRNA staff",
        "paragraphs": [
            "Driving the news:",
            "The central banks of Iran and Iraq agreed a payment mechanism to use Iraqi "
            "payments for gas and electricity to buy goods for Iran, governor Mohammad Reza "
            "Farzin said.",
            "What they're saying:",
            "Farzin said: “The new mechanism shortens the time between an Iraqi payment and "
            "the delivery of goods to Iranian importers.”",
        ],
        "quotes": [
            (
                "mohammad-reza-farzin",
                "Farzin",
                "The new mechanism shortens the time between an Iraqi payment and the delivery "
                "of goods to Iranian importers.",
            ),
        ],
        "links": [
            ("trade-banking", "confirmed", 0.96),
            ("energy-gas-electricity", "suggested", 0.62),
        ],
        "organizations": ["central-bank-of-iran", "central-bank-of-iraq"],
        "milestone": (
            "trade-banking",
            "Central banks agree a payment mechanism",
            "Mechanism to turn Iraqi energy payments into purchases of goods.",
        ),
    },
    {
        "key": "central-bank-iraq-payment-ar",
        "source": "ina-ar",
        "days_ago": 210,
        "language": "ar",
        "title": "البنك المركزي العراقي يبحث مع نظيره الإيراني آلية الدفع",
        "byline": "وكالة الأنباء العراقية",
        "paragraphs": [
            "بحث محافظ البنك المركزي العراقي علي محسن العلاق مع محافظ البنك المركزي الإيراني "
            "آلية الدفع الخاصة بمستحقات الغاز والكهرباء.",
            "وقال العلاق: «نعمل على آلية واضحة تضمن تسديد المستحقات الإيرانية وفق الضوابط "
            "الدولية».",
            "وأضاف أن المصرف العراقي للتجارة سيواصل إدارة الحسابات الخاصة بهذه المدفوعات.",
        ],
        "quotes": [
            (
                "ali-mohsen-al-alaq",
                "العلاق",
                "نعمل على آلية واضحة تضمن تسديد المستحقات الإيرانية وفق الضوابط الدولية",
            ),
        ],
        "links": [("trade-banking", "confirmed", 0.93)],
        "organizations": ["central-bank-of-iraq", "trade-bank-of-iraq"],
    },
    {
        "key": "iraq-turkey-security-memo",
        "source": "rudaw-en",
        "days_ago": 180,
        "language": "en",
        "title": "Iraq and Turkey sign security memorandum on border cooperation",
        "byline": "Rudaw reporter",
        "paragraphs": [
            "Driving the news:",
            "Iraq and Turkey signed a security memorandum on cooperation along their shared "
            "border.",
            "What they're saying:",
            "Foreign Minister Fuad Hussein said: “This memorandum serves Iraq's sovereignty and "
            "the stability of our northern border.”",
            "Between the lines:",
            "Officials compared it to Iraq's security agreement with Iran, but the two deals "
            "are separate.",
        ],
        "quotes": [
            (
                "fuad-hussein",
                "Fuad Hussein",
                "This memorandum serves Iraq's sovereignty and the stability of our northern "
                "border.",
            ),
        ],
        "links": [("border-security-agreement", "rejected", 0.6)],
    },
    {
        "key": "transit-memorandum-signed",
        "source": "mehr-en",
        "days_ago": 160,
        "language": "en",
        "title": "Iran and Iraq sign transit memorandum on route to the Mediterranean",
        "byline": "Mehr News Agency",
        "paragraphs": [
            "Driving the news:",
            "Roads Minister Farzaneh Sadegh and Iraqi Transport Minister Razzaq Muhibis "
            "al-Saadawi signed a memorandum on road and rail transit through Iraq towards "
            "Syria and the Mediterranean.",
            "What they're saying:",
            "Sadegh said: “This transit corridor turns our two countries from a destination "
            "into a route.”",
            "Al-Saadawi said: “Iraqi roads and ports are ready to carry goods between Iran and "
            "the rest of the region.”",
        ],
        "quotes": [
            (
                "farzaneh-sadegh",
                "Sadegh",
                "This transit corridor turns our two countries from a destination into a route.",
            ),
            (
                "razzaq-muhibis-al-saadawi",
                "Al-Saadawi",
                "Iraqi roads and ports are ready to carry goods between Iran and the rest of the "
                "region.",
            ),
        ],
        "links": [("transport-corridors", "confirmed", 0.95)],
        "places": ["baghdad", "mehran-crossing"],
        "organizations": ["iran-ministry-of-roads", "iraq-ministry-of-transport"],
        "status_change": (
            "transport-corridors",
            "agreed",
            "Transit memorandum signed by the two transport ministers.",
        ),
    },
    {
        "key": "basra-traders-shalamcheh",
        "source": "shafaq-en",
        "days_ago": 140,
        "language": "en",
        "title": "Basra traders look to Iranian market through Shalamcheh",
        "byline": "Shafaq News desk",
        "paragraphs": [
            "Driving the news:",
            "Basra's chamber of commerce said local traders want faster customs clearance at "
            "Shalamcheh to sell dates and fish in Iran.",
            "The big picture:",
            "Most trade through Shalamcheh runs from Iran to Iraq; traders hope border markets "
            "and a free zone on the frontier will help exports the other way.",
        ],
        "quotes": [],
        "links": [
            ("border-markets", "suggested", 0.7),
            ("free-zones", "suggested", 0.5),
        ],
        "places": ["basra", "shalamcheh-crossing"],
    },
    {
        "key": "joint-doctoral-programme",
        "source": "tehran-times",
        "days_ago": 120,
        "language": "en",
        "title": "First students graduate from joint Iran–Iraq doctoral programme",
        "byline": "Tehran Times staff",
        "paragraphs": [
            "Driving the news:",
            "The first students of a joint doctoral programme run by Iranian and Iraqi "
            "universities received their degrees, recognised in both countries.",
            "What they're saying:",
            "Ambassador Al-e Sadegh said: “Joint degrees are the most lasting form of "
            "academic exchange, because they build careers in both countries.”",
        ],
        "quotes": [
            (
                "mohammad-kazem-al-e-sadegh",
                "Al-e Sadegh",
                "Joint degrees are the most lasting form of academic exchange, because they "
                "build careers in both countries.",
            ),
        ],
        "links": [("science-academic-exchange", "confirmed", 0.96)],
        "places": ["tehran", "najaf"],
        "status_change": (
            "science-academic-exchange",
            "operational",
            "First graduates of the joint doctoral programme; degrees recognised in both "
            "countries.",
        ),
    },
    {
        "key": "arbaeen-preparations-shalamcheh-ar",
        "source": "alsumaria-ar",
        "days_ago": 110,
        "language": "ar",
        "title": "استعدادات لاستقبال زوار الأربعين القادمين من إيران عبر منفذ الشلامجة",
        "byline": "السومرية نيوز",
        "paragraphs": [
            "أكملت السلطات في البصرة استعداداتها لاستقبال زوار الأربعين القادمين من إيران عبر "
            "منفذ الشلامجة.",
            "وقال رئيس الوزراء محمد شياع السوداني: «نوفر النقل والخدمات لزوار الأربعين من "
            "لحظة عبورهم الحدود حتى وصولهم إلى كربلاء».",
            "وتعمل المنافذ الحدودية مع إيران على مدار الساعة خلال موسم الزيارة.",
        ],
        "quotes": [
            (
                "mohammed-shia-al-sudani",
                "محمد شياع السوداني",
                "نوفر النقل والخدمات لزوار الأربعين من لحظة عبورهم الحدود حتى وصولهم إلى كربلاء",
            ),
        ],
        "links": [("arbaeen-pilgrimage", "confirmed", 0.97)],
        "places": ["shalamcheh-crossing", "basra", "karbala"],
    },
    {
        "key": "parviz-khan-border-market",
        "source": "irna-en",
        "days_ago": 90,
        "language": "en",
        "title": "New border market opens at Parviz Khan crossing",
        "byline": "IRNA staff",
        "paragraphs": [
            "Driving the news:",
            "A new border market opened at the Parviz Khan crossing near Qasr-e Shirin, with "
            "space for traders from both sides.",
            "What they're saying:",
            "President Pezeshkian said in a message read at the opening: “Governors of the "
            "border provinces have the authority they need; I expect them to use it to grow "
            "trade with Iraq.”",
        ],
        "quotes": [
            (
                "masoud-pezeshkian",
                "President Pezeshkian",
                "Governors of the border provinces have the authority they need; I expect them "
                "to use it to grow trade with Iraq.",
            ),
        ],
        "links": [("border-markets", "confirmed", 0.97)],
        "places": ["parviz-khan-crossing", "qasr-e-shirin", "kermanshah"],
        "milestone": (
            "border-markets",
            "New border market opens at Parviz Khan",
            "Market with space for traders from both sides of the border.",
        ),
    },
    {
        "key": "track-laying-iraqi-section",
        "source": "press-tv",
        "days_ago": 60,
        "language": "en",
        "title": "Track laying starts on Iraqi section of Shalamcheh–Basra railway",
        "byline": "Press TV website staff",
        "paragraphs": [
            "Driving the news:",
            "Iraqi Republic Railways began laying track on the Iraqi section of the "
            "Shalamcheh–Basra railway, Iraq's transport ministry said.",
            "What they're saying:",
            "Transport Minister al-Saadawi said: “The track is going down on our side while "
            "the Iranian side finishes the bridge; we want both to meet in the middle.”",
        ],
        "quotes": [
            (
                "razzaq-muhibis-al-saadawi",
                "al-Saadawi",
                "The track is going down on our side while the Iranian side finishes the "
                "bridge; we want both to meet in the middle.",
            ),
        ],
        "links": [("basra-shalamcheh-railway", "confirmed", 0.98)],
        "places": ["basra"],
        "organizations": ["iraqi-republic-railways", "iraq-ministry-of-transport"],
        "milestone": (
            "basra-shalamcheh-railway",
            "Track laying begins on the Iraqi section",
            "Iraqi Republic Railways starts laying track.",
        ),
    },
    {
        "key": "araji-tehran-border-safest",
        "source": "shafaq-en",
        "days_ago": 35,
        "language": "en",
        "title": "Al-Araji in Tehran: security cooperation and the rail link on the agenda",
        "byline": "Shafaq News desk",
        "paragraphs": [
            "Driving the news:",
            "National Security Adviser Qassem al-Araji held talks in Tehran on the security "
            "agreement and on the rail link between the two countries.",
            "What they're saying:",
            "Al-Araji said: “Calm on the border is what makes railways and markets possible; "
            "we intend to keep it that way.”",
        ],
        "quotes": [
            (
                "qassem-al-araji",
                "Al-Araji",
                "Calm on the border is what makes railways and markets possible; we intend to "
                "keep it that way.",
            ),
        ],
        "links": [
            ("border-security-agreement", "confirmed", 0.9),
            ("basra-shalamcheh-railway", "suggested", 0.8),
        ],
        "places": ["tehran"],
    },
    {
        "key": "culture-academia-review",
        "source": "tehran-times",
        "days_ago": 12,
        "language": "en",
        "title": "Iran and Iraq review cultural cooperation and student exchange",
        "byline": "Tehran Times staff",
        "paragraphs": [
            "Driving the news:",
            "Iranian and Iraqi officials reviewed cultural cooperation and student exchange "
            "programmes at a meeting in Baghdad.",
            "What they're saying:",
            "Foreign Minister Abbas Araghchi said: “Our cultural and academic ties are the "
            "foundation on which every other kind of cooperation stands.”",
        ],
        "quotes": [
            (
                "abbas-araghchi",
                "Abbas Araghchi",
                "Our cultural and academic ties are the foundation on which every other kind of "
                "cooperation stands.",
            ),
        ],
        "links": [
            ("cultural-cooperation", "confirmed", 0.88),
            ("science-academic-exchange", "suggested", 0.65),
        ],
        "places": ["baghdad"],
    },
    {
        "key": "iraqi-delegation-arvand-free-zone",
        "source": "irna-en",
        "days_ago": 5,
        "language": "en",
        "title": "Iraqi delegation visits Arvand Free Zone to prepare joint zone",
        "byline": "IRNA staff",
        "paragraphs": [
            "Driving the news:",
            "An Iraqi delegation from Basra visited the Arvand Free Zone to study its rules "
            "before the joint free zone planned near Shalamcheh is set up.",
            "What they're saying:",
            "Al-e Sadegh said: “The experience of Arvand will save the joint zone years of "
            "trial and error.”",
        ],
        "quotes": [
            (
                "mohammad-kazem-al-e-sadegh",
                "Al-e Sadegh",
                "The experience of Arvand will save the joint zone years of trial and error.",
            ),
        ],
        "links": [("free-zones", "confirmed", 0.9)],
        "places": ["arvand-free-zone", "basra", "khorramshahr"],
        "organizations": ["arvand-free-zone-organization"],
    },
    # ------------------------------------------------------------------ Persian -------------
    {
        "key": "railway-demining-progress-fa",
        "source": "irna-fa",
        "days_ago": 600,
        "language": "fa",
        "title": "پیشرفت عملیات مین‌روبی مسیر راه‌آهن شلمچه–بصره",
        "byline": "خبرنگار ایرنا",
        "paragraphs": [
            "عملیات مین‌روبی مسیر راه‌آهن شلمچه–بصره در خاک عراق ادامه دارد و بخش عمده آن "
            "به پایان رسیده است.",
            "سفیر ایران در بغداد گفت: «با پایان مین‌روبی، ساخت پل اروند و زیرسازی مسیر "
            "هم‌زمان آغاز می‌شود».",
            "طول این خط ریلی ۳۲ کیلومتر است و شبکه ریلی ایران را به بصره متصل می‌کند.",
        ],
        "quotes": [
            (
                "mohammad-kazem-al-e-sadegh",
                "سفیر ایران در بغداد",
                "با پایان مین‌روبی، ساخت پل اروند و زیرسازی مسیر هم‌زمان آغاز می‌شود",
            ),
        ],
        "links": [("basra-shalamcheh-railway", "confirmed", 0.97)],
        "places": ["shalamcheh-crossing", "basra"],
    },
    {
        "key": "arbaeen-mehran-fa",
        "source": "tasnim-fa",
        "days_ago": 458,
        "language": "fa",
        "title": "تردد زائران اربعین از مرز مهران به اوج رسید",
        "byline": "گروه اجتماعی تسنیم",
        "paragraphs": [
            "تردد زائران پیاده‌روی اربعین از مرز مهران در روزهای پایانی ماه صفر به اوج رسید.",
            "رئیس‌جمهور مسعود پزشکیان گفت: «خدمت به زائران اربعین وظیفه همه دستگاه‌هاست و "
            "از همکاری دولت عراق سپاسگزاریم».",
            "مرزهای شلمچه و چذابه نیز به صورت شبانه‌روزی فعال هستند.",
        ],
        "quotes": [
            (
                "masoud-pezeshkian",
                "مسعود پزشکیان",
                "خدمت به زائران اربعین وظیفه همه دستگاه‌هاست و از همکاری دولت عراق سپاسگزاریم",
            ),
        ],
        "links": [("arbaeen-pilgrimage", "confirmed", 0.98)],
        "places": ["mehran-crossing", "shalamcheh-crossing", "chazabeh-crossing", "ilam"],
    },
    {
        "key": "gas-exports-winter-fa",
        "source": "irna-fa",
        "days_ago": 290,
        "language": "fa",
        "title": "وزیر نفت: صادرات گاز به عراق در زمستان ادامه می‌یابد",
        "byline": "خبرنگار ایرنا",
        "paragraphs": [
            "وزیر نفت اعلام کرد صادرات گاز به عراق در فصل سرد سال نیز ادامه خواهد داشت.",
            "محسن پاک‌نژاد گفت: «تعهدات ما به عراق سر جای خود است و هم‌زمان مصرف داخلی را "
            "مدیریت می‌کنیم».",
            "بخشی از مطالبات ایران از عراق بابت گاز و برق هنوز پرداخت نشده است.",
        ],
        "quotes": [
            (
                "mohsen-paknejad",
                "محسن پاک‌نژاد",
                "تعهدات ما به عراق سر جای خود است و هم‌زمان مصرف داخلی را مدیریت می‌کنیم",
            ),
        ],
        "links": [
            ("energy-gas-electricity", "confirmed", 0.97),
            ("trade-banking", "suggested", 0.6),
        ],
        "organizations": ["national-iranian-gas-company"],
    },
    {
        "key": "araghchi-security-agreement-fa",
        "source": "tasnim-fa",
        "days_ago": 150,
        "language": "fa",
        "title": "عراقچی: توافقنامه امنیتی ایران و عراق به‌طور کامل اجرا می‌شود",
        "byline": "گروه سیاسی تسنیم",
        "paragraphs": [
            "وزیر امور خارجه در دیدار با همتای عراقی خود بر اجرای کامل توافقنامه امنیتی ایران "
            "و عراق تأکید کرد.",
            "عباس عراقچی گفت: «امنیت مرزهای مشترک، پایه گسترش همکاری‌های اقتصادی دو کشور است».",
            "دو طرف درباره کریدور ترانزیتی و بازارچه‌های مرزی نیز گفت‌وگو کردند.",
        ],
        "quotes": [
            (
                "abbas-araghchi",
                "عباس عراقچی",
                "امنیت مرزهای مشترک، پایه گسترش همکاری‌های اقتصادی دو کشور است",
            ),
        ],
        "links": [
            ("border-security-agreement", "confirmed", 0.96),
            ("transport-corridors", "suggested", 0.45),
            ("border-markets", "suggested", 0.5),
        ],
        "people": ["fuad-hussein"],
        "places": ["baghdad"],
    },
    {
        "key": "cultural-week-karbala-fa",
        "source": "irna-fa",
        "days_ago": 25,
        "language": "fa",
        "title": "هفته فرهنگی ایران در کربلا برگزار شد",
        "byline": "خبرنگار ایرنا",
        "paragraphs": [
            "هفته فرهنگی ایران با نمایشگاه کتاب و خوشنویسی در کربلا برگزار شد.",
            "سفیر ایران در عراق گفت: «پیوندهای فرهنگی دو ملت از هر قرارداد اقتصادی ماندگارتر است».",
            "این برنامه با همکاری سازمان فرهنگ و ارتباطات اسلامی برگزار شد و نمایشگاه تا ایام "
            "اربعین برای زائران اربعین باز می‌ماند.",
        ],
        "quotes": [
            (
                "mohammad-kazem-al-e-sadegh",
                "سفیر ایران در عراق",
                "پیوندهای فرهنگی دو ملت از هر قرارداد اقتصادی ماندگارتر است",
            ),
        ],
        "links": [
            ("cultural-cooperation", "confirmed", 0.95),
            ("arbaeen-pilgrimage", "suggested", 0.4),
        ],
        "places": ["karbala"],
        "organizations": ["islamic-culture-and-relations-organization"],
    },
    # ------------------------------------------------------------------ Arabic --------------
    {
        "key": "araji-security-agreement-ar",
        "source": "ina-ar",
        "days_ago": 520,
        "language": "ar",
        "title": "الأعرجي: الاتفاق الأمني مع إيران يحمي الحدود المشتركة",
        "byline": "وكالة الأنباء العراقية",
        "paragraphs": [
            "أكد مستشار الأمن القومي قاسم الأعرجي التزام العراق الكامل بالاتفاق الأمني بين "
            "العراق وإيران.",
            "وقال الأعرجي: «لن نسمح بأن تكون أرض العراق منطلقاً لأي اعتداء على دول الجوار».",
            "وأشار إلى أن القوات الاتحادية تنتشر على طول الشريط الحدودي.",
        ],
        "quotes": [
            (
                "qassem-al-araji",
                "الأعرجي",
                "لن نسمح بأن تكون أرض العراق منطلقاً لأي اعتداء على دول الجوار",
            ),
        ],
        "links": [("border-security-agreement", "confirmed", 0.97)],
        "places": ["baghdad"],
        "organizations": ["iraq-national-security-advisory"],
    },
    {
        "key": "sudani-iran-trade-ar",
        "source": "ina-ar",
        "days_ago": 375,
        "language": "ar",
        "title": "السوداني يبحث مع السفير الإيراني التعاون في مجال الطاقة والنقل",
        "byline": "وكالة الأنباء العراقية",
        "paragraphs": [
            "بحث رئيس الوزراء محمد شياع السوداني مع السفير الإيراني في بغداد التعاون في مجال "
            "الطاقة ومشروع الربط السككي مع إيران.",
            "وقال السوداني: «استمرار إمدادات الغاز الإيراني ضروري لمحطات الكهرباء حتى نكمل "
            "مشاريعنا الوطنية».",
        ],
        "quotes": [
            (
                "mohammed-shia-al-sudani",
                "السوداني",
                "استمرار إمدادات الغاز الإيراني ضروري لمحطات الكهرباء حتى نكمل مشاريعنا الوطنية",
            ),
        ],
        "links": [
            ("energy-gas-electricity", "confirmed", 0.9),
            ("basra-shalamcheh-railway", "suggested", 0.75),
        ],
        "people": ["mohammad-kazem-al-e-sadegh"],
        "places": ["baghdad"],
    },
]
