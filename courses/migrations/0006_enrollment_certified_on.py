"""``Enrollment.certified_on``: the certificate date courses keeps for the headcount.

Until now ``trained_on`` of a certificate course was that date, written by the
plan app; from here the certificates app hands the date to courses, which
derives ``trained_on`` itself. The backfill copies it for certificate courses.
"""

from django.db import migrations, models


def backfill(apps, schema_editor):
    course_page = apps.get_model("courses", "CoursePage")
    enrollment = apps.get_model("courses", "Enrollment")
    certificate_courses = course_page.objects.filter(awards_certificate=True)
    enrollment.objects.filter(
        course__in=certificate_courses.values("pk"), trained_on__isnull=False
    ).update(certified_on=models.F("trained_on"))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_job_lease"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="certified_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="certified on"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
