"""Moderation rules: how phrases match, the matcher cache, CSV import and export, commands."""

import io
import random
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail_analytics.models import ModerationRule
from wagtail_analytics.moderation import rules_csv
from wagtail_analytics.moderation.rules import (
    RuleMatcher,
    Shape,
    canonical,
    get_matcher,
)

pytestmark = pytest.mark.django_db

_ids = iter(range(1, 1_000_000))


def rule(phrase, family="offensive", action="reject", whole_word=True, language=""):
    return SimpleNamespace(
        pk=next(_ids),
        phrase=phrase,
        family=family,
        action=action,
        whole_word=whole_word,
        language=language,
    )


def matched(rules, text):
    """The phrase of the rule that ``text`` breaks, or None."""
    found = RuleMatcher(rules).match(text)
    return found.phrase if found else None


# --- Normalisation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("IDIOT", "idiot"),
        ("İDİOT", "idiot"),  # Turkish keyboard: dotted capital I
        ("ıdıot", "idiot"),  # dotless i
        ("ｉｄｉｏｔ", "idiot"),  # full-width
        ("𝐢𝐝𝐢𝐨𝐭", "idiot"),  # mathematical bold
        ("i\u200bdi\u00adot", "idiot"),  # zero-width space, soft hyphen
        ("i̸d̸i̸o̸t̸", "idiot"),  # combining overlays
        ("idiiiiot", "idiot"),
        ("i.d.i.o.t", "idiot"),
        ("i d i o t", "idiot"),
        ("i - d - i - o - t", "idiot"),
        ("ıdıot!!! Idiot?", "idiot idiot"),
    ],
)
def test_phrases_and_texts_normalise_the_same_way(text, shape):
    assert Shape(text).text == shape
    assert matched([rule("idiot")], text) == "idiot"


def test_cyrillic_and_greek_look_alikes_fold_to_latin():
    assert canonical("ЅСАМ") == canonical("scam") == "scam"
    assert canonical("Sсаm") == "scam"  # Latin S, m; Cyrillic с, а
    assert canonical("ΤΟΡ") == "top"  # Greek capitals
    for text in ["ѕсаm", "SCAM", "scаm", "Ѕ.С.А.М"]:
        assert matched([rule("scam")], text) == "scam", text
    # A Russian list works for Russian text typed in Latin look-alikes, and the reverse.
    assert matched([rule("сука")], "cyka") == "сука"
    assert matched([rule("cyka")], "сука") == "cyka"


def test_repeated_letters_match_when_stretched_but_not_when_doubled():
    rules = [rule("bad"), rule("boss")]
    assert matched(rules, "that was baaaad") == "bad"
    assert matched(rules, "that was baaad") == "bad"
    assert matched(rules, "that was baad") is None  # two letters are a different word
    assert matched(rules, "the bossssss") == "boss"
    assert matched(rules, "a bos") is None  # "ss" in the phrase needs two or more
    assert matched([rule("god")], "good news") is None
    assert matched([rule("god")], "oh my gooood") == "god"


def test_separators_are_ignored_only_between_single_letters():
    rules = [rule("sham"), rule("idiot")]
    assert matched(rules, "what a s h a m") == "sham"  # the run "a s h a m" holds it
    assert matched(rules, "S.H.A.M.") == "sham"
    assert matched(rules, "It's ham for dinner") is None  # "s" and "ham" are two words
    assert matched(rules, "i'd i ot") is None
    assert matched(rules, "he is an idiot-in-chief") == "idiot"


def test_whole_words_versus_substrings():
    whole = [rule("scam")]
    part = [rule("scam", whole_word=False)]
    assert matched(whole, "a scam!") == "scam"
    assert matched(whole, "scammers everywhere") is None
    assert matched(part, "scammers everywhere") == "scam"
    assert matched(part, "sscam") == "scam"  # a substring may start inside a longer run
    # Substrings never reach across words.
    assert matched([rule("ass", whole_word=False)], "it was sent") is None
    assert matched([rule("ass", whole_word=False)], "first class") == "ass"


def test_multi_word_phrases_match_across_any_separators():
    rules = [rule("go back to your country", family="discrimination")]
    assert matched(rules, "Go back,   to YOUR country!!") == "go back to your country"
    assert matched(rules, "go back to your country-side") == "go back to your country"
    assert matched(rules, "go back to your countryside") is None


def test_turkic_and_azerbaijani_rules():
    rules = [rule("axmaq", language="az"), rule("kız", language="tr")]
    assert matched(rules, "Sən AXMAQSAN? Yox, AXMAQ deyiləm.") == "axmaq"
    assert matched(rules, "KIZ") == matched(rules, "KİZ") == matched(rules, "kiz") == "kız"


AZERBAIJANI = (
    "Bakıda bu gün hava çox gözəl idi. Şəhərin küçələrində insanlar gəzirdi, uşaqlar "
    "dənizin sahilində oynayırdılar. İşıqlı günlərdə ağacların kölgəsi sərin olur. "
    "Qızlar və oğlanlar məktəbə gedir; ölkənin iqtisadiyyatı üçün təhsil vacibdir."
)
GEORGIAN = (
    "თბილისში დღეს ამინდი კარგია. ქალაქის ქუჩებში ხალხი სეირნობს, ბავშვები პარკში "
    "თამაშობენ. საქართველოს პარლამენტმა ახალი კანონი მიიღო ტრამვაის ხაზების შესახებ."
)
ENGLISH_AND_RUSSIAN = [
    rule("idiot"),
    rule("scam"),
    rule("bad"),
    rule("cop", language="en"),
    rule("go back to your country", family="discrimination"),
    rule("дурак", language="ru"),
    rule("сука", language="ru"),
    rule("ass", whole_word=False),
    rule("sex", whole_word=False),
    rule("kill", action="hold", family="unlawful"),
]


@pytest.mark.parametrize("text", [AZERBAIJANI, GEORGIAN, AZERBAIJANI.upper(), GEORGIAN.upper()])
def test_azerbaijani_and_georgian_texts_break_no_english_or_russian_rule(text):
    assert matched(ENGLISH_AND_RUSSIAN, text) is None


def test_georgian_rules_match_georgian_text_in_either_case():
    rules = [rule("სულელი", language="ka")]
    assert matched(rules, "ის სულელია? არა, ის სულელი არ არის.") == "სულელი"
    assert matched(rules, "ᲡᲣᲚᲔᲚᲘ") == "სულელი"  # Mtavruli capitals
    assert matched(rules, "სულელური საქციელი") is None  # another word


def test_hostile_text_never_breaks_the_matcher():
    matcher = RuleMatcher(ENGLISH_AND_RUSSIAN)
    generator = random.Random(4)
    samples = [
        "",
        "\x00\ud800\udfff\ufffe\U0010ffff",
        "\u202eevil\u202c" * 50,
        "Z\u0301\u0302\u0303" * 500,
        "👩🏽‍💻👨‍👩‍👧‍👦🇬🇪" * 100,
        "a" * 5000,
        " . " * 2000,
        "a b " * 1000,
    ]
    samples += ["".join(chr(generator.randrange(0x110000)) for _ in range(512)) for _ in range(50)]
    for text in samples:
        matcher.match(text)


def test_a_reject_rule_anywhere_wins_over_hold_rules():
    rules = [rule("march", action="hold", family="unlawful"), rule("scum")]
    assert matched(rules, "march on, you scum") == "scum"
    assert matched(rules, "march on") == "march"


def test_phrases_without_letters_are_ignored():
    assert matched([rule("!!!"), rule("\u0301")], "!!! wow") is None


# --- The cached matcher and the rule stage ------------------------------------------------


def test_languages_select_rules():
    ModerationRule.objects.create(phrase="cop", family="offensive", language="en")
    ModerationRule.objects.create(phrase="дурак", family="offensive", language="ru")
    ModerationRule.objects.create(phrase="scam", family="unlawful")
    assert get_matcher("en").match("cop").phrase == "cop"
    assert get_matcher("ru").match("сор") is None  # Russian "litter" is not the English word
    assert get_matcher("en-GB").match("COP").phrase == "cop"
    assert get_matcher("ru").match("cop") is None
    assert get_matcher("ru").match("Дурак!").phrase == "дурак"
    assert get_matcher("ka").match("scam").phrase == "scam"  # rules without a language
    assert get_matcher("").match("дурак").phrase == "дурак"  # unknown language: every rule
    # Languages without rules of their own share a matcher: made-up codes cost nothing.
    assert get_matcher("xx") is get_matcher("yy") is get_matcher("ka")


def test_disabled_rules_do_not_match():
    ModerationRule.objects.create(phrase="scam", family="unlawful", enabled=False)
    assert get_matcher("en").match("scam") is None


def test_the_matcher_is_cached_until_a_rule_changes():
    # Needs the receivers that AppConfig.ready() connects.
    matcher = get_matcher("en")
    assert get_matcher("en") is matcher
    new = ModerationRule.objects.create(phrase="scam", family="unlawful")
    assert get_matcher("en") is not matcher
    assert get_matcher("en").match("a scam").rule_id == new.pk
    new.enabled = False
    new.save()
    assert get_matcher("en").match("a scam") is None
    new.enabled = True
    new.save()
    assert get_matcher("en").match("a scam") is not None
    new.delete()
    assert get_matcher("en").match("a scam") is None


# --- CSV ---------------------------------------------------------------------------------


CSV = (
    "phrase,language,family,action,whole_word,enabled\n"
    "scam,,unlawful,reject,true,true\n"
    "дурак,ru,offensive,hold,false,yes\n"
    '"go back to your country",en,discrimination,,,\n'
)


def import_text(text, **kwargs):
    return rules_csv.import_rules(io.StringIO(text), **kwargs)


def test_csv_import_creates_rules_and_matchers_see_them_at_once():
    assert get_matcher("ru").match("scam") is None
    report = import_text(CSV)
    assert report == rules_csv.ImportReport(created=3, updated=0, unchanged=0)
    rule = ModerationRule.objects.get(phrase="go back to your country")
    assert (rule.language, rule.action, rule.whole_word, rule.enabled) == (
        "en",
        "reject",
        True,
        True,
    )
    assert get_matcher("ru").match("scam").phrase == "scam"
    assert get_matcher("ru").match("дураки").action == "hold"  # a substring rule


def test_csv_import_is_idempotent_and_updates_by_phrase_language_and_family():
    import_text(CSV)
    assert import_text(CSV) == rules_csv.ImportReport(created=0, updated=0, unchanged=3)
    changed = CSV.replace("scam,,unlawful,reject,true,true", "scam,,unlawful,hold,true,false")
    assert import_text(changed) == rules_csv.ImportReport(created=0, updated=1, unchanged=2)
    scam = ModerationRule.objects.get(phrase="scam")
    assert (scam.action, scam.enabled) == ("hold", False)
    # The same phrase in another family is another rule.
    import_text("phrase,family\nscam,offensive\n")
    assert ModerationRule.objects.filter(phrase="scam").count() == 2


def test_csv_round_trip():
    import_text(CSV)
    exported = io.StringIO()
    assert rules_csv.export_rules(exported) == 3
    before = set(
        ModerationRule.objects.values_list(
            "phrase", "language", "family", "action", "whole_word", "enabled"
        )
    )
    ModerationRule.objects.all().delete()
    assert import_text(exported.getvalue()).created == 3
    after = set(
        ModerationRule.objects.values_list(
            "phrase", "language", "family", "action", "whole_word", "enabled"
        )
    )
    assert after == before
    assert exported.getvalue().splitlines()[0] == "phrase,language,family,action,whole_word,enabled"


def test_a_broken_csv_reports_every_line_and_imports_nothing():
    ModerationRule.objects.create(phrase="scam", family="unlawful")
    broken = (
        "phrase,language,family,action,whole_word,enabled\n"  # 1
        "fine phrase,,offensive,reject,true,true\n"  # 2
        ",,offensive,reject,true,true\n"  # 3: no phrase
        "\n"  # 4: blank, skipped
        "rude,,rude,reject,true,true\n"  # 5: unknown family
        '"a phrase over\ntwo lines",english,offensive,maybe,perhaps,true\n'  # 6-7
        "fine phrase,,offensive,hold,true,true\n"  # 8: same key as line 2
        "scam,,unlawful,reject,true\n"  # 9: a field short
    )
    with pytest.raises(rules_csv.RulesImportError) as caught:
        import_text(broken)
    lines = [error.line for error in caught.value.errors]
    assert lines == [3, 5, 6, 6, 6, 8, 9]
    messages = [str(error) for error in caught.value.errors]
    assert messages[0] == "Line 3: The phrase is empty."
    assert messages[1].startswith("Line 5: The rule family “rude” is unknown")
    assert "already on line 2" in messages[5]
    assert messages[6] == "Line 9: The row has 5 fields, but the header has 6."
    assert list(ModerationRule.objects.values_list("phrase", flat=True)) == ["scam"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Line 1: The file is empty. The first line must name the columns."),
        ("phrase,familly\nscam,offensive\n", "Line 1: Unknown column(s): “familly”."),
        ('phrase,family\n"scam,offensive\n', "Line 2: The file is not valid CSV"),
        ("phrase,family\n!!!,offensive\n", "Line 2: The phrase has no letters or digits"),
    ],
)
def test_csv_files_that_are_not_rules(text, message):
    with pytest.raises(rules_csv.RulesImportError) as caught:
        import_text(text)
    assert str(caught.value.errors[0]).startswith(message)
    assert not ModerationRule.objects.exists()


def test_csv_bytes_must_be_utf8():
    assert rules_csv.decode("\ufeffphrase\n".encode()) == "phrase\n"
    with pytest.raises(rules_csv.RulesImportError) as caught:
        rules_csv.decode(b"phrase,family\nok,offensive\n" + "дурак".encode("cp1251"))
    assert caught.value.errors[0].line == 3


def test_csv_dry_run_changes_nothing():
    assert import_text(CSV, dry_run=True).created == 3
    assert not ModerationRule.objects.exists()


# --- Commands ----------------------------------------------------------------------------


def test_import_and_export_commands(tmp_path):
    source = tmp_path / "rules.csv"
    source.write_text("\ufeff" + CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_moderation_rules", str(source), stdout=out)
    assert out.getvalue().strip() == "3 rule(s) created, 0 updated, 0 unchanged."
    out = io.StringIO()
    call_command("import_moderation_rules", str(source), "--dry-run", stdout=out)
    assert "Dry run, nothing was changed: 0 rule(s) created, 0 updated, 3 unchanged." in (
        out.getvalue()
    )

    out = io.StringIO()
    call_command("export_moderation_rules", "--language", "ru", stdout=out)
    assert out.getvalue().splitlines() == [
        "phrase,language,family,action,whole_word,enabled",
        "дурак,ru,offensive,hold,false,true",
    ]
    target = tmp_path / "out.csv"
    err = io.StringIO()
    call_command("export_moderation_rules", str(target), stderr=err)
    assert "3 rule(s) written" in err.getvalue()
    assert target.read_text(encoding="utf-8").count("\n") == 4


def test_import_command_with_a_broken_file_imports_nothing(tmp_path):
    source = tmp_path / "rules.csv"
    source.write_text("phrase,family\nscam,unlawful\nrude,rude\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"Nothing was imported: the file has 1 error\."):
        call_command("import_moderation_rules", str(source), stderr=err)
    assert err.getvalue().startswith("Line 3: The rule family “rude” is unknown")
    assert not ModerationRule.objects.exists()
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("import_moderation_rules", str(tmp_path / "missing.csv"))
