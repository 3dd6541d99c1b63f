"""Turn what the browser sends into stored responses, rejecting anything forged.

The browser only ever sees a slot id (``AttemptQuestion.pk``) and the positions of
the answers as shown (``0, 1, 2…``), never choice ids (their order could hint at
the key). A response in browser form is:

- single choice, true/false: a position (``"2"``) or ``""`` to clear
- multiple choice: a list of positions
- short answer, numerical: the text
- matching: ``{"<row position>": "<target position>"}``

``clean_response`` maps it to the stored form keyed by choice ids (see
``quizzes.grading``) or raises ``ResponseError`` with a clear message.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .qtypes import QuestionType

MAX_TEXT = 500
#: Default length limit of an essay answer (``options["max_chars"]`` overrides).
MAX_ESSAY = 20_000
MAX_ANSWERS_PER_REQUEST = 500


class ResponseError(ValueError):
    pass


def _is_small_number(text: str, digits: int = 18) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts "²" or "٣", which ``int``
    refuses or reads in ways a form never sends."""
    return 0 < len(text) <= digits and text.isascii() and text.isdigit()


def _position(value, size: int, number: int) -> int:
    if isinstance(value, bool):
        raise ResponseError(_("Question %(n)s: invalid answer.") % {"n": number})
    if isinstance(value, str) and _is_small_number(value.strip(), digits=5):
        value = int(value.strip())
    if not isinstance(value, int) or not 0 <= value < size:
        raise ResponseError(
            _("Question %(n)s: that answer is not one of the options.") % {"n": number}
        )
    return value


def clean_response(slot, raw) -> dict:
    """Browser form → stored form for one slot (its snapshot and ``layout``)."""
    qtype = slot.frozen.qtype
    number = slot.order + 1
    layout = slot.layout or {}
    if raw is None or raw == "" or raw == [] or raw == {}:
        return {}
    if qtype in (QuestionType.SINGLE, QuestionType.TRUEFALSE):
        if isinstance(raw, list):
            raise ResponseError(
                _("Question %(n)s takes one answer only.") % {"n": number}
            )
        choices = layout.get("choices", [])
        return {"choice": choices[_position(raw, len(choices), number)]}
    if qtype == QuestionType.MULTIPLE:
        if not isinstance(raw, list):
            raw = [raw]
        choices = layout.get("choices", [])
        positions = [_position(v, len(choices), number) for v in raw]
        if len(set(positions)) != len(positions):
            raise ResponseError(
                _("Question %(n)s: an answer is repeated.") % {"n": number}
            )
        return {"choices": [choices[p] for p in sorted(positions)]}
    if qtype in (QuestionType.SHORT, QuestionType.NUMERICAL):
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            raise ResponseError(_("Question %(n)s: invalid answer.") % {"n": number})
        text = str(raw)
        if len(text) > MAX_TEXT:
            raise ResponseError(
                _("Question %(n)s: the answer is longer than %(max)s characters.")
                % {"n": number, "max": MAX_TEXT}
            )
        text = "".join(c for c in text if c.isprintable() or c == " ").strip()
        return {"text": text} if text else {}
    if qtype == QuestionType.ESSAY:
        if not isinstance(raw, str):
            raise ResponseError(_("Question %(n)s: invalid answer.") % {"n": number})
        limit = essay_limit(slot.frozen.options)
        text = raw.replace("\r\n", "\n").replace("\r", "\n")
        text = "".join(c for c in text if c.isprintable() or c in "\n\t").strip()
        if len(text) > limit:
            raise ResponseError(
                _("Question %(n)s: the answer is longer than %(max)s characters.")
                % {"n": number, "max": limit}
            )
        return {"text": text} if text else {}
    if qtype == QuestionType.MATCHING:
        if not isinstance(raw, dict):
            raise ResponseError(_("Question %(n)s: invalid answer.") % {"n": number})
        left, right = layout.get("left", []), layout.get("right", [])
        matches = {}
        for row, target in raw.items():
            row_position = _position(row, len(left), number)
            if target in ("", None):
                continue
            matches[str(left[row_position])] = right[
                _position(target, len(right), number)
            ]
        return {"matches": matches} if matches else {}
    raise ResponseError(_("Question %(n)s: invalid answer.") % {"n": number})


def essay_limit(options) -> int:
    try:
        limit = int((options or {}).get("max_chars") or MAX_ESSAY)
    except (TypeError, ValueError):
        limit = MAX_ESSAY
    return max(1, min(limit, MAX_ESSAY))


def responses_from_post(slots, data) -> dict[int, object]:
    """A submitted form (QueryDict) → {slot id: browser-form response}.

    Rejects answers to questions not in the attempt and duplicated fields.
    """
    by_id = {slot.pk: slot for slot in slots}
    found: dict[int, object] = {}
    for key in data:
        if not key.startswith("q"):
            continue
        name, _sep, row = key[1:].partition("_")
        if not _is_small_number(name) or int(name) not in by_id:
            raise ResponseError(
                _("An answer was sent for a question that is not in this attempt.")
            )
        slot = by_id[int(name)]
        values = data.getlist(key)
        qtype = slot.frozen.qtype
        if qtype == QuestionType.MATCHING:
            if not row or len(values) != 1:
                raise ResponseError(
                    _("Question %(n)s: a field is missing or repeated.")
                    % {"n": slot.order + 1}
                )
            found.setdefault(slot.pk, {})[row] = values[0]
        elif row:
            raise ResponseError(_("An unexpected field was sent."))
        elif qtype == QuestionType.MULTIPLE:
            found[slot.pk] = [v for v in values if v != ""]
        else:
            if len(values) != 1:
                raise ResponseError(
                    _("Question %(n)s: the answer was sent twice.")
                    % {"n": slot.order + 1}
                )
            found[slot.pk] = values[0]
    return found


def responses_from_json(slots, payload) -> dict[int, object]:
    """Autosave body ``{"answers": {"<slot id>": response}}`` → {slot id: response}."""
    if not isinstance(payload, dict) or not isinstance(payload.get("answers"), dict):
        raise ResponseError(_("Send a JSON object with an “answers” object."))
    answers = payload["answers"]
    if len(answers) > MAX_ANSWERS_PER_REQUEST:
        raise ResponseError(_("Too many answers in one request."))
    ids = {slot.pk for slot in slots}
    found = {}
    for key, value in answers.items():
        if not _is_small_number(str(key)) or int(key) not in ids:
            raise ResponseError(
                _("An answer was sent for a question that is not in this attempt.")
            )
        found[int(key)] = value
    return found
