#!/usr/bin/env python3
"""Write the parity corpus (tests/parity/corpus.tsv) to stdout.

Deterministic pseudo-listings from small word lists in many scripts, with
the things analyzers disagree on: accents (composed and decomposed), case
(Greek final sigma, dotted I, sharp s), digits and decimals, apostrophes,
underscores, hyphens, CJK, Hangul, Arabic, emoji.  Single spaces only (the
char analyzers compare texts whose white space is single spaces), no TAB
and no backslash.  Run: python3 gen-corpus.py > corpus.tsv
"""
import random

WORDS = {
    'en': "vintage oak bookcase shelves solid wood lamp brass desk chair "
          "leather sofa blue green red small large handmade ceramic mug "
          "coffee table garden hose waterproof jacket running shoes kids "
          "can't won't it's o'clock e.g. i.e. USB-C 2-pack 3.5mm 1,000 "
          "snake_case foo_bar The THE And of for with new used like".split(),
    'fr': "chaise café crème brûlée fenêtre élégant très naïve garçon "
          "où déjà l'été aujourd'hui Noël cœur".split(),
    'de': "Straße Größe grün Fußball Mädchen schön Übergröße weiß "
          "Kühlschrank".split(),
    'es': "niño mañana camión corazón pequeño años señor".split(),
    'ru': "Москва стол стул КНИГА книга большой Ёлка зелёный".split(),
    'el': "ΟΔΟΣ οδός Σοφία ΣΟΦΙΑ καφές ΤΡΑΠΕΖΙ".split(),
    'tr': "İstanbul ISTANBUL ılık".split(),
    'zh': "书架 实木 台灯 中文 北京 咖啡桌".split(),
    'ja': "東京タワー ひらがな カタカナ ソファー 日本語".split(),
    'ko': "한국어 서울 의자 책상".split(),
    'ar': "مرحبا كتاب طاولة".split(),
    'he': "שלום ספר".split(),
    'sym': "😀 👍🏽 👨‍👩‍👧 ★ © ½ ① ﬁ ＵＳＢ № – — ...".split(),
}
DECOMPOSED = ["cafe\u0301", "e\u0301le\u0301gant", "n\u0303"]


def main():
    rng = random.Random(20261121)
    langs = list(WORDS)
    for i in range(1, 401):
        n = rng.randint(0, 14) if i % 37 else 0
        words = []
        for _ in range(n):
            lang = rng.choice(langs if rng.random() < 0.5 else ['en', 'en', 'fr'])
            words.append(rng.choice(WORDS[lang]))
        if i % 11 == 0:
            words.append(rng.choice(DECOMPOSED))
        if i % 13 == 0:
            words.insert(0, str(rng.randint(0, 99999)))
        print("P%04d\t%s" % (i, " ".join(words)))


main()
