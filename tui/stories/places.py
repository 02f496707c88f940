"""Places: countries and cities in Arabic and English, keyed to one id each.

Two things rest on it. Across scripts, a place is a name both reports share
even where the consonant skeleton cannot see it (الإسكندرية and Alexandria,
مصر and Egypt). And a place is evidence of *which* event: two reports whose
places lie in different countries (a desalination plant in Kuwait, a solar
plant in Algeria) are two events, however alike their words.

Each line: the place's id, its country (a city) or itself (a country), then
its spellings, Arabic and English, demonyms included. Forms are compared
normalized (SPEC §4.8) and without the Arabic article.
"""

from __future__ import annotations

from tui.text.normalize import normalize

_TABLE = """
eg eg مصر مصري مصريه المصريين egypt egyptian
kw kw كويت كويتي كويتيه kuwait kuwaiti
dz dz جزاير جزايري جزايريه algeria algerian
ma ma مغرب مغربي مغربيه morocco moroccan
tn tn تونس تونسي تونسيه tunisia tunisian
ly ly ليبيا ليبي ليبيه libya libyan
sd sd سودان سوداني سودانيه sudan sudanese
sa sa سعوديه سعودي saudi
ae ae امارات اماراتي اماراتيه emirates emirati uae
qa qa قطر قطري قطريه qatar qatari
bh bh بحرين بحريني بحرينيه bahrain bahraini
om om عمان عماني عمانيه oman omani
ye ye يمن يمني يمنيه yemen yemeni
jo jo اردن اردني اردنيه jordan jordanian
lb lb لبنان لبناني لبنانيه lebanon lebanese
sy sy سوريا سوري سوريه syria syrian
iq iq عراق عراقي عراقيه iraq iraqi
ps ps فلسطين فلسطيني فلسطينيه palestine palestinian
ir ir ايران ايراني ايرانيه iran iranian
tr tr تركيا تركي تركيه turkey turkish turkiye
ru ru روسيا روسي روسيه russia russian
us us امريكا امريكي امريكيه america american
gb gb بريطانيا بريطاني بريطانيه britain british
fr fr فرنسا فرنسي فرنسيه france french
de de المانيا الماني المانيه germany german
it it ايطاليا ايطالي ايطاليه italy italian
es es اسبانيا اسباني اسبانيه spain spanish
cn cn صين صيني صينيه china chinese
in in هند هندي هنديه india indian
pk pk باكستان باكستاني pakistan pakistani
id id اندونيسيا اندونيسي اندونيسيه indonesia indonesian
jp jp يابان ياباني يابانيه japan japanese
kz kz كازاخستان kazakhstan
mr mr موريتانيا موريتاني mauritania mauritanian
alexandria eg اسكندريه alexandria
cairo eg قاهره cairo
giza eg جيزه giza
aswan eg اسوان aswan
kuwaitcity kw خيران
biskra dz بسكره biskra
oran dz وهران oran
rabat ma رباط rabat
casablanca ma casablanca
tangier ma طنجه tangier
dakhla ma داخله dakhla
tunis tn tunis
sfax tn صفاقس sfax
nabeul tn نابل nabeul
tripoli ly طرابلس tripoli
benghazi ly بنغازي benghazi
khartoum sd خرطوم khartoum
riyadh sa رياض riyadh
jeddah sa جده jeddah
dubai ae دبي dubai
abudhabi ae ابوظبي
doha qa دوحه doha
manama bh منامه manama
muscat om مسقط muscat
sohar om صحار sohar
sanaa ye صنعاء sanaa
aden ye عدن aden
amman jo amman
beirut lb بيروت beirut
damascus sy دمشق damascus
aleppo sy حلب aleppo
baghdad iq بغداد baghdad
mosul iq موصل mosul
basra iq بصره basra
tehran ir طهران tehran
kerman ir كرمان kerman
istanbul tr اسطنبول istanbul
ankara tr انقره ankara
malatya tr ملاطيه ملطيه malatya
moscow ru موسكو moscow
sochi ru سوتشي sochi
nouakchott mr نواكشوط nouakchott
"""


def _entries() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for line in _TABLE.strip().splitlines():
        place, country, *forms = line.split()
        for form in forms:
            out[normalize(form)] = (place, country)
    return out


PLACES: dict[str, tuple[str, str]] = _entries()
"""Normalized spelling (Arabic without its article) → (place id, country id).
A spelling that is a word too ("عمان" is Oman and Amman) names the country."""
