"""Body-engine rules for markup the AEB pages (2019-2020) do not have (issue #15).

Every page here is written for the test, copying the *shape* of markup seen on real pages (tag
nesting, class names, where the parser puts things), never their text.
"""

from __future__ import annotations

import pytest

from newscrawl import extract_article
from newscrawl.extract.blocks import TextBlock
from newscrawl.extract.body import extract_body
from newscrawl.extract.htmlparse import parse_html
from newscrawl.items import Block

URL = "https://news.example.com/2024/05/01/story"

STORY = [
    "The harbour authority confirmed on Tuesday that the old swing bridge will reopen next month.",
    "Engineers spent two years replacing the corroded steel deck and the original gearing.",
    "Local traders said the closure had cost them a third of their summer trade last year.",
    "The council will hold a public ceremony on the quay when the first ships pass through.",
]


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def _menu(n: int = 10) -> str:
    return "<ul>" + "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(n)) + "</ul>"


def _teasers(n: int = 6) -> str:
    return (
        "<ul>"
        + "".join(
            f'<li><a href="/x{i}">A much-read story about something else entirely, number {i}</a></li>'
            for i in range(n)
        )
        + "</ul>"
    )


def _blocks(html: str) -> list[Block]:
    return extract_body(parse_html(html), URL)[0]


def _story(blocks: list[Block]) -> list[str]:
    return [" ".join(b.text.split()) for b in blocks if b.boilerplate is None and b.kind != "caption"]


def _body(html: str) -> str:
    return extract_article(html, URL, use_profiles=False).articleBody or ""


# --- Page chrome that the parser made hold the story -------------------------------------------


def test_header_left_open_by_an_unclosed_div_is_read_when_it_holds_most_of_the_page() -> None:
    # libxml2 ignores </header> while a <div> inside it is open: the rest of the page, story and
    # footer included, ends up inside the <header>.
    html = (
        '<html><body><header class="site-header"><div class="brand"><a href="/">The Courier</a>'
        f"<nav>{_menu()}</nav></header>"
        f'<div class="content news-item"><h2>Bridge reopens</h2>{_paragraphs(STORY)}</div>'
        "<footer><p>Copyright 2024 The Courier</p></footer></body></html>"
    )
    assert parse_html(html).find("body/header//footer") is not None  # the shape under test
    assert _story(_blocks(html)) == ["Bridge reopens", *STORY]


def test_aside_left_open_is_read_when_it_holds_the_article() -> None:
    html = (
        '<html><body><div class="layout"><aside class="promo-box"><div class="promo">'
        "<p>Read everything for one euro</p></aside>"
        f"<article><h1>Bridge reopens</h1>{_paragraphs(STORY)}</article>"
        f'<aside class="sidebar"><h3>Most read</h3>{_teasers()}</aside></div></body></html>'
    )
    assert parse_html(html).find("body//aside//article") is not None
    assert _story(_blocks(html)) == STORY
    assert "much-read" not in _body(html)


def test_a_real_sidebar_with_most_of_the_text_stays_unread_when_the_page_has_an_article() -> None:
    archive = "".join(
        f"<p>An older letter from the archive, number {i}, written to the minister about the port.</p>"
        for i in range(30)
    )
    html = (
        f'<html><body><div id="page"><div role="main"><article>{_paragraphs(STORY)}</article></div>'
        f'<aside id="sidebarWrapper"><div class="archive">{archive}</div></aside></div></body></html>'
    )
    body = _body(html)
    assert all(p in body for p in STORY)
    assert "older letter" not in body


# --- The story split over sibling boxes; the standfirst before the body's box -----------------

LEAD = "Residents of the old port have waited two years for the crossing to open again, and it will."


def test_standfirst_in_the_article_header_is_story_text() -> None:
    html = (
        '<html><body><article class="story"><header class="story-header">'
        '<p class="kicker"><a href="/news/">News</a></p><h1>Bridge reopens</h1>'
        f'<p class="standfirst">{LEAD}</p>'
        '<div class="byline">By <a rel="author" href="/a/jo">Jo Bloggs</a></div></header>'
        f'<div class="story-body">{_paragraphs(STORY)}</div></article>'
        f'<aside class="sidebar">{_teasers()}</aside></body></html>'
    )
    assert _story(_blocks(html)) == [LEAD, *STORY]


def test_lead_paragraph_before_the_body_box_is_story_text() -> None:
    # <div class="col"><h1/><p class="intro"/><div class="group"><div class="longText">...</div></div>
    # then teasers of other stories (a linked title, a summary) that no class flags: the column as
    # a whole is not the article, but the intro before the body's box is.
    others = "".join(
        f'<h3><a href="/o{i}">Another story about the port and its ferries, number {i}</a></h3>'
        f"<p>A short summary of that other story, which is not this one at all, number {i}.</p>"
        for i in range(6)
    )
    html = (
        '<html><body><div class="col3"><div class="kicker">Port</div><h1>Bridge reopens</h1>'
        f'<p class="intro">{LEAD}</p>'
        f'<div class="group"><div class="longText">{_paragraphs(STORY)}</div></div>'
        f'<div class="more"><h2>More on this topic</h2>{others}</div></div></body></html>'
    )
    assert _story(_blocks(html)) == [LEAD, *STORY]


def test_story_split_by_a_video_player_a_photo_strip_and_a_paywall_prompt_is_read_whole() -> None:
    strip = "".join(
        f'<figure><img src="/p{i}.jpg"><figcaption>The harbour seen from the swing bridge, view {i}'
        "</figcaption></figure>"
        for i in range(12)
    )
    html = (
        '<html><body><div class="article"><h1>Bridge reopens</h1>'
        f'<div class="article-text">{_paragraphs(STORY[:3])}</div>'
        '<div class="video-player"><p>Watch: the bridge swings open for the first time</p></div>'
        f'<div class="photo-strip">{strip}</div>'
        f'<div class="article-text">{_paragraphs(STORY[3:])}</div>'
        '<div class="paywall-promo"><p>Subscribe to keep reading: one euro for the first month</p></div>'
        f'</div><div class="sidebar">{_teasers()}</div></body></html>'
    )
    assert _story(_blocks(html)) == STORY


# --- Class tokens judged as a whole; one class's elements weighed together ---------------------


def test_class_tokens_are_judged_as_a_whole() -> None:
    from newscrawl.extract.cues import attribute_cue

    assert attribute_cue("prose lg:prose-xl print:max-w-full")[0] is None  # a variant: a style
    assert attribute_cue("md:hidden")[0] is None
    assert attribute_cue("sidebar-layout__main")[0] is None  # the main part of a layout
    assert attribute_cue("grid-with-sidebar")[0] is None
    assert attribute_cue("article__sidebar")[0] == "sidebar"  # a part that is a sidebar
    assert attribute_cue("comments__list")[0] == "comments"  # a part of the comments
    assert attribute_cue("has-post-thumbnail")[0] is None  # a state of the post
    assert attribute_cue("field field--label-hidden")[0] is None  # its label is hidden
    assert attribute_cue("cmplz-hidden")[0] == "hidden"


def test_generated_class_segments_spell_no_words() -> None:
    from newscrawl.extract.cues import attribute_cue

    assert attribute_cue("sc-a884a83d-0 kHvXTR")[0] is None  # styled-components
    assert attribute_cue("block-id-n1AuAdJlVL")[0] is None  # "Ad" inside an id
    assert attribute_cue("x-9ad4e2c1-7b3f")[0] is None  # uuid parts
    assert attribute_cue("ad-slot")[0] == "ad"


def test_run_together_lower_case_names_are_split_on_cue_words() -> None:
    from newscrawl.extract.cues import attribute_cue

    assert attribute_cue("meldungsfooter")[0] == "footer"
    assert attribute_cue("singlepostmeta")[0] == "byline"
    assert attribute_cue("adbox")[0] == "ad"
    assert attribute_cue("commentary")[0] is None  # no cue word and a component
    assert attribute_cue("subtitle")[0] is None  # too short a prefix to split


def test_story_chunks_in_a_variant_class_are_story_text() -> None:
    chunks = "".join(f'<div class="prose print:max-w-full"><p>{t}</p></div>' for t in STORY)
    html = (
        f"<html><body><nav>{_menu()}</nav><article><h1>Bridge reopens</h1>{chunks}</article>"
        f'<aside class="sidebar">{_teasers()}</aside></body></html>'
    )
    assert _story(_blocks(html)) == STORY


def test_layout_class_on_every_chunk_is_weighed_on_all_chunks_together() -> None:
    # A page builder wraps every paragraph in a "widget" box with its own id: no chunk holds half
    # the story, all of them together do.
    chunks = "".join(
        f'<div class="elementor-element elementor-element-{i}f3a elementor-widget '
        f'elementor-widget-text-editor">'
        f'<div class="elementor-widget-container"><p>{t}</p></div></div>'
        for i, t in enumerate(STORY)
    )
    html = (
        f'<html><body><div class="site-nav">{_menu()}</div><div class="elementor-section">{chunks}</div>'
        f'<div class="sidebar">{_teasers()}</div></body></html>'
    )
    assert _story(_blocks(html)) == STORY


def test_comment_boxes_stay_comments_however_much_they_hold_together() -> None:
    comments = "".join(
        '<div class="comment"><p>I have crossed that bridge every morning for twenty years and I am'
        f" glad, {i}.</p>"
        "<p>It was about time the council did something about the state of the old gearing.</p></div>"
        for i in range(6)
    )
    html = (
        f'<html><body><article><div class="body">{_paragraphs(STORY)}</div>'
        f'<div class="comments">{comments}</div></article></body></html>'
    )
    body = _body(html)
    assert all(p in body for p in STORY)
    assert "twenty years" not in body


# --- Teasers: another story's card, or a German site's lead ------------------------------------

LONG = (
    "After two years behind scaffolding the swing bridge over the harbour opened again this morning, "
    "and the first to cross it were the fishermen who had rowed around it every day since the closure. "
    "Engineers replaced the corroded deck, rebuilt the Victorian gearing from the original drawings and "
    "fitted sensors that will warn the harbour master of any movement in the piers. The council says "
    "the bridge will swing open for tall ships twice a day during the summer festival."
)


def test_a_long_paragraph_under_the_posts_linked_title_is_no_teaser() -> None:
    # A blog's post page: <h2><a href=permalink>Title</a></h2><div class="entry"><p>long</p>...
    html = (
        '<html><body><div class="content"><div class="post"><h2><a href="/2014/05/bridge">The bridge'
        f' is open again, at last</a></h2><div class="entry"><p>{LONG}</p><p>See you on the quay.</p>'
        f'</div></div></div><div class="sidebar">{_teasers()}</div></body></html>'
    )
    assert _story(_blocks(html)) == [LONG, "See you on the quay."]


def test_teaser_box_inside_the_article_is_flagged() -> None:
    box = (
        '<div class="teaserbox"><a href="/other">Ferry operator orders two electric vessels</a>'
        "<p>The new ships will carry cars and foot passengers across the estuary from 2026 on.</p></div>"
    )
    html = (
        f"<html><body><article>{_paragraphs(STORY[:2])}{box}{_paragraphs(STORY[2:])}</article></body></html>"
    )
    blocks = _blocks(html)
    assert _story(blocks) == STORY
    assert {b.boilerplate for b in blocks if "estuary" in b.text} == {"teaser"}


def test_a_lead_in_a_teaser_class_is_story_text() -> None:
    # German sites call the standfirst "Teaser": <div class="teaser-text"><p>lead</p></div>
    html = (
        f'<html><body><article><h1>Bridge reopens</h1><div class="teaser-text"><p>{LEAD}</p></div>'
        f'<div class="news-text">{_paragraphs(STORY)}</div></article></body></html>'
    )
    assert _story(_blocks(html)) == [LEAD, *STORY]


# --- Notices inside the article with neutral class names ----------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Log in to continue reading: unlimited access from the first month.", "paywall"),
        ("You have reached your limit of free articles this month.", "paywall"),
        ("Dieser Artikel ist nur für Abonnenten verfügbar.", "paywall"),
        ("Jetzt weiterlesen mit dem Digital-Abo", "paywall"),
        ("It looks like you are using an ad blocker. Please support us by switching it off.", "adblock"),
        ("Sie nutzen einen Werbeblocker. Bitte deaktivieren Sie ihn für diese Seite.", "adblock"),
        ("Are you still there? We paused the live updates for you.", "inactivity"),
        ("You must be logged in to post a comment.", "comments"),
        ("Sie sind aktuell nicht eingeloggt.", "comments"),
        ("Para comentar debes registrarte con tu correo.", "comments"),
        ("Empfohlener redaktioneller Inhalt", "consent"),
        ("War dieser Artikel hilfreich?", "feedback"),
        ("Ähnliche Beiträge", "related"),
        ("This post may contain affiliate links.", "promo"),
        ("¿Ya sabías que tenemos canal de Telegram? Únete aquí.", "promo"),
        ("यह भी पढ़ें", "related"),
        ("हमें फॉलो करें", "promo"),
        ("The Courier may earn an affiliate commission when you buy through links on this page.", "promo"),
        ("Join our Harbour Forums to keep talking about the port!", "promo"),
        ("Reporters from the Courier and the Gazette contributed to this report.", "credit"),
        ("Jo Bloggs contributed reporting from Whitby.", "credit"),
        ("Você pode gostar...", "related"),
        ("기사입력 :[ 2024-05-01 15:24 ]", "meta"),
        ("Aktualisiert am 01.05.2024.", "meta"),
        ("Keine Kommentare (Kommentare erscheinen erst nach Freigabe)", "comments"),
        ("Lesen Sie auch die folgenden Beiträge:", "related"),
        ("Alle Angaben ohne Gewähr", "disclaimer"),
        ("This site does not provide medical advice.", "disclaimer"),
        ("(Credit: Jo Bloggs / Courier)", "credit"),
        ("sexta-feira, 22 de outubro de 2010 às 20:13", "meta"),
        ("Montag, 22. Januar 2018, 10:30 Uhr", "meta"),
        ("lundi 22 janvier 2018 à 10h30", "meta"),
    ],
)
def test_notice_phrases(text: str, reason: str) -> None:
    from newscrawl.phrases import boilerplate_reason

    assert boilerplate_reason(text) == reason


def test_a_long_notice_is_judged_by_the_notice_phrases() -> None:
    from newscrawl.phrases import MAX_PHRASE_BLOCK_CHARS, boilerplate_reason

    notice = (
        "An dieser Stelle finden Sie einen externen Inhalt von unserer Redaktion, der den Artikel "
        "ergänzt. Mit einem Klick auf den Button können Sie ihn sich anzeigen lassen und wieder "
        "ausblenden. Ich bin damit einverstanden, dass mir externe Inhalte angezeigt werden. Damit "
        "können personenbezogene Daten an Drittplattformen übermittelt werden. Mehr dazu in unserer "
        "Datenschutzerklärung."
    )
    assert len(notice) > MAX_PHRASE_BLOCK_CHARS
    assert boilerplate_reason(notice) == "consent"
    # ... and only by those: a long story paragraph that starts like a related-links label is story.
    story = "Read: " + " ".join(STORY) + " " + " ".join(STORY)
    assert len(story) > MAX_PHRASE_BLOCK_CHARS
    assert boilerplate_reason(story) is None


@pytest.mark.parametrize(
    "text",
    [
        "The paper said readers who use an ad blocker see fewer trackers, and many publishers now ask them "
        "to switch it off.",
        "Subscribers to the ferry service will pay less from January, the operator said.",
        "Die Kommentare der Anwohner waren eindeutig: Die Brücke muss bleiben.",
    ],
)
def test_story_sentences_about_the_same_things_are_no_notices(text: str) -> None:
    from newscrawl.phrases import boilerplate_reason

    assert boilerplate_reason(text) is None


# --- React streaming: the finished article arrives hidden and a script shows it -----------------


def test_streamed_react_segment_is_read_and_its_placeholder_is_not() -> None:
    # <!--$?--><template id="B:1"></template><div>Loading…</div><!--/$--> ... then, at the end of
    # the stream: <div hidden id="S:1">article</div><script>$RC("B:1","S:1")</script>
    html = (
        f'<html><body><header><nav>{_menu()}</nav></header><main><!--$?--><template id="B:1"></template>'
        '<div class="spinner">Loading…</div><!--/$--></main>'
        f'<footer><p>Copyright 2024 The Courier</p></footer><div hidden id="S:1"><article>'
        f"<h1>Bridge reopens</h1>{_paragraphs(STORY)}</article></div>"
        '<script>$RC("B:1","S:1")</script></body></html>'
    )
    body = _body(html)
    assert body.splitlines() == STORY


def test_other_hidden_elements_stay_unread() -> None:
    html = (
        f'<html><body><article>{_paragraphs(STORY)}<div hidden id="modal-1"><p>Subscribe for one euro '
        "a month and read everything on the harbour.</p></div></article></body></html>"
    )
    assert "one euro" not in _body(html)


# --- An empty box never wins -------------------------------------------------------------------


def test_a_short_story_among_much_other_text_is_chosen_over_an_empty_box() -> None:
    # Every container holding the two short paragraphs also holds more menu and link text than the
    # score forgives; an empty box (a video slot) scored 0 and won.
    links = "".join(
        f'<p><a href="/l{i}">Link number {i} to another part of the site</a></p>' for i in range(30)
    )
    tags = "".join(f'<li><a href="/t{i}">Tag {i}</a></li>' for i in range(20))
    html = (
        f'<html><body><div class="page"><div class="menu-col">{links}</div>'
        '<div class="content"><div id="video_box"></div><h2>Concert tonight</h2>'
        "<p>The harbour choir sings on the quay tonight at eight.</p><p>Entry is free for everyone.</p>"
        f"<ul>{tags}</ul></div></div></body></html>"
    )
    assert "The harbour choir sings on the quay tonight at eight." in _body(html)


# --- The safety net: never an empty body when the page holds a story --------------------------


def _raw(html: str):
    from newscrawl.article import extract_raw

    return extract_raw(html, URL, use_profiles=False)


def test_a_page_whose_story_is_only_in_noscript_is_read_again_and_counted() -> None:
    # The whole page sits in a <noscript> fallback (the visible page is drawn by a script).
    html = (
        '<html><head><title>Bridge reopens</title></head><body><div id="app"></div><noscript>'
        f'<div id="container"><div class="menu">{_menu()}</div><div class="text">'
        f"<h1>Bridge reopens</h1>{_paragraphs(STORY)}</div></div></noscript></body></html>"
    )
    raw = _raw(html)
    assert "extract/fallback" in raw.events
    assert _body(html).splitlines() == STORY


def test_a_cookie_box_that_won_the_area_gives_way_to_the_post() -> None:
    # A short post with its first paragraph marked as a teaser (under the post's linked title) and a
    # cookie box with more sentences than the rest of the post: the box was the area, and the phrase
    # stage emptied it.
    cookie = (
        '<div class="consent-box"><p>Wir verwenden Cookies, um Inhalte und Anzeigen zu personalisieren und '
        "die Zugriffe auf unsere Website zu analysieren.</p><p>Die Cookie-Einstellungen auf dieser Website "
        "sind auf Cookies zulassen eingestellt, um das beste Surferlebnis zu ermöglichen.</p></div>"
    )
    html = (
        f'<html><body><div class="nav">{_menu()}</div><div class="post"><h2><a href="/sw082">Episode 82'
        ' of our podcast is out</a></h2><p class="meta">Posted on <a href="/d">21 July</a> by'
        ' <a href="/u">Anna</a></p><p>Ingo says he did not write this text. Still, here it is, as if'
        " someone had left it on the desk.</p><p>Greetings, Heiko</p></div>"
        f'<div class="nav2">{_menu()}</div>{cookie}</body></html>'
    )
    raw = _raw(html)
    assert "extract/fallback" in raw.events
    assert "Ingo says he did not write this text." in _body(html)
    assert "Cookies" not in _body(html)


def test_a_post_kept_in_a_script_template_and_noscript_is_read_on_a_page_with_little_else() -> None:
    # A blog platform's post page: the post body is a <script type="text/template"> that a script
    # renders, with the same post in <noscript>; the visible page holds only the blog's tagline.
    post = f'<span class="byline-author">Posted by the harbour team</span>{_paragraphs(STORY)}'
    html = (
        '<html><body><div class="header"><h1><a href="/">Harbour Notes</a></h1>'
        '<div class="header-desc">News and stories from the harbour authority of our town</div></div>'
        f'<div class="post"><h2 class="title"><a href="/p">Bridge reopens</a></h2><div class="post-body">'
        f'<script type="text/template">{post}</script><noscript>{post}</noscript></div></div>'
        f'<div class="footer">{_menu(4)}</div></body></html>'
    )
    assert "extract/fallback" in _raw(html).events
    assert _body(html).splitlines()[-4:] == STORY


def test_an_ordinary_page_does_not_use_the_safety_net() -> None:
    html = f"<html><body><nav>{_menu()}</nav><article>{_paragraphs(STORY)}</article></body></html>"
    assert "extract/fallback" not in _raw(html).events


# --- Consent placeholders for embeds ----------------------------------------------------------


def test_consent_placeholder_for_an_embed_is_flagged_and_the_quoted_post_is_not() -> None:
    placeholder = (
        '<div class="embed-consent embed-consent--youtube"><p>At this point there is content from a '
        "third party that the editors chose for you. It loads when you agree.</p></div>"
    )
    tweet = (
        '<blockquote class="twitter-tweet"><p>The swing bridge is open again and the first boat just '
        'passed under it.</p>&mdash; Harbour Master (@harbour) <a href="https://x.com/h/1">May 1</a>'
        "</blockquote>"
    )
    html = (
        f"<html><body><article>{_paragraphs(STORY[:2])}{placeholder}{tweet}{_paragraphs(STORY[2:])}"
        "</article></body></html>"
    )
    blocks = _blocks(html)
    assert {b.boilerplate for b in blocks if "third party" in b.text} == {"overlay"}
    assert any("first boat" in t for t in _story(blocks))


def test_a_sidebar_of_teaser_articles_stays_page_chrome() -> None:
    from newscrawl.extract.blocks import segment

    cards = "".join(
        f'<article class="teaser"><h3><a href="/t{i}">Another story {i}</a></h3><p>Its summary.</p></article>'
        for i in range(4)
    )
    html = (
        f'<html><body><div id="page"><main><article>{_paragraphs(STORY)}</article></main>'
        f'<aside class="sidebar"><header><h2>Featured</h2></header>{cards}</aside></div></body></html>'
    )
    seg = segment(parse_html(html))
    assert [el.tag for el in seg.skipped] == ["aside"]


def test_story_in_page_builder_modules_with_sub_headings_is_read_whole() -> None:
    # <div class="module module-text"><div class="text-content"><h3>sub-heading</h3>
    # <div class="text-content-item"><p>...</p></div></div></div>, a gallery module between
    def module(title: str, texts: list[str]) -> str:
        return (
            f'<div class="module module-text"><div class="text-content"><h3>{title}</h3>'
            f'<div class="text-content-item">{_paragraphs(texts)}</div></div></div>'
        )

    slides = "".join(
        f'<div class="slide"><img src="/i{i}.jpg"><p>Photo {i} / 40</p></div>' for i in range(40)
    )
    html = (
        '<html><body><div id="primary"><div class="module module-header"><h1>Bridge reopens</h1></div>'
        f"{module('The deck', STORY[:3])}"
        f'<div class="module module-gallery">{slides}</div>'
        f"{module('The trade', STORY[3:])}"
        f'</div><div class="sidebar">{_teasers()}</div></body></html>'
    )
    assert _story(_blocks(html)) == ["The deck", *STORY[:3], "The trade", *STORY[3:]]


# --- Pull quotes, inline captions, boxes beside the story, paywalled paragraphs ----------------


def test_paragraphs_in_a_box_named_for_its_picture_are_story_on_a_long_page() -> None:
    # A long interview whose excerpt section sits in the box of its picture
    # (<div class="article__body-text-image"><figure>...</figure><p>...</p>...): an "image" box
    # holding four paragraphs of 400 characters is no caption, however long the rest of the story.
    boxed = [f"Box paragraph {i}. {LONG[:380]}" for i in range(4)]
    html = (
        '<html><body><article><h1>Bridge reopens</h1><div class="article__body">'
        + "".join(f"<p>Paragraph {i}. {LONG}</p>" for i in range(12))
        + '<div class="article__body-text-image"><figure><img src="/b.jpg"></figure>'
        + _paragraphs(boxed)
        + f"</div><p>{STORY[0]}</p></div></article></body></html>"
    )
    lines = _body(html).splitlines()
    assert boxed[0] in lines and boxed[2] in lines
    assert lines[-1] == STORY[0]


def test_a_real_caption_box_on_a_long_page_stays_a_caption() -> None:
    caption = "The swing bridge seen from the quay on Tuesday morning. Photo: Harbour Authority"
    html = (
        '<html><body><article><h1>Bridge reopens</h1><div class="article__body">'
        + "".join(f"<p>Paragraph {i}. {LONG}</p>" for i in range(12))
        + f'<div class="image-caption"><p>{caption}</p></div><p>{STORY[0]}</p></div></article></body></html>'
    )
    assert caption not in _body(html)


def test_pull_quote_in_a_figure_is_a_quote_not_a_caption() -> None:
    quote = (
        '<figure class="wp-block-pullquote"><blockquote><p>We have waited two years for this morning, '
        "and it was worth every day of it.</p><cite>A fisherman</cite></blockquote></figure>"
    )
    article = f"{_paragraphs(STORY[:2])}{quote}{_paragraphs(STORY[2:])}"
    html = f"<html><body><article>{article}</article></body></html>"
    blocks = _blocks(html)
    kinds = {b.kind for b in blocks if "worth every day" in b.text}
    assert kinds == {"quote"}
    assert "worth every day" in _body(html)


def test_inline_caption_span_is_a_caption() -> None:
    photo = (
        '<p><img src="/bridge.jpg"><span class="image-caption">The bridge swings open for the first boat '
        'of the morning</span> <span class="credit">Photo: Jo Bloggs</span></p>'
    )
    article = f"{_paragraphs(STORY[:2])}{photo}{_paragraphs(STORY[2:])}"
    html = f"<html><body><article>{article}</article></body></html>"
    blocks = _blocks(html)
    assert [b.kind for b in blocks if "first boat" in b.text] == ["caption"]
    assert _body(html).splitlines() == STORY  # the credit line is flagged by its phrase


def test_a_long_author_box_is_a_bio_not_story() -> None:
    bio = (
        "Jo Bloggs has covered the harbour, the ferries and the council for the Courier since 2009. "
        "Before that she reported on shipping for a trade weekly and spent three years on a fishing "
        "boat out of Whitby, which she still writes about in her column every other Saturday. She "
        "lives on the quay with two cats and an unreasonable number of tide tables."
    )
    box = f'<div class="author-box"><h4>About Jo Bloggs</h4><p>{bio}</p></div>'
    html = f"<html><body><article>{_paragraphs([*STORY, LONG])}{box}</article></body></html>"
    blocks = _blocks(html)
    assert _story(blocks) == [*STORY, LONG]
    assert {b.boilerplate for b in blocks if "tide tables" in b.text} == {"bio"}


def test_paragraphs_hidden_from_screen_readers_by_a_metered_paywall_are_story() -> None:
    rest = "".join(f'<p aria-hidden="true" class="blurred">{t}</p>' for t in STORY[2:])
    html = (
        f"<html><body><article>{_paragraphs(STORY[:2])}"
        '<div class="meter"><span aria-hidden="true">You have 2 free articles left</span></div>'
        f'{rest}<div aria-hidden="true"><p>Subscribe to read on</p></div></article></body></html>'
    )
    body = _body(html)
    assert body.splitlines() == STORY


def test_a_short_summary_padded_with_whitespace_is_still_a_teaser() -> None:
    from newscrawl.extract.blocks import segment

    pad = "\n" + "\t" * 60
    words = ["A", "cut", "down", "summary", "of", "another", "story", "about", "the", "ferries"]
    summary = pad.join(words)
    title = '<a href="/o">The other story about the harbour ferries</a>'
    html = f"<html><body><ul><li>{title}</li><li>{summary}</li></ul></body></html>"
    blocks = segment(parse_html(html)).blocks
    assert len(blocks[-1].text) > 400
    assert blocks[-1].teaser


def test_the_first_paragraph_under_the_posts_linked_h1_is_no_teaser() -> None:
    from newscrawl.extract.blocks import segment

    html = (
        '<html><body><div class="post"><h1><a href="/2010/05/bridge">Bridge reopens after two years'
        f"</a></h1><p>{STORY[0]}</p><blockquote><p>{STORY[1]} {STORY[2]}</p></blockquote>"
        "<p>The rest is on the council's site.</p></div></body></html>"
    )
    first = next(b for b in segment(parse_html(html)).blocks if b.text.startswith("The harbour"))
    assert first.good and not first.teaser
    assert STORY[0] in _body(html)


def test_a_related_heading_flags_the_cards_nested_under_it_and_not_the_story_after_a_box() -> None:
    cards = "".join(
        f'<article class="card"><p>Share on WhatsApp</p><p>A story about something else entirely, '
        f"told at length so that it reads like prose, number {i}, with a full stop.</p></article>"
        for i in range(3)
    )
    box = '<h3>Read also</h3><ul><li><a href="/r">Ferry operator orders two electric vessels</a></li></ul>'
    html = (
        f"<html><body><div class='content'><article>{_paragraphs(STORY[:2])}{box}"
        f"{_paragraphs(STORY[2:])}</article><div class='more'><h2>You may also like</h2>{cards}</div>"
        "</div></body></html>"
    )
    blocks = _blocks(html)
    assert {b.boilerplate for b in blocks if "something else" in b.text} == {"related"}
    assert _body(html).splitlines() == STORY


def test_short_labels_the_story_ends_on_are_flagged_and_a_short_last_sentence_is_not() -> None:
    from newscrawl.clean.boilerplate import mark_trailing_labels

    blocks = [Block(t, "p") for t in [*STORY, "Quay Events Ltd", "Harbour Courier"]]
    assert mark_trailing_labels(blocks) == 2
    assert [b.boilerplate for b in blocks[-2:]] == ["trailing-label", "trailing-label"]
    assert all(b.boilerplate is None for b in blocks[:-2])

    blocks = [Block(t, "p") for t in [*STORY, "See you on the quay.", "Thanks, Jo"]]
    assert mark_trailing_labels(blocks) == 0
    blocks = [Block("Concert tonight", "h"), Block("Quay Events", "p")]  # no prose: not judged
    assert mark_trailing_labels(blocks) == 0
    table = ["Pos", "Crew", "Points", "1", "Whitby", "40", "2", "Eastholm", "36"]
    blocks = [Block(t, "p") for t in [*STORY, *table]]  # a table the story ends on
    assert mark_trailing_labels(blocks) == 0


def test_a_deck_set_as_a_heading_in_the_article_header_is_story_text() -> None:
    html = (
        '<html><body><article><header class="entry__header"><h1>Bridge reopens</h1>'
        f'<h2 class="entry__subtitle">{LEAD}</h2><p class="meta">Published 1 May</p></header>'
        f'<div class="entry__content">{_paragraphs(STORY)}</div></article></body></html>'
    )
    assert _body(html).splitlines() == [LEAD, *STORY]


def test_a_table_rows_class_is_no_cue() -> None:
    rows = "".join(
        f'<tr class="evenrow player-2024-{i}"><td>{i}</td><td>Crew {i} of the harbour regatta</td>'
        f"<td>{40 - i}</td></tr>"
        for i in range(1, 13)
    )
    html = (
        f'<html><body><article><h1>Regatta standings</h1><p>{STORY[0]}</p><table class="standings">'
        f"<tr><th>Pos</th><th>Crew</th><th>Points</th></tr>{rows}</table></article></body></html>"
    )
    body = _body(html)
    assert "Crew 12 of the harbour regatta" in body


# --- Ruby annotations ------------------------------------------------------------------------------


def test_ruby_readings_are_left_out_and_annotated_words_stay_in_their_sentence() -> None:
    # Japanese news for learners: every hard word is a <ruby> with its reading in <rt>, often
    # inside a dictionary link; the reading is set above the word, it is not read in the sentence.
    sentence = (
        '<p><ruby>港<rt>みなと</rt></ruby>の<a href="javascript:void(0)" class="dicWin">'
        '<ruby><span class="under">橋</span><rt>はし</rt></ruby></a>が<ruby>来月<rp>(</rp>'
        "<rt>らいげつ</rt><rp>)</rp></ruby>から<ruby>再<rt>ふたた</rt></ruby>び"
        "<ruby>通<rt>とお</rt></ruby>れるようになります。</p>"
    )
    more = "<p>工事は二年かかりました。町の人たちはとても喜んでいます。祭りも開かれる予定です。</p>"
    html = f'<html><body><div class="article-body">{sentence * 3}{more}</div></body></html>'
    lines = _body(html).splitlines()
    assert lines[0] == "港の橋が来月から再び通れるようになります。"
    assert "みなと" not in _body(html) and "(" not in _body(html)


# --- Lone links that are no teaser title ---------------------------------------------------------


def _segment_block(html: str, start: str) -> TextBlock:
    from newscrawl.extract.blocks import segment

    return next(b for b in segment(parse_html(html)).blocks if b.text.startswith(start))


def test_a_paragraph_after_a_download_button_under_a_chart_is_no_teaser() -> None:
    # A data story: a chart with a "download" link in its caption box, then the story goes on.
    html = (
        f"<html><body><article><h1>Bridge traffic</h1><p>{STORY[0]}</p>"
        '<div class="graphic-caption"><a href="/chart.png" download>Download this chart as a picture</a>'
        f"</div><p>{STORY[1]}</p></article></body></html>"
    )
    after = _segment_block(html, STORY[1])
    assert after.good and not after.teaser
    assert _body(html).splitlines() == [STORY[0], STORY[1]]


def test_a_paragraph_after_a_bare_link_to_a_source_is_no_teaser() -> None:
    # A short blog post citing its source as a bare address, then going on.
    url = "https://photos.example.org/2024/05/01/macro-shots-of-ants-with-a-phone/"
    after = "The photographer used two phones, one of them with a clip-on macro lens, and no tripod."
    html = (
        f'<html><body><div class="post-content"><p>{STORY[0]}</p><p>{STORY[1]}</p>'
        f'<p><a href="{url}">{url}</a></p><p>{after}</p></div></body></html>'
    )
    block = _segment_block(html, after)
    assert block.good and not block.teaser
    assert after in _body(html).splitlines()


def test_a_summary_after_a_linked_card_title_is_still_a_teaser() -> None:
    # A card of another story: its linked title (not an address, no button cue), then its summary.
    html = (
        '<html><body><div class="cards"><div class="card"><div class="card-thumb"><img src="/a.jpg"></div>'
        '<h3><a href="/other">The ferry timetable changes in June</a></h3>'
        "<p>Fewer crossings in the evening, more at weekends, the operator says.</p>"
        "</div></div></body></html>"
    )
    assert _segment_block(html, "Fewer crossings").teaser


def test_a_sub_headings_anchor_id_is_no_cue() -> None:
    # Headings carry ids made from their own words, as targets for a table of contents; a class
    # on a heading still counts.
    html = (
        f'<html><body><article><h1>Markets</h1><div class="article-content"><p>{STORY[0]}</p>'
        f'<h3 class="subheading" id="nav_share_prices_fall__0">Share prices fall</h3><p>{STORY[1]}</p>'
        f'<h3 id="related-costs">Related costs for traders</h3><p>{STORY[2]}</p>'
        f'<h3 class="related-title">More from the harbour</h3>{_teasers(3)}</div></article></body></html>'
    )
    body = _body(html).splitlines()
    assert body == [STORY[0], "Share prices fall", STORY[1], "Related costs for traders", STORY[2]]
    assert "More from the harbour" not in body


def test_an_affiliate_disclosure_box_is_a_promo() -> None:
    # Shopping and tech news sites put a notice about commission links in a box of its own,
    # above the story or after it; the story's own links are untouched.
    notice = "We may earn a small fee when you buy through the shop links on this page. Learn more."
    html = (
        '<html><body><div class="page"><div class="site-affiliate-info">'
        f'<span class="site-affiliate-info-text">{notice}</span></div>'
        '<article><h1>Bridge reopens</h1><div class="article-body">'
        f'{_paragraphs(STORY)}<div class="affiliate-note"><p>{notice}</p></div></div></article>'
        "</div></body></html>"
    )
    blocks = _blocks(html)
    assert _story(blocks) == STORY
    assert [b.boilerplate for b in blocks if b.text == notice] == ["promo"]
    assert _body(html).splitlines() == STORY


def test_a_linked_headline_between_the_paragraphs_is_another_story_and_a_linked_sentence_is_not() -> None:
    # News sites set links to other stories between the paragraphs as a paragraph of their own,
    # the whole line one link (often bold capitals); a sentence made of one link stays story.
    other = "HARBOUR MASTER SAYS NEW FERRY TIMETABLE WILL START IN JUNE"
    question = "What did the engineers find when they opened the old gearing?"
    html = (
        f'<html><body><article><h1>Bridge reopens</h1><div class="article-body"><p>{STORY[0]}</p>'
        f'<p><strong><a href="/video/ferry-timetable">{other}</a></strong></p><p>{STORY[1]}</p>'
        f'<p><a href="/2024/04/gearing">{question}</a></p><p>{STORY[2]}</p>'
        f'<p><a href="/quay">More stories from the quay …</a></p><p>{STORY[3]}</p>'
        "</div></article></body></html>"
    )
    blocks = _blocks(html)
    assert _story(blocks) == [STORY[0], STORY[1], question, STORY[2], STORY[3]]
    assert [b.boilerplate for b in blocks if b.text == other] == ["related"]


def test_the_links_after_a_tags_label_are_flagged_and_a_paragraph_after_an_ad_label_is_not() -> None:
    # A post ends on a bold "Tags" line and the tag links after it, in one box with the story.
    tags = ", ".join(f'<a href="/tag/t{i}" rel="tag">harbour bridge topic {i}</a>' for i in range(5))
    html = (
        f'<html><body><div class="post"><h1>Bridge reopens</h1><p>{STORY[0]}</p><p>{STORY[1]}</p>'
        f"<p>Advertisement</p><p>{STORY[2]}</p><p>{STORY[3]}</p>"
        f"<strong>Tags<br>{tags}</strong></div></body></html>"
    )
    blocks = _blocks(html)
    assert _story(blocks) == STORY
    assert [b.boilerplate for b in blocks if b.text.startswith("harbour bridge topic 0")] == ["links"]


def test_an_italic_author_tagline_the_story_ends_on_is_a_bio_and_an_italic_closing_line_is_not() -> None:
    # Magazines end a story on the writer's tagline set in italics (a whole <p> of <em> runs and
    # links in <em>); a story's own italic closing line without a bio's words stays.
    tagline = (
        "<p><em>Ada Pike is a senior reporter at the Quay Gazette. Follow her on </em>"
        '<a href="https://social.example/ada"><em>@adapike</em></a><em>.</em></p>'
    )
    closing = "And the gulls, as ever, came back first."
    html = (
        f'<html><body><article><h1>Bridge reopens</h1><div class="article-body">{_paragraphs(STORY)}'
        f"<p><em>{closing}</em></p>{tagline}</div></article></body></html>"
    )
    blocks = _blocks(html)
    assert _story(blocks) == [*STORY, closing]
    assert [b.boilerplate for b in blocks if b.text.startswith("Ada Pike")] == ["bio"]
    # ... in German too; a plain (not italic) last paragraph with the same words is story.
    bio = "Max Muster ist Redakteur im Ressort Lokales und schreibt über Verkehr."
    html = (
        f'<html><body><article><h1>Brücke</h1><div class="article-body">{_paragraphs(STORY)}'
        f"<p>{bio}</p><p><i>{bio}</i></p></div></article></body></html>"
    )
    blocks = _blocks(html)
    assert _story(blocks) == [*STORY, bio]
    assert [b.boilerplate for b in blocks][-1] == "bio"


def test_a_write_to_line_with_an_address_is_contact() -> None:
    # Financial news sites end every story on "Write to <reporter> at <address>".
    line = '<p><strong>Write to </strong>Ada Pike at <a href="mailto:ada@example.com">ada@example.com</a></p>'
    html = (
        f'<html><body><article><h1>Bridge reopens</h1><div class="article-body">{_paragraphs(STORY)}'
        f"{line}</div></article></body></html>"
    )
    assert _body(html).splitlines() == STORY


def test_a_linked_card_led_by_a_read_also_label_without_a_colon_is_related() -> None:
    # A card of another story between the paragraphs: one link holding a label span ("Also on
    # example.com", "Lesen Sie auch") and the other story's title, no colon between them.
    card = (
        '<a class="read-more-big" href="/news/ferry">'
        '<span class="read-more-big__subtitle">Also on quay.example</span> '
        '<span class="read-more-big__title">Harbour master promises a new ferry timetable for June</span></a>'
    )
    html = (
        '<html><body><article><h1>Bridge reopens</h1><div class="article-body">'
        f"<p>{STORY[0]}</p><p>{STORY[1]}</p>{card}<p>{STORY[2]}</p><p>{STORY[3]}</p>"
        "</div></article></body></html>"
    )
    assert _story(_blocks(html)) == STORY


def test_a_label_paragraph_before_a_list_of_other_stories_flags_the_list() -> None:
    # A magazine ends its story on a label styled as a heading but set in a <div>, then a list of
    # other stories, each item half a link; a list after an ordinary paragraph stays story.
    items = "".join(
        f'<li>A quieter harbour at last, <a href="/s{i}">and what the fishermen think of it {i}</a></li>'
        for i in range(4)
    )
    points = "<ul><li>The deck was replaced in full.</li><li>The gearing was restored.</li></ul>"
    html = (
        f'<html><body><article><h1>Bridge reopens</h1><div class="article-body">{_paragraphs(STORY)}'
        f'{points}<hr><div class="heading-h3">More Great Gazette Stories</div><ul>{items}</ul>'
        "</div></article></body></html>"
    )
    blocks = _blocks(html)
    assert _story(blocks) == [*STORY, "The deck was replaced in full.", "The gearing was restored."]


def test_a_hover_card_written_into_a_sentence_is_left_out_and_the_name_stays() -> None:
    # A politics site writes a hover card (photo, name, links to other stories) into the sentence
    # right after the linked name; a reader sees only the name.
    card = (
        '<span class="rollover-people-block"><span class="rollover-block"><img src="/p.jpg">'
        '<a class="name" href="/people/ada-pike">Ada Pike</a>'
        '<a class="people-articles" href="/ferry">Ferry timetable row deepens | Quay traders object</a>'
        '<a class="more" href="/people/ada-pike">MORE</a></span></span>'
    )
    sentence = (
        '<p>The works were opened by Mayor <span class="rollover-people"><a class="rollover-people-link" '
        f'href="/people/ada-pike">Ada Pike</a>{card}</span> (Harbour Party), who thanked the engineers.</p>'
    )
    html = (
        f'<html><body><article><h1>Bridge reopens</h1><div class="article-body">{_paragraphs(STORY)}'
        f"{sentence}</div></article></body></html>"
    )
    assert _story(_blocks(html)) == [
        *STORY,
        "The works were opened by Mayor Ada Pike (Harbour Party), who thanked the engineers.",
    ]


def test_the_author_box_of_a_common_wordpress_plugin_is_a_bio() -> None:
    # Blogs and small news sites on WordPress show the writer's box of the Simple Author Box plugin
    # ("saboxplugin-wrap" > "saboxplugin-authorname", "saboxplugin-desc") at the end of the story's
    # own container: run-together class names with no bio word the segmenter can find.
    bio = "Anna Keller writes about wine and food and has run a small restaurant in the old town for years."
    html = (
        '<html><body><article><h1>Bridge reopens</h1><div class="entry-content">'
        f"{_paragraphs(STORY)}"
        '<div class="saboxplugin-wrap"><div class="saboxplugin-authorname"><a href="/author/anna">Anna Keller'
        f'</a></div><div class="saboxplugin-desc"><p>{bio}</p></div></div></div></article></body></html>'
    )
    assert _body(html).splitlines() == STORY
    assert [b.boilerplate for b in _blocks(html) if b.text == bio] == ["bio"]
