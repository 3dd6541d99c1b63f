"""factory_boy factories for the shared models (users, profiles, directory)."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import LearnerProfile, UnitAssignment, User
from accounts.roles import Role, roles_sync
from directory.models import AudienceGroup, Commune, Unit

PASSWORD = "correct horse battery staple"


class AudienceGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AudienceGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Nhóm đối tượng {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"commune-{n}")
    name = factory.Sequence(lambda n: f"Xã {n}")
    kind = "Xã"
    former_district = "Huyện Châu Thành"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified e-mail; ``role=`` puts them in that role's group.

    ``profile=False`` leaves the learner profile out (to test the profile gate).
    ``units=[…]`` assigns a focal point to those units; a focal point given
    none is assigned the unit of their profile (as the data migration did).
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"nguoi.dung{n}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(
                user=obj, email=obj.email, verified=True, primary=True
            )

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create and extracted:
            roles_sync()
            obj.groups.add(Group.objects.get(name=Role(extracted).value))

    @factory.post_generation
    def profile(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            LearnerProfileFactory(
                user=obj, **(extracted if isinstance(extracted, dict) else {})
            )

    @factory.post_generation
    def units(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            if not obj.groups.filter(name=Role.UNIT_FOCAL_POINT.value).exists():
                return
            profile = LearnerProfile.objects.filter(user=obj).first()
            extracted = [profile.unit] if profile and profile.unit else []
        for unit in extracted:
            UnitAssignment.objects.get_or_create(user=obj, unit=unit)


class LearnerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerProfile

    user = factory.SubFactory(UserFactory, profile=False)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Học {n}")
    audience_group = factory.SubFactory(AudienceGroupFactory)
    organisation = "Sở Khoa học và Công nghệ"
    unit = factory.SubFactory(UnitFactory)
    commune = factory.SubFactory(CommuneFactory)
    position = "Chuyên viên"
