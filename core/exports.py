"""What every spreadsheet export of the admin's reports shares."""


def dotted_value(item, dotted: str):
    """``a.b.c`` of ``item``, calling methods on the way; "" when a step is
    missing (an enrolment without class, a learner without profile)."""
    value = item
    for name in dotted.split("."):
        value = getattr(value, name, None)
        if callable(value):
            value = value()
        if value is None:
            return ""
    return value


class BlankWhenMissingExportMixin:
    """For a ``ReportView``: a dotted ``list_export`` field whose chain stops at
    None exports an empty cell (Wagtail's own lookup raises, a 500)."""

    def to_row_dict(self, item):
        return {field: dotted_value(item, field) for field in self.list_export}
