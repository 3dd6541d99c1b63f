"""Site set-up: the home page as the root of the default site."""

from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage

HOME_TITLE = "Chương trình đào tạo sở hữu trí tuệ tỉnh Hậu Giang"
HOME_INTRO = (
    "Bồi dưỡng kiến thức sở hữu trí tuệ từ cơ bản đến chuyên sâu cho cán bộ, công "
    "chức, lực lượng thực thi, doanh nghiệp, nhóm khởi nghiệp và chủ thể OCOP, theo "
    "Kế hoạch số 66/KH-UBND ngày 12 tháng 4 năm 2021 của UBND tỉnh Hậu Giang."
)
HOME_BODY = (
    "<p>Nền tảng do Sở Khoa học và Công nghệ vận hành để triển khai các chương trình "
    "tập huấn về ba nhóm đối tượng quyền: quyền sở hữu công nghiệp; quyền tác giả và "
    "quyền liên quan; quyền đối với giống cây trồng.</p>"
    "<ul><li>Học trực tuyến theo lộ trình cơ bản → nâng cao → chuyên sâu.</li>"
    "<li>Tham gia các lớp tập huấn trực tiếp, làm bài kiểm tra và nhận giấy chứng "
    "nhận có mã QR để xác minh.</li>"
    "<li>Kết quả đào tạo được tổng hợp phục vụ báo cáo hằng năm trước ngày 15 tháng "
    "12.</li></ul>"
)


@transaction.atomic
def site_home_ensure() -> HomePage:
    """Make a HomePage the root of the default site, replacing the welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        welcome = (
            Page.objects.filter(depth=2, slug="home")
            .exclude(content_type__app_label="core")
            .first()
        )
        if welcome is not None:
            welcome.slug = "wagtail-welcome"
            welcome.save_revision().publish()
        home = root.add_child(
            instance=HomePage(
                title=HOME_TITLE, slug="trang-chu", intro=HOME_INTRO, body=HOME_BODY
            )
        )
        if welcome is not None:
            Site.objects.filter(root_page=welcome).update(root_page=home)
            welcome.delete()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="SHTT Hậu Giang",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home
