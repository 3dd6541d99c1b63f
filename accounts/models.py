from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with an e-mail address (there is no username)."""

    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("view_all_reports", _("Can see plan reports for every unit")),
            ("view_unit_reports", _("Can see plan reports for their own unit")),
            ("manage_learners", _("Can enrol and import learners")),
        ]

    def __str__(self) -> str:
        profile = getattr(self, "profile", None)
        if profile is not None and profile.full_name:
            return f"{profile.full_name} <{self.email}>"
        return self.email


phone_validator = RegexValidator(
    r"^\+?[0-9 .\-]{8,20}$",
    _("Enter a phone number of 8 to 20 digits, spaces or dashes."),
)


class LearnerProfile(models.Model):
    """What the plan's reports and a certificate need to know about a learner.

    ``full_name`` is printed on certificates exactly as typed (diacritics kept).
    A profile is complete when the required fields are filled; enrolment asks for
    a complete profile first.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    audience_group = models.ForeignKey(
        "directory.AudienceGroup",
        verbose_name=_("audience group"),
        null=True,
        on_delete=models.PROTECT,
        related_name="profiles",
    )
    organisation = models.CharField(_("organisation / employer"), max_length=255)
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("implementing unit"),
        null=True,
        on_delete=models.PROTECT,
        related_name="profiles",
    )
    commune = models.ForeignKey(
        "directory.Commune",
        verbose_name=_("commune / ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profiles",
    )
    position = models.CharField(_("position"), max_length=150)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[phone_validator]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    REQUIRED_FIELDS = (
        "full_name",
        "audience_group_id",
        "organisation",
        "unit_id",
        "position",
    )

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")
        indexes = [models.Index(fields=["unit", "audience_group"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_complete(self) -> bool:
        return all(getattr(self, name) for name in self.REQUIRED_FIELDS)


class UnitAssignment(models.Model):
    """An administrator's decision that ``user`` is the focal point of ``unit``.

    The reports' and imports' scope of a focal point comes from these rows (the
    unit and everything below it in the tree), never from the unit on the
    person's own profile, which they may edit.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="unit_assignments",
    )
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit assignment")
        verbose_name_plural = _("unit assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"], name="accounts_unitassignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.unit}"
