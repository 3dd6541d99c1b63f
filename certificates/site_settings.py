"""Wagtail site settings for certificates (a model of this app).

Kept apart from ``certificates.models`` only for size; it is imported there.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb, for example #9b1c1c.")
)


@register_setting(icon="doc-full")
class CertificateSettings(BaseSiteSetting):
    """What certificates print: issuer, signer, images, colours and wording.

    Read when a certificate is recorded and frozen into it, so changes here
    apply to certificates issued afterwards and never alter issued ones.
    """

    issuer_name = models.CharField(
        _("issuing authority"),
        max_length=255,
        default="Sở Khoa học và Công nghệ tỉnh Hậu Giang",
        help_text=_("Shown on the verification page and in e-mails."),
    )
    issuer_lines = models.TextField(
        _("issuer lines (certificate header)"),
        default="UBND TỈNH HẬU GIANG\nSỞ KHOA HỌC VÀ CÔNG NGHỆ",
        help_text=_("One line per row; the last row is printed in bold."),
    )
    issue_place = models.CharField(
        _("place of issue"), max_length=100, default="Hậu Giang"
    )
    signer_title = models.TextField(
        _("signer's title"),
        default="GIÁM ĐỐC",
        help_text=_('One line per row, e.g. "KT. GIÁM ĐỐC" then "PHÓ GIÁM ĐỐC".'),
    )
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seal_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("seal image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title_text = models.CharField(_("title"), max_length=100, default="GIẤY CHỨNG NHẬN")
    intro_text = models.CharField(
        _("text before the name"), max_length=200, default="Chứng nhận ông/bà:"
    )
    completion_text = models.CharField(
        _("text before the course"),
        max_length=200,
        default="Đã hoàn thành khóa bồi dưỡng",
    )
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default="#9b1c1c", validators=[colour_validator]
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#b8860b",
        validators=[colour_validator],
    )
    text_colour = models.CharField(
        _("text colour"), max_length=7, default="#1f1f1f", validators=[colour_validator]
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("issuer_name"),
                FieldPanel("issuer_lines"),
                FieldPanel("issue_place"),
            ],
            heading=_("Issuer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("signer_title"),
                FieldPanel("signer_name"),
                FieldRowPanel(
                    [FieldPanel("signature_image"), FieldPanel("seal_image")]
                ),
            ],
            heading=_("Signer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("title_text"),
                FieldPanel("intro_text"),
                FieldPanel("completion_text"),
            ],
            heading=_("Wording"),
        ),
        FieldRowPanel(
            [
                FieldPanel("primary_colour"),
                FieldPanel("accent_colour"),
                FieldPanel("text_colour"),
            ],
            heading=_("Colours"),
        ),
    ]

    class Meta:
        verbose_name = _("certificate settings")
