"""Signals other apps listen to.

``enrollment_completed(sender=Enrollment, enrollment=...)`` is sent once, inside
the transaction that marks an enrolment completed (certificates issue theirs).

``enrollments_changed(sender, enrollment_ids=None, training_class_id=None)`` is
sent inside the transaction that changed the status, the attendance or a
certificate of enrolments (named by id, or all those of a class); the plan's
headcount recomputes ``Enrollment.trained_on`` and drops its cached figures.
"""

from django.dispatch import Signal

enrollment_completed = Signal()
enrollments_changed = Signal()
