"""Signals other apps listen to.

``enrollment_completed(sender=Enrollment, enrollment=...)`` is sent once, inside
the transaction that marks an enrolment completed (certificates issue theirs).
"""

from django.dispatch import Signal

enrollment_completed = Signal()
