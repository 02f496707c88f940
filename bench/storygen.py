"""A generated background for the story evaluation: many outlets, the same days.

    from storygen import background; records = background(400)

Events of a few kinds (a power or water plant opened, a league round played, a
quake and its aftershock, a book fair, a price rise) in many cities, each told
by one to three of twenty outlets in Arabic or English within hours. It is
meant to be hard the way a real news day is: the same days, the same cities,
the same topics, so that events of one kind in one city meet (a wind plant
and a solar plant opened in Sohar the same week, a city's bread and fuel
price rises of one day, four results of one league round on one evening, a
quake and its aftershock). A chain would feed on that, so it is where
chaining shows.

What it does not do is tell two events with nothing a reader could tell them
apart by. Real reports of an event name what makes it that event: the plant's
developer and capacity, the clubs and the score, the magnitude and the depth,
the fair's edition and guest of honour, the commodity and the rise; and a city
has one book fair a year, a club plays once a round, a government raises the
price of bread once a week. Outlets of one event share the facts (they copy one
wire or statement), each in its own wording, and a headline may leave some
out (the lead then usually gives them). All text is written here from templates;
every event, club and company is invented; the places are real.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

CITIES = [  # (Arabic, English): places the stories gazetteer knows, in many countries
    ("القاهرة", "Cairo"), ("أسوان", "Aswan"), ("الرياض", "Riyadh"), ("جدة", "Jeddah"),
    ("دبي", "Dubai"), ("الدوحة", "Doha"), ("مسقط", "Muscat"), ("صحار", "Sohar"),
    ("بغداد", "Baghdad"), ("البصرة", "Basra"), ("بيروت", "Beirut"), ("دمشق", "Damascus"),
    ("حلب", "Aleppo"), ("الرباط", "Rabat"), ("طنجة", "Tangier"), ("وهران", "Oran"),
    ("صفاقس", "Sfax"), ("نابل", "Nabeul"), ("بنغازي", "Benghazi"), ("الخرطوم", "Khartoum"),
    ("المنامة", "Manama"), ("عدن", "Aden"), ("طهران", "Tehran"), ("أنقرة", "Ankara"),
    ("إسطنبول", "Istanbul"), ("نواكشوط", "Nouakchott"), ("الموصل", "Mosul"),
]
QUAKE_CITIES = [c for c in CITIES if c[1] in {
    "Tehran", "Ankara", "Istanbul", "Aleppo", "Mosul", "Aden", "Muscat", "Oran", "Tangier",
    "Beirut", "Damascus"}]
"""Quakes strike where the ground moves, and the same place again the next day."""
OUTLETS = [f"منفذ {n}" for n in range(1, 13)] + [f"Outlet {n}" for n in range(1, 9)]

DEVELOPERS = [("مدار", "Madar"), ("زاهر", "Zaher"), ("رواد", "Rowad"), ("نماء", "Namaa"),
              ("الرواسي", "Al Rawasi"), ("نبراس", "Nibras"), ("تمكين", "Tamkeen"),
              ("أفق", "Ofoq"), ("ضياء", "Diyaa"), ("وفرة", "Wafra")]
"""Invented companies, named in Arabic as they are in English (transliterated)."""
PLANTS = [("شمسية", "solar"), ("رياح", "wind"), ("غازية", "gas-fired"),
          ("كهرومائية", "hydroelectric")]
CLUBS = [("الشروق", "Al Shorouk"), ("الفجر", "Al Fajr"), ("الكرامة", "Al Karama"),
         ("الوحدة", "Al Wahda"), ("النهضة", "Al Nahda"), ("الرمال", "Al Rimal"),
         ("الشعلة", "Al Shoula"), ("الاتحاد", "Al Ittihad")]
"""One invented league, eight clubs: a round is four matches on one evening (the
same two clubs may meet again in another round: real leagues play home and away)."""
GUESTS = [("الكويت", "Kuwait"), ("تونس", "Tunisia"), ("المغرب", "Morocco"), ("الأردن", "Jordan"),
          ("عمان", "Oman"), ("إيطاليا", "Italy"), ("الصين", "China"), ("اليابان", "Japan"),
          ("إسبانيا", "Spain"), ("الهند", "India")]
GOODS = [("الخبز", "bread"), ("البنزين", "petrol"), ("السكر", "sugar"), ("الكهرباء", "electricity")]

TEMPLATES = {  # kind: (Arabic titles, Arabic leads, English titles, English leads)
    "plant": (
        ["افتتاح محطة {what} جديدة في {city} بقدرة {n} ميغاواط",
         "{city} تشغل محطة {what} لشركة {dev} بطاقة {n} ميغاواط",
         "شركة {dev} تدشن محطة {what} في {city}"],
        ["أعلنت شركة {dev} تشغيل المحطة بقدرة {n} ميغاواط بكلفة {cost} مليون دولار.",
         "المحطة التي بنتها {dev} تضيف {n} ميغاواط إلى الشبكة."],
        ["{city} opens a {n} MW {what_en} plant",
         "{dev_en} switches on {what_en} plant in {city}"],
        ["{dev_en} said the {n} MW plant cost {cost} million dollars.",
         "The plant built by {dev_en} adds {n} MW to the grid."],
    ),
    "match": (
        ["{home} يفوز على {away} {score} في الجولة {round} من الدوري",
         "الدوري: {home} يتغلب على ضيفه {away} بنتيجة {score}"],
        ["سجل {home} أهدافه أمام {away} في الجولة {round}.",
         "انتهت مباراة {home} و{away} بنتيجة {score}."],
        ["{home_en} beat {away_en} {score} in round {round}",
         "League: {home_en} see off {away_en} {score}"],
        ["{home_en} won {score} at home to {away_en}.",
         "Round {round}: {home_en} {score} {away_en}."],
    ),
    "draw": (
        ["تعادل {home} و{away} {score} في الجولة {round} من الدوري",
         "الدوري: {home} يكتفي بالتعادل مع {away} {score}"],
        ["اقتسم {home} و{away} النقاط في الجولة {round}.",
         "انتهت مباراة {home} و{away} بنتيجة {score}."],
        ["{home_en} and {away_en} draw {score} in round {round}",
         "League: {home_en} held {score} by {away_en}"],
        ["{home_en} and {away_en} shared the points.",
         "Round {round}: {home_en} {score} {away_en}."],
    ),
    "quake": (
        ["زلزال بقوة {mag} درجات يضرب محيط {city}",
         "هزة أرضية بقوة {mag} درجات تثير الذعر في {city}"],
        ["قال مرصد الزلازل إن الهزة وقعت على عمق {depth} كيلومترات.",
         "سكان {city} خرجوا إلى الشوارع بعد هزة بلغت {mag} درجات على عمق {depth} كيلومترات."],
        ["Magnitude {mag} quake shakes {city}",
         "{city} residents flee homes after {mag} magnitude tremor"],
        ["The quake struck at a depth of {depth} km.",
         "Seismologists put the depth at {depth} km."],
    ),
    "fair": (
        ["انطلاق الدورة {edition} لمعرض {city} للكتاب بمشاركة {n} دار نشر",
         "معرض {city} الدولي للكتاب يفتح أبوابه و{guest} ضيف شرف"],
        ["تحل {guest} ضيف شرف على الدورة {edition} التي تشارك فيها {n} دار نشر.",
         "يشارك في المعرض {n} دار نشر من {countries} دولة."],
        ["{city} book fair opens with {n} publishers",
         "Book lovers flock to {city} fair, {guest_en} guest of honour"],
        ["The {edition}th edition hosts {guest_en} as guest of honour.",
         "{n} publishers from {countries} countries take part."],
    ),
    "price": (
        ["رفع سعر {good} في {city} بنسبة {n}%",
         "زيادة {n}% في سعر {good} في {city}"],
        ["قررت السلطات في {city} رفع سعر {good} {n}% اعتباراً من الأسبوع المقبل.",
         "أثار رفع سعر {good} بنسبة {n}% غضب السكان."],
        ["{Good_en} prices rise {n}% in {city}",
         "{city} raises {good_en} price by {n}%"],
        ["Authorities in {city} raised the price of {good_en} by {n}%.",
         "The {n}% rise in {good_en} prices angered residents."],
    ),
}


def _events(r: random.Random, t0: datetime, days: int):
    """Endless (kind, slots, when) of distinct events: what tells them apart is drawn
    the way the world makes it (one fair per city, one match per club per round)."""
    used: set[tuple] = set()
    round_no = 0
    while True:
        kind = r.choice(("plant", "match", "quake", "fair", "price"))
        when = t0 + timedelta(seconds=r.randint(0, days * 86400))
        if kind == "match":  # a whole round: four matches of one evening, every third day
            if round_no >= days // 3:
                continue
            round_no += 1
            clubs = r.sample(CLUBS, len(CLUBS))
            evening = t0 + timedelta(days=3 * round_no - 2, hours=18)
            for (h, he), (a, ae) in zip(clubs[::2], clubs[1::2], strict=True):
                goals = sorted((r.randint(0, 4), r.randint(0, 4)), reverse=True)
                yield ("draw" if goals[0] == goals[1] else "match"), {
                    "home": h, "away": a, "home_en": he, "away_en": ae, "round": round_no,
                    "score": f"{goals[0]}-{goals[1]}",  # the winner named first
                }, evening + timedelta(minutes=r.randint(0, 150))
            continue
        city_ar, city_en = r.choice(QUAKE_CITIES if kind == "quake" else CITIES)
        slots = {"city": city_ar, "city_en": city_en}
        if kind == "plant":
            (what, what_en), (dev, dev_en) = r.choice(PLANTS), r.choice(DEVELOPERS)
            key = (kind, city_en, dev_en)
            slots.update(what=what, what_en=what_en, dev=dev, dev_en=dev_en,
                         n=r.randint(5, 180) * 5, cost=r.randint(40, 900))
        elif kind == "quake":  # the same city again: an aftershock, another magnitude
            key = (kind, city_en, when.date())
            slots.update(mag=f"{r.randint(40, 65) / 10:.1f}", depth=r.randint(5, 40))
        elif kind == "fair":
            (guest, guest_en) = r.choice(GUESTS)
            key = (kind, city_en)
            slots.update(n=r.randint(80, 900), edition=r.randint(3, 45), guest=guest,
                         guest_en=guest_en, countries=r.randint(8, 40))
        else:
            (good, good_en) = r.choice(GOODS)
            key = (kind, city_en, good_en)
            slots.update(good=good, good_en=good_en, Good_en=good_en.capitalize(),
                         n=r.randint(5, 60))
        if key in used:
            continue
        used.add(key)
        yield kind, slots, when


def background(count: int = 400, seed: int = 18, start: str = "2026-11-28T00:00:00+00:00",
               days: int = 9) -> list[dict]:
    """About `count` articles as eval records (id, feed, title, lead, published, event)."""
    r = random.Random(seed)
    out: list[dict] = []
    for n, (kind, slots, when) in enumerate(_events(r, datetime.fromisoformat(start), days), 1):
        if len(out) >= count:
            break
        ar_titles, ar_leads, en_titles, en_leads = TEMPLATES[kind]
        tellers = r.choice((1, 1, 2, 2, 3))
        for k, feed in enumerate(r.sample(OUTLETS, tellers)):
            english = feed.startswith("Outlet")
            titles, leads = (en_titles, en_leads) if english else (ar_titles, ar_leads)
            fill = dict(slots, city=slots.get("city_en" if english else "city"))
            title = r.choice(titles).format(**fill)
            lead = r.choice(leads).format(**fill)
            out.append({"id": f"g{n}-{k}", "feed": feed, "title": title, "lead": lead,
                        "published": (when + timedelta(minutes=r.randint(0, 600))).isoformat(),
                        "event": f"gen-{n}" if tellers > 1 else None})
    return out[:count]
