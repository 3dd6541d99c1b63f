import pytest

from directory.selectors import unit_descendant_ids
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_descendants_include_the_units_themselves_and_every_level_below():
    province = UnitFactory()
    district = UnitFactory(parent=province)
    commune_team = UnitFactory(parent=district)
    village_team = UnitFactory(parent=commune_team)
    elsewhere = UnitFactory()
    UnitFactory(parent=elsewhere)

    assert unit_descendant_ids(unit_ids=[district.pk]) == {
        district.pk,
        commune_team.pk,
        village_team.pk,
    }
    assert unit_descendant_ids(unit_ids=[province.pk, elsewhere.pk]) >= {
        province.pk,
        village_team.pk,
        elsewhere.pk,
    }


def test_no_units_give_no_descendants_and_a_parent_cycle_does_not_loop():
    assert unit_descendant_ids(unit_ids=[]) == set()
    a = UnitFactory()
    b = UnitFactory(parent=a)
    a.parent = b
    a.save()
    assert unit_descendant_ids(unit_ids=[a.pk]) == {a.pk, b.pk}
