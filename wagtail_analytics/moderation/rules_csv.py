"""Moderation rules as CSV: export, and an all-or-nothing import.

The columns are :data:`COLUMNS`. ``phrase`` and ``family`` are required in every row; an
absent or empty ``language`` means every language, ``action`` defaults to ``reject``, and
``whole_word`` and ``enabled`` to true (``true``/``false``, ``yes``/``no``, ``1``/``0``).

An import checks every row first. When any row is wrong nothing is imported, and
:exc:`RulesImportError` lists every problem with its line number. Rows are keyed on
``(phrase, language, family)``: a row whose rule exists updates its action, whole-word and
enabled flags, so importing the same file twice changes nothing the second time. Rules that
are not in the file are left alone.
"""

import csv
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

COLUMNS = ("phrase", "language", "family", "action", "whole_word", "enabled")
REQUIRED_COLUMNS = ("phrase", "family")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$")


@dataclass(frozen=True)
class RowError:
    """One problem in an import file; ``line`` is the file's line number (1: the header)."""

    line: int
    message: str

    def __str__(self):
        return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class RulesImportError(Exception):
    """The file was not imported; ``errors`` lists every :class:`RowError`."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def export_rules(stream, rules=None):
    """Write ``rules`` (default: every rule) to the text ``stream`` as CSV; returns the count.

    Open files with ``newline=""``.
    """
    from ..models import ModerationRule

    if rules is None:
        rules = ModerationRule.objects.order_by("language", "family", "phrase", "pk")
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for rule in rules:
        writer.writerow(
            [
                rule.phrase,
                rule.language,
                rule.family,
                rule.action,
                "true" if rule.whole_word else "false",
                "true" if rule.enabled else "false",
            ]
        )
        count += 1
    return count


def decode(data):
    """UTF-8 bytes (a byte order mark is allowed) as text, or :exc:`RulesImportError`."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RulesImportError(
            [RowError(line, _("The file is not UTF-8 text. Save it as CSV in UTF-8."))]
        ) from None


def _boolean(value, default):
    value = value.strip().lower()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError


def _check_header(header):
    names = [name.strip().lower() for name in header]
    errors = []
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        errors.append(
            _("Unknown column(s): %(unknown)s. The columns are %(columns)s.")
            % {
                "unknown": ", ".join(f"“{name}”" for name in unknown),
                "columns": ", ".join(COLUMNS),
            }
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        errors.append(_("Missing column(s): %(missing)s.") % {"missing": ", ".join(missing)})
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        errors.append(
            _("Column(s) given more than once: %(repeated)s.") % {"repeated": ", ".join(repeated)}
        )
    return names, errors


def _check_row(values):
    """A validated row as a dict of model fields, or a list of messages."""
    from ..models import ModerationRule, RuleAction, RuleFamily
    from .rules import is_matchable
    from .text import has_forbidden_characters

    errors = []
    phrase = " ".join(values.get("phrase", "").split())
    max_phrase = ModerationRule._meta.get_field("phrase").max_length
    if not phrase:
        errors.append(_("The phrase is empty."))
    elif has_forbidden_characters(phrase):
        errors.append(_("The phrase contains control characters."))
    elif len(phrase) > max_phrase:
        errors.append(_("The phrase is longer than %(limit)d characters.") % {"limit": max_phrase})
    elif not is_matchable(phrase):
        errors.append(_("The phrase has no letters or digits to match."))
    language = values.get("language", "").strip().lower().replace("_", "-")
    max_language = ModerationRule._meta.get_field("language").max_length
    if language and (not _LANGUAGE.match(language) or len(language) > max_language):
        errors.append(
            _("“%(value)s” is not a language code such as “en” or “pt-br”.") % {"value": language}
        )
    family = values.get("family", "").strip().lower()
    if not family:
        errors.append(
            _("The rule family is missing; use %(choices)s.")
            % {"choices": ", ".join(RuleFamily.values)}
        )
    elif family not in RuleFamily.values:
        errors.append(
            _("The rule family “%(value)s” is unknown; use %(choices)s.")
            % {"value": family, "choices": ", ".join(RuleFamily.values)}
        )
    action = values.get("action", "").strip().lower() or RuleAction.REJECT
    if action not in RuleAction.values:
        errors.append(
            _("The action “%(value)s” is unknown; use %(choices)s.")
            % {"value": action, "choices": ", ".join(RuleAction.values)}
        )
    flags = {}
    for name in ("whole_word", "enabled"):
        try:
            flags[name] = _boolean(values.get(name, ""), True)
        except ValueError:
            errors.append(
                _("“%(value)s” in the column %(column)s is not true or false.")
                % {"value": values[name].strip(), "column": name}
            )
    if errors:
        return errors
    return {"phrase": phrase, "language": language, "family": family, "action": action, **flags}


def read_rules(stream):
    """The validated rows of a CSV text ``stream`` as ``(line, fields)`` pairs.

    Raises :exc:`RulesImportError` with every problem found.
    """
    reader = csv.reader(stream, strict=True)
    errors = []
    rows = []
    seen = {}
    header = None
    line = 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(field.strip() for field in record):
                continue
            if header is None:
                header, problems = _check_header(record)
                errors.extend(RowError(start, problem) for problem in problems)
                if problems:
                    break
                continue
            if len(record) != len(header):
                errors.append(
                    RowError(
                        start,
                        _("The row has %(found)d fields, but the header has %(expected)d.")
                        % {"found": len(record), "expected": len(header)},
                    )
                )
                continue
            checked = _check_row(dict(zip(header, record, strict=True)))
            if isinstance(checked, list):
                errors.extend(RowError(start, problem) for problem in checked)
                continue
            key = (checked["phrase"], checked["language"], checked["family"])
            if key in seen:
                errors.append(
                    RowError(
                        start,
                        _("The same phrase, language and family are already on line %(line)d.")
                        % {"line": seen[key]},
                    )
                )
                continue
            seen[key] = start
            rows.append((start, checked))
    except csv.Error as error:
        errors.append(RowError(line, _("The file is not valid CSV: %(error)s.") % {"error": error}))
    if header is None and not errors:
        errors.append(RowError(1, _("The file is empty. The first line must name the columns.")))
    if errors:
        raise RulesImportError(errors)
    return rows


def import_rules(stream, *, dry_run=False):
    """Create and update rules from a CSV text ``stream``: all of them, or none.

    Returns an :class:`ImportReport`; raises :exc:`RulesImportError` (and changes nothing)
    when any row is wrong. With ``dry_run`` the file is only checked and counted.
    """
    from ..models import ModerationRule
    from .rules import bump_rules_version

    rows = read_rules(stream)
    with transaction.atomic():
        existing = {
            (rule.phrase, rule.language, rule.family): rule
            for rule in ModerationRule.objects.select_for_update()
        }
        created, changed, unchanged = [], [], 0
        now = timezone.now()
        for _line, fields in rows:
            rule = existing.get((fields["phrase"], fields["language"], fields["family"]))
            if rule is None:
                created.append(ModerationRule(**fields))
                continue
            if all(
                getattr(rule, name) == fields[name] for name in ("action", "whole_word", "enabled")
            ):
                unchanged += 1
                continue
            for name in ("action", "whole_word", "enabled"):
                setattr(rule, name, fields[name])
            rule.updated_at = now
            changed.append(rule)
        if not dry_run:
            ModerationRule.objects.bulk_create(created, batch_size=500)
            ModerationRule.objects.bulk_update(
                changed, ["action", "whole_word", "enabled", "updated_at"], batch_size=500
            )
            if created or changed:
                # Bulk operations send no signals: tell the matchers once.
                bump_rules_version()
                transaction.on_commit(bump_rules_version)
    return ImportReport(created=len(created), updated=len(changed), unchanged=unchanged)
