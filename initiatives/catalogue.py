"""The starter catalogue: Iran–Iraq cooperation as public facts, in plain Python data.

Loaded by `python manage.py load_catalogue` (initiatives.catalogue_loader). Everything here is
factual and written for this project: names in English, Persian and Arabic, coordinates, roles
and statuses from public reporting (docs/catalogue.md lists the sources and how to extend it).

Conventions:
- Coordinates are decimal degrees (WGS 84) as strings, to about 1 km for cities and crossings;
  a province is placed at its capital.
- `history` is the status lifecycle, oldest first: (date, status, note). Where the public record
  gives no start date the entry is dated CATALOGUE_AS_OF and its note says "as of".
- Alias specificity: 1.0 for a name that can only mean this initiative, lower for generic
  phrases ("railway project", "security treaty") that still point to it in Iran–Iraq news.
  Alias texts must differ after normalisation within one initiative and language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# Start of the period the tracker covers; used when a status is known but not its start.
CATALOGUE_AS_OF = dt.date(2023, 1, 1)
AS_OF_NOTE = "Status as of 1 January 2023 (start of the tracked period); start date not recorded."

COUNTRIES: list[dict[str, Any]] = [
    {"code": "IR", "name": "Iran", "name_fa": "ایران", "name_ar": "إيران"},
    {"code": "IQ", "name": "Iraq", "name_fa": "عراق", "name_ar": "العراق"},
]

PLACES: list[dict[str, Any]] = [
    # --- Iraq -----------------------------------------------------------------------------
    {
        "slug": "basra",
        "name": "Basra",
        "name_fa": "بصره",
        "name_ar": "البصرة",
        "other_names": ["Basrah"],
        "country": "IQ",
        "kind": "city",
        "latitude": "30.508000",
        "longitude": "47.783000",
    },
    {
        "slug": "baghdad",
        "name": "Baghdad",
        "name_fa": "بغداد",
        "name_ar": "بغداد",
        "country": "IQ",
        "kind": "city",
        "latitude": "33.315200",
        "longitude": "44.366100",
    },
    {
        "slug": "karbala",
        "name": "Karbala",
        "name_fa": "کربلا",
        "name_ar": "كربلاء",
        "other_names": ["Kerbala"],
        "country": "IQ",
        "kind": "city",
        "latitude": "32.616000",
        "longitude": "44.024900",
    },
    {
        "slug": "najaf",
        "name": "Najaf",
        "name_fa": "نجف",
        "name_ar": "النجف",
        "country": "IQ",
        "kind": "city",
        "latitude": "31.996000",
        "longitude": "44.314800",
    },
    {
        "slug": "umm-qasr-port",
        "name": "Umm Qasr port",
        "name_fa": "بندر ام‌القصر",
        "name_ar": "ميناء أم قصر",
        "other_names": ["Umm Qasr"],
        "country": "IQ",
        "kind": "port",
        "latitude": "30.036000",
        "longitude": "47.919000",
    },
    {
        "slug": "grand-faw-port",
        "name": "Grand Faw port",
        "name_fa": "بندر بزرگ فاو",
        "name_ar": "ميناء الفاو الكبير",
        "other_names": ["Grand Faw", "al-Faw port", "Faw port"],
        "country": "IQ",
        "kind": "port",
        "latitude": "29.925000",
        "longitude": "48.450000",
    },
    # --- Iran -----------------------------------------------------------------------------
    {
        "slug": "tehran",
        "name": "Tehran",
        "name_fa": "تهران",
        "name_ar": "طهران",
        "country": "IR",
        "kind": "city",
        "latitude": "35.689200",
        "longitude": "51.389000",
    },
    {
        "slug": "khorramshahr",
        "name": "Khorramshahr",
        "name_fa": "خرمشهر",
        "name_ar": "خرمشهر",
        "country": "IR",
        "kind": "city",
        "latitude": "30.439700",
        "longitude": "48.166400",
    },
    {
        "slug": "kermanshah",
        "name": "Kermanshah",
        "name_fa": "کرمانشاه",
        "name_ar": "كرمانشاه",
        "country": "IR",
        "kind": "city",
        "latitude": "34.314200",
        "longitude": "47.065000",
    },
    {
        "slug": "ilam",
        "name": "Ilam",
        "name_fa": "ایلام",
        "name_ar": "إيلام",
        "country": "IR",
        "kind": "city",
        "latitude": "33.637400",
        "longitude": "46.422700",
    },
    {
        "slug": "qasr-e-shirin",
        "name": "Qasr-e Shirin",
        "name_fa": "قصر شیرین",
        "name_ar": "قصر شيرين",
        "other_names": ["Qasr-e-Shirin", "Qasr-i Shirin"],
        "country": "IR",
        "kind": "city",
        "latitude": "34.515900",
        "longitude": "45.579400",
    },
    {
        "slug": "khuzestan-province",
        "name": "Khuzestan province",
        "name_fa": "استان خوزستان",
        "name_ar": "محافظة خوزستان",
        "other_names": ["Khuzestan", "خوزستان"],
        "country": "IR",
        "kind": "province",
        # Placed at Ahvaz, the provincial capital.
        "latitude": "31.318300",
        "longitude": "48.670600",
    },
    {
        "slug": "arvand-free-zone",
        "name": "Arvand Free Zone",
        "name_fa": "منطقه آزاد اروند",
        "name_ar": "منطقة أروند الحرة",
        "other_names": ["Arvand Free Trade-Industrial Zone"],
        "country": "IR",
        "kind": "site",
        # Centre of the zone between Khorramshahr and Abadan.
        "latitude": "30.400000",
        "longitude": "48.250000",
    },
    # --- Border crossings (Iranian side named first; the Iraqi side in other_names) ----------
    {
        "slug": "shalamcheh-crossing",
        "name": "Shalamcheh crossing",
        "name_fa": "مرز شلمچه",
        "name_ar": "منفذ الشلامجة",
        "other_names": ["Shalamcheh", "Shalamcheh border crossing", "شلمچه", "الشلامجة"],
        "country": "IR",
        "kind": "crossing",
        "latitude": "30.495000",
        "longitude": "47.940000",
    },
    {
        "slug": "mehran-crossing",
        "name": "Mehran crossing",
        "name_fa": "مرز مهران",
        "name_ar": "منفذ مهران",
        "other_names": ["Mehran", "Mehran border crossing", "Zurbatiyah", "زرباطية", "مهران"],
        "country": "IR",
        "kind": "crossing",
        "latitude": "33.100000",
        "longitude": "46.090000",
    },
    {
        "slug": "chazabeh-crossing",
        "name": "Chazabeh crossing",
        "name_fa": "مرز چذابه",
        "name_ar": "منفذ جذابة",
        "other_names": ["Chazabeh", "Chazzabeh", "al-Sheeb", "چذابه", "الشيب"],
        "country": "IR",
        "kind": "crossing",
        "latitude": "31.800000",
        "longitude": "47.700000",
    },
    {
        "slug": "bashmaq-crossing",
        "name": "Bashmaq crossing",
        "name_fa": "مرز باشماق",
        "name_ar": "منفذ باشماخ",
        "other_names": ["Bashmaq", "Bashmagh", "Penjwen", "باشماق"],
        "country": "IR",
        "kind": "crossing",
        "latitude": "35.593000",
        "longitude": "46.000000",
    },
    {
        "slug": "parviz-khan-crossing",
        "name": "Parviz Khan crossing",
        "name_fa": "مرز پرویزخان",
        "name_ar": "منفذ برويز خان",
        "other_names": ["Parviz Khan", "Parvizkhan", "پرویزخان"],
        "country": "IR",
        "kind": "crossing",
        "latitude": "34.560000",
        "longitude": "45.520000",
    },
    {
        "slug": "tamarchin-crossing",
        "name": "Tamarchin crossing",
        "name_fa": "مرز تمرچین",
        "name_ar": "منفذ حاج عمران",
        "other_names": ["Tamarchin", "Haj Omran", "Haji Omaran", "تمرچین", "حاج عمران"],
        "country": "IR",
        "kind": "crossing",
        "latitude": "36.660000",
        "longitude": "45.030000",
    },
]

ORGANIZATIONS: list[dict[str, Any]] = [
    {
        "slug": "iran-railways",
        "name": "Islamic Republic of Iran Railways",
        "name_fa": "راه‌آهن جمهوری اسلامی ایران",
        "name_ar": "سكك حديد الجمهورية الإسلامية الإيرانية",
        "other_names": ["RAI", "Iranian Railways", "Iran Railways"],
        "country": "IR",
        "kind": "state company",
    },
    {
        "slug": "iraqi-republic-railways",
        "name": "Iraqi Republic Railways",
        "name_fa": "راه‌آهن جمهوری عراق",
        "name_ar": "الشركة العامة لسكك حديد جمهورية العراق",
        "other_names": ["Iraqi Republic Railways Company", "Iraqi Railways"],
        "country": "IQ",
        "kind": "state company",
    },
    {
        "slug": "trade-bank-of-iraq",
        "name": "Trade Bank of Iraq",
        "name_fa": "بانک تجارت عراق",
        "name_ar": "المصرف العراقي للتجارة",
        "other_names": ["TBI"],
        "country": "IQ",
        "kind": "state bank",
    },
    {
        "slug": "central-bank-of-iraq",
        "name": "Central Bank of Iraq",
        "name_fa": "بانک مرکزی عراق",
        "name_ar": "البنك المركزي العراقي",
        "country": "IQ",
        "kind": "central bank",
    },
    {
        "slug": "central-bank-of-iran",
        "name": "Central Bank of Iran",
        "name_fa": "بانک مرکزی جمهوری اسلامی ایران",
        "name_ar": "البنك المركزي الإيراني",
        "other_names": ["Central Bank of the Islamic Republic of Iran", "بانک مرکزی ایران"],
        "country": "IR",
        "kind": "central bank",
    },
    {
        "slug": "national-iranian-gas-company",
        "name": "National Iranian Gas Company",
        "name_fa": "شرکت ملی گاز ایران",
        "name_ar": "الشركة الوطنية الإيرانية للغاز",
        "other_names": ["NIGC"],
        "country": "IR",
        "kind": "state company",
    },
    {
        "slug": "iraq-ministry-of-electricity",
        "name": "Ministry of Electricity (Iraq)",
        "name_fa": "وزارت برق عراق",
        "name_ar": "وزارة الكهرباء العراقية",
        "other_names": ["Iraq's Ministry of Electricity", "Iraqi Ministry of Electricity"],
        "country": "IQ",
        "kind": "ministry",
    },
    {
        "slug": "iraq-ministry-of-transport",
        "name": "Ministry of Transport (Iraq)",
        "name_fa": "وزارت حمل و نقل عراق",
        "name_ar": "وزارة النقل العراقية",
        "other_names": ["Iraq's Ministry of Transport", "Iraqi Ministry of Transport"],
        "country": "IQ",
        "kind": "ministry",
    },
    {
        "slug": "iran-ministry-of-roads",
        "name": "Ministry of Roads and Urban Development (Iran)",
        "name_fa": "وزارت راه و شهرسازی",
        "name_ar": "وزارة الطرق وبناء المدن الإيرانية",
        "other_names": ["Iran's Ministry of Roads and Urban Development"],
        "country": "IR",
        "kind": "ministry",
    },
    {
        "slug": "iran-supreme-national-security-council",
        "name": "Supreme National Security Council (Iran)",
        "name_fa": "شورای عالی امنیت ملی",
        "name_ar": "المجلس الأعلى للأمن القومي الإيراني",
        "other_names": ["Supreme National Security Council", "SNSC"],
        "country": "IR",
        "kind": "state council",
    },
    {
        "slug": "iraq-national-security-advisory",
        "name": "National Security Advisory (Iraq)",
        "name_fa": "مشاوریت امنیت ملی عراق",
        "name_ar": "مستشارية الأمن القومي العراقي",
        "other_names": ["Iraqi National Security Advisory"],
        "country": "IQ",
        "kind": "agency",
    },
    {
        "slug": "arvand-free-zone-organization",
        "name": "Arvand Free Zone Organization",
        "name_fa": "سازمان منطقه آزاد اروند",
        "name_ar": "منظمة منطقة أروند الحرة",
        "country": "IR",
        "kind": "agency",
    },
    {
        "slug": "mostazafan-foundation",
        "name": "Mostazafan Foundation",
        "name_fa": "بنیاد مستضعفان",
        "name_ar": "مؤسسة المستضعفين",
        "other_names": ["Bonyad Mostazafan"],
        "country": "IR",
        "kind": "foundation",
    },
    {
        "slug": "islamic-culture-and-relations-organization",
        "name": "Islamic Culture and Relations Organization",
        "name_fa": "سازمان فرهنگ و ارتباطات اسلامی",
        "name_ar": "منظمة الثقافة والعلاقات الإسلامية",
        "other_names": ["ICRO"],
        "country": "IR",
        "kind": "agency",
    },
]

PEOPLE: list[dict[str, Any]] = [
    {
        "slug": "masoud-pezeshkian",
        "name": "Masoud Pezeshkian",
        "name_fa": "مسعود پزشکیان",
        "name_ar": "مسعود بزشكيان",
        "other_names": ["Pezeshkian", "President Pezeshkian", "پزشکیان", "بزشكيان"],
        "role": "President of Iran",
        "country": "IR",
    },
    {
        "slug": "abdul-latif-rashid",
        "name": "Abdul Latif Rashid",
        "name_fa": "عبداللطیف رشید",
        "name_ar": "عبد اللطيف رشيد",
        "other_names": [
            "Rashid",
            "Abdul Latif Rashid",
            "Abdul Latif Jamal Rashid",
            "President Rashid",
        ],
        "role": "President of Iraq",
        "country": "IQ",
    },
    {
        "slug": "qassem-al-araji",
        "name": "Qassem al-Araji",
        "name_fa": "قاسم اعرجی",
        "name_ar": "قاسم الأعرجي",
        "other_names": ["al-Araji", "Al-Araji", "Qasim al-Araji", "Qassim al-Araji", "الأعرجي"],
        "role": "National Security Adviser of Iraq",
        "country": "IQ",
        "organization": "iraq-national-security-advisory",
    },
    {
        "slug": "mohammed-shia-al-sudani",
        "name": "Mohammed Shia al-Sudani",
        "name_fa": "محمد شیاع السودانی",
        "name_ar": "محمد شياع السوداني",
        "other_names": ["al-Sudani", "Al-Sudani", "Mohammed Shia' al-Sudani", "السوداني"],
        "role": "Prime Minister of Iraq",
        "country": "IQ",
    },
    {
        "slug": "abbas-araghchi",
        "name": "Abbas Araghchi",
        "name_fa": "عباس عراقچی",
        "name_ar": "عباس عراقجي",
        "other_names": ["Araghchi", "عراقچی", "عراقجي"],
        "role": "Minister of Foreign Affairs of Iran",
        "country": "IR",
    },
    {
        "slug": "fuad-hussein",
        "name": "Fuad Hussein",
        "name_fa": "فؤاد حسین",
        "name_ar": "فؤاد حسين",
        "other_names": ["Fouad Hussein"],
        "role": "Deputy Prime Minister and Minister of Foreign Affairs of Iraq",
        "country": "IQ",
    },
    {
        "slug": "farzaneh-sadegh",
        "name": "Farzaneh Sadegh",
        "name_fa": "فرزانه صادق",
        "name_ar": "فرزانة صادق",
        "other_names": ["Farzaneh Sadegh Malvajerd"],
        "role": "Minister of Roads and Urban Development of Iran",
        "country": "IR",
        "organization": "iran-ministry-of-roads",
    },
    {
        "slug": "razzaq-muhibis-al-saadawi",
        "name": "Razzaq Muhibis al-Saadawi",
        "name_fa": "رزاق محیبس السعداوی",
        "name_ar": "رزاق محيبس السعداوي",
        "other_names": ["al-Saadawi", "Razak Muhibis al-Saadawi"],
        "role": "Minister of Transport of Iraq",
        "country": "IQ",
        "organization": "iraq-ministry-of-transport",
    },
    {
        "slug": "ali-shamkhani",
        "name": "Ali Shamkhani",
        "name_fa": "علی شمخانی",
        "name_ar": "علي شمخاني",
        "other_names": ["Shamkhani"],
        "role": (
            "Secretary of Iran's Supreme National Security Council (2013–2023); "
            "signed the 2023 security agreement with Iraq"
        ),
        "country": "IR",
        "organization": "iran-supreme-national-security-council",
    },
    {
        "slug": "mohammad-kazem-al-e-sadegh",
        "name": "Mohammad Kazem Al-e Sadegh",
        "name_fa": "محمدکاظم آل‌صادق",
        "name_ar": "محمد كاظم آل صادق",
        "other_names": ["Al-e Sadegh", "Mohammad Kazem Al-Sadeq", "Al-Sadeq"],
        "role": "Ambassador of Iran to Iraq",
        "country": "IR",
    },
    {
        "slug": "mohammad-reza-farzin",
        "name": "Mohammad Reza Farzin",
        "name_fa": "محمدرضا فرزین",
        "name_ar": "محمد رضا فرزين",
        "other_names": ["Farzin"],
        "role": "Governor of the Central Bank of Iran",
        "country": "IR",
        "organization": "central-bank-of-iran",
    },
    {
        "slug": "ali-mohsen-al-alaq",
        "name": "Ali Mohsen al-Alaq",
        "name_fa": "علی محسن العلاق",
        "name_ar": "علي محسن العلاق",
        "other_names": ["al-Alaq", "Ali al-Alaq"],
        "role": "Governor of the Central Bank of Iraq",
        "country": "IQ",
        "organization": "central-bank-of-iraq",
    },
    {
        "slug": "ziad-ali-fadel",
        "name": "Ziad Ali Fadel",
        "name_fa": "زیاد علی فاضل",
        "name_ar": "زياد علي فاضل",
        "other_names": ["Ziyad Ali Fadhil", "Ziad Ali Fadhel"],
        "role": "Minister of Electricity of Iraq",
        "country": "IQ",
        "organization": "iraq-ministry-of-electricity",
    },
    {
        "slug": "mohsen-paknejad",
        "name": "Mohsen Paknejad",
        "name_fa": "محسن پاک‌نژاد",
        "name_ar": "محسن باك نجاد",
        "other_names": ["Paknejad"],
        "role": "Minister of Petroleum of Iran",
        "country": "IR",
    },
]

BOTH = ["IR", "IQ"]

INITIATIVES: list[dict[str, Any]] = [
    {
        "slug": "basra-shalamcheh-railway",
        "name": "Basra–Shalamcheh railway",
        "name_fa": "راه‌آهن شلمچه–بصره",
        "name_ar": "سكة حديد الشلامجة–البصرة",
        "sector": "rail",
        "countries": BOTH,
        "summary": (
            "A 32 km railway joining Iran's network at the Shalamcheh border crossing, west of "
            "Khorramshahr, to Basra, about half of it on each side of the border, with a movable "
            "bridge over the Shatt al-Arab (Arvand Rud). The two governments signed the agreement "
            "to build it on 26 December 2021 after some twenty years of talks, and construction "
            "was launched at a ceremony at the border on 2 September 2023 attended by Iraq's "
            "prime minister and Iran's first vice-president. Iran is responsible for mine "
            "clearance and the bridge, Iraq for the track bed and track. The line would give "
            "pilgrims and freight a direct rail route from Iran to Basra and, over Iraq's "
            "network, to Karbala and beyond."
        ),
        "history": [
            (
                dt.date(2021, 12, 26),
                "agreed",
                "Agreement to build the Shalamcheh–Basra railway signed by the two governments.",
            ),
            (
                dt.date(2023, 9, 2),
                "in_implementation",
                "Construction launched at a ceremony at the border attended by Iraqi Prime "
                "Minister Mohammed Shia al-Sudani and Iran's First Vice-President "
                "Mohammad Mokhber.",
            ),
        ],
        "key_figures": [
            {"label": "Length", "value": "32", "unit": "km"},
            {
                "label": "Length on each side of the border",
                "value": "16",
                "unit": "km",
                "note": "the line is split about evenly between Iran and Iraq",
            },
            {
                "label": "Bridge over the Shatt al-Arab (planned)",
                "value": "800",
                "unit": "m",
                "note": "approximate length of the movable bridge as reported by Iranian officials",
            },
        ],
        "aliases": {
            "en": [
                ("Basra–Shalamcheh railway", 1.0),
                ("Shalamcheh–Basra railway", 1.0),
                ("Basra–Shalamcheh rail link", 1.0),
                ("Shalamcheh–Basra rail link", 1.0),
                ("Shalamcheh-Basra railroad", 1.0),
                ("Shalamcheh railway", 1.0),
                ("Iran–Iraq railway", 0.8),
                ("Iran–Iraq rail link", 0.8),
                ("railway project", 0.5),
                ("railway connection", 0.5),
                ("joint rail link", 0.6),
                ("rail link", 0.4),
                ("rail connectivity", 0.4),
            ],
            "fa": [
                ("راه‌آهن شلمچه–بصره", 1.0),
                ("راه‌آهن شلمچه بصره", 1.0),
                ("راه‌آهن بصره–شلمچه", 1.0),
                ("خط ریلی شلمچه–بصره", 1.0),
                ("خط آهن شلمچه–بصره", 1.0),
                ("اتصال ریلی ایران و عراق", 0.8),
                ("پل اروند", 0.7),
            ],
            "ar": [
                ("سكة حديد الشلامجة–البصرة", 1.0),
                ("سكة حديد البصرة–الشلامجة", 1.0),
                ("سكة الشلامجة", 1.0),
                ("الربط السككي بين العراق وإيران", 0.8),
                ("الربط السككي مع إيران", 0.8),
                ("مشروع الربط السككي", 0.6),
            ],
        },
        "places": ["basra", "shalamcheh-crossing", "khorramshahr", "khuzestan-province"],
        "organizations": [
            "iran-railways",
            "iraqi-republic-railways",
            "iran-ministry-of-roads",
            "iraq-ministry-of-transport",
            "mostazafan-foundation",
        ],
        "people": ["farzaneh-sadegh", "razzaq-muhibis-al-saadawi", "mohammed-shia-al-sudani"],
    },
    {
        "slug": "border-markets",
        "name": "Border markets and crossings trade",
        "name_fa": "بازارچه‌های مرزی ایران و عراق",
        "name_ar": "الأسواق الحدودية بين إيران والعراق",
        "sector": "border_trade",
        "countries": BOTH,
        "summary": (
            "Border markets (bazarcheh) and official land crossings through which most overland "
            "trade between Iran and Iraq passes, from Tamarchin and Bashmaq on the Kurdistan "
            "Region's frontier through Parviz Khan and Mehran to Chazabeh and Shalamcheh in the "
            "south. Residents of border areas trade under simplified customs rules, and Iran has "
            "given governors of its border provinces wider powers to expand exchanges."
        ),
        "history": [(CATALOGUE_AS_OF, "operational", AS_OF_NOTE)],
        "key_figures": [],
        "aliases": {
            "en": [
                ("border markets", 0.8),
                ("border market", 0.8),
                ("joint border markets", 1.0),
                ("Iran–Iraq border markets", 1.0),
                ("border trade", 0.6),
                ("border crossings trade", 0.7),
            ],
            "fa": [
                ("بازارچه‌های مرزی", 0.8),
                ("بازارچه مرزی", 0.8),
                ("بازارچه‌های مشترک مرزی", 1.0),
                ("تجارت مرزی", 0.6),
                ("مبادلات مرزی", 0.6),
            ],
            "ar": [
                ("الأسواق الحدودية", 0.8),
                ("السوق الحدودية", 0.8),
                ("الأسواق الحدودية المشتركة", 1.0),
                ("التجارة الحدودية", 0.6),
                ("المنافذ الحدودية مع إيران", 0.7),
            ],
        },
        "places": [
            "parviz-khan-crossing",
            "bashmaq-crossing",
            "tamarchin-crossing",
            "mehran-crossing",
            "chazabeh-crossing",
            "shalamcheh-crossing",
            "qasr-e-shirin",
            "kermanshah",
            "ilam",
        ],
        "organizations": [],
        "people": ["masoud-pezeshkian"],
    },
    {
        "slug": "free-zones",
        "name": "Joint free and industrial zones",
        "name_fa": "مناطق آزاد و صنعتی مشترک ایران و عراق",
        "name_ar": "المناطق الحرة والصناعية المشتركة بين إيران والعراق",
        "sector": "free_zones",
        "countries": BOTH,
        "summary": (
            "Proposals for free-trade and joint industrial zones along the border, building on "
            "Iran's Arvand Free Zone around Khorramshahr and Abadan next to the Shalamcheh "
            "crossing. Leaders of both countries have repeatedly called for joint zones to draw "
            "investment to the border provinces; no joint zone has yet been established."
        ),
        "history": [(CATALOGUE_AS_OF, "proposed", AS_OF_NOTE)],
        "key_figures": [],
        "aliases": {
            "en": [
                ("joint free zones", 1.0),
                ("joint free zone", 1.0),
                ("joint free trade zone", 1.0),
                ("joint industrial zones", 0.9),
                ("Arvand Free Zone", 0.7),
                ("free zones", 0.5),
                ("free zone", 0.5),
            ],
            "fa": [
                ("منطقه آزاد مشترک", 1.0),
                ("مناطق آزاد مشترک", 1.0),
                ("شهرک صنعتی مشترک", 0.9),
                ("منطقه آزاد اروند", 0.7),
                ("منطقه آزاد", 0.5),
            ],
            "ar": [
                ("المنطقة الحرة المشتركة", 1.0),
                ("المناطق الحرة المشتركة", 1.0),
                ("المدن الصناعية المشتركة", 0.9),
                ("منطقة أروند الحرة", 0.7),
                ("المنطقة الحرة", 0.5),
            ],
        },
        "places": ["arvand-free-zone", "khorramshahr", "shalamcheh-crossing", "basra"],
        "organizations": ["arvand-free-zone-organization"],
        "people": [],
    },
    {
        "slug": "energy-gas-electricity",
        "name": "Gas and electricity supply to Iraq",
        "name_fa": "صادرات گاز و برق ایران به عراق",
        "name_ar": "إمدادات الغاز والكهرباء الإيرانية إلى العراق",
        "sector": "energy",
        "countries": BOTH,
        "summary": (
            "Iran supplies natural gas to Iraqi power stations by pipeline and exports "
            "electricity over cross-border lines. Gas began flowing to power plants around "
            "Baghdad on 21 June 2017 under a 2013 contract, and a second line serves Basra. "
            "Iraqi payments go into accounts at the Trade Bank of Iraq and are released under "
            "US sanctions waivers, so settlement is slow and Iranian supply is often cut in "
            "the summer peak, when both countries are short of power."
        ),
        "history": [
            (
                dt.date(2017, 6, 21),
                "operational",
                "Iranian gas exports to Iraq began through the pipeline to Baghdad.",
            ),
        ],
        "key_figures": [
            {
                "label": "Contracted gas for Baghdad-area power plants",
                "value": "25",
                "unit": "million m³/day",
                "note": "2013 contract; actual flows have often been lower",
            },
            {"label": "Pipeline to Baghdad", "value": "270", "unit": "km", "note": "as reported"},
        ],
        "aliases": {
            "en": [
                ("energy cooperation", 0.6),
                ("Iranian gas exports to Iraq", 1.0),
                ("Iranian gas supplies", 0.9),
                ("Iranian gas", 0.8),
                ("gas exports to Iraq", 1.0),
                ("electricity imports from Iran", 1.0),
                ("electricity exports to Iraq", 1.0),
                ("gas and electricity", 0.6),
            ],
            "fa": [
                ("صادرات گاز به عراق", 1.0),
                ("صادرات برق به عراق", 1.0),
                ("گاز ایران", 0.7),
                ("همکاری انرژی", 0.6),
                ("همکاری‌های انرژی", 0.6),
            ],
            "ar": [
                ("الغاز الإيراني", 0.9),
                ("الكهرباء الإيرانية", 0.9),
                ("إمدادات الغاز الإيراني", 1.0),
                ("استيراد الغاز من إيران", 1.0),
                ("التعاون في مجال الطاقة", 0.6),
            ],
        },
        "places": ["baghdad", "basra", "khuzestan-province", "ilam"],
        "organizations": [
            "national-iranian-gas-company",
            "iraq-ministry-of-electricity",
            "trade-bank-of-iraq",
        ],
        "people": ["mohsen-paknejad", "ziad-ali-fadel"],
    },
    {
        "slug": "border-security-agreement",
        "name": "Iran–Iraq border security agreement",
        "name_fa": "توافقنامه امنیتی ایران و عراق",
        "name_ar": "الاتفاق الأمني بين العراق وإيران",
        "sector": "security",
        "countries": BOTH,
        "summary": (
            "A security agreement signed in Baghdad on 19 March 2023 by Ali Shamkhani, then "
            "secretary of Iran's Supreme National Security Council, and Iraq's National "
            "Security Adviser Qassem al-Araji, in the presence of Prime Minister Mohammed Shia "
            "al-Sudani. Iraq undertook to secure the common border and to prevent armed Iranian "
            "Kurdish opposition groups based in the Kurdistan Region from using its territory "
            "against Iran; a deadline of September 2023 was set to disarm them and move their "
            "camps away from the border. A joint committee follows its implementation."
        ),
        "history": [
            (
                dt.date(2023, 3, 19),
                "agreed",
                "Agreement signed in Baghdad by Ali Shamkhani and Qassem al-Araji.",
            ),
            (
                dt.date(2023, 9, 19),
                "in_implementation",
                "Deadline agreed for disarming armed groups and moving their camps away from "
                "the border; Iraq reported relocating them.",
            ),
        ],
        "key_figures": [
            {"label": "Length of the Iran–Iraq border", "value": "1599", "unit": "km"},
        ],
        "aliases": {
            "en": [
                ("Iran–Iraq security agreement", 1.0),
                ("Iran–Iraq security pact", 1.0),
                ("border security agreement", 1.0),
                ("bilateral security treaty", 0.8),
                ("bilateral security agreement", 0.8),
                ("security agreement", 0.6),
                ("security pact", 0.6),
                ("security treaty", 0.6),
            ],
            "fa": [
                ("توافقنامه امنیتی ایران و عراق", 1.0),
                ("توافق امنیتی ایران و عراق", 1.0),
                ("توافقنامه امنیت مرزی", 1.0),
                ("توافقنامه امنیتی", 0.6),
                ("پیمان امنیتی", 0.6),
            ],
            "ar": [
                ("الاتفاق الأمني بين العراق وإيران", 1.0),
                ("الاتفاق الأمني العراقي الإيراني", 1.0),
                ("الاتفاقية الأمنية مع إيران", 1.0),
                ("الاتفاق الأمني", 0.6),
                ("الاتفاقية الأمنية", 0.6),
            ],
        },
        "places": ["baghdad", "tehran", "tamarchin-crossing", "bashmaq-crossing"],
        "organizations": [
            "iran-supreme-national-security-council",
            "iraq-national-security-advisory",
        ],
        "people": ["qassem-al-araji", "ali-shamkhani", "mohammed-shia-al-sudani"],
    },
    {
        "slug": "arbaeen-pilgrimage",
        "name": "Arbaeen pilgrimage cooperation",
        "name_fa": "همکاری در برگزاری پیاده‌روی اربعین",
        "name_ar": "التعاون في زيارة الأربعين",
        "sector": "culture_pilgrimage",
        "countries": BOTH,
        "summary": (
            "Every year millions of pilgrims, a large share of them from Iran, walk to Karbala "
            "for Arbaeen, forty days after Ashura, most of them from Najaf along a route of about "
            "80 km. Iranian pilgrims cross mainly at Mehran, Shalamcheh and Chazabeh. The two "
            "governments coordinate border opening, transport, security, health care and "
            "services for the pilgrims each season."
        ),
        "history": [
            (
                dt.date(2023, 9, 6),
                "operational",
                "Operating as of Arbaeen 2023 (20 Safar 1445); an annual, long-established "
                "pilgrimage.",
            ),
        ],
        "key_figures": [
            {"label": "Walking route Najaf–Karbala", "value": "80", "unit": "km"},
        ],
        "aliases": {
            "en": [
                ("Arbaeen pilgrimage", 1.0),
                ("Arbaeen walk", 1.0),
                ("Arbaeen pilgrims", 1.0),
                ("Arbaeen", 0.9),
                ("Arbaein", 0.9),
                ("Arbaeen march", 1.0),
            ],
            "fa": [
                ("پیاده‌روی اربعین", 1.0),
                ("راهپیمایی اربعین", 1.0),
                ("زائران اربعین", 1.0),
                ("اربعین حسینی", 1.0),
                ("اربعین", 0.9),
            ],
            "ar": [
                ("زيارة الأربعين", 1.0),
                ("الزيارة الأربعينية", 1.0),
                ("زوار الأربعين", 1.0),
                ("أربعينية الإمام الحسين", 1.0),
                ("الأربعين", 0.7),
            ],
        },
        "places": [
            "karbala",
            "najaf",
            "mehran-crossing",
            "shalamcheh-crossing",
            "chazabeh-crossing",
            "ilam",
        ],
        "organizations": [],
        "people": [],
    },
    {
        "slug": "transport-corridors",
        "name": "Transit and transport corridors",
        "name_fa": "کریدورهای ترانزیتی ایران و عراق",
        "name_ar": "ممرات النقل والترانزيت بين إيران والعراق",
        "sector": "road_corridors",
        "countries": BOTH,
        "summary": (
            "Plans to make Iran and Iraq links in wider transport corridors: road and rail "
            "transit from the Persian Gulf through Iraq to Syria and the Mediterranean, and "
            "connections between Iranian crossings and Iraq's ports and its Development Road "
            "from Grand Faw. Road haulage through the land crossings already carries most "
            "bilateral overland trade; transit to third countries remains at the proposal stage."
        ),
        "history": [(CATALOGUE_AS_OF, "proposed", AS_OF_NOTE)],
        "key_figures": [],
        "aliases": {
            "en": [
                ("transport corridors", 0.6),
                ("transport corridor", 0.6),
                ("transit corridor", 0.7),
                ("transit corridors", 0.7),
                ("Persian Gulf–Mediterranean corridor", 1.0),
                ("Iran–Iraq–Syria corridor", 1.0),
                ("transit through Iraq", 0.8),
            ],
            "fa": [
                ("کریدور ترانزیتی", 0.7),
                ("کریدورهای ترانزیتی", 0.7),
                ("کریدور خلیج فارس–مدیترانه", 1.0),
                ("ترانزیت کالا از عراق", 0.9),
                ("کریدور حمل و نقل", 0.6),
            ],
            "ar": [
                ("ممر الترانزيت", 0.7),
                ("ممرات النقل", 0.6),
                ("الممر الإيراني العراقي السوري", 1.0),
                ("النقل البري مع إيران", 0.8),
                ("طريق التنمية", 0.4),
            ],
        },
        "places": [
            "grand-faw-port",
            "umm-qasr-port",
            "mehran-crossing",
            "parviz-khan-crossing",
            "shalamcheh-crossing",
            "baghdad",
        ],
        "organizations": ["iran-ministry-of-roads", "iraq-ministry-of-transport"],
        "people": ["farzaneh-sadegh", "razzaq-muhibis-al-saadawi"],
    },
    {
        "slug": "trade-banking",
        "name": "Trade and banking channels",
        "name_fa": "همکاری‌های تجاری و بانکی ایران و عراق",
        "name_ar": "التعاون التجاري والمصرفي بين إيران والعراق",
        "sector": "trade_finance",
        "countries": BOTH,
        "summary": (
            "Arrangements to settle trade between the two economies under US sanctions on "
            "Iran. Iraqi payments for Iranian gas and electricity accumulate in accounts at the "
            "Trade Bank of Iraq and are released, under US waivers, for purchases of "
            "non-sanctioned goods such as food and medicine. The central banks have discussed "
            "payment channels and currency arrangements, and in 2023 Iraq announced an "
            "oil-for-gas barter to pay for Iranian gas."
        ),
        "history": [(CATALOGUE_AS_OF, "in_implementation", AS_OF_NOTE)],
        "key_figures": [],
        "aliases": {
            "en": [
                ("banking cooperation", 0.7),
                ("banking channel", 0.8),
                ("banking channels", 0.8),
                ("payment mechanism", 0.6),
                ("oil-for-gas barter", 1.0),
                ("Iran's gas debts", 0.9),
                ("frozen Iranian funds", 0.9),
            ],
            "fa": [
                ("همکاری بانکی", 0.7),
                ("همکاری‌های بانکی", 0.7),
                ("مطالبات ایران از عراق", 1.0),
                ("منابع ارزی ایران در عراق", 1.0),
                ("تهاتر نفت با گاز", 1.0),
            ],
            "ar": [
                ("التعاون المصرفي", 0.7),
                ("الديون الإيرانية", 0.9),
                ("المستحقات الإيرانية", 0.9),
                ("مقايضة النفط بالغاز", 1.0),
                ("آلية الدفع", 0.6),
            ],
        },
        "places": ["baghdad", "tehran"],
        "organizations": ["trade-bank-of-iraq", "central-bank-of-iraq", "central-bank-of-iran"],
        "people": ["mohammad-reza-farzin", "ali-mohsen-al-alaq"],
    },
    {
        "slug": "science-academic-exchange",
        "name": "Scientific and academic exchange",
        "name_fa": "همکاری‌های علمی و دانشگاهی ایران و عراق",
        "name_ar": "التعاون العلمي والأكاديمي بين إيران والعراق",
        "sector": "science_education",
        "countries": BOTH,
        "summary": (
            "Memoranda between universities and ministries of higher education on student and "
            "faculty exchange, joint research and the recognition of degrees. Iraqi students "
            "are one of the largest groups of foreign students at Iranian universities."
        ),
        "history": [(CATALOGUE_AS_OF, "in_implementation", AS_OF_NOTE)],
        "key_figures": [],
        "aliases": {
            "en": [
                ("academic exchanges", 0.6),
                ("academic exchange", 0.6),
                ("scientific exchange", 0.6),
                ("scientific cooperation", 0.5),
                ("university cooperation", 0.7),
                ("Iraqi students in Iran", 1.0),
                ("student exchange", 0.6),
            ],
            "fa": [
                ("همکاری‌های علمی و دانشگاهی", 0.8),
                ("تبادل دانشجو", 0.7),
                ("تبادلات علمی", 0.6),
                ("دانشجویان عراقی", 0.9),
            ],
            "ar": [
                ("التبادل الأكاديمي", 0.6),
                ("التعاون العلمي", 0.5),
                ("التبادل العلمي", 0.6),
                ("الطلبة العراقيين في إيران", 1.0),
            ],
        },
        "places": ["tehran", "baghdad", "najaf"],
        "organizations": [],
        "people": [],
    },
    {
        "slug": "cultural-cooperation",
        "name": "Cultural cooperation",
        "name_fa": "همکاری‌های فرهنگی ایران و عراق",
        "name_ar": "التعاون الثقافي بين إيران والعراق",
        "sector": "culture_pilgrimage",
        "countries": BOTH,
        "summary": (
            "Cultural agreements and events between the two countries: book fairs, cultural "
            "weeks, film and media exchanges, heritage work and the teaching of Persian in Iraq "
            "and Arabic in Iran, with Iran's Islamic Culture and Relations Organization among "
            "the bodies involved."
        ),
        "history": [(CATALOGUE_AS_OF, "in_implementation", AS_OF_NOTE)],
        "key_figures": [],
        "aliases": {
            "en": [
                ("cultural cooperation", 0.6),
                ("cultural exchanges", 0.6),
                ("cultural week", 0.8),
                ("Iranian cultural week", 1.0),
                ("cultural ties", 0.4),
            ],
            "fa": [
                ("همکاری‌های فرهنگی", 0.6),
                ("تبادلات فرهنگی", 0.6),
                ("هفته فرهنگی ایران", 1.0),
                ("رایزنی فرهنگی ایران در بغداد", 1.0),
            ],
            "ar": [
                ("التعاون الثقافي", 0.6),
                ("التبادل الثقافي", 0.6),
                ("الأسبوع الثقافي الإيراني", 1.0),
                ("المستشارية الثقافية الإيرانية", 1.0),
            ],
        },
        "places": ["baghdad", "tehran", "najaf", "karbala"],
        "organizations": ["islamic-culture-and-relations-organization"],
        "people": [],
    },
]
