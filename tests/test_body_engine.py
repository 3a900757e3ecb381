"""The generic body engine on small hand-written pages shaped like real news markup."""

from __future__ import annotations

from newscrawl import extract_article
from newscrawl.extract.body import extract_body
from newscrawl.extract.cues import attribute_cue
from newscrawl.extract.htmlparse import parse_html
from newscrawl.items import Block

URL = "https://news.example.com/2024/05/01/story"

STORY = [
    "The harbour authority confirmed on Tuesday that the old swing bridge will reopen next month.",
    "Engineers spent two years replacing the corroded steel deck and the original gearing.",
    "Local traders said the closure had cost them a third of their summer trade last year.",
    "The council will hold a public ceremony on the quay when the first ships pass through.",
]


def _page(article: str, *, extra: str = "") -> str:
    nav = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(12))
    side = "".join(
        f'<li><a href="/x{i}">A much-read story about something else entirely, number {i}</a></li>'
        for i in range(8)
    )
    return (
        "<html><head><title>T</title><script>var x = 'not text at all, a script body';</script></head><body>"
        f"<header><nav><ul>{nav}</ul></nav></header>"
        f'<div class="layout has-sidebar"><main>{article}</main>'
        f'<aside class="sidebar"><h3>Most read</h3><ul>{side}</ul></aside></div>'
        f"{extra}<footer><p>Copyright 2024 The Example News Company. All rights reserved.</p></footer>"
        "</body></html>"
    )


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def _body(html: str) -> tuple[list[Block], list]:
    return extract_body(parse_html(html), URL)


def _story(blocks: list[Block]) -> list[str]:
    return [" ".join(b.text.split()) for b in blocks if b.boilerplate is None and b.kind != "caption"]


def test_story_paragraphs_in_order_without_navigation_or_sidebar() -> None:
    html = _page(
        f'<article><h1>Bridge reopens</h1><div class="article-body">{_paragraphs(STORY)}</div></article>'
    )
    blocks, _ = _body(html)
    assert _story(blocks) == STORY
    texts = " ".join(b.text for b in blocks)
    assert "Section 3" not in texts and "much-read" not in texts and "Copyright" not in texts


def test_headline_inside_the_article_is_flagged_not_story() -> None:
    html = _page(f"<article><h1>Bridge reopens</h1>{_paragraphs(STORY)}</article>")
    blocks, _ = _body(html)
    heads = [b for b in blocks if b.text == "Bridge reopens"]
    assert heads and heads[0].boilerplate is not None
    assert "Bridge reopens" not in _story(blocks)


def test_boilerplate_inside_the_article_is_flagged_with_a_reason() -> None:
    article = (
        "<article>"
        + _paragraphs(STORY[:2])
        + '<div class="share-bar"><a href="#">Share on Facebook</a> <span>Tell friends</span></div>'
        + '<div class="newsletter-signup"><p>Sign up to our morning briefing, every day at seven.</p></div>'
        + _paragraphs(STORY[2:])
        + '<div class="related-articles"><h2>Related</h2><ul>'
        + "".join(
            f'<li><a href="/r{i}">Another story about the harbour and its many bridges {i}</a></li>'
            for i in range(3)
        )
        + "</ul></div></article>"
    )
    blocks, _ = _body(_page(article))
    assert _story(blocks) == STORY
    reasons = {b.boilerplate for b in blocks if b.boilerplate}
    assert {"share", "newsletter", "related"} <= reasons
    # keep mode still shows the flagged blocks
    kept = extract_article(_page(article), URL, boilerplate="keep", use_profiles=False).articleBody
    assert "Sign up to our morning briefing" in kept


def test_comments_below_the_story_are_not_story() -> None:
    comments = "".join(
        f'<div class="comment"><p>I have lived by this bridge for forty years and never saw it shut, {i}.</p>'
        "</div>"
        for i in range(6)
    )
    html = _page(f'<article>{_paragraphs(STORY)}</article><section id="comments">{comments}</section>')
    blocks, _ = _body(html)
    assert _story(blocks) == STORY


def test_div_with_br_lines_gives_separate_text_not_glued_words() -> None:
    text = "<br>".join(STORY)
    blocks, _ = _body(_page(f'<div class="story-text">{text}</div>'))
    assert _story(blocks) == STORY


def test_story_split_over_sibling_containers_is_kept_whole() -> None:
    article = (
        f'<div class="body-part">{_paragraphs(STORY[:2])}</div>'
        '<div class="ad-slot"><span>Advertisement</span></div>'
        f'<div class="body-part">{_paragraphs(STORY[2:])}</div>'
    )
    blocks, _ = _body(_page(f"<article>{article}</article>"))
    assert _story(blocks) == STORY


def test_captions_are_caption_blocks_and_images_with_absolute_urls() -> None:
    figure = (
        '<figure><img src="/img/bridge.jpg" alt="">'
        "<figcaption>The bridge at dawn (Photo: J. Smith)</figcaption></figure>"
    )
    blocks, images = _body(
        _page(f"<article>{_paragraphs(STORY[:2])}{figure}{_paragraphs(STORY[2:])}</article>")
    )
    captions = [b for b in blocks if b.kind == "caption"]
    assert [c.text for c in captions] == ["The bridge at dawn (Photo: J. Smith)"]
    assert _story(blocks) == STORY
    assert images[0].url == "https://news.example.com/img/bridge.jpg"
    assert images[0].caption == "The bridge at dawn (Photo: J. Smith)"


def test_block_kinds_for_subheadings_lists_quotes() -> None:
    article = (
        _paragraphs(STORY[:2])
        + "<h2>What happens next</h2>"
        + "<ul><li>The quay will be closed to cars during the ceremony on Saturday.</li></ul>"
        + "<blockquote><p>We are proud of the craftsmanship that went into this restoration.</p></blockquote>"
        + _paragraphs(STORY[2:])
    )
    blocks, _ = _body(_page(f"<article>{article}</article>"))
    kinds = {" ".join(b.text.split()): b.kind for b in blocks}
    assert kinds["What happens next"] == "h"
    assert kinds["The quay will be closed to cars during the ceremony on Saturday."] == "li"
    assert kinds["We are proud of the craftsmanship that went into this restoration."] == "quote"


def test_inline_markup_does_not_split_or_glue_words() -> None:
    para = "<p>The <a href='/a'>harbour authority</a> said the <em>new</em> deck is <b>finished</b> now.</p>"
    blocks, _ = _body(_page(f"<article>{para}{_paragraphs(STORY)}</article>"))
    assert "The harbour authority said the new deck is finished now." in _story(blocks)


def test_hidden_and_script_text_is_not_a_block() -> None:
    article = (
        _paragraphs(STORY)
        + '<div style="display: none"><p>This hidden paragraph should never appear in any output.</p></div>'
        + "<noscript><p>To view this video please enable JavaScript in your browser.</p></noscript>"
    )
    blocks, _ = _body(_page(f"<article>{article}</article>"))
    texts = " ".join(b.text for b in blocks)
    assert "hidden paragraph" not in texts and "enable JavaScript" not in texts and "script body" not in texts


def test_teaser_cards_below_the_story_are_not_chosen_over_it() -> None:
    cards = "".join(
        f'<li><h3><a href="/t{i}">A different story headline that links elsewhere {i}</a></h3>'
        f"<div>Jane Doe</div><div>November 20, 2019</div>"
        f"<div>This is the summary of another story, long enough to look like a paragraph {i}.</div></li>"
        for i in range(10)
    )
    html = _page(
        f"<article>{_paragraphs(STORY)}</article>", extra=f'<div class="more"><ul>{cards}</ul></div>'
    )
    blocks, _ = _body(html)
    assert _story(blocks) == STORY


def test_cjk_story_is_found() -> None:
    story = [
        "东京电力公司周二宣布，受台风影响的地区已经全部恢复供电，工作人员连夜抢修了受损的输电线路。",
        "气象部门提醒市民，本周末仍有强降雨，山区居民需要注意防范泥石流等地质灾害。",
        "市政府表示，将在下周公布受灾企业的补助方案，并设立专门的咨询窗口。",
    ]
    blocks, _ = _body(_page(f'<div class="article-content">{_paragraphs(story)}</div>'))
    assert _story(blocks) == story


def test_wordpress_taxonomy_classes_are_not_boilerplate_cues() -> None:
    assert attribute_cue("post-42 post type-post tag-advertising category-comments")[0] is None
    assert attribute_cue("related-posts")[0] == "related"
    assert attribute_cue("shareButtons")[0] == "share"
    assert attribute_cue("has-sidebar")[0] is None
    assert attribute_cue("hidden-xs")[0] is None
    assert attribute_cue("article-body")[1] is True


def test_page_without_text_gives_no_blocks() -> None:
    blocks, images = _body("<html><body><div><img src='a.png'></div></body></html>")
    assert blocks == [] and images == []


def test_list_of_story_cards_with_cut_off_summaries_is_not_chosen() -> None:
    cards = "".join(
        f'<li><a href="/c{i}">Breaking: another headline from the wire about a different event {i}</a> '
        f"<span>LONDON: The summary of that other story goes on and is cut off here {i}...</span></li>"
        for i in range(12)
    )
    html = _page(f'<div class="breaking"><ul>{cards}</ul></div><article>{_paragraphs(STORY)}</article>')
    blocks, _ = _body(html)
    assert _story(blocks) == STORY


def test_labelled_link_paragraph_and_repeated_headline_are_flagged() -> None:
    article = (
        "<div class='lead'>Bridge reopens after two years</div>"
        + _paragraphs(STORY[:2])
        + '<p>See also: <a href="/other">The bridge that was never finished</a></p>'
        + _paragraphs(STORY[2:])
    )
    root = parse_html(_page(f"<article>{article}</article>"))
    blocks, _ = extract_body(root, URL, headline="Bridge reopens after two years | The Example News")
    assert _story(blocks) == STORY
    reasons = {" ".join(b.text.split()): b.boilerplate for b in blocks}
    assert reasons["See also: The bridge that was never finished"] == "related"
    assert reasons["Bridge reopens after two years"] == "headline"


def test_header_and_footer_inside_the_article_area_are_flagged_blocks() -> None:
    # No <article>/<main>: page chrome is only measured at first, then cut in full inside the area.
    area = (
        '<div class="story-content"><header><p>By Jane Doe, Harbour Correspondent</p></header>'
        + _paragraphs(STORY)
        + "<footer><p>Filed under: harbours, bridges and the sea</p></footer></div>"
    )
    html = (
        "<html><body><header><nav>"
        + "".join(f'<a href="/s{i}">Section {i}</a>' for i in range(10))
        + f"</nav></header>{area}<footer><p>Copyright 2024 Example News.</p></footer></body></html>"
    )
    blocks, _ = _body(html)
    reasons = {" ".join(b.text.split()): b.boilerplate for b in blocks}
    assert _story(blocks) == STORY
    assert reasons["By Jane Doe, Harbour Correspondent"] == "header"
    assert reasons["Filed under: harbours, bridges and the sea"] == "footer"
    assert "Section 1" not in reasons and "Copyright 2024 Example News." not in reasons


def test_structured_articlebody_stands_in_when_the_page_shows_no_story() -> None:
    declared = "\n\n".join(STORY * 2)
    html = _page('<div id="app"><p>Loading the story, please wait a moment.</p></div>')
    blocks, _ = extract_body(parse_html(html), URL, jsonld_body=declared)
    assert _story(blocks) == STORY * 2
    # ... but never over a page whose own text is the story
    blocks, _ = extract_body(parse_html(_page(f"<article>{_paragraphs(STORY)}</article>")), URL, declared)
    assert _story(blocks) == STORY


def test_inline_elements_never_add_whitespace_in_any_script() -> None:
    # Text is concatenated as a browser renders it: only block boundaries separate words.
    split_word = (
        "<p>Ministers promised sweeping changes i<a href='/k'>n their first King’s Speech</a> on "
        "Wednesday, with <span>forty</span> bills in all.</p>"
    )
    japanese = "<p>パスワード管理ソフト<a href='/k'>KeePass</a>の起動ショートカットキーと同じなのです。</p>"
    chinese = "<p>新华社<a href='/x'>北京</a>11月27日电<strong>国家统计局</strong>今天发布了最新数据。</p>"
    latin = (
        "<p>The figures came from <a href='/r'>Reuters</a>, which cited <em>three</em> people "
        "familiar with the <b>talks</b>.</p>"
    )
    glued_inline = "<p>Shares rose<sup>1</sup> by <abbr>12</abbr>%<small>,</small> said <i>the</i> board.</p>"
    article = split_word + japanese + chinese + latin + glued_inline + _paragraphs(STORY)
    story = _story(_body(_page(f"<article>{article}</article>"))[0])
    assert (
        "Ministers promised sweeping changes in their first King’s Speech on Wednesday, "
        "with forty bills in all." in story
    )
    assert "パスワード管理ソフトKeePassの起動ショートカットキーと同じなのです。" in story
    assert "新华社北京11月27日电国家统计局今天发布了最新数据。" in story
    assert "The figures came from Reuters, which cited three people familiar with the talks." in story
    assert "Shares rose1 by 12%, said the board." in story


def test_br_and_block_boundaries_still_separate_words() -> None:
    html = "<p>First line<br>second line</p><div>alpha<p>beta</p>gamma</div>"
    blocks, _ = _body(_page(f"<article>{html}{_paragraphs(STORY)}</article>"))
    texts = [" ".join(b.text.split()) for b in blocks]
    assert "First line" in texts and "second line" in texts
    assert "alpha" in texts and "beta" in texts and "gamma" in texts


def test_quoted_social_post_is_story_even_inside_a_media_box() -> None:
    tweet = (
        '<div class="video-container"><blockquote class="twitter-tweet"><p lang="en">Stadia capture is '
        'running at an unstable frame rate on my home connection tonight <a href="https://t.co/x">'
        "pic.twitter.com/4p7SXk7JPW</a></p><p>— Digital Foundry (@digitalfoundry) "
        '<a href="https://twitter.com/df/status/1">November 18, 2019</a></p></blockquote></div>'
    )
    link_only = (
        '<blockquote class="twitter-tweet"><p>on it <a href="https://t.co/y">https://t.co/HO1ZRs9</a>'
        "</p></blockquote>"
    )
    player = (
        '<div class="video-player"><p>Watch the full interview with the harbour master in our video.'
        "</p></div>"
    )
    blocks, _ = _body(
        _page(
            f"<article>{_paragraphs(STORY[:2])}{tweet}{link_only}{player}{_paragraphs(STORY[2:])}</article>"
        )
    )
    story = _story(blocks)
    assert any(t.startswith("Stadia capture is running") for t in story)
    assert any(t.startswith("— Digital Foundry") for t in story)
    assert "on it https://t.co/HO1ZRs9" in story
    flagged = {" ".join(b.text.split()): b.boilerplate for b in blocks}
    assert flagged["Watch the full interview with the harbour master in our video."] == "media"


def test_list_item_with_a_linked_lead_and_its_own_sentence_is_story() -> None:
    points = (
        "<ol>"
        "<li><strong><a href='/a'>The council approved the bridge budget after a long debate</a>. </strong>"
        "Opponents said the cost had doubled since 2021.</li>"
        "<li><a href='/b'>Traders expect the summer season to recover</a>. Bookings are up.</li>"
        "</ol>"
    )
    related = (
        "<ul><li><a href='/c'>Another story about ferries on the river</a></li>"
        "<li><a href='/d'>A story about the tides this week</a></li></ul>"
    )
    blocks, _ = _body(_page(f"<article>{_paragraphs(STORY)}{points}{related}</article>"))
    reasons = {" ".join(b.text.split()): b.boilerplate for b in blocks}
    assert (
        reasons[
            "The council approved the bridge budget after a long debate. "
            "Opponents said the cost had doubled since 2021."
        ]
        is None
    )
    # too little text of its own: still a link
    assert reasons["Traders expect the summer season to recover. Bookings are up."] == "links"
    assert reasons["Another story about ferries on the river"] == "links"


def test_title_class_on_a_lead_sentence_is_no_verdict_but_on_a_title_is() -> None:
    lead = (
        '<p class="title">A trade deal between the two countries was supposed to be a limited agreement '
        "that would let both claim an easy victory.</p>"
    )
    title = '<p class="title">Harbour bridge to reopen next month</p>'
    blocks, _ = _body(_page(f"<article>{title}{lead}{_paragraphs(STORY)}</article>"))
    reasons = {" ".join(b.text.split()): b.boilerplate for b in blocks}
    assert reasons["Harbour bridge to reopen next month"] == "title"
    assert (
        reasons[
            "A trade deal between the two countries was supposed to be a limited agreement "
            "that would let both claim an easy victory."
        ]
        is None
    )


def test_old_style_caption_boxes_give_caption_blocks_and_images() -> None:
    box = (
        '<div class="wp-caption aligncenter"><img data-src="https://cdn.example.com/quay.jpg" src="data:,">'
        '<p class="wp-caption-text">The quay at low tide (Picture: Getty)</p></div>'
    )
    blocks, images = _body(_page(f"<article>{_paragraphs(STORY[:2])}{box}{_paragraphs(STORY[2:])}</article>"))
    assert _story(blocks) == STORY
    assert [b.text for b in blocks if b.kind == "caption"] == ["The quay at low tide (Picture: Getty)"]
    assert [(i.url, i.caption) for i in images] == [
        ("https://cdn.example.com/quay.jpg", "The quay at low tide (Picture: Getty)")
    ]


def test_custom_element_can_be_the_article_area() -> None:
    junk = "".join(
        f'<li><a href="/j{i}">Another headline elsewhere on the site {i}</a></li>' for i in range(15)
    )
    html = _page(f"<div><story-body>{_paragraphs(STORY)}</story-body><ul>{junk}</ul></div>")
    blocks, _ = _body(html)
    assert _story(blocks) == STORY
    assert not any("Another headline" in b.text for b in blocks)


def test_heading_of_an_all_boilerplate_section_is_flagged_too() -> None:
    links = "".join(
        f'<li><a href="/m{i}">A further story about the harbour, part {i}</a></li>' for i in range(4)
    )
    article = _paragraphs(STORY) + f"<h3>More on this</h3><ul>{links}</ul>"
    blocks, _ = _body(_page(f"<article><h2>Background</h2>{article}</article>"))
    reasons = {" ".join(b.text.split()): b.boilerplate for b in blocks}
    assert reasons["More on this"] == "links"
    assert reasons["Background"] is None  # its section is story text


def test_sub_heading_with_a_title_class_stays_story() -> None:
    article = (
        _paragraphs(STORY[:2]) + '<h2 class="section-title">What happens next</h2>' + _paragraphs(STORY[2:])
    )
    blocks, _ = _body(_page(f"<article><h1 class='entry-title'>Bridge reopens</h1>{article}</article>"))
    reasons = {" ".join(b.text.split()): b.boilerplate for b in blocks}
    assert reasons["What happens next"] is None
    assert reasons["Bridge reopens"] == "headline"
