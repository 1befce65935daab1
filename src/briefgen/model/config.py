"""briefgen.yaml: the organisation, its branding, its languages and the checks' settings."""

from __future__ import annotations

import string
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import AfterValidator, Field, model_validator

from ..load import DEFAULT_OUTPUT
from .fields import (
    Colour,
    EmailAddress,
    Flag,
    Id,
    Lang,
    Model,
    Number,
    Qualifier,
    Text,
    WebAddress,
    Whole,
    written,
)

_M = TypeVar("_M", bound=Model)


def _placeholders(phrases: _M, placeholders: dict[str, set[str]]) -> _M:
    """`phrases`, once each phrase named has exactly its {placeholders}; ValueError if not."""
    for name, wanted in placeholders.items():
        text = getattr(phrases, name)
        if text is None:  # an optional phrase left out
            continue
        try:
            found = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
        except ValueError as exc:
            raise ValueError(
                f"{name}: {exc}; write braces only around {', '.join(sorted(wanted))}"
            ) from exc
        if found != wanted:
            raise ValueError(
                f"{name} must contain {' '.join('{' + w + '}' for w in sorted(wanted))}"
                f" and no other {{...}} (found: '{text}')"
            )
    return phrases


class Contact(Model):
    name: str | None = Field(None, description="Person or desk to contact.")
    email: EmailAddress | None = Field(
        None, description="E-mail address printed in the contact block, and linked."
    )
    phone: str | None = Field(None, description="Phone number printed in the contact block.")


class Organisation(Model):
    name: str = Field(description="The organisation publishing the briefs.")
    website: WebAddress | None = Field(
        None, description="Website address, printed and linked: https://..."
    )
    contact: Contact = Field(default_factory=Contact, description="Default contact for briefs.")


class Campaign(Model):
    title: Text = Field(description="The campaign's name, printed in running headers.")
    report: Id | None = Field(None, description="Source id of the report the briefs summarise.")


class Fonts(Model):
    regular: str = Field("assets/fonts/NotoSans-Regular.ttf", description="Body text font.")
    bold: str = Field("assets/fonts/NotoSans-Bold.ttf", description="Bold body text font.")
    italic: str = Field("assets/fonts/NotoSans-Italic.ttf", description="Italic body text font.")
    bold_italic: str = Field(
        "assets/fonts/NotoSans-BoldItalic.ttf", description="Bold italic body text font."
    )
    heading: str = Field("assets/fonts/NotoSerif-Bold.ttf", description="Title and heading font.")
    symbols: str = Field(
        "assets/fonts/NotoSansMath-Regular.ttf",
        description="Font for the symbols the others lack (the minus sign −, ≥, ≤, ≈, →), "
        "embedded only in briefs that print one.",
    )


class Branding(Model):
    primary: Colour = Field("#1B3A5C", description="Main colour: title band, headings, charts.")
    accent: Colour = Field("#D9822B", description="Highlight colour: key figures, rules, quotes.")
    logo: str | None = Field(None, description="Logo file under assets/ (SVG, PNG or JPEG).")
    fonts: Fonts = Field(default_factory=Fonts, description="TrueType fonts, relative paths.")


class CorrectionPhrases(Model):
    """The words of a correction note (`briefgen outdated --notes`), in one language."""

    label: str = Field(description="Above the note's title: 'Correction note'.")
    title: str = Field(description="The note's title: 'Correction: {title}'.")
    sent: str = Field(description="'On {date} we sent you {title}. Since then:'")
    removed: str = Field(
        description="A figure no longer stated: '{label}: no longer stated (was {was})'."
    )
    withdrawn: str = Field(
        description="'A testimony has been withdrawn at its giver's request: please do not quote "
        "or forward page {page} of the earlier copy.'"
    )
    expired: str = Field(description="Likewise, for a testimony whose consent has ended.")
    quote_removed: str = Field(description="Likewise, for a testimony no longer in the data.")
    sources: str = Field(description="Heading of the sources list: 'Sources'.")

    @model_validator(mode="after")
    def _placeholders(self) -> CorrectionPhrases:
        page = {"page"}
        return _placeholders(
            self,
            {
                "label": set(),
                "title": {"title"},
                "sent": {"date", "title"},
                "removed": {"label", "was"},
                "withdrawn": page,
                "expired": page,
                "quote_removed": page,
                "sources": set(),
            },
        )


#: The correction notes' words in the languages briefgen knows; others set them in
#: `languages: LANG: phrases: correction:`.
CORRECTION_PHRASES = {
    "en": CorrectionPhrases(
        label="Correction note",
        title="Correction: {title}",
        sent="On {date} we sent you {title}. Since then:",
        removed="{label}: no longer stated (was {was})",
        withdrawn="A testimony has been withdrawn at its giver's request: please do not quote "
        "or forward page {page} of the earlier copy.",
        expired="The consent given for a testimony has ended: please do not quote or forward "
        "page {page} of the earlier copy.",
        quote_removed="A testimony is no longer part of our material: please do not quote or "
        "forward page {page} of the earlier copy.",
        sources="Sources",
    ),
    "km": CorrectionPhrases(
        label="កំណត់ត្រាកែតម្រូវ",
        title="ការកែតម្រូវ៖ {title}",
        sent="នៅថ្ងៃទី {date} យើងបានផ្ញើជូនអ្នកនូវ {title}។ ចាប់តាំងពីពេលនោះមក៖",
        removed="{label}៖ លែងមានចែងទៀតហើយ (ពីមុន {was})",
        withdrawn="សក្ខីកម្មមួយត្រូវបានដកចេញតាមការស្នើសុំរបស់អ្នកផ្តល់សក្ខីកម្ម៖ "
        "សូមកុំដកស្រង់ ឬបញ្ជូនបន្តទំព័រ {page} នៃច្បាប់ចម្លងមុន។",
        expired="ការយល់ព្រមសម្រាប់សក្ខីកម្មមួយបានផុតកំណត់ហើយ៖ សូមកុំដកស្រង់ ឬបញ្ជូនបន្តទំព័រ {page} នៃច្បាប់ចម្លងមុន។",
        quote_removed="សក្ខីកម្មមួយលែងជាផ្នែកនៃឯកសាររបស់យើងទៀតហើយ៖ "
        "សូមកុំដកស្រង់ ឬបញ្ជូនបន្តទំព័រ {page} នៃច្បាប់ចម្លងមុន។",
        sources="ប្រភព",
    ),
}


class Phrases(Model):
    """The words briefgen itself prints, in one language ({page}, {date}... are filled in)."""

    source: str = Field(description="Before a chart's sources: 'Source'.")
    page: str = Field(description="Page numbers, before the page count: 'Page {page} of'.")
    updated: str = Field(description="The changes block: 'Updated on {date}'.")
    now_was: str = Field(description="A changed figure: '{label} now {now}, was {was}'.")
    pseudonym: str = Field(description="After a name that is a pseudonym: 'pseudonym'.")
    times: str = Field(description="After a ratio: 'times' (four times).")
    qualifiers: dict[Qualifier, str] = Field(
        description="Each qualifier in this language: over, more than, at least, about, under, "
        "up to, as many as, nearly, almost, fewer than, at most (English and Khmer have "
        "built-in words for those not given)."
    )
    range: str | None = Field(
        None,
        description="A range in a sentence: '{low} to {high}' (built in for English and "
        "Khmer; '{low}–{high}' otherwise).",
    )
    according_to: str | None = Field(
        None,
        description="A claim with its publisher, for {stat:A,B|by}: '{figure} according to "
        "{source}' (built in for English and Khmer; '{figure} ({source})' otherwise).",
    )
    asks: dict[Id, str] = Field(
        description="Heading of each audience's asks, e.g. donors: 'What donors can do'."
    )
    full_stop: str = Field(
        ".", description="Ends the sentences briefgen puts together: '.' ('។' in Khmer)."
    )
    correction: CorrectionPhrases | None = Field(
        None,
        description="The words of correction notes; built in for English and Khmer.",
    )

    @model_validator(mode="after")
    def _placeholders(self) -> Phrases:
        return _placeholders(
            self,
            {
                "page": {"page"},
                "updated": {"date"},
                "now_was": {"label", "now", "was"},
                "range": {"low", "high"},
                "according_to": {"figure", "source"},
            },
        )

    def completed(self, lang: str) -> Phrases:
        """These phrases with the words left out taken from the built-in ones for `lang`."""
        built_in = BUILT_IN_PHRASES.get(lang.split("-")[0], {})
        qualifiers = {**built_in.get("qualifiers", {}), **self.qualifiers}
        return self.model_copy(
            update={
                "qualifiers": qualifiers,
                "range": self.range or built_in.get("range") or "{low}–{high}",
                "according_to": self.according_to
                or built_in.get("according_to")
                or "{figure} ({source})",
            }
        )


#: Words added to the phrases after projects had written theirs: built in for the languages
#: briefgen ships with, so that a project's existing phrases keep working.
BUILT_IN_PHRASES: dict[str, dict[str, Any]] = {
    "en": {
        "range": "{low} to {high}",
        "according_to": "{figure} according to {source}",
        "qualifiers": {qualifier: qualifier for qualifier in get_args(Qualifier)},
    },
    "km": {
        "range": "{low}–{high}",
        "according_to": "{figure} យោងតាម {source}",
        "qualifiers": {
            "up to": "រហូតដល់",
            "as many as": "ច្រើនរហូតដល់",
            "nearly": "ជិត",
            "almost": "ស្ទើរតែ",
            "fewer than": "តិចជាង",
            "at most": "យ៉ាងច្រើនបំផុត",
        },
    },
}

ENGLISH_PHRASES = Phrases(
    source="Source",
    page="Page {page} of",
    updated="Updated on {date}",
    now_was="{label} now {now}, was {was}",
    pseudonym="pseudonym",
    times="times",
    qualifiers={qualifier: qualifier for qualifier in get_args(Qualifier)},
    range="{low} to {high}",
    according_to="{figure} according to {source}",
    asks={
        "donors": "What donors can do",
        "press": "What the press should know",
        "government": "What the government should do",
    },
)


#: The audiences every project has, their asks' headings among the phrases of each language.
BUILT_IN_AUDIENCES = tuple(ENGLISH_PHRASES.asks)
#: The built-in audiences whose briefs are published (a declared audience says `public:`).
PUBLIC_AUDIENCES = ("press",)
#: The audience of a correction note, a brief briefgen writes itself.
NOTE_ID = "correction"
#: Audience ids a project cannot declare, and why.
RESERVED_AUDIENCES = {
    "all": "`all` stands for every audience in a consent",
    NOTE_ID: f"'{NOTE_ID}' is the audience of the correction notes briefgen writes",
}


def _not_reserved(name: str) -> str:
    """Refuse declaring an audience whose id briefgen keeps for itself."""
    if name in RESERVED_AUDIENCES:
        raise ValueError(f"{RESERVED_AUDIENCES[name]}, so it cannot be declared: choose another id")
    return name


class Audience(Model):
    """An audience briefs are written for, beside the built-in donors, press and government
    (or one of those, to reword its heading)."""

    label: Text | None = Field(
        None, description="Who they are, e.g. 'Parliamentarians' (for editors; not printed)."
    )
    asks_heading: Annotated[  # the asks would print under nothing
        Text, written("an empty heading: write the heading printed above their asks")
    ] = Field(
        description="Heading above their asks, e.g. 'What Parliament can do'; a variant for "
        "each language their briefs are written in."
    )
    public: Flag | None = Field(
        None,
        description="true: their briefs are published, so print only testimonies whose "
        "consent is `public: true`; empty: false, except for the built-in press.",
    )


class ScriptFonts(Model):
    """A language's own TrueType fonts (shaped by HarfBuzz); text they lack is set in the
    project's fonts."""

    regular: str = Field(description="Body text font, e.g. assets/fonts/NotoSansKhmer-Regular.ttf.")
    bold: str | None = Field(None, description="Bold font; default the regular one.")
    heading: str | None = Field(None, description="Title and heading font; default the bold one.")


class LanguageSettings(Model):
    """How briefs in one language are written."""

    fonts: ScriptFonts | None = Field(
        None, description="The language's own fonts, for a script the project's fonts lack."
    )

    phrases: Phrases = Field(
        default_factory=lambda: ENGLISH_PHRASES,
        description="The words briefgen prints; required for a language other than English.",
    )
    digits: Literal["latin", "native"] = Field(
        "latin", description="latin: 0-9; native: the script's own digits (Khmer ០-៩...)."
    )
    draft: Flag = Field(
        False, description="The texts are a draft translation awaiting a native speaker's review."
    )


class Checks(Model):
    tolerance: Number = Field(
        0.05,
        ge=0,
        le=1,
        description="How far (relatively, 0 to 1) claims about one quantity may differ.",
    )
    stale_after_years: Whole = Field(
        5, ge=0, le=100, description="Statistics older than this (0 to 100 years) are stale."
    )
    consent_warning_days: Whole = Field(
        60,
        ge=0,
        le=3650,
        description="Warn when a testimony's consent ends within this many days of today.",
    )


class Config(Model):
    """briefgen.yaml: settings shared by every brief of the project."""

    organisation: Organisation = Field(description="Who publishes the briefs.")
    campaign: Campaign = Field(description="The campaign the briefs belong to.")
    branding: Branding = Field(default_factory=Branding, description="Colours, logo and fonts.")
    page_size: Literal["A4", "Letter"] = Field(
        "A4", description="Paper size of every brief, unless the brief sets its own."
    )
    output: str = Field(DEFAULT_OUTPUT, description="Folder the PDFs are written to.")
    checks: Checks = Field(default_factory=Checks, description="Consistency checks' settings.")
    language: Lang = Field(
        "en",
        description="Language of texts written once (not as {en: ..., km: ...}); a brief in "
        "another language needs a variant of each text it prints, source titles apart.",
    )
    languages: dict[Lang, LanguageSettings] = Field(
        default_factory=dict, description="Settings of each language briefs are written in."
    )
    audiences: dict[Annotated[Id, AfterValidator(_not_reserved)], Audience] = Field(
        default_factory=dict,
        description="Audiences beside the built-in donors, press and government, e.g. "
        "parliament: {label: Parliamentarians, asks_heading: What Parliament can do}.",
    )

    def audience_ids(self) -> set[str]:
        """The audiences briefs and asks may name: built in, declared, or given a heading
        among a language's phrases."""
        phrased = {a for settings in self.languages.values() for a in settings.phrases.asks}
        return {*BUILT_IN_AUDIENCES, *self.audiences, *phrased}

    def is_public(self, audience: str) -> bool:
        """Whether briefs for `audience` are published (as the press's are)."""
        declared = self.audiences.get(audience)
        if declared is not None and declared.public is not None:
            return declared.public
        return audience in PUBLIC_AUDIENCES

    def asks_heading(self, audience: str, lang: str) -> str | None:
        """The heading above `audience`'s asks in a brief in `lang`: its declared heading;
        else the language's phrase; else, in English, the built-in one (phrases restated for
        English do not take away the built-in headings they leave out). None if none."""
        if audience in self.audiences:
            return self.audiences[audience].asks_heading.get(lang)
        settings = self.languages.get(lang)
        if settings is not None and audience in settings.phrases.asks:
            return settings.phrases.asks[audience]
        if lang.split("-")[0] == "en":
            return ENGLISH_PHRASES.asks.get(audience)
        return None
