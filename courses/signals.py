"""The one signal other apps listen to.

``enrollments_changed(sender, enrollment_ids=None, training_class_id=None)`` is
sent inside the transaction that changed the status, the attendance or a
certificate of enrolments (named by id, or all those of a class); the plan's
headcount recomputes ``Enrollment.trained_on`` and drops its cached figures.
"""

from django.dispatch import Signal

enrollments_changed = Signal()
