"""The directory's history: a reorganisation loaded from a file, successor links,
current entries only in forms and imports, old names recognised."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.forms import ProfileForm
from courses.importing import learner_file_parse
from directory.history import (
    SEEDS,
    ReorganisationFileError,
    reorganisation_file_read,
    reorganisation_load,
)
from directory.models import (
    Commune,
    CommuneSuccession,
    Reorganisation,
    Unit,
    UnitSuccession,
)
from directory.selectors import successor_map, successors_of
from directory.services import directory_load
from tests.factories import AudienceGroupFactory, UnitFactory

pytestmark = pytest.mark.django_db

SEED = SEEDS / "2025-hau-giang.json"


@pytest.fixture
def seeded():
    directory_load()
    return reorganisation_load(data=reorganisation_file_read(SEED))


def test_the_2025_reorganisation_is_loaded_from_its_file_with_its_legal_basis(
    seeded,
):
    reorganisation = Reorganisation.objects.get(code="sap-xep-2025")
    assert reorganisation.name == "Sắp xếp 2025"
    assert reorganisation.effective_on == datetime.date(2025, 7, 1)
    assert "202/2025/QH15" in reorganisation.legal_basis
    assert "1668/NQ-UBTVQH15" in reorganisation.legal_basis
    # A merge (many-to-one): four wards of Vị Thanh into phường Vị Thanh.
    vi_thanh = Commune.objects.get(code="can-tho-phuong-vi-thanh")
    assert vi_thanh.predecessor_links.count() == 4
    assert vi_thanh.valid_from == datetime.date(2025, 7, 1)
    # The predecessors end the day before; district UBNDs end with the district
    # level.
    assert Commune.objects.get(code="thanh-pho-vi-thanh-phuong-i").valid_to == (
        datetime.date(2025, 6, 30)
    )
    assert Unit.objects.get(code="ubnd-h-vi-thuy").valid_to == datetime.date(
        2025, 6, 30
    )
    assert Unit.objects.get(code="so-tttt").valid_to == datetime.date(2025, 2, 28)


def test_every_seeded_mapping_records_its_source_and_unverified_ones_are_flagged(
    seeded,
):
    links = list(UnitSuccession.objects.all()) + list(CommuneSuccession.objects.all())
    assert links
    assert all(link.source.strip() for link in links)
    # The commune mappings come from the province's draft, not the resolution's
    # articles: the department has to confirm each of them.
    assert all(link.needs_confirmation for link in CommuneSuccession.objects.all())


def test_loading_the_same_reorganisation_twice_changes_nothing(seeded):
    assert seeded.changed
    again = reorganisation_load(data=reorganisation_file_read(SEED))
    assert not again.changed and again.lines == []


def test_a_file_naming_an_unknown_code_is_refused_and_writes_nothing(tmp_path):
    directory_load()
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["successions"].append(
        {
            "level": "unit",
            "from": "so-khong-co",
            "to": "so-khcn",
            "kind": "merge",
            "source": "x",
        }
    )
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ReorganisationFileError, match="so-khong-co"):
        reorganisation_file_read(path)
    with pytest.raises(CommandError, match="so-khong-co"):
        call_command("load_reorganisation", str(path))
    assert not Reorganisation.objects.exists()
    assert not Commune.objects.filter(code__startswith="can-tho-").exists()


def test_a_mapping_without_its_source_is_refused():
    directory_load()
    data = json.loads(SEED.read_text(encoding="utf-8"))
    del data["successions"][0]["source"]
    with pytest.raises(ReorganisationFileError, match="nguồn|source"):
        reorganisation_load(data=data)


def test_successors_follow_several_reorganisations_and_splits():
    a, b, c, d = (UnitFactory(code=code) for code in "abcd")
    first = Reorganisation.objects.create(
        code="r1", name="R1", effective_on=datetime.date(2025, 3, 1)
    )
    second = Reorganisation.objects.create(
        code="r2", name="R2", effective_on=datetime.date(2025, 7, 1)
    )
    UnitSuccession.objects.create(
        reorganisation=first, predecessor=a, successor=b, kind="merge", source="s"
    )
    # b splits into c and d; its figures go to c.
    UnitSuccession.objects.create(
        reorganisation=second, predecessor=b, successor=c, kind="split", source="s"
    )
    UnitSuccession.objects.create(
        reorganisation=second,
        predecessor=b,
        successor=d,
        kind="split",
        source="s",
        counts_here=False,
    )
    assert successor_map(Unit, on=datetime.date(2026, 1, 1)) == {
        a.pk: c.pk,
        b.pk: c.pk,
    }
    assert successor_map(Unit, on=datetime.date(2025, 4, 1)) == {a.pk: b.pk}
    assert successors_of(a, on=datetime.date(2026, 1, 1)) == [c, d]


def test_the_profile_form_offers_only_current_units_and_communes(seeded):
    form = ProfileForm()
    units = set(form.fields["unit"].queryset.values_list("code", flat=True))
    communes = set(form.fields["commune"].queryset.values_list("code", flat=True))
    assert "so-khcn" in units and "so-nn-mt" in units
    assert "ubnd-tp-vi-thanh" not in units and "so-tttt" not in units
    assert "can-tho-phuong-vi-thanh" in communes
    assert "thanh-pho-vi-thanh-phuong-i" not in communes


def test_an_import_naming_a_former_unit_suggests_its_successor(seeded):
    AudienceGroupFactory(code="can-bo", name="Cán bộ")
    raw = (
        "Họ và tên,Email,Nhóm đối tượng,Đơn vị,Xã/phường,Chức vụ\n"
        "Lê Văn An,an@example.vn,can-bo,Sở Thông tin và Truyền thông,"
        "Phường I (Thành phố Vị Thanh),Chuyên viên\n"
    ).encode()
    row = learner_file_parse(raw, filename="x.csv").rows[0]
    assert not row.ok
    unit_error, commune_error = row.errors
    assert "Sở Thông tin và Truyền thông" in unit_error
    assert "Sở Khoa học và Công nghệ" in unit_error
    assert "Vị Thanh" in commune_error and "Phường Vị Thanh" in commune_error
