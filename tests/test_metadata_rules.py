"""Metadata rules for publishers nobody tuned for (issue #15): each rule on a small page of its own that
copies the shape of real markup, read through the library call (or the metadata extractor)."""

from __future__ import annotations

from datetime import datetime, timezone

from newscrawl import extract_article
from tests.metadata_support import extract, ld, page

PLAIN_URL = "https://www.example-news.com/local/council-approves-tram-line"
NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)
STORY = "<p>The council met on Tuesday evening and voted to approve the new tram line.</p>" * 4


def article(html: str, url: str = PLAIN_URL):
    return extract_article(html, url, now=NOW)


# --- dates ---------------------------------------------------------------------------------------


def test_a_state_class_on_the_article_node_does_not_put_the_article_outside_itself():
    # Drupal marks articles listed on the front page "node--promoted": the word "promo" in it must
    # not hide the article's own byline and date.
    body = (
        "<main><article role='article' class='node node--type-article node--promoted node--view-mode-full'>"
        "<header><h1>Council approves tram line</h1><div class='byline'>Von "
        "<span class='byline__author-name'><a href='/anna-keller'>Anna Keller</a></span>, "
        "<span class='byline__created-date'>07 Dezember, 2022</span></div></header>"
        f"<div class='node__content'>{STORY}</div></article></main>"
        "<aside><div class='node node--promoted node--view-mode-teaser'><h2>Other story</h2>"
        "<span class='date'>01.01.2020</span></div></aside>"
    )
    found = article(page("<title>Council approves tram line</title>", body, lang="de"))
    assert found.datePublished == "2022-12-07"
    assert found.authors == ["Anna Keller"]


def test_a_promoted_teaser_without_the_headline_stays_outside():
    body = (
        f"<article><h1>Council approves tram line</h1>{STORY}</article>"
        "<article class='node node--promoted'><h2>Other story</h2>"
        "<span class='date'>01.01.2020</span></article>"
    )
    assert article(page("<title>Council approves tram line</title>", body)).datePublished is None


def test_date_class_names_are_read_in_any_case():
    for mark in ("Date", "ArticleDate", "postDate", "itemPostDate"):
        body = (
            f"<div class='story'><h1>Council approves tram line</h1>"
            f"<div class='{mark}'>Veröffentlicht am 12.03.2024</div>{STORY}</div>"
        )
        found = article(page("<title>Council approves tram line</title>", body, lang="de"))
        assert found.datePublished == "2024-03-12", mark


def test_a_visible_date_with_a_two_digit_year():
    body = (
        "<div class='article'><h1>Council approves tram line</h1>"
        "<p class='article-date'>Do 25.04.24 | 14:07</p>" + STORY + "</div>"
    )
    html = page("<title>Council approves tram line</title>", body, lang="de")
    assert extract(html, PLAIN_URL)["datePublishedRaw"] == "25.04.24 | 14:07"
    # No time zone on the page or the site: the day, never an invented offset.
    assert article(html).datePublished == "2024-04-25"


def test_a_two_digit_year_keeps_the_site_time_zone():
    from newscrawl.dates import iso_date

    assert iso_date("Do 25.04.24 | 14:07", "Europe/Berlin") == "2024-04-25T14:07:00+02:00"
    assert iso_date("25/04/24 9:30", "Europe/London") == "2024-04-25T09:30:00+01:00"
    assert iso_date("31.12.99") == "1999-12-31"
    # Not a date: a version number, a day and month only.
    assert iso_date("v1.2.24") is None
    assert iso_date("25.04.") is None


# --- JSON-LD article nodes -----------------------------------------------------------------------


def test_a_claim_review_is_the_article_node():
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": PLAIN_URL,
        "datePublished": "2024-03-12T09:30:00+01:00",
        "name": "No, the tram line will not close the high street",
        "claimReviewed": "The tram line will close the high street.",
        "author": {"@type": "Person", "name": "Maria Lopez"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Paul Claimant"},
            "datePublished": "2024-03-01",
        },
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "False"},
    }
    body = f"<div class='story'><h1>No, the tram line will not close the high street</h1>{STORY}</div>"
    found = article(page("<title>Fact check | Example News</title>" + ld(review), body))
    assert found.datePublished == "2024-03-12T09:30:00+01:00"
    assert found.authors == ["Maria Lopez"]
    assert found.headline == "No, the tram line will not close the high street"


def test_creative_work_kinds_of_article_are_read():
    for kind in ("AnalysisNewsArticle", "OpinionNewsArticle", "LiveBlogPosting", "BlogPosting", "Report"):
        node = {
            "@type": kind,
            "headline": "Council approves tram line",
            "datePublished": "2024-03-12T09:30:00+01:00",
            "author": [{"@type": "Person", "name": "Ada Lovelace"}],
        }
        found = extract(page(ld(node), f"<h1>Council approves tram line</h1>{STORY}"), PLAIN_URL)
        assert found["declaresArticle"], kind
        assert found["datePublishedRaw"] == "2024-03-12T09:30:00+01:00", kind
        assert found["authors"] == ["Ada Lovelace"], kind


# --- authors -------------------------------------------------------------------------------------

SITE = "<meta property='og:site_name' content='Eastmere Courier'><title>Council approves tram line</title>"


def _story(byline: str = "", end: str = "") -> str:
    return f"<article><h1>Council approves tram line</h1>{byline}{STORY}{end}</article>"


def test_the_organisation_credited_as_author_when_no_person_is():
    org = {
        "@type": "NewsArticle",
        "headline": "Council approves tram line",
        "author": {"@type": "NewsMediaOrganization", "name": "Eastmere Courier Newsroom Team"},
    }
    assert article(page(SITE + ld(org), _story())).authors == ["Eastmere Courier Newsroom Team"]
    # A byline that names the site itself.
    found = article(page(SITE, _story("<p class='byline'>By Eastmere Courier</p>")))
    assert found.authors == ["Eastmere Courier"]
    # A person anywhere on the page wins over the organisation.
    person = _story("<p class='byline'>By Jane Doe</p>")
    assert article(page(SITE + ld(org), person)).authors == ["Jane Doe"]


def test_agency_credits_are_authors():
    found = article(page(SITE, _story("<p class='byline'>By Jane Doe, dpa</p>")))
    assert found.authors == ["Jane Doe", "dpa"]
    assert found.publisher == "Eastmere Courier"
    found = article(page(SITE + "<meta name='author' content='PA Media'>", _story()))
    assert found.authors == ["PA Media"]


def test_a_later_source_is_read_when_the_first_credits_no_person():
    node = {"@type": "NewsArticle", "headline": "Council approves tram line", "author": "Redaktion"}
    body = _story("<div class='article-byline'>Anna Keller</div>")
    assert article(page(SITE + ld(node) + "<meta name='author' content='AFP'>", body)).authors == [
        "Anna Keller"
    ]


def test_initials_in_brackets_are_not_an_author():
    body = _story("<p class='byline'>Von Max Mustermann (mm)</p>")
    assert article(page(SITE, body)).authors == ["Max Mustermann"]


def test_author_name_classes_of_plugins_and_bem_lists():
    shapes = [
        "<div class='saboxplugin-authorname'><a href='/author/jane-doe/'>Jane Doe</a></div>",
        "<div class='meta__authorname'><a id='author_profile--name' href='/about/'> Jane Doe </a></div>",
        "<span class='authorname-txt'><span class='truncate'>Jane Doe</span></span>",
        "<ul class='authors__list'><li class='authors__list-item'><a href='/p/jane'>Jane Doe</a></li>"
        "<li class='authors__list-item'><a href='/p/joe'>Joe Bloggs</a></li></ul>",
    ]
    for shape in shapes:
        found = extract(page(SITE, _story(f"<div class='article-meta'>{shape}</div>")), PLAIN_URL)
        assert found["authors"][0] == "Jane Doe", shape
    assert found["authors"] == ["Jane Doe", "Joe Bloggs"]


def test_byline_lines_that_do_not_start_with_by():
    for line, expected in [
        ("<p>Ein Kommentar von <a href='/autor/anna-keller'>Anna Keller</a></p>", ["Anna Keller"]),
        ("<p>Posted on 25.04.2024 by Jane Doe</p>", ["Jane Doe"]),
        ("<div class='meta'><span>Jane Doe</span> | <span>25.04.2024</span></div>", ["Jane Doe"]),
    ]:
        assert article(page(SITE, _story(line))).authors == expected, line
    # A dateline is not a byline; a standfirst saying "by" is not one either.
    for line in (
        "<p class='meta'>BERLIN | 25.04.2024</p>",
        "<p>Trams were replaced by Buses, the council said in a statement on the new line.</p>",
    ):
        assert article(page(SITE, _story(line))).authors == [], line


def test_a_sign_off_name_at_the_end_of_the_story():
    assert article(page(SITE, _story(end="<p><strong>Jane Doe</strong></p>"))).authors == ["Jane Doe"]
    assert article(page(SITE, _story(end="<p>— Jane Doe</p>"))).authors == ["Jane Doe"]
    assert article(page(SITE, _story(end="<p><b>Anna von Berg</b></p>"))).authors == ["Anna von Berg"]
    # A byline is better evidence than a sign-off.
    both = _story("<p class='byline'>By Joe Bloggs</p>", "<p><strong>Jane Doe</strong></p>")
    assert article(page(SITE, both)).authors == ["Joe Bloggs"]


def test_an_ordinary_bold_phrase_is_not_a_sign_off():
    for end in (
        "<p><strong>Read More</strong></p>",
        "<p><strong>Stay Safe</strong></p>",
        "<p><strong>Update:</strong> The vote was confirmed on Wednesday.</p>",
        "<p>The mayor said: <strong>Jane Doe</strong></p>",
        "<p><strong>Council Tram Plans 2024</strong></p>",
    ):
        assert article(page(SITE, _story(end=end))).authors == [], end
    # A bold name that is not the last paragraph (a subheading, a quoted speaker) is no sign-off.
    middle = f"<p><strong>Jane Doe</strong></p>{STORY}"
    assert article(page(SITE, _story(end=middle))).authors == []


def test_a_bare_json_ld_day_takes_the_hour_of_the_pages_time_element_of_that_day():
    review = {"@type": "ClaimReview", "url": PLAIN_URL, "datePublished": "2019-11-18"}
    body = (
        "<div class='story'><h1>Council approves tram line</h1><span class='date'>"
        "<time datetime='2019-11-18T20:28:55+00:00'>November 18, 2019</time></span>" + STORY + "</div>"
    )
    assert article(page(ld(review), body)).datePublished == "2019-11-18T20:28:55+00:00"
    other_day = body.replace("2019-11-18T20", "2019-11-17T20")
    assert article(page(ld(review), other_day)).datePublished == "2019-11-18"


def test_name_suffixes_degrees_and_author_page_links_in_bylines():
    from newscrawl.clean.authors import clean_authors

    assert clean_authors(["By Perry Mason Jr."])[0] == ["Perry Mason Jr."]
    assert clean_authors(["Sammy Lee, Jr., Jane Doe"])[0] == ["Sammy Lee Jr.", "Jane Doe"]
    # A degree after the name is no second author.
    assert clean_authors(["Written by Grant Miller, PhD"])[0] == ["Grant Miller"]
    assert clean_authors(["By Jane Doe, MD and Joe Bloggs"])[0] == ["Jane Doe", "Joe Bloggs"]
    # The "all articles by" link next to the byline names the same person.
    assert clean_authors(["Anna Keller", "Alle Artikel von Anna Keller"])[0] == ["Anna Keller"]
    assert clean_authors(["Jane Doe", "More by Jane Doe"])[0] == ["Jane Doe"]


# --- headlines -----------------------------------------------------------------------------------


def test_a_dangling_separator_and_a_section_after_the_headline_are_dropped():
    dash = "<meta property='og:title' content='Council approves tram line -'>"
    assert article(page(dash, _story())).headline == "Council approves tram line"
    section = "<meta property='og:title' content='Council approves tram line / Local politics'>"
    assert article(page(section, _story())).headline == "Council approves tram line"
    # A closing guillemet is part of the headline.
    quote = "<meta property='og:title' content='« Trams are back »'>"
    assert article(page(quote, "<article><h1>« Trams are back »</h1>" + STORY + "</article>")).headline == (
        "« Trams are back »"
    )


def test_the_h1_that_matches_the_title_wins_over_a_section_heading():
    body = (
        "<div class='content'><h1 class='ce_headline'>Press releases</h1>"
        "<div class='entry'><h1>Council approves tram line</h1>" + STORY + "</div></div>"
    )
    html = page("<title>Council approves tram line - Eastmere Sports Federation</title>", body)
    assert article(html).headline == "Council approves tram line"


def test_a_meta_author_that_puts_the_site_name_first():
    found = article(page(SITE + "<meta name='author' content='Eastmere Courier - Anna Keller'>", _story()))
    assert found.authors == ["Anna Keller"]


# --- dates printed without markup ----------------------------------------------------------------


def test_a_date_on_a_line_of_its_own_under_the_headline():
    # Press releases, small CMSs: the day as plain text, after a label or a byline, in several
    # languages and with abbreviated month names.
    cases = [
        ("<div>Pressemitteilung vom 14.03.2023</div>", "de", "2023-03-14"),
        ("<div class='meta'>mardi 7 mars 2023, par Comité Local</div>", "fr", "2023-03-07"),
        ("<span class='typo-sub'>9. Feb. 2023</span><span>Lena Brandt</span>", "de", "2023-02-09"),
        ("<div class='post_meta'><span>by admin</span> ⋅ March 2, 2023 ⋅ <a>Print</a></div>", "en",
         "2023-03-02"),
    ]
    for line, lang, day in cases:
        body = f"<div class='story'><h2>Council approves tram line</h2>{line}{STORY}</div>"
        found = article(page("<title>Council approves tram line</title>", body, lang=lang))
        assert found.datePublished == day, line


def test_a_date_that_starts_the_first_paragraph():
    body = (
        "<div class='story'><h1>Council approves tram line</h1>"
        "<p>A long teaser that sums the story up in one sentence of more than eighty characters.</p>"
        "<p>14.03.2023 – The council met on Tuesday evening and voted to approve the new tram line.</p>"
        f"{STORY}</div>"
    )
    found = article(page("<title>Council approves tram line</title>", body, lang="de"))
    assert found.datePublished == "2023-03-14"


def test_a_date_in_the_headline_or_inside_a_sentence_is_not_the_pages():
    body = (
        "<div class='story'><h1>Results of the spring meeting, 19.3.2023</h1>"
        "<p>The club met <em>on the day</em> (last one 12.3.2023) and the results follow here.</p>"
        f"{STORY}<p>Termin: 02.04.2023</p></div>"
    )
    found = article(page("<title>Results of the spring meeting, 19.3.2023</title>", body, lang="de"))
    assert found.datePublished is None


def test_an_update_line_and_dates_far_down_the_page_are_passed_over():
    body = (
        "<div class='story'><h1>Council approves tram line</h1>"
        "<div>Aktualisiert: 20.03.2023</div><div>Veröffentlicht 14.03.2023</div>"
        f"{STORY}</div>"
    )
    found = article(page("<title>Council approves tram line</title>", body, lang="de"))
    assert found.datePublished == "2023-03-14"
    far = f"<div class='story'><h1>Council approves tram line</h1>{STORY * 6}<p>01.02.2023</p></div>"
    assert article(page("<title>Council approves tram line</title>", far)).datePublished is None


def test_a_labelled_date_in_an_info_box_below_the_story():
    body = (
        f"<div class='story'><h1>Council approves tram line</h1>{STORY * 6}"
        "<div class='infoBlock'><span class='lbl'>Datum:</span> 14.03.2023 <br>"
        "<span class='lbl'>Quelle:</span> Example</div></div>"
        "<div class='comments'><span>Datum:</span> 01.04.2023</div>"
    )
    found = article(page("<title>Council approves tram line</title>", body, lang="de"))
    assert found.datePublished == "2023-03-14"


# --- authors: labels, handles, the site as author, places and units after names -------------------


def test_a_name_after_an_author_label_in_an_info_box():
    body = (
        f"<div class='story'><h1>Council approves tram line</h1>{STORY}"
        "<div class='infoBlock'><span class='lbl'>Datum:</span> 14.03.2023<br>"
        "<span class='lbl'>Autor:</span> Greta Holm<br><span class='lbl'>Quelle:</span> Example</div></div>"
    )
    found = article(page("<title>Council approves tram line</title>", body, lang="de"))
    assert found.authors == ["Greta Holm"]


def test_a_blog_handle_after_the_posts_date_names_the_blogger():
    url = "https://www.tramfan.example/2023/03/14/new-line/"
    body = (
        "<div class='post'><h1><a href='/2023/03/14/new-line/'>New line</a></h1>"
        f"<small>14.03.2023, 16:20 von tramfan </small><div class='entry'>{STORY}</div></div>"
    )
    found = article(page("<title>New line</title>", body, lang="de"), url)
    assert found.authors == ["tramfan"]


def test_the_organisation_behind_the_site_is_the_author_when_nobody_else_is():
    head = (
        "<title>Council approves tram line</title><meta name='author' content='Tram Club Germany'>"
        "<meta property='og:site_name' content='Infoportal Tram Club Germany'>"
    )
    body = f"<div class='story'><h1>Council approves tram line</h1>{STORY}</div>"
    assert article(page(head, body), "https://www.tramclub.example/news/1").authors == ["Tram Club Germany"]


def test_a_dateline_and_the_sites_own_unit_are_no_co_authors():
    head = (
        "<title>Council approves tram line</title><meta property='og:site_name' content='Tramweek'>"
        + ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Anna Keller, Tramweek Insight"}})
    )
    body = f"<div class='story'><h1>Council approves tram line</h1>{STORY}</div>"
    assert article(page(head, body), "https://www.tramweek.example/a/1").authors == ["Anna Keller"]
    head = (
        "<title>Council approves tram line</title><meta name='author' "
        "content='Anna K. Keller, Lisbon, Ben Ortiz'>"
    )
    assert article(page(head, body)).authors == ["Anna K. Keller", "Ben Ortiz"]


def test_the_visible_by_line_wins_over_a_structured_author_who_did_not_write_it():
    # A CMS fills JSON-LD and the author meta with the account that posted the story.
    head = (
        "<title>Council approves tram line</title><meta name='author' content='Web Desk Poster'>"
        + ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Web Desk Poster"}})
    )
    body = (
        "<article><h1>Council approves tram line</h1>"
        "<div class='meta'><div class='writer'>By <a href='/people/ben-ortiz'>Ben Ortiz</a></div></div>"
        f"{STORY}</article>"
    )
    assert article(page(head, body)).authors == ["Ben Ortiz"]
    same = body.replace("Ben Ortiz", "Web Desk Poster")
    assert article(page(head, same)).authors == ["Web Desk Poster"]
    column = body.replace("By <a href='/people/ben-ortiz'>Ben Ortiz</a>", "Von Rechts wegen")
    assert article(page(head, column)).authors == ["Web Desk Poster"]


def test_credits_inside_links_to_other_stories_are_the_teasers():
    body = (
        "<div class='story'><h1>Council approves tram line</h1>"
        "<div class='info'>mardi 7 mars 2023, par <span class='vcard author'><a href='/auteur/tram-club'>"
        f"Tram Club</a></span></div>{STORY}"
        "<div class='list'><p><a href='/other-story'>A long title of another story on the same site "
        "<small>(<span class='vcard author'><a href='/auteur/collective'>Collective</a></span>, Notes)"
        "</small></a></p></div></div>"
    )
    found = article(page("<title>Council approves tram line</title>", body, lang="fr"))
    assert found.authors == ["Tram Club"]


def test_a_by_word_in_an_element_of_its_own_still_makes_a_visible_by_line():
    # "<span>By</span> <a>Name</a>": the line's own text holds no "By", its first child does.
    head = (
        "<title>Council approves tram line</title><meta name='author' content='Web Desk Poster'>"
        + ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Web Desk Poster"}})
    )
    for line in (
        "<span class='by'>By</span> <a href='/author/ben-ortiz'>Ben Ortiz</a>",
        "<span class='prefix'>By</span><span class='name'>Ben Ortiz</span>",
        "<span>By:</span> <a href='/author/ben-ortiz'>Ben Ortiz</a>",
    ):
        body = f"<article><h1>Council approves tram line</h1><div class='meta'>{line}</div>{STORY}</article>"
        assert article(page(head, body)).authors == ["Ben Ortiz"], line


def test_an_author_that_is_the_sites_long_name_with_its_slogan_credits_no_one():
    # The stripped remainder ("Always the whole story") is the slogan, not a person.
    long_name = "Tram News of Example Town - The Daily Tram Courier | Always the whole story"
    head = (
        "<title>Council approves tram line</title>"
        + ld(
            {
                "@type": "NewsArticle",
                "author": {"@type": "Person", "name": long_name},
                "publisher": {"@type": "Organization", "name": long_name},
            }
        )
    )
    body = (
        "<article><h1>Council approves tram line</h1>"
        "<p class='meta'><span>Por</span> Ana Ruiz / Luis Mora</p>"
        f"{STORY}</article>"
    )
    assert article(page(head, body, lang="es")).authors == ["Ana Ruiz", "Luis Mora"]


def test_a_by_word_glued_to_the_name_and_a_published_label_after_it_are_dropped():
    for line, want in (
        ("<span class='by'>By</span><a href='/author/ben-ortiz'>Ben Ortiz</a>", ["Ben Ortiz"]),
        ("<span class='by'>By</span><a href='/author/jr-ortiz'>J.R. Ortiz</a>", ["J.R. Ortiz"]),
    ):
        body = f"<article><h1>Council approves tram line</h1><div class='author-name'>{line}</div>{STORY}"
        assert article(page("<title>Council approves tram line</title>", body + "</article>")).authors == want
    body = (
        "<article><h1>Council approves tram line</h1><div class='byline'>Von Anna Keller "
        f"Publiziert 12.03.2020 um 10:15</div>{STORY}</article>"
    )
    found = article(page("<title>Council approves tram line</title>", body, lang="de"))
    assert found.authors == ["Anna Keller"]


def test_the_h1_wins_over_an_og_title_that_adds_a_short_label_or_the_date_after_it():
    body = f"<article><h1>Council approves tram line</h1>{STORY}</article>"
    for og_title in (
        "Council approves tram line - Tram Weekly",
        "Council approves tram line : 31.10.2023, 10.19 Uhr",
    ):
        head = f"<title>{og_title}</title><meta property='og:title' content='{og_title}'>"
        assert article(page(head, body)).headline == "Council approves tram line", og_title
    # A subtitle after a colon is part of the headline the page gives.
    head = "<meta property='og:title' content='Council approves tram line: the vote in detail'>"
    assert article(page(head, body)).headline == "Council approves tram line: the vote in detail"


def test_an_agency_code_closing_the_story_is_the_author_when_no_person_is_credited():
    head = "<title>Council approves tram line</title><meta name='author' content='Tram Weekly'>"
    closings = (("(dpa/abc)", "dpa"), ("<span class='code'>(ats/xyz)</span>", "ats"), ("(AFP)", "AFP"))
    for closing, want in closings:
        body = (
            f"<div class='story'><h1>Council approves tram line</h1>{STORY}"
            f"<p>The line opens in two years. {closing}</p><p class='date'>Created: 12.12.2019</p></div>"
        )
        found = article(page(head, body), "https://www.tramweekly.example/a/1")
        assert [a.casefold() for a in found.authors] == [want.casefold()], closing
    # A closing parenthesis that is no agency credits no one.
    body = f"<div class='story'><h1>Council approves tram line</h1>{STORY}<p>It opens soon (see map).</p>"
    assert article(page("<title>Council approves tram line</title>", body + "</div>")).authors == []
