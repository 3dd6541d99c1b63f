import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from accounts.selectors import ALL_UNITS, learner_scope, report_scope
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_four_roles_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.value for role in Role} <= names


@pytest.mark.django_db
def test_role_permissions_match_what_each_role_may_do(
    learner, editor, plan_manager, focal_point
):
    assert not learner.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("accounts.manage_learners")
    assert not editor.has_perm("accounts.view_all_reports")
    assert plan_manager.has_perm("accounts.view_all_reports")
    assert not plan_manager.has_perm("accounts.manage_learners")
    assert focal_point.has_perm("accounts.view_unit_reports")
    assert not focal_point.has_perm("accounts.view_all_reports")


@pytest.mark.django_db
def test_report_scope_is_everything_for_plan_managers_and_own_unit_for_focal_points(
    plan_manager, focal_point, learner, editor
):
    assert report_scope(plan_manager) is ALL_UNITS
    assert report_scope(focal_point).units == (focal_point.profile.unit,)
    for user in (learner, editor):
        with pytest.raises(PermissionDenied):
            report_scope(user)


@pytest.mark.django_db
def test_learner_scope_is_everything_for_editors_and_own_unit_for_focal_points(
    editor, focal_point, learner
):
    assert learner_scope(editor) is ALL_UNITS
    assert learner_scope(focal_point).units == (focal_point.profile.unit,)
    with pytest.raises(PermissionDenied):
        learner_scope(learner)


@pytest.mark.django_db
def test_a_focal_point_without_an_assigned_unit_sees_nothing():
    user = UserFactory(role=Role.UNIT_FOCAL_POINT, profile={"unit": None})
    with pytest.raises(PermissionDenied):
        report_scope(user)


@pytest.mark.django_db
def test_a_learner_opening_the_admin_gets_a_clear_403_page_not_a_redirect_loop(
    client, learner, home_page
):
    client.force_login(learner)
    response = client.get("/admin/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không có quyền vào trang quản trị" in page
    assert 'href="/"' in page
    assert client.get("/admin/pages/").status_code == 403


@pytest.mark.django_db
def test_staff_still_open_the_admin(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_editors_upload_images_and_documents(client, editor):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    client.force_login(editor)
    assert client.get("/admin/images/multiple/add/").status_code == 200
    buffer = BytesIO()
    PILImage.new("RGB", (8, 8), "red").save(buffer, "PNG")
    response = client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("anh.png", buffer.getvalue(), "image/png")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200, response.content[:300]
    assert response.json()["success"]
    assert get_image_model().objects.get(pk=response.json()["image_id"])

    response = client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile(
                "tai-lieu.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"
            )
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200, response.content[:300]
    assert response.json()["success"], response.content[:300]
    assert get_document_model().objects.get(pk=response.json()["doc_id"])
