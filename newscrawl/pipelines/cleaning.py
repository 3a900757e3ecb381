"""One pipeline per cleaning stage, each a thin wrapper over a function of ``newscrawl.clean``."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object

from newscrawl.clean import (
    ExtractOptions,
    assemble,
    normalise_authors,
    normalise_dates,
    normalise_text,
)
from newscrawl.clean import Stage as CleanStage
from newscrawl.clean.boilerplate import mark_boilerplate
from newscrawl.clean.captions import split_captions
from newscrawl.items import RawArticle

logger = logging.getLogger(__name__)


def options_from_settings(crawler: Crawler) -> ExtractOptions:
    """The cleaning options a crawl's settings ask for (``NEWSCRAWL_BOILERPLATE``: drop or keep)."""
    mode = str(crawler.settings.get("NEWSCRAWL_BOILERPLATE") or "drop").strip().lower()
    return ExtractOptions(boilerplate=mode)  # type: ignore[arg-type]  # ExtractOptions refuses other values


class StagePipeline:
    """Runs one cleaning stage on `RawArticle` items and counts what the stage reported."""

    stage: CleanStage

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.options = options_from_settings(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StagePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, RawArticle):
            return item
        stage = type(self).stage
        if stage.__name__ not in item.stages_done:  # not already run in an extraction worker
            stage(item, self.options)
            item.stages_done.append(stage.__name__)
        events = item.events[item.events_counted :]
        if events:
            for event in events:
                self.crawler.stats.inc_value(f"newscrawl/{event}")
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug("%s: %s on %s", type(self).__name__, ", ".join(events), item.url)
            item.events_counted = len(item.events)
        return item


def stages_of_enabled_pipelines(crawler: Crawler) -> tuple[str, ...]:
    """The names of the cleaning stages this crawl's ``ITEM_PIPELINES`` run (so that extraction
    workers can run exactly those ahead of the pipelines, which then only count their events)."""
    names = []
    for path in build_component_list(crawler.settings.getwithbase("ITEM_PIPELINES")):
        component = load_object(path)
        is_stage = isinstance(component, type) and issubclass(component, StagePipeline)
        if is_stage and hasattr(component, "stage"):
            names.append(component.stage.__name__)
    return tuple(names)


class TextNormalisationPipeline(StagePipeline):
    """Whitespace, entities, NFC and invisible characters in every text field."""

    stage = normalise_text


class BoilerplatePipeline(StagePipeline):
    """Flags boilerplate text blocks from phrase lists and site rules."""

    stage = mark_boilerplate


class CaptionPipeline(StagePipeline):
    """Splits image credits out of captions."""

    stage = split_captions


class DatePipeline(StagePipeline):
    """ISO 8601 dates with offsets; implausible dates rejected and counted."""

    stage = normalise_dates


class AuthorPipeline(StagePipeline):
    """Person names only in ``authors``."""

    stage = normalise_authors


class AssemblyPipeline(StagePipeline):
    """Turns the cleaned `RawArticle` into the exported `Article`."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, RawArticle):
            return item
        return assemble(item, self.options)
