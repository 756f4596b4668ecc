"""Matching comments against the site's moderation rules (:class:`ModerationRule`).

Phrases and comments go through the same normalisation, then every enabled phrase is
compiled into one Aho-Corasick automaton that finds all of them in a single pass over the
comment. Compiled matchers are kept per process and rebuilt when the rules change: a save or
delete of a rule (and the CSV import) stores a new *rules version* in Django's cache, and a
process whose matcher was built for another version rebuilds it on its next use. In a
deployment with several processes the cache must be shared (Redis, Memcached, database);
the rate limit needs that too.

Normalisation, applied identically to phrases and to comment text:

1. NFKC (full-width letters, ligatures, mathematical alphabets and circled letters become
   plain letters), then Turkic i: ``İ``, ``ı`` and ``I`` become ``i`` before case folding,
   so ``KIZ``, ``KİZ`` and ``kız`` are all ``kiz``; then ``str.casefold`` and NFKC again.
2. Combining marks that did not compose with a letter (``Mn``, ``Me``: "Zalgo" stacks,
   variation selectors) and invisible format characters (``Cf``: zero-width spaces and
   joiners, soft hyphens, direction overrides) are removed. Precomposed letters keep their
   accents: Azerbaijani ``ə ğ ö ü ş ç`` and Georgian letters are left alone.
3. Look-alikes are folded to Latin with :data:`LOOKALIKES` (after case folding, so a table of
   lowercase letters also covers capitals such as Cyrillic ``Н``/``В``/``М``/``Т``). Mixed
   spellings such as ``fuсk`` with a Cyrillic ``с``, or a Russian word typed entirely in Latin
   look-alikes, match. The price: a Latin phrase made only of look-alike letters (``cop``)
   also matches the Russian word written with the same shapes (``сор``). Give such rules a
   language so that they only apply to comments in that language.
4. Words: text is split into words at every character that is not a letter or a digit.
   Phrases match sequences of whole words, so "dog-shit" contains the word "shit" but
   "it's hit" does not, and "was sent" never contains "ass". Separators are ignored only
   inside a *spaced run*: two or more one-character words with at most three separator
   characters between each pair ("b.a.d", "b a d", "f-u-c-k"). A spaced run is read as one
   word, and a whole-word match may begin and end at any letter inside it.
5. Repeated letters: runs of the same character are collapsed, and a phrase matches when each
   of its runs meets a text run of the same length, or of three or more characters.
   "baaaad" and "baaad" match "bad", but "good" does not match "god" and "as" does not match
   "ass". A substring rule may also start or end inside a longer run ("ssex" contains "sex").

Rules without a language apply to every comment, rules with one to comments in that language
(``en`` also covers ``en-GB``), and every rule applies to a comment of unknown language.

Whole-word rules (the default) must match complete words at both ends; substring rules
match anywhere, even inside longer words. In languages written without spaces between words
(Chinese, Japanese, Thai) use substring rules.
"""

import itertools
import re
import threading
import unicodedata
import uuid
from collections import deque
from dataclasses import dataclass

import regex
from django.core.cache import cache
from django.db import transaction

VERSION_CACHE_KEY = "wagtail_analytics:moderation_rules:version"

#: Look-alike letters folded to one Latin letter (applied after case folding).
LOOKALIKES = {
    # Cyrillic
    "\N{CYRILLIC SMALL LETTER A}": "a",
    "\N{CYRILLIC SMALL LETTER VE}": "b",
    "\N{CYRILLIC SMALL LETTER IE}": "e",
    "\N{CYRILLIC SMALL LETTER IO}": "e",
    "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}": "i",
    "\N{CYRILLIC SMALL LETTER YI}": "i",
    "\N{CYRILLIC SMALL LETTER JE}": "j",
    "\N{CYRILLIC SMALL LETTER KA}": "k",
    "\N{CYRILLIC SMALL LETTER EM}": "m",
    "\N{CYRILLIC SMALL LETTER EN}": "h",
    "\N{CYRILLIC SMALL LETTER O}": "o",
    "\N{CYRILLIC SMALL LETTER ER}": "p",
    "\N{CYRILLIC SMALL LETTER ES}": "c",
    "\N{CYRILLIC SMALL LETTER TE}": "t",
    "\N{CYRILLIC SMALL LETTER U}": "y",
    "\N{CYRILLIC SMALL LETTER HA}": "x",
    "\N{CYRILLIC SMALL LETTER DZE}": "s",
    "\N{CYRILLIC SMALL LETTER SHHA}": "h",
    "\N{CYRILLIC SMALL LETTER KOMI DE}": "d",
    "\N{CYRILLIC SMALL LETTER QA}": "q",
    "\N{CYRILLIC SMALL LETTER WE}": "w",
    "\N{CYRILLIC SMALL LETTER PALOCHKA}": "l",
    # Greek
    "\N{GREEK SMALL LETTER ALPHA}": "a",
    "\N{GREEK SMALL LETTER BETA}": "b",
    "\N{GREEK SMALL LETTER EPSILON}": "e",
    "\N{GREEK SMALL LETTER IOTA}": "i",
    "\N{GREEK SMALL LETTER KAPPA}": "k",
    "\N{GREEK SMALL LETTER MU}": "m",
    "\N{GREEK SMALL LETTER OMICRON}": "o",
    "\N{GREEK SMALL LETTER RHO}": "p",
    "\N{GREEK SMALL LETTER TAU}": "t",
    "\N{GREEK SMALL LETTER CHI}": "x",
}

_VARIANTS = {}
for _variant, _letter in LOOKALIKES.items():
    _VARIANTS.setdefault(_letter, []).append(_variant)
_FOLD_LOOKALIKES = str.maketrans(LOOKALIKES)
_INVISIBLE = regex.compile(r"[\p{Mn}\p{Me}\p{Cf}]+")
_WORD = regex.compile(r"[\p{L}\p{N}\p{Mc}]+")
_REPEATS = re.compile(r"(.)\1+")
_RUNS = re.compile(r"(.)\1*")

#: Most separator characters allowed between the letters of a spaced run.
SPACED_RUN_GAP = 3


def fold(text):
    """Steps 1 and 2 of the normalisation: Unicode forms, case with Turkic i, invisibles."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\N{LATIN CAPITAL LETTER I WITH DOT ABOVE}", "i")
    text = text.replace("\N{LATIN SMALL LETTER DOTLESS I}", "i").casefold()
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def fold_lookalikes(text):
    """Step 3 alone: look-alike letters as their Latin letter."""
    return text.translate(_FOLD_LOOKALIKES)


def _spaced_words(folded):
    """The words of folded text, spaced runs joined, as ``(word, spaced)`` pairs."""
    found = []
    previous_end = None
    previous_single = False
    for match in _WORD.finditer(folded):
        word = match.group()
        single = len(word) == 1
        if single and previous_single and match.start() - previous_end <= SPACED_RUN_GAP:
            found[-1] = (found[-1][0] + word, True)
        else:
            found.append((word, False))
        previous_single = single
        previous_end = match.end()
    return found


class Shape:
    """Normalised text, ready for matching.

    ``text`` holds the words (step 4) separated by one space, each run of a repeated
    character collapsed to one (step 5); look-alikes are still unfolded (the matcher folds
    them as it reads). :meth:`runs` gives the length of the run behind each character and
    :meth:`is_boundary` tells where a whole-word match may start or end.
    """

    __slots__ = ("_joined", "_runs", "spaced", "text")

    def __init__(self, text):
        folded = fold(text)
        words = _WORD.findall(folded)
        spaced = []
        # Spaced runs need the separators; look for them only when two one-letter words meet.
        if any(len(first) == 1 == len(second) for first, second in itertools.pairwise(words)):
            words = []
            position = 0
            for word, is_spaced in _spaced_words(folded):
                collapsed = len(_REPEATS.sub(r"\1", word))
                if is_spaced:
                    spaced.append((position, position + collapsed))
                words.append(word)
                position += collapsed + 1
        self._joined = " ".join(words)
        self.text = _REPEATS.sub(r"\1", self._joined)
        self.spaced = tuple(spaced)
        self._runs = None

    def runs(self):
        """For each character of :attr:`text`, how many times it was repeated."""
        if self._runs is None:
            if len(self.text) == len(self._joined):
                self._runs = (1,) * len(self.text)
            else:
                self._runs = tuple(len(run.group()) for run in _RUNS.finditer(self._joined))
        return self._runs

    def is_boundary(self, position):
        """True when a word starts or ends at ``position`` of :attr:`text`."""
        text = self.text
        if position == 0 or position == len(text):
            return True
        if text[position - 1] == " " or text[position] == " ":
            return True
        return any(start < position < end for start, end in self.spaced)


def canonical(phrase):
    """A phrase as the matcher stores it: its :class:`Shape` text with look-alikes folded."""
    return fold_lookalikes(Shape(phrase).text)


def is_matchable(phrase):
    """True when ``phrase`` has at least one letter or digit to match."""
    return bool(Shape(phrase).text)


@dataclass(frozen=True)
class RuleMatch:
    """The rule a comment broke."""

    rule_id: int
    phrase: str
    family: str
    action: str
    whole_word: bool

    @property
    def reason_code(self):
        return f"rule.{self.family}"


def _runs_match(text_runs, start, phrase_runs, whole_word):
    last = len(phrase_runs) - 1
    for offset, wanted in enumerate(phrase_runs):
        seen = text_runs[start + offset]
        if seen == wanted or seen >= 3:
            continue
        # A substring rule may begin or end inside a longer run of the same character.
        if not whole_word and seen > wanted and offset in (0, last):
            continue
        return False
    return True


class RuleMatcher:
    """Every phrase of a set of rules compiled into one Aho-Corasick automaton.

    ``rules`` are :class:`~wagtail_analytics.models.ModerationRule` instances or any objects
    with ``pk``, ``phrase``, ``family``, ``action`` and ``whole_word``. Rules whose phrase has
    nothing to match are skipped. The automaton's transitions are keyed by the canonical
    letters and, as aliases, by their look-alikes, so comment text is never translated.
    """

    def __init__(self, rules):
        from ..models import RuleAction

        goto = [{}]
        outputs = [[]]
        self.phrases = 0
        for rule in rules:
            shape = Shape(rule.phrase)
            if not shape.text:
                continue
            state = 0
            for char in fold_lookalikes(shape.text):
                following = goto[state].get(char)
                if following is None:
                    following = len(goto)
                    goto[state][char] = following
                    goto.append({})
                    outputs.append([])
                state = following
            result = RuleMatch(
                rule.pk, rule.phrase, rule.family, rule.action, bool(rule.whole_word)
            )
            outputs[state].append(
                (
                    len(shape.text),
                    shape.runs(),
                    result.whole_word,
                    rule.action == RuleAction.REJECT,
                    result,
                )
            )
            self.phrases += 1
        fail = [0] * len(goto)
        queue = deque(goto[0].values())
        while queue:
            state = queue.popleft()
            for char, following in goto[state].items():
                queue.append(following)
                suffix = fail[state]
                while suffix and char not in goto[suffix]:
                    suffix = fail[suffix]
                fail[following] = goto[suffix].get(char, 0)
                # Phrases ending here include those ending at the longest proper suffix.
                outputs[following].extend(outputs[fail[following]])
        for transitions in goto:
            for char, following in list(transitions.items()):
                for variant in _VARIANTS.get(char, ()):
                    transitions[variant] = following
        self._goto = goto
        self._fail = fail
        self._outputs = [tuple(found) if found else None for found in outputs]

    def match(self, text):
        """The first REJECT rule found in ``text``, else the first HOLD rule, else None."""
        if not self.phrases:
            return None
        shape = Shape(text)
        goto, fail, outputs = self._goto, self._fail, self._outputs
        held = None
        state = 0
        for index, char in enumerate(shape.text):
            while state and char not in goto[state]:
                state = fail[state]
            state = goto[state].get(char, 0)
            found = outputs[state]
            if found is None:
                continue
            end = index + 1
            for length, phrase_runs, whole_word, reject, result in found:
                start = end - length
                if whole_word and not (shape.is_boundary(start) and shape.is_boundary(end)):
                    continue
                if not _runs_match(shape.runs(), start, phrase_runs, whole_word):
                    continue
                if reject:
                    return result
                if held is None:
                    held = result
        return held


def base_language(code):
    """``"en-GB"`` → ``"en"``; empty stays empty."""
    return (code or "").replace("_", "-").split("-")[0].lower()


class CompiledRules:
    """The enabled rules of one rules version, with a matcher per comment language."""

    def __init__(self, version, rules):
        self.version = version
        self.rules = tuple(rules)
        self.languages = {base_language(rule.language) for rule in self.rules} - {""}
        self._matchers = {}
        self._lock = threading.Lock()

    def matcher_for(self, language=""):
        """Rules without a language plus those in ``language``; every rule when it is empty."""
        language = base_language(language)
        if language and language not in self.languages:
            # Languages without rules of their own share one matcher, so that a client
            # sending made-up language codes cannot make us build one per code.
            language = "-"
        matcher = self._matchers.get(language)
        if matcher is None:
            with self._lock:
                matcher = self._matchers.get(language)
                if matcher is None:
                    matcher = RuleMatcher(
                        rule
                        for rule in self.rules
                        if not language or base_language(rule.language) in ("", language)
                    )
                    self._matchers[language] = matcher
        return matcher


_compiled = None
_compile_lock = threading.Lock()


def rules_version():
    """The current rules version, shared by all processes through the cache."""
    version = cache.get(VERSION_CACHE_KEY)
    if version is None:
        cache.add(VERSION_CACHE_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_CACHE_KEY)
    return version


def bump_rules_version():
    """Make every process rebuild its matcher before its next check."""
    cache.set(VERSION_CACHE_KEY, uuid.uuid4().hex, None)


def get_matcher(language=""):
    """The :class:`RuleMatcher` for comments in ``language``, rebuilt when rules changed."""
    global _compiled
    version = rules_version()
    compiled = _compiled
    if compiled is None or version is None or compiled.version != version:
        with _compile_lock:
            compiled = _compiled
            if compiled is None or version is None or compiled.version != version:
                from ..models import ModerationRule

                rules = ModerationRule.objects.filter(enabled=True).only(
                    "pk", "phrase", "language", "family", "action", "whole_word"
                )
                compiled = CompiledRules(version, list(rules))
                _compiled = compiled
    return compiled.matcher_for(language)


def rules_changed(**kwargs):
    """``post_save``/``post_delete`` receiver for :class:`ModerationRule`.

    The version changes at once (this process, and a test inside a transaction, see the new
    rules) and again after the commit, so that no process keeps a matcher it built from the
    old rules while the transaction was still open.
    """
    bump_rules_version()
    transaction.on_commit(bump_rules_version)


def register_rule_signal_handlers():
    """Connect :func:`rules_changed`; called from ``AppConfig.ready()``."""
    from django.db.models.signals import post_delete, post_save

    from ..models import ModerationRule

    post_save.connect(
        rules_changed, sender=ModerationRule, dispatch_uid="wagtail_analytics_rules_saved"
    )
    post_delete.connect(
        rules_changed, sender=ModerationRule, dispatch_uid="wagtail_analytics_rules_deleted"
    )
