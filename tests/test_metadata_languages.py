"""Pages in other languages and scripts: headline decoration, bylines, dates and language tags."""

from __future__ import annotations

import pytest

from tests.metadata_support import extract, meta, og, page

# (lang, url, site name, headline, title separator, byline markup, raw author, date markup, raw date)
PAGES = [
    (
        "de",
        "https://www.tagesblatt.de/politik/sturm-trifft-kueste-a-123.html",
        "Tagesblatt",
        "Sturm trifft Küste – Hunderte Häuser ohne Strom",
        " - ",
        "<p>Von <a rel='author' href='/autor/jonas'>Jonas Müller</a></p>",
        "Jonas Müller",
        "<time datetime='2024-03-05T08:00:00+01:00'>5. März 2024</time>",
        "2024-03-05T08:00:00+01:00",
    ),
    (
        "fr",
        "https://www.lejournal.fr/societe/tempete-sur-la-cote_123",
        "Le Journal",
        "Tempête sur la côte : des centaines de foyers privés d'électricité",
        " | ",
        "<span class='auteur'>Par Élodie Durand</span>",
        "Par Élodie Durand",
        "<time datetime='2024-03-05T08:00:00+01:00'>Publié le 5 mars 2024</time>",
        "2024-03-05T08:00:00+01:00",
    ),
    (
        "es",
        "https://www.eldiario.es/sociedad/tormenta-costa_1_123.html",
        "El Diario",
        "La tormenta azota la costa y deja a cientos de hogares sin luz",
        " | ",
        "<div class='autor'>Por María José Fernández</div>",
        "Por María José Fernández",
        "<time datetime='2024-03-05T08:00:00+01:00'>5 de marzo de 2024</time>",
        "2024-03-05T08:00:00+01:00",
    ),
    (
        "pt-BR",
        "https://www.jornal.com.br/cotidiano/2024/03/tempestade-atinge-litoral.shtml",
        "Jornal",
        "Tempestade atinge litoral e deixa centenas sem energia",
        " - ",
        "<p class='author'>João Araújo</p>",
        "João Araújo",
        "<time datetime='2024-03-05T08:00:00-03:00'>5.mar.2024 às 8h00</time>",
        "2024-03-05T08:00:00-03:00",
    ),
    (
        "ru",
        "https://www.gazeta.ru/social/2024/03/05/123.shtml",
        "Газета.Ru",
        "Шторм обрушился на побережье, сотни домов остались без света",
        " — ",
        "<div class='article-authors'><span class='author'>Иван Петров</span></div>",
        "Иван Петров",
        "<time datetime='2024-03-05T08:00:00+03:00'>5 марта 2024, 08:00</time>",
        "2024-03-05T08:00:00+03:00",
    ),
    (
        "ja",
        "https://www.shinbun.jp/articles/20240305/k00/00m/040/123000c",
        "毎朝新聞",
        "嵐が沿岸を直撃、数百世帯で停電",
        "：",
        "<span class='author'>山田太郎</span>",
        "山田太郎",
        "<time datetime='2024-03-05T08:00:00+09:00'>2024年3月5日 8時00分</time>",
        "2024-03-05T08:00:00+09:00",
    ),
    (
        "zh-CN",
        "https://news.xinwen.cn/c/2024-03-05/doc-123.shtml",
        "新闻网",
        "风暴袭击海岸 数百户家庭停电",
        "_",
        "<span class='author'>记者 王小明</span>",
        "记者 王小明",
        "<span class='date'>2024年03月05日 08:00</span>",
        "2024年03月05日 08:00",
    ),
    (
        "ko",
        "https://www.ilbo.co.kr/news/articleView.html?idxno=123",
        "한국일보",
        "폭풍이 해안 강타… 수백 가구 정전",
        " - ",
        "<span class='byline'>김민수 기자</span>",
        "김민수 기자",
        "<time datetime='2024-03-05T08:00:00+09:00'>2024.03.05 08:00</time>",
        "2024-03-05T08:00:00+09:00",
    ),
    (
        "ar",
        "https://www.akhbar.net/news/2024/3/5/storm",
        "الأخبار",
        "عاصفة تضرب الساحل وانقطاع الكهرباء عن مئات المنازل",
        " | ",
        "<span class='author'>أحمد حسن</span>",
        "أحمد حسن",
        "<time datetime='2024-03-05T08:00:00+03:00'>5 مارس 2024</time>",
        "2024-03-05T08:00:00+03:00",
    ),
]


@pytest.mark.parametrize(
    ("lang", "url", "site", "headline", "sep", "byline", "author", "date_markup", "date"),
    PAGES,
    ids=[p[0] for p in PAGES],
)
def test_page_in_language(lang, url, site, headline, sep, byline, author, date_markup, date):
    head = f"<title>{headline}{sep}{site}</title>" + og("og:site_name", site)
    body = f"<main><article><h1>{headline}</h1>{byline}{date_markup}<p>…</p></article></main>"
    data = extract(page(head, body, lang=lang), url)
    assert data["headline"] == headline
    assert data["authors"] == [author]
    assert data["datePublishedRaw"] == date
    assert data["inLanguage"] == lang
    assert data["publisher"] == site


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Sturm trifft Küste - Politik - Tagesblatt", "Tagesblatt", "Sturm trifft Küste"),
        ("Тайфун «Хагибис» - Лента.ру", "Лента.ру", "Тайфун «Хагибис»"),
        ("台风过境 — 中文新闻网", "中文新闻网", "台风过境"),
        ("태풍 북상 | 연합뉴스", "연합뉴스", "태풍 북상"),
    ],
)
def test_og_title_decoration_in_other_scripts(title, site, expected):
    head = og("og:title", title) + og("og:site_name", site) + og("article:section", "Politik")
    assert extract(page(head, lang=None))["headline"] == expected


def test_keywords_with_ideographic_commas():
    assert extract(page(meta("news_keywords", "台风，停电、上海")))["keywords"] == ["台风", "停电", "上海"]
