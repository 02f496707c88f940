"""A generated background for the story evaluation: many outlets, the same days.

    from storygen import background; records = background(400)

Events of a few kinds (a plant opened, a match played, a quake, a fair, a
price change, an appointment) in many cities, each told by one to three of
twenty outlets in Arabic or English with their own wording, within hours.
Same kind, same day, another city or another score: another event. That is
what a chain would feed on, so it is where chaining shows. All text is
written here from templates; every event is invented.
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
OUTLETS = [f"منفذ {n}" for n in range(1, 13)] + [f"Outlet {n}" for n in range(1, 9)]

KINDS = {
    "plant": (
        ["افتتاح محطة {what} جديدة في {city} بقدرة {n} ميغاواط",
         "{city} تشغل محطة {what} بطاقة {n} ميغاواط",
         "محطة {what} في {city} تدخل الخدمة: {n} ميغاواط للشبكة"],
        ["{city} opens a {n} MW {what_en} plant", "New {n} MW {what_en} plant goes live in {city}"],
        lambda r: {"what": r.choice(["شمسية", "رياح", "غازية"]), "n": r.randint(50, 900)},
    ),
    "match": (
        ["{home} يفوز على {away} {score} في الدوري",
         "الدوري: {home} يتغلب على {away} بنتيجة {score}",
         "فوز {home} على ضيفه {away} {score}"],
        ["{home_en} beat {away_en} {score} in the league",
         "League: {home_en} see off {away_en} {score}"],
        None,
    ),
    "quake": (
        ["زلزال بقوة {mag} درجات يضرب محيط {city}",
         "هزة أرضية بقوة {mag} درجات تثير الذعر في {city}",
         "سكان {city} يخرجون إلى الشوارع بعد هزة بلغت {mag} درجات"],
        ["Magnitude {mag} quake shakes {city}",
         "{city} residents flee homes after {mag} magnitude tremor"],
        lambda r: {"mag": f"{r.randint(40, 65) / 10:.1f}"},
    ),
    "fair": (
        ["انطلاق معرض {city} للكتاب بمشاركة {n} دار نشر",
         "{n} دار نشر في معرض {city} الدولي للكتاب",
         "معرض الكتاب في {city} يفتح أبوابه للزوار"],
        ["{city} book fair opens with {n} publishers", "Book lovers flock to {city} fair"],
        lambda r: {"n": r.randint(80, 900)},
    ),
    "price": (
        ["رفع سعر الخبز المدعوم في {city} بنسبة {n}%", "زيادة {n}% في سعر رغيف الخبز في {city}",
         "غضب في {city} بعد رفع سعر الخبز {n}%"],
        ["Bread prices rise {n}% in {city}", "{city} raises subsidised bread price by {n}%"],
        lambda r: {"n": r.randint(5, 60)},
    ),
}
CLUBS = [("النجوم", "Stars"), ("الصقور", "Falcons"), ("الأمواج", "Waves"), ("البرق", "Lightning"),
         ("الفرسان", "Knights"), ("النسور", "Eagles"), ("الشهب", "Meteors"), ("الأسود", "Lions")]
WHAT_EN = {"شمسية": "solar", "رياح": "wind", "غازية": "gas"}


def background(count: int = 400, seed: int = 18, start: str = "2026-11-28T00:00:00+00:00",
               days: int = 9) -> list[dict]:
    """About `count` articles as eval records (id, feed, title, lead, published, event)."""
    r = random.Random(seed)
    t0 = datetime.fromisoformat(start)
    out: list[dict] = []
    n = 0
    while len(out) < count:
        n += 1
        kind = r.choice(list(KINDS))
        ar, en, extra = KINDS[kind]
        city_ar, city_en = r.choice(CITIES)
        slots = {"city": city_ar, "city_en": city_en}
        if kind == "match":
            (h, he), (a, ae) = r.sample(CLUBS, 2)
            score = f"{r.randint(0, 4)}-{r.randint(0, 4)}"
            slots.update(home=h, away=a, home_en=he, away_en=ae, score=score)
        else:
            slots.update(extra(r))
            if "what" in slots:
                slots["what_en"] = WHAT_EN[slots["what"]]
        when = t0 + timedelta(seconds=r.randint(0, days * 86400))
        tellers = r.choice((1, 1, 2, 2, 3))
        for k, feed in enumerate(r.sample(OUTLETS, tellers)):
            english = feed.startswith("Outlet")
            template = r.choice(en if english else ar)
            fill = dict(slots, city=city_en if english else city_ar)
            title = template.format(**fill)
            lead = r.choice([t for t in (en if english else ar) if t != template] or [template])
            lead = lead.format(**fill) + "."
            out.append({"id": f"g{n}-{k}", "feed": feed, "title": title, "lead": lead,
                        "published": (when + timedelta(minutes=r.randint(0, 600))).isoformat(),
                        "event": f"gen-{n}" if tellers > 1 else None})
    return out[:count]
