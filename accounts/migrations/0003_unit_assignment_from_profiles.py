"""Existing focal points keep the scope they had: their profile's unit, now
as an assignment an administrator can change (and they cannot)."""

from django.db import migrations

FOCAL_POINT_GROUP = "Đầu mối đơn vị"


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    UnitAssignment = apps.get_model("accounts", "UnitAssignment")
    focal_points = User.objects.filter(
        groups__name=FOCAL_POINT_GROUP, profile__unit__isnull=False
    ).values_list("pk", "profile__unit_id")
    UnitAssignment.objects.bulk_create(
        [
            UnitAssignment(user_id=user_id, unit_id=unit_id)
            for user_id, unit_id in focal_points.distinct()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_assignment"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
