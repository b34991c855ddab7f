"""Short poster phrases (CTA buttons, badges, deadlines) written natively for each locale.

Keyed by locale, then intent, so one native reader can review a whole block at once. Keys are
a language ("de"), a language-script ("zh-Hant") or a language-region ("pt-BR") where the
variants write differently. Templates take CLDR-formatted values: {percent}, {price}, {date}.

Choices a reviewer should know about:
- fr and it use "Promo" / "Offerta" rather than "Soldes" / "Saldi": those words are legally
  reserved for the official sales periods in France and Italy.
- de uses the loanword "Sale", as German retail does; it is listed in LOANWORDS so the
  "no English leaked" test knows it is deliberate.
- tr avoids "{price}'den": the suffix's vowel harmony depends on how the number is read aloud.
- zh-Hans "立省" / zh-Hant "現省" are the usual mainland / Taiwan wordings for "save".
"""

from __future__ import annotations

from typing import Literal

from babel.core import get_global

from assetpack.copy.cldr import parse_locale

Intent = Literal[
    "shop_now",
    "buy_now",
    "order_now",
    "learn_more",
    "discover",
    "new",
    "sale",
    "limited_time",
    "free_shipping",
    "save",
    "from",
    "ends",
]
INTENTS: tuple[Intent, ...] = (
    "shop_now", "buy_now", "order_now", "learn_more", "discover", "new", "sale",
    "limited_time", "free_shipping", "save", "from", "ends",
)  # fmt: skip
# The one placeholder each templated intent must contain.
PLACEHOLDERS: dict[Intent, str] = {"save": "percent", "from": "price", "ends": "date"}

# (phrasebook key, intent) pairs that deliberately equal the English phrase.
LOANWORDS: frozenset[tuple[str, Intent]] = frozenset({("de", "sale")})

PHRASES: dict[str, dict[Intent, str]] = {
    "en": {
        "shop_now": "Shop now", "buy_now": "Buy now", "order_now": "Order now",
        "learn_more": "Learn more", "discover": "Discover", "new": "New", "sale": "Sale",
        "limited_time": "Limited time", "free_shipping": "Free shipping",
        "save": "Save {percent}", "from": "From {price}", "ends": "Ends {date}",
    },
    "de": {
        "shop_now": "Jetzt shoppen", "buy_now": "Jetzt kaufen", "order_now": "Jetzt bestellen",
        "learn_more": "Mehr erfahren", "discover": "Jetzt entdecken", "new": "Neu",
        "sale": "Sale", "limited_time": "Nur für kurze Zeit",
        "free_shipping": "Kostenloser Versand", "save": "{percent} sparen",
        "from": "Ab {price}", "ends": "Endet am {date}",
    },
    "fr": {
        "shop_now": "Acheter", "buy_now": "Acheter maintenant", "order_now": "Commander",
        "learn_more": "En savoir plus", "discover": "Découvrir", "new": "Nouveau",
        "sale": "Promo", "limited_time": "Durée limitée", "free_shipping": "Livraison offerte",
        "save": "Économisez {percent}", "from": "Dès {price}", "ends": "Jusqu’au {date}",
    },
    "es": {
        "shop_now": "Compra ya", "buy_now": "Comprar ahora", "order_now": "Pedir ahora",
        "learn_more": "Más información", "discover": "Descubrir", "new": "Nuevo",
        "sale": "Oferta", "limited_time": "Por tiempo limitado", "free_shipping": "Envío gratis",
        "save": "Ahorra {percent}", "from": "Desde {price}", "ends": "Hasta el {date}",
    },
    "it": {
        "shop_now": "Acquista ora", "buy_now": "Compra ora", "order_now": "Ordina ora",
        "learn_more": "Scopri di più", "discover": "Scopri", "new": "Novità",
        "sale": "Offerta", "limited_time": "Per tempo limitato",
        "free_shipping": "Spedizione gratuita", "save": "Risparmia il {percent}",
        "from": "Da {price}", "ends": "Fino al {date}",
    },
    "pt-BR": {
        "shop_now": "Compre já", "buy_now": "Comprar agora", "order_now": "Peça já",
        "learn_more": "Saiba mais", "discover": "Descubra", "new": "Novidade",
        "sale": "Promoção", "limited_time": "Por tempo limitado", "free_shipping": "Frete grátis",
        "save": "Economize {percent}", "from": "A partir de {price}", "ends": "Até {date}",
    },
    "nl": {
        "shop_now": "Shop nu", "buy_now": "Koop nu", "order_now": "Bestel nu",
        "learn_more": "Meer informatie", "discover": "Ontdek", "new": "Nieuw",
        "sale": "Aanbieding", "limited_time": "Voor korte tijd",
        "free_shipping": "Gratis verzending", "save": "Bespaar {percent}",
        "from": "Vanaf {price}", "ends": "Geldig t/m {date}",
    },
    "vi": {
        "shop_now": "Mua sắm ngay", "buy_now": "Mua ngay", "order_now": "Đặt hàng ngay",
        "learn_more": "Tìm hiểu thêm", "discover": "Khám phá", "new": "Mới",
        "sale": "Khuyến mãi", "limited_time": "Thời gian có hạn",
        "free_shipping": "Miễn phí vận chuyển", "save": "Giảm {percent}",
        "from": "Chỉ từ {price}", "ends": "Đến hết {date}",
    },
    "zh-Hans": {
        "shop_now": "立即选购", "buy_now": "立即购买", "order_now": "立即下单",
        "learn_more": "了解更多", "discover": "探索更多", "new": "新品", "sale": "特惠",
        "limited_time": "限时优惠", "free_shipping": "免运费", "save": "立省{percent}",
        "from": "{price}起", "ends": "{date}截止",
    },
    "zh-Hant": {
        "shop_now": "立即選購", "buy_now": "立即購買", "order_now": "立即訂購",
        "learn_more": "了解更多", "discover": "探索更多", "new": "新品", "sale": "特價",
        "limited_time": "限時優惠", "free_shipping": "免運費", "save": "現省{percent}",
        "from": "{price}起", "ends": "{date}截止",
    },
    "ja": {
        "shop_now": "今すぐチェック", "buy_now": "今すぐ購入", "order_now": "今すぐ注文",
        "learn_more": "詳しく見る", "discover": "もっと見る", "new": "新発売",
        "sale": "セール", "limited_time": "期間限定", "free_shipping": "送料無料",
        "save": "{percent}オフ", "from": "{price}から", "ends": "{date}まで",
    },
    "ko": {
        "shop_now": "지금 쇼핑하기", "buy_now": "지금 구매하기", "order_now": "지금 주문하기",
        "learn_more": "자세히 보기", "discover": "둘러보기", "new": "신제품", "sale": "세일",
        "limited_time": "기간 한정", "free_shipping": "무료 배송", "save": "{percent} 할인",
        "from": "{price}부터", "ends": "{date}까지",
    },
    "hi": {
        "shop_now": "अभी शॉप करें", "buy_now": "अभी खरीदें", "order_now": "अभी ऑर्डर करें",
        "learn_more": "और जानें", "discover": "एक्सप्लोर करें", "new": "नया", "sale": "सेल",
        "limited_time": "सीमित समय के लिए", "free_shipping": "मुफ़्त डिलीवरी",
        "save": "{percent} की बचत", "from": "{price} से शुरू", "ends": "{date} तक",
    },
    "bn": {
        "shop_now": "এখনই কেনাকাটা করুন", "buy_now": "এখনই কিনুন",
        "order_now": "এখনই অর্ডার করুন", "learn_more": "আরও জানুন", "discover": "ঘুরে দেখুন",
        "new": "নতুন", "sale": "সেল", "limited_time": "সীমিত সময়ের জন্য",
        "free_shipping": "বিনামূল্যে ডেলিভারি", "save": "{percent} ছাড়",
        "from": "{price} থেকে শুরু", "ends": "{date} পর্যন্ত",
    },
    "ar": {
        "shop_now": "تسوق الآن", "buy_now": "اشترِ الآن", "order_now": "اطلب الآن",
        "learn_more": "اعرف المزيد", "discover": "اكتشف", "new": "جديد", "sale": "تخفيضات",
        "limited_time": "لفترة محدودة", "free_shipping": "شحن مجاني", "save": "وفّر {percent}",
        "from": "ابتداءً من {price}", "ends": "ينتهي العرض في {date}",
    },
    "th": {
        "shop_now": "ช้อปเลย", "buy_now": "ซื้อเลย", "order_now": "สั่งซื้อเลย",
        "learn_more": "เรียนรู้เพิ่มเติม", "discover": "ค้นพบ", "new": "ใหม่",
        "sale": "ลดราคา", "limited_time": "เวลาจำกัด", "free_shipping": "ส่งฟรี",
        "save": "ลด {percent}", "from": "เริ่มต้น {price}", "ends": "หมดเขต {date}",
    },
    "id": {
        "shop_now": "Belanja sekarang", "buy_now": "Beli sekarang", "order_now": "Pesan sekarang",
        "learn_more": "Pelajari lebih lanjut", "discover": "Jelajahi", "new": "Baru",
        "sale": "Promo", "limited_time": "Waktu terbatas", "free_shipping": "Gratis ongkir",
        "save": "Hemat {percent}", "from": "Mulai {price}", "ends": "Berlaku hingga {date}",
    },
    "tr": {
        "shop_now": "Alışverişe başla", "buy_now": "Hemen satın al",
        "order_now": "Hemen sipariş ver", "learn_more": "Daha fazla bilgi", "discover": "Keşfet",
        "new": "Yeni", "sale": "İndirim", "limited_time": "Sınırlı süre",
        "free_shipping": "Ücretsiz kargo", "save": "{percent} indirim",
        "from": "Başlangıç fiyatı {price}", "ends": "{date} tarihine kadar",
    },
}  # fmt: skip


class MissingPhrase(LookupError):
    """No phrase for this locale and intent; the caller turns it into a CopyError."""

    def __init__(self, tag: str, intent: Intent) -> None:
        self.tag = tag
        self.intent = intent
        super().__init__(f"no {intent!r} phrase for {tag}")


def lookup_keys(tag: str) -> list[str]:
    """Phrasebook keys to try for a tag, most specific first: zh-TW -> zh-Hant-TW, zh-Hant, zh.

    A bare language gets CLDR's likely script and region first, so "zh" reads as zh-Hans and
    "pt" as pt-BR, as CLDR says they should.
    """
    locale = parse_locale(tag)
    language, script, region = locale.language, locale.script, locale.territory
    if not script or not region:
        likely = get_global("likely_subtags").get(language, "").split("_")
        script = script or next((p for p in likely[1:] if len(p) == 4), None)
        region = region or next((p for p in likely[1:] if len(p) in (2, 3)), None)
    keys = [tag]
    if script and region:
        keys.append(f"{language}-{script}-{region}")
    if script:
        keys.append(f"{language}-{script}")
    if region:
        keys.append(f"{language}-{region}")
    keys.append(language)
    return list(dict.fromkeys(keys))


def phrasebook_key(tag: str) -> str | None:
    """The phrasebook block a locale uses, or None when there is none."""
    return next((key for key in lookup_keys(tag) if key in PHRASES), None)


def phrase(intent: Intent, tag: str, **values: str) -> str:
    """The locale's phrase for an intent with values filled in; MissingPhrase if it has none.

    Never falls back to English: a wrong-language button is worse than a clear error.
    """
    key = phrasebook_key(tag)
    template = PHRASES[key].get(intent) if key else None
    if template is None:
        raise MissingPhrase(tag, intent)
    return template.format(**values)


def supported_locales() -> list[str]:
    """Phrasebook keys, in the order they are written."""
    return list(PHRASES)
