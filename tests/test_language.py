"""Which language a text is in: paragraph by paragraph, a supported language holding a third wins."""

from service.language import detect

ENGLISH = ("The foreign minister said on Tuesday that the talks in Geneva would resume next week, "
           "after both delegations had agreed on an agenda for the meeting.")
FRENCH = ("Le président de la République a déclaré mardi que la France continuerait à soutenir "
          "l'Ukraine face à la Russie, et que les négociations reprendraient la semaine prochaine.")


def test_english_narration_around_long_french_quotes_is_english() -> None:
    assert detect("\n".join([ENGLISH, FRENCH, ENGLISH, FRENCH])) == "en"


def test_an_english_opening_does_not_make_a_french_article_english() -> None:
    """The reading stops early only once the answer cannot change: here it must read on."""
    assert detect("\n".join([ENGLISH] + [FRENCH] * 6)) == "fr"


def test_a_text_too_short_to_tell_is_undecided() -> None:
    assert detect("Kyiv.") is None
